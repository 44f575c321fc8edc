"""What happens to a series' sessions: generated from its recurrence, then moved,
cancelled, added or edited one by one by the people who run the series.

A session keeps its ``uid`` (its calendar identity) through every change; whatever
a calendar shows raises its ``sequence``. Registered participants receive an
updated invitation when a session moves or is added, and a cancellation notice
when one is cancelled — both queued once the change is committed."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ReminderKind, SessionStatus
from ..models import EchoSeries, EchoSession, ReminderDelivery
from ..permissions import can_manage_series
from ..recurrence import occurrences
from .notifications import ADDED, CHANGED, queue_on_commit

logger = logging.getLogger(__name__)

# Fields a facilitator edits with session_update, and those of them a calendar shows.
EDITABLE_FIELDS = (
    "topic",
    "presenter",
    "materials_url",
    "materials_document",
    "recording_url",
)
CALENDAR_FIELDS = ("topic", "presenter", "materials_url", "recording_url")
MIN_MINUTES, MAX_MINUTES = 15, 480
REMOVED_FROM_SCHEDULE = "This date is no longer part of the series' schedule."


def _check_manager(series: EchoSeries, by) -> None:
    if by is None or not can_manage_series(by, series):
        raise PermissionDenied(_("Only the people who run this series may do that."))


def _check_aware(value: datetime.datetime, label: str) -> None:
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise ValidationError(
            _("Give the %(label)s as a date and time with its time zone.")
            % {"label": label}
        )


def _locked(session: EchoSession) -> EchoSession:
    return (
        EchoSession.objects.select_for_update(of=("self",))
        .select_related("series")
        .get(pk=session.pk)
    )


def _sync(target: EchoSession, source: EchoSession) -> EchoSession:
    """Bring the caller's instance up to date with the saved row."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _forget_reminders(session: EchoSession) -> None:
    # Reminders sent for the old time say nothing about the new one.
    ReminderDelivery.objects.filter(
        session=session,
        kind__in=(ReminderKind.DAY_BEFORE, ReminderKind.HOUR_BEFORE),
    ).delete()


@transaction.atomic
def sessions_generate(series: EchoSeries) -> list[EchoSession]:
    """Create the sessions the recurrence gives that do not exist yet (matched on
    the start the recurrence gave them) and return them. Sessions moved by hand,
    extra sessions and past sessions are left alone; a future generated session the
    recurrence no longer gives is cancelled (never deleted) and its participants
    told. Safe to run as often as wanted."""
    now = timezone.now()
    duration = datetime.timedelta(minutes=series.duration_minutes)
    wanted = occurrences(series)
    existing = {
        session.original_starts_at: session
        for session in EchoSession.objects.filter(
            series=series, original_starts_at__isnull=False
        )
    }
    created = EchoSession.objects.bulk_create(
        [
            EchoSession(
                series=series,
                starts_at=start,
                ends_at=start + duration,
                original_starts_at=start,
            )
            for start in wanted
            if start not in existing
        ]
    )
    wanted_starts = set(wanted)
    for original, session in existing.items():
        if (
            original not in wanted_starts
            and session.status == SessionStatus.SCHEDULED
            and session.starts_at > now
        ):
            EchoSession.objects.filter(pk=session.pk).update(
                status=SessionStatus.CANCELLED,
                cancelled_reason=REMOVED_FROM_SCHEDULE,
                sequence=F("sequence") + 1,
                updated_at=now,
            )
            queue_on_commit("session_cancelled_notify", session.pk)
    if created:
        logger.info("Series %s: %s sessions generated", series.pk, len(created))
    # bulk_create gives no primary keys on every database; read them back.
    return list(
        EchoSession.objects.filter(
            series=series, original_starts_at__in=[s.starts_at for s in created]
        ).order_by("starts_at", "pk")
    )


