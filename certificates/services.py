"""Issuing, rendering, e-mailing and revoking certificates.

``certificate_issue`` is what courses, ECHO and administrators call. It writes the row
in the caller's transaction and asks for the PDF only once that transaction commits,
so a rolled-back completion never leaves a certificate behind and a committed one
never waits on a render. Issuing is idempotent per (learner, source): a retry, a
double click or a concurrent request gets the certificate already there."""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from kombu.exceptions import OperationalError as BrokerUnreachable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lms.hours import is_quarter_step
from lms.models import CompetencyArea

from .choices import SOURCE_BATCH, BatchStatus, CertificateStatus
from .codes import code_generate
from .models import Certificate, CertificateBatch, CertificateTemplate
from .rendering import certificate_pdf, issuer_name, public_url, verification_url

logger = logging.getLogger(__name__)

MAX_CERTIFICATE_HOURS = Decimal(999)
MAX_ERROR_LENGTH = 2000
_CODE_ATTEMPTS = 5


# --- Issuing ---------------------------------------------------------------------


def recipient_name_for(learner) -> str:
    """The name a learner asked to have printed, else their account name."""
    try:
        chosen = learner.profile.certificate_name
    except ObjectDoesNotExist:
        chosen = ""
    return (chosen or learner.get_full_name() or "").strip()


def template_default() -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.order_by("pk").first()
    if template is None:
        raise ValidationError(
            _("There is no certificate template yet; an administrator must add one.")
        )
    return template


