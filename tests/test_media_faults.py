"""S3 stops mid-way and comes back: what visitors, editors and the load balancer see.

The storage here is a SeaweedFS of this module's own, stopped and restarted by the test;
the suite's shared one is never disturbed.
"""

from django.conf import settings
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from portal.uploads import STORAGE_DOWN
from tests.support import media_files
from tests.support.admin_uploads import fetch, page_text, upload_document, upload_image
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    make_member,
    make_site_home,
)
from tests.support.seaweedfs import SeaweedFS

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


@pytest.fixture(scope="module")
def own_s3(tmp_path_factory, media_on_s3):
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs-faults")).start()
    with override_settings(STORAGES={**settings.STORAGES, "default": server.storage_settings()}):
        yield server
    server.stop()


def test_with_s3_down_pages_render_uploads_refuse_and_health_fails_then_all_recovers(
    client, own_s3
):
    blog = BlogIndexPageFactory(parent=make_site_home())
    client.force_login(make_member("Moderators"))
    assert upload_image(client, "stroud.jpg", media_files.photo_with_location()).status_code == 302
    image = Image.objects.get()
    post = BlogPageFactory(parent=blog, featured_image=image, featured_image_alt="Stroud")
    post.save_revision().publish()  # the worker makes its sizes (tasks run at once here)
    post_image_url = image.renditions.get(filter_spec="fill-960x540|format-jpeg").url
    card_url = image.renditions.get(filter_spec="fill-640x360|format-jpeg").url

    own_s3.stop()

    # Visitors: the post and the news index link their stored renditions as before; no
    # page waits on the bucket.
    for path, picture_url in ((post.url, post_image_url), (blog.url, card_url)):
        response = client.get(path)
        assert response.status_code == 200
        assert picture_url in page_text(response)

    # Editors: a clear message, nothing half-made.
    for response in (
        upload_image(client, "second.jpg", media_files.photo_with_location(), title="Second"),
        upload_document(client, "minutes.pdf", media_files.PDF),
    ):
        assert response.status_code == 200
        assert response.context["form"].errors == {"file": [STORAGE_DOWN]}
        assert str(STORAGE_DOWN) in page_text(response)
    assert Image.objects.count() == 1
    assert not Document.objects.exists()

    # The load balancer.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failing"

    own_s3.start()  # same ports and data: the portal is not restarted
    own_s3.wait_until_serving(
        image.renditions.get(filter_spec="fill-640x360|format-jpeg").file.name
    )

    assert client.get("/healthz").status_code == 200
    assert card_url in page_text(client.get(blog.url))
    assert fetch(card_url)[0] == 200
    assert fetch(post_image_url)[0] == 200
    assert upload_image(client, "second.jpg", media_files.photo_with_location()).status_code == 302
    assert upload_document(client, "minutes.pdf", media_files.PDF).status_code == 302
    assert Image.objects.count() == 2
    assert Document.objects.count() == 1
