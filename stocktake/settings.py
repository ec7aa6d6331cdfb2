"""Settings, read from the environment with safe defaults.

`STOCKTAKE_ENV` is `production` unless set. Production refuses to start without a secret key
and allowed hosts, and refuses demo logins. `development` (what `make run` uses) generates a
local secret key under `var/` and allows the demo accounts. Bad values fail at start-up.
"""

from __future__ import annotations

import json
import os
import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STOCKTAKE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("STOCKTAKE_ENV", "production")
if ENVIRONMENT not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"STOCKTAKE_ENV must be production or development, not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("STOCKTAKE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("STOCKTAKE_DEBUG cannot be on when STOCKTAKE_ENV is production")

# Demo accounts (created by `stocktake load-demo`) may sign in only outside production.
DEMO_LOGINS_ALLOWED = not PRODUCTION


def _secret_key() -> str:
    key = os.environ.get("STOCKTAKE_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("Set STOCKTAKE_SECRET_KEY: production needs a secret key")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "STOCKTAKE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set STOCKTAKE_ALLOWED_HOSTS (comma-separated) in production")
CSRF_TRUSTED_ORIGINS = env_list("STOCKTAKE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before django_tasks_db: its `db_worker` command is replaced by one that also recovers
    # tasks whose worker died (stocktake.background).
    "stocktake.background",
    *(["django_tasks"] if not find_spec("django.tasks") else []),  # Django 6 has it built in
    "django_tasks_db",
    "stocktake.core",
    "stocktake.accounts",
    "stocktake.people",
    "stocktake.audit",
    "stocktake.plans",
    "stocktake.findings",
    "stocktake.imports",
    "stocktake.indicators",
    "stocktake.reports",
    "stocktake.chair",
    "stocktake.governance",
    "stocktake.quality",
    "stocktake.childdata",
    "stocktake.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Default deny: a view that declares no scope is not served (ADR 0012).
    "stocktake.core.middleware.ScopingMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "stocktake.urls"
WSGI_APPLICATION = "stocktake.wsgi.application"

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
                "stocktake.core.context_processors.service",
            ],
        },
    },
]

_default_sqlite = VAR_DIR / "stocktake.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{_default_sqlite}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["stocktake.accounts.backends.StocktakeBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STOCKTAKE_STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("build", VAR_DIR / "assets"),
]
WHITENOISE_USE_FINDERS = not PRODUCTION
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

# Evidence files are private: never served from MEDIA_URL, only through a scoped view.
MEDIA_ROOT = Path(os.environ.get("STOCKTAKE_MEDIA_ROOT", VAR_DIR / "media"))
EVIDENCE_MAX_BYTES = env_int("STOCKTAKE_EVIDENCE_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("STOCKTAKE_SESSION_HOURS", 12) * 3600
# Wrong passwords allowed for a username within the lock period before sign-in is refused.
SIGN_IN_ATTEMPTS = env_int("STOCKTAKE_SIGN_IN_ATTEMPTS", 5)
SIGN_IN_LOCK_MINUTES = env_int("STOCKTAKE_SIGN_IN_LOCK_MINUTES", 15)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("STOCKTAKE_HSTS_SECONDS", 0)

SERVICE_NAME = "Stocktake"

# A posted update's change of status or RAG is provisional until a lead accepts it. On, an
# update posted by someone who may review updates (a lead) is accepted as it is posted, with
# an automatic review row that says so.
STOCKTAKE_LEADS_UPDATES_ACCEPTED = env_bool("STOCKTAKE_LEADS_UPDATES_ACCEPTED", False)

# Small-number suppression by paper, following its audience: papers that are published (the
# scrutiny committee's, the chair's report to the minister) show counts from 1 to 5 as "c";
# internal board and management papers need not. Each value is a range like "1-5" or "none";
# a kind not listed follows INDICATOR_SUPPRESSION. STOCKTAKE_SUPPRESS_<KIND> overrides one,
# for example STOCKTAKE_SUPPRESS_BOARD_PACK=1-5.
_REPORT_SUPPRESSION_DEFAULTS = {
    "board-pack": "none",
    "weekly-highlight": "none",
    "audit-report": "none",
    "chair-report": "1-5",
    "scrutiny": "1-5",
}
STOCKTAKE_REPORT_SUPPRESSION = {
    kind: os.environ.get("STOCKTAKE_SUPPRESS_" + kind.upper().replace("-", "_"), default)
    for kind, default in _REPORT_SUPPRESSION_DEFAULTS.items()
}

# Links in emails (reminders) are absolute, so the service needs to know its own address.
# How often an improvement notice expects the Improvement Board to meet, in weeks (seed 001,
# 7.2: "expected to meet every 6 weeks"); the chair's duties calendar counts meetings by it.
STOCKTAKE_IMPROVEMENT_BOARD_WEEKS = env_int("STOCKTAKE_IMPROVEMENT_BOARD_WEEKS", 6)
STOCKTAKE_BASE_URL = os.environ.get("STOCKTAKE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email: printed to the console unless STOCKTAKE_EMAIL_BACKEND says smtp or notify.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "stocktake.governance.notify.NotifyEmailBackend",
}
_email_backend = os.environ.get("STOCKTAKE_EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"STOCKTAKE_EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}, not {_email_backend}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stocktake <stocktake@localhost>")
STOCKTAKE_NOTIFY_API_KEY = os.environ.get("STOCKTAKE_NOTIFY_API_KEY", "")
STOCKTAKE_NOTIFY_TEMPLATE_ID = os.environ.get("STOCKTAKE_NOTIFY_TEMPLATE_ID", "")

# Background work runs on Django's task framework (django-tasks, the backport of Django 6's
# django.tasks; ADR 15). STOCKTAKE_TASK_BACKEND names the backend: "database" (the default:
# tasks are rows in this database, run by `stocktake db_worker`), "immediate" (run at once in
# the caller: the tests), "dummy" (only recorded: tests of queuing), or the dotted path of any
# django-tasks backend (a Redis or cloud queue), given its options as JSON in
# STOCKTAKE_TASK_OPTIONS.
_TASKS_MODULE = "django.tasks" if find_spec("django.tasks") else "django_tasks"  # Django 6
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": f"{_TASKS_MODULE}.backends.immediate.ImmediateBackend",
    "dummy": f"{_TASKS_MODULE}.backends.dummy.DummyBackend",
}
STOCKTAKE_TASK_BACKEND = os.environ.get("STOCKTAKE_TASK_BACKEND", "database")
if STOCKTAKE_TASK_BACKEND not in _TASK_BACKENDS and "." not in STOCKTAKE_TASK_BACKEND:
    raise ImproperlyConfigured(
        "STOCKTAKE_TASK_BACKEND must be database, immediate, dummy or the dotted path of a "
        f"django-tasks backend, not {STOCKTAKE_TASK_BACKEND!r}"
    )
