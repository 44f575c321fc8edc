"""Settings for the test suite: SQLite in memory unless DATABASE_URL is set (CI sets
it to PostgreSQL), Celery eager, e-mail kept in memory, fast password hashing."""

import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-2f6c1e0a9b7d4c33"  # noqa: S105
ALLOWED_HOSTS = ["*"]

if "DATABASE_URL" not in env:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cradle-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cradle-test-private-")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the source folders, with no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
