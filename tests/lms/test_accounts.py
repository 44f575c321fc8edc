import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.urls import reverse

from lms.models import LearnerProfile, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Maya",
    "last_name": "Running Water",
    "email": "Maya.RW@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def confirmation_link(message) -> str:
    match = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_signup_verification_and_login_journey(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    user = User.objects.get()
    assert user.email == "maya.rw@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["Learner"]
    assert user.profile.certificate_name == "Maya Running Water"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maya.rw@example.org"]
    link = confirmation_link(mail.outbox[0])

    # Mandatory verification: the password alone does not get in yet.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "maya.rw@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302

    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("account_login"), {"login": "MAYA.RW@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "Welcome, Maya Running Water" in dashboard.content.decode()


def test_signup_with_existing_email_in_other_case_is_refused_on_the_form(client):
    UserFactory(email="maya.rw@example.org")
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 200
    assert "An account already uses this e-mail address" in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        (
            {"password1": "12345678", "password2": "12345678"},
            "password1",
            "This password is too short",
        ),
        (
            {"password1": "password123", "password2": "password123"},
            "password1",
            "This password is too common",
        ),
        ({"password2": "something-else-entirely"}, "password2", "same password"),
        ({"first_name": ""}, "first_name", "This field is required."),
    ],
)
def test_bad_signup_input_gets_a_clear_message_and_creates_nothing(
    client, changes, field, message
):
    response = client.post(reverse("account_signup"), {**SIGNUP, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert User.objects.count() == 0
    assert LearnerProfile.objects.count() == 0
    assert EmailAddress.objects.count() == 0


def test_signup_is_all_or_nothing(client, monkeypatch):
    import lms.forms.accounts

    def broken(**kwargs):
        raise RuntimeError("profile store unavailable")

    monkeypatch.setattr(lms.forms.accounts, "learner_register", broken)
    client.raise_request_exception = False
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 500
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0


def test_tampered_verification_link_is_refused(client):
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(mail.outbox[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.get(tampered)
    assert "expired or is invalid" in response.content.decode()
    response = client.post(tampered)
    assert not EmailAddress.objects.get().verified


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="someone@example.org")
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"),
            {"login": "someone@example.org", "password": "wrong-password"},
        )
        assert "not correct" in response.content.decode()
    response = client.post(
        reverse("account_login"), {"login": "someone@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client):
    UserFactory(email="reset@example.org")
    response = client.post(
        reverse("account_reset_password"), {"email": "Reset@Example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_change_of_email_address_needs_verification(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(
        user=user, email="new@example.org", verified=False
    ).exists()
    assert any("new@example.org" in m.to for m in mail.outbox)


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_account_pages_use_the_site_templates(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#main"' in body  # skip link from the site's base template
    assert "988" in body  # footer crisis line
    assert "css/site.css" in body
