"""Settings for the page benchmarks (``manage.py bench_courses``): production's shape
— PostgreSQL, DEBUG off, the cached template loader, persistent connections — on
this machine, with nothing secret to supply. Only for scratch databases on a
developer's machine; never for a site anyone uses.

Differences from production, each because the benchmark runs on plain HTTP on the
loopback interface without the other services: the secret key is fixed here, there
is no HTTPS redirect and no secure-only cookies, the cache is per-process memory
instead of Redis, static files are referenced unhashed (no collectstatic), and
Celery runs eagerly. The benchmark-only apps — ``courses.benchmarks`` (the plain page
the lesson page is measured against) and ``bench`` (``make bench``: the data set and
the load run) — are installed here and nowhere else.

With ``BENCH_REDIS_URL`` set (``make bench`` sets it for its gunicorn and Celery
worker), the cache, the Celery broker and the result store are that Redis database
and tasks go to a real worker, as in production."""

import tempfile
import warnings
from copy import deepcopy
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, TEMPLATES, env

DEBUG = False
SECRET_KEY = "bench-only-secret-key-never-used-for-a-real-site-5c0b7e2d94a1f386"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [*INSTALLED_APPS, "courses.benchmarks", "bench"]

DATABASES["default"] = env.db(
    "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cradle_bench"
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cached loader, named explicitly so that the benchmark does not depend on
# Django's default for DEBUG = False.
TEMPLATES = deepcopy(TEMPLATES)
TEMPLATES[0]["APP_DIRS"] = False
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]

_scratch = Path(tempfile.gettempdir())
MEDIA_ROOT = env.path("MEDIA_ROOT", default=_scratch / "cradle-bench-media")
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=_scratch / "cradle-bench-private"
)

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BENCH_REDIS_URL = env("BENCH_REDIS_URL", default="")
if BENCH_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": BENCH_REDIS_URL,
        }
    }
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_BROKER_URL = BENCH_REDIS_URL
    CELERY_RESULT_BACKEND = BENCH_REDIS_URL
else:
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SAMESITE = "Lax"

LOGGING = deepcopy(LOGGING)  # noqa: F405
LOGGING["root"]["level"] = "WARNING"

# Static files straight from the source folders (no collectstatic into STATIC_ROOT);
# the benchmark requests pages only.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message=r"No directory at: .*staticfiles")
