"""Settings, all from environment variables, parsed strictly (see docs/configuration.md)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from daihoi.lib.env import SettingError, envbool, envint, envlist, envstr
from daihoi.project.paths import data_dir, default_database_url, secret_key_from_data_dir

# Lets ModelForm[Model] and QuerySet[Model] be written in annotations at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DAIHOI_DEBUG", False)
SECRET_KEY = os.environ.get("DAIHOI_SECRET_KEY") or secret_key_from_data_dir()
if len(SECRET_KEY) < 50:
    raise SettingError("DAIHOI_SECRET_KEY: must be at least 50 characters long")

ALLOWED_HOSTS = envlist("DAIHOI_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# Behind HTTPS (a server, not a hall laptop on plain HTTP): secure cookies, HSTS, redirect.
HTTPS = envbool("DAIHOI_HTTPS", False)

INSTALLED_APPS = [
    "daihoi.accounts",
    "daihoi.audit",
    "daihoi.orgs",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "js_lib_htmx",
    "daihoi.web",
    "daihoi.api",
    "daihoi.campaigns",
    "daihoi.congress",
    "daihoi.reports",
    "daihoi.scanning",
    "daihoi.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "daihoi.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under /api/: every error as JSON (404, 403, 413, 500), never the HTML pages.
    "daihoi.api.middleware.JsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A fresh hall laptop opens on the page that loads its congress kit.
    "daihoi.transfer.middleware.FirstRunMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked sign-in into daihoi's lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "daihoi.project.urls"
WSGI_APPLICATION = "daihoi.project.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "daihoi.web.context.navigation",
                "daihoi.campaigns.context.panels",
                "daihoi.congress.context.panels",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL", "") or default_database_url()
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DAIHOI_DB_CONN_MAX_AGE", 0))
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise SettingError(f"DATABASE_URL={DATABASE_URL!r}: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # Take the write lock at BEGIN: no "database is locked" surprises between two
        # clerks' requests, and the audit chain is appended one writer at a time.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL: readers never block the writer; FULL: a keyed ballot survives a power cut.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes, daihoi.accounts.throttle): this many failures for one user
# name, or from one address, within the window lock that name or that address until the window
# after the last failure has passed. Each is cleared only by its own success.
LOGIN_MAX_FAILURES = envint("DAIHOI_LOGIN_MAX_FAILURES", 5)
LOGIN_WINDOW_SECONDS = envint("DAIHOI_LOGIN_WINDOW_SECONDS", 900)
AUTHENTICATION_BACKENDS = [
    "daihoi.accounts.throttle.Backend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(seconds=LOGIN_WINDOW_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # two separate counts, not a pair
AXES_RESET_ON_SUCCESS = False  # would clear the address too: daihoi.accounts.throttle clears
AXES_LOCKOUT_CALLABLE = "daihoi.accounts.throttle.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = envstr("DAIHOI_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("DAIHOI_STATIC_ROOT", str(data_dir() / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the installed package: no collectstatic step on a hall laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(envstr("DAIHOI_MEDIA_ROOT", str(data_dir() / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 1000  # a stack of scanned ballots, one image each

# Security: cookies, CSRF and headers.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("DAIHOI_SESSION_SECONDS", 12 * 3600)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = envlist("DAIHOI_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "daihoi.web.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("DAIHOI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("DAIHOI_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if envbool("DAIHOI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail (reminders to late organisations).
EMAIL_BACKEND = envstr("DAIHOI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("DAIHOI_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DAIHOI_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("DAIHOI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envstr("DAIHOI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("DAIHOI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DAIHOI_EMAIL_FROM", "daihoi@localhost")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("DAIHOI_LOG_LEVEL", "WARNING")},
}
