"""Two app servers, one site: what a load balancer in front of them must be able to do.

Two production gunicorns (gunicorn.conf.py, production settings, same SECRET_KEY) on
different ports share one PostgreSQL, one S3 (SeaweedFS) and one Redis, with the one
worker beside them, as the README's "More than one app server" says. A visitor or an
editor may reach either on any request (no sticky sessions): what one changes, the other
shows at once.
"""

import subprocess
import sys

from django.conf import settings

from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import lxml.html
import pytest
import requests
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.models import OrganisationSettings
from tests.support import media_files
from tests.support.appserver import (
    AppServer,
    Editor,
    Visitor,
    Worker,
    postgres_url,
    production_environment,
    set_production_password,
    stop_all,
    suite_database_name,
    wait_until_the_worker_is_idle,
)
from tests.support.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    FooterTextFactory,
    StandardPageFactory,
    make_member,
    make_site_home,
    page_form_data,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MODERATOR_PASSWORD = "a moderator's long password"  # noqa: S105
PUBLISH_NEW_FOOTER = """
from home.models import FooterText
footer = FooterText.objects.get()
footer.body = "<p>Printed and promoted by the network.</p>"
footer.save_revision().publish()
"""


@pytest.fixture
def site(tmp_path, media_on_s3, production_static_root):
    """The data both servers see, committed to the suite's database; then the servers."""
    home = make_site_home()
    # A site's settings row is made on its first page view, which would move the page
    # cache's version on between the visitor's two reads.
    OrganisationSettings.for_site(home.get_site())
    about = StandardPageFactory(parent=home, title="About us", slug="about", intro="Before.")
    FooterTextFactory(body="<p>Published by volunteers.</p>", live=True)
    contact = ContactPageFactory(parent=home, to_address="contact@example.org")
    for label, kind in [
        ("Your name", "singleline"),
        ("Your email address", "email"),
        ("Your message", "multiline"),
        ("I agree that the network may keep my message", "checkbox"),
    ]:
        ContactFormFieldFactory(page=contact, label=label, field_type=kind)
    moderator = set_production_password(make_member("Moderators"), MODERATOR_PASSWORD)
    # Moderators sign in with a code from an authenticator app (on in production).
    device = TOTPDevice.objects.create(user=moderator, name="Authenticator app", confirmed=True)

    environment = production_environment(
        database_url=postgres_url(suite_database_name()),
        s3_server=media_on_s3,
        static_root=production_static_root,
    )
    servers = [
        AppServer(env=environment, log_path=tmp_path / "server-a.log"),
        AppServer(env=environment, log_path=tmp_path / "server-b.log"),
        Worker(env=environment, log_path=tmp_path / "worker.log"),
    ]
    try:
        for server in servers:
            server.start()
        wait_until_the_worker_is_idle()
        yield {
            "a": servers[0],
            "b": servers[1],
            "about": about,
            "device": device,
            "environment": environment,
        }
    finally:
        exit_codes = stop_all(servers)
    assert exit_codes == [0, 0, 0], [server.log() for server in servers]


def page_cache_hit(response):
    """True/False where the page cache answers (X-Page-Cache), None where there is none."""
    header = response.headers.get("X-Page-Cache")
    return None if header is None else header == "hit"


