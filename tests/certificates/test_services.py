"""Issuing, rendering, retrying, sweeping, revoking and e-mailing certificates."""

import datetime
import threading
from decimal import Decimal
from unittest import mock

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry

from certificates import services
from certificates.choices import SOURCE_BATCH, BatchStatus, CertificateStatus
from certificates.codes import ALPHABET
from certificates.models import Certificate
from certificates.selectors import batch_progress, certificates_needing_attention
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.hours import area

pytestmark = pytest.mark.django_db


def issue(learner, **overrides):
    arguments = {
        "learner": learner,
        "title": "Attachment and Early Relationships",
        "hours": Decimal("6.5"),
        "source_type": "course",
        "source_id": 41,
    }
    arguments.update(overrides)
    return services.certificate_issue(**arguments)


def test_issuing_renders_the_pdf_and_snapshots_the_record(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory(first_name="Amara", last_name="Okafor")
    areas = [area("TF-AST"), area("DS-OBS")]
    with django_capture_on_commit_callbacks(execute=True):
        certificate, created = issue(learner, competency_areas=areas)
    assert created
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.READY
    assert certificate.recipient_name == "Amara Okafor"
    assert certificate.issued_on == timezone.localdate()
    assert certificate.render_attempts == 1
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert certificate.pdf_size > 1000
    assert {item["code"] for item in certificate.competency_area_snapshot} == {
        "TF-AST",
        "DS-OBS",
    }
    assert set(certificate.competency_areas.all()) == set(areas)
    assert len(certificate.code) == 10 and set(certificate.code) <= set(ALPHABET)
    # Renaming an area later leaves the certificate as it was issued.
    areas[0].name = "Renamed"
    areas[0].save()
    certificate.refresh_from_db()
    assert "Renamed" not in certificate.area_names
    assert ModelLogEntry.objects.filter(
        object_id=str(certificate.pk), action="certificates.issued"
    ).exists()


def test_the_learners_chosen_certificate_name_is_printed():
    profile = LearnerProfileFactory(certificate_name="Dr. Amara N. Okafor, LCSW")
    certificate, _ = issue(profile.user)
    assert certificate.recipient_name == "Dr. Amara N. Okafor, LCSW"


def test_issuing_twice_returns_the_first_certificate():
    learner = UserFactory()
    first, created = issue(learner)
    again, created_again = issue(learner, title="Another title", hours=1)
    assert created and not created_again
    assert again.pk == first.pk
    assert again.title == "Attachment and Early Relationships"
    assert Certificate.objects.filter(learner=learner).count() == 1
    # Another source, or another learner, is another certificate.
    assert issue(learner, source_id=42)[1]
    assert issue(UserFactory())[1]


def test_the_render_waits_for_the_callers_commit(django_capture_on_commit_callbacks):
    learner = UserFactory()
    with mock.patch("certificates.tasks.certificate_render.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            certificate, _ = issue(learner)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(certificate.pk, False)


def test_a_rolled_back_completion_leaves_no_certificate():
    learner = UserFactory()
    with (
        mock.patch("certificates.tasks.certificate_render.delay") as delay,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        issue(learner)
        raise RuntimeError("the course completion failed")
    assert not Certificate.objects.filter(learner=learner).exists()
    delay.assert_not_called()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "needs a title"),
        ({"hours": Decimal("-1")}, "hours", "cannot be negative"),
        ({"hours": Decimal("1.1")}, "hours", "quarter-hour"),
        ({"hours": Decimal("1000")}, "hours", "more than a certificate"),
        ({"hours": "six"}, "hours", "must be a number"),
        (
            {"issued_on": timezone.localdate() + datetime.timedelta(days=1)},
            "issued_on",
            "future",
        ),
    ],
)
def test_bad_terms_are_refused_and_issue_nothing(overrides, field, message):
    learner = UserFactory()
    with pytest.raises(ValidationError) as caught:
        issue(learner, **overrides)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Certificate.objects.exists()


def test_a_learner_without_a_name_is_refused():
    learner = UserFactory(first_name="", last_name="")
    with pytest.raises(ValidationError, match="no name"):
        issue(learner)
    assert not Certificate.objects.exists()


