"""Issued certificates in the admin: the listing with its filters and search, one
certificate's page, and what administrators do there — download, revoke, render
again, e-mail, issue one — with who may do it."""

import datetime
from decimal import Decimal

import pytest

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.models import LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories.certificates import (
    CertificateFactory,
    CertificateTemplateFactory,
    default_template,
)
from tests.factories.hours import PDF_BYTES, area

pytestmark = pytest.mark.django_db

INDEX = "/admin/certificates/issued/"
# The admin's own queries (session, user, permissions, menu), the filters' choices,
# the needs-attention count, and the listing: a count and one page of rows.
INDEX_BUDGET = 16


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator", email="admin@example.org")
    client.force_login(user)
    return user


def inspect_url(certificate):
    return reverse("certificates_admin:inspect", args=[certificate.pk])


def action_url(name, certificate):
    return reverse(f"certificates_admin:{name}", args=[certificate.pk])


def listed(response) -> set[int]:
    return {certificate.pk for certificate in response.context["object_list"]}


def failed_for_good(**kwargs):
    return CertificateFactory(
        status="failed",
        render_attempts=settings.CERTIFICATE_RENDER_MAX_ATTEMPTS,
        last_error="OSError: the signature image file is missing",
        **kwargs,
    )


def named_learner(email="ana@example.org", name="Ana María López"):
    learner = UserFactory(email=email, first_name="Ana", last_name="López")
    LearnerProfileFactory(user=learner, certificate_name=name)
    return learner


# --- The listing ----------------------------------------------------------------------


class TestListing:
    def test_columns_and_links(self, client, administrator):
        certificate = CertificateFactory(
            recipient_name="Ana María López", title="Attachment basics"
        )
        response = client.get(INDEX)
        assert response.status_code == 200
        page = response.content.decode()
        for text in (
            "Ana María López",
            certificate.learner.email,
            "Attachment basics",
            "6.5",
            "Ready",
            certificate.code_display,
        ):
            assert text in page
        assert inspect_url(certificate) in page
        assert action_url("download", certificate) in page
        assert action_url("revoke", certificate) in page
        # Snapshots: no add, edit or delete of the row itself.
        assert "/admin/certificates/issued/edit/" not in page
        assert reverse("certificates_admin:issue") in page
        assert reverse("certificate_batches:add") in page

    def test_there_is_no_edit_add_or_delete(self, client, administrator):
        certificate = CertificateFactory()
        for url in (
            f"{INDEX}edit/{certificate.pk}/",
            f"{INDEX}delete/{certificate.pk}/",
            f"{INDEX}copy/{certificate.pk}/",
        ):
            assert client.get(url).status_code == 404, url

    def test_filters(self, client, administrator):
        ready = CertificateFactory()
        pending = CertificateFactory(status="pending")
        retrying = CertificateFactory(status="failed", render_attempts=1)
        stuck = failed_for_good()
        revoked = CertificateFactory(revoked_at=timezone.now(), revoked_reason="Error")
        other_template = CertificateFactory(template=CertificateTemplateFactory())

        everything = {ready, pending, retrying, stuck, revoked, other_template}
        assert listed(client.get(INDEX)) == {c.pk for c in everything}
        assert listed(client.get(INDEX, {"status": "pending"})) == {pending.pk}
        assert listed(client.get(INDEX, {"status": "failed"})) == {
            retrying.pk,
            stuck.pk,
        }
        assert listed(client.get(INDEX, {"needs_attention": "true"})) == {stuck.pk}
        assert listed(client.get(INDEX, {"revoked": "true"})) == {revoked.pk}
        assert revoked.pk not in listed(client.get(INDEX, {"revoked": "false"}))
        assert listed(client.get(INDEX, {"template": other_template.template_id})) == {
            other_template.pk
        }

    def test_filter_by_bulk_issue(self, client, administrator):
        from certificates.services import certificate_batch_create

        learner = named_learner()
        batch = certificate_batch_create(
            template=default_template(),
            title="Spring cohort",
            hours=2,
            issued_on=timezone.localdate(),
            learners=[learner],
            recipient_source="filter",
            report=[],
            created_by=administrator,
        )
        batch.status = "issued"
        batch.save()
        in_batch = CertificateFactory(batch=batch, learner=learner)
        CertificateFactory()
        assert listed(client.get(INDEX, {"batch": batch.pk})) == {in_batch.pk}

    @pytest.mark.parametrize(
        "query",
        ["ana maría", "lópez", "ANA@EXAMPLE", "attachment BASICS"],
    )
    def test_search_by_name_email_or_title(self, client, administrator, query):
        found = CertificateFactory(
            learner=named_learner(),
            recipient_name="Ana María López",
            title="Attachment basics",
        )
        CertificateFactory(recipient_name="Jordan Rivera", title="Observation")
        assert listed(client.get(INDEX, {"q": query})) == {found.pk}

    def test_search_by_code_typed_any_way(self, client, administrator):
        found = CertificateFactory(code="7KQ2MX9D4R")
        CertificateFactory(code="ABCDE12345")
        for typed in ("7KQ2M-X9D4R", "7kq2m x9d4r", "7KQ2MX9D4R", "7KQ2M"):
            assert listed(client.get(INDEX, {"q": typed})) == {found.pk}, typed

    @pytest.mark.parametrize("size", [2, 40])
    def test_query_budget(
        self, client, administrator, size, django_assert_max_num_queries
    ):
        CertificateFactory.create_batch(size)
        failed_for_good()
        client.get(INDEX)  # warm-up: content types, permissions
        with django_assert_max_num_queries(INDEX_BUDGET):
            response = client.get(INDEX)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == min(size + 1, 25)

    def test_query_count_is_equal_for_small_and_large(self, client, administrator):
        def count():
            client.get(INDEX)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(INDEX).status_code == 200
            return len(queries)

        CertificateFactory.create_batch(2)
        small = count()
        CertificateFactory.create_batch(38)
        assert count() == small


