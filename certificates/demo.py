"""Demo certificates: the demo learner holds two (one from an ECHO series an
administrator awarded, one from a workshop) and the demo facilitator one that was
revoked and re-issued, so every state shows. Issued through the same services
administrators use, and rendered (in the embedded mode, at once). Idempotent."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.models import CompetencyArea

from .choices import SOURCE_ADMIN
from .models import Certificate
from .services import certificate_issue, certificate_revoke

User = get_user_model()

AWARDS = (
    # learner, source id, title, hours, days ago, areas
    (
        "learner@cradle.example",
        "demo-echo-2026-spring",
        "Infant Mental Health ECHO: Spring 2026 series",
        "12",
        40,
        ["TF-RFP", "DS-OBS", "RF-SA"],
    ),
    (
        "learner@cradle.example",
        "demo-pyramid-workshop",
        "Pyramid Model: Promoting Social-Emotional Competence (workshop)",
        "6",
        120,
        ["TF-DEV", "DS-SCR"],
    ),
    (
        "facilitator@cradle.example",
        "demo-facilitation-2025",
        "ECHO Facilitation Skills",
        "3",
        200,
        ["RF-SA"],
    ),
)


def seed() -> list[str]:
    admin = User.objects.filter(email="admin@cradle.example").first()
    if admin is None:
        return ["Demo certificates skipped: the demo accounts are missing."]
    areas = {area.code: area for area in CompetencyArea.objects.all()}
    lines = []
    for email, source_id, title, hours, days_ago, codes in AWARDS:
        learner = User.objects.filter(email=email).first()
        if (
            learner is None
            or Certificate.objects.filter(
                learner=learner, source_type=SOURCE_ADMIN, source_id=source_id
            ).exists()
        ):
            continue
        certificate_issue(
            learner=learner,
            title=title,
            hours=Decimal(hours),
            source_type=SOURCE_ADMIN,
            source_id=source_id,
            competency_areas=[areas[code] for code in codes if code in areas],
            issued_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            issued_by=admin,
            email_learner=False,
        )
        lines.append(f"Demo certificate: {title} for {email}.")
    revoked = Certificate.objects.filter(
        source_type=SOURCE_ADMIN, source_id="demo-facilitation-2025"
    ).first()
    if revoked is not None and not revoked.is_revoked:
        certificate_revoke(
            certificate=revoked,
            by=admin,
            reason="Issued with the wrong hours; replaced by a corrected certificate.",
        )
        certificate_issue(
            learner=revoked.learner,
            title="ECHO Facilitation Skills",
            hours=Decimal("3.5"),
            source_type=SOURCE_ADMIN,
            source_id="demo-facilitation-2025-corrected",
            competency_areas=list(revoked.competency_areas.all()),
            issued_on=revoked.issued_on,
            issued_by=admin,
            email_learner=False,
        )
        lines.append("Demo certificate: one revoked and re-issued for the facilitator.")
    return lines
