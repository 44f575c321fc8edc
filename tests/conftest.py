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
    return connection
