from django import template

from localisation.translation import language_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The languages the visitor can read this page in (localisation/translation.py)."""
    request = context.get("request")
    # Django's error views (404.html) put the exception in the context: a missing page has
    # no other language to offer.
    if request is None or "exception" in context:
        return {"versions": [], "x_default": None}
    return language_versions(request, context.get("page"))


@register.simple_tag
def glossary_for(translation):
    from localisation.admin_views import glossary_for_translation

    return glossary_for_translation(translation)


@register.filter
def is_moderated(instance):
    """Whether a translation of this object is submitted to the moderators (a page, the
    footer text, the main menu) rather than saved live."""
    from localisation.admin_views import is_moderated

    return is_moderated(instance)
