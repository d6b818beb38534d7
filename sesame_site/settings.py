"""Sesame settings, read once from the environment (see .env.example for every variable)."""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from core import logs

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SESAME_VAR_DIR", BASE_DIR / "var"))
load_dotenv(BASE_DIR / ".env")


def env(name: str, default: str = "") -> str:
    """Return an environment variable, or the default when unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """Return an environment variable read as a boolean."""
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    """Return an environment variable read as an integer."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "conversations",
    "live",
]

# Django's own middleware, as subclasses that skip the thread hop for hooks doing no I/O.
MIDDLEWARE = [
    "core.health.OpsEndpointsMiddleware",  # /healthz and /metrics, before the host check
    "core.metrics.RequestMetricsMiddleware",  # request id, latency, one log line
    "core.middleware.SecurityMiddleware",
    "core.middleware.WhiteNoiseMiddleware",  # WhiteNoise, async-capable (see module)
    "core.middleware.SessionMiddleware",
    "core.middleware.CommonMiddleware",
    "core.middleware.CsrfViewMiddleware",
    "core.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.MessageMiddleware",
    "core.middleware.XFrameOptionsMiddleware",
    "core.errors.DatabaseUnavailableMiddleware",  # 503 database_unavailable, not a bare 500
]
# Django's checks for those three look for its own paths; core/checks.py checks ours instead.
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003"]

ROOT_URLCONF = "sesame_site.urls"
ASGI_APPLICATION = "sesame_site.asgi.application"

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
                "core.context_processors.sesame",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
# Connections are kept for CONN_MAX_AGE seconds by the threads that serve requests (a pool, see
# core/request_threads.py) and live calls, and checked before reuse. A turn still gives its
# server connection back before waiting on Gemini (conversations.gemini.release_connection).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sesame.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so a Daphne process started by the tests sees the test database.
    # One per test run (by pid), so concurrent runs on one machine don't share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-sesame-{os.getpid()}.sqlite3")}
    # IMMEDIATE: a write transaction takes the lock when it begins, so concurrent writers wait
    # (timeout) instead of failing at once with "database is locked" on a lock upgrade.
    # WAL: readers never wait for the writer, and a commit costs no fsync (synchronous=NORMAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # The same backend, with this process's writers queued on a lock (see its docstring).
    DATABASES["default"]["ENGINE"] = "core.db.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channel layers: in memory for one process, Redis beyond that. "default" carries the users'
# events (/ws/events/, /healthz); "live" carries control events to live calls (an operator
# ends a call, the process stops), through a backend whose receive outlives a Redis restart.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # redis-py 8 reads with a 5 s timeout by default, which is exactly channels_redis'
    # blocking-pop time: every idle receive would fail. Read longer than the pop; connect
    # quickly, so an unreachable Redis is an error at once.
    _LAYER_CONFIG = {
        "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 2}]
    }
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": _LAYER_CONFIG},
        "live": {"BACKEND": "core.layers.ResilientRedisChannelLayer", "CONFIG": _LAYER_CONFIG},
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
        "live": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
    }
# The cache holds the throttles' counters (turns, sign-in attempts, sign-ups): shared by every
# process through Redis when REDIS_URL is set, in this process's memory otherwise.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sesame",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "chat"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # also creates var/ for the SQLite file
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded pictures live here and are only ever served through an authenticated view.
MEDIA_ROOT = Path(env("SESAME_MEDIA_ROOT", str(VAR_DIR / "media")))

# Production hardening: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Client addresses (sign-in and sign-up limits) come from X-Forwarded-For when this many
    # proxies stand in front of Daphne; unset: the socket's address.
    "NUM_PROXIES": env_int("SESAME_NUM_PROXIES", 0) if env("SESAME_NUM_PROXIES") else None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("SESAME_PAGE_SIZE", 50),
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # `?format=` belongs to the export endpoint, not to content negotiation.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sesame API",
    "DESCRIPTION": "Conversations with Gemini: text, pictures, voice and video in one thread.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Gemini. No key: the offline emulator (started by `make run`) answers instead.
GEMINI_API_KEY = env("GEMINI_API_KEY")
GEMINI_OFFLINE = not GEMINI_API_KEY
GEMINI_BASE_URL = env("GEMINI_BASE_URL")
GEMINI_CA_FILE = env("GEMINI_CA_FILE")
GEMINI_TEXT_MODEL = env("GEMINI_TEXT_MODEL", "gemini-2.5-flash")
GEMINI_LIVE_MODEL = env("GEMINI_LIVE_MODEL", "gemini-live-2.5-flash-preview")
GEMINI_VOICE = env("GEMINI_VOICE", "Puck")
SESAME_SYSTEM_INSTRUCTION = env(
    "SESAME_SYSTEM_INSTRUCTION",
    "You are Sesame, a friendly and concise assistant. The user may type, send pictures, "
    "speak, or share a camera or screen; answer in the same language they use.",
)

