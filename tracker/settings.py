"""Settings for the peace-negotiation tracker, read from the environment.

Every variable is documented in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured

from tracker import inline_styles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Hand-written on purpose rather than django-environ: with dj-database-url these two cover all we
# read, and they differ where it matters. A variable set but empty keeps its default here, so a
# blank `SECURE_SSL_REDIRECT=` in a .env file cannot turn HTTPS off (env.bool reads it as False);
# lists strip the spaces of "a.org, b.org" (env.list keeps " b.org", which no host matches).


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for local development with DEBUG on; never used in production.
    SECRET_KEY = "django-insecure-local-development-only"

# With DEBUG on and none given, Django answers to localhost, 127.0.0.1 and [::1] only.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The domain in every calendar event's UID (meeting-<id>@<domain>): fixed, so one meeting keeps
# one UID whichever host name a calendar subscribed through. Set it to the site's domain.
CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "peace-negotiation-tracker.invalid")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    # Login lockout; before "negotiations" so its failure count is set when ours logs.
    "axes",
    # django-csp: its system check catches settings in the pre-4.0 format.
    "csp",
    "negotiations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, static files and refusals included.
    "csp.middleware.CSPMiddleware",
    # An oversized body, of any content type, is refused (413) before a parser reads it
    # (DATA_UPLOAD_MAX_MEMORY_SIZE; the admin's import upload: IMPORT_UPLOAD_MAX_SIZE).
    "tracker.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the logged-in user on every history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a login refused for lockout into the 429 answer; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default keeps `make run` working on a bare machine; production sets DATABASE_URL.
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.config(default=DEFAULT_DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Every transaction takes SQLite's write lock when it begins, so a write that reads first
    # (a delete collecting its cascade) waits its turn instead of failing at once with
    # "database is locked" when it upgrades; and it waits up to 20 s, not Python's 5.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", default=True
):
    # Django's psycopg 3 connection pool; it replaces persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before lending it: one the server dropped (a restart, a
    # failover) is replaced, not handed to a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
        # With the server away, a request waits this long for a connection, then gets a 503.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }

# Optional read replica (docs/scaling.md). Without it there is no router at all; with it, reads
# of GET/HEAD/OPTIONS requests go to the replica, everything else to the primary (db_router.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL)
    # The test suite has one database: there the replica alias reads the test primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if "pool" in DATABASES["default"].get("OPTIONS", {}) and (
        DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql"
    ):
        DATABASES["replica"]["CONN_MAX_AGE"] = 0
        DATABASES["replica"].setdefault("OPTIONS", {})["pool"] = dict(
            DATABASES["default"]["OPTIONS"]["pool"]
        )
    DATABASE_ROUTERS = ["tracker.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "tracker.db_router.ReplicaReadsMiddleware",
    )

# Nothing a request needs lives in one worker, so any number of them can serve (docs/scaling.md):
# sessions in the database, messages in a cookie (or the session), and the admin import's upload,
# kept between its preview and its confirmation, in the shared cache below, not in /tmp.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A table made by `manage.py createcachetable` (the test runner makes it by itself).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tracker_cache",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

LOGIN_URL = "admin:login"
# After a sign-in that names no `next` page: the admin, where signed-in analysts edit (Django's
# default, /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "admin:index"

# Login lockout (django-axes; README "Login lockout and security log"): after AXES_FAILURE_LIMIT
# failed sign-ins for one username from one client address, or AXES_ADDRESS_FAILURE_LIMIT from
# one address for any usernames, on the admin login or the API token endpoint, that username
# (or that whole address) is answered 429 there for AXES_COOLOFF_MINUTES (a further failure
# starts the wait again).
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
# Per username and address: nobody can lock someone else's account from elsewhere, and a
# success (AXES_RESET_ON_SUCCESS) clears only its own username's failures from that address,
# never another account's.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = env_bool("AXES_RESET_ON_SUCCESS", default=True)
# Ours, not django-axes': the cap on one address's failures over all usernames, so one client
# trying many usernames is stopped as well (counted by negotiations/lockout.py).
AXES_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", str(4 * AXES_FAILURE_LIMIT))
)
if AXES_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_ADDRESS_FAILURE_LIMIT must be at least AXES_FAILURE_LIMIT.")
AXES_HANDLER = "negotiations.lockout.LockoutHandler"
AXES_HTTP_RESPONSE_CODE = 429
# A page for the admin, {"detail": ...} JSON for the API (negotiations/views/errors.py).
AXES_LOCKOUT_CALLABLE = "negotiations.views.errors.locked_out"
# How many proxies in front of Django append the address they saw to X-Forwarded-For
# (docker-compose's nginx: 1). 0 uses REMOTE_ADDR only, so a client cannot choose its address
# by sending the header. Axes and the security log both use it (negotiations/security.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "negotiations.security.client_ip"
# No start-up banner on every manage.py command; the events are in the security log.
AXES_VERBOSE = False
# Django's CSRF 403 page, after a security-log line.
CSRF_FAILURE_VIEW = "negotiations.views.errors.csrf_failure"

# Limits on the large exports for clients not signed in, per address (negotiations/exports.py):
# calendar feeds and CSV downloads, and Popolo pages, as DRF rates ("30/hour"); empty: no limit.
EXPORT_RATE_ANON = os.environ.get("EXPORT_RATE_ANON", "30/hour").strip()
POPOLO_RATE_ANON = os.environ.get("POPOLO_RATE_ANON", "600/hour").strip()

REST_FRAMEWORK = {
    # Token first, so an anonymous write is told to authenticate (401), not refused (403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writing needs the model permission (the Analysts group has it).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "negotiations.api.pagination.PagePagination",
    # DRF's parsers, with JSON nested too deeply for Python refused as a 400.
    "DEFAULT_PARSER_CLASSES": [
        "negotiations.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, declaring anonymous reads (negotiations/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "negotiations.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "negotiations.api.errors.exception_handler",
    # DRF's JSON, the same bytes, written by orjson (negotiations/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "negotiations.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "PAGE_SIZE": 20,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Peace-negotiation tracker API",
    "DESCRIPTION": (
        "Meetings, delegations, framework versions and their points, sticking issues and "
        "positions, statements and developments, each with the sources that back it."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "negotiations.models.base.DatePrecision",
        "PartyKindEnum": "negotiations.models.actors.PartyKind",
        "MeetingStatusEnum": "negotiations.models.meetings.MeetingStatus",
        "DelegationRoleEnum": "negotiations.models.meetings.DelegationRole",
        "VersionStatusEnum": "negotiations.models.frameworks.VersionStatus",
        "VersionMeetingKindEnum": "negotiations.models.frameworks.VersionMeetingKind",
        "PointStatusEnum": "negotiations.models.frameworks.PointStatus",
        "LineageKindEnum": "negotiations.models.frameworks.LineageKind",
        "IssueStatusEnum": "negotiations.models.issues.IssueStatus",
        "IssuePriorityEnum": "negotiations.models.issues.IssuePriority",
        "PositionStanceEnum": "negotiations.models.issues.PositionStance",
        "OptionStanceEnum": "negotiations.models.options.OptionStanceValue",
        "DevelopmentKindEnum": "negotiations.models.events.DevelopmentKind",
        "SourceKindEnum": "negotiations.models.sources.SourceKind",
        "CitationAttributionEnum": "negotiations.models.sources.CitationAttribution",
        "SourceReliabilityEnum": "negotiations.models.sources.SourceReliability",
        "CitationCredibilityEnum": "negotiations.models.sources.CitationCredibility",
        "TimelineKindEnum": "negotiations.models.timeline.TimelineEntry.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "negotiations.api.schema.add_error_responses",
        "negotiations.exports.csv.describe_csv_responses",
    ],
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Bulk imports (django-import-export) run in one transaction: a bad row writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The uploaded file waits for its confirmation in the shared cache: the confirming request may
# reach another worker or container than the preview did.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# The largest body the admin's import page takes (the uploaded file and its form), in bytes: the
# same as compose's nginx client_max_body_size. Every other request body, multipart or chunked
# included, is held to DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB; tracker/middleware.py).
IMPORT_UPLOAD_MAX_SIZE = int(os.environ.get("IMPORT_UPLOAD_MAX_SIZE", str(10 * 1024 * 1024)))

# Security headers, the same with DEBUG on or off (CSP, nosniff, referrer, opener, framing).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Only our own files: no inline script, no eval, no plugins, no <base>, no framing. Inline
# styles: only the exact ones dependencies' templates write, by hash (tracker/inline_styles.py).
# The API docs page also allows data: images (tracker/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *map(inline_styles.source_hash, inline_styles.STYLE_ELEMENTS)],
        "style-src-attr": [
            UNSAFE_HASHES,
            *map(inline_styles.source_hash, inline_styles.STYLE_ATTRIBUTES),
        ],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# HTTPS hardening, only with DEBUG off: local development keeps working over plain http.
if not DEBUG:
    # TLS ends at the proxy, which must overwrite X-Forwarded-Proto (docker-compose.yml's does).
    if env_bool("SECURE_PROXY_SSL_HEADER", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Security events (negotiations/security.py): one JSON object per line.
        "security_json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security_json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "tracker.security": {
            "handlers": ["security"],
            "level": os.environ.get("SECURITY_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
