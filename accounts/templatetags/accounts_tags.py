from django import template

register = template.Library()


@register.filter
def in_minutes(duration):
    """A timedelta as a whole number of minutes, rounded up (a lock-out's wait)."""
    seconds = duration.total_seconds()
    return max(1, int(-(-seconds // 60)))
