"""Settings for Staffroom.

Development is the default: SQLite beside the code, console email, DEBUG on. Production is selected with
STAFFROOM_ENV=production, which turns DEBUG off and requires SECRET_KEY and ALLOWED_HOSTS from the environment.
Every production setting comes from the environment; docs/deploy.md lists them.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from staffroom.core.env import email_settings_from_env, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("STAFFROOM_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules or ENVIRONMENT == "test"

DEBUG = not PRODUCTION and os.environ.get("DEBUG", "1") == "1"

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
    ALLOWED_HOSTS = env_list(os.environ["ALLOWED_HOSTS"])
    # Needed behind a proxy that terminates TLS on another name or port, e.g. "https://staffroom.example.org".
    CSRF_TRUSTED_ORIGINS = env_list(os.environ.get("CSRF_TRUSTED_ORIGINS", ""))
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-staffroom-key-change-me-in-production")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "staffroom.core",
    "staffroom.organisations",
    "staffroom.accounts",
    "staffroom.frameworks",
    "staffroom.learning",
    "staffroom.appraisal",
    "staffroom.observation",
    "staffroom.evaluation",
    "staffroom.improvement",
    "staffroom.records",
    "staffroom.insights",
    "staffroom.talent",
    "staffroom.network",
    "staffroom.api",
    "ninja",
    "staffroom.research",
    "staffroom.community",
    "staffroom.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "staffroom.accounts.middleware.CurrentMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "staffroom.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes goes last so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]
if PRODUCTION:
    # Each app server serves its own collected, hashed static files, so no shared disk is needed for them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "staffroom.urls"
WSGI_APPLICATION = "staffroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "staffroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "staffroom.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# A read replica (PostgreSQL streaming replication) serves only the network-wide reports, which read a lot, can
# be a few seconds behind, and are never read straight after a write. Nothing else is routed to it, so nobody
# misses their own change.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["staffroom.core.db.PrimaryOnlyRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Plain queries instead of server-side cursors for .iterator() (forms' choice lists): three fewer round
        # trips each, and required behind a transaction-pooling PgBouncer.
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Without a busy timeout, SQLite answers "database is locked" to a second writer instead of waiting.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: people log in with their email; accounts are created by invitation or MIS import, never
# by open sign-up, so the adapter closes sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "staffroom.accounts.adapter.StaffroomAccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Staffroom] "
ACCOUNT_RATE_LIMITS = False if TESTING else {}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Staffroom"
# Schools choose which roles must use two-factor authentication (School.mfa_required_roles); the middleware
# enforces it. Only tests that are not about it turn it off (see conftest.py).
STAFFROOM_ENFORCE_MFA = True

# django-axes: lock an address+account pair after repeated failures, without letting an attacker lock a
# real teacher out from anywhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "staffroom.accounts.axes.username_from_attempt"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_VERBOSE = False

# Idle timeout: a session lives for SESSION_IDLE_MINUTES after the last request, renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English (UK)"))]
LOCALE_PATHS = [BASE_DIR / "staffroom" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "staffroom" / "static"]

# Evidence files are private: they live outside any served directory and are streamed only through views
# that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# On several app servers, private files go to an S3-compatible bucket instead (AWS S3, MinIO, Ceph, Scaleway…).
# The bucket stays private: objects are written with a private ACL and nothing links to them; downloads are
# streamed through the same permission-checked views as from disk.
if os.environ.get("STORAGE_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORAGE_BUCKET"],
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            "access_key": os.environ.get("STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("STORAGE_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("STORAGE_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
# Lesson videos; the proxy in front must accept a request body at least this big (docs/deploy.md).
OBSERVATION_VIDEO_MAX_BYTES = int(os.environ.get("OBSERVATION_VIDEO_MAX_BYTES", str(500 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Staffroom <no-reply@staffroom.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if PRODUCTION:
    # EMAIL_URL (smtp://user:password@host:587, smtps://… for implicit TLS) or the separate EMAIL_HOST… variables.
    _email = email_settings_from_env(os.environ)
    EMAIL_HOST = _email["host"]
    EMAIL_PORT = _email["port"]
    EMAIL_HOST_USER = _email["user"]
    EMAIL_HOST_PASSWORD = _email["password"]
    EMAIL_USE_TLS = _email["use_tls"]
    EMAIL_USE_SSL = _email["use_ssl"]
    EMAIL_TIMEOUT = 20

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Everything goes to standard output, one line per record, for systemd's journal or the container runtime.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    "loggers": {
        # Django logs every 4xx as a warning; bad requests are normal traffic, errors are what matter.
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}

# A bare page for the benchmark (bench/run) to measure the server itself; off everywhere else.
BENCH_ENDPOINTS = os.environ.get("STAFFROOM_BENCH", "0") == "1"

# Used in emails sent by background tasks, which have no request to build links from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Portable professional records (staffroom.records): limits on an uploaded archive, so that a zip bomb or a
# huge upload is refused before it is unpacked, and the fingerprints of other installations whose signatures
# this one trusts (comma-separated, as shown on their public key page).
RECORDS_MAX_ARCHIVE_BYTES = int(os.environ.get("RECORDS_MAX_ARCHIVE_BYTES", str(100 * 1024 * 1024)))
RECORDS_MAX_UNPACKED_BYTES = int(os.environ.get("RECORDS_MAX_UNPACKED_BYTES", str(300 * 1024 * 1024)))
RECORDS_MAX_ENTRIES = int(os.environ.get("RECORDS_MAX_ENTRIES", "2000"))
RECORDS_TRUSTED_FINGERPRINTS = [
    f.strip() for f in os.environ.get("RECORDS_TRUSTED_FINGERPRINTS", "").split(",") if f.strip()
]
