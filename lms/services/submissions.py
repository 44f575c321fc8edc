"""Outside training and the RSC log: what learners submit, and the review that decides
whether it counts. Nothing submitted counts until an administrator approves it; the
approval is what writes the ledger entry."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..choices import CountsToward, CreditKind, SubmissionStatus
from ..hours import convert_to_clock_hours, is_quarter_step, max_hours_for_days
from ..models import (
    CompetencyArea,
    EndorsementCategory,
    OutsideTraining,
    RscLogEntry,
)
from ..validators import validate_evidence_file
from .ledger import credit_award

EARLIEST_DATE = datetime.date(1950, 1, 1)
MAX_RSC_HOURS = Decimal(24)

REVIEWABLE = (OutsideTraining, RscLogEntry)


def source_type_of(submission) -> str:
    return submission._meta.label_lower


def _check_date(errors: dict, field: str, value: datetime.date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        errors[field] = _("This date is in the future; record it once it has happened.")
    elif value < EARLIEST_DATE:
        errors[field] = _("Check the year: %(date)s is too long ago.") % {
            "date": value.isoformat()
        }


@transaction.atomic
def outside_training_save(
    *,
    learner,
    training: OutsideTraining | None = None,
    title: str,
    provider: str,
    presenter: str = "",
    start_date: datetime.date,
    end_date: datetime.date,
    delivery_mode: str,
    hours_entered: Decimal,
    hours_unit: str,
    competency_areas: Iterable[CompetencyArea],
    dei: bool = False,
    rsc_topic: bool = False,
    evidence=None,
) -> OutsideTraining:
    """Create a draft, or change a draft or a submission returned for changes. The
    learner then checks the conversion to clock hours and submits it."""
    if training is not None:
        training = OutsideTraining.objects.select_for_update().get(pk=training.pk)
        if training.learner_id != learner.pk:
            raise ValidationError(_("This training belongs to someone else."))
        if not training.is_editable:
            raise ValidationError(
                _("This training has been %(status)s and can no longer be changed.")
                % {"status": training.get_status_display().lower()}
            )
    areas = list(competency_areas)
    title, provider, presenter = title.strip(), provider.strip(), presenter.strip()
    errors: dict[str, str] = {}
    _check_date(errors, "start_date", start_date)
    _check_date(errors, "end_date", end_date)
    if start_date and end_date and end_date < start_date and "end_date" not in errors:
        errors["end_date"] = _("The last day cannot be before the first day.")

    clock_hours = None
    try:
        hours_entered = Decimal(hours_entered)
    except (InvalidOperation, TypeError):
        errors["hours_entered"] = _("Enter the hours as a number, e.g. 6 or 1.5.")
    else:
        if hours_entered <= 0:
            errors["hours_entered"] = _("Hours must be more than zero.")
        else:
            clock_hours = convert_to_clock_hours(hours_entered, hours_unit).clock_hours
            if clock_hours <= 0:
                errors["hours_entered"] = _(
                    "That is less than a quarter of a clock hour, the smallest amount "
                    "the ledger records."
                )
            elif "end_date" not in errors and "start_date" not in errors:
                limit = max_hours_for_days(start_date, end_date)
                if clock_hours > limit:
                    days = (end_date - start_date).days + 1
                    errors["hours_entered"] = _(
                        "%(hours)s clock hours in %(days)s day(s) is more than 24 "
                        "hours a day. Check the hours and the dates."
                    ) % {"hours": clock_hours, "days": days}

    if not areas:
        errors["competency_areas"] = _(
            "Choose at least one competency area: a training counts toward "
            "endorsement only if it covers a competency."
        )
    elif any(area.retired for area in areas) and training is None:
        errors["competency_areas"] = _(
            "One of the areas chosen has been retired; choose a current one."
        )

    content_type = None
    if evidence is not None:
        try:
            content_type = validate_evidence_file(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages[0]
    elif training is None:
        errors["evidence"] = _(
            "Attach the certificate of attendance (PDF, PNG or JPEG)."
        )

    if title and provider and start_date and "start_date" not in errors:
        duplicate = (
            OutsideTraining.objects.filter(
                learner=learner,
                title__iexact=title,
                provider__iexact=provider,
                start_date=start_date,
            )
            .exclude(status=SubmissionStatus.REJECTED)
            .exclude(pk=getattr(training, "pk", None))
            .first()
        )
        if duplicate is not None:
            errors["title"] = _duplicate_message(duplicate)
    if errors:
        raise ValidationError(errors)

    if training is None:
        training = OutsideTraining(learner=learner)
    training.title = title
    training.provider = provider
    training.presenter = presenter
    training.start_date = start_date
    training.end_date = end_date
    training.delivery_mode = delivery_mode
    training.hours_entered = hours_entered
    training.hours_unit = hours_unit
    training.clock_hours = clock_hours
    training.dei = dei
    training.rsc_topic = rsc_topic
    if evidence is not None:
        old_name = training.evidence.name if training.evidence else ""
        training.evidence_name = (evidence.name or "")[-255:]
        training.evidence_content_type = content_type
        training.evidence = evidence
        if old_name:
            storage = training.evidence.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    training.full_clean(exclude=["evidence"], validate_constraints=False)
    try:
        with transaction.atomic():
            training.save()
    except IntegrityError as error:
        raise ValidationError(
            {"title": _("You have already submitted this training.")}
        ) from error
    training.competency_areas.set(areas)
    return training


def _duplicate_message(duplicate: OutsideTraining) -> str:
    return _(
        "You have already entered “%(title)s” from %(provider)s starting "
        "%(date)s (%(status)s)."
    ) % {
        "title": duplicate.title,
        "provider": duplicate.provider,
        "date": date_format(duplicate.start_date, "F j, Y"),
        "status": duplicate.get_status_display().lower(),
    }


@transaction.atomic
def outside_training_submit(*, training: OutsideTraining, learner) -> OutsideTraining:
    """Send a draft (or a corrected submission) to the review queue."""
    training = OutsideTraining.objects.select_for_update().get(pk=training.pk)
    if training.learner_id != learner.pk:
        raise ValidationError(_("This training belongs to someone else."))
    if not training.is_editable:
        raise ValidationError(
            _("This training is already %(status)s.")
            % {"status": training.get_status_display().lower()}
        )
    if not training.competency_areas.exists():
        raise ValidationError(
            _("Choose at least one competency area before submitting.")
        )
    training.status = SubmissionStatus.PENDING
    training.submitted_at = timezone.now()
    training.save(update_fields=["status", "submitted_at", "updated_at"])
    return training


@transaction.atomic
def rsc_log_save(
    *,
    learner,
    entry: RscLogEntry | None = None,
    date: datetime.date,
    hours: Decimal,
    format: str,
    provider_name: str,
    provider_category: EndorsementCategory | None = None,
    is_peer: bool = False,
    about_providing: bool = False,
    note: str = "",
) -> RscLogEntry:
    """Log reflective supervision/consultation received, or correct an entry returned
    for changes. It goes straight to the review queue."""
    if entry is not None:
        entry = RscLogEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.learner_id != learner.pk:
            raise ValidationError(_("This entry belongs to someone else."))
        if not entry.is_editable:
            raise ValidationError(
                _("This entry has been %(status)s and can no longer be changed.")
                % {"status": entry.get_status_display().lower()}
            )
    errors: dict[str, str] = {}
    _check_date(errors, "date", date)
    hours = Decimal(hours)
    if hours <= 0:
        errors["hours"] = _("Hours must be more than zero.")
    elif hours > MAX_RSC_HOURS:
        errors["hours"] = _("%(hours)s hours in one day is more than a day holds.") % {
            "hours": hours
        }
    elif not is_quarter_step(hours):
        errors["hours"] = _("Enter hours in quarter-hour steps (0.25, 0.5, 0.75, 1 …).")
    if not provider_name.strip():
        errors["provider_name"] = _("Enter the name of the person who provided it.")
    if errors:
        raise ValidationError(errors)
    if entry is None:
        entry = RscLogEntry(learner=learner)
    entry.date = date
    entry.hours = hours
    entry.format = format
    entry.provider_name = provider_name.strip()
    entry.provider_category = provider_category
    entry.is_peer = is_peer
    entry.about_providing = about_providing
    entry.note = note.strip()
    entry.status = SubmissionStatus.PENDING
    entry.submitted_at = timezone.now()
    entry.review_reason = ""
    entry.full_clean(validate_constraints=False)
    entry.save()
    return entry


def _locked(submission):
    if not isinstance(submission, REVIEWABLE):
        raise TypeError(f"{type(submission).__name__} is not reviewed here")
    return type(submission).objects.select_for_update().get(pk=submission.pk)


def _check_reviewable(submission, by) -> None:
    if submission.status != SubmissionStatus.PENDING:
        raise ValidationError(
            _(
                "Only a submission waiting for review can be reviewed; "
                "this one is %(s)s."
            )
            % {"s": submission.get_status_display().lower()}
        )
    if submission.learner_id == by.pk:
        raise ValidationError(_("You cannot review your own submission."))


def _decide(submission, *, by, status: str, reason: str = "", notify: bool = True):
    from ..tasks import submission_review_notify

    submission.status = status
    submission.review_reason = reason.strip()
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.save(
        update_fields=[
            "status",
            "review_reason",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    if notify:
        label, pk = submission._meta.label_lower, submission.pk
        transaction.on_commit(lambda: submission_review_notify.delay(label, pk))
    return submission


@transaction.atomic
def submission_approve(*, submission, by, notify: bool = True):
    """Approve outside training or an RSC log entry: it enters the ledger. The learner
    is e-mailed unless ``notify`` is False (records entered on their behalf)."""
    submission = _locked(submission)
    _check_reviewable(submission, by)
    if isinstance(submission, OutsideTraining):
        credit_award(
            learner=submission.learner,
            kind=CreditKind.OUTSIDE_TRAINING,
            source_type=source_type_of(submission),
            source_id=submission.pk,
            title=submission.title,
            provider=submission.provider,
            date=submission.end_date,
            hours=submission.clock_hours,
            competency_areas=submission.competency_areas.all(),
            dei=submission.dei,
            rsc_topic=submission.rsc_topic,
            reviewed_by=by,
        )
    else:
        credit_award(
            learner=submission.learner,
            kind=CreditKind.RSC,
            counts_toward=CountsToward.RSC,
            source_type=source_type_of(submission),
            source_id=submission.pk,
            title=_("Reflective supervision/consultation (%(format)s)")
            % {"format": submission.get_format_display().lower()},
            provider=submission.provider_name,
            date=submission.date,
            hours=submission.hours,
            rsc_format=submission.format,
            rsc_provider_category=submission.provider_category,
            rsc_is_peer=submission.is_peer,
            rsc_about_providing=submission.about_providing,
            reviewed_by=by,
        )
    return _decide(submission, by=by, status=SubmissionStatus.APPROVED, notify=notify)


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ValidationError(
            {"reason": _("Tell the learner why, so they know what to do next.")}
        )


@transaction.atomic
def submission_reject(*, submission, by, reason: str):
    _require_reason(reason)
    submission = _locked(submission)
    _check_reviewable(submission, by)
    return _decide(submission, by=by, status=SubmissionStatus.REJECTED, reason=reason)


@transaction.atomic
def submission_return(*, submission, by, reason: str):
    """Send a submission back to the learner to correct and submit again."""
    _require_reason(reason)
    submission = _locked(submission)
    _check_reviewable(submission, by)
    return _decide(
        submission, by=by, status=SubmissionStatus.CHANGES_REQUESTED, reason=reason
    )


@transaction.atomic
def submission_withdraw(*, submission, learner) -> None:
    """The learner takes back something not yet approved or refused. The row and
    its evidence file go: nothing about it was ever counted."""
    submission = _locked(submission)
    if submission.learner_id != learner.pk:
        raise ValidationError(_("This submission belongs to someone else."))
    if submission.status in {SubmissionStatus.APPROVED, SubmissionStatus.REJECTED}:
        raise ValidationError(
            _("A submission that has been reviewed stays on your record.")
        )
    evidence = getattr(submission, "evidence", None)
    if evidence:
        storage, name = evidence.storage, evidence.name
        transaction.on_commit(lambda: storage.delete(name))
    submission.delete()
