"""Demo hours: the demo learner works toward IFS with approved outside training, a
year of reflective supervision, and one training waiting for review; the demo
facilitator holds a confirmed IMHS endorsement and is listed in the registry. Written
through the same services learners and administrators use. Idempotent."""

import datetime
from decimal import Decimal
from html import escape

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .hours import add_months
from .models import CompetencyArea, Endorsement, EndorsementCategory, OutsideTraining
from .pdf import html_to_pdf
from .selectors import learner_profile_get
from .services import (
    endorsement_confirm,
    endorsement_record,
    learner_goal_set,
    outside_training_save,
    outside_training_submit,
    rsc_log_save,
    submission_approve,
)

User = get_user_model()

TRAININGS = (
    # title, provider, presenter, days ago, days long, hours, unit, areas, DEI, RSC
    # topic, approved
    (
        "Foundations of Infant Mental Health",
        "Oklahoma Association for Infant Mental Health",
        "Dr. Carmen Ortiz",
        300,
        1,
        "6",
        "clock",
        ["TF-RFP", "TF-DEV", "TF-AST"],
        False,
        False,
        True,
    ),
    (
        "Diversity-Informed Tenets for Work with Infants, Children and Families",
        "Oklahoma Association for Infant Mental Health",
        "Jamal Redbird, LCSW",
        210,
        1,
        "3",
        "clock",
        ["TF-CC", "RF-SA"],
        True,
        False,
        True,
    ),
    (
        "Early Childhood Mental Health Conference",
        "Oklahoma Partnership for School Readiness",
        "Various presenters",
        120,
        2,
        "12",
        "contact",
        ["TF-DIS", "DS-SCR", "WO-COL"],
        False,
        False,
        True,
    ),
    (
        "Observation and Reflective Practice with Families",
        "Tulsa Early Childhood Collaborative",
        "Dr. Naomi Park",
        14,
        1,
        "0.4",
        "ceu",
        ["DS-OBS", "RF-CON"],
        False,
        False,
        False,
    ),
)


def _certificate_pdf(title: str, provider: str, learner_name: str, hours: str) -> bytes:
    return html_to_pdf(
        "<html lang='en'><head><title>Certificate of attendance</title></head><body>"
        f"<h1>Certificate of attendance</h1><p>{escape(learner_name)} attended "
        f"“{escape(title)}” ({escape(hours)}), offered by {escape(provider)}.</p>"
        "</body></html>"
    )


@transaction.atomic
def seed() -> list[str]:
    learner = User.objects.filter(email="learner@cradle.example").first()
    facilitator = User.objects.filter(email="facilitator@cradle.example").first()
    admin = User.objects.filter(email="admin@cradle.example").first()
    if not (learner and facilitator and admin):
        return ["Demo hours skipped: the demo accounts are missing."]
    lines = []
    if not OutsideTraining.objects.filter(learner=learner).exists():
        _learner_hours(learner, admin)
        lines.append("Demo hours: learner@cradle.example works toward IFS.")
    if not Endorsement.objects.filter(learner=facilitator).exists():
        endorsement = endorsement_record(
            learner=facilitator,
            category=EndorsementCategory.objects.get(code="IMHS"),
            endorsed_on=datetime.date(2023, 5, 15),
            endorsement_number="OK-IMHS-0142",
            registry_consent=True,
        )
        endorsement_confirm(endorsement=endorsement, by=admin)
        lines.append("Demo registry: facilitator@cradle.example holds IMHS (listed).")
    return lines


def _learner_hours(learner, admin) -> None:
    today = timezone.localdate()
    areas = {area.code: area for area in CompetencyArea.objects.all()}
    learner_goal_set(
        profile=learner_profile_get(user=learner),
        category=EndorsementCategory.objects.get(code="IFS"),
    )
    for (
        title,
        provider,
        presenter,
        days_ago,
        days,
        hours,
        unit,
        codes,
        dei,
        rsc_topic,
        approve,
    ) in TRAININGS:
        start = today - datetime.timedelta(days=days_ago)
        pdf = _certificate_pdf(
            title, provider, learner.get_full_name(), f"{hours} {unit}"
        )
        training = outside_training_save(
            learner=learner,
            title=title,
            provider=provider,
            presenter=presenter,
            start_date=start,
            end_date=start + datetime.timedelta(days=days - 1),
            delivery_mode="in_person",
            hours_entered=Decimal(hours),
            hours_unit=unit,
            competency_areas=[areas[code] for code in codes],
            dei=dei,
            rsc_topic=rsc_topic,
            evidence=ContentFile(pdf, name="certificate.pdf"),
        )
        outside_training_submit(training=training, learner=learner)
        if approve:
            submission_approve(submission=training, by=admin, notify=False)

    imhs = EndorsementCategory.objects.get(code="IMHS")
    first = add_months(today, -11)
    for month in range(10):
        entry = rsc_log_save(
            learner=learner,
            date=add_months(first, month),
            hours=Decimal("1.5"),
            format="individual",
            provider_name="Dr. Maya Brightwater",
            provider_category=imhs,
        )
        submission_approve(submission=entry, by=admin, notify=False)
    peer = rsc_log_save(
        learner=learner,
        date=today - datetime.timedelta(days=40),
        hours=Decimal(1),
        format="group",
        provider_name="Home visiting peer group",
        is_peer=True,
    )
    submission_approve(submission=peer, by=admin, notify=False)
    rsc_log_save(
        learner=learner,
        date=today - datetime.timedelta(days=5),
        hours=Decimal("1.5"),
        format="individual",
        provider_name="Dr. Maya Brightwater",
        provider_category=imhs,
    )
