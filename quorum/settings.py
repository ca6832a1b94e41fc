"""Quorum's settings: one flat module, every variable in docs/configuration.md."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from quorum.env import env_bool, env_int, env_list, env_str
from quorum.file_storage import default_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("QUORUM_VAR_DIR", str(BASE_DIR / "var")))

# "demo" (the default: runs with nothing installed) or "production", which
# demands a secret key and real hosts and turns on every HTTPS protection.
QUORUM_ENV = env_str("QUORUM_ENV", "demo")
if QUORUM_ENV not in {"demo", "production"}:
    raise ImproperlyConfigured(
        f"QUORUM_ENV must be demo or production, got {QUORUM_ENV!r}"
    )
PRODUCTION = QUORUM_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
    SECRET_KEY = "demo-only-secret-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("QUORUM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "widget_tweaks",
    "dsfr",
    "django_tasks_db",
    "axes",
    "accounts",
    "collectivites",
    "documents",
    "journal",
    "portability",
    "demo",
    "web",
    "discussions",
    "notifications",
    "seances",
    "previews",
    "search",
    "dossiers",
    "convocations",
    "scheduling",
    "overview",
    "proceedings",
    "actes",
    "minutes",
    "publication",
    "guide",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "quorum.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionIdleMiddleware",
    "accounts.middleware.TwoFactorEnrolmentMiddleware",
    "web.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "collectivites.middleware.CollectiviteMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quorum.urls"
CSRF_FAILURE_VIEW = "web.views.errors.csrf_failure"
WSGI_APPLICATION = "quorum.wsgi.application"

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
                "web.context_processors.quorum",
                "guide.context_processors.guide",
            ],
            # French dates (« 1er décembre ») and elision in every template.
            "builtins": ["web.templatetags.french"],
        },
    }
]

# Database: SQLite in var/ by default (the demo needs nothing installed),
# PostgreSQL or any other engine through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Kept open between requests in production: a new PostgreSQL
        # connection costs several milliseconds (docs/deploiement.md).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates its file but not its folder: a fresh clone has no var/.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses any login while an address is locked.
    "accounts.backends.LockoutBackend",
    "accounts.backends.EmailBackend",
    "accounts.proconnect.ProConnectBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("QUORUM_PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
SESSION_COOKIE_AGE = env_int("QUORUM_SESSION_AGE", 14 * 24 * 3600)
# Without a page opened for this long, a session ends (accounts.middleware).
QUORUM_SESSION_IDLE_MINUTES = env_int("QUORUM_SESSION_IDLE_MINUTES", 120)
# Roles, e-mail addresses and the second factor change only within this
# many minutes of typing one's password.
QUORUM_REAUTH_MINUTES = env_int("QUORUM_REAUTH_MINUTES", 10)
QUORUM_LOGIN_LINK_MINUTES = env_int("QUORUM_LOGIN_LINK_MINUTES", 15)
# Retention of the logs about people (accounts.personal_data): the
# notifications, and the security logs (login links, e-mail requests,
# django-axes' attempts), erased each night after so many days. The journal
# is legal evidence and is never erased.
QUORUM_NOTIFICATION_RETENTION_DAYS = env_int("QUORUM_NOTIFICATION_RETENTION_DAYS", 365)
QUORUM_SECURITY_LOG_RETENTION_DAYS = env_int("QUORUM_SECURITY_LOG_RETENTION_DAYS", 180)
if min(QUORUM_NOTIFICATION_RETENTION_DAYS, QUORUM_SECURITY_LOG_RETENTION_DAYS) < 1:
    raise ImproperlyConfigured(
        "QUORUM_NOTIFICATION_RETENTION_DAYS and QUORUM_SECURITY_LOG_RETENTION_DAYS "
        "must be at least 1 day"
    )
# How many e-mails (new password, login link) one address, or one network
# address, may ask for in an hour.
QUORUM_EMAIL_REQUESTS_PER_HOUR = env_int("QUORUM_EMAIL_REQUESTS_PER_HOUR", 5)

# Brute force: django-axes locks an address tried from one network address
# after so many failures (password or second factor), for so many minutes.
AXES_FAILURE_LIMIT = env_int("QUORUM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("QUORUM_LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's, holding the e-mail
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are no one's business
AXES_VERBOSE = False  # its log lines carry addresses

# ProConnect, the State's OpenID Connect federation for agents: off unless
# configured (docs/configuration.md).
QUORUM_PROCONNECT = env_bool("QUORUM_PROCONNECT", default=False)
OIDC_RP_CLIENT_ID = env_str("QUORUM_PROCONNECT_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("QUORUM_PROCONNECT_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("QUORUM_PROCONNECT_AUTHORIZATION_URL")
OIDC_OP_TOKEN_ENDPOINT = env_str("QUORUM_PROCONNECT_TOKEN_URL")
OIDC_OP_USER_ENDPOINT = env_str("QUORUM_PROCONNECT_USERINFO_URL")
OIDC_OP_JWKS_ENDPOINT = env_str("QUORUM_PROCONNECT_JWKS_URL")
if QUORUM_PROCONNECT and not all(
    (
        OIDC_RP_CLIENT_ID,
        OIDC_RP_CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    )
):
    raise ImproperlyConfigured(
        "QUORUM_PROCONNECT needs QUORUM_PROCONNECT_CLIENT_ID, _CLIENT_SECRET, "
        "_AUTHORIZATION_URL, _TOKEN_URL, _USERINFO_URL and _JWKS_URL"
    )
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env_str(
    "QUORUM_PROCONNECT_SCOPES", "openid email given_name usual_name"
)
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
OIDC_CREATE_USER = False  # an agent is matched to an account, never created
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Set for production, where collectstatic gathers the files; the demo and the
# tests serve them from the apps through whitenoise.
STATIC_ROOT = env_str("QUORUM_STATIC_ROOT") or None
MEDIA_ROOT = Path(env_str("QUORUM_MEDIA_ROOT", str(VAR_DIR / "media")))
# The documents' bytes: in MEDIA_ROOT by default, in an S3-compatible
# object storage (django-storages) with QUORUM_STORAGE=s3: quorum/file_storage.py.
QUORUM_STORAGE = env_str("QUORUM_STORAGE", "filesystem")
STORAGES = {
    "default": default_storage_settings(),
    "staticfiles": {
        "BACKEND": env_str(
            "QUORUM_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# The DSFR's integrity hashes break once whitenoise's manifest storage
# rewrites its CSS, and browsers would then drop the styles.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# Without collectstatic (demo, tests), whitenoise serves from the apps.
WHITENOISE_USE_FINDERS = not PRODUCTION

# The State's identity (Marianne, "République française", gouv.fr links)
# is reserved to State services: an operator that is not one switches it off.
QUORUM_STATE_BRAND = env_bool("QUORUM_STATE_BRAND", default=True)
QUORUM_OPERATOR_NAME = env_str("QUORUM_OPERATOR_NAME", "Quorum")
# Where a person who cannot use a page writes (the Déclaration d'accessibilité).
QUORUM_ACCESSIBILITY_CONTACT = env_str("QUORUM_ACCESSIBILITY_CONTACT", "")
QUORUM_MAX_UPLOAD_MB = env_int("QUORUM_MAX_UPLOAD_MB", 50)
# What one collectivité may store, in MB (0: no limit); a collectivité's own
# "espace de stockage" (set by the operator in the admin) overrides it.
QUORUM_QUOTA_MB = env_int("QUORUM_QUOTA_MB", 10_240)
# The antivirus that clears uploads before anyone downloads them
# (documents/antivirus.py): auto, clamd, clamscan or none; and, with no
# scanner, whether files are accepted unscanned or held back.
QUORUM_ANTIVIRUS = env_str("QUORUM_ANTIVIRUS", "auto" if PRODUCTION else "none")
if QUORUM_ANTIVIRUS not in {"auto", "clamd", "clamscan", "none"}:
    raise ImproperlyConfigured(
        f"QUORUM_ANTIVIRUS must be auto, clamd, clamscan or none, got {QUORUM_ANTIVIRUS!r}"
    )
QUORUM_ANTIVIRUS_MISSING = env_str(
    "QUORUM_ANTIVIRUS_MISSING", "hold" if PRODUCTION else "accept"
)
if QUORUM_ANTIVIRUS_MISSING not in {"accept", "hold"}:
    raise ImproperlyConfigured(
        "QUORUM_ANTIVIRUS_MISSING must be accept or hold, got "
        f"{QUORUM_ANTIVIRUS_MISSING!r}"
    )
QUORUM_CLAMD_SOCKET = env_str("QUORUM_CLAMD_SOCKET")
QUORUM_CLAMSCAN_DATABASE = env_str("QUORUM_CLAMSCAN_DATABASE")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: printed on the console by default, a real SMTP server in production
# (QUORUM_EMAIL=smtp and the EMAIL_* variables).
_EMAIL_MODE = env_str("QUORUM_EMAIL", "smtp" if PRODUCTION else "console")
if _EMAIL_MODE == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
elif _EMAIL_MODE == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured(
        f"QUORUM_EMAIL must be console or smtp, got {_EMAIL_MODE!r}"
    )
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Quorum <ne-pas-repondre@quorum.invalid>"
)

# Background work (conversions, sending): Django's tasks API on the database.
TASKS = {
    "default": {
        "BACKEND": env_str("QUORUM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Office files become PDFs through a warm LibreOffice (unoserver) that each
# converting process starts on first use from this environment, made by
# `make venv`; empty, or without it, a cold LibreOffice converts each file.
_UNOSERVER_VENV = env_str("QUORUM_UNOSERVER_VENV", str(BASE_DIR / "var" / "unoserver"))
QUORUM_UNOSERVER_VENV = Path(_UNOSERVER_VENV) if _UNOSERVER_VENV else None
# 0: ports chosen by the system; else the first of the pairs tried in turn.
QUORUM_UNOSERVER_PORT = env_int("QUORUM_UNOSERVER_PORT", 0)
if QUORUM_UNOSERVER_PORT and not 1024 <= QUORUM_UNOSERVER_PORT <= 65000:
    raise ImproperlyConfigured(
        f"QUORUM_UNOSERVER_PORT must be 0 or a port from 1024 to 65000, "
        f"got {QUORUM_UNOSERVER_PORT}"
    )

# The hour (Europe/Paris) of the daily digest and of the review reminders,
# run by manage.py run_schedule.
QUORUM_DIGEST_HOUR = env_int("QUORUM_DIGEST_HOUR", 7)
if not 0 <= QUORUM_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(
        f"QUORUM_DIGEST_HOUR must be an hour from 0 to 23, got {QUORUM_DIGEST_HOUR}"
    )
# Changes made after a convocation is sent wait this many minutes without a
# new one, then leave as one message to each convened member.
QUORUM_CHANGE_NOTICE_QUIET_MINUTES = env_int("QUORUM_CHANGE_NOTICE_QUIET_MINUTES", 10)
if not 1 <= QUORUM_CHANGE_NOTICE_QUIET_MINUTES <= 240:
    raise ImproperlyConfigured(
        "QUORUM_CHANGE_NOTICE_QUIET_MINUTES must be from 1 to 240, got "
        f"{QUORUM_CHANGE_NOTICE_QUIET_MINUTES}"
    )

# Content-Security-Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", CSP.NONCE],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by quorum.headers on every answer: no camera, microphone, location…
QUORUM_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("QUORUM_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The scripts take the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # "__Host-": the browser keeps the cookie only if it came over HTTPS, for
    # the whole site and this exact host (no sub-domain may set or read it).
    SESSION_COOKIE_NAME = "__Host-quorum-session"
    CSRF_COOKIE_NAME = "__Host-quorum-csrf"
SECURE_SSL_REDIRECT = env_bool("QUORUM_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("QUORUM_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_PRELOAD = env_bool("QUORUM_HSTS_PRELOAD", default=PRODUCTION)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The health check of a load balancer comes over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("QUORUM_BEHIND_PROXY") else None
)

# Technical logs on stdout: "json" (the default in production) or "plain".
QUORUM_LOG_FORMAT = env_str("QUORUM_LOG_FORMAT", "json" if PRODUCTION else "plain")
if QUORUM_LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(
        f"QUORUM_LOG_FORMAT must be json or plain, got {QUORUM_LOG_FORMAT!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line, for the log collector of a deployment;
        # the time in ISO 8601 and UTC, as gunicorn's lines (gunicorn.conf.py).
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": QUORUM_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("QUORUM_LOG_LEVEL", "INFO")},
    # unoserver's client tells every call, with its paths, at INFO.
    # django-axes tells every login at INFO.
    "loggers": {"unoserver": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Adds /banc-essai/plafond/, a view that only answers "ok", through which
# `make bench` measures the server's ceiling. Off everywhere else.
QUORUM_BENCH_CEILING = env_bool("QUORUM_BENCH_CEILING", default=False)

# Where `make demo` finds the real documents it imports, when they are there.
QUORUM_CORPUS_DIR = Path(
    env_str("QUORUM_CORPUS_DIR", str(BASE_DIR.parent / "shared" / "corpus"))
)
