"""A WordPress post's HTML turned into the portal's StreamField blocks.

Pure: it reads the HTML and asks two callables about media (which Wagtail image or
document an attachment became), and returns the blocks in their stored (raw) form with
what it dropped, kept as text or could not find. Handles the three kinds of content a
WordPress site holds after years of use: classic-editor text (paragraphs made by
`wpautop` from blank lines), Gutenberg markup (HTML between `<!-- wp:… -->` comments) and
shortcodes ([caption], [embed], [gallery], …).
"""

import dataclasses
import html as html_lib
import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

import lxml.html
import nh3
from lxml import etree

RICH_TEXT_TAGS = {"p", "b", "i", "a", "br", "ul", "ol", "li"}
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with their content, and reported.
DANGEROUS_TAGS = {
    "script",
    "style",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "noscript",
    "svg",
    "math",
    "frame",
    "frameset",
    "template",
}
CONTAINER_TAGS = {"div", "section", "article", "aside", "header", "footer", "main", "center"}
INLINE_RENAMES = {"strong": "b", "em": "i"}
HEADING_MAX = 200
CAPTION_MAX = 300
BUTTON_LABEL_MAX = 80
URL_MAX = 2000  # longer addresses are kept as links in the text, not as buttons
URL_ONLY = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
SIZED_UPLOAD = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
GUTENBERG_COMMENT = re.compile(r"^\s*(/?)wp:([a-z0-9/-]+)\s*(\{.*\})?\s*/?\s*$", re.DOTALL)

WPAUTOP_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    "form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    "article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|"
    "iframe|script|object|embed"
)
WPAUTOP_BLOCK_OPEN = re.compile(rf"(<(?:{WPAUTOP_BLOCKS})[\s/>])", re.IGNORECASE)
WPAUTOP_BLOCK_CLOSE = re.compile(rf"(</(?:{WPAUTOP_BLOCKS})>)", re.IGNORECASE)
WPAUTOP_STARTS_BLOCK = re.compile(rf"^</?(?:{WPAUTOP_BLOCKS})[\s/>]", re.IGNORECASE)

SHORTCODE = re.compile(r"\[(\[?)(/?)([A-Za-z_][\w-]*)((?:[^\[\]]|\[[^\[\]]*\])*?)(/?)\](\]?)")
SHORTCODE_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Shortcodes turned into blocks; any other is kept as text and reported.
CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
EMBED = re.compile(r"\[embed([^\]]*)\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
VIDEO_SHORTCODE = re.compile(r"\[(youtube|vimeo)\s+([^\]]+?)\s*\]", re.IGNORECASE)
GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)

VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "www.youtube-nocookie.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
    "facebook.com": "facebook",
    "www.facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "fb.watch": "facebook",
}


class UnreadableContent(ValueError):
    """The HTML parser returned nothing for content that has text."""


@dataclasses.dataclass
class Conversion:
    blocks: list = dataclasses.field(default_factory=list)  # [{"type": …, "value": …}]
    dropped: Counter = dataclasses.field(default_factory=Counter)  # what unsafe went
    shortcodes: Counter = dataclasses.field(default_factory=Counter)  # kept as text
    missing_media: list = dataclasses.field(default_factory=list)  # addresses not found
    notes: Counter = dataclasses.field(default_factory=Counter)  # other changes

    @property
    def plain_text(self):
        """The text of the first paragraphs, for an introduction when there is no excerpt."""
        parts = []
        for block in self.blocks:
            if block["type"] == "paragraph":
                fragment = lxml.html.fromstring(f"<div>{block['value']}</div>")
                parts.append(" ".join(fragment.itertext()))
            if sum(len(part) for part in parts) > 600:
                break
        return " ".join(" ".join(parts).split())


def no_media(wp_id=None, url=None):
    return None


