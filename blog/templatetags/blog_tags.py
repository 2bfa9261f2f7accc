from django import template

from taggit.models import Tag

from blog.models import BlogIndexPage, tagged_published_posts

register = template.Library()


def news_index_for(request):
    """The news index in the visitor's language, looked up once per request."""
    if not hasattr(request, "_news_index_page"):
        request._news_index_page = BlogIndexPage.for_active_locale(request)
    return request._news_index_page


@register.inclusion_tag("blog/includes/latest_posts.html", takes_context=True)
def latest_posts(context, count=3):
    request = context["request"]
    index_page = news_index_for(request)
    posts = list(index_page.posts()[:count]) if index_page else []
    return {"request": request, "index_page": index_page, "posts": posts}


@register.inclusion_tag("blog/includes/feed_links.html", takes_context=True)
def blog_feed_links(context):
    """<link rel="alternate"> to the news feeds, for browsers and feed readers."""
    request = context.get("request")
    return {"request": request, "index_page": news_index_for(request) if request else None}


@register.inclusion_tag("blog/includes/tagged_posts.html", takes_context=True)
def tagged_posts(context, tag_slug, locale=None, count=3):
    """The latest live posts with a tag (e.g. a working group's news), newest first."""
    request = context["request"]
    posts = []
    if tag_slug:
        queryset = tagged_published_posts(tag_slug)
        if locale is not None:
            queryset = queryset.filter(locale=locale)
        posts = list(queryset[:count])
    return {
        "request": request,
        "posts": posts,
        "tag": Tag.objects.filter(slug=tag_slug).first() if posts else None,
        "index_page": news_index_for(request) if posts else None,
    }