def signed_in_editor(server, device):
    editor = Editor(server)
    response = editor.sign_in("moderators", MODERATOR_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/two-factor/verify/")
    verified = editor.verify(device.key, response.headers["Location"])
    assert verified.status_code == 302, verified.text[:2000]
    assert editor.get("/admin/").status_code == 200
    return editor


def form_fields_filled_in(page_html):
    """What a visitor types into the page's form; its hidden fields as the page gave them."""
    document = lxml.html.fromstring(page_html)
    form = next(form for form in document.forms if form.method.lower() == "post")
    values = dict(form.form_values())
    for field in form.inputs:
        if field.name is None or getattr(field, "type", "") in ("hidden", "submit"):
            continue
        if field.name == "website":  # the honeypot, which people never see
            values[field.name] = ""
        elif getattr(field, "type", "") == "checkbox":
            values[field.name] = "on"
        elif getattr(field, "type", "") == "email":
            values[field.name] = "sam@example.net"
        else:
            values[field.name] = "Sam Example"
    return form.action or "", values


def test_two_app_servers_serve_one_site(site):
    a, b, about = site["a"], site["b"], site["about"]

    # A visitor sent to B reads the page, twice: the second from the page cache if any.
    reader = Visitor(b)
    first = reader.get("/about/")
    assert first.status_code == 200
    assert "Before." in first.text
    again = reader.get("/about/")
    assert page_cache_hit(again) in (None, True)

    # An editor signs in on A; the load balancer then sends them to B: still signed in.
    editor = signed_in_editor(a, site["device"])
    assert editor.via(b).get("/admin/").status_code == 200
    edit_path = f"/admin/pages/{about.pk}/edit/"
    edit_page = editor.get(edit_path)
    assert edit_page.status_code == 200

    # The form B showed is published through A, with the CSRF token B put in it.
    token = lxml.html.fromstring(edit_page.text).xpath(
        "//input[@name='csrfmiddlewaretoken']/@value"
    )[0]
    published = editor.via(a).post(
        edit_path,
        {
            "csrfmiddlewaretoken": token,
            **page_form_data(title="About us", slug="about", intro="After."),
            "action-publish": "action-publish",
        },
    )
    assert published.status_code == 302, published.text[:3000]

    # At once, on B, for the visitor who had it (cached, if a page cache is on).
    fresh = reader.get("/about/")
    assert fresh.status_code == 200
    assert "After." in fresh.text
    assert "Before." not in fresh.text
    assert page_cache_hit(fresh) in (None, False)

    # The footer, which each server keeps in its own memory between changes, changed by a
    # third process (a command on the server, like the worker): both show it at once.
    for server in (a, b):
        assert "Published by volunteers." in Visitor(server).get("/about/").text
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", PUBLISH_NEW_FOOTER],
        env=site["environment"],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )
    for server in (a, b):
        footer = lxml.html.fromstring(Visitor(server).get("/about/").text).xpath("//footer")[0]
        assert "Printed and promoted by the network." in footer.text_content()
        assert "Published by volunteers." not in footer.text_content()

    # A document and an image uploaded through A are served by B.
    for kind, name, content, content_type in [
        ("documents", "minutes.pdf", media_files.PDF, "application/pdf"),
        ("images", "meeting.png", media_files.png_image(), "image/png"),
    ]:
        uploaded = editor.via(a).submit_admin_form(
            f"/admin/{kind}/add/",
            {"title": name, "collection": str(Collection.get_first_root_node().pk)},
            files={"file": (name, content, content_type)},
        )
        assert uploaded.status_code == 302, uploaded.text[:3000]
    document = get_document_model().objects.get()
    download = Visitor(b).get(document.url)
    assert download.status_code == 302
    assert requests.get(download.headers["Location"], timeout=10).content == media_files.PDF
    image = get_image_model().objects.get()
    image_page = editor.via(b).get(f"/admin/images/{image.pk}/")
    assert image_page.status_code == 200
    preview = lxml.html.fromstring(image_page.text).xpath("//img[contains(@src, '/images/')]/@src")
    assert preview, image_page.text[:3000]
    assert requests.get(preview[0], timeout=10).content.startswith(b"\x89PNG")

    # A visitor given the contact form by A sends it to B (CSRF by origin, no cookie).
    visitor = Visitor(a, address="198.51.100.23")
    contact = visitor.get("/contact/")
    assert contact.status_code == 200
    action, values = form_fields_filled_in(contact.text)
    sent = visitor.via(b).post(action or "/contact/", values)
    assert sent.status_code == 200, sent.text[:3000]
    assert "Thank you" in sent.text
    assert FormSubmission.objects.count() == 1