class Converter:
    """resolve_image(wp_id, url) → (image id, default alt text) or None;
    resolve_document(wp_id, url) → document id or None; old_hosts: the WordPress site's
    host names, whose absolute links become paths (the redirects then find the new page)."""

    def __init__(self, resolve_image=no_media, resolve_document=no_media, old_hosts=()):
        self.resolve_image = resolve_image
        self.resolve_document = resolve_document
        self.old_hosts = {host.lower() for host in old_hosts if host}

    def convert(self, content):
        result = Conversion()
        content = (content or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
        if not content.strip():
            return result
        content = self.expand_shortcodes(content, result)
        if "<!-- wp:" not in content:
            content = wpautop(content)
        root = parse_fragment(content)
        self.remove_unsafe(root, result)
        Segmenter(self, result).run(root)
        if not result.blocks and not result.dropped and not result.missing_media:
            visible = normalise_space(html_lib.unescape(re.sub(r"<[^>]*>", " ", content)))
            if visible:
                # libxml2 gives up on markup nested hundreds deep and returns nothing:
                # better to leave the post out, and say so, than to import it empty.
                raise UnreadableContent(visible[:60])
        return result

    # ---------------------------------------------------------------- shortcodes

    def expand_shortcodes(self, content, result):
        def caption(match):
            attributes = shortcode_attributes(match.group(2))
            inner = match.group(3)
            image_html = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", inner, re.I)
            caption_text = attributes.get("caption", "")
            if image_html:
                caption_text = caption_text or inner[image_html.end() :]
                image_html = image_html.group(0)
            else:
                image_html = ""
            attachment = re.sub(r"\D", "", attributes.get("id", ""))
            return (
                f'\n\n<figure data-wp-attachment="{attachment}">{image_html}'
                f"<figcaption>{caption_text}</figcaption></figure>\n\n"
            )

        def embed(match):
            return video_marker(html_lib.unescape(match.group(2)).strip())

        def video_shortcode(match):
            value = html_lib.unescape(match.group(2)).strip().strip("\"'")
            if match.group(1).lower() == "vimeo" and value.isdigit():
                value = f"https://vimeo.com/{value}"
            if value.startswith("http"):
                return video_marker(value)
            return match.group(0)

        def gallery(match):
            attributes = shortcode_attributes(match.group(1))
            ids = [part for part in re.split(r"[,\s]+", attributes.get("ids", "")) if part]
            if not ids:
                result.shortcodes["gallery"] += 1
                return match.group(0)
            figures = "".join(
                f'<figure data-wp-attachment="{int(wp_id)}"></figure>'
                for wp_id in ids
                if wp_id.isdigit()
            )
            return f"\n\n{figures}\n\n"

        content = CAPTION.sub(caption, content)
        content = EMBED.sub(embed, content)
        content = VIDEO_SHORTCODE.sub(video_shortcode, content)
        content = GALLERY.sub(gallery, content)
        for match in SHORTCODE.finditer(content):
            escaped = match.group(1) and match.group(6)
            if not escaped and not match.group(2):
                result.shortcodes[match.group(3).lower()] += 1
        return content

    # ---------------------------------------------------------------- unsafe markup

    def remove_unsafe(self, root, result):
        for element in list(root.iter()):
            if element is root or not any(a is root for a in element.iterancestors()):
                continue  # the root itself, or inside something already removed
            if isinstance(element, etree._Comment):
                if not GUTENBERG_COMMENT.match(element.text or ""):
                    drop(element, keep_tail=True)
                continue
            if not isinstance(element.tag, str):  # processing instructions, entities
                drop(element, keep_tail=True)
                continue
            tag = element.tag.lower()
            if tag in DANGEROUS_TAGS:
                result.dropped[f"<{tag}>"] += 1
                drop(element, keep_tail=True)
                continue
            for name in list(element.attrib):
                value = element.attrib[name]
                if name.lower().startswith("on"):
                    result.dropped[f"{name.lower()} attribute"] += 1
                    del element.attrib[name]
                elif name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = urlsplit(value.strip()).scheme.lower()
                    if scheme and scheme not in SAFE_URL_SCHEMES:
                        result.dropped[f"{scheme}: address"] += 1
                        del element.attrib[name]
            if tag == "iframe":
                url = video_url(element.get("src", ""))
                if url:
                    element.addprevious(lxml.html.fragment_fromstring(video_marker(url)))
                else:
                    host = urlsplit(element.get("src", "")).netloc or "no address"
                    result.dropped[f"<iframe> from {host}"] += 1
                drop(element, keep_tail=True)

    # ---------------------------------------------------------------- links and media

    def rewrite_link(self, anchor):
        href = (anchor.get("href") or "").strip()
        for name in list(anchor.attrib):
            del anchor.attrib[name]
        if not href:
            return
        parts = urlsplit(href)
        if parts.netloc.lower() in self.old_hosts:
            document_id = self.resolve_document(None, href)
            if document_id:
                anchor.set("linktype", "document")
                anchor.set("id", str(document_id))
                return
            href = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            href += f"#{parts.fragment}" if parts.fragment else ""
        anchor.set("href", href)

    def image_for(self, img, attachment_id, result):
        src = (img.get("src") or "").strip() if img is not None else ""
        if not attachment_id and img is not None:
            found = WP_IMAGE_CLASS.search(img.get("class", ""))
            attachment_id = int(found.group(1)) if found else None
        # The original first: WordPress links to resized copies ("photo-300x200.jpg").
        original = SIZED_UPLOAD.sub("", src)
        resolved = self.resolve_image(attachment_id, original)
        if resolved is None and original != src:
            resolved = self.resolve_image(attachment_id, src)
        if resolved is None:
            result.missing_media.append(src or f"attachment {attachment_id}")
        return resolved


class Segmenter:
    """Walks the parsed content in order and cuts it into blocks."""

    def __init__(self, converter, result):
        self.converter = converter
        self.result = result
        self.rich = []  # HTML of paragraphs and lists waiting to become one block
        self.inline = []  # loose text and inline elements waiting to become a paragraph
        self.hint = {}  # the attributes of the last Gutenberg block comment

    def run(self, root):
        self.walk(root)
        self.flush()

    def walk(self, parent):
        if parent.text and parent.text.strip():
            self.inline.append(html_lib.escape(parent.text))
        for element in parent:
            self.visit(element)
            if element.tail and element.tail.strip():
                self.inline.append(html_lib.escape(element.tail))

    def visit(self, element):
        if isinstance(element, etree._Comment):
            match = GUTENBERG_COMMENT.match(element.text or "")
            if match and not match.group(1):
                try:
                    self.hint = json.loads(match.group(3) or "{}")
                except ValueError:
                    self.hint = {}
                if not isinstance(self.hint, dict):
                    self.hint = {}
            return
        tag = element.tag.lower()
        handler = getattr(self, f"visit_{tag}", None)
        if handler is not None:
            handler(element)
        elif tag in CONTAINER_TAGS:
            self.visit_container(element)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(element, "h2" if tag in ("h1", "h2") else "h3")
        elif tag in ("hr", "br") and not self.inline:
            pass
        else:
            self.inline_element(element)

    # ------------------------------------------------------------ block elements

    def visit_p(self, element):
        self.end_inline()
        self.videos_inside(element)
        images = list(element.iter("img"))
        text = normalise_space(element.text_content())
        if not images and (url := video_url(only_url(element))):
            self.add("video", url)
            return
        for img in images:
            self.figure(img, caption="")
            remove_image(img)
        if normalise_space(element.text_content()):
            self.rich.append(self.rich_html(element))
        elif text:
            pass

    def visit_ul(self, element):
        self.end_inline()
        if normalise_space(element.text_content()):
            self.rich.append(self.rich_html(element))

    visit_ol = visit_ul

    def visit_pre(self, element):
        self.end_inline()
        lines = element.text_content().strip("\n").split("\n")
        body = "<br/>".join(html_lib.escape(line) for line in lines)
        self.rich.append(f"<p>{body}</p>")

    def visit_blockquote(self, element):
        self.flush()
        cite = element.find(".//cite")
        speaker = normalise_space(cite.text_content()) if cite is not None else ""
        if cite is not None:
            drop(cite, keep_tail=False)
        paragraphs = [
            normalise_space(child.text_content())
            for child in element
            if isinstance(child.tag, str) and child.tag in ("p", "div", "ul", "ol")
        ]
        loose = normalise_space(element.text or "")
        text = "\n\n".join(part for part in [loose, *paragraphs] if part)
        if not text:
            text = normalise_space(element.text_content())
        if text:
            self.add("quote", {"text": text, "speaker": speaker[:HEADING_MAX], "speaker_role": ""})

    def visit_figure(self, element):
        self.end_inline()
        classes = element.get("class", "")
        hint, self.hint = self.hint, {}
        if element.get("data-wp-video") is not None or "wp-block-embed" in classes:
            url = video_url(element.get("data-wp-video") or hint.get("url", ""))
            url = url or video_url(only_url(element))
            if url:
                self.add("video", url)
            else:
                self.result.notes["embed that is not a video, kept as a link"] += 1
                self.rich.append(self.rich_html(element, wrap="p"))
            return
        if "wp-block-gallery" in classes:
            for child in element.iter("figure"):
                if child is not element:
                    self.visit_figure(child)
            return
        if element.find(".//blockquote") is not None:
            self.visit_blockquote(element.find(".//blockquote"))
            return
        if element.find(".//table") is not None:
            self.visit_table(element.find(".//table"))
            return
        caption_element = element.find(".//figcaption")
        caption = (
            normalise_space(caption_element.text_content()) if caption_element is not None else ""
        )
        attachment = element.get("data-wp-attachment") or hint.get("id")
        img = element.find(".//img")
        if img is None and not attachment:
            if caption:
                self.rich.append(f"<p>{html_lib.escape(caption)}</p>")
            return
        self.figure(img, caption=caption, attachment_id=to_int(attachment))

    def visit_img(self, element):
        self.end_inline()
        self.figure(element, caption="", attachment_id=to_int(self.hint.get("id")))
        self.hint = {}

    def visit_table(self, element):
        self.end_inline()
        for row in element.iter("tr"):
            cells = [
                normalise_space(cell.text_content()) for cell in row if cell.tag in ("td", "th")
            ]
            cells = [cell for cell in cells if cell]
            if cells:
                self.rich.append(f"<p>{html_lib.escape(' — '.join(cells))}</p>")
        self.result.notes["table turned into paragraphs"] += 1

    def visit_container(self, element):
        classes = element.get("class", "")
        if "wp-block-buttons" in classes or "wp-block-button" in classes:
            self.buttons(element)
        elif "wp-block-file" in classes:
            self.file(element)
        else:
            self.end_inline()
            self.walk(element)
            self.end_inline()

    def heading(self, element, size):
        self.flush()
        text = normalise_space(element.text_content())
        if text:
            self.add("heading", {"heading_text": text[:HEADING_MAX], "size": size})

    def buttons(self, element):
        self.flush()
        for anchor in element.iter("a"):
            href = (anchor.get("href") or "").strip()
            label = normalise_space(anchor.text_content())[:BUTTON_LABEL_MAX]
            if label and urlsplit(href).scheme in ("http", "https") and valid_url(href):
                self.add("call_to_action", {"label": label, "page": None, "url": href})
            elif label:
                self.rich.append(self.rich_html(anchor, wrap="p"))

    def file(self, element):
        self.end_inline()
        hint, self.hint = self.hint, {}
        anchor = element.find(".//a")
        href = anchor.get("href", "") if anchor is not None else hint.get("href", "")
        document_id = self.converter.resolve_document(to_int(hint.get("id")), href)
        if document_id:
            self.flush()
            title = normalise_space(anchor.text_content()) if anchor is not None else ""
            self.add("document", {"document": document_id, "title": title[:HEADING_MAX]})
        elif anchor is not None:
            self.result.missing_media.append(href)
            self.rich.append(self.rich_html(anchor, wrap="p"))

    def figure(self, img, caption, attachment_id=None):
        resolved = self.converter.image_for(img, attachment_id, self.result)
        if resolved is None:
            if caption:
                self.rich.append(f"<p>{html_lib.escape(caption)}</p>")
            return
        image_id, default_alt = resolved
        alt = normalise_space(img.get("alt", "")) if img is not None else ""
        self.flush()
        self.add(
            "image",
            {
                "image": {"image": image_id, "decorative": False, "alt_text": alt or default_alt},
                "caption": caption[:CAPTION_MAX],
                "credit": "",
            },
        )

    # ------------------------------------------------------------ inline content

    def inline_element(self, element):
        if (
            element.tag == "a"
            and element.find(".//img") is not None
            and not normalise_space(element.text_content())
        ):
            self.visit_img(element.find(".//img"))
            return
        self.videos_inside(element)
        for img in list(element.iter("img")):
            self.figure(img, caption="")
            remove_image(img)
        self.inline.append(self.rich_html(element, wrap=None))

    def videos_inside(self, element):
        for marker in element.xpath(".//figure[@data-wp-video]"):
            url = video_url(marker.get("data-wp-video"))
            if url:
                self.end_inline()
                self.add("video", url)
            drop(marker)

    def end_inline(self):
        if self.inline:
            html = "".join(self.inline)
            self.inline = []
            if normalise_space(lxml.html.fromstring(f"<div>{html}</div>").text_content()):
                self.rich.append(sanitise(f"<p>{html}</p>"))

    def rich_html(self, element, wrap=None):
        copy = lxml.html.fragment_fromstring(lxml.html.tostring(element, encoding=str))
        elements = [copy, *copy.iterdescendants()]
        for child in elements:
            if not isinstance(child.tag, str):
                continue
            if child.tag in INLINE_RENAMES:
                child.tag = INLINE_RENAMES[child.tag]
            if child.tag == "a":
                self.converter.rewrite_link(child)
                if not child.attrib and child is not copy:
                    child.drop_tag()  # a link whose address was unsafe: its text stays
        if copy.tag in ("figure", "a") and wrap:
            copy.tag = "p" if copy.tag == "figure" else copy.tag
            if copy.tag == "a":
                return sanitise(f"<p>{lxml.html.tostring(copy, encoding=str)}</p>")
        html = lxml.html.tostring(copy, encoding=str, with_tail=False)
        return sanitise(html)

    def flush(self):
        self.end_inline()
        if self.rich:
            html = "".join(part for part in self.rich if part)
            self.rich = []
            if html:
                self.add("paragraph", html)

    def add(self, block_type, value):
        if block_type != "paragraph":
            self.flush()
        self.result.blocks.append({"type": block_type, "value": value})


# -------------------------------------------------------------------- helpers


def sanitise(html):
    """Rich text in Wagtail's stored form: only what the portal's editor features allow."""
    cleaned = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "linktype", "id"}},
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    cleaned = re.sub(r"\s*(</?(?:ul|ol|li|p)>)\s*", r"\1", cleaned)
    cleaned = re.sub(r"<p>(\s|&nbsp;|\xa0|<br>)*</p>", "", cleaned)
    return cleaned.replace("<br>", "<br/>")


