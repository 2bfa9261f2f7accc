"""A page that becomes private leaves the search index; one that becomes public again
returns to it. Publishing and unpublishing already reindex the page (Wagtail's own
signals, through the worker); a view restriction changes no page row, so it is seen here.

Each of these changes what a search finds at once (results are filtered to live, public
pages when asked), before the worker updates the index: the answers cached from the index
(search/index_version.py) are dropped at the same moment.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from django_tasks import task

from .index_version import index_changed


@task()
def reindex_pages_under(page_id):
    """Index again a page and its descendants, after their privacy changed."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific().iterator():
        index.insert_or_update_object(descendant)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    index_changed()
    reindex_pages_under.enqueue(instance.page_id)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_visibility_changed(sender, **kwargs):
    index_changed()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        index_changed()