@transaction.atomic
def session_reschedule(
    session: EchoSession,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    by,
) -> EchoSession:
    """Move a session (keeping its length unless ``ends_at`` is given). It keeps its
    identity; registered participants receive an updated invitation."""
    locked = _locked(session)
    _check_manager(locked.series, by)
    _check_aware(starts_at, _("new start"))
    if locked.is_cancelled:
        raise ValidationError(
            _("This session is cancelled; add an extra session instead of moving it.")
        )
    if locked.attendance_finalised_at is not None:
        raise ValidationError(
            _("Attendance for this session is final, so it can no longer be moved.")
        )
    if ends_at is None:
        ends_at = starts_at + (locked.ends_at - locked.starts_at)
    _check_aware(ends_at, _("new end"))
    if ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."))
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            _("A session lasts between %(min)s and %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )
    if starts_at <= timezone.now():
        raise ValidationError(_("Choose a new time that is still to come."))
    if starts_at == locked.starts_at and ends_at == locked.ends_at:
        return _sync(session, locked)
    locked.starts_at = starts_at
    locked.ends_at = ends_at
    locked.sequence += 1
    locked.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    _forget_reminders(locked)
    logger.info("Session %s moved to %s by %s", locked.pk, starts_at, by.pk)
    queue_on_commit("sessions_changed_notify", [locked.pk], CHANGED)
    return _sync(session, locked)


@transaction.atomic
def session_cancel(session: EchoSession, *, reason: str, by) -> EchoSession:
    """Cancel a session still to come. It stays in the calendar, marked cancelled,
    and registered participants are told (once) with the reason."""
    locked = _locked(session)
    _check_manager(locked.series, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the session is cancelled; participants see it.")}
        )
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    if locked.is_cancelled:
        raise ValidationError(_("This session is already cancelled."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(
            _(
                "This session has already started or taken place; it cannot be "
                "cancelled."
            )
        )
    locked.status = SessionStatus.CANCELLED
    locked.cancelled_reason = reason
    locked.sequence += 1
    locked.save(update_fields=["status", "cancelled_reason", "sequence", "updated_at"])
    logger.info("Session %s cancelled by %s", locked.pk, by.pk)
    queue_on_commit("session_cancelled_notify", locked.pk)
    return _sync(session, locked)


@transaction.atomic
def session_add(
    series: EchoSeries,
    *,
    starts_at: datetime.datetime,
    duration_minutes: int | None = None,
    topic: str = "",
    presenter: str = "",
    by,
) -> EchoSession:
    """An extra session outside the recurrence; registered participants receive an
    invitation to it."""
    _check_manager(series, by)
    _check_aware(starts_at, _("start"))
    minutes = series.duration_minutes if duration_minutes is None else duration_minutes
    if not MIN_MINUTES <= int(minutes) <= MAX_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _(
                    "A session lasts between %(min)s and %(max)s minutes."
                )
                % {"min": MIN_MINUTES, "max": MAX_MINUTES}
            }
        )
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time that is still to come.")})
    session = EchoSession(
        series=series,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=int(minutes)),
        topic=(topic or "").strip(),
        presenter=(presenter or "").strip(),
    )
    session.full_clean()
    session.save()
    logger.info(
        "Extra session %s added to series %s by %s", session.pk, series.pk, by.pk
    )
    queue_on_commit("sessions_changed_notify", [session.pk], ADDED)
    return session


@transaction.atomic
def session_update(session: EchoSession, *, by, **fields) -> EchoSession:
    """Change a session's topic, presenter, materials or recording link. What a
    calendar shows raises the sequence (feeds pick it up); no e-mail is sent."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"session_update cannot change {', '.join(sorted(unknown))}")
    locked = _locked(session)
    _check_manager(locked.series, by)
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "materials_document":
            if getattr(locked, "materials_document_id", None) != getattr(
                value, "pk", None
            ):
                locked.materials_document = value
                changed.append(name)
        elif getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return _sync(session, locked)
    locked.full_clean(exclude=["series", "materials_document"])
    if any(name in CALENDAR_FIELDS for name in changed):
        locked.sequence += 1
        changed.append("sequence")
    locked.save(update_fields=[*changed, "updated_at"])
    return _sync(session, locked)
