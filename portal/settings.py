"""Settings for the Member Support Portal.

Everything that differs between a laptop and production is read from the
environment through the small helpers below, which fail loudly on a value they
cannot understand. The defaults make local development work.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {raw!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# Off unless asked for: a forgotten setting must not show visitors the technical
# error pages (which list every URL) in production.
DEBUG = envbool("DJANGO_DEBUG", False)
# The demo on this machine (`make run`, the tests): production behaviour (the
# portal's own error pages) but plain http and cookies without the Secure flag,
# which only works on loopback. Refused with any other host name.
LOCAL_DEMO = envbool("PORTAL_LOCAL_DEMO", False)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or LOCAL_DEMO):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on-0123456789"

# Fernet keys for secrets kept at rest (TOTP keys, queued email): the first
# encrypts, all decrypt. Development falls back to a key derived from SECRET_KEY.
PORTAL_ENCRYPTION_KEYS = envlist("PORTAL_ENCRYPTION_KEYS")
if not PORTAL_ENCRYPTION_KEYS:
    if not (DEBUG or LOCAL_DEMO):
        raise ImproperlyConfigured(
            "PORTAL_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off (one or more Fernet keys)."
        )
    PORTAL_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
for _key in PORTAL_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "Each PORTAL_ENCRYPTION_KEYS entry must be a Fernet key (32 url-safe base64-encoded bytes)."
        ) from None

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or LOCAL_DEMO else "")
if LOCAL_DEMO and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "PORTAL_LOCAL_DEMO serves plain http on this machine only: DJANGO_ALLOWED_HOSTS may list only "
        "127.0.0.1, localhost and ::1. Turn it off in production."
    )
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
# Absolute address of the site, for links in emails sent by background tasks.
SITE_URL = envstr("PORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
COUNCIL_NAME = envstr("PORTAL_COUNCIL_NAME", "Fellbridge District Council")
MONITORING_OFFICER_EMAIL = envstr("PORTAL_MONITORING_OFFICER_EMAIL", "monitoring.officer@example.org")
MEMBER_SUPPORT_EMAIL = envstr("PORTAL_MEMBER_SUPPORT_EMAIL", "member.support@example.org")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    # The portal's own apps, lowest layer first (the import contract in
    # pyproject.toml keeps it so): portal < guidance < training <
    # advice | complaints | interests < reports.
    "portal",
    "guidance",
    "training",
    "advice",
    "complaints",
    "interests",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.request_guard.RequestGuardMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # /alive/ and /health/ answer here, with the headers above, before anything reads the
    # session from the database.
    "portal.health.ProbeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person's permissions from the cache (two queries fewer on every page).
    "portal.permission_cache.PermissionCacheMiddleware",
    "portal.request_guard.PrivateByDefaultMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware, so the sign-in page can say why someone was signed out.
    "portal.middleware.IdleTimeoutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, writing its record at most once a minute.
    "portal.middleware.UserSessionsMiddleware",
    "portal.middleware.RequireMFAMiddleware",
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
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL only. DATABASE_URL wins; otherwise the local server.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/member_portal"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("The portal runs on PostgreSQL only; DATABASE_URL must be postgres://…")
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = envint("DATABASE_CONNECT_TIMEOUT", 5)
# PostgreSQL's JIT compiler spends seconds compiling the report queries (whose
# correlated subqueries look costly to the planner) to save milliseconds; web
# requests are better off without it.
if not envbool("DATABASE_JIT", False):
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
DATABASES["default"]["TEST"] = {"NAME": envstr("DATABASE_TEST_NAME", "test_member_portal")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared between processes, because login rate limits live in it.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
    # Sessions are written to the database and kept in Redis too, so a page reads its
    # session without a query. Every way a session ends (signing out, "sign out my other
    # sessions", a password change) goes through the session store, which clears both.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# Background work: Django's tasks framework on the database (manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Invitations use the password-reset page, so give invitees a week; a link
# someone asks for to reset a forgotten password lasts an hour (portal/tokens.py).
PASSWORD_RESET_TIMEOUT = envint("PORTAL_INVITATION_DAYS", 7) * 24 * 3600
PORTAL_PASSWORD_RESET_SECONDS = envint("PORTAL_PASSWORD_RESET_SECONDS", 3600)
if not 0 < PORTAL_PASSWORD_RESET_SECONDS <= PASSWORD_RESET_TIMEOUT:
    raise ImproperlyConfigured(
        "PORTAL_PASSWORD_RESET_SECONDS must be positive and at most the invitation days."
    )
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "portal.tokens.PasswordLinkTokenGenerator"

# django-allauth: email and password, no public sign-up, no enumeration.
ACCOUNT_ADAPTER = "portal.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
# A reset request for an unknown address gets the same page and no email at all.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{COUNCIL_NAME} member portal] "
ACCOUNT_RATE_LIMITS = {
    # The sixth wrong password for one account within five minutes is refused.
    "login_failed": "20/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # The public complaint form (complaints.ratelimit): per address, and per email without its +tag.
    "complaint_from_address": "10/h/ip",
    "complaint_from_email": "5/d/key",
    # "Send the email again" on the public "check your email" page.
    "complaint_confirmation_resend": "6/h/ip,3/h/key",
    # Its councillor picker's searches: a person types a few names, a scraper many.
    "complaint_member_search": "60/m/ip",
}
# How many reverse proxies in front of the site add to X-Forwarded-For: the
# client's address is read that many entries from the right. 0 trusts none.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("PORTAL_TRUSTED_PROXY_COUNT", 0)
MFA_ADAPTER = "portal.adapters.PortalMFAAdapter"
ACCOUNT_FORMS = {
    "change_password": "portal.account_forms.ChangePasswordForm",
    "set_password": "portal.account_forms.SetPasswordForm",
    "reset_password": "portal.account_forms.ResetPasswordForm",
    "reset_password_from_key": "portal.account_forms.ResetPasswordKeyForm",
    "reauthenticate": "portal.account_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "portal.account_forms.AuthenticateForm",
    "reauthenticate": "portal.account_forms.MFAReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"{COUNCIL_NAME} member portal"
USERSESSIONS_TRACK_ACTIVITY = True

# Sessions end after two hours without activity, and twelve hours after
# signing in whatever the activity (IdleTimeoutMiddleware).
SESSION_IDLE_SECONDS = envint("PORTAL_SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_ABSOLUTE_SECONDS = envint("PORTAL_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.static_storage.PortalStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files live outside any public URL and are served through views
# that check permission.
MEDIA_ROOT = Path(envstr("PORTAL_MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))

# The largest file anyone may upload (attachments, evidence, certificates).
UPLOAD_MAX_BYTES = envint("PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The whole request body, files included (portal.request_guard answers 413 above it):
# room for the largest form, five files of UPLOAD_MAX_BYTES, and its text.
REQUEST_MAX_BYTES = envint("PORTAL_REQUEST_MAX_BYTES", 60 * 1024 * 1024)
# Evidence an anonymous visitor may send with public complaints, per client address per hour;
# it waits in quarantine until the complainant confirms their email (complaints.ratelimit).
COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR = envint("PORTAL_PUBLIC_EVIDENCE_BYTES_PER_HOUR", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Guidance: months between reviews unless a document says otherwise.
GUIDANCE_DEFAULT_REVIEW_MONTHS = envint("PORTAL_GUIDANCE_REVIEW_MONTHS", 12)

# Ask the Monitoring Officer: working days to answer, by priority.
ADVICE_TARGET_WORKING_DAYS = {
    "urgent": envint("PORTAL_ADVICE_URGENT_DAYS", 2),
    "normal": envint("PORTAL_ADVICE_NORMAL_DAYS", 5),
    "low": envint("PORTAL_ADVICE_LOW_DAYS", 10),
}

# Standards complaints: working-day targets per stage, review of "no further
# action" decisions, and how long closed cases keep personal data.
COMPLAINT_TARGET_WORKING_DAYS = {
    "acknowledgement": envint("PORTAL_COMPLAINT_ACK_DAYS", 5),
    "subject_response": envint("PORTAL_COMPLAINT_RESPONSE_DAYS", 10),
    "initial_assessment": envint("PORTAL_COMPLAINT_ASSESSMENT_DAYS", 20),
}
COMPLAINT_ALLOW_NFA_REVIEW = envbool("PORTAL_COMPLAINT_ALLOW_NFA_REVIEW", True)
COMPLAINT_RETENTION_YEARS = envint("PORTAL_COMPLAINT_RETENTION_YEARS", 6)
# Complaint references read PREFIX/YEAR/NUMBER; blank means the council name's initials (FDC).
COMPLAINT_REFERENCE_PREFIX = envstr("PORTAL_COMPLAINT_REFERENCE_PREFIX", "")

# Email (Django 6.1 mailers). SMTP in production; the console when debugging.
EMAIL_BACKEND_PATH = envstr(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or LOCAL_DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": {}}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": envstr("DJANGO_EMAIL_HOST", "localhost"),
        "port": envint("DJANGO_EMAIL_PORT", 25),
        "username": envstr("DJANGO_EMAIL_HOST_USER"),
        "password": envstr("DJANGO_EMAIL_HOST_PASSWORD"),
        "use_tls": envbool("DJANGO_EMAIL_USE_TLS", False),
        "timeout": envint("DJANGO_EMAIL_TIMEOUT", 20),
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    # One file per connection in this folder (the two-node test counts what was sent).
    MAILERS["default"]["OPTIONS"] = {
        "file_path": envstr("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
    }
DEFAULT_FROM_EMAIL = envstr("DJANGO_DEFAULT_FROM_EMAIL", "Member Support <member.support@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The CSP is strict: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^alive/$", r"^health/$"]
if not (DEBUG or LOCAL_DEMO):
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Secure-language"
    LANGUAGE_COOKIE_SECURE = True
    if envbool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Health check: answer 503 within this many seconds when the database is away.
HEALTH_DATABASE_TIMEOUT = envfloat("PORTAL_HEALTH_TIMEOUT", 1.5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Registers of interests: gifts and hospitality worth this many pounds or more must be
# registered; interests, changes and gifts within so many days; a yearly confirmation
# that the register is still right, asked for from this month (1-12).
INTERESTS_GIFT_THRESHOLD_POUNDS = envint("PORTAL_INTERESTS_GIFT_THRESHOLD", 50)
INTERESTS_REGISTRATION_DAYS = envint("PORTAL_INTERESTS_REGISTRATION_DAYS", 28)
INTERESTS_ANNUAL_CONFIRMATION_MONTH = envint("PORTAL_INTERESTS_ANNUAL_MONTH", 5)