# --- Needs attention ------------------------------------------------------------------


class TestNeedsAttention:
    def test_notice_on_the_listing_and_dashboard(self, client, administrator):
        failed_for_good()
        failed_for_good()
        CertificateFactory(status="failed", render_attempts=1)  # will be retried

        page = client.get(INDEX).content.decode()
        assert "2 certificates could not be rendered and need attention." in page
        assert f"{INDEX}?needs_attention=true" in page

        home = client.get("/admin/").content.decode()
        assert "2 certificates could not be rendered and need attention." in home
        assert f"{INDEX}?needs_attention=true" in home

    def test_no_notice_when_nothing_needs_attention(self, client, administrator):
        CertificateFactory(status="failed", render_attempts=1)
        assert "need attention" not in client.get(INDEX).content.decode()
        assert "need attention" not in client.get("/admin/").content.decode()

    def test_no_notice_for_facilitators(self, client):
        failed_for_good()
        client.force_login(staff_user("ECHO Facilitator"))
        home = client.get("/admin/").content.decode()
        assert "need attention" not in home
        assert "needs_attention" not in home


# --- One certificate's page -----------------------------------------------------------


class TestInspect:
    def test_shows_every_field_and_the_actions(self, client, administrator):
        certificate = CertificateFactory(
            recipient_name="Ana María López",
            title="Attachment basics",
            hours=Decimal("6.5"),
        )
        page = client.get(inspect_url(certificate)).content.decode()
        for text in (
            "Ana María López",
            certificate.learner.email,
            "Attachment basics",
            "6.5",
            "Pregnancy and early parenthood",
            certificate.code_display,
            str(certificate.uuid),
            "Oklahoma Association for Infant Mental Health",
            "Cradle standard",
            "admin: factory-",
            "Download PDF",
            "Render the PDF again",
            "E-mail to the learner",
            "Revoke",
        ):
            assert text in page, text
        assert action_url("download", certificate) in page
        assert reverse("certificates:verify", args=[certificate.code]) in page

    def test_failed_shows_the_last_error(self, client, administrator):
        certificate = failed_for_good()
        page = client.get(inspect_url(certificate)).content.decode()
        assert "could not be rendered after 6 attempts" in page
        assert "OSError: the signature image file is missing" in page
        assert action_url("download", certificate) not in page

    def test_revoked_says_so_and_offers_no_email_or_revoke(self, client, administrator):
        certificate = CertificateFactory(
            revoked_at=timezone.now(),
            revoked_reason="Issued to the wrong person",
            revoked_by=administrator,
        )
        page = client.get(inspect_url(certificate)).content.decode()
        assert "Revoked on" in page
        assert "Issued to the wrong person" in page
        assert action_url("email", certificate) not in page
        assert action_url("revoke", certificate) not in page

    def test_history_shows_the_log(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        learner = named_learner()
        with django_capture_on_commit_callbacks(execute=True):
            certificate, _ = certificate_issue(
                learner=learner,
                title="Observation",
                hours=3,
                source_type="admin",
                source_id="history-test",
                issued_by=administrator,
            )
        client.post(
            action_url("revoke", certificate), {"reason": "Duplicate of another"}
        )
        page = client.get(inspect_url(certificate)).content.decode()
        assert "Certificate issued: admin:history-test" in page
        assert "Certificate revoked: Duplicate of another" in page

    def test_facilitator_and_learner_are_refused(self, client):
        certificate = CertificateFactory()
        client.force_login(staff_user("ECHO Facilitator"))
        for url in (INDEX, inspect_url(certificate)):
            response = client.get(url)
            assert (response.status_code, response.url) == (302, "/admin/"), url
        client.force_login(UserFactory(role="Learner"))
        assert client.get(inspect_url(certificate)).status_code == 403


# --- Download -------------------------------------------------------------------------


class TestDownload:
    def test_administrator_downloads_the_private_file(self, client, administrator):
        certificate = CertificateFactory(recipient_name="Ana María López")
        response = client.get(action_url("download", certificate))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert (
            f'filename="ana-maria-lopez-{certificate.download_filename}"'
            in response["Content-Disposition"]
        )

    def test_not_ready_is_not_found(self, client, administrator):
        certificate = CertificateFactory(status="pending")
        assert client.get(action_url("download", certificate)).status_code == 404

    def test_refused_to_others(self, client):
        certificate = CertificateFactory()
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.get(action_url("download", certificate))
        assert (response.status_code, response.url) == (302, "/admin/")
        client.force_login(certificate.learner)
        assert client.get(action_url("download", certificate)).status_code == 403


# --- Revoke ---------------------------------------------------------------------------


class TestRevoke:
    def test_reason_is_required(self, client, administrator):
        certificate = CertificateFactory()
        page = client.get(action_url("revoke", certificate)).content.decode()
        assert "Revoke the certificate" in page
        response = client.post(action_url("revoke", certificate), {"reason": "  "})
        assert response.status_code == 200
        assert "Give a reason for revoking" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.revoked_at is None

    def test_revokes_with_reason_and_log(self, client, administrator):
        certificate = CertificateFactory()
        response = client.post(
            action_url("revoke", certificate), {"reason": "Issued in error"}
        )
        assert (response.status_code, response.url) == (302, inspect_url(certificate))
        certificate.refresh_from_db()
        assert certificate.revoked_reason == "Issued in error"
        assert certificate.revoked_by == administrator
        assert ModelLogEntry.objects.filter(
            action="certificates.revoked", object_id=str(certificate.pk)
        ).exists()

    def test_revoking_twice_is_harmless(self, client, administrator):
        certificate = CertificateFactory()
        client.post(action_url("revoke", certificate), {"reason": "First"})
        certificate.refresh_from_db()
        first = certificate.revoked_at

        page = client.get(action_url("revoke", certificate)).content.decode()
        assert "This certificate was already revoked on" in page
        assert "Revoke the certificate" not in page

        response = client.post(
            action_url("revoke", certificate), {"reason": "Second"}, follow=True
        )
        assert "already revoked on" in response.content.decode()
        certificate.refresh_from_db()
        assert (certificate.revoked_at, certificate.revoked_reason) == (first, "First")
        assert ModelLogEntry.objects.filter(action="certificates.revoked").count() == 1

    def test_facilitator_cannot_revoke(self, client):
        certificate = CertificateFactory()
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.post(action_url("revoke", certificate), {"reason": "No"})
        assert (response.status_code, response.url) == (302, "/admin/")
        certificate.refresh_from_db()
        assert certificate.revoked_at is None

    def test_csrf_is_required(self):
        certificate = CertificateFactory()
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff_user("Administrator"))
        response = client.post(action_url("revoke", certificate), {"reason": "x"})
        assert response.status_code == 403
        certificate.refresh_from_db()
        assert certificate.revoked_at is None


