import os
import socket

import pytest

from django.core.cache import cache

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip on a machine without the service; under CI a missing service is a failure,
    never a silent skip."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: services are required)")
    pytest.skip(message)


def restore_migration_data():
    """Transactional tests end with a flush, which also empties the rows that
    migrations created (Wagtail's root page and collection, the roles). Put them back
    the way the migrations make them."""
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    ContentType.objects.clear_cache()  # ids changed when the flush re-created them
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    roles = importlib.import_module("lms.migrations.0003_roles")
    roles.create_roles(apps, None)
    importlib.import_module("lms.migrations.0005_endorsement_data").seed(apps)
    importlib.import_module("lms.migrations.0006_revoke_permission").grant_revoke(apps)
    importlib.import_module("certificates.migrations.0002_default_template").seed(apps)
    importlib.import_module("courses.migrations.0002_permissions").grant(apps)
    importlib.import_module("echo.migrations.0002_permissions").grant(apps)


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery runs an eager task under a process-wide "joining would block" flag that
    it saves and restores around the task; eager tasks started by several threads at
    once (the concurrency tests) can restore it in the wrong order and leave it set,
    after which any ``result.get()`` in the process raises. Start each test clear."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth keeps rate-limit counters in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    url = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_service("Redis", "127.0.0.1", 6379)
    return url


@pytest.fixture
def site_tree(db):
    from lms.demo import seed

    seed()
    from lms.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def postgres(transactional_db):
    """For tests that exercise PostgreSQL behaviour (real concurrency, locking)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        message = "needs PostgreSQL (set DATABASE_URL=postgres://…)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true runs the suite on PostgreSQL")
        pytest.skip(message)
    restore_migration_data()
    return connection
