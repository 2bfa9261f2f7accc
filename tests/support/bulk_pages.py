"""Thousands of published pages in seconds, for tests that measure a listing at scale.

Creating pages one by one through Wagtail takes minutes; here the tree paths are laid out
directly (treebeard's own path scheme) and the rows inserted in bulk, as rows Wagtail
itself would write.
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

PUBLISHED_AT = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def bulk_add_children(parent, pages):
    """Insert unsaved specific `pages` (title and slug set, plus their own fields) as live
    children of `parent`. Returns the pages, saved."""
    parent.refresh_from_db()
    for offset, page in enumerate(pages, start=1):
        page.draft_title = page.draft_title or page.title
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.path = page._get_path(parent.path, parent.depth + 1, parent.numchild + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.content_type = ContentType.objects.get_for_model(page)
        page.locale_id = parent.locale_id
        # A translation comes with its source's key; anything else has a fresh default.
        page.translation_key = page.translation_key or uuid.uuid4()
        page.live = True
        page.first_published_at = page.last_published_at = PUBLISHED_AT
    base_rows = Page.objects.bulk_create(
        [
            Page(
                **{
                    field.attname: getattr(page, field.attname)
                    for field in Page._meta.concrete_fields
                    if field.attname != "id"
                }
            )
            for page in pages
        ]
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    # Raw saves skip Wagtail's indexing signal: index the pages as publishing would.
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(type(pages[0]), pages)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk change on a server: without fresh
        # statistics the planner takes thousands of rows for one and picks a nested loop.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Page._meta.db_table}, {type(pages[0])._meta.db_table}")
    return pages
