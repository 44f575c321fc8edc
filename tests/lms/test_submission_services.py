import datetime
from decimal import Decimal

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lms.models import CreditEntry, OutsideTraining, RscLogEntry
from lms.services import (
    outside_training_save,
    outside_training_submit,
    rsc_log_save,
    submission_approve,
    submission_reject,
    submission_return,
    submission_withdraw,
)
from tests.factories import UserFactory
from tests.factories.hours import (
    OutsideTrainingFactory,
    RscLogEntryFactory,
    area,
    category,
    days_ago,
    evidence_pdf,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def training_data(**overrides):
    values = {
        "title": "Circle of Security Parenting",
        "provider": "Tulsa Children's Coalition",
        "presenter": "M. Gray",
        "start_date": days_ago(20),
        "end_date": days_ago(20),
        "delivery_mode": "in_person",
        "hours_entered": Decimal("6"),
        "hours_unit": "contact",
        "competency_areas": [area("TF-AST")],
        "dei": False,
        "rsc_topic": False,
        "evidence": evidence_pdf(),
    }
    values.update(overrides)
    return values


def field_errors(error: ValidationError) -> dict:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def test_a_training_is_saved_as_a_draft_with_its_conversion():
    learner = UserFactory()
    training = outside_training_save(learner=learner, **training_data())
    assert training.status == "draft"
    assert training.clock_hours == Decimal("5.00")  # 6 × 50 min = 300 min
    assert training.evidence.name.startswith(f"evidence/{learner.pk}/")
    assert training.evidence.name.endswith(".pdf")
    assert "Circle" not in training.evidence.name  # the learner's name is not a path
    assert training.evidence_content_type == "application/pdf"
    assert training.evidence.storage.exists(training.evidence.name)
    assert not CreditEntry.objects.exists()

    outside_training_submit(training=training, learner=learner)
    training.refresh_from_db()
    assert training.status == "pending"
    assert training.submitted_at is not None
    assert not CreditEntry.objects.exists()  # nothing counts until approved


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours_entered": Decimal(0)}, "hours_entered", "more than zero"),
        ({"hours_entered": Decimal(-3)}, "hours_entered", "more than zero"),
        ({"hours_entered": Decimal("0.2")}, "hours_entered", "less than a quarter"),
        (
            {"hours_entered": Decimal(25), "hours_unit": "clock"},
            "hours_entered",
            "more than 24 hours a day",
        ),
        (
            {"hours_entered": Decimal(3), "hours_unit": "ceu"},
            "hours_entered",
            "24 hours",
        ),
        (
            {"start_date": days_ago(-1), "end_date": days_ago(-1)},
            "start_date",
            "future",
        ),
        ({"end_date": days_ago(25)}, "end_date", "before the first day"),
        ({"start_date": datetime.date(1901, 1, 1)}, "start_date", "too long ago"),
        ({"competency_areas": []}, "competency_areas", "at least one competency"),
        ({"evidence": None}, "evidence", "Attach the certificate"),
        (
            {"evidence": SimpleUploadedFile("cert.pdf", b"just some text")},
            "evidence",
            "its content is not one",
        ),
        (
            {"evidence": SimpleUploadedFile("cert.png", b"%PDF-1.4 not a png")},
            "evidence",
            "its content is not one",
        ),
        (
            {"evidence": SimpleUploadedFile("cert.docx", b"PK\x03\x04")},
            "evidence",
            "not a PDF, PNG or JPEG",
        ),
        ({"evidence": SimpleUploadedFile("cert.pdf", b"")}, "evidence", "empty"),
    ],
)
def test_bad_training_is_refused_with_a_specific_message(overrides, field, message):
    learner = UserFactory()
    with pytest.raises(ValidationError) as error:
        outside_training_save(learner=learner, **training_data(**overrides))
    assert message in field_errors(error.value)[field]
    assert not OutsideTraining.objects.exists()


