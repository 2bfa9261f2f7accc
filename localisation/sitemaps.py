"""One sitemap per language (/sitemap-en.xml, /sitemap-cy.xml) and /sitemap.xml with every
language's pages (what robots.txt names).

Wagtail's own sitemap lists the pages under the site's root page, that is the default
language only: a translated tree is a sibling of it.
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class LanguageSitemap(Sitemap):
    def __init__(self, request, language_code):
        super().__init__(request)
        self.language_code = language_code

    def items(self):
        root = self.get_wagtail_site().root_page
        locale = Locale.objects.filter(language_code=self.language_code).first()
        localized_root = root.get_translation_or_none(locale) if locale else None
        if localized_root is None or not localized_root.live:
            return Page.objects.none()
        return (
            localized_root.get_descendants(inclusive=True)
            .live()
            .public()
            # An alias shows another language's content at this language's address.
            .filter(alias_of__isnull=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def sitemaps_for(request):
    return {code: LanguageSitemap(request, code) for code, _name in settings.LANGUAGES}


def sitemap_all_languages(request):
    return sitemap_views.sitemap(request, sitemaps_for(request))


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)
