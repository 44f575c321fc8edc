"""The security headers every response carries, the cookie flags, and the production
settings: strict transport security, secure cookies, the HTTPS redirect, and a clean
``manage.py check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 60 * 60

# What every response of the site must say, whatever the page.
EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response, *, frame_options="DENY"):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert response.headers.get("X-Frame-Options") == frame_options
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert "Content-Security-Policy" in response.headers


def test_public_pages_carry_the_security_headers(client, site_tree):
    for path in ("/", reverse("account_login"), reverse("certificates:verify_form")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)


def test_a_learner_page_and_a_not_found_page_carry_them_too(client, site_tree):
    client.force_login(UserFactory())
    assert_security_headers(client.get(reverse("dashboard")))
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_security_headers(missing)


def test_the_admin_carries_them(client, site_tree):
    client.force_login(staff_user("Administrator"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_session_cookie_is_http_only_and_same_site(client, site_tree):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- Production settings -------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "x7" * 32 + "-production-check-not-a-real-key-Q4v!",
    "DJANGO_ALLOWED_HOSTS": "cradle.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://cradle.example.org",
    "DATABASE_URL": "postgres://cradle@127.0.0.1:5432/cradle",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def production_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(PRODUCTION_ENV)
    return env


def run_production(*args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


CHECK_AND_PRINT_SETTINGS = """
import json
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({
    name: getattr(settings, name)
    for name in (
        "DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "CONTENT_SECURITY_POLICY",
    )
}))
"""


@pytest.fixture(scope="module")
def production():
    """One start of the production settings: ``check --deploy`` (failing on any
    warning), then the settings it ran with."""
    result = run_production("-c", CHECK_AND_PRINT_SETTINGS)
    return result


def test_check_deploy_reports_no_warnings(production):
    output = production.stdout + production.stderr
    assert production.returncode == 0, output
    assert "System check identified no issues" in output


def test_production_turns_on_hsts_secure_cookies_and_the_https_redirect(production):
    import json

    assert production.returncode == 0, production.stderr
    values = json.loads(production.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]


def test_production_refuses_to_start_without_its_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import lms.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
