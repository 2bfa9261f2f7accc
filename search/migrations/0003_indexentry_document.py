"""One stored vector per index entry, title and body together, with its own GIN index.

Wagtail keeps a page's title and body in two vectors and matches a query against the two
joined (`title || body`), which no index can answer: every search read and joined every
entry (a two-word search read 5,800 buffers with 10,000 pages, now 860). A generated
column holds the joined vector, with the weights Wagtail gave each field, so the search's
match is one GIN index scan (search/backend.py). PostgreSQL keeps it up to date on every
write Wagtail makes; other databases have no such column and need none.

The search then reads the title and body vectors of every match to rank it, and the
joined vector where an index scan cannot answer alone (phrases, the directory's list).
An entry is wider than PostgreSQL's default 2 kB row target, so those vectors were moved
out of the row (TOAST) and each match cost extra page reads: a common word over 10,000
pages read 3,600 buffers, now 2,200. The vectors are kept in the row (MAIN storage, a
4 kB row target); the plain text, read by no search here, goes out first. The update
rewrites the entries already there.
"""

from django.db import migrations

ADD = [
    "ALTER TABLE wagtailsearch_indexentry ADD COLUMN IF NOT EXISTS document tsvector "
    "GENERATED ALWAYS AS (title || body) STORED",
    "CREATE INDEX IF NOT EXISTS search_indexentry_document ON wagtailsearch_indexentry "
    "USING gin (document)",
    "ALTER TABLE wagtailsearch_indexentry ALTER COLUMN title SET STORAGE MAIN, "
    "ALTER COLUMN body SET STORAGE MAIN, ALTER COLUMN document SET STORAGE MAIN, "
    "SET (toast_tuple_target = 4080)",
    "UPDATE wagtailsearch_indexentry SET body = body",
]
REMOVE = [
    "ALTER TABLE wagtailsearch_indexentry ALTER COLUMN title SET STORAGE EXTENDED, "
    "ALTER COLUMN body SET STORAGE EXTENDED, RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_indexentry_document",
    "ALTER TABLE wagtailsearch_indexentry DROP COLUMN IF EXISTS document",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_moderators_manage_promoted_results"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(on_postgresql(ADD), on_postgresql(REMOVE))]
