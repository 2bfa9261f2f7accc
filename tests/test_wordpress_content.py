"""WordPress post HTML to the portal's StreamField blocks: pure conversion, no database."""

import pytest

from blog.wordpress.content import convert, video_url, wpautop
from blog.wordpress.wxr import WXRError, parse_bytes
from tests.support.wordpress_wxr import Item, wxr

OLD = "https://oldsite.example.org"


def images(wp_id, url):
    """Attachment 45 is image 7; any upload named photo.jpg is image 8."""
    if wp_id == 45:
        return (7, "What the library says")
    if url and url.endswith("/2019/05/photo.jpg"):
        return (8, "")
    return None


def documents(wp_id, url):
    return 3 if (wp_id == 50 or (url or "").endswith("/minutes.pdf")) else None


def blocks(content, **context):
    context = {
        "resolve_image": images,
        "resolve_document": documents,
        "old_hosts": ["oldsite.example.org"],
        **context,
    }
    return convert(content, **context)


def types(result):
    return [block["type"] for block in result.blocks]


# ------------------------------------------------------------------ classic editor text


def test_blank_lines_make_paragraphs_and_single_breaks_stay_breaks():
    result = blocks("First line\nsame paragraph.\n\nSecond paragraph.")
    assert result.blocks == [
        {
            "type": "paragraph",
            "value": "<p>First line<br/>\nsame paragraph.</p><p>Second paragraph.</p>",
        }
    ]


def test_wpautop_leaves_block_elements_alone():
    assert wpautop("<h2>Title</h2>\nText") == "<h2>Title</h2>\n<p>Text</p>"


def test_entities_curly_quotes_emoji_and_non_latin_text_survive():
    result = blocks(
        "Fish &amp; chips &#8220;now&#8221; &rsquo;n&nbsp;more — 💪🌹 Ελληνικά русский 中文"
    )
    html = result.blocks[0]["value"]
    assert "Fish &amp; chips “now” ’n" in html
    assert "— 💪🌹 Ελληνικά русский 中文" in html


def test_null_bytes_are_removed():
    assert blocks("Before\x00after").blocks[0]["value"] == "<p>Beforeafter</p>"


def test_headings_fit_the_two_levels_the_portal_has():
    result = blocks("<h1>Main</h1><h2>Section</h2><h4>Detail</h4><h6>Fine print</h6>")
    assert [(b["value"]["heading_text"], b["value"]["size"]) for b in result.blocks] == [
        ("Main", "h2"),
        ("Section", "h2"),
        ("Detail", "h3"),
        ("Fine print", "h3"),
    ]


def test_lists_bold_italic_and_links_are_rich_text():
    result = blocks(
        "<ul><li><strong>Bold</strong> and <em>italic</em></li></ul>\n\n"
        '<p>See <a href="https://example.net/x" target="_blank" rel="nofollow">this</a>.</p>'
    )
    assert types(result) == ["paragraph"]
    assert result.blocks[0]["value"] == (
        "<ul><li><b>Bold</b> and <i>italic</i></li></ul>"
        '<p>See <a href="https://example.net/x">this</a>.</p>'
    )


def test_links_to_the_old_site_become_addresses_on_this_one():
    result = blocks(f'<a href="{OLD}/2019/05/03/meeting/?ref=1#minutes">last meeting</a>')
    assert (
        '<a href="/2019/05/03/meeting/?ref=1#minutes">last meeting</a>' in result.blocks[0]["value"]
    )


def test_links_to_uploaded_documents_become_document_links():
    result = blocks(
        f'<p>Read the <a href="{OLD}/wp-content/uploads/2019/05/minutes.pdf">minutes</a></p>'
    )
    assert result.blocks[0]["value"] == '<p>Read the <a linktype="document" id="3">minutes</a></p>'


def test_block_quotes_become_quote_blocks_with_their_speaker():
    result = blocks("<blockquote><p>First.</p><p>Second.</p><cite>A member</cite></blockquote>")
    assert result.blocks == [
        {
            "type": "quote",
            "value": {"text": "First.\n\nSecond.", "speaker": "A member", "speaker_role": ""},
        }
    ]


def test_tables_become_paragraphs_and_say_so():
    result = blocks(
        "<table><tr><th>Day</th><th>Place</th></tr><tr><td>Sat</td><td>Library</td></tr></table>"
    )
    assert result.blocks[0]["value"] == "<p>Day — Place</p><p>Sat — Library</p>"
    assert result.notes["table turned into paragraphs"] == 1