# Limits.
SESAME_MAX_TEXT_CHARS = env_int("SESAME_MAX_TEXT_CHARS", 100_000)
SESAME_MAX_IMAGES_PER_MESSAGE = env_int("SESAME_MAX_IMAGES_PER_MESSAGE", 8)
SESAME_MAX_IMAGE_BYTES = env_int("SESAME_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
SESAME_MAX_IMAGE_PIXELS = env_int("SESAME_MAX_IMAGE_PIXELS", 25_000_000)
SESAME_IMAGE_MAX_SIDE = env_int("SESAME_IMAGE_MAX_SIDE", 2048)
SESAME_TURN_RATE = env("SESAME_TURN_RATE", "30/min")
# Sign-in (login page, admin, POST /api/auth/token/): this many attempts per window per
# username and per client address, then a lockout that doubles each time (up to the maximum).
SESAME_SIGNIN_FAILURES_PER_USER = env_int("SESAME_SIGNIN_FAILURES_PER_USER", 5)
SESAME_SIGNIN_FAILURES_PER_ADDRESS = env_int("SESAME_SIGNIN_FAILURES_PER_ADDRESS", 20)
SESAME_SIGNIN_WINDOW_SECONDS = env_int("SESAME_SIGNIN_WINDOW_SECONDS", 60)
SESAME_SIGNIN_LOCKOUT_SECONDS = env_int("SESAME_SIGNIN_LOCKOUT_SECONDS", 60)
SESAME_SIGNIN_LOCKOUT_MAX_SECONDS = env_int("SESAME_SIGNIN_LOCKOUT_MAX_SECONDS", 3600)
SESAME_SIGNUP_RATE = env("SESAME_SIGNUP_RATE", "10/hour")
SESAME_MAX_LIVE_SESSIONS_PER_USER = env_int("SESAME_MAX_LIVE_SESSIONS_PER_USER", 3)
SESAME_MAX_LIVE_SECONDS = env_int("SESAME_MAX_LIVE_SECONDS", 3600)
# Live sessions: warn this long before the length cap ends a call; forward at most one camera
# frame per interval; seed a new Gemini session with at most this many stored messages (their
# pictures within the one budget of conversations/history.py); Gemini's context-window
# compression trigger (0: Gemini's default).
SESAME_LIVE_WARNING_SECONDS = env_int("SESAME_LIVE_WARNING_SECONDS", 60)
SESAME_CAMERA_FRAME_INTERVAL = float(env("SESAME_CAMERA_FRAME_INTERVAL", "1.0"))
SESAME_LIVE_HISTORY_MESSAGES = env_int("SESAME_LIVE_HISTORY_MESSAGES", 200)
SESAME_LIVE_COMPRESSION_TOKENS = env_int("SESAME_LIVE_COMPRESSION_TOKENS", 0)
SESAME_ICE_SERVERS = json.loads(env("SESAME_ICE_SERVERS", "[]"))
# WebRTC calls: the longest side of the pictures sent to Gemini (camera; screen, kept legible),
# the browser's video bitrate caps (kbit/s, b=AS in the answer), and how long the media
# connection may take to come up before the call ends.
SESAME_RTC_CAMERA_MAX_SIDE = env_int("SESAME_RTC_CAMERA_MAX_SIDE", 768)
SESAME_RTC_SCREEN_MAX_SIDE = env_int("SESAME_RTC_SCREEN_MAX_SIDE", 1280)
SESAME_RTC_CAMERA_KBPS = env_int("SESAME_RTC_CAMERA_KBPS", 300)
SESAME_RTC_SCREEN_KBPS = env_int("SESAME_RTC_SCREEN_KBPS", 1000)
SESAME_RTC_CONNECT_TIMEOUT = float(env("SESAME_RTC_CONNECT_TIMEOUT", "15"))
# Microphone audio goes to Gemini in pieces of this many ms: 20, or 40 (half the messages and
# less CPU per call, but about 20 ms more before a reply).
SESAME_RTC_AUDIO_CHUNK_MS = env_int("SESAME_RTC_AUDIO_CHUNK_MS", 20)
# A request body holds at most the allowed pictures, base64-encoded, plus the text.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "SESAME_MAX_REQUEST_BYTES",
    SESAME_MAX_IMAGES_PER_MESSAGE * SESAME_MAX_IMAGE_BYTES * 4 // 3 + 1024 * 1024,
)
# Request bodies (and uploaded files) up to this size are held in memory, larger ones in a
# temporary file: a turn with a full-size picture or two in base64 never touches the disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * SESAME_MAX_IMAGE_BYTES
# Any other request body (forms, JSON, a turn sent without credentials): refused with 413
# before it is read, by the guard in front of Django (core/edge.py).
SESAME_MAX_BODY_BYTES = env_int("SESAME_MAX_BODY_BYTES", 1024 * 1024)
# Freed memory a server process keeps for reuse rather than handing back (core/memory.py):
# large bodies are then not faulted in page by page on every request. 0 leaves glibc's default.
SESAME_MALLOC_KEEP_BYTES = env_int("SESAME_MALLOC_KEEP_BYTES", 256 * 1024 * 1024)

# Operations: who may read /metrics (addresses or networks), the live-call leases in Redis.
SESAME_METRICS_ALLOW = env_list("SESAME_METRICS_ALLOW", "127.0.0.1,::1")
SESAME_LIVE_LEASE_SECONDS = env_int("SESAME_LIVE_LEASE_SECONDS", 45)
# A live call winds down this long at most when the process is told to stop (SIGTERM).
SESAME_SHUTDOWN_SECONDS = float(env("SESAME_SHUTDOWN_SECONDS", "5"))

SESAME_LOG_FORMAT = env("SESAME_LOG_FORMAT", "plain")
LOGGING = logs.config(fmt=SESAME_LOG_FORMAT, level=env("SESAME_LOG_LEVEL", "INFO"))
