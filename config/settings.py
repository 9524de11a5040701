"""Settings for Một Cửa, read from the environment (see the configuration table in README.md)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return number


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once and kept in VAR_DIR for the demo."""
    if key := os.environ.get("SECRET_KEY"):
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
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
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
MOTCUA_OIDC_CITIZEN_ID_CLAIM = os.environ.get("OIDC_CITIZEN_ID_CLAIM", "citizen_id")
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
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Files go through the storage API: local disk by default, S3-compatible object storage when
# MEDIA_STORAGE=s3 (needs django-storages and the AWS_* variables it documents).
_media_backend = {
    "local": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
}[os.environ.get("MEDIA_STORAGE", "local")]
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
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions end when the browser closes, and after this long without a request (motcua.accounts.middleware):
# short for staff at shared counter PCs, longer for citizens and agents.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MOTCUA_STAFF_IDLE_MINUTES = env_int("MOTCUA_STAFF_IDLE_MINUTES", 15, minimum=1)
MOTCUA_CITIZEN_IDLE_MINUTES = env_int("MOTCUA_CITIZEN_IDLE_MINUTES", 60, minimum=1)
# A password-reset link works once, for an hour.
PASSWORD_RESET_TIMEOUT = 3600
# HTTPS only, remembered by browsers (sent on HTTPS requests; behind a proxy that needs MOTCUA_TRUST_PROXY).
SECURE_HSTS_SECONDS = env_int("MOTCUA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("MOTCUA_HSTS_PRELOAD")


def _proxy_hops(value: str) -> int:
    """MOTCUA_TRUST_PROXY: off, on (one reverse proxy) or the number of proxies in front of the web server."""
    value = value.strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return 0
    if value in {"1", "true", "yes", "on"}:
        return 1
    if value.isdigit():
        return int(value)
    raise ImproperlyConfigured(f"MOTCUA_TRUST_PROXY must be on, off or a number of proxies, not {value!r}.")


# Behind TLS-terminating proxies that set X-Forwarded-Proto and append to X-Forwarded-For: trust them for
# "is this HTTPS" and for the client's address (rate limits, motcua.core.ratelimit.client_ip); never otherwise.
MOTCUA_TRUST_PROXY = _proxy_hops(os.environ.get("MOTCUA_TRUST_PROXY", ""))
if MOTCUA_TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _caches() -> dict:
    """One cache shared by every process and node (rate limits count in it): the database, or Redis."""
    url = os.environ.get("MOTCUA_CACHE_URL", "").strip()
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

# Centres run on intranets: every script, style and image comes from this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Logging in with the national identity posts to us and is redirected to the identity provider.
        "form-action": ["'self'", *filter(None, [os.environ.get("OIDC_SERVER_URL", "").rstrip("/")])],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Một Cửa <no-reply@motcua.local>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# The public lookup's limit per client address and minute (page and API together), and the stricter one on
# codes that match no dossier: past it, the address gets no answer at all for the rest of the hour.
MOTCUA_LOOKUP_PER_MINUTE = int(os.environ.get("LOOKUP_PER_MINUTE", "60"))
MOTCUA_LOOKUP_MISSES_PER_HOUR = env_int("MOTCUA_LOOKUP_MISSES_PER_HOUR", 20, minimum=1)
MOTCUA_SMS_BACKEND = os.environ.get("SMS_BACKEND", "motcua.notifications.services.ConsoleSms")
# Online payment (VietQR bank transfer, signed callbacks; see docs/payments.md). Defaults are demo values.
MOTCUA_PAYMENT = {
    "BANK_BIN": os.environ.get("PAYMENT_BANK_BIN", "970415"),
    "BANK_NAME": os.environ.get("PAYMENT_BANK_NAME", "VietinBank (DEMO)"),
    "ACCOUNT": os.environ.get("PAYMENT_ACCOUNT", "113366668888"),
    "ACCOUNT_NAME": os.environ.get("PAYMENT_ACCOUNT_NAME", "TRUNG TAM PHUC VU HANH CHINH CONG HN (DEMO)"),
    "CALLBACK_SECRET": os.environ.get("PAYMENT_CALLBACK_SECRET", ""),
}
# The National Public Service Portal (docs/portal-sync.md). No PORTAL_URL: nothing is sent; messages wait.
MOTCUA_PORTAL = {
    "URL": os.environ.get("PORTAL_URL", ""),
    "TOKEN": os.environ.get("PORTAL_TOKEN", ""),
    "TIMEOUT": float(os.environ.get("PORTAL_TIMEOUT", "5")),
    "MAX_ATTEMPTS": int(os.environ.get("PORTAL_MAX_ATTEMPTS", "10")),
}
# The background worker (docs/deploy.md): /readyz calls it stale after this many seconds without a heartbeat.
MOTCUA_WORKER = {"STALE_SECONDS": int(os.environ.get("MOTCUA_WORKER_STALE_SECONDS", "120"))}
# Seconds per SMTP operation: a mail server that hangs must not hold the worker up for good.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Uploaded scans: PDF, JPEG, PNG only, at most this many megabytes each, and PDFs of at most this many pages.
MOTCUA_MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "20"))
MOTCUA_MAX_UPLOAD_PAGES = int(os.environ.get("MOTCUA_MAX_UPLOAD_PAGES", "500"))
# A request body other than multipart files: large enough for one such file in base64 in a JSON body (the API's
# signed authorisation), with a megabyte for the rest of the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = (MOTCUA_MAX_UPLOAD_MB * 1024 * 1024 * 4 + 2) // 3 + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pypdf": {"level": "ERROR"},
    },
}


def _national_identity() -> dict:
    """The OpenID Connect provider of the national identity, from OIDC_*; no login button when unset."""
    if not (server_url := os.environ.get("OIDC_SERVER_URL")):
        return {}
    app = {
        "provider_id": "vneid",
        "name": os.environ.get("OIDC_PROVIDER_NAME", "VNeID"),
        "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
        "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "settings": {"server_url": server_url, "scope": os.environ.get("OIDC_SCOPE", "openid profile email").split()},
    }
    return {"openid_connect": {"APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = _national_identity()

MOTCUA = {
    # The province this deployment serves (code from the national list of administrative units).
    "PROVINCE_CODE": os.environ.get("MOTCUA_PROVINCE", "01"),
    "DEMO": env_bool("MOTCUA_DEMO", False),
    # Where citizens reach this deployment; links in notifications and QR codes point here.
    "PUBLIC_URL": os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
}