# --- Render again and e-mail ----------------------------------------------------------


class TestRerenderAndEmail:
    def test_rerender_renders_a_new_pdf(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        certificate = failed_for_good(learner=named_learner())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(action_url("rerender", certificate))
        assert (response.status_code, response.url) == (302, inspect_url(certificate))
        certificate.refresh_from_db()
        assert certificate.status == "ready"
        assert certificate.last_error == ""
        with certificate.pdf.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert ModelLogEntry.objects.filter(
            action="certificates.rerendered", object_id=str(certificate.pk)
        ).exists()

    def test_rerender_is_post_only(self, client, administrator):
        certificate = CertificateFactory()
        assert client.get(action_url("rerender", certificate)).status_code == 405
        assert client.get(action_url("email", certificate)).status_code == 405

    def test_email_a_ready_certificate_now(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        certificate = CertificateFactory()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(action_url("email", certificate), follow=True)
        assert "is being e-mailed to" in response.content.decode()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [certificate.learner.email]
        assert mail.outbox[0].attachments[0][0] == certificate.download_filename
        certificate.refresh_from_db()
        assert certificate.email_count == 1
        page = client.get(inspect_url(certificate)).content.decode()
        assert "E-mail to the learner again" in page
        assert "Certificate e-mailed" in page

    def test_email_a_pending_certificate_when_ready(self, client, administrator):
        certificate = CertificateFactory(status="pending")
        response = client.post(action_url("email", certificate), follow=True)
        assert "it will be e-mailed to" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.email_on_ready is True
        assert mail.outbox == []

    def test_a_revoked_certificate_is_not_emailed(self, client, administrator):
        certificate = CertificateFactory(
            revoked_at=timezone.now(), revoked_reason="Error"
        )
        response = client.post(action_url("email", certificate), follow=True)
        assert "it cannot be sent" in response.content.decode()
        assert mail.outbox == []

    def test_facilitator_cannot_rerender_or_email(self, client):
        certificate = CertificateFactory()
        client.force_login(staff_user("ECHO Facilitator"))
        for name in ("rerender", "email"):
            response = client.post(action_url(name, certificate))
            assert (response.status_code, response.url) == (302, "/admin/"), name
        certificate.refresh_from_db()
        assert certificate.render_attempts == 1
        assert mail.outbox == []

    def test_learner_is_refused_by_the_admin(self, client):
        certificate = CertificateFactory()
        client.force_login(certificate.learner)
        for name in ("rerender", "email", "revoke"):
            assert client.post(action_url(name, certificate)).status_code == 403

    def test_csrf_is_required(self):
        certificate = CertificateFactory()
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff_user("Administrator"))
        for name in ("rerender", "email"):
            assert client.post(action_url(name, certificate)).status_code == 403
        certificate.refresh_from_db()
        assert (certificate.status, certificate.email_on_ready) == ("ready", False)


# --- Issue one ------------------------------------------------------------------------


ISSUE = "/admin/certificates/issued/new/"


def issue_form(client, **changes) -> dict:
    form = client.get(ISSUE).context["form"]
    data = {
        "learner_email": "ANA@example.org ",
        "template": form["template"].value(),
        "title": "Home visiting essentials",
        "hours": "6.5",
        "competency_areas": [area("TF-AST").pk],
        "issued_on": form["issued_on"].value().isoformat(),
        "email_learner": "on",
        "token": str(form["token"].value()),
    }
    data.update(changes)
    return data


class TestIssueOne:
    def test_form_starts_with_the_default_template_today_and_a_token(
        self, client, administrator
    ):
        other = CertificateTemplateFactory(name="Another look")
        response = client.get(ISSUE)
        assert response.status_code == 200
        form = response.context["form"]
        assert form["template"].value() == default_template().pk
        assert form["issued_on"].value() == timezone.localdate()
        assert form["token"].value()
        page = response.content.decode()
        assert 'type="hidden" name="token"' in page
        assert other.name in page
        assert client.get(ISSUE).context["form"]["token"].value() != (
            form["token"].value()
        )

    def test_issues_and_renders(
        self, client, administrator, django_capture_on_commit_callbacks
    ):
        learner = named_learner()
        data = issue_form(client)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ISSUE, data)
        certificate = Certificate.objects.get()
        assert (response.status_code, response.url) == (302, inspect_url(certificate))
        assert certificate.learner == learner
        assert certificate.recipient_name == "Ana María López"
        assert certificate.title == "Home visiting essentials"
        assert certificate.hours == Decimal("6.5")
        assert (certificate.source_type, certificate.source_id) == (
            "admin",
            data["token"],
        )
        assert certificate.issued_by == administrator
        assert [a.code for a in certificate.competency_areas.all()] == ["TF-AST"]
        assert certificate.status == "ready"
        assert len(mail.outbox) == 1

    def test_a_double_submit_issues_once(self, client, administrator):
        named_learner()
        data = issue_form(client)
        client.post(ISSUE, data)
        response = client.post(ISSUE, data, follow=True)
        assert Certificate.objects.count() == 1
        assert "nothing new was issued" in response.content.decode()

    def test_unknown_learner(self, client, administrator):
        response = client.post(ISSUE, issue_form(client))
        assert response.status_code == 200
        assert "No account uses ANA@example.org." in response.content.decode()
        assert not Certificate.objects.exists()

    def test_service_errors_are_shown_on_the_form(self, client, administrator):
        named_learner()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(
            ISSUE, issue_form(client, issued_on=tomorrow.isoformat(), hours="6.3")
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert "cannot be dated in the future" in " ".join(form.errors["issued_on"])
        assert "quarter-hour steps" in " ".join(form.errors["hours"])
        assert not Certificate.objects.exists()

    def test_a_learner_without_a_name_is_refused(self, client, administrator):
        learner = UserFactory(email="ana@example.org", first_name="", last_name="")
        LearnerProfile.objects.filter(user=learner).delete()
        response = client.post(ISSUE, issue_form(client))
        assert response.status_code == 200
        assert "has no name on their account" in response.content.decode()
        assert not Certificate.objects.exists()

    def test_facilitator_and_learner_are_refused(self, client):
        named_learner()
        client.force_login(staff_user("Administrator"))
        data = issue_form(client)
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.post(ISSUE, data)
        assert (response.status_code, response.url) == (302, "/admin/")
        client.force_login(UserFactory(role="Learner"))
        assert client.post(ISSUE, data).status_code == 403
        assert not Certificate.objects.exists()

    def test_csrf_is_required(self, client):
        named_learner()
        admin = staff_user("Administrator")
        client.force_login(admin)
        data = issue_form(client)
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(admin)
        assert strict.post(ISSUE, data).status_code == 403
        assert not Certificate.objects.exists()
