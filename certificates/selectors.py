"""Reading certificates: for their learner, for the public verification page, and
for administrators watching a bulk issue or the renders that need attention."""

import uuid as uuid_module

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from .choices import CertificateStatus
from .codes import code_normalise
from .models import Certificate, CertificateBatch

# What the public verification page may show; nothing else is read from the row.
VERIFICATION_FIELDS = (
    "code",
    "uuid",
    "recipient_name",
    "title",
    "hours",
    "issued_on",
    "issuer_name",
    "revoked_at",
    "status",
)


def certificates_for_learner(*, learner) -> QuerySet[Certificate]:
    """A learner's certificates, newest first, revoked ones included (marked)."""
    return Certificate.objects.filter(learner=learner).order_by("-issued_on", "-pk")


def certificates_by_source(
    *, learner, source_type: str, source_ids
) -> dict[str, Certificate]:
    """The learner's certificates for several sources of one kind (a page of their
    courses, say), by source id, in one query."""
    rows = Certificate.objects.filter(
        learner=learner,
        source_type=source_type,
        source_id__in=[str(source_id) for source_id in source_ids],
    )
    return {row.source_id: row for row in rows}


def certificates_for_source(*, source_type: str, source_id) -> dict[int, Certificate]:
    """Every learner's certificate for one source, by learner id, in one query."""
    rows = Certificate.objects.filter(
        source_type=source_type, source_id=str(source_id)
    ).only("learner_id", "code", "revoked_at", "status", "uuid")
    return {row.learner_id: row for row in rows}


def certificate_for_verification(*, code: str) -> Certificate | None:
    """The certificate a typed or scanned code names, or None. The code is
    normalised first (case, dashes, O/0 and I/L/1)."""
    normalised = code_normalise(code)
    if normalised is None:
        return None
    return (
        Certificate.objects.only(*VERIFICATION_FIELDS).filter(code=normalised).first()
    )


def certificate_viewable_by(*, user, uuid) -> Certificate | None:
    """The certificate if ``user`` owns it or may see every certificate; else None
    (callers answer 404, so nobody learns that a UUID exists)."""
    if not user.is_authenticated:
        return None
    try:
        uuid = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    certificates = Certificate.objects.select_related("template", "learner")
    if not user.has_perm("certificates.view_certificate"):
        certificates = certificates.filter(learner=user)
    return certificates.filter(uuid=uuid).first()


def certificate_status_public(*, uuid) -> Certificate | None:
    """For the Open Badges status endpoint: whether a credential is revoked."""
    return (
        Certificate.objects.only("uuid", "revoked_at", "revoked_reason")
        .filter(uuid=uuid)
        .first()
    )


def batch_progress(*, batch: CertificateBatch) -> dict:
    """How far a bulk issue has got, in one query: certificates issued, ready,
    failed and still being prepared, and the share done (0–100)."""
    counts = Certificate.objects.filter(batch=batch).aggregate(
        issued=Count("pk"),
        ready=Count("pk", filter=Q(status=CertificateStatus.READY)),
        failed=Count("pk", filter=Q(status=CertificateStatus.FAILED)),
    )
    counts["pending"] = counts["issued"] - counts["ready"] - counts["failed"]
    expected = batch.issued_count + batch.existing_count or batch.total
    counts["total"] = batch.total
    counts["percent"] = (
        round(100 * (counts["ready"] + counts["failed"]) / expected) if expected else 0
    )
    counts["done"] = bool(batch.finished_at) and counts["pending"] == 0
    return counts


def certificates_needing_attention() -> QuerySet[Certificate]:
    """Renders that failed and will not be retried again on their own."""
    return Certificate.objects.filter(
        status=CertificateStatus.FAILED,
        render_attempts__gte=settings.CERTIFICATE_RENDER_MAX_ATTEMPTS,
    )
