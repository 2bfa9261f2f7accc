"""One stored vector per index entry, title and body together, with its own GIN index.

Wagtail keeps a page's title and body in two vectors and matches a query against the two
joined (`title || body`), which no index can answer: every search read and joined every
entry (a two-word search took 150 ms with 10,000 pages). A generated column holds the
joined vector, with the weights Wagtail gave each field, so the search's match is one GIN
index scan (search/backend.py). PostgreSQL keeps it up to date on every write Wagtail
makes; other databases have no such column and need none.
"""

from django.db import migrations

ADD = [
    "ALTER TABLE wagtailsearch_indexentry ADD COLUMN IF NOT EXISTS document tsvector "
    "GENERATED ALWAYS AS (title || body) STORED",
    "CREATE INDEX IF NOT EXISTS search_indexentry_document ON wagtailsearch_indexentry "
    "USING gin (document)",
]
REMOVE = [
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