def test_the_broker_being_down_does_not_lose_the_certificate(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()
    with (
        mock.patch(
            "certificates.tasks.certificate_render.delay",
            side_effect=ConnectionError("broker unreachable"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate, _ = issue(learner)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING
    # The sweep finds it once it has waited long enough, and renders it.
    later = timezone.now() + datetime.timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep(now=later) == 1
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.READY


def test_a_failed_render_is_kept_then_retried_successfully(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()
    real = services.certificate_pdf
    calls = []

    def flaky(certificate):
        calls.append(certificate.pk)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(certificate)

    with (
        mock.patch.object(services, "certificate_pdf", side_effect=flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate, _ = issue(learner)
    certificate.refresh_from_db()
    # The eager task retried at once (a worker waits 30 s or more first).
    assert len(calls) == 2
    assert certificate.status == CertificateStatus.READY
    assert certificate.render_attempts == 2
    assert certificate.last_error == ""


def test_renders_that_keep_failing_stop_and_wait_for_an_administrator(
    settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_RENDER_MAX_ATTEMPTS = 3
    learner = UserFactory()
    with mock.patch.object(
        services, "certificate_pdf", side_effect=ValueError("broken image")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            certificate, _ = issue(learner)
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.FAILED
        assert certificate.render_attempts == 3
        assert certificate.last_error == "ValueError: broken image"
        # The sweep leaves it alone now: it has had its attempts.
        later = timezone.now() + datetime.timedelta(hours=2)
        assert services.certificates_sweep(now=later) == 0
    assert list(certificates_needing_attention()) == [certificate]
    # An administrator fixes the cause and renders it again.
    admin = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_rerender(certificate=certificate, by=admin)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.READY
    assert not certificates_needing_attention().exists()


def test_the_sweep_skips_recent_and_ready_certificates(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()
    with mock.patch("certificates.tasks.certificate_render.delay"):
        pending, _ = issue(learner)
    with django_capture_on_commit_callbacks(execute=True):
        issue(learner, source_id=99)
    assert services.certificates_sweep() == 0  # pending for seconds only
    later = timezone.now() + datetime.timedelta(minutes=16)
    with (
        mock.patch("certificates.tasks.certificate_render.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.certificates_sweep(now=later) == 1
    delay.assert_called_once_with(pending.pk, False)


def test_rendering_again_replaces_the_file_and_keeps_the_code(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = issue(learner)
    certificate.refresh_from_db()
    old_name, code = certificate.pdf.name, certificate.code
    storage = certificate.pdf.storage
    services.certificate_render(certificate_id=certificate.pk)  # ready: no-op
    certificate.refresh_from_db()
    assert certificate.pdf.name == old_name
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_rerender(certificate=certificate, by=None)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.READY
    assert certificate.pdf.name != old_name
    assert certificate.code == code
    assert storage.exists(certificate.pdf.name)
    assert not storage.exists(old_name)


def test_revoking_marks_and_keeps_the_certificate_and_twice_is_harmless():
    learner = UserFactory()
    admin = UserFactory()
    certificate, _ = issue(learner)
    with pytest.raises(ValidationError, match="reason"):
        services.certificate_revoke(certificate=certificate, by=admin, reason=" ")
    revoked = services.certificate_revoke(
        certificate=certificate, by=admin, reason="Issued to the wrong learner"
    )
    assert revoked.is_revoked and revoked.revoked_by == admin
    first_time = revoked.revoked_at
    again = services.certificate_revoke(
        certificate=certificate, by=admin, reason="second click"
    )
    assert again.revoked_at == first_time
    assert again.revoked_reason == "Issued to the wrong learner"
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(certificate.pk), action="certificates.revoked"
        ).count()
        == 1
    )
    # Issuing the same source again does not bring back a fresh certificate.
    assert issue(learner)[0].is_revoked


def test_the_learner_is_emailed_once_with_the_pdf_attached(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory(first_name="Amara", last_name="Okafor")
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = issue(learner)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "Attachment and Early Relationships" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".pdf") and mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert f"/certificates/verify/{certificate.code}/" in message.body
    assert certificate.email_count == 1 and certificate.emailed_at
    # Rendering again does not e-mail again; asking to resend does.
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_rerender(certificate=certificate, by=None)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificate_email_request(certificate=certificate, by=None)
    assert len(mail.outbox) == 2


def test_a_revoked_certificate_is_not_emailed():
    learner = UserFactory()
    certificate, _ = issue(learner, email_learner=False)
    services.certificate_revoke(certificate=certificate, by=None, reason="Duplicate")
    with pytest.raises(ValidationError, match="revoked"):
        services.certificate_email_request(certificate=certificate, by=None)
    assert mail.outbox == []


def test_a_certificate_asked_for_while_pending_is_sent_when_ready(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()
    with mock.patch("certificates.tasks.certificate_render.delay"):
        certificate, _ = issue(learner, email_learner=False)
        assert not services.certificate_email_request(certificate=certificate, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_render(certificate_id=certificate.pk)
    assert len(mail.outbox) == 1


def test_a_template_with_an_unknown_placeholder_is_refused():
    template = CertificateTemplateFactory.build(
        body="Well done {recipient_name}, {nickname}!"
    )
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "{nickname}" in " ".join(caught.value.message_dict["body"])


# --- Bulk issue ---------------------------------------------------------------


def make_batch(learners, **overrides):
    arguments = {
        "template": services.template_default(),
        "title": "Pyramid Model Practice-Based Coaching, spring cohort",
        "hours": Decimal("12"),
        "issued_on": timezone.localdate(),
        "learners": learners,
        "recipient_source": "csv",
        "report": [],
        "competency_areas": [area("TF-AST")],
        "email_learners": False,
        "created_by": None,
    }
    arguments.update(overrides)
    return services.certificate_batch_create(**arguments)


def test_a_bulk_issue_is_checked_then_issued_once_on_confirmation(
    django_capture_on_commit_callbacks,
):
    learners = UserFactory.create_batch(4)
    batch = make_batch(learners)
    assert batch.status == BatchStatus.DRAFT
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_batch_start(batch=batch, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_batch_start(batch=batch, by=None)  # double click
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ISSUED
    assert batch.issued_count == 4
    certificates = Certificate.objects.filter(batch=batch)
    assert certificates.count() == 4
    assert set(certificates.values_list("status", flat=True)) == {
        CertificateStatus.READY
    }
    assert set(certificates.values_list("source_type", flat=True)) == {SOURCE_BATCH}
    assert len(set(certificates.values_list("code", flat=True))) == 4
    first = certificates.first()
    assert first.competency_area_snapshot[0]["code"] == "TF-AST"
    assert list(first.competency_areas.values_list("code", flat=True)) == ["TF-AST"]
    progress = batch_progress(batch=batch)
    assert progress["ready"] == 4 and progress["percent"] == 100 and progress["done"]
    assert ModelLogEntry.objects.filter(action="certificates.issued").count() == 4
    # Running the task again issues nothing more.
    services.certificate_batch_issue(batch_id=batch.pk)
    assert Certificate.objects.filter(batch=batch).count() == 4


def test_a_bulk_issue_that_fails_half_way_issues_nothing(
    django_capture_on_commit_callbacks,
):
    learners = UserFactory.create_batch(3)
    batch = make_batch(learners)
    with (
        mock.patch(
            "certificates.services.ModelLogEntry.objects.bulk_create",
            side_effect=RuntimeError("database went away"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.certificate_batch_start(batch=batch, by=None)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "database went away" in batch.error
    assert not Certificate.objects.exists()


def test_a_bulk_issue_needs_learners_with_names():
    with pytest.raises(ValidationError, match="No learners"):
        make_batch([])
    nameless = UserFactory(first_name="", last_name="")
    with pytest.raises(ValidationError, match=nameless.email):
        make_batch([UserFactory(), nameless])


# --- Concurrency (PostgreSQL) -------------------------------------------------


@pytest.mark.postgres
def test_concurrent_issues_make_one_certificate(postgres):
    learner = UserFactory()
    barrier = threading.Barrier(6)
    outcomes = []
    errors = []

    def complete():
        try:
            barrier.wait(timeout=5)
            _, created = issue(learner)
            outcomes.append(created)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    # Patched once, here: patching from each thread races, and can leave the mock.
    with mock.patch("certificates.tasks.certificate_render.delay"):
        threads = [threading.Thread(target=complete) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(outcomes) == [False] * 5 + [True]
    assert Certificate.objects.filter(learner=learner).count() == 1


def test_a_bulk_issue_with_unmatched_rows_starts_only_when_told_to_skip_them(
    django_capture_on_commit_callbacks,
):
    learners = UserFactory.create_batch(2)
    report = [
        {"line": 1, "value": learners[0].email, "outcome": "ok", "message": ""},
        {"line": 2, "value": "nobody@example.org", "outcome": "unknown", "message": ""},
        {"line": 3, "value": learners[1].email, "outcome": "ok", "message": ""},
    ]
    batch = make_batch(learners, report=report)
    with pytest.raises(ValidationError, match="1 row of the list matches nobody"):
        services.certificate_batch_start(batch=batch, by=None)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_batch_start(batch=batch, by=None, skip_problems=True)
    assert Certificate.objects.filter(batch=batch).count() == 2


def test_emailing_a_bulk_issue_sends_the_ready_valid_ones_only(
    django_capture_on_commit_callbacks,
):
    learners = UserFactory.create_batch(3)
    batch = make_batch(learners)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_batch_start(batch=batch, by=None)
    revoked = Certificate.objects.filter(batch=batch).first()
    services.certificate_revoke(certificate=revoked, by=None, reason="Duplicate")
    with django_capture_on_commit_callbacks(execute=True):
        sent, left_out = services.certificate_batch_email(batch=batch, by=None)
    assert (sent, left_out) == (2, 1)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        learner.email for learner in learners if learner != revoked.learner
    )
    assert ModelLogEntry.objects.filter(action="certificates.emailed").count() == 2
