import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "cradle.example.org",
    "DATABASE_URL": "postgres://cradle@127.0.0.1:5432/cradle",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


LOAD = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
    "settings.EMAIL_BACKEND, settings.DEBUG)"
)


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        (
            "lms.settings.dev",
            "sqlite3 True django.core.mail.backends.console.EmailBackend True",
        ),
        (
            "lms.settings.test",
            "sqlite3 True django.core.mail.backends.locmem.EmailBackend False",
        ),
    ],
)
def test_embedded_settings_load_with_no_environment(module, expected):
    result = run_python(LOAD, {"DJANGO_SETTINGS_MODULE": module})
    assert result.returncode == 0, result.stderr
    engine, *rest = result.stdout.split()
    assert engine.endswith(expected.split()[0])
    assert " ".join(rest) == " ".join(expected.split()[1:])


def test_production_settings_use_postgres_redis_and_real_workers():
    result = run_python(
        LOAD
        + "; print(settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL,"
        " settings.STORAGES['staticfiles']['BACKEND'], settings.SESSION_COOKIE_SECURE)",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.strip().splitlines()
    assert first == (
        "django.db.backends.postgresql False "
        "django.core.mail.backends.smtp.EmailBackend False"
    )
    assert second == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/0 "
        "whitenoise.storage.CompressedManifestStaticFilesStorage True"
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]
)
def test_production_refuses_to_start_without_required_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_python(LOAD, env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_env_example_lists_every_variable_the_settings_read():
    import re

    names = set()
    for path in (ROOT / "lms" / "settings").glob("*.py"):
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    names |= {"DATABASE_URL"}
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert names - listed == set()
