import threading

import pytest

from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from lms.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_in_lower_case_and_is_the_login():
    user = User.objects.create_user("  Ana.Lopez@Example.ORG ", PASSWORD)
    assert user.email == "ana.lopez@example.org"
    assert User.USERNAME_FIELD == "email"
    assert User.objects.get_by_natural_key("ANA.LOPEZ@example.org") == user


def test_database_refuses_the_same_address_in_another_case():
    UserFactory(email="someone@example.org")
    # bulk_create skips save(), so only the database constraint stands in the way.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="SomeOne@Example.org")])


def test_user_display_names():
    user = UserFactory(first_name="", last_name="", email="kai@example.org")
    assert user.display_name == "kai"
    assert str(user) == "kai@example.org"


@pytest.mark.parametrize(
    "url_name",
    [
        "account_email",
        "account_change_password",
        "mfa_index",
        "account_logout",
    ],
)
def test_signed_in_account_pages_use_the_site_templates(client, url_name):
    client.force_login(UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#main"' in body
    assert "Need help now?" in body


@pytest.mark.postgres
def test_concurrent_signups_with_one_address_make_one_account(postgres):
    barrier = threading.Barrier(2)
    outcomes = []

    def create(email):
        try:
            barrier.wait(timeout=5)
            User.objects.create_user(email, PASSWORD)
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=create, args=(email,))
        for email in ("race@example.org", "RACE@example.org")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert User.objects.filter(email__iexact="race@example.org").count() == 1
