"""Settings shared by every environment. Values that differ between environments are
read from the environment through django-environ; see ``.env.example``."""

from pathlib import Path

import environ
from celery.schedules import crontab

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SITE_NAME = "Cradle"
WAGTAIL_SITE_NAME = SITE_NAME

INSTALLED_APPS = [
    "lms",
    "courses",
    "echo",
    "certificates",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "lms.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.LearnerTimezoneMiddleware",
    "lms.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_chrome",
            ],
        },
    },
]

# Databases: SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "lms.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Sign-up says plainly when an address is taken (rate limits bound enumeration).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cradle] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Rates are per IP address and, where allauth keys them, per e-mail address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_RECOVERY_CODE_COUNT = 10


# Internationalisation and time
LANGUAGE_CODE = "en-us"
LANGUAGES = [("en-us", _("English"))]
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Learners' evidence and other private files: outside MEDIA_ROOT, never given a URL,
# served only by views that check permission.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cradle <no-reply@cradle.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Cache: per-process memory unless REDIS_URL is set (production shares one Redis).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only after it ran, so a worker that dies mid-task hands the
# message back to the broker; tasks must therefore be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that then died without a word (SIGKILL, a lost
# machine) goes back to its queue after this long; the certificates sweep finishes
# such work sooner (docs/reliability.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# The queue tasks are sent to and workers read. Give each deployment (and each test
# worker) its own when several share one Redis database.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Keep a worker's database connection across tasks (lms/celery.py closes it when it
# is older than CONN_MAX_AGE or broken, as requests do); reconnecting for every
# task cost PostgreSQL more CPU than the certificate renders' own queries.
CELERY_DB_REUSE_MAX = 1000
CELERY_BEAT_SCHEDULE = {
    "sessions-clear-expired": {
        "task": "lms.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=17),
    },
    "certificates-sweep": {
        "task": "certificates.tasks.certificates_sweep",
        "schedule": crontab(minute="*/5"),
    },
    "echo-reminders": {
        "task": "echo.tasks.reminders_send",
        "schedule": crontab(minute="*/5"),
    },
}

# Certificates
# The organisation named on certificates, on the verification page and in the Open
# Badges issuer profile.
CERTIFICATE_ISSUER_NAME = env(
    "CERTIFICATE_ISSUER_NAME", default="Oklahoma Association for Infant Mental Health"
)
# A render that failed is retried this many times in all (by the task's own backoff
# and then by the sweep) before it waits for an administrator.
CERTIFICATE_RENDER_MAX_ATTEMPTS = env.int("CERTIFICATE_RENDER_MAX_ATTEMPTS", default=6)
# The sweep re-queues a certificate left pending (or failed) this long.
CERTIFICATE_STUCK_MINUTES = env.int("CERTIFICATE_STUCK_MINUTES", default=15)
# Look-ups of the public verification page per client address per minute.
CERTIFICATE_VERIFY_RATE = env.int("CERTIFICATE_VERIFY_RATE", default=30)

# Wagtail
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Lessons attach captions (WebVTT), video and audio as documents.
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "docx", "xlsx", "pptx", "txt", "csv", "vtt"),
    *("mp4", "webm", "ogv", "m4v", "mp3", "ogg", "oga", "opus", "m4a", "wav"),
]
# Uploaded documents must also be what their names say (lms/forms/documents.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lms.forms.documents.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_BYTES", default=100 * 1024 * 1024)
# Images: Wagtail checks that the content is an image of the format the name says.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Security defaults common to every environment; production tightens the rest.
# See docs/security.md.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail marks its preview views SAMEORIGIN itself.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# Staff avatars are not fetched from a third party (privacy, and the admin's CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (django-csp). The site's own pages run no inline script or
# style at all: every script and style sheet is a file under /static/. Course videos
# are embedded from these two players only (see courses/blocks.py).
VIDEO_EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": list(VIDEO_EMBED_ORIGINS),
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}
# The Wagtail admin (under /admin/ only, and only for staff who signed in with a
# second factor) renders inline <script> blocks (date pickers, inline panels) and
# style attributes of its own, and frames its own page previews; see
# docs/security.md for why each relaxation is there.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "font-src": [_SELF, "data:"],
        "media-src": [_SELF, "blob:"],
        "frame-src": [_SELF, *VIDEO_EMBED_ORIGINS],
        "frame-ancestors": [_SELF],
    },
}
# Browser features no page of Cradle uses; video players in frames keep what they need.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), "
    f'fullscreen=(self "{VIDEO_EMBED_ORIGINS[0]}" "{VIDEO_EMBED_ORIGINS[1]}"), '
    f'picture-in-picture=(self "{VIDEO_EMBED_ORIGINS[0]}" "{VIDEO_EMBED_ORIGINS[1]}")'
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# seed_demo runs these in order; each app that has demo content adds its own.
DEMO_SEEDERS = [
    "lms.demo.seed",
    "lms.demo_hours.seed",
    "courses.demo.seed",
    "echo.demo.seed",
    "certificates.demo.seed",
]
# Panels other apps add to the learner's dashboard (see lms/dashboard.py).
DASHBOARD_PANELS = [
    "courses.dashboard.courses_panel",
    "certificates.dashboard.certificates_panel",
    "echo.dashboard.echo_panel",
]
