from django import template

from home.videos import stored_video as stored_video_for

register = template.Library()


@register.simple_tag
def stored_video(url):
    """What the worker stored about the video at `url` ({} if nothing yet)."""
    return stored_video_for(url) if url else {}
