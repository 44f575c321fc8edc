import pytest

from django.core import mail
from django.urls import reverse

from lms.choices import DeletionRequestStatus
from lms.models import AccountDeletionRequest, User
from tests.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def request_deletion(client, password=PASSWORD, confirm=True):
    data = {"reason": "Changing careers", "password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("account_deletion_request"), data)


def pending_request(client, **user_fields):
    leaver = UserFactory(**user_fields)
    client.force_login(leaver)
    request_deletion(client)
    return leaver, AccountDeletionRequest.objects.get(user=leaver)


def test_learner_asks_for_deletion_and_administrators_are_told(
    client, django_capture_on_commit_callbacks
):
    UserFactory(role="Administrator", email="boss@example.org")
    user = UserFactory(email="leaving@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = request_deletion(client)
    assert response.status_code == 302
    deletion_request = AccountDeletionRequest.objects.get()
    assert deletion_request.user == user
    assert deletion_request.email == "leaving@example.org"
    assert deletion_request.status == DeletionRequestStatus.PENDING
    assert [m.to for m in mail.outbox] == [["boss@example.org"]]
    assert "leaving@example.org" in mail.outbox[0].body
    page = client.get(reverse("account_deletion_request")).content.decode()
    assert "Withdraw my request" in page


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("wrong", True, "That is not your current password."),
        (PASSWORD, False, "This field is required."),
    ],
)
def test_deletion_request_needs_password_and_confirmation(
    client, password, confirm, message
):
    client.force_login(UserFactory())
    response = request_deletion(client, password=password, confirm=confirm)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AccountDeletionRequest.objects.count() == 0


def test_only_one_pending_request_and_it_can_be_withdrawn(client):
    client.force_login(UserFactory())
    request_deletion(client)
    request_deletion(client)
    assert AccountDeletionRequest.objects.count() == 1
    response = client.post(reverse("account_deletion_request_withdraw"))
    assert response.status_code == 302
    assert (
        AccountDeletionRequest.objects.get().status == DeletionRequestStatus.CANCELLED
    )
    response = client.post(reverse("account_deletion_request_withdraw"), follow=True)
    assert "no pending deletion request" in response.content.decode()


def test_administrator_carries_out_the_request(
    client, django_capture_on_commit_callbacks
):
    admin = staff_user("Administrator")
    _leaver, deletion_request = pending_request(client, email="leaving@example.org")

    client.force_login(admin)
    listing = client.get("/admin/deletion-requests/")
    assert listing.status_code == 200
    assert "leaving@example.org" in listing.content.decode()
    url = f"/admin/deletion-requests/{deletion_request.pk}/carry-out/"
    assert url in listing.content.decode()
    assert "cannot be undone" in client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert [m.to for m in mail.outbox] == [["leaving@example.org"]]
    assert "has been deleted" in mail.outbox[0].body
    deletion_request.refresh_from_db()
    assert deletion_request.status == DeletionRequestStatus.COMPLETED
    assert deletion_request.resolved_by == admin
    assert deletion_request.email == "leaving@example.org"


def test_facilitator_cannot_carry_out_deletions(client):
    facilitator = staff_user("ECHO Facilitator")
    leaver, deletion_request = pending_request(client)
    client.force_login(facilitator)
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    response = client.post(f"/admin/deletion-requests/{deletion_request.pk}/carry-out/")
    assert (response.status_code, response.url) == (302, "/admin/")
    assert User.objects.filter(pk=leaver.pk).exists()
    response = client.get("/admin/deletion-requests/")
    assert (response.status_code, response.url) == (302, "/admin/")


def test_the_learner_request_is_read_not_edited_by_administrators(client):
    admin = staff_user("Administrator")
    leaver, deletion_request = pending_request(client)
    client.force_login(admin)
    inspect = client.get(f"/admin/deletion-requests/inspect/{deletion_request.pk}/")
    assert inspect.status_code == 200
    assert "Changing careers" in inspect.content.decode()
    response = client.post(
        f"/admin/deletion-requests/edit/{deletion_request.pk}/", {"reason": "edited"}
    )
    assert (response.status_code, response.url) == (302, "/admin/")
    deletion_request.refresh_from_db()
    assert deletion_request.reason == "Changing careers"


@pytest.mark.postgres
def test_a_double_submitted_request_makes_one_row(postgres):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections

    from lms.services import account_deletion_request_create

    user = UserFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=5)
            account_deletion_request_create(user=user, reason="twice")
            outcomes.append("created")
        except ValidationError as error:
            assert "already asked" in error.messages[0]
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused", "refused", "refused"]
    assert AccountDeletionRequest.objects.filter(user=user).count() == 1
