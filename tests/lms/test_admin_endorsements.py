"""Endorsements and the ledger in the admin: read-only lists with filters, and the
few decisions administrators make there (confirm, mark lapsed, revoke hours)."""

from decimal import Decimal

import pytest

from wagtail.models import ModelLogEntry

from lms.models import CreditEntry, Endorsement
from lms.selectors import registry_listings
from tests.factories import UserFactory, staff_user
from tests.factories.hours import (
    CreditEntryFactory,
    EndorsementFactory,
    category,
    days_ago,
    rsc_entry,
)

pytestmark = pytest.mark.django_db

ENDORSEMENTS = "/admin/hours/endorsements/"
LEDGER = "/admin/hours/ledger/"


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


def emails_listed(response) -> set[str]:
    return {row.learner.email for row in response.context["object_list"]}


class TestEndorsementList:
    def test_filters_and_search(self, client, administrator):
        EndorsementFactory(
            learner=UserFactory(email="recorded@example.org", first_name="Rita"),
            status="recorded",
        )
        EndorsementFactory(
            learner=UserFactory(email="confirmed@example.org"),
            category=category("IMHS"),
        )

        assert emails_listed(client.get(ENDORSEMENTS)) == {
            "recorded@example.org",
            "confirmed@example.org",
        }
        assert emails_listed(client.get(ENDORSEMENTS, {"status": "recorded"})) == {
            "recorded@example.org"
        }
        imhs = category("IMHS").pk
        assert emails_listed(client.get(ENDORSEMENTS, {"category": imhs})) == {
            "confirmed@example.org"
        }
        assert emails_listed(client.get(ENDORSEMENTS, {"q": "rita"})) == {
            "recorded@example.org"
        }

    def test_actions_offered_by_status(self, client, administrator):
        recorded = EndorsementFactory(status="recorded")
        lapsed = EndorsementFactory(status="lapsed")
        page = client.get(ENDORSEMENTS).content.decode()
        assert f"{ENDORSEMENTS}{recorded.pk}/confirm/" in page
        assert f"{ENDORSEMENTS}{recorded.pk}/lapse/" in page
        assert f"{ENDORSEMENTS}{lapsed.pk}/confirm/" not in page
        assert f"{ENDORSEMENTS}{lapsed.pk}/lapse/" not in page

    def test_read_only_apart_from_the_actions(self, client, administrator):
        endorsement = EndorsementFactory()
        assert client.get(f"{ENDORSEMENTS}inspect/{endorsement.pk}/").status_code == 200
        for url in (
            f"{ENDORSEMENTS}new/",
            f"{ENDORSEMENTS}edit/{endorsement.pk}/",
            f"{ENDORSEMENTS}delete/{endorsement.pk}/",
        ):
            assert client.get(url).status_code == 404, url


class TestEndorsementDecisions:
    def test_confirm_lists_it_in_the_registry_and_is_logged(
        self, client, administrator
    ):
        endorsement = EndorsementFactory(status="recorded", registry_consent=True)
        assert not registry_listings().exists()

        page = client.get(f"{ENDORSEMENTS}{endorsement.pk}/confirm/")
        assert "Confirm the endorsement" in page.content.decode()
        response = client.post(f"{ENDORSEMENTS}{endorsement.pk}/confirm/")

        assert (response.status_code, response.url) == (302, ENDORSEMENTS)
        endorsement.refresh_from_db()
        assert endorsement.status == "confirmed"
        assert endorsement.confirmed_by == administrator
        assert list(registry_listings()) == [endorsement]
        log_entry = ModelLogEntry.objects.get(action="lms.endorsement_confirmed")
        assert log_entry.object_id == str(endorsement.pk)
        assert log_entry.user == administrator

    def test_a_confirmed_endorsement_is_not_confirmed_again(
        self, client, administrator
    ):
        endorsement = EndorsementFactory(status="confirmed")
        page = client.get(f"{ENDORSEMENTS}{endorsement.pk}/confirm/").content.decode()
        assert "This cannot be done now" in page
        response = client.post(f"{ENDORSEMENTS}{endorsement.pk}/confirm/")
        assert response.status_code == 200
        assert "Only a recorded endorsement can be confirmed" in (
            response.content.decode()
        )
        assert not ModelLogEntry.objects.filter(action__startswith="lms.").exists()

    def test_mark_lapsed_ends_the_listing(self, client, administrator):
        endorsement = EndorsementFactory(status="confirmed", registry_consent=True)
        assert registry_listings().exists()
        response = client.post(f"{ENDORSEMENTS}{endorsement.pk}/lapse/")
        assert response.status_code == 302
        endorsement.refresh_from_db()
        assert endorsement.status == "lapsed"
        assert endorsement.lapsed_at is not None
        assert not registry_listings().exists()
        assert (
            ModelLogEntry.objects.filter(action="lms.endorsement_lapsed").count() == 1
        )


