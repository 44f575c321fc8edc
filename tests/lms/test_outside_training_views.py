"""Outside training as the learner sees it: the list, the form, check-and-submit,
editing, withdrawing and the certificate download."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lms.models import OutsideTraining
from tests.factories import UserFactory
from tests.factories.hours import (
    PDF_BYTES,
    OutsideTrainingFactory,
    area,
    days_ago,
    evidence_pdf,
    png_bytes,
)

pytestmark = pytest.mark.django_db

TITLE = "Circle of Security Parenting"
PROVIDER = "Oklahoma Association for Infant Mental Health"


def training_data(**changes):
    """A valid form post; a change to None leaves the field out."""
    day = days_ago(10).isoformat()
    data = {
        "title": TITLE,
        "provider": PROVIDER,
        "presenter": "Dr. R. Example",
        "start_date": day,
        "end_date": day,
        "delivery_mode": "in_person",
        "hours_entered": "6",
        "hours_unit": "clock",
        "competency_areas": [area("TF-AST").pk, area("DS-OBS").pk],
        "dei": "on",
        "evidence": evidence_pdf(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def evidence_files(learner) -> list[Path]:
    # The test run shares one private folder, so tests compare before and after.
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "evidence" / str(learner.pk)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


# Who may see what


OBJECT_URLS = [
    ("outside_training_detail", "get"),
    ("outside_training_update", "get"),
    ("outside_training_update", "post"),
    ("outside_training_submit", "post"),
    ("outside_training_withdraw", "get"),
    ("outside_training_withdraw", "post"),
    ("outside_training_evidence", "get"),
]


@pytest.mark.parametrize(("url_name", "method"), OBJECT_URLS)
def test_another_learners_training_is_not_found(client, learner, url_name, method):
    training = OutsideTrainingFactory(status="draft")
    url = reverse(url_name, args=[training.pk])
    data = training_data(title="Taken over") if method == "post" else None
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    training.refresh_from_db()
    assert training.title != "Taken over"
    assert training.status == "draft"


@pytest.mark.parametrize(("url_name", "method"), OBJECT_URLS)
def test_object_pages_need_a_login(client, url_name, method):
    training = OutsideTrainingFactory(status="draft")
    response = getattr(client, method)(reverse(url_name, args=[training.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert OutsideTraining.objects.filter(pk=training.pk, status="draft").exists()


@pytest.mark.parametrize(
    "url_name", ["outside_training_list", "outside_training_create"]
)
def test_pages_need_a_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The list


def test_list_shows_status_in_words_and_the_reviewers_reason(client, learner):
    OutsideTrainingFactory(learner=learner, title="Draft one", status="draft")
    OutsideTrainingFactory(
        learner=learner,
        title="Returned one",
        status="changes_requested",
        review_reason="The certificate shows a different date.",
    )
    OutsideTrainingFactory(
        learner=learner,
        title="Refused one",
        status="rejected",
        review_reason="Not relationship-based training.",
    )
    OutsideTrainingFactory(learner=learner, title="Counted one", status="approved")
    OutsideTrainingFactory(title="Someone else's")
    body = client.get(reverse("outside_training_list")).content.decode()
    assert "Draft — not yet submitted" in body
    assert "Returned for changes" in body
    assert "The certificate shows a different date." in body
    assert "Not approved" in body
    assert "Not relationship-based training." in body
    assert "Approved" in body
    assert "Someone else" not in body


def test_list_empty_state_and_pagination(client, learner):
    body = client.get(reverse("outside_training_list")).content.decode()
    assert "You have not added any outside training yet" in body
    for index in range(26):
        OutsideTrainingFactory(learner=learner, start_date=days_ago(10 + index))
    first = client.get(reverse("outside_training_list"))
    assert len(first.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("outside_training_list"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 1


# The form


def test_the_form_groups_current_areas_by_domain(client, learner):
    retired = area("SE-CR")
    retired.retired = True
    retired.save()
    body = client.get(reverse("outside_training_create")).content.decode()
    assert '<fieldset class="hours-areas" id="id_competency_areas"' in body
    assert "<legend>Theoretical Foundations</legend>" in body
    assert "<legend>Reflection</legend>" in body
    assert f'value="{area("TF-AST").pk}"' in body
    assert f'value="{retired.pk}"' not in body
    assert 'accept=".pdf,.png,.jpg,.jpeg"' in body
    assert "A PDF, PNG or JPEG of the certificate, up to 5.0\xa0MB" in body
    # The live conversion is a static script enhancing an <output>.
    assert '<output id="hours-conversion"' in body
    assert 'aria-live="polite"' in body
    assert "js/hours-conversion.js" in body
    assert "<script>" not in body


BAD_INPUT = [
    ({"hours_entered": "0"}, "hours_entered", "Hours must be more than zero."),
    ({"hours_entered": "-3"}, "hours_entered", "Hours must be more than zero."),
    (
        {"hours_entered": "six"},
        "hours_entered",
        "Enter the hours as a number, e.g. 6 or 1.5.",
    ),
    (
        {"hours_entered": "25"},
        "hours_entered",
        "25.00 clock hours in 1 day(s) is more than 24 hours a day.",
    ),
    (
        {"hours_entered": "0.2"},
        "hours_entered",
        "That is less than a quarter of a clock hour",
    ),
    (
        {
            "start_date": (
                timezone.localdate() + datetime.timedelta(days=3)
            ).isoformat(),
            "end_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
        "start_date",
        "This date is in the future; record it once it has happened.",
    ),
    (
        {"end_date": days_ago(12).isoformat()},
        "end_date",
        "The last day cannot be before the first day.",
    ),
    ({"start_date": "14/03/2025"}, "start_date", "Enter the first day as a date"),
    (
        {"competency_areas": None},
        "competency_areas",
        "Choose at least one competency area",
    ),
    (
        {
            "evidence": SimpleUploadedFile(
                "certificate.pdf", b"just some text", content_type="application/pdf"
            )
        },
        "evidence",
        "“certificate.pdf” is named like a PDF but its content is not one.",
    ),
    (
        {
            "evidence": SimpleUploadedFile(
                "certificate.png", PDF_BYTES, content_type="image/png"
            )
        },
        "evidence",
        "“certificate.png” is named like a PNG but its content is not one.",
    ),
    (
        {
            "evidence": SimpleUploadedFile(
                "certificate.docx", b"PK\x03\x04", content_type="application/zip"
            )
        },
        "evidence",
        "“certificate.docx” is not a PDF, PNG or JPEG file.",
    ),
    (
        {"evidence": None},
        "evidence",
        "Attach the certificate of attendance (PDF, PNG or JPEG).",
    ),
    ({"title": "  "}, "title", "Enter the title of the training."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_and_nothing_is_saved(
    client, learner, changes, field, message
):
    files_before = evidence_files(learner)
    response = client.post(reverse("outside_training_create"), training_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    body = response.content.decode()
    assert "Please correct the following" in body
    assert f'href="#{response.context["form"][field].id_for_label}"' in body
    assert OutsideTraining.objects.count() == 0
    assert evidence_files(learner) == files_before


@override_settings(EVIDENCE_MAX_BYTES=100)
def test_too_large_a_file_is_refused(client, learner):
    files_before = evidence_files(learner)
    response = client.post(reverse("outside_training_create"), training_data())
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["evidence"])
    assert "the largest we accept is 100\xa0bytes" in errors
    assert "up to 100\xa0bytes" in response.content.decode()
    assert OutsideTraining.objects.count() == 0
    assert evidence_files(learner) == files_before


def test_the_same_training_twice_is_refused(client, learner):
    OutsideTrainingFactory(
        learner=learner,
        title=TITLE.upper(),
        provider=PROVIDER,
        start_date=days_ago(10),
        status="pending",
    )
    response = client.post(reverse("outside_training_create"), training_data())
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["title"])
    assert "You have already entered" in errors
    assert "(waiting for review)" in errors
    assert OutsideTraining.objects.filter(learner=learner).count() == 1


# Draft, check, submit


def test_draft_check_and_submit_with_contact_hours(client, learner):
    response = client.post(
        reverse("outside_training_create"),
        training_data(hours_entered="3", hours_unit="contact"),
    )
    training = OutsideTraining.objects.get(learner=learner)
    assert response.status_code == 302
    assert response.url == reverse("outside_training_detail", args=[training.pk])
    assert training.status == "draft"
    assert training.clock_hours == Decimal("2.50")
    assert training.evidence_name == "certificate.pdf"
    assert training.evidence_content_type == "application/pdf"
    assert {a.code for a in training.competency_areas.all()} == {"TF-AST", "DS-OBS"}

    body = client.get(response.url).content.decode()
    assert "Check and submit" in body
    assert "3 contact hours × 50 minutes = 150 minutes = 2.5 clock hours." in body
    assert "<strong>2.5 clock hours</strong> will be recorded" in body
    assert reverse("outside_training_submit", args=[training.pk]) in body
    assert reverse("outside_training_update", args=[training.pk]) in body
    assert reverse("outside_training_withdraw", args=[training.pk]) in body

    response = client.post(reverse("outside_training_submit", args=[training.pk]))
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == "pending"
    assert training.submitted_at is not None
    body = client.get(reverse("outside_training_detail", args=[training.pk])).content
    assert "Waiting for review" in body.decode()
    assert "Check and submit" not in body.decode()

    # Submitting twice changes nothing and says why.
    response = client.post(
        reverse("outside_training_submit", args=[training.pk]), follow=True
    )
    assert "This training is already waiting for review." in response.content.decode()


def test_a_rounded_conversion_is_shown_before_submitting(client, learner):
    client.post(
        reverse("outside_training_create"),
        training_data(hours_entered="1", hours_unit="ceu"),
    )
    training = OutsideTraining.objects.get(learner=learner)
    body = client.get(
        reverse("outside_training_detail", args=[training.pk])
    ).content.decode()
    assert (
        "1 CEUs × 10 contact hours × 50 minutes = 500 minutes = 8.33 clock hours, "
        "recorded as 8.25 (rounded down to the quarter hour)" in body
    )
    assert "<strong>8.25 clock hours</strong>" in body


# Editing


def test_a_draft_can_be_edited_without_a_new_file(client, learner):
    training = OutsideTrainingFactory(learner=learner, status="draft")
    old_file = training.evidence.name
    url = reverse("outside_training_update", args=[training.pk])
    body = client.get(url).content.decode()
    assert f'value="{training.title}"' in body
    assert f'value="{area("TF-AST").pk}" id="id_competency_areas_' in body
    assert "checked" in body
    assert "Leave empty to keep “certificate.pdf”" in body

    response = client.post(
        url,
        training_data(title="Renamed", evidence=None, competency_areas=[area().pk]),
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.title == "Renamed"
    assert training.status == "draft"
    assert training.evidence.name == old_file


def test_a_new_certificate_replaces_the_old_one(
    client, learner, django_capture_on_commit_callbacks
):
    training = OutsideTrainingFactory(learner=learner, status="changes_requested")
    old_file = training.evidence.name
    image = SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outside_training_update", args=[training.pk]),
            training_data(evidence=image),
        )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.evidence_name == "scan.png"
    assert training.evidence_content_type == "image/png"
    assert not training.evidence.storage.exists(old_file)


def test_a_returned_training_shows_the_reason_and_can_be_corrected(client, learner):
    training = OutsideTrainingFactory(
        learner=learner,
        status="changes_requested",
        review_reason="The certificate says 5 hours.",
    )
    url = reverse("outside_training_update", args=[training.pk])
    assert "The certificate says 5 hours." in client.get(url).content.decode()
    client.post(url, training_data(hours_entered="5", evidence=None))
    training.refresh_from_db()
    assert training.clock_hours == Decimal("5.00")
    assert training.status == "changes_requested"
    client.post(reverse("outside_training_submit", args=[training.pk]))
    training.refresh_from_db()
    assert training.status == "pending"


def test_bad_input_on_edit_changes_nothing(client, learner):
    training = OutsideTrainingFactory(learner=learner, status="draft")
    before = OutsideTraining.objects.filter(pk=training.pk).values().get()
    response = client.post(
        reverse("outside_training_update", args=[training.pk]),
        training_data(
            title="Changed", end_date=days_ago(30).isoformat(), evidence=None
        ),
    )
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in " ".join(
        response.context["form"].errors["end_date"]
    )
    assert OutsideTraining.objects.filter(pk=training.pk).values().get() == before


@pytest.mark.parametrize("status", ["pending", "approved", "rejected"])
def test_a_submitted_training_cannot_be_edited(client, learner, status):
    training = OutsideTrainingFactory(learner=learner, status=status)
    url = reverse("outside_training_update", args=[training.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("outside_training_detail", args=[training.pk])
    client.post(url, training_data(title="Changed", evidence=None))
    training.refresh_from_db()
    assert training.title != "Changed"
    assert training.status == status


# Withdrawing


def test_deleting_a_draft_asks_first_then_removes_it_and_its_file(
    client, learner, django_capture_on_commit_callbacks
):
    training = OutsideTrainingFactory(learner=learner, status="draft")
    stored = training.evidence.name
    url = reverse("outside_training_withdraw", args=[training.pk])
    body = client.get(url).content.decode()
    assert "Delete this draft?" in body
    assert OutsideTraining.objects.filter(pk=training.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("outside_training_list")
    assert not OutsideTraining.objects.filter(pk=training.pk).exists()
    assert not training.evidence.storage.exists(stored)


@pytest.mark.parametrize("status", ["pending", "changes_requested"])
def test_a_submission_not_yet_reviewed_can_be_withdrawn(client, learner, status):
    training = OutsideTrainingFactory(learner=learner, status=status)
    url = reverse("outside_training_withdraw", args=[training.pk])
    assert "Withdraw this training?" in client.get(url).content.decode()
    client.post(url)
    assert not OutsideTraining.objects.filter(pk=training.pk).exists()


@pytest.mark.parametrize("status", ["approved", "rejected"])
def test_a_reviewed_training_stays(client, learner, status):
    training = OutsideTrainingFactory(learner=learner, status=status)
    url = reverse("outside_training_withdraw", args=[training.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, follow=True)
    assert "A submission that has been reviewed stays on your record." in (
        response.content.decode()
    )
    assert OutsideTraining.objects.filter(pk=training.pk, status=status).exists()


# The certificate


def test_the_owner_downloads_the_certificate(client, learner):
    training = OutsideTrainingFactory(learner=learner)
    response = client.get(reverse("outside_training_evidence", args=[training.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_missing_file_is_not_found(client, learner):
    training = OutsideTrainingFactory(learner=learner)
    training.evidence.storage.delete(training.evidence.name)
    response = client.get(reverse("outside_training_evidence", args=[training.pk]))
    assert response.status_code == 404


def test_revoked_hours_show_on_the_learners_training_list(client):
    from lms.services import credit_revoke, submission_approve

    training = OutsideTrainingFactory(title="Infant Massage Basics")
    submission_approve(submission=training, by=UserFactory(), notify=False)
    client.force_login(training.learner)
    assert "Hours revoked" not in client.get("/hours/training/").content.decode()

    credit_revoke(
        learner=training.learner,
        source_type="lms.outsidetraining",
        source_id=training.pk,
        reason="Certificate belonged to another course",
    )
    for path in ("/hours/training/", f"/hours/training/{training.pk}/"):
        page = client.get(path).content.decode()
        assert "Hours revoked by an administrator" in page, path