def test_a_three_day_training_may_have_more_than_24_hours():
    training = outside_training_save(
        learner=UserFactory(),
        **training_data(
            start_date=days_ago(12),
            end_date=days_ago(10),
            hours_entered=Decimal(21),
            hours_unit="clock",
        ),
    )
    assert training.clock_hours == Decimal(21)


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused():
    big = evidence_pdf(content=b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(ValidationError) as error:
        outside_training_save(learner=UserFactory(), **training_data(evidence=big))
    assert "the largest we accept is 1.0\xa0KB" in field_errors(error.value)["evidence"]


def test_images_are_accepted_when_they_really_are_images():
    png = SimpleUploadedFile("certificate.PNG", png_bytes())
    training = outside_training_save(
        learner=UserFactory(), **training_data(evidence=png)
    )
    assert training.evidence_content_type == "image/png"
    truncated = SimpleUploadedFile("certificate.png", png_bytes()[:30])
    with pytest.raises(ValidationError):
        outside_training_save(
            learner=UserFactory(), **training_data(evidence=truncated)
        )


def test_the_same_training_cannot_be_submitted_twice():
    learner = UserFactory()
    outside_training_save(learner=learner, **training_data())
    with pytest.raises(ValidationError) as error:
        outside_training_save(
            learner=learner,
            **training_data(title="circle of security parenting "),
        )
    assert "already entered" in field_errors(error.value)["title"]
    assert OutsideTraining.objects.count() == 1
    # Someone else may take the same training.
    outside_training_save(learner=UserFactory(), **training_data())


def test_a_refused_training_can_be_submitted_again():
    learner = UserFactory()
    refused = OutsideTrainingFactory(
        learner=learner,
        status="rejected",
        title="Circle of Security Parenting",
        provider="Tulsa Children's Coalition",
        start_date=days_ago(20),
    )
    again = outside_training_save(learner=learner, **training_data())
    assert again.pk != refused.pk


def test_only_drafts_and_returned_trainings_can_be_edited():
    learner = UserFactory()
    pending = OutsideTrainingFactory(learner=learner)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        outside_training_save(learner=learner, training=pending, **training_data())
    with pytest.raises(ValidationError, match="someone else"):
        outside_training_save(
            learner=UserFactory(),
            training=OutsideTrainingFactory(status="draft"),
            **training_data(),
        )
    returned = OutsideTrainingFactory(learner=learner, status="changes_requested")
    old_file = returned.evidence.name
    edited = outside_training_save(
        learner=learner, training=returned, **training_data(evidence=None)
    )
    assert edited.evidence.name == old_file  # kept when no new file is given
    assert edited.title == "Circle of Security Parenting"


def test_approval_writes_one_ledger_entry_and_tells_the_learner(
    django_capture_on_commit_callbacks,
):
    learner, admin = UserFactory(), UserFactory()
    training = OutsideTrainingFactory(
        learner=learner,
        clock_hours=Decimal("2.5"),
        dei=True,
        areas=[area("TF-CC"), area("RF-SA")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=training, by=admin)
    entry = CreditEntry.objects.get()
    assert (entry.kind, entry.source_type, entry.source_id) == (
        "outside_training",
        "lms.outsidetraining",
        str(training.pk),
    )
    assert (entry.hours, entry.dei, entry.date, entry.reviewed_by) == (
        Decimal("2.50"),
        True,
        training.end_date,
        admin,
    )
    assert sorted(a.code for a in entry.competency_areas.all()) == ["RF-SA", "TF-CC"]
    training.refresh_from_db()
    assert (training.status, training.reviewed_by) == ("approved", admin)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert mail.outbox[0].subject.startswith("[Cradle] Approved:")

    with pytest.raises(ValidationError, match="waiting for review"):
        submission_approve(submission=training, by=admin)
    assert CreditEntry.objects.count() == 1


def test_rejecting_and_returning_need_a_reason_and_write_nothing(
    django_capture_on_commit_callbacks,
):
    admin = UserFactory()
    training = OutsideTrainingFactory()
    for decide in (submission_reject, submission_return):
        with pytest.raises(ValidationError, match="Tell the learner why"):
            decide(submission=training, by=admin, reason="  ")
    training.refresh_from_db()
    assert training.status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        submission_return(
            submission=training, by=admin, reason="The certificate shows no hours."
        )
    training.refresh_from_db()
    assert training.status == "changes_requested"
    assert training.review_reason == "The certificate shows no hours."
    assert "What to change: The certificate shows no hours." in mail.outbox[0].body
    assert not CreditEntry.objects.exists()

    outside_training_submit(training=training, learner=training.learner)
    with django_capture_on_commit_callbacks(execute=True):
        submission_reject(
            submission=training, by=admin, reason="Not relationship-based."
        )
    training.refresh_from_db()
    assert training.status == "rejected"
    assert mail.outbox[-1].subject.startswith("[Cradle] Not approved:")
    assert not CreditEntry.objects.exists()


def test_nobody_reviews_their_own_submission():
    training = OutsideTrainingFactory()
    with pytest.raises(ValidationError, match="your own"):
        submission_approve(submission=training, by=training.learner)
    assert not CreditEntry.objects.exists()


def test_withdrawing_removes_the_submission_and_its_file(
    django_capture_on_commit_callbacks,
):
    training = OutsideTrainingFactory(status="draft")
    storage, name = training.evidence.storage, training.evidence.name
    assert storage.exists(name)
    with pytest.raises(ValidationError):
        submission_withdraw(submission=training, learner=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        submission_withdraw(submission=training, learner=training.learner)
    assert not OutsideTraining.objects.exists()
    assert not storage.exists(name)

    approved = OutsideTrainingFactory(status="approved")
    with pytest.raises(ValidationError, match="stays on your record"):
        submission_withdraw(submission=approved, learner=approved.learner)


def test_rsc_is_logged_for_review_and_counts_once_approved():
    learner, admin = UserFactory(), UserFactory()
    entry = rsc_log_save(
        learner=learner,
        date=days_ago(3),
        hours=Decimal("1.5"),
        format="group",
        provider_name="Dr. Lee Hart",
        provider_category=category("IMHM-C"),
        about_providing=True,
    )
    assert entry.status == "pending"
    submission_approve(submission=entry, by=admin)
    credit = CreditEntry.objects.get()
    assert (credit.kind, credit.counts_toward, credit.rsc_format) == (
        "rsc",
        "rsc",
        "group",
    )
    assert credit.rsc_provider_category.code == "IMHM-C"
    assert credit.rsc_about_providing is True
    assert credit.title == "Reflective supervision/consultation (group)"


def test_peer_consultation_is_recorded_with_its_flag():
    entry = RscLogEntryFactory(is_peer=True)
    submission_approve(submission=entry, by=UserFactory())
    assert CreditEntry.objects.get().rsc_is_peer is True
    assert not CreditEntry.objects.counted().exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours": Decimal(0)}, "hours", "more than zero"),
        ({"hours": Decimal(25)}, "hours", "more than a day holds"),
        ({"hours": Decimal("1.2")}, "hours", "quarter-hour steps"),
        ({"date": days_ago(-1)}, "date", "future"),
        ({"provider_name": " "}, "provider_name", "Enter the name"),
    ],
)
def test_bad_rsc_entries_are_refused(overrides, field, message):
    values = {
        "learner": UserFactory(),
        "date": days_ago(3),
        "hours": Decimal(1),
        "format": "individual",
        "provider_name": "Dr. Lee Hart",
    }
    values.update(overrides)
    with pytest.raises(ValidationError) as error:
        rsc_log_save(**values)
    assert message in field_errors(error.value)[field]
    assert not RscLogEntry.objects.exists()