# ------------------------------------------------------------------ images


def test_caption_shortcode_becomes_a_figure_with_caption_and_alt_text():
    result = blocks(
        '[caption id="attachment_45" align="aligncenter" width="300"]'
        f'<a href="{OLD}/photo/"><img class="size-medium wp-image-45" '
        f'src="{OLD}/wp-content/uploads/2019/05/stall-300x200.jpg" '
        'alt="Members at the stall" /></a>'
        " Our stall, “Saturday”[/caption]"
    )
    assert result.blocks == [
        {
            "type": "image",
            "value": {
                "image": {"image": 7, "decorative": False, "alt_text": "Members at the stall"},
                "caption": "Our stall, “Saturday”",
                "credit": "",
            },
        }
    ]


def test_an_image_without_alt_text_takes_the_attachments_own():
    result = blocks('<img class="wp-image-45" src="x.jpg">')
    assert result.blocks[0]["value"]["image"]["alt_text"] == "What the library says"


def test_a_resized_copy_is_found_by_the_original_files_address():
    result = blocks(
        f'<p><img src="{OLD}/wp-content/uploads/2019/05/photo-1024x768.jpg" alt="A"></p>'
    )
    assert result.blocks[0]["value"]["image"]["image"] == 8


def test_an_image_inside_a_paragraph_comes_out_before_the_text():
    result = blocks(
        f'<p><img src="{OLD}/wp-content/uploads/2019/05/photo.jpg" alt="A">Text after.</p>'
    )
    assert types(result) == ["image", "paragraph"]
    assert result.blocks[1]["value"] == "<p>Text after.</p>"


def test_an_image_that_was_not_imported_is_reported_and_its_caption_kept():
    result = blocks(
        '[caption id="attachment_99"]<img src="https://elsewhere.example/p.jpg" />'
        " Caption[/caption]"
    )
    assert types(result) == ["paragraph"]
    assert result.blocks[0]["value"] == "<p>Caption</p>"
    assert result.missing_media == ["https://elsewhere.example/p.jpg"]


def test_gallery_shortcode_gives_one_figure_per_image():
    result = blocks('[gallery ids="45,46"]')
    assert types(result) == ["image"]
    assert result.missing_media == ["attachment 46"]


# ------------------------------------------------------------------ video


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://player.vimeo.com/video/76979871?h=abc", "https://vimeo.com/76979871"),
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
        (
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fnet%2Fvideos%2F123%2F",
            "https://www.facebook.com/net/videos/123/",
        ),
        ("https://evil.example.com/embed/dQw4w9WgXcQ", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_video_addresses_are_recognised_from_pages_and_players(address, canonical):
    assert video_url(address) == canonical


def test_video_on_its_own_line_embed_shortcode_and_youtube_iframe_become_video_blocks():
    result = blocks(
        "Intro.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        "[embed]https://vimeo.com/76979871[/embed]\n\n"
        '<p><iframe src="https://www.youtube.com/embed/M7lc1UVf-VE" width="560"></iframe></p>\n\n'
        "[youtube https://youtu.be/dQw4w9WgXcQ]"
    )
    assert types(result) == ["paragraph", "video", "video", "video", "video"]
    assert [block["value"] for block in result.blocks[1:]] == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ]


def test_a_link_to_a_page_that_is_not_a_video_stays_a_paragraph():
    result = blocks("https://example.net/not-a-video")
    assert types(result) == ["paragraph"]


# ------------------------------------------------------------------ Gutenberg


GUTENBERG = """<!-- wp:paragraph {"className":"intro"} -->
<p class="intro">Opening.</p>
<!-- /wp:paragraph -->

<!-- wp:image {"id":45,"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="https://oldsite.example.org/wp-content/uploads/2019/05/stall-1024x768.jpg" alt="" /><figcaption class="wp-element-caption">At the stall</figcaption></figure>
<!-- /wp:image -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Next steps</h3>
<!-- /wp:heading -->

<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://youtu.be/dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>Organise!</p><cite>Everyone</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:buttons -->
<div class="wp-block-buttons"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://join.example.org/">Join us</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:file {"id":50,"href":"https://oldsite.example.org/wp-content/uploads/2019/05/minutes.pdf"} -->
<div class="wp-block-file"><a href="https://oldsite.example.org/wp-content/uploads/2019/05/minutes.pdf">Minutes of May</a></div>
<!-- /wp:file -->

<!-- wp:separator -->
<hr class="wp-block-separator"/>
<!-- /wp:separator -->

<!-- wp:list -->
<ul><!-- wp:list-item --><li>One</li><!-- /wp:list-item --></ul>
<!-- /wp:list -->
"""  # noqa: E501 (markup as WordPress writes it, one block a line)


