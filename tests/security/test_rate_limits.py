"""Every rate limit of the site triggers at the configured rate, with the settings as
shipped: sign-in (failed attempts, then requests), sign-up, password reset and the
public certificate verification. A refused request gets the friendly 429 page."""

import pytest

from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def per_minute(action: str) -> int:
    """The first (per-address) count of an allauth limit such as "30/m/ip"."""
    count, period, *_ = settings.ACCOUNT_RATE_LIMITS[action].split(",")[0].split("/")
    assert period in {"m", "5m", "h"}
    return int(count)


def assert_friendly_429(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en' in html
    assert "<h1>Too many attempts</h1>" in html
    assert "wait a few minutes" in html
    assert 'href="#main"' in html  # the site's own page, with its skip link
    assert "Content-Security-Policy" in response.headers


def test_the_configured_rates():
    rates = settings.ACCOUNT_RATE_LIMITS
    assert rates["login_failed"] == "5/5m/ip,5/5m/key"
    assert rates["login"] == "30/m/ip"
    assert rates["signup"] == "10/h/ip"
    assert rates["reset_password"] == "20/m/ip,5/m/key"
    assert settings.CERTIFICATE_VERIFY_RATE == 30


def test_failed_sign_ins_lock_the_account_then_the_address_gets_429(client):
    user = UserFactory()
    login = reverse("account_login")
    failed = per_minute("login_failed")
    for _ in range(failed):
        response = client.post(login, {"login": user.email, "password": "wrong-1234"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    # Locked: even the right password is refused now.
    response = client.post(login, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other addresses from the same client are locked too (the per-address part).
    other = UserFactory()
    response = client.post(login, {"login": other.email, "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()

    # Past the per-minute request limit the client is answered 429 outright.
    posts = failed + 2
    while posts < per_minute("login"):
        assert client.post(login, {"login": user.email, "password": "x"}).status_code
        posts += 1
    assert_friendly_429(client.post(login, {"login": user.email, "password": PASSWORD}))


def test_a_successful_sign_in_does_not_reset_the_count_for_others(client):
    """A right password is rolled back from the count, but does not wipe it: an
    attacker cannot mix in their own good sign-ins to keep guessing."""
    victim, attacker = UserFactory(), UserFactory()
    login = reverse("account_login")
    for _ in range(per_minute("login_failed") - 1):
        client.post(login, {"login": victim.email, "password": "wrong-1234"})
    assert (
        client.post(login, {"login": attacker.email, "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    client.post(login, {"login": victim.email, "password": "wrong-1234"})
    response = client.post(login, {"login": victim.email, "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_signup_is_limited_per_address(client):
    signup = reverse("account_signup")
    limit = per_minute("signup")
    for number in range(limit):
        response = client.post(
            signup,
            {
                "first_name": "Ana",
                "last_name": f"Tester {number}",
                "email": f"ana{number}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302, number
    response = client.post(
        signup,
        {
            "first_name": "Ana",
            "last_name": "One Too Many",
            "email": "late@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert_friendly_429(response)
    from lms.models import User

    assert not User.objects.filter(email="late@example.org").exists()


def test_password_reset_is_limited_per_email_address(client):
    user = UserFactory()
    reset = reverse("account_reset_password")
    _, per_key = settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")
    limit = int(per_key.split("/")[0])
    for _ in range(limit):
        assert client.post(reset, {"email": user.email}).status_code == 302
    assert len(mail.outbox) == limit
    assert_friendly_429(client.post(reset, {"email": user.email}))
    assert len(mail.outbox) == limit  # no further mail is sent


def test_certificate_verification_is_limited_per_client(client):
    url = reverse("certificates:verify", args=["ZZZZZZZZZZ"])
    for _ in range(settings.CERTIFICATE_VERIFY_RATE):
        assert client.get(url).status_code == 404
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Content-Security-Policy" in refused.headers
    # The form counts against the same limit, and another client is not affected.
    form = reverse("certificates:verify_form")
    assert client.get(form, {"code": "not-a-code"}).status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 404
