"""A page that becomes private leaves the search index; one that becomes public again
returns to it. Publishing and unpublishing already reindex the page (Wagtail's own
signals, through the worker); a view restriction changes no page row, so it is seen here.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from django_tasks import task


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
    reindex_pages_under.enqueue(instance.page_id)