def _validate_terms(*, title: str, hours, issued_on: datetime.date) -> Decimal:
    errors = {}
    if not title or not title.strip():
        errors["title"] = _("A certificate needs a title (what it was awarded for).")
    elif len(title.strip()) > 200:
        errors["title"] = _("Keep the title to 200 characters or fewer.")
    try:
        hours = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        errors["hours"] = _("Hours must be a number, such as 6.5.")
    else:
        if hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
        elif hours > MAX_CERTIFICATE_HOURS:
            errors["hours"] = _(
                "%(hours)s hours is more than a certificate can hold."
            ) % {"hours": hours}
        elif not is_quarter_step(hours):
            errors["hours"] = _(
                "Hours are given in quarter-hour steps (0.25, 0.5, 0.75 …); "
                "%(hours)s is not one."
            ) % {"hours": hours}
    if issued_on is not None and issued_on > timezone.localdate():
        errors["issued_on"] = _("A certificate cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return hours


def _area_snapshot(areas: list[CompetencyArea]) -> list[dict]:
    return [{"code": area.code, "name": area.name} for area in areas]


def _render_queue_on_commit(certificate_ids: list[int], *, force: bool = False):
    def queue():
        from .tasks import certificate_render

        for position, certificate_id in enumerate(certificate_ids):
            try:
                certificate_render.delay(certificate_id, force)
            except BrokerUnreachable:
                # The rows are committed and pending; the sweep queues them again
                # once the broker answers. Never fail the request, and do not wait
                # on the broker once per certificate: it is down for all of them.
                logger.exception(
                    "The broker is unreachable: %s certificate renders were not "
                    "queued (the first is certificate %s); the sweep will queue them",
                    len(certificate_ids) - position,
                    certificate_id,
                )
                return
            except Exception:
                logger.exception(
                    "Could not queue the render of certificate %s; the sweep will "
                    "retry it",
                    certificate_id,
                )

    transaction.on_commit(queue)


@transaction.atomic
def certificate_issue(
    *,
    learner,
    title: str,
    hours,
    source_type: str,
    source_id,
    template: CertificateTemplate | None = None,
    competency_areas: Iterable[CompetencyArea] = (),
    issued_on: datetime.date | None = None,
    issued_by=None,
    batch: CertificateBatch | None = None,
    email_learner: bool = True,
) -> tuple[Certificate, bool]:
    """Award ``learner`` a certificate for one source, once. Returns the certificate
    and whether it was created now. The PDF is rendered by a worker after commit."""
    source_id = str(source_id)
    existing = Certificate.objects.filter(
        learner=learner, source_type=source_type, source_id=source_id
    ).first()
    if existing is not None:
        return existing, False

    issued_on = issued_on or timezone.localdate()
    hours = _validate_terms(title=title, hours=hours, issued_on=issued_on)
    recipient_name = recipient_name_for(learner)
    if not recipient_name:
        raise ValidationError(
            _(
                "%(email)s has no name on their account, and a certificate must show "
                "one. Add it to their profile first."
            )
            % {"email": learner.email}
        )
    template = template or template_default()
    areas = list(competency_areas)
    certificate = Certificate(
        learner=learner,
        template=template,
        title=title.strip(),
        recipient_name=recipient_name,
        hours=hours,
        competency_area_snapshot=_area_snapshot(areas),
        issuer_name=issuer_name(),
        issued_on=issued_on,
        source_type=source_type,
        source_id=source_id,
        batch=batch,
        issued_by=issued_by,
        email_on_ready=email_learner,
        render_queued_at=timezone.now(),
    )
    for _attempt in range(_CODE_ATTEMPTS):
        certificate.code = code_generate()
        try:
            with transaction.atomic():
                certificate.save()
            break
        except IntegrityError:
            # Either another request issued the same source first (return its row)
            # or, once in 2^50, the random code was taken (draw another).
            winner = Certificate.objects.filter(
                learner=learner, source_type=source_type, source_id=source_id
            ).first()
            if winner is not None:
                return winner, False
            certificate.pk = None
    else:
        raise RuntimeError("Could not draw an unused verification code.")
    if areas:
        certificate.competency_areas.set(areas)
    log(
        instance=certificate,
        action="certificates.issued",
        user=issued_by,
        data={"source": f"{source_type}:{source_id}"},
    )
    _render_queue_on_commit([certificate.pk])
    return certificate, True


# --- Rendering -------------------------------------------------------------------


def certificate_render(
    *, certificate_id: int, force: bool = False, render_key: str = ""
):
    """Render the PDF and store it. A certificate already rendered is left alone
    unless ``force`` (an administrator's re-render). Safe to run twice at once: each
    run writes its own file and the last to finish keeps its file, deleting the
    other.

    ``render_key`` names this run's file; the task passes its own id, which a
    redelivered message keeps. So when a worker dies between storing the file and
    recording it, the repeated run replaces that file instead of orphaning it."""
    certificate = (
        Certificate.objects.select_related(
            "template", "template__logo_image", "template__signature_image"
        )
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        return None
    suffix = (
        hashlib.sha256(render_key.encode()).hexdigest()[:16]
        if render_key
        else secrets.token_hex(8)
    )
    name = f"certificates/{certificate.uuid}-{suffix}.pdf"
    if certificate.pdf.name == name:
        return certificate  # this same run recorded it before its worker died
    storage = certificate.pdf.storage
    if certificate.is_ready and not force:
        if render_key:
            # A message handed back after its worker was killed, while the sweep
            # had the certificate rendered by another task: the killed run may
            # have stored its file without recording it. Nothing points at it.
            storage.delete(name)
        return certificate
    data = certificate_pdf(certificate)
    storage.delete(name)  # left by an earlier run of this same task, if any
    name = storage.save(name, ContentFile(data))
    send_email = False
    try:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate_id)
            previous = locked.pdf.name
            locked.pdf.name = name
            locked.pdf_size = len(data)
            locked.status = CertificateStatus.READY
            locked.rendered_at = timezone.now()
            locked.render_attempts += 1
            locked.last_error = ""
            if locked.email_on_ready and not locked.is_revoked:
                # Consumed here, under the lock, so the automatic e-mail goes once.
                locked.email_on_ready = False
                send_email = True
            locked.save(
                update_fields=[
                    "pdf",
                    "pdf_size",
                    "status",
                    "rendered_at",
                    "render_attempts",
                    "last_error",
                    "email_on_ready",
                ]
            )
            if send_email:
                _email_queue_on_commit([locked.pk])
    except BaseException:
        storage.delete(name)  # never recorded, so nothing may point at it
        raise
    if previous and previous != name:
        storage.delete(previous)
    return locked


def certificate_render_failed(*, certificate_id: int, error: BaseException) -> int:
    """Record a failed render (the error is kept for administrators). Returns the
    number of attempts so far. A certificate that is already ready stays ready."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        )
        if certificate is None:
            return 0
        certificate.render_attempts += 1
        if certificate.status != CertificateStatus.READY:
            certificate.status = CertificateStatus.FAILED
        certificate.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
        certificate.save(update_fields=["render_attempts", "status", "last_error"])
        return certificate.render_attempts


def certificates_sweep(
    *, now: datetime.datetime | None = None, limit: int = 500
) -> int:
    """Queue again every certificate left pending, or failed with attempts to spare,
    for longer than CERTIFICATE_STUCK_MINUTES. Returns how many were queued."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.CERTIFICATE_STUCK_MINUTES)
    with transaction.atomic():
        stuck = list(
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(render_queued_at__lt=cutoff)
            .filter(
                Q(status=CertificateStatus.PENDING)
                | Q(
                    status=CertificateStatus.FAILED,
                    render_attempts__lt=settings.CERTIFICATE_RENDER_MAX_ATTEMPTS,
                )
            )
            .order_by("render_queued_at")
            .values_list("pk", flat=True)[:limit]
        )
        if stuck:
            Certificate.objects.filter(pk__in=stuck).update(render_queued_at=now)
            _render_queue_on_commit(stuck)
    if stuck:
        logger.info("Certificate sweep queued %s renders again", len(stuck))
    return len(stuck)


def certificate_batches_sweep(
    *, now: datetime.datetime | None = None, limit: int = 50
) -> int:
    """Queue again every confirmed bulk issue still waiting (or left issuing by a
    worker that died: its transaction rolled back) CERTIFICATE_STUCK_MINUTES after
    it was queued, as when the broker lost its messages. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.CERTIFICATE_STUCK_MINUTES)
    with transaction.atomic():
        stuck = list(
            CertificateBatch.objects.select_for_update(skip_locked=True)
            .filter(status__in=[BatchStatus.QUEUED, BatchStatus.ISSUING])
            .filter(
                Q(started_at__lt=cutoff)
                | Q(started_at__isnull=True, created_at__lt=cutoff)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if stuck:
            CertificateBatch.objects.filter(pk__in=stuck).update(started_at=now)
            for batch_id in stuck:
                _batch_queue_on_commit(batch_id, issue_if_unreachable=False)
    if stuck:
        logger.info("Certificate sweep queued %s bulk issues again", len(stuck))
    return len(stuck)


@transaction.atomic
def certificate_rerender(*, certificate: Certificate, by) -> Certificate:
    """Render again from the template as it is now (after fixing a template or an
    image). The certificate keeps its code, UUID and snapshot."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    certificate.status = CertificateStatus.PENDING
    certificate.render_attempts = 0
    certificate.last_error = ""
    certificate.render_queued_at = timezone.now()
    certificate.save(
        update_fields=["status", "render_attempts", "last_error", "render_queued_at"]
    )
    log(instance=certificate, action="certificates.rerendered", user=by)
    _render_queue_on_commit([certificate.pk], force=True)
    return certificate


# --- Revoking --------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Mark a certificate revoked, with who, when and why. The row and its PDF stay;
    the verification page says it is revoked. Revoking twice changes nothing."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give a reason: the learner will see it.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoked_reason = reason.strip()
    certificate.email_on_ready = False
    certificate.save(
        update_fields=["revoked_at", "revoked_by", "revoked_reason", "email_on_ready"]
    )
    log(
        instance=certificate,
        action="certificates.revoked",
        user=by,
        data={"reason": certificate.revoked_reason},
    )
    return certificate


# --- E-mail ----------------------------------------------------------------------


def _email_queue_on_commit(certificate_ids: list[int]) -> None:
    def queue():
        from .tasks import certificate_email

        for certificate_id in certificate_ids:
            try:
                certificate_email.delay(certificate_id)
            except Exception:
                logger.exception(
                    "Could not queue the e-mail of certificate %s", certificate_id
                )

    transaction.on_commit(queue)


@transaction.atomic
def certificate_email_request(*, certificate: Certificate, by) -> bool:
    """Send (or send again) the certificate to its learner as an attachment. A
    certificate still being prepared is sent as soon as it is ready. Returns True if
    it goes now, False if it waits for the render."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is revoked; it cannot be sent."))
    log(instance=certificate, action="certificates.emailed", user=by)
    if certificate.is_ready:
        _email_queue_on_commit([certificate.pk])
        return True
    certificate.email_on_ready = True
    certificate.save(update_fields=["email_on_ready"])
    return False


def certificate_email_skip(*, learner, source_type: str, source_id) -> int:
    """Do not e-mail the learner when this certificate's PDF is ready (demo data
    seeded on their behalf). Returns how many certificates it changed."""
    return Certificate.objects.filter(
        learner=learner,
        source_type=source_type,
        source_id=str(source_id),
        email_on_ready=True,
    ).update(email_on_ready=False)


def certificate_email_send(*, certificate_id: int) -> int:
    """E-mail a ready certificate to its learner with the PDF attached."""
    certificate = (
        Certificate.objects.select_related("learner").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.is_revoked or not certificate.is_ready:
        return 0
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    context = {
        "certificate": certificate,
        "verification_url": verification_url(certificate.code),
        "certificates_url": public_url(reverse("certificates:list")),
    }
    message = EmailMessage(
        subject=_("[Cradle] Your certificate: %(title)s")
        % {"title": certificate.title[:120]},
        body=render_to_string("certificates/email/certificate.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[certificate.learner.email],
    )
    message.attach(certificate.download_filename, data, "application/pdf")
    sent = message.send()
    if sent:
        Certificate.objects.filter(pk=certificate.pk).update(
            emailed_at=timezone.now(), email_count=certificate.email_count + 1
        )
    return sent


# --- Bulk issue ------------------------------------------------------------------


@transaction.atomic
def certificate_batch_create(
    *,
    template: CertificateTemplate,
    title: str,
    hours,
    issued_on: datetime.date,
    learners: list,
    recipient_source: str,
    report: list[dict],
    description: str = "",
    competency_areas: Iterable[CompetencyArea] = (),
    email_learners: bool = True,
    created_by,
) -> CertificateBatch:
    """A checked, not yet issued, bulk issue: what the administrator confirms."""
    hours = _validate_terms(title=title, hours=hours, issued_on=issued_on)
    if not learners:
        raise ValidationError(_("No learners to issue certificates to."))
    nameless = [
        learner.email for learner in learners if not recipient_name_for(learner)
    ]
    if nameless:
        raise ValidationError(
            _("These learners have no name on their account: %(emails)s")
            % {"emails": ", ".join(nameless[:10])}
        )
    batch = CertificateBatch.objects.create(
        template=template,
        title=title.strip(),
        hours=hours,
        issued_on=issued_on,
        email_learners=email_learners,
        recipient_source=recipient_source,
        report=report,
        description=description[:300],
        total=len(learners),
        created_by=created_by,
    )
    batch.recipients.set(learners)
    batch.competency_areas.set(list(competency_areas))
    return batch


@transaction.atomic
def certificate_batch_start(
    *, batch: CertificateBatch, by, skip_problems: bool = False
) -> CertificateBatch:
    """Confirm a checked bulk issue; a worker issues it. Confirming twice (a double
    click) starts it once. If rows of the list matched nobody, the administrator
    must say so (``skip_problems``) before the others are issued."""
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DRAFT:
        return batch
    problems = len(batch.problem_rows)
    if problems and not skip_problems:
        raise ValidationError(
            ngettext(
                "Nothing was issued: %(count)s row of the list matches nobody who "
                "can receive a certificate. Tick the box to issue only to the "
                "matched learners, or correct the list and start again.",
                "Nothing was issued: %(count)s rows of the list match nobody who "
                "can receive a certificate. Tick the box to issue only to the "
                "matched learners, or correct the list and start again.",
                problems,
            )
            % {"count": problems}
        )
    batch.status = BatchStatus.QUEUED
    # When it was confirmed; the worker sets it again when it starts issuing. The
    # sweep queues a batch again if it stays queued too long after this.
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at"])
    log(
        instance=batch,
        action="certificates.batch_started",
        user=by,
        data={"total": batch.total},
    )
    _batch_queue_on_commit(batch.pk, issue_if_unreachable=True)
    return batch


def _batch_queue_on_commit(batch_id: int, *, issue_if_unreachable: bool) -> None:
    def queue():
        from .tasks import certificate_batch_issue as task

        try:
            task.delay(batch_id)
        except BrokerUnreachable:
            if not issue_if_unreachable:
                logger.exception("Could not queue bulk issue %s", batch_id)
                return
            # No worker can be reached: issue here (a few bulk queries), so the
            # certificates exist, pending; the sweep queues their renders once
            # the broker answers.
            logger.exception(
                "The broker is unreachable; issuing bulk issue %s without a worker",
                batch_id,
            )
            try:
                certificate_batch_issue(batch_id=batch_id)
            except Exception:  # logged, and kept on the batch, by the issue itself
                return
        except Exception:
            logger.exception("Could not queue bulk issue %s", batch_id)

    transaction.on_commit(queue)


@transaction.atomic
def certificate_batch_discard(*, batch: CertificateBatch, by) -> CertificateBatch:
    """Throw away a checked bulk issue that will not be confirmed. Only a draft can
    be discarded; one already confirmed has issued (or is issuing) its certificates,
    which are revoked one by one if they were a mistake."""
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.CANCELLED:
        return batch
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(
            _(
                "This bulk issue has been confirmed, so it cannot be discarded. "
                "Revoke the certificates it issued instead."
            )
        )
    batch.status = BatchStatus.CANCELLED
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    log(instance=batch, action="certificates.batch_discarded", user=by)
    return batch


def certificate_batch_issue(*, batch_id: int) -> CertificateBatch | None:
    """Issue every certificate of a confirmed bulk issue in one transaction: all of
    them, or — if anything fails — none, with the error kept on the batch."""
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status not in (
            BatchStatus.QUEUED,
            BatchStatus.ISSUING,
        ):
            return batch
        batch.status = BatchStatus.ISSUING
        batch.started_at = timezone.now()
        batch.error = ""
        batch.save(update_fields=["status", "started_at", "error"])
    try:
        with transaction.atomic():
            locked = CertificateBatch.objects.select_for_update().get(pk=batch_id)
            if locked.status != BatchStatus.ISSUING:
                # Another run of the same batch (a message handed back, or queued
                # again by the sweep) finished it while this one waited.
                return locked
            created, existing = _batch_issue_rows(batch)
            batch.status = BatchStatus.ISSUED
            batch.issued_count = created
            batch.existing_count = existing
            batch.finished_at = timezone.now()
            batch.save(
                update_fields=[
                    "status",
                    "issued_count",
                    "existing_count",
                    "finished_at",
                ]
            )
    except Exception as error:
        logger.exception("Bulk issue %s failed; nothing was issued", batch_id)
        CertificateBatch.objects.filter(pk=batch_id, status=BatchStatus.ISSUING).update(
            status=BatchStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH],
            finished_at=timezone.now(),
        )
        raise
    return batch


def _batch_issue_rows(batch: CertificateBatch) -> tuple[int, int]:
    """Insert the batch's certificates in bulk (a thousand in a few queries) and
    queue their renders on commit. Learners who already hold this batch's
    certificate are counted, not issued again."""
    source_id = str(batch.uuid)
    already = set(
        Certificate.objects.filter(
            source_type=SOURCE_BATCH, source_id=source_id
        ).values_list("learner_id", flat=True)
    )
    learners = [
        learner
        for learner in batch.recipients.select_related("profile").order_by("pk")
        if learner.pk not in already
    ]
    areas = list(batch.competency_areas.order_by("code"))
    snapshot = _area_snapshot(areas)
    issuer = issuer_name()
    now = timezone.now()
    codes = _unused_codes(len(learners))
    certificates = []
    for learner, code in zip(learners, codes, strict=True):
        name = recipient_name_for(learner)
        if not name:
            raise ValidationError(
                _("%(email)s has no name on their account.") % {"email": learner.email}
            )
        certificates.append(
            Certificate(
                code=code,
                learner=learner,
                template_id=batch.template_id,
                title=batch.title,
                recipient_name=name,
                hours=batch.hours,
                competency_area_snapshot=snapshot,
                issuer_name=issuer,
                issued_on=batch.issued_on,
                source_type=SOURCE_BATCH,
                source_id=source_id,
                batch=batch,
                issued_by=batch.created_by,
                email_on_ready=batch.email_learners,
                render_queued_at=now,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=500)
    if areas:
        through = Certificate.competency_areas.through
        through.objects.bulk_create(
            [
                through(certificate_id=certificate.pk, competencyarea_id=area.pk)
                for certificate in certificates
                for area in areas
            ],
            batch_size=1000,
        )
    _log_many(
        certificates,
        action="certificates.issued",
        user=batch.created_by,
        data={"source": f"{SOURCE_BATCH}:{source_id}"},
    )
    _render_queue_on_commit([certificate.pk for certificate in certificates])
    return len(certificates), len(already)


def _log_many(certificates, *, action: str, user, data: dict | None = None) -> None:
    """The admin log's entries for many certificates, in a few bulk inserts (what
    ``wagtail.log_actions.log`` writes one by one)."""
    content_type = ContentType.objects.get_for_model(Certificate)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(certificate)[:255],
                action=action,
                user=user,
                object_id=str(certificate.pk),
                timestamp=now,
                data=data or {},
            )
            for certificate in certificates
        ],
        batch_size=500,
    )


@transaction.atomic
def certificate_batch_email(*, batch: CertificateBatch, by) -> tuple[int, int]:
    """E-mail every ready, valid certificate of a bulk issue to its learner (each
    e-mail a task of its own). Returns how many go and how many were left out
    (not ready yet, or revoked)."""
    certificates = list(
        Certificate.objects.filter(
            batch=batch, status=CertificateStatus.READY, revoked_at__isnull=True
        )
        .exclude(pdf="")
        .only("pk", "title", "recipient_name")
        .order_by("pk")
    )
    left_out = Certificate.objects.filter(batch=batch).count() - len(certificates)
    if certificates:
        _log_many(certificates, action="certificates.emailed", user=by)
        _email_queue_on_commit([certificate.pk for certificate in certificates])
    return len(certificates), left_out


def _unused_codes(count: int) -> list[str]:
    """``count`` distinct fresh codes none of which is taken (checked in one query)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {code_generate() for _ in range(count - len(codes))}
        taken = set(
            Certificate.objects.filter(code__in=wanted).values_list("code", flat=True)
        )
        codes |= wanted - taken
    return list(codes)[:count]
