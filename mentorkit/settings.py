"""Settings for mentorkit, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from mentorkit.sso import config as sso_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MENTORKIT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# `make demo` and `make run` write var/local.env (`DEBUG=1`), so that the `mentorkit`
# command works afterwards for local use without exporting anything. The environment wins.
LOCAL_ENV_FILE = VAR_DIR / "local.env"


def _load_local_env(path: Path) -> None:
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value")
        os.environ.setdefault(name.strip(), value.strip())


_load_local_env(LOCAL_ENV_FILE)

DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off "
            "(for local use, run `make demo` or `make run`, or set DEBUG=1)"
        )
    # Local use: generate once, keep it in var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

BASE_URL = os.environ.get("MENTORKIT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
OPEN_SIGNUP = env_bool("MENTORKIT_OPEN_SIGNUP")
# Anonymous evaluations are released only in aggregates of at least this many responses.
MIN_ANONYMOUS_RESPONSES = max(3, int(os.environ.get("MENTORKIT_MIN_ANONYMOUS_RESPONSES", "5")))
INVITATION_DAYS = int(os.environ.get("MENTORKIT_INVITATION_DAYS", "14"))
# Seconds to wait for ORCID, PubMed or Crossref when importing publications online.
MENTORKIT_FETCH_TIMEOUT = float(os.environ.get("MENTORKIT_FETCH_TIMEOUT", "10"))
# NIH RePORTER's project search, for a trainee's awards (grants/reporter.py).
MENTORKIT_REPORTER_URL = os.environ.get(
    "MENTORKIT_REPORTER_URL", "https://api.reporter.nih.gov/v2/projects/search"
)
# Extra directories of rating instruments (YAML or JSON), separated by ":".
MENTORKIT_INSTRUMENT_DIRS = [
    d for d in os.environ.get("MENTORKIT_INSTRUMENT_DIRS", "").split(":") if d
]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of security keys uses it
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "mentorkit.sso.saml",  # allauth's SAML provider, remembering what single logout needs
    "mentorkit.sso.oidc",  # allauth's OpenID Connect provider, with a nonce (see there)
    "django_scim",
    "csp",
    "ninja",
    "mentorkit.accounts",
    "mentorkit.programs",
    "mentorkit.training",
    "mentorkit.matching",
    "mentorkit.teams",
    "mentorkit.meetings",
    "mentorkit.plans",
    "mentorkit.feedback",
    "mentorkit.growth",
    "mentorkit.outcomes",
    "mentorkit.grants",
    "mentorkit.reports",
    "mentorkit.api",
    "mentorkit.audit",
    "mentorkit.workspace",
    "mentorkit.sso",
    # Last: checks what the apps above registered (health providers, agenda sources).
    "mentorkit.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mentorkit.audit.middleware.CurrentRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentorkit.accounts.middleware.UserTimezoneMiddleware",
    "mentorkit.sso.two_factor.RequireTwoFactorMiddleware",
    "mentorkit.api.guards.RefuseNulMiddleware",
    "mentorkit.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "mentorkit.urls"
WSGI_APPLICATION = "mentorkit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mentorkit" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mentorkit.roles.context",
                "mentorkit.core.kept_pages.csrf",
            ],
        },
    }
]

# Form fields and widgets render through Jinja2 (mentorkit/core/forms.py): the same markup
# as the Django templates write, in a third of the time.
FORM_RENDERER = "mentorkit.core.forms.FormRenderer"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "mentorkit.sqlite3"),
            # Kept open between requests: opening the file and running the PRAGMAs below
            # cost more than many a page's queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 25,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA busy_timeout=25000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sessions: 12 hours unless "remember me" was ticked (2 weeks, see accounts.forms.LoginForm).
SESSION_COOKIE_AGE = 12 * 60 * 60
REMEMBER_ME_AGE = 14 * 24 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-allauth
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_ADAPTER = "mentorkit.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "mentorkit.accounts.forms.LoginForm",
    "signup": "mentorkit.accounts.forms.SignupForm",
}
# Failed sign-ins, counted by allauth (the one mechanism; see README, "Security"): five per
# account in 15 minutes, then that account waits out the rest of the 15 minutes, whoever
# tries; and, more leniently, 30 per address, so that one address cannot try many accounts.
# A success gives back what it consumed. Typing someone else's e-mail locks only that
# account; an e-mail that has no account locks nobody.
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 30
LOGIN_COOL_OFF_MINUTES = 15
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOGIN_FAILURES_PER_ADDRESS}/{LOGIN_COOL_OFF_MINUTES}m/ip,"
        f"{LOGIN_FAILURES_PER_ACCOUNT}/{LOGIN_COOL_OFF_MINUTES}m/key"
    ),
}
# Behind a proxy, the client's address is the one the last N proxies added; without this,
# every sign-in would seem to come from the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("MENTORKIT_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Security keys and passkeys as a second factor: over HTTPS, or over plain HTTP for local use.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Two-factor sign-in required of: "off" (nobody), "directors" (program directors and site
# staff), or "everyone"; a program can require it of its own people (Program.two_factor).
REQUIRE_MFA = os.environ.get("MENTORKIT_REQUIRE_MFA", "off").strip().lower() or "off"
if REQUIRE_MFA not in ("off", "directors", "everyone"):
    raise SystemExit(
        f"mentorkit: MENTORKIT_REQUIRE_MFA={REQUIRE_MFA!r}: must be off, directors or everyone"
    )

# Institution sign-in (README, "Institution sign-in"): the identity providers in the JSON file
# MENTORKIT_SSO_CONFIG names. A file that does not validate stops start-up with one line.
SSO_CONFIG = os.environ.get("MENTORKIT_SSO_CONFIG", "")
try:
    SSO_PROVIDERS = sso_config.load(SSO_CONFIG) if SSO_CONFIG else []
except sso_config.SSOConfigError as exc:
    raise SystemExit(f"mentorkit: MENTORKIT_SSO_CONFIG={exc}") from None
SOCIALACCOUNT_PROVIDERS = sso_config.socialaccount_providers(SSO_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "mentorkit.sso.adapter.SocialAccountAdapter"
# The first sign-in creates the account from what the IdP asserted (just in time). An
# account that already has the address is linked only once its owner has signed in to it
# and connected the provider: never by the e-mail address alone.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# SCIM 2.0 under /scim/v2/ (django-scim2): each provider's people, with its own bearer token.
_BASE = BASE_URL.split("://", 1)
SCIM_SERVICE_PROVIDER = {
    "SCHEME": _BASE[0],
    "NETLOC": _BASE[1].split("/", 1)[0],
    "USER_ADAPTER": "mentorkit.sso.scim.ScimUser",
    "SERVICE_PROVIDER_CONFIG_MODEL": "mentorkit.sso.scim.ServiceProviderConfig",
    "USER_FILTER_PARSER": "mentorkit.sso.scim_filters.ScimUserFilter",
    "AUTH_CHECK_MIDDLEWARE": "mentorkit.sso.scim.ScimTokenCheck",
    "GET_EXTRA_MODEL_FILTER_KWARGS_GETTER": "mentorkit.sso.scim.scoped_filter_kwargs",
    "AUTHENTICATION_SCHEMES": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token for one identity provider: `mentorkit sso scim-token`.",
            "primary": True,
        }
    ],
}

# The cache holds the sign-in counts above, so it is shared by every worker and machine:
# a table in the database (created by `mentorkit migrate`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mentorkit_cache",
    },
    # Kept page bodies (core.kept_pages): each worker's memory. Their keys hold the versions
    # of what they show, so a worker never serves one after a change made in another.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mentorkit-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# Content Security Policy: nothing from other origins, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY = sso_config.content_security_policy(CONTENT_SECURITY_POLICY, SSO_PROVIDERS)

# Security headers; HTTPS settings follow the base URL.
HTTPS = BASE_URL.startswith("https://")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("MENTORKIT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("MENTORKIT_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("MENTORKIT_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS and not CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS = [BASE_URL]

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mentorkit <mentorkit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "mentorkit" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("MENTORKIT_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Invitation links, calendar addresses and reset links are credentials: never logged.
    "filters": {"redact_secrets": {"()": "mentorkit.core.logs.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django names the path of every 4xx ("Not Found: /invitations/…"); redacted at the source.
    "loggers": {"django.request": {"filters": ["redact_secrets"]}},
}
