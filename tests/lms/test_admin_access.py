import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """Through the real login form, so allauth records a recent authentication."""
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def confirm_password(client, response):
    """Setting up a second factor asks for the password once more (allauth's
    reauthentication); answer it and follow on to the page that asked."""
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    return client.get(response.url)


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_anonymous_visitor_is_sent_to_the_site_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response.url


def test_wagtail_login_page_is_replaced_by_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"


def test_learner_is_refused_the_admin(client):
    client.force_login(UserFactory(role="Learner"))
    for path in ("/admin/", "/admin/pages/", "/admin/users/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "The admin is for facilitators and administrators" in (
            response.content.decode()
        )


@pytest.mark.parametrize("role", ["ECHO Facilitator", "Administrator"])
def test_staff_without_a_second_factor_must_set_one_up(client, role):
    sign_in(client, UserFactory(role=role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    page = confirm_password(client, client.get(response.url))
    assert page.status_code == 200
    assert "Set up two-factor authentication before using the admin" in (
        page.content.decode()
    )


@pytest.mark.parametrize("role", ["ECHO Facilitator", "Administrator"])
def test_staff_sign_in_asks_for_the_code_then_opens_the_admin(client, role):
    user = UserFactory(role=role, email=f"{role.split()[0].lower()}@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_activating_totp_through_the_site(client):
    user = UserFactory(role="Administrator")
    sign_in(client, user)
    page = confirm_password(client, client.get(reverse("mfa_activate_totp")))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/admin/").status_code == 200


def test_superuser_also_needs_a_second_factor(client):
    from lms.models import User

    admin = User.objects.create_superuser("root@example.org", PASSWORD)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
