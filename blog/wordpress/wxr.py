"""A WordPress export (WXR 1.0 to 1.2, as Tools → Export writes it) read into plain records.

The parser never fetches anything, never expands entities and refuses any document type
declaration: a WordPress export has none, and a DTD is how XML carries external entities
(XXE) and entity bombs ("billion laughs").
"""

import dataclasses
import datetime
import html
import re
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

from lxml import etree

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
EXCERPT_NS_PREFIX = "http://wordpress.org/export/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# A DOCTYPE can only come before the root element: this much is enough to find it.
PROLOGUE_BYTES = 64 * 1024


class WXRError(Exception):
    """The file is not a WordPress export that can be imported safely."""


@dataclasses.dataclass
class Author:
    login: str
    display_name: str


@dataclasses.dataclass
class Term:
    kind: str  # "category" or "post_tag"
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclasses.dataclass
class Item:
    """A post, page or attachment (any wp:post_type)."""

    wp_id: int
    post_type: str
    title: str
    link: str
    guid: str
    slug: str
    status: str
    creator: str
    content: str
    excerpt: str
    published: datetime.datetime | None
    published_gmt: datetime.datetime | None
    modified_gmt: datetime.datetime | None
    parent_id: int
    menu_order: int
    password: str
    attachment_url: str
    categories: list = dataclasses.field(default_factory=list)  # [(slug, name)]
    tags: list = dataclasses.field(default_factory=list)  # [(slug, name)]
    meta: dict = dataclasses.field(default_factory=dict)
    comment_count: int = 0


@dataclasses.dataclass
class Export:
    title: str
    base_site_url: str
    base_blog_url: str
    wxr_version: str
    authors: dict  # login → Author
    terms: list
    items: list

    @property
    def site_host(self):
        return urlsplit(self.base_blog_url or self.base_site_url).netloc.lower()

    def of_type(self, post_type):
        return [item for item in self.items if item.post_type == post_type]


def _refuse_dtd(head):
    # Comments may hide the word; a DOCTYPE anywhere in the prologue is refused anyway.
    if re.search(rb"<!DOCTYPE|<!ENTITY", head, re.IGNORECASE):
        raise WXRError(
            _(
                "The file declares a document type (<!DOCTYPE> or <!ENTITY>). WordPress "
                "exports never do, and such declarations are how XML files attack the "
                "programs that read them: nothing was imported."
            )
        )


def safe_parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
        strip_cdata=True,
    )


def parse_file(path):
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as error:
        raise WXRError(_("The file could not be read: %(reason)s") % {"reason": error}) from None
    return parse_bytes(data)


def parse_bytes(data):
    _refuse_dtd(data[:PROLOGUE_BYTES])
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise WXRError(
            _("The file is not well-formed XML (line %(line)s: %(reason)s): nothing was imported.")
            % {"line": error.lineno, "reason": error.msg}
        ) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        _refuse_dtd(b"<!DOCTYPE")
    return read_export(root)


def read_export(root):
    wp = next(
        (uri for uri in (root.nsmap or {}).values() if uri and WXR_NAMESPACE.match(uri)), None
    )
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or wp is None:
        raise WXRError(
            _(
                "This is not a WordPress export: it should be an RSS file with the "
                "WordPress export namespace (WXR 1.0–1.2), as Tools → Export in WordPress "
                "writes it. Nothing was imported."
            )
        )
    w = f"{{{wp}}}"
    version = text(channel, f"{w}wxr_version")
    if not version:
        raise WXRError(_("This WordPress export has no wp:wxr_version: nothing was imported."))
    authors = {}
    for element in channel.findall(f"{w}author"):
        login = text(element, f"{w}author_login")
        if login:
            authors[login] = Author(
                login=login, display_name=plain(element, f"{w}author_display_name") or login
            )
    terms = []
    for element in channel.findall(f"{w}category"):
        terms.append(
            Term(
                kind="category",
                slug=unquote(text(element, f"{w}category_nicename")),
                name=plain(element, f"{w}cat_name"),
                parent_slug=unquote(text(element, f"{w}category_parent")),
                description=text(element, f"{w}category_description"),
            )
        )
    for element in channel.findall(f"{w}tag"):
        terms.append(
            Term(
                kind="post_tag",
                slug=unquote(text(element, f"{w}tag_slug")),
                name=plain(element, f"{w}tag_name"),
            )
        )
    excerpt_ns = next(
        (
            uri
            for uri in (root.nsmap or {}).values()
            if uri and uri.startswith(EXCERPT_NS_PREFIX) and "excerpt" in uri
        ),
        "http://wordpress.org/export/1.2/excerpt/",
    )
    items = [read_item(element, w, excerpt_ns) for element in channel.findall("item")]
    return Export(
        title=text(channel, "title"),
        base_site_url=text(channel, f"{w}base_site_url"),
        base_blog_url=text(channel, f"{w}base_blog_url"),
        wxr_version=version,
        authors=authors,
        terms=terms,
        items=[item for item in items if item is not None],
    )


def read_item(element, w, excerpt_ns):
    try:
        wp_id = int(text(element, f"{w}post_id"))
    except ValueError:
        return None
    categories, tags = [], []
    for term in element.findall("category"):
        slug = unquote(term.get("nicename") or "")
        name = html.unescape((term.text or "").strip())
        if term.get("domain") == "category":
            categories.append((slug, name))
        elif term.get("domain") == "post_tag":
            tags.append((slug, name))
    meta = {}
    for entry in element.findall(f"{w}postmeta"):
        key = text(entry, f"{w}meta_key")
        if key:
            meta[key] = text(entry, f"{w}meta_value")
    return Item(
        wp_id=wp_id,
        post_type=text(element, f"{w}post_type") or "post",
        title=plain(element, "title"),
        link=text(element, "link"),
        guid=text(element, "guid"),
        slug=unquote(text(element, f"{w}post_name")),
        status=text(element, f"{w}status") or "publish",
        creator=text(element, f"{{{DC_NS}}}creator"),
        content=text(element, f"{{{CONTENT_NS}}}encoded", strip=False),
        excerpt=text(element, f"{{{excerpt_ns}}}encoded"),
        published=wp_datetime(text(element, f"{w}post_date")),
        published_gmt=wp_datetime(text(element, f"{w}post_date_gmt"), utc=True),
        modified_gmt=wp_datetime(text(element, f"{w}post_modified_gmt"), utc=True),
        parent_id=int_or_zero(text(element, f"{w}post_parent")),
        menu_order=int_or_zero(text(element, f"{w}menu_order")),
        password=text(element, f"{w}post_password"),
        attachment_url=text(element, f"{w}attachment_url"),
        categories=categories,
        tags=tags,
        meta=meta,
        comment_count=len(element.findall(f"{w}comment")),
    )


def text(element, path, strip=True):
    found = element.find(path)
    if found is None or found.text is None:
        return ""
    # Only text: an element inside (never in a real export) is ignored, not executed.
    value = "".join(found.itertext())
    return value.strip() if strip else value


def plain(element, path):
    """A name or title: WordPress stores some with HTML entities (&amp;, &#8217;) in them."""
    return html.unescape(text(element, path))


def int_or_zero(value):
    try:
        return int(value)
    except ValueError:
        return 0


def wp_datetime(value, utc=False):
    """WordPress writes "2019-05-03 14:02:11"; drafts have "0000-00-00 00:00:00"."""
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC) if utc else moment