def wpautop(content):
    """WordPress's classic-editor rule: a blank line starts a paragraph, a single line
    break is a <br>; block elements stay as they are."""
    content = WPAUTOP_BLOCK_OPEN.sub(r"\n\n\1", content)
    content = WPAUTOP_BLOCK_CLOSE.sub(r"\1\n\n", content)
    chunks = re.split(r"\n\s*\n", content)
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if WPAUTOP_STARTS_BLOCK.match(chunk) or chunk.startswith("<!--"):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    return "\n".join(out)


def parse_fragment(content):
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=False, remove_pis=True, default_doctype=False
    )
    return lxml.html.fragment_fromstring(content, create_parent="div", parser=parser)


def drop(element, keep_tail=True):
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail if keep_tail else None
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def remove_image(img):
    # The image leaves the paragraph; a link around nothing but the image goes with it.
    parent = img.getparent()
    if (
        parent is not None
        and parent.tag == "a"
        and len(parent) == 1
        and not normalise_space(parent.text_content())
    ):
        drop(parent)
    else:
        drop(img)


def shortcode_attributes(text):
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(text or ""):
        attributes[match.group(1).lower()] = html_lib.unescape(
            next(group for group in match.groups()[1:] if group is not None)
        )
    return attributes


def video_marker(url):
    return f'<figure data-wp-video="{html_lib.escape(url, quote=True)}"></figure>'


