"""Settings for Một Cửa, read from the environment (see the configuration table in README.md).

Every variable is named `MOTCUA_…` and read through config/env.py, which still accepts the old unprefixed names
for one release, with a deprecation warning. Django's and the libraries' settings have their defaults here; the
apps' own settings have theirs in the app's `conf.py`, which is also where code reads them.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.accounts import conf as accounts_conf
from motcua.core import conf as core_conf
from motcua.dossiers import conf as dossiers_conf
from motcua.integrations import conf as integrations_conf
from motcua.notifications import conf as notifications_conf
from motcua.payments import conf as payments_conf
from motcua.portal import conf as portal_conf

from .env import env, env_bool, env_float, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("MOTCUA_VAR_DIR") or BASE_DIR / "var")


def _secret_key() -> str:
    """MOTCUA_SECRET_KEY from the environment, or one generated once and kept in VAR_DIR for the demo."""
    if key := env("MOTCUA_SECRET_KEY", old="SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("MOTCUA_DEBUG", False, old="DEBUG")
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]", old="ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", old="CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "motcua.core.apps.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "template_partials",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "motcua.core.apps.CoreConfig",
    "motcua.accounts",
    "motcua.geo",
    "motcua.org",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.payments",
    "motcua.reports",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.datastore",
    "motcua.portal",
    "motcua.integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the session and authentication: a database outage anywhere below answers 503 (docs/deploy.md).
    "motcua.core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, which reads the form fields this checks (motcua/core/input_guard.py).
    "motcua.core.input_guard.RefuseControlCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions and personal pages: idle expiry, the forced password change, no caching of what is personal.
    "motcua.accounts.middleware.SessionIdleMiddleware",
    "motcua.accounts.middleware.PasswordChangeRequiredMiddleware",
    "motcua.accounts.middleware.PrivateResponseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.portal.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL is the name hosting platforms and tools (dj-database-url, PaaS add-ons, CI services) set: it is
# accepted for good, after MOTCUA_DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("MOTCUA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}", convention="DATABASE_URL"),
        conn_max_age=env_int("MOTCUA_DATABASE_CONN_MAX_AGE", 60, old="DATABASE_CONN_MAX_AGE"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Citizens log in through the national identity (OpenID Connect, see motcua/accounts/identity.py);
# allauth is used for that only: staff and demo accounts use the project's own login page.
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ADAPTER = "motcua.accounts.identity.NationalIdentityAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SIGNUP_FIELDS = ["username*"]
MOTCUA_OIDC_CITIZEN_ID_CLAIM = env(
    "MOTCUA_OIDC_CITIZEN_ID_CLAIM",
    accounts_conf.NATIONAL_IDENTITY_DEFAULTS["CITIZEN_ID_CLAIM"],
    old="OIDC_CITIZEN_ID_CLAIM",
)
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
# Vietnamese dates are dd/mm/yyyy, shown and typed (motcua/core/formats/vi/formats.py); English keeps Django's.
FORMAT_MODULE_PATH = ["motcua.core.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("MOTCUA_STATIC_ROOT", old="STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MOTCUA_MEDIA_ROOT", old="MEDIA_ROOT") or VAR_DIR / "media")

# Files go through the storage API: local disk by default, S3-compatible object storage when
# MOTCUA_MEDIA_STORAGE=s3 (needs django-storages and the AWS_* variables it documents).
_MEDIA_BACKENDS = {
    "local": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
}
_media_storage = env("MOTCUA_MEDIA_STORAGE", "local", old="MEDIA_STORAGE")
if _media_storage not in _MEDIA_BACKENDS:
    raise ImproperlyConfigured(f"MOTCUA_MEDIA_STORAGE must be local or s3, not {_media_storage!r}.")
_media_backend = _MEDIA_BACKENDS[_media_storage]
STORAGES = {
    "default": {"BACKEND": _media_backend},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", False, old="SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions end when the browser closes, and after this long without a request (motcua.accounts.middleware):
# short for staff at shared counter PCs, longer for citizens and agents.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MOTCUA_STAFF_IDLE_MINUTES = env_int("MOTCUA_STAFF_IDLE_MINUTES", accounts_conf.STAFF_IDLE_MINUTES, minimum=1)
MOTCUA_CITIZEN_IDLE_MINUTES = env_int("MOTCUA_CITIZEN_IDLE_MINUTES", accounts_conf.CITIZEN_IDLE_MINUTES, minimum=1)
# A password-reset link works once, for an hour.
PASSWORD_RESET_TIMEOUT = 3600
# HTTPS only, remembered by browsers (sent on HTTPS requests; behind a proxy that needs MOTCUA_TRUST_PROXY).
SECURE_HSTS_SECONDS = env_int("MOTCUA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("MOTCUA_HSTS_PRELOAD")


def _proxy_hops(value: str) -> int:
    """MOTCUA_TRUST_PROXY: off, on (one reverse proxy) or the number of proxies in front of the web server."""
    value = value.strip().lower()
    if value == "":
        return core_conf.TRUST_PROXY
    if value in {"0", "false", "no", "off"}:
        return 0
    if value in {"1", "true", "yes", "on"}:
        return 1
    if value.isdigit():
        return int(value)
    raise ImproperlyConfigured(f"MOTCUA_TRUST_PROXY must be on, off or a number of proxies, not {value!r}.")


# Behind TLS-terminating proxies that set X-Forwarded-Proto and append to X-Forwarded-For: trust them for
# "is this HTTPS" and for the client's address (rate limits, motcua.core.ratelimit.client_ip); never otherwise.
MOTCUA_TRUST_PROXY = _proxy_hops(env("MOTCUA_TRUST_PROXY"))
if MOTCUA_TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _caches() -> dict:
    """One cache shared by every process and node (rate limits count in it): the database, or Redis."""
    url = env("MOTCUA_CACHE_URL").strip()
    if not url:
        # MAX_ENTRIES: culling would drop live counts, so only far more keys than a busy window makes.
        default = {
            "BACKEND": "motcua.core.cache.DatabaseCache",
            "LOCATION": "motcua_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    elif url.split("://", 1)[0] in {"redis", "rediss", "unix"}:
        default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        raise ImproperlyConfigured("MOTCUA_CACHE_URL must be a redis://, rediss:// or unix:// URL, or unset.")
    return {"default": default}


CACHES = _caches()

# The national identity's OpenID Connect provider (SOCIALACCOUNT_PROVIDERS below); no login button when unset.
_OIDC_SERVER_URL = env("MOTCUA_OIDC_SERVER_URL", old="OIDC_SERVER_URL")

# Centres run on intranets: every script, style and image comes from this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Logging in with the national identity posts to us and is redirected to the identity provider.
        "form-action": ["'self'", *filter(None, [_OIDC_SERVER_URL.rstrip("/")])],
    }
}

EMAIL_BACKEND = env("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", old="EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = env("MOTCUA_DEFAULT_FROM_EMAIL", "Một Cửa <no-reply@motcua.local>", old="DEFAULT_FROM_EMAIL")
EMAIL_HOST = env("MOTCUA_EMAIL_HOST", "localhost", old="EMAIL_HOST")
EMAIL_PORT = env_int("MOTCUA_EMAIL_PORT", 25, minimum=1, old="EMAIL_PORT")
# Seconds per SMTP operation: a mail server that hangs must not hold the worker up for good.
EMAIL_TIMEOUT = env_int("MOTCUA_EMAIL_TIMEOUT", 30, minimum=1, old="EMAIL_TIMEOUT")

# The apps' own settings; their defaults and meaning are in each app's conf.py.
# The public lookup's limits per client address (motcua/dossiers/conf.py).
MOTCUA_LOOKUP_PER_MINUTE = env_int("MOTCUA_LOOKUP_PER_MINUTE", dossiers_conf.LOOKUP_PER_MINUTE, old="LOOKUP_PER_MINUTE")
MOTCUA_LOOKUP_MISSES_PER_HOUR = env_int(
    "MOTCUA_LOOKUP_MISSES_PER_HOUR", dossiers_conf.LOOKUP_MISSES_PER_HOUR, minimum=1
)
# The service-points map: tile URL template and attribution (motcua/portal/conf.py). The map page's CSP allows
# the tiles' origin in img-src; no other page does.
MOTCUA_MAP_TILES = env("MOTCUA_MAP_TILES", portal_conf.MAP_TILES)
MOTCUA_MAP_ATTRIBUTION = env("MOTCUA_MAP_ATTRIBUTION", portal_conf.MAP_ATTRIBUTION)
MOTCUA_SMS_BACKEND = env("MOTCUA_SMS_BACKEND", notifications_conf.SMS_BACKEND, old="SMS_BACKEND")
MOTCUA_SMS_HOURS = notifications_conf.parse_hours(env("MOTCUA_SMS_HOURS", ""))
# Online payment (VietQR bank transfer, signed callbacks; docs/payments.md). The defaults are the demo bank's.
_PAYMENT = payments_conf.DEFAULTS
MOTCUA_PAYMENT = {
    "BANK_BIN": env("MOTCUA_PAYMENT_BANK_BIN", _PAYMENT["BANK_BIN"], old="PAYMENT_BANK_BIN"),
    "BANK_NAME": env("MOTCUA_PAYMENT_BANK_NAME", _PAYMENT["BANK_NAME"], old="PAYMENT_BANK_NAME"),
    "ACCOUNT": env("MOTCUA_PAYMENT_ACCOUNT", _PAYMENT["ACCOUNT"], old="PAYMENT_ACCOUNT"),
    "ACCOUNT_NAME": env("MOTCUA_PAYMENT_ACCOUNT_NAME", _PAYMENT["ACCOUNT_NAME"], old="PAYMENT_ACCOUNT_NAME"),
    "CALLBACK_SECRET": env(
        "MOTCUA_PAYMENT_CALLBACK_SECRET", _PAYMENT["CALLBACK_SECRET"], old="PAYMENT_CALLBACK_SECRET"
    ),
}
# The National Public Service Portal (docs/portal-sync.md). No URL: nothing is sent; messages wait.
_PORTAL = integrations_conf.PORTAL_DEFAULTS
MOTCUA_PORTAL = {
    "URL": env("MOTCUA_PORTAL_URL", _PORTAL["URL"], old="PORTAL_URL"),
    "TOKEN": env("MOTCUA_PORTAL_TOKEN", _PORTAL["TOKEN"], old="PORTAL_TOKEN"),
    "TIMEOUT": env_float("MOTCUA_PORTAL_TIMEOUT", _PORTAL["TIMEOUT"], old="PORTAL_TIMEOUT"),
    "MAX_ATTEMPTS": env_int(
        "MOTCUA_PORTAL_MAX_ATTEMPTS", _PORTAL["MAX_ATTEMPTS"], minimum=1, old="PORTAL_MAX_ATTEMPTS"
    ),
}
# The background worker (motcua/core/conf.py, docs/deploy.md).
MOTCUA_WORKER = {
    "STALE_SECONDS": env_int("MOTCUA_WORKER_STALE_SECONDS", core_conf.WORKER_DEFAULTS["STALE_SECONDS"], minimum=1)
}
# Uploaded scans: PDF, JPEG, PNG only, at most this many megabytes each, and PDFs of at most this many pages.
MOTCUA_MAX_UPLOAD_MB = env_int("MOTCUA_MAX_UPLOAD_MB", core_conf.MAX_UPLOAD_MB, minimum=1, old="MAX_UPLOAD_MB")
MOTCUA_MAX_UPLOAD_PAGES = env_int("MOTCUA_MAX_UPLOAD_PAGES", core_conf.MAX_UPLOAD_PAGES, minimum=1)
# Files of a form that failed validation, kept for it: hours kept, megabytes waiting per user at most.
MOTCUA_PENDING_UPLOAD_HOURS = env_int("MOTCUA_PENDING_UPLOAD_HOURS", core_conf.PENDING_UPLOAD_HOURS, minimum=1)
MOTCUA_PENDING_UPLOADS_MB = env_int("MOTCUA_PENDING_UPLOADS_MB", core_conf.PENDING_UPLOADS_MB, minimum=1)
# A request body other than multipart files: large enough for one such file in base64 in a JSON body (the API's
# signed authorisation), with a megabyte for the rest of the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = (MOTCUA_MAX_UPLOAD_MB * 1024 * 1024 * 4 + 2) // 3 + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("MOTCUA_LOG_LEVEL", "INFO", old="LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pypdf": {"level": "ERROR"},
    },
}


def _national_identity() -> dict:
    """The OpenID Connect provider of the national identity, from MOTCUA_OIDC_*; no login button when unset."""
    if not _OIDC_SERVER_URL:
        return {}
    defaults = accounts_conf.NATIONAL_IDENTITY_DEFAULTS
    app = {
        "provider_id": "vneid",
        "name": env("MOTCUA_OIDC_PROVIDER_NAME", defaults["PROVIDER_NAME"], old="OIDC_PROVIDER_NAME"),
        "client_id": env("MOTCUA_OIDC_CLIENT_ID", old="OIDC_CLIENT_ID"),
        "secret": env("MOTCUA_OIDC_CLIENT_SECRET", old="OIDC_CLIENT_SECRET"),
        "settings": {
            "server_url": _OIDC_SERVER_URL,
            "scope": env("MOTCUA_OIDC_SCOPE", defaults["SCOPE"], old="OIDC_SCOPE").split(),
        },
    }
    return {"openid_connect": {"APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = _national_identity()

# The site (motcua/core/conf.py): the province served, the demo, the address citizens use.
_SITE = core_conf.SITE_DEFAULTS
MOTCUA = {
    "PROVINCE_CODE": env("MOTCUA_PROVINCE", _SITE["PROVINCE_CODE"]),
    "DEMO": env_bool("MOTCUA_DEMO", _SITE["DEMO"]),
    "PUBLIC_URL": env("MOTCUA_PUBLIC_URL", _SITE["PUBLIC_URL"]).rstrip("/"),
}
