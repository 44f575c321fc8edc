"""Staff need a second factor for the admin (lms/middleware.py AdminAccessMiddleware):
without an authenticator app every admin page sends them to set one up; with one,
a password alone never opens a session; a code cannot be used twice; removing the
authenticator closes the admin at once; a second factor gives learners nothing."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
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

ADMIN_PATHS = [
    "/admin/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/certificates/bulk/new/",
]
STAFF_ROLES = ["ECHO Facilitator", "Administrator"]


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def password_step(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_admin_page_sends_staff_without_totp_to_set_it_up(client, role):
    client.force_login(UserFactory(role=role))
    for path in ADMIN_PATHS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("mfa_activate_totp")), path
        assert "next=" in response.url


def test_recovery_codes_alone_are_not_enough(client):
    user = UserFactory(role="Administrator")
    RecoveryCodes.activate(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_password_alone_opens_no_session(client, role):
    user = UserFactory(role=role)
    TOTP.activate(user, generate_totp_secret())
    response = password_step(client, user)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    # Going straight to the admin instead of typing the code gets nowhere.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_code_cannot_be_used_twice(client):
    user = UserFactory(role="Administrator")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = current_code(secret)
    password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()
    password_step(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client):
    user = UserFactory(role="Administrator")
    TOTP.activate(user, generate_totp_secret())
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_removing_the_authenticator_closes_the_admin_at_once(client):
    user = UserFactory(role="ECHO Facilitator")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    password_step(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_a_learner_with_a_second_factor_is_still_refused(client):
    user = UserFactory(role="Learner")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    password_step(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert "_auth_user_id" in client.session
    for path in ADMIN_PATHS:
        assert client.get(path).status_code == 403, path
