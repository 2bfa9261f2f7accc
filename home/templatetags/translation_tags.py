from django import template

from home.translation import language_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The languages the visitor can read this page in (home/translation.py)."""
    request = context.get("request")
    if request is None:
        return {"versions": [], "x_default": None}
    return language_versions(request, context.get("page"))


@register.simple_tag
def glossary_for(translation):
    from home.translation_admin import glossary_for_translation

    return glossary_for_translation(translation)
