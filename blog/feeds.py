"""RSS 2.0 and Atom feeds of the news, whole or by category.

Each item carries the intro (as the summary), the full body (content:encoded in RSS,
content in Atom) and the featured image, with absolute links throughout so that feed
readers and other sites can show them as they are.
"""

import mimetypes
import re
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from wagtail.models import Site

from home.pictures import BODY_RENDITION
from home.renditions import ask_worker_for_renditions, existing_renditions

from .models import LISTING_RENDITION, published_posts

FEED_LENGTH = 20
RELATIVE_URL = re.compile(r'(?P<attribute>\b(?:href|src))="(?P<path>/[^/"][^"]*)"')


class RssWithContentFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("image_url"):
            handler.addQuickElement(
                "media:content",
                "",
                {"url": item["image_url"], "medium": "image", "type": item["image_type"]},
            )


class AtomWithContentFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        if item.get("image_url"):
            handler.addQuickElement(
                "link",
                "",
                {"rel": "enclosure", "href": item["image_url"], "type": item["image_type"]},
            )


class BlogRssFeed(Feed):
    feed_type = RssWithContentFeed

    def __init__(self, index_page, category=None):
        super().__init__()
        self.index_page = index_page
        self.category = category
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, url):
        return self.request.build_absolute_uri(url) if url.startswith("/") else url

    def title(self):
        site = Site.find_for_request(self.request)
        name = site.site_name if site and site.site_name else self.index_page.title
        if self.category:
            return f"{name}: {self.category.name}"
        return f"{name}: {self.index_page.title}"

    def link(self):
        url = self.index_page.get_url(self.request)
        if self.category:
            url += self.index_page.reverse_subpage("category_archive", args=[self.category.slug])
        return url

    def description(self):
        if self.category and self.category.description:
            return self.category.description
        return self.index_page.intro or _("News from the network")

    def items(self):
        # The feed's picture (LISTING_RENDITION) and the one at the top of its body.
        posts = published_posts(
            self.index_page, picture_sizes=[LISTING_RENDITION, BODY_RENDITION]
        ).prefetch_related("authors")
        if self.category:
            posts = posts.filter(categories=self.category)
        return posts[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_description(self, item):
        return item.intro

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.date:
            return published
        return timezone.make_aware(datetime.combine(item.display_date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        names = [person.name for person in item.authors.all()]
        if item.by_editorial_group or not names:
            names.append(_("The editorial group"))
        return ", ".join(names)

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]

    def item_extra_kwargs(self, item):
        body = render_to_string("blog/feed_item_body.html", {"page": item}, request=self.request)
        extra = {"content_html": RELATIVE_URL.sub(self._absolute_attribute, body)}
        image = item.featured_image
        # Only a size already made: cutting it here would make a feed reader wait (and fail
        # with S3). A picture without it is left out this time, and the worker asked.
        rendition = (
            existing_renditions(image, [LISTING_RENDITION]).get(LISTING_RENDITION)
            if image
            else None
        )
        if image and rendition is None:
            ask_worker_for_renditions(image)
        if rendition is not None:
            extra["image_url"] = self.absolute(rendition.url)
            extra["image_type"] = mimetypes.guess_type(rendition.url)[0] or "image/jpeg"
        return extra

    def _absolute_attribute(self, match):
        return f'{match["attribute"]}="{self.absolute(match["path"])}"'


class BlogAtomFeed(BlogRssFeed):
    feed_type = AtomWithContentFeed
    subtitle = BlogRssFeed.description
