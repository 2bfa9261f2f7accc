from django.shortcuts import redirect

from wagtail import hooks

from .page_cache import for_this_visitor_only
from .storage import signed_url, uses_s3


@hooks.register("before_serve_document", order=100)
def serve_document_from_signed_url(document, request):
    """On S3, a document is downloaded from a URL signed for MEDIA_SIGNED_URL_LIFETIME.

    The objects under documents/ are not public (portal/storage.py), so the privacy of a
    collection is checked at every download, here and in Wagtail's own hook, and the bytes
    never pass through Django.
    """
    if not uses_s3(document.file.storage):
        return None  # local media: Wagtail serves the file itself
    for restriction in document.collection.get_view_restrictions():
        if not restriction.accept_request(request):
            return None  # Wagtail's own hook answers: login or password form
    response = redirect(signed_url(document.file.name, document.file.storage))
    # The signed address is for this visitor alone: no shared cache may keep it.
    return for_this_visitor_only(response)