def video_url(url):
    """The canonical address of a YouTube, Vimeo or Facebook video (page or player), or ""."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return ""
    host = parts.netloc.lower()
    service = VIDEO_HOSTS.get(host)
    if service == "youtube":
        if host == "youtu.be":
            video = parts.path.strip("/")
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/", "/v/")):
            video = parts.path.split("/")[2]
        else:
            video = parse_qs(parts.query).get("v", [""])[0]
        return (
            f"https://www.youtube.com/watch?v={video}"
            if re.fullmatch(r"[\w-]{6,20}", video)
            else ""
        )
    if service == "vimeo":
        numbers = re.search(r"/(?:video/)?(\d+)", parts.path)
        return f"https://vimeo.com/{numbers.group(1)}" if numbers else ""
    if service == "facebook":
        if "/plugins/video.php" in parts.path:
            return video_url(parse_qs(parts.query).get("href", [""])[0])
        if host == "fb.watch" or "/videos/" in parts.path or parts.path.startswith("/watch"):
            return url
    return ""


def valid_url(url):
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return len(url) <= URL_MAX


def only_url(element):
    """The address an element holds and nothing else: its text, or one link's href."""
    text = normalise_space(element.text_content())
    anchors = list(element.iter("a"))
    if len(anchors) == 1 and normalise_space(anchors[0].text_content()) == text:
        return anchors[0].get("href", "")
    match = URL_ONLY.match(text)
    return match.group(1) if match else ""


def normalise_space(text):
    return " ".join((text or "").replace("\xa0", " ").split())


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def convert(content, **context):
    return Converter(**context).convert(content)
