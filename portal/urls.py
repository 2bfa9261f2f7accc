from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import ThrottledPasswordResetView
from localisation import sitemaps, translation, translation_guard
from portal.health import healthz
from privacy import withdrawal
from search import views as search_views

# Addresses without a language prefix: the admin, files and machine-read endpoints.
urlpatterns = [
    # Before the admin's own: the second step of signing in, and a throttled reset.
    path("admin/two-factor/", include("accounts.urls")),
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # Before wagtail-localize's own: copying a page for translation needs edit rights on it.
    path("admin/localize/submit/page/<int:page_id>/", translation_guard.submit_page_translation),
    path(
        "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        translation_guard.submit_snippet_translation,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", healthz, name="healthz"),
    # Every language's pages, and one sitemap per language.
    path("sitemap.xml", sitemaps.sitemap_all_languages, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages and the search: English at the root, every other language under its code (/cy/).
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggestions/", search_views.suggestions, name="search_suggestions"),
    path(
        "consent/withdraw/<str:token>/",
        withdrawal.withdraw_consent,
        name="privacy_withdraw_consent",
    ),
    path("", include("directory.urls")),
    path("", include("events.urls")),
    # Wagtail's serve view (its own pattern, less its _util/ views), falling back to the
    # English page where no translation is live.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", translation.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
