"""WordPress exports (WXR 1.2) written the way WordPress's Tools → Export writes them."""

import dataclasses
from xml.sax.saxutils import escape

SITE = "https://oldsite.example.org"


def cdata(text):
    # WordPress splits "]]>" across two sections, as any CDATA writer must.
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclasses.dataclass
class Item:
    wp_id: int
    title: str
    content: str = ""
    slug: str = ""
    post_type: str = "post"
    date: str = "2019-05-03 14:02:11"
    date_gmt: str = "2019-05-03 13:02:11"
    status: str = "publish"
    creator: str = "jo"
    excerpt: str = ""
    categories: tuple = ()  # (slug, name)
    tags: tuple = ()
    meta: dict = dataclasses.field(default_factory=dict)
    comments: int = 0
    parent: int = 0
    menu_order: int = 0
    link: str = ""
    attachment_url: str = ""
    password: str = ""

    def permalink(self, site=SITE):
        if self.link:
            return self.link
        if self.post_type == "post":
            year, month, day = self.date[:10].split("-")
            return f"{site}/{year}/{month}/{day}/{self.slug}/"
        if self.post_type == "page":
            return f"{site}/{self.slug}/"
        return f"{site}/?attachment_id={self.wp_id}"

    def xml(self, site=SITE):
        terms = "".join(
            f'<category domain="category" nicename="{escape(slug)}">{cdata(name)}</category>'
            for slug, name in self.categories
        ) + "".join(
            f'<category domain="post_tag" nicename="{escape(slug)}">{cdata(name)}</category>'
            for slug, name in self.tags
        )
        meta = "".join(
            f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(str(value))}</wp:meta_value></wp:postmeta>"
            for key, value in self.meta.items()
        )
        comments = "".join(
            f"<wp:comment><wp:comment_id>{self.wp_id * 100 + n}</wp:comment_id>"
            f"<wp:comment_author>{cdata('A reader')}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata('reader@example.net')}</wp:comment_author_email>"
            f"<wp:comment_content>{cdata('Well said.')}</wp:comment_content></wp:comment>"
            for n in range(self.comments)
        )
        attachment = (
            f"<wp:attachment_url>{cdata(self.attachment_url)}</wp:attachment_url>"
            if self.attachment_url
            else ""
        )
        return f"""
    <item>
        <title>{cdata(self.title)}</title>
        <link>{escape(self.permalink(site))}</link>
        <pubDate>Fri, 03 May 2019 13:02:11 +0000</pubDate>
        <dc:creator>{cdata(self.creator)}</dc:creator>
        <guid isPermaLink="false">{escape(site)}/?p={self.wp_id}</guid>
        <description></description>
        <content:encoded>{cdata(self.content)}</content:encoded>
        <excerpt:encoded>{cdata(self.excerpt)}</excerpt:encoded>
        <wp:post_id>{self.wp_id}</wp:post_id>
        <wp:post_date>{cdata(self.date)}</wp:post_date>
        <wp:post_date_gmt>{cdata(self.date_gmt)}</wp:post_date_gmt>
        <wp:post_modified>{cdata(self.date)}</wp:post_modified>
        <wp:post_modified_gmt>{cdata(self.date_gmt)}</wp:post_modified_gmt>
        <wp:comment_status>{cdata("open")}</wp:comment_status>
        <wp:ping_status>{cdata("open")}</wp:ping_status>
        <wp:post_name>{cdata(self.slug)}</wp:post_name>
        <wp:status>{cdata(self.status)}</wp:status>
        <wp:post_parent>{self.parent}</wp:post_parent>
        <wp:menu_order>{self.menu_order}</wp:menu_order>
        <wp:post_type>{cdata(self.post_type)}</wp:post_type>
        <wp:post_password>{cdata(self.password)}</wp:post_password>
        <wp:is_sticky>0</wp:is_sticky>
        {attachment}{terms}{meta}{comments}
    </item>"""


def attachment(wp_id, upload_path, title="", alt="", parent=0, site=SITE):
    return Item(
        wp_id=wp_id,
        title=title or upload_path.rsplit("/", 1)[-1],
        post_type="attachment",
        status="inherit",
        slug=f"attachment-{wp_id}",
        parent=parent,
        attachment_url=f"{site}/wp-content/uploads/{upload_path}",
        meta={
            "_wp_attached_file": upload_path,
            **({"_wp_attachment_image_alt": alt} if alt else {}),
        },
    )


AUTHORS = (
    ("jo", "Jo Bloggs", "jo@example.net"),
    ("admin", "admin", "webmaster@example.net"),
)


def wxr(items, authors=AUTHORS, categories=(), tags=(), site=SITE, title="Old campaign site"):
    """The whole export as bytes. categories: (slug, name, parent slug); tags: (slug, name)."""
    author_xml = "".join(
        f"<wp:author><wp:author_id>{n}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email)}</wp:author_email>"
        f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>"
        for n, (login, name, email) in enumerate(authors, 1)
    )
    category_xml = "".join(
        f"<wp:category><wp:term_id>{n}</wp:term_id>"
        f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
        f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
        f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"
        for n, (slug, name, parent) in enumerate(categories, 1)
    )
    tag_xml = "".join(
        f"<wp:tag><wp:term_id>{100 + n}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"
        for n, (slug, name) in enumerate(tags, 1)
    )
    body = "".join(item.xml(site) for item in items)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
    <title>{escape(title)}</title>
    <link>{escape(site)}</link>
    <description>Campaign news</description>
    <pubDate>Mon, 30 Nov 2026 10:00:00 +0000</pubDate>
    <language>en-GB</language>
    <wp:wxr_version>1.2</wp:wxr_version>
    <wp:base_site_url>{escape(site)}</wp:base_site_url>
    <wp:base_blog_url>{escape(site)}</wp:base_blog_url>
    {author_xml}{category_xml}{tag_xml}
    <generator>https://wordpress.org/?v=6.5</generator>
    {body}
</channel>
</rss>
""".encode()
