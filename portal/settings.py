"""Settings for the customs IPR portal, read from the environment only.

Two modes, switched by ``PORTAL_ENV``:

- ``development`` (default): the embedded setup. SQLite under ``var/``, files on local
  disk, e-mail to files under ``var/mail``, Celery over the ``filesystem://`` transport (no broker
  server needed). ``DATABASE_URL`` and ``REDIS_URL`` still override the database and broker.
- ``production``: every secret and host must be given; HTTPS-only cookies, HSTS, JSON logs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PORTAL_ENV = os.environ.get("PORTAL_ENV", "development").strip().lower()
if PORTAL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PORTAL_ENV must be 'development' or 'production'.")
PRODUCTION = PORTAL_ENV == "production"

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
    # The evidence chain's HMAC key: separate from SECRET_KEY, so rotating that one breaks no chain.
    EVIDENCE_KEY = os.environ.get("EVIDENCE_KEY", "")
    if len(EVIDENCE_KEY) < 32:
        raise ImproperlyConfigured("EVIDENCE_KEY must be set to at least 32 random characters.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the portal's host names.")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
    EVIDENCE_KEY = os.environ.get("EVIDENCE_KEY", "development-only-evidence-key-not-for-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env_bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "axes",
    "portal.accounts",
    "portal.workdays",
    "portal.notices",
    "portal",
    "recordals",
    "confirmations",
]

MIDDLEWARE = [
    "portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.session_store.SessionUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "django.template.context_processors.i18n",
    "portal.context_processors.portal",
    "confirmations.context_processors.awaiting",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
    # The header, navigation and footer of every page and the item page (portal/jinja.py): rendered several times
    # faster than by Django's engine, with Django's output.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "portal.jinja.environment",
            "context_processors": [*CONTEXT_PROCESSORS, "portal.jinja.page_helpers"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: once a statement's estimated cost passes jit_above_cost (the statistics of a large office
    # or of the whole country), compiling the statistics' one UNION ALL statement takes about 200 ms, more than
    # running it. Behind a pooler in transaction mode, set jit = off on the server or the role instead.
    connection_options = DATABASES["default"].setdefault("OPTIONS", {})
    connection_options["options"] = f"{connection_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("DATABASE_PREPARE_THRESHOLD"):
    # Opt-in: parameters bound by the server, and a statement run this many times on a connection is prepared
    # there, so PostgreSQL plans it once per connection instead of on every run (the item page's ten statements
    # spend most of their database time planning). Not behind a pooler in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": int(os.environ["DATABASE_PREPARE_THRESHOLD"])}
    )
# The statements compiled once per shape (an item, a list page, the signed-in user) are prepared on each PostgreSQL
# connection (``portal.prepared``): planned once there instead of on every run. Off behind a pooler in transaction
# mode (DATABASE_PREPARED_STATEMENTS=off).
PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "on").lower() not in ("off", "0", "false", "no")
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and PREPARED_STATEMENTS
    and not os.environ.get("DATABASE_PREPARE_THRESHOLD")
):
    # Planned once: left to choose, PostgreSQL plans a prepared statement anew on every run whenever its generic plan
    # is estimated dearer than the plans made for the values of the first runs (the item page's statement, whose
    # count of items awaiting an answer compares with the present instant: 1.8 ms to plan on every page, 0.1 ms to
    # run either way). Only the portal's own prepared statements are affected (portal.prepared).
    connection_options = DATABASES["default"].setdefault("OPTIONS", {})
    connection_options["options"] = f"{connection_options.get('options', '')} -c plan_cache_mode=force_generic_plan"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: readers never block the writer (WAL), every transaction
    # takes the write lock at BEGIN (so a loser waits, then sees the winner's state) and waits up to
    # 20 s for it instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.accounts.backends.MembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions: explicit lifetimes. A working day's session, ended when the browser closes.
# Database sessions carrying their user's id: a request reads its session and its user by one statement
# compiled once (``portal/session_store.py``).
SESSION_ENGINE = "portal.session_store"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 3600

# Client addresses: how many proxies in front of the portal append to X-Forwarded-For (0: none, clients
# connect directly). portal.net.client_ip reads it for every rate limit, the log-in lock included.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0"))
if PORTAL_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("PORTAL_TRUSTED_PROXIES must be 0 or more.")

# Login throttling (django-axes): lock a username+address pair after repeated failures, and a username
# from every address after a higher number of failures (portal.accounts.lockout).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.accounts.lockout.PortalAxesHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.net.client_ip"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Uploads: a photo or document larger than this is refused before it is decoded.
PORTAL_MAX_UPLOAD_BYTES = int(os.environ.get("PORTAL_MAX_UPLOAD_BYTES", str(15 * 1024 * 1024)))
PORTAL_MAX_IMAGE_PIXELS = int(os.environ.get("PORTAL_MAX_IMAGE_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: files under var/mail in development (one file per sending process and moment), SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IPR Portal <noreply@ipr-portal.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache: Redis when given (shared by all processes), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set, else the filesystem transport under var/celery.
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport, with messages written atomically and unreadable files skipped.
    CELERY_BROKER_TRANSPORT = "portal.celery_fs:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (
    REDIS_URL if REDIS_URL else f"file://{VAR_DIR / 'celery' / 'results'}"
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.tasks.heartbeat", "schedule": 30.0},
}
# Webhooks go to public addresses only; a closed test network may lift that.
PORTAL_WEBHOOK_ALLOW_PRIVATE = env_bool("PORTAL_WEBHOOK_ALLOW_PRIVATE")
# Deliveries: webhooks have their own queue (and worker pool in production), short timeouts and a
# per-endpoint circuit breaker; a claim left by a dead worker expires just past the send timeout.
CELERY_TASK_ROUTES = {
    "notices.deliver_webhook": {"queue": "webhooks"},
    "notices.deliver_webhook_batch": {"queue": "webhooks"},
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
PORTAL_WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("PORTAL_WEBHOOK_CONNECT_TIMEOUT", "3"))
PORTAL_WEBHOOK_READ_TIMEOUT = float(os.environ.get("PORTAL_WEBHOOK_READ_TIMEOUT", "5"))
PORTAL_WEBHOOK_MAX_IN_FLIGHT = int(os.environ.get("PORTAL_WEBHOOK_MAX_IN_FLIGHT", "2"))
PORTAL_WEBHOOK_BREAKER_FAILURES = int(os.environ.get("PORTAL_WEBHOOK_BREAKER_FAILURES", "5"))
PORTAL_WEBHOOK_BREAKER_COOLDOWN = float(os.environ.get("PORTAL_WEBHOOK_BREAKER_COOLDOWN", "300"))
PORTAL_DELIVERY_CLAIM_MARGIN = float(os.environ.get("PORTAL_DELIVERY_CLAIM_MARGIN", "30"))
PORTAL_DELIVERY_REQUEUE_AFTER = float(os.environ.get("PORTAL_DELIVERY_REQUEUE_AFTER", "300"))
_send_timeout = max(PORTAL_WEBHOOK_CONNECT_TIMEOUT + PORTAL_WEBHOOK_READ_TIMEOUT, EMAIL_TIMEOUT)
CELERY_TASK_ANNOTATIONS = {
    name: {
        "soft_time_limit": _send_timeout + PORTAL_DELIVERY_CLAIM_MARGIN / 3,
        "time_limit": _send_timeout + PORTAL_DELIVERY_CLAIM_MARGIN * 2 / 3,
    }
    for name in ("notices.deliver", "notices.deliver_webhook")
}
# A worker that has not beaten for this long makes /healthz/ answer 503.
PORTAL_HEARTBEAT_MAX_AGE = int(os.environ.get("PORTAL_HEARTBEAT_MAX_AGE", "120"))
# A periodic task named here that has not run, since its worker's current start, for this many seconds
# makes /healthz/ answer 503: the sweep that releases unanswered items at their deadline.
PORTAL_PERIODIC_MAX_AGE = {"lapse-items": int(os.environ.get("PORTAL_SWEEP_MAX_AGE", "120"))}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.token_auth.MemberTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.pagination.PortalPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "portal.api.PortalAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "public": os.environ.get("PUBLIC_LOOKUP_RATE", "60/minute"),
        "login": os.environ.get("API_LOGIN_RATE", "20/minute"),
        "password_reset": os.environ.get("PASSWORD_RESET_RATE", "5/hour"),
        "consignee": os.environ.get("CONSIGNEE_LINK_RATE", "120/minute"),
    },
    "NUM_PROXIES": PORTAL_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Customs IPR recordal and confirmation portal API",
    "DESCRIPTION": "Recordals, suspect-goods cases, holders' decisions, notices and statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecordalStatusEnum": "recordals.models.Recordal.Status",
        "ModificationStatusEnum": "recordals.models.Modification.Status",
        "CaseStatusEnum": "confirmations.models.Case.Status",
        "ItemStatusEnum": "confirmations.models.Item.Status",
        "ItemDecisionEnum": "confirmations.models.Item.Decision",
        "DecisionChoiceEnum": ["infringing", "not_infringing"],
        "BondKindEnum": "confirmations.models.Item.Bond",
        "GeneralBondStatusEnum": "confirmations.models.GeneralBond.Status",
        "KindEnum": "recordals.models.RecordalImage.Kind",
    },
}

# Content-Security-Policy: no inline script anywhere; everything from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        "refusal_without_traceback": {"()": "portal.middleware.RefusalWithoutTraceback"},
        "server_success_only": {"()": "portal.middleware.ServerSuccessOnly"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if PRODUCTION else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers print once (not also through Django's default console handler);
        # a refusal (403, 404) is one line without a traceback.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["refusal_without_traceback"]},
        "django.server": {"handlers": ["console"], "filters": ["server_success_only"], "propagate": False},
        "portal.requests": {"handlers": ["console"], "level": "INFO" if PRODUCTION else "WARNING", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

# Where each role lands after login (URL names).
PORTAL_ROLE_HOME = {
    "administrator": "recordals:review-queue",
    "officer": "confirmations:case-list",
    "holder": "confirmations:inbox",
    "agent": "confirmations:inbox",
}
CELERY_BEAT_SCHEDULE["send-due-deliveries"] = {"task": "notices.send_due_deliveries", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["send-consignee-notices"] = {"task": "confirmations.send_consignee_notices", "schedule": 60.0}
CELERY_BEAT_SCHEDULE.update(
    {
        "expire-recordals": {"task": "recordals.expire_recordals", "schedule": 3600.0},
        "recordal-expiry-reminders": {"task": "recordals.send_expiry_reminders", "schedule": 3600.0},
        "lapse-items": {"task": "confirmations.lapse_items", "schedule": 60.0},
        "deadline-reminders": {"task": "confirmations.send_deadline_reminders", "schedule": 60.0},
    }
)
# Once a day, seal every evidence chain head (Asia/Shanghai time); administrators download the seal.
CELERY_BEAT_SCHEDULE["seal-evidence"] = {"task": "confirmations.seal_evidence", "schedule": crontab(minute=50, hour=23)}
# Every 15 minutes, roll up the statistics of the 100 days before today (one row per day and dimension).
CELERY_BEAT_SCHEDULE["daily-figures"] = {"task": "confirmations.rebuild_daily_figures", "schedule": 900.0}

# The detention after the holder's answer: unbonded applications lapse at their deadline, goods without a
# court's notice are released after 50 working days, officers are reminded of investigations due.
CELERY_BEAT_SCHEDULE["lapse-applications"] = {"task": "confirmations.lapse_applications", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["release-without-court-notice"] = {
    "task": "confirmations.release_without_court_notice",
    "schedule": 600.0,
}
CELERY_BEAT_SCHEDULE["investigation-reminders"] = {
    "task": "confirmations.send_investigation_reminders",
    "schedule": 3600.0,
}

# Detention on the holder's application: the office reviews within this many working days; goods detained
# on it without a court's notice within 20 working days are released by this sweep.
PORTAL_DETENTION_REQUEST_REVIEW_DAYS = int(os.environ.get("PORTAL_DETENTION_REQUEST_REVIEW_DAYS", "3"))
CELERY_BEAT_SCHEDULE["release-requests-without-court-notice"] = {
    "task": "confirmations.release_requests_without_court_notice",
    "schedule": 600.0,
}
# An accepted application whose shipment has not come this many working days after its expected window expires.
PORTAL_DETENTION_REQUEST_EXPIRY_DAYS = int(os.environ.get("PORTAL_DETENTION_REQUEST_EXPIRY_DAYS", "10"))
CELERY_BEAT_SCHEDULE["expire-requests-without-shipment"] = {
    "task": "confirmations.expire_requests_without_shipment",
    "schedule": 3600.0,
}

# Demo data: each layer seeds its own part, in this order (python manage.py seed_demo).
PORTAL_DEMO_SEEDERS = [
    "portal.demo.seed",
    "recordals.demo.seed",
    "confirmations.demo.seed",
    "confirmations.demo_figures.seed",
    "confirmations.demo_watchlist.seed",
    "confirmations.demo_photo_match.seed",
    "confirmations.demo_consignee.seed",
]
