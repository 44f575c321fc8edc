"""Reviewing outside training and RSC in the admin: the queues, the review page, the
three decisions, the evidence download, and who may do any of it."""

import datetime
from decimal import Decimal

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from lms.models import CreditEntry, OutsideTraining, RscLogEntry
from tests.factories import UserFactory, staff_user
from tests.factories.hours import (
    PDF_BYTES,
    OutsideTrainingFactory,
    RscLogEntryFactory,
    area,
    days_ago,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/hours/outside-training/"
RSC_QUEUE = "/admin/hours/rsc/"


def review_url(training):
    return reverse("outside_training_review:review", args=[training.pk])


def rsc_review_url(entry):
    return reverse("rsc_review:review", args=[entry.pk])


def evidence_url(training):
    return reverse("outside_training_review:evidence", args=[training.pk])


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator", email="reviewer@example.org")
    client.force_login(user)
    return user


def submitted(**kwargs):
    """A pending training submitted ``kwargs.pop('days')`` days ago."""
    days = kwargs.pop("days", 1)
    kwargs.setdefault("submitted_at", timezone.now() - datetime.timedelta(days=days))
    return OutsideTrainingFactory(**kwargs)


class TestQueue:
    def test_shows_only_pending_by_default_oldest_first(self, client, administrator):
        newer = submitted(title="Newer workshop", days=1)
        older = submitted(title="Older workshop", days=9)
        submitted(title="Approved workshop", status="approved")
        submitted(title="Rejected workshop", status="rejected")
        submitted(title="Draft workshop", status="draft", submitted_at=None)

        page = client.get(QUEUE).content.decode()

        assert "Newer workshop" in page and "Older workshop" in page
        for title in ("Approved workshop", "Rejected workshop", "Draft workshop"):
            assert title not in page
        assert page.index("Older workshop") < page.index("Newer workshop")
        assert review_url(older) in page and review_url(newer) in page

    def test_status_filter_never_shows_drafts(self, client, administrator):
        submitted(title="Pending workshop")
        submitted(title="Approved workshop", status="approved")
        OutsideTrainingFactory(title="Draft workshop", status="draft")

        approved = client.get(QUEUE, {"status": "approved"}).content.decode()
        assert "Approved workshop" in approved
        assert "Pending workshop" not in approved

        everything = client.get(QUEUE, {"status": ""}).content.decode()
        assert "Approved workshop" in everything
        assert "Pending workshop" in everything
        assert "Draft workshop" not in everything

    def test_filters_narrow_the_queue(self, client, administrator):
        submitted(title="Online DEI workshop", delivery_mode="live_online", dei=True)
        submitted(
            title="Old conference",
            delivery_mode="conference",
            start_date=days_ago(200),
            rsc_topic=True,
        )

        def titles(**params):
            page = client.get(QUEUE, params).content.decode()
            return {t for t in ("Online DEI workshop", "Old conference") if t in page}

        assert titles() == {"Online DEI workshop", "Old conference"}
        assert titles(delivery_mode="conference") == {"Old conference"}
        assert titles(dei="true") == {"Online DEI workshop"}
        assert titles(rsc_topic="true") == {"Old conference"}
        assert titles(start_date_from=str(days_ago(30))) == {"Online DEI workshop"}
        assert titles(start_date_to=str(days_ago(100))) == {"Old conference"}

    def test_search_by_learner_name_email_and_title(self, client, administrator):
        ana = UserFactory(first_name="Ana", last_name="Lopez", email="ana@example.org")
        submitted(title="Attachment basics", learner=ana)
        submitted(title="Trauma-informed care")

        def titles(query):
            page = client.get(QUEUE, {"q": query}).content.decode()
            return {
                t for t in ("Attachment basics", "Trauma-informed care") if t in page
            }

        assert titles("ana lopez") == {"Attachment basics"}
        assert titles("ana@example") == {"Attachment basics"}
        assert titles("trauma") == {"Trauma-informed care"}

    def test_queue_columns(self, client, administrator):
        learner = UserFactory(first_name="Bo", last_name="Diaz", email="bo@example.org")
        submitted(
            title="Home visiting",
            learner=learner,
            hours_entered=Decimal("10"),
            hours_unit="contact",
            clock_hours=Decimal("8.25"),
        )
        page = client.get(QUEUE).content.decode()
        assert "Bo Diaz (bo@example.org)" in page
        assert "10 contact hours" in page
        assert "8.25" in page
        assert "Waiting for review" in page

    def test_rsc_queue_shows_pending_entries_with_their_details(
        self, client, administrator
    ):
        RscLogEntryFactory(provider_name="Jordan Rivers", is_peer=True)
        RscLogEntryFactory(provider_name="Casey Approved", status="approved")
        page = client.get(RSC_QUEUE).content.decode()
        assert "Jordan Rivers" in page
        assert "Casey Approved" not in page
        assert "IMHS" in page  # the provider's category
        peer_only = client.get(RSC_QUEUE, {"is_peer": "false"}).content.decode()
        assert "Jordan Rivers" not in peer_only


class TestReviewPage:
    def test_shows_the_submission_and_the_conversion(self, client, administrator):
        training = submitted(
            title="Infant massage",
            provider="Tulsa Infant Center",
            hours_entered=Decimal("10"),
            hours_unit="contact",
            clock_hours=Decimal("8.25"),
            dei=True,
            areas=[area("TF-AST"), area("DS-OBS")],
        )
        page = client.get(review_url(training)).content.decode()
        assert "Infant massage" in page
        assert "Tulsa Infant Center" in page
        assert (
            "10 contact hours × 50 minutes = 500 minutes = 8.33 clock hours, "
            "recorded as 8.25 (rounded down to the quarter hour)"
        ) in page
        assert str(area("TF-AST")) in page and str(area("DS-OBS")) in page
        assert evidence_url(training) in page
        for decision in ("approve", "return", "reject"):
            assert f'value="{decision}"' in page

    def test_drafts_are_not_shown_to_reviewers(self, client, administrator):
        draft = OutsideTrainingFactory(status="draft", submitted_at=None)
        assert client.get(review_url(draft)).status_code == 404
        assert client.get(evidence_url(draft)).status_code == 404

    def test_no_form_once_decided(self, client, administrator):
        training = submitted(status="approved")
        page = client.get(review_url(training)).content.decode()
        assert 'value="approve"' not in page
        assert "not waiting for review" in page


class TestDecisions:
    def test_approve_writes_one_ledger_entry_and_emails_the_learner(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        learner = UserFactory(email="learner@example.org")
        training = submitted(
            learner=learner,
            title="Infant massage",
            hours_entered=Decimal("10"),
            hours_unit="contact",
            clock_hours=Decimal("8.25"),
            areas=[area("TF-AST"), area("DS-OBS")],
            dei=True,
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(review_url(training), {"decision": "approve"})

        assert (response.status_code, response.url) == (302, QUEUE)
        entry = CreditEntry.objects.get()
        assert entry.learner == learner
        assert entry.source_type == "lms.outsidetraining"
        assert entry.source_id == str(training.pk)
        assert entry.hours == Decimal("8.25")
        assert entry.dei is True
        assert set(entry.competency_areas.values_list("code", flat=True)) == {
            "TF-AST",
            "DS-OBS",
        }
        assert entry.reviewed_by == administrator
        training.refresh_from_db()
        assert training.status == "approved"
        assert training.reviewed_by == administrator
        assert [m.to for m in mail.outbox] == [["learner@example.org"]]
        assert "Approved: Infant massage" in mail.outbox[0].subject
        log_entry = ModelLogEntry.objects.get(action="lms.submission_approved")
        assert log_entry.object_id == str(training.pk)
        assert log_entry.user == administrator
        queue = client.get(response.url).content.decode()
        assert "Approved “Infant massage”" in queue

    @pytest.mark.parametrize("decision", ["return", "reject"])
    def test_return_and_reject_need_a_reason(self, client, administrator, decision):
        training = submitted()
        response = client.post(
            review_url(training), {"decision": decision, "reason": "   "}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Tell the learner why, so they know what to do next." in page
        assert "Nothing was decided" in page
        training.refresh_from_db()
        assert training.status == "pending"
        assert training.reviewed_by is None
        assert not ModelLogEntry.objects.filter(action__startswith="lms.").exists()

    @pytest.mark.parametrize(
        ("decision", "status", "subject", "action"),
        [
            (
                "return",
                "changes_requested",
                "Please update",
                "lms.submission_returned",
            ),
            ("reject", "rejected", "Not approved", "lms.submission_rejected"),
        ],
    )
    def test_return_and_reject_with_a_reason(
        self,
        client,
        administrator,
        django_capture_on_commit_callbacks,
        decision,
        status,
        subject,
        action,
    ):
        training = submitted(learner=UserFactory(email="sam@example.org"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                review_url(training),
                {"decision": decision, "reason": "The certificate is unreadable."},
            )
        assert response.status_code == 302
        training.refresh_from_db()
        assert training.status == status
        assert training.review_reason == "The certificate is unreadable."
        assert not CreditEntry.objects.exists()
        assert [m.to for m in mail.outbox] == [["sam@example.org"]]
        assert subject in mail.outbox[0].subject
        log_entry = ModelLogEntry.objects.get(action=action)
        assert "The certificate is unreadable." in log_entry.message
        history = client.get(review_url(training)).content.decode()
        assert "The certificate is unreadable." in history

    def test_a_second_approval_is_refused(self, client, administrator):
        training = submitted()
        client.post(review_url(training), {"decision": "approve"})
        response = client.post(review_url(training), {"decision": "approve"})
        assert response.status_code == 200
        assert "Only a submission waiting for review can be reviewed" in (
            response.content.decode()
        )
        assert CreditEntry.objects.count() == 1
        assert (
            ModelLogEntry.objects.filter(action="lms.submission_approved").count() == 1
        )

    def test_an_administrator_cannot_review_their_own_submission(
        self, client, administrator
    ):
        own = submitted(learner=administrator)
        page = client.get(review_url(own)).content.decode()
        assert "This is your own submission" in page
        assert 'value="approve"' not in page

        response = client.post(review_url(own), {"decision": "approve"})
        assert response.status_code == 200
        assert "You cannot review your own submission." in response.content.decode()
        own.refresh_from_db()
        assert own.status == "pending"
        assert not CreditEntry.objects.exists()

    def test_an_unknown_decision_changes_nothing(self, client, administrator):
        training = submitted()
        response = client.post(review_url(training), {"decision": "delete"})
        assert response.status_code == 200
        training.refresh_from_db()
        assert training.status == "pending"

    def test_approving_rsc_writes_an_rsc_entry(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        entry = RscLogEntryFactory(
            learner=UserFactory(email="rae@example.org"),
            hours=Decimal("1.5"),
            about_providing=True,
        )
        page = client.get(rsc_review_url(entry)).content.decode()
        assert "Jordan Rivers" in page and "IMHS" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(rsc_review_url(entry), {"decision": "approve"})
        assert (response.status_code, response.url) == (302, RSC_QUEUE)
        credit = CreditEntry.objects.get()
        assert (credit.kind, credit.counts_toward) == ("rsc", "rsc")
        assert credit.hours == Decimal("1.50")
        assert credit.rsc_about_providing is True
        assert credit.rsc_provider_category.code == "IMHS"
        assert RscLogEntry.objects.get().status == "approved"
        assert [m.to for m in mail.outbox] == [["rae@example.org"]]

    def test_rejecting_rsc_needs_a_reason(self, client, administrator):
        entry = RscLogEntryFactory()
        response = client.post(rsc_review_url(entry), {"decision": "reject"})
        assert response.status_code == 200
        assert "Tell the learner why" in response.content.decode()
        assert RscLogEntry.objects.get().status == "pending"


class TestEvidence:
    def test_administrator_downloads_the_evidence(self, client, administrator):
        training = submitted(evidence_name="my certificate.pdf")
        response = client.get(evidence_url(training))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "my_certificate.pdf" in response["Content-Disposition"]

    def test_facilitator_cannot_download_evidence(self, client):
        training = submitted()
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.get(evidence_url(training))
        assert (response.status_code, response.url) == (302, "/admin/")


class TestWhoMayReview:
    def urls(self):
        training = submitted()
        entry = RscLogEntryFactory()
        return (
            training,
            entry,
            [
                QUEUE,
                RSC_QUEUE,
                review_url(training),
                rsc_review_url(entry),
                evidence_url(training),
            ],
        )

    def test_facilitator_is_refused_everywhere(self, client):
        training, entry, urls = self.urls()
        client.force_login(staff_user("ECHO Facilitator"))
        for url in urls:
            response = client.get(url)
            # Wagtail answers a refused admin view by sending the user to the
            # dashboard.
            assert (response.status_code, response.url) == (302, "/admin/"), url
        for url in (review_url(training), rsc_review_url(entry)):
            response = client.post(url, {"decision": "approve"})
            assert (response.status_code, response.url) == (302, "/admin/"), url
        assert OutsideTraining.objects.get().status == "pending"
        assert RscLogEntry.objects.get().status == "pending"
        assert not CreditEntry.objects.exists()

    def test_learner_is_refused_everywhere(self, client):
        training, entry, urls = self.urls()
        client.force_login(UserFactory(role="Learner"))
        for url in urls:
            assert client.get(url).status_code == 403, url
        response = client.post(review_url(training), {"decision": "approve"})
        assert response.status_code == 403
        assert OutsideTraining.objects.get().status == "pending"

    def test_the_hours_menu_is_for_administrators(self, client):
        client.force_login(staff_user("Administrator"))
        assert "Outside training to review" in client.get("/admin/").content.decode()
        client.force_login(staff_user("ECHO Facilitator"))
        assert "Outside training to review" not in (
            client.get("/admin/").content.decode()
        )

    def test_submissions_cannot_be_added_edited_or_deleted_in_the_admin(
        self, client, administrator
    ):
        training = submitted()
        for url in (
            f"{QUEUE}new/",
            f"{QUEUE}edit/{training.pk}/",
            f"{QUEUE}delete/{training.pk}/",
            f"{RSC_QUEUE}new/",
        ):
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("count", [3, 40])
def test_the_queues_cost_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries, count
):
    for _ in range(count):
        submitted()
        RscLogEntryFactory()
    # Most of these are the admin's own (session, permissions, menu); the listing
    # itself is a count and one page of rows with their learners.
    with django_assert_max_num_queries(17):
        assert client.get(QUEUE).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(RSC_QUEUE).status_code == 200