def test_gutenberg_blocks_become_the_matching_streamfield_blocks():
    result = blocks(GUTENBERG)
    assert result.blocks == [
        {"type": "paragraph", "value": "<p>Opening.</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": 7, "decorative": False, "alt_text": "What the library says"},
                "caption": "At the stall",
                "credit": "",
            },
        },
        {"type": "heading", "value": {"heading_text": "Next steps", "size": "h3"}},
        {"type": "video", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {
            "type": "quote",
            "value": {"text": "Organise!", "speaker": "Everyone", "speaker_role": ""},
        },
        {
            "type": "call_to_action",
            "value": {"label": "Join us", "page": None, "url": "https://join.example.org/"},
        },
        {"type": "document", "value": {"document": 3, "title": "Minutes of May"}},
        {"type": "paragraph", "value": "<ul><li>One</li></ul>"},
    ]
    assert not result.dropped
    assert not result.shortcodes
    assert not result.missing_media


# ------------------------------------------------------------------ unsafe markup and shortcodes


def test_scripts_event_handlers_and_unknown_iframes_are_dropped_and_reported():
    result = blocks(
        "<script>steal(document.cookie)</script>"
        '<p onclick="steal()" onmouseover="x()">Click <a href="javascript:alert(1)">here</a>'
        '<img src="x" onerror="steal()"></p>'
        '<iframe src="https://tracker.example.com/pixel"></iframe>'
        "<style>body{display:none}</style><form action='https://phish.example'><input></form>"
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
    )
    html = "".join(str(block["value"]) for block in result.blocks)
    for trace in ("steal", "alert", "tracker", "display:none", "phish", "javascript", "data:"):
        assert trace not in html
    assert "Click here" in html
    assert result.dropped == {
        "<script>": 1,
        "onclick attribute": 1,
        "onmouseover attribute": 1,
        "onerror attribute": 1,
        "javascript: address": 1,
        "<iframe> from tracker.example.com": 1,
        "<style>": 1,
        "<form>": 1,
        "data: address": 1,
    }


def test_forged_internal_link_attributes_are_not_kept():
    result = blocks('<p><a linktype="page" id="1" href="https://example.net/">x</a></p>')
    assert result.blocks[0]["value"] == '<p><a href="https://example.net/">x</a></p>'


def test_unknown_shortcodes_stay_as_text_and_are_counted_but_escaped_ones_are_not():
    result = blocks('[contact-form-7 id="12" title="Contact"]\n\n[[not-a-shortcode]] and [sic]')
    assert '[contact-form-7 id="12" title="Contact"]' in result.blocks[0]["value"]
    assert dict(result.shortcodes) == {"contact-form-7": 1, "sic": 1}


def test_empty_content_gives_no_blocks():
    assert blocks("").blocks == []
    assert blocks("<p>&nbsp;</p>\n\n<p> </p>").blocks == []


# ------------------------------------------------------------------ the export itself


def test_the_export_is_read_with_cdata_entities_and_terms():
    export = parse_bytes(
        wxr(
            [
                Item(
                    wp_id=7,
                    title="Fish &amp; chips ]]> “quoted”",
                    slug="fish-%e2%80%93-chips",
                    content="<p>Body with ]]> inside</p>",
                    categories=(("campaigns", "Campaigns"),),
                    tags=(("newham", "Newham"),),
                    meta={"_thumbnail_id": 45},
                    comments=2,
                )
            ]
        )
    )
    (item,) = export.items
    assert item.title == "Fish & chips ]]> “quoted”"  # as WordPress shows it
    assert item.content == "<p>Body with ]]> inside</p>"
    assert item.slug == "fish-–-chips"
    assert item.categories == [("campaigns", "Campaigns")]
    assert item.tags == [("newham", "Newham")]
    assert item.meta == {"_thumbnail_id": "45"}
    assert item.comment_count == 2
    assert export.authors["jo"].display_name == "Jo Bloggs"
    assert export.site_host == "oldsite.example.org"


def test_an_external_entity_is_refused_before_anything_is_read():
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    )
    with pytest.raises(WXRError, match="declares a document type"):
        parse_bytes(hostile)