try:
    _task_options = json.loads(os.environ.get("STOCKTAKE_TASK_OPTIONS") or "{}")
except ValueError:
    raise ImproperlyConfigured("STOCKTAKE_TASK_OPTIONS must be a JSON object") from None
if not isinstance(_task_options, dict):
    raise ImproperlyConfigured("STOCKTAKE_TASK_OPTIONS must be a JSON object")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS.get(STOCKTAKE_TASK_BACKEND, STOCKTAKE_TASK_BACKEND),
        "QUEUES": ["default"],
        "OPTIONS": _task_options,
    }
}
# A database worker says it is alive every STOCKTAKE_WORKER_BEAT_SECONDS; a task whose worker
# has been silent for STOCKTAKE_WORKER_LOST_SECONDS (or whose process is gone) is run again,
# at most STOCKTAKE_TASK_MAX_ATTEMPTS times in all.
STOCKTAKE_WORKER_BEAT_SECONDS = env_int("STOCKTAKE_WORKER_BEAT_SECONDS", 10)
STOCKTAKE_WORKER_LOST_SECONDS = env_int("STOCKTAKE_WORKER_LOST_SECONDS", 60)
STOCKTAKE_TASK_MAX_ATTEMPTS = env_int("STOCKTAKE_TASK_MAX_ATTEMPTS", 3)
if STOCKTAKE_WORKER_LOST_SECONDS <= STOCKTAKE_WORKER_BEAT_SECONDS:
    raise ImproperlyConfigured(
        "STOCKTAKE_WORKER_LOST_SECONDS must be longer than STOCKTAKE_WORKER_BEAT_SECONDS"
    )

# PDF files are the Word file converted by STOCKTAKE_PDF_CONVERTER: "libreoffice" (the
# default), "none" (reports are issued in Word and Excel only: a server without LibreOffice,
# and the tests not marked `pdf`) or the dotted path of a converter function.
STOCKTAKE_PDF_CONVERTER = os.environ.get("STOCKTAKE_PDF_CONVERTER", "libreoffice")
if STOCKTAKE_PDF_CONVERTER not in ("libreoffice", "none") and "." not in STOCKTAKE_PDF_CONVERTER:
    raise ImproperlyConfigured(
        "STOCKTAKE_PDF_CONVERTER must be libreoffice, none or the dotted path of a converter, "
        f"not {STOCKTAKE_PDF_CONVERTER!r}"
    )
STOCKTAKE_REPORT_PDF_TIMEOUT = env_int("STOCKTAKE_REPORT_PDF_TIMEOUT", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("STOCKTAKE_LOG_LEVEL", "INFO")},
}