class TestLedger:
    def test_filters_and_search(self, client, administrator):
        ana = UserFactory(email="ana@example.org")
        course = CreditEntryFactory(learner=ana, title="Course entry", kind="course")
        old = CreditEntryFactory(title="Old ECHO entry", kind="echo_session")
        CreditEntry.objects.filter(pk=old.pk).update(date=days_ago(400))
        revoked = CreditEntryFactory(title="Revoked entry", status="revoked")
        rsc = rsc_entry(UserFactory(), date=days_ago(5), hours="1")

        def listed(**params):
            response = client.get(LEDGER, params)
            return {row.pk for row in response.context["object_list"]}

        assert listed() == {course.pk, old.pk, revoked.pk, rsc.pk}
        assert listed(kind="echo_session") == {old.pk}
        assert listed(kind="rsc") == {rsc.pk}
        assert listed(status="revoked") == {revoked.pk}
        assert listed(date_from=str(days_ago(100))) == {course.pk, revoked.pk, rsc.pk}
        assert listed(date_to=str(days_ago(100))) == {old.pk}
        assert listed(q="ana@example") == {course.pk}

    def test_revoke_needs_a_reason(self, client, administrator):
        entry = CreditEntryFactory()
        response = client.post(f"{LEDGER}{entry.pk}/revoke/", {"reason": "  "})
        assert response.status_code == 200
        assert "Give a reason for revoking the hours." in response.content.decode()
        entry.refresh_from_db()
        assert entry.status == "approved"

    def test_revoke_keeps_the_entry_marked(self, client, administrator):
        entry = CreditEntryFactory(hours=Decimal("2"))
        assert f"{LEDGER}{entry.pk}/revoke/" in client.get(LEDGER).content.decode()
        response = client.post(
            f"{LEDGER}{entry.pk}/revoke/", {"reason": "Attended another session"}
        )
        assert (response.status_code, response.url) == (302, LEDGER)
        entry.refresh_from_db()
        assert entry.status == "revoked"
        assert entry.revoked_by == administrator
        assert "Attended another session" in entry.note
        assert not CreditEntry.objects.counted().exists()
        log_entry = ModelLogEntry.objects.get(action="lms.credit_revoked")
        assert "Attended another session" in log_entry.message
        assert f"{LEDGER}{entry.pk}/revoke/" not in client.get(LEDGER).content.decode()

    def test_the_ledger_is_read_only(self, client, administrator):
        entry = CreditEntryFactory()
        assert client.get(f"{LEDGER}inspect/{entry.pk}/").status_code == 200
        for url in (f"{LEDGER}new/", f"{LEDGER}edit/{entry.pk}/"):
            assert client.get(url).status_code == 404, url


def test_facilitator_and_learner_are_refused(client):
    endorsement = EndorsementFactory(status="recorded")
    entry = CreditEntryFactory()
    urls = [
        ENDORSEMENTS,
        f"{ENDORSEMENTS}inspect/{endorsement.pk}/",
        f"{ENDORSEMENTS}{endorsement.pk}/confirm/",
        f"{ENDORSEMENTS}{endorsement.pk}/lapse/",
        LEDGER,
        f"{LEDGER}inspect/{entry.pk}/",
        f"{LEDGER}{entry.pk}/revoke/",
    ]
    client.force_login(staff_user("ECHO Facilitator"))
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/"), url
    for url in urls[2:4] + urls[-1:]:
        response = client.post(url, {"reason": "no"})
        assert (response.status_code, response.url) == (302, "/admin/"), url

    client.force_login(UserFactory(role="Learner"))
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(urls[2]).status_code == 403

    assert Endorsement.objects.get().status == "recorded"
    assert CreditEntry.objects.get().status == "approved"
