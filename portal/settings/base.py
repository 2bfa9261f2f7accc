"""Settings safe for production on their own.

Every value that differs between machines comes from the environment, read here and
nowhere else (`.env.example` documents each variable). `dev` and `test` only relax these
settings; `production` adds the checks that refuse a half-configured server.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from portal.environment import read_dotenv
from portal.storage import s3_storage_options

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A local .env file (never committed) is read if present, so an operator can keep the
# variables beside the code instead of in a process manager.
read_dotenv()


def env_setting(name, default, cast=str):
    """A variable's value, where an empty value (as a copied .env.example leaves) means unset."""
    raw = env.str(name, default="")
    return default if raw == "" else env.parse_value(raw, cast)


DEBUG = env_setting("DEBUG", False, bool)
# No default: Django refuses to start with an empty SECRET_KEY, which is what we want.
SECRET_KEY = env_setting("SECRET_KEY", "")
ALLOWED_HOSTS = env_setting("ALLOWED_HOSTS", [], list)
CSRF_TRUSTED_ORIGINS = env_setting("CSRF_TRUSTED_ORIGINS", [], list)

INSTALLED_APPS = [
    # The project's own apps, shared ones first. moderation must come before wagtail.admin:
    # its ready() takes the workflow email signals before Wagtail's notifiers can.
    "portal",
    "moderation",
    "privacy",
    "localisation",
    "accounts",
    "home",
    "blog",
    "workinggroups",
    "directory",
    "events",
    "search",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.QueryStringMiddleware",
    # Anonymous visitors' pages from the shared cache (portal/page_cache.py): before
    # sessions, so that it sees every cookie and header the rest of the stack adds.
    "portal.page_cache.PageCacheMiddleware",
    # The site for the request's host from the shared cache (portal/sites.py).
    "portal.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's, less the cookie on public pages (portal/csrf.py says why that is safe).
    "portal.csrf.SameOriginCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL names another (PostgreSQL in
# production, so that search uses its full-text engine).
DATABASES = {
    "default": env.db_url_config(
        env_setting("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env_setting("CONN_MAX_AGE", 60, int)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), otherwise local memory.
REDIS_URL = env_setting("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A dead Redis must cost a second, not hang every request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Wagtail looks renditions up here before the database (one get for all of a picture's
# sizes). Kept a week: a rendition does not change (a new focal point or file is a new key).
CACHES["renditions"] = {**CACHES["default"], "TIMEOUT": 7 * 24 * 60 * 60}
if REDIS_URL:
    CACHES["renditions"]["KEY_PREFIX"] = "renditions"
else:
    CACHES["renditions"]["LOCATION"] = "renditions"

# The page cache (portal/page_cache.py): anonymous visitors' pages, kept this many seconds
# at most (0 turns it off). Changes show at once whatever the length: the cache's version,
# moved on by every change, lives in the same store, which every process must share (the
# web server's workers and the background worker, which publishes scheduled pages): Redis
# when REDIS_URL is set (every app server), else files in PAGE_CACHE_DIR (one machine).
try:
    PAGE_CACHE_SECONDS = env_setting("PAGE_CACHE_SECONDS", 300, int)
except ValueError:
    PAGE_CACHE_SECONDS = -1
if PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured(
        "PAGE_CACHE_SECONDS must be a whole number of seconds, 0 (off) or more "
        f"(it is {env.str('PAGE_CACHE_SECONDS', default='')!r})."
    )
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_setting("PAGE_CACHE_DIR", str(BASE_DIR / "tmp" / "page-cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# A CDN in front of the site, purged by the worker whenever the page cache's version moves
# (portal/frontend_cache.py): FRONTEND_CACHE=cloudflare (CLOUDFLARE_ZONE_ID and an API token
# allowed to purge it, CLOUDFLARE_BEARER_TOKEN), cloudfront (CLOUDFRONT_DISTRIBUTION_ID;
# AWS credentials from boto3's usual places), or purge-url (FRONTEND_CACHE_PURGE_URL, a
# cache server that takes PURGE requests, e.g. Varnish or nginx). Empty: no CDN.
FRONTEND_CACHE = env_setting("FRONTEND_CACHE", "").strip().lower()
FRONTEND_CACHE_VARIABLES = {
    "cloudflare": ("CLOUDFLARE_ZONE_ID", "CLOUDFLARE_BEARER_TOKEN"),
    "cloudfront": ("CLOUDFRONT_DISTRIBUTION_ID",),
    "purge-url": ("FRONTEND_CACHE_PURGE_URL",),
}
if FRONTEND_CACHE and FRONTEND_CACHE not in FRONTEND_CACHE_VARIABLES:
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE={FRONTEND_CACHE!r} is not a CDN the portal can purge: use "
        "cloudflare, cloudfront or purge-url, or leave it empty for no CDN."
    )
if FRONTEND_CACHE:
    needed = FRONTEND_CACHE_VARIABLES[FRONTEND_CACHE]
    missing = [name for name in needed if not env_setting(name, "")]
    if missing:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE={FRONTEND_CACHE} needs {' and '.join(missing)} (see .env.example)."
        )
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env_setting("CLOUDFLARE_ZONE_ID", ""),
        "BEARER_TOKEN": env_setting("CLOUDFLARE_BEARER_TOKEN", ""),
    }
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_setting("CLOUDFRONT_DISTRIBUTION_ID", ""),
    }
elif FRONTEND_CACHE == "purge-url":
    purge_url = urlsplit(env_setting("FRONTEND_CACHE_PURGE_URL", ""))
    if purge_url.scheme not in ("http", "https") or not purge_url.netloc:
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_PURGE_URL must be an http(s) address, e.g. http://127.0.0.1:6081"
        )
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "portal.frontend_cache.PurgeURLBackend",
        "LOCATION": env_setting("FRONTEND_CACHE_PURGE_URL", ""),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in (accounts/). Wrong passwords are counted per username and per address
# (django-axes): after AXES_FAILURE_LIMIT either is locked for AXES_COOLOFF_MINUTES. The
# address is the one TRUSTED_PROXY_COUNT designates (accounts.throttling), as for the
# public forms' rate limit.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_setting("AXES_FAILURE_LIMIT", 5, int)
AXES_COOLOFF_TIME = timedelta(minutes=env_setting("AXES_COOLOFF_MINUTES", 15, int))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.sign_in_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Successful sign-ins are not recorded: a list of who signed in from where is personal
# data nobody needs; Wagtail's own history already says who changed what.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_CLIENT_STR_CALLABLE = "accounts.throttling.client_for_log"
# A signed-in session ends after this many minutes without a request (a working day by
# default); each request moves the deadline on.
ADMIN_SESSION_IDLE_MINUTES = env_setting("ADMIN_SESSION_IDLE_MINUTES", 8 * 60, int)
# Moderators and superusers must sign in with a code from an authenticator app as well as
# their password (anyone else may choose to). They set it up at their next sign-in.
REQUIRE_2FA_FOR_STAFF_ROLES = env_setting("REQUIRE_2FA_FOR_STAFF_ROLES", True, bool)
OTP_TOTP_ISSUER = env_setting("WAGTAIL_SITE_NAME", "Campaign portal")
# /_util/login/ (members-only pages) without ?next= lands on the home page.
LOGIN_REDIRECT_URL = "/"

# Languages: English has no URL prefix, every other language lives under its code.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("cy", "Cymraeg"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_TZ = True

# Static files are served by WhiteNoise with hashed names, so they can be cached for ever.
# `collectstatic` (with these settings) writes them and their manifest to STATIC_ROOT; the
# web server refuses to start without that manifest (portal/serving.py).
STATIC_ROOT = Path(env_setting("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Media: a local folder, or an S3 bucket when AWS_STORAGE_BUCKET_NAME is set.
MEDIA_ROOT = Path(env_setting("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
AWS_STORAGE_BUCKET_NAME = env_setting("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_setting("AWS_S3_ENDPOINT_URL", "")
AWS_ACCESS_KEY_ID = env_setting("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = env_setting("AWS_SECRET_ACCESS_KEY", "")
AWS_S3_REGION_NAME = env_setting("AWS_S3_REGION_NAME", "")
AWS_S3_CUSTOM_DOMAIN = env_setting("AWS_S3_CUSTOM_DOMAIN", "")


STORAGES = {
    # The media folder, with documents under random names (portal/storage.py).
    "default": {"BACKEND": "portal.storage.LocalMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        # S3Storage that reports an unreachable S3 as an OSError (portal/storage.py).
        "BACKEND": "portal.storage.MediaStorage",
        "OPTIONS": s3_storage_options(
            bucket_name=AWS_STORAGE_BUCKET_NAME,
            endpoint_url=AWS_S3_ENDPOINT_URL,
            access_key=AWS_ACCESS_KEY_ID,
            secret_key=AWS_SECRET_ACCESS_KEY,
            region_name=AWS_S3_REGION_NAME,
            custom_domain=AWS_S3_CUSTOM_DOMAIN,
        ),
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS = [f"{endpoint.scheme}://{endpoint.netloc}"]
    else:
        MEDIA_ORIGINS = ["https://*.amazonaws.com"]

# Backups to s3:// (manage.py backup): the media storage's endpoint and credentials unless
# these name another S3 service or account, as a backup kept apart from the site should.
BACKUP_S3_ENDPOINT_URL = env_setting("BACKUP_S3_ENDPOINT_URL", "")
BACKUP_AWS_ACCESS_KEY_ID = env_setting("BACKUP_AWS_ACCESS_KEY_ID", "")
BACKUP_AWS_SECRET_ACCESS_KEY = env_setting("BACKUP_AWS_SECRET_ACCESS_KEY", "")

# Documents are downloaded through Wagtail's view, which checks the privacy of their
# collection, then redirects to a URL of the bucket signed for this many seconds.
MEDIA_SIGNED_URL_LIFETIME = env_setting("MEDIA_SIGNED_URL_LIFETIME", 300, int)
# Uploads: what the admin accepts (portal/uploads.py checks the content, not only the name).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_setting("MAX_IMAGE_UPLOAD_MB", 10, int) * 1024 * 1024
# Decompression bombs: a small file that unpacks into billions of pixels.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_setting("MAX_IMAGE_MEGAPIXELS", 50, int) * 1_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_setting("MAX_DOCUMENT_UPLOAD_MB", 25, int) * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.uploads.ImageUploadForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.DocumentUploadForm"

# Email: SMTP from EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587).
EMAIL_CONFIG = env.email_url_config(env_setting("EMAIL_URL", "smtp://localhost:25"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env_setting("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# A mail server that hangs costs seconds, not minutes (Django waits for ever by default).
EMAIL_TIMEOUT = env_setting("EMAIL_TIMEOUT", 10, int)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: on unless a relaxed settings module turns it off.
SECURE_SSL_REDIRECT = env_setting("SECURE_SSL_REDIRECT", True, bool)
# The health check answers plain HTTP too: load balancers probe without TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_setting("TRUST_X_FORWARDED_PROTO", False, bool):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancer, CDN) in front of the app append to X-Forwarded-For: the
# public forms' rate limit counts per visitor address, which is then the one they saw. 0:
# the address of the connection itself (no proxy, or one that cannot be trusted).
TRUSTED_PROXY_COUNT = env_setting("TRUSTED_PROXY_COUNT", 0, int)
SECURE_HSTS_SECONDS = env_setting("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", True, bool)
SECURE_HSTS_PRELOAD = env_setting("SECURE_HSTS_PRELOAD", False, bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail lets its own preview frames through (xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"
# Django looks for its CSRF middleware by name; portal.csrf.SameOriginCsrfMiddleware is a
# subclass of it (tests/test_headers.py checks that it stays in MIDDLEWARE).
SILENCED_SYSTEM_CHECKS = ["security.W003"]
if not SECURE_HSTS_PRELOAD:
    # Sending the preload flag lets anyone put the domain on browsers' HTTPS-only list,
    # which cannot be undone quickly: the operator must choose it (SECURE_HSTS_PRELOAD).
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content Security Policy: templates carry no inline script or style, so the public site
# runs under a strict policy: nothing is allowed that is not listed here.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        # The directory's map fetches its markers (/groups/map.geojson).
        "connect-src": [SELF],
        "manifest-src": [SELF],
        # The video players, loaded only when a visitor presses play (home/videos.py:
        # PLAYER_HOSTS; YouTube only through its no-cookie domain).
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://www.facebook.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail admin's own policy (portal/security_headers.py). Wagtail 8 still runs some
# inline script (inline panels, date pickers) and sets inline styles, so those two need
# 'unsafe-inline'; everything else is as tight as the public site's. Its pages may frame
# each other (the live preview), nobody else may frame them.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # The live preview frames the admin's own pages; posts' videos may play in it.
        "frame-src": [SELF, *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Days the personal data typed by the public (messages, join requests, registrations,
# proposals, contact form entries) is kept before `purge_personal_data` deletes it
# (the worker runs it daily). Six months: long enough to answer and follow up, and no
# longer, as the law asks of data revealing political opinions.
try:
    PERSONAL_DATA_RETENTION_DAYS = env_setting("PERSONAL_DATA_RETENTION_DAYS", 180, int)
except ValueError:
    PERSONAL_DATA_RETENTION_DAYS = 0
if PERSONAL_DATA_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        "PERSONAL_DATA_RETENTION_DAYS must be a whole number of days, 1 or more "
        f"(it is {env.str('PERSONAL_DATA_RETENTION_DAYS', default='')!r})."
    )

# Days an event's registrations are kept after it ends, then deleted by the daily purge
# (events/wagtail_hooks.py): long enough to send the recording and answer questions.
try:
    EVENT_REGISTRATION_RETENTION_DAYS = env_setting("EVENT_REGISTRATION_RETENTION_DAYS", 30, int)
except ValueError:
    EVENT_REGISTRATION_RETENTION_DAYS = -1
if EVENT_REGISTRATION_RETENTION_DAYS < 0:
    raise ImproperlyConfigured(
        "EVENT_REGISTRATION_RETENTION_DAYS must be a whole number of days, 0 or more "
        f"(it is {env.str('EVENT_REGISTRATION_RETENTION_DAYS', default='')!r})."
    )

# The directory's map (Leaflet, served from our own static files) draws its markers on a
# plain background unless MAP_TILE_URL names a tile server, e.g.
# https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png: every visitor who opens the map then
# asks that server for images, so it sees their address. Off by default; when set, its
# origin is added to the Content Security Policy's img-src and nothing else.
MAP_TILE_URL = env_setting("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_setting("MAP_TILE_ATTRIBUTION", "")
if MAP_TILE_URL:
    tile_origin = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    if (
        tile_origin.scheme != "https"
        or not tile_origin.netloc
        or not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
    ):
        raise ImproperlyConfigured(
            "MAP_TILE_URL must be an https address with {z}, {x} and {y} in it, e.g. "
            "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{tile_origin.scheme}://{tile_origin.netloc}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_email_addresses": {"()": "privacy.logging.RedactEmailAddresses"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_email_addresses"],
        }
    },
    "root": {"handlers": ["console"], "level": env_setting("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default would e-mail tracebacks with the request's POST data, which
        # may hold the personal data people typed into a form.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per background task is noise; failures are still logged.
        "django_tasks": {"level": "WARNING"},
        # django-axes announces itself at INFO in every command; lock-outs are warnings.
        "axes": {"level": "WARNING"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = env_setting("WAGTAIL_SITE_NAME", "Campaign portal")
WAGTAILADMIN_BASE_URL = env_setting("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Search (search/backend.py): PostgreSQL full-text search with each language's text search
# configuration (Welsh has no stemmer in PostgreSQL: "simple" matches whole words), or
# SQLite's FTS5 under `make run`. README.md says how to move to OpenSearch/Elasticsearch.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backend",
        "SEARCH_CONFIG": "english",
        "LANGUAGE_SEARCH_CONFIGS": {"en": "english", "cy": "simple"},
    }
}
# Days of search counts kept for the editors' reports (searchpromotions_garbage_collect).
WAGTAILSEARCH_HITS_MAX_AGE = 90
# The admin would otherwise fetch avatars from gravatar.com, telling it (by hash) the
# email address of every volunteer who opens the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor ask releases.wagtail.org for the latest version from every moderator's browser (the
# admin's policy would block it anyway); the operator upgrades from the release notes.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# PDF, Office, ODF, plain text and CSV (portal/uploads.py checks that the content matches).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILEMBEDS_RESPONSIVE_HTML = False
# Editors and moderators discuss a draft in comments beside its fields.
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Moderators are told through their group; superusers administer users, not content.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Background tasks (notification emails, Wagtail's own jobs) wait in the database until
# the worker (`manage.py run_worker`) runs them; the same worker publishes scheduled pages.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Longer search queries are cut (portal/middleware.py): nobody types more.
SEARCH_QUERY_MAX_LENGTH = 200

# Machine translation in wagtail-localize's editor: off unless a service is configured, so
# that no text leaves the site by default. DeepL (an API key) or LibreTranslate (a URL of
# a server, public or self-hosted, with an API key if it asks for one), not both.
DEEPL_API_KEY = env_setting("DEEPL_API_KEY", "")
LIBRETRANSLATE_URL = env_setting("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = env_setting("LIBRETRANSLATE_API_KEY", "")
if DEEPL_API_KEY and LIBRETRANSLATE_URL:
    raise ImproperlyConfigured("Set DEEPL_API_KEY or LIBRETRANSLATE_URL, not both.")
if DEEPL_API_KEY:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY, "TIMEOUT": 10},
    }
elif LIBRETRANSLATE_URL:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": LIBRETRANSLATE_URL,
            "API_KEY": LIBRETRANSLATE_API_KEY,
            "TIMEOUT": 10,
        },
    }
