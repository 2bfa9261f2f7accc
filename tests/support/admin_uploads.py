"""Uploads through the real admin, and anonymous fetches as a browser would make them."""

import html
import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.models import Collection

from tests.support.factories import make_member


def fetch(url):
    """(status, body) of an anonymous GET, as a browser would make it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def page_text(response):
    return html.unescape(response.content.decode())


def upload_image(client, name, content, title="Meeting photo"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": ContentFile(content, name=name),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name, content, collection=None, title="Minutes"):
    collection = collection or Collection.get_first_root_node()
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": ContentFile(content, name=name), "collection": collection.pk},
    )


def logged_in(client, role):
    client.force_login(make_member(role))
    return client
