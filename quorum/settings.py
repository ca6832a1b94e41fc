"""Quorum's settings: one flat module, every variable in docs/configuration.md."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from quorum.env import env_bool, env_int, env_list, env_str

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "web.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "collectivites.middleware.CollectiviteMiddleware",
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
            ],
        },
    }
]

# Database: SQLite in var/ by default (the demo needs nothing installed),
# PostgreSQL or any other engine through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
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
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
QUORUM_MAX_UPLOAD_MB = env_int("QUORUM_MAX_UPLOAD_MB", 50)
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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("QUORUM_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("QUORUM_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("QUORUM_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_PRELOAD = env_bool("QUORUM_HSTS_PRELOAD", default=PRODUCTION)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("QUORUM_BEHIND_PROXY") else None
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("QUORUM_LOG_LEVEL", "INFO")},
    # unoserver's client tells every call, with its paths, at INFO.
    "loggers": {"unoserver": {"level": "WARNING"}},
}

# Where `make demo` finds the real documents it imports, when they are there.
QUORUM_CORPUS_DIR = Path(
    env_str("QUORUM_CORPUS_DIR", str(BASE_DIR.parent / "shared" / "corpus"))
)
