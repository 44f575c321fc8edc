"""E-mails about ECHO registrations and sessions, and the reminders.

Every message is rendered per learner, with times in the learner's own time zone and
in the series' zone, plain text with an HTML alternative. Invitations carry an
``.ics`` part (METHOD:REQUEST, or METHOD:CANCEL for a cancellation) so calendar
programs add, move or remove the event they already hold.

Reminders and cancellation notices are exactly-once per person, session and kind:
a worker first *claims* a ``ReminderDelivery`` row (the unique constraint lets only
one insert win), then sends, then stamps ``sent_at``. A claim left without
``sent_at`` for longer than ``STALE_CLAIM`` belonged to a worker that died before
sending; the next run takes it over (atomically) and sends it."""

import datetime
import logging
import zoneinfo
from email.mime.text import MIMEText

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from .. import ics
from ..choices import RegistrationStatus, ReminderKind, SessionStatus
from ..models import EchoSeries, EchoSession, Registration, ReminderDelivery

logger = logging.getLogger(__name__)

# Longer than a task may run (CELERY_TASK_TIME_LIMIT is 5 minutes), so a claim this
# old can only belong to a worker that is gone.
STALE_CLAIM = datetime.timedelta(minutes=10)
DAY_BEFORE = datetime.timedelta(hours=24)
HOUR_BEFORE = datetime.timedelta(hours=1)

REGISTERED = "registered"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CHANGED = "changed"
ADDED = "added"


# --- Formatting --------------------------------------------------------------------


def learner_zone(learner) -> zoneinfo.ZoneInfo:
    """The learner's profile time zone (the site default without a profile)."""
    try:
        name = learner.profile.time_zone
    except ObjectDoesNotExist:
        name = settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _span(start: datetime.datetime, end: datetime.datetime, zone) -> str:
    start, end = start.astimezone(zone), end.astimezone(zone)
    text = dateformat.format(start, "l, F j, Y, g:i A")
    if end.date() == start.date():
        text += "–" + dateformat.format(end, "g:i A T")
    else:
        text += " " + dateformat.format(start, "T")
        text += " – " + dateformat.format(end, "l, F j, Y, g:i A T")
    return text


def session_times(session: EchoSession, series: EchoSeries, zone) -> dict:
    """When a session meets, for one reader: in their zone and in the series'."""
    series_zone = zoneinfo.ZoneInfo(series.time_zone)
    return {
        "session": session,
        "local": _span(session.starts_at, session.ends_at, zone),
        "local_zone": zone.key,
        "series": _span(session.starts_at, session.ends_at, series_zone),
        "series_zone": series_zone.key,
        "same_zone": zone.key == series_zone.key,
    }


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _series_url(series: EchoSeries) -> str:
    return series.get_full_url() or ""


def _base_context(series: EchoSeries, learner) -> dict:
    return {
        "learner": learner,
        "series": series,
        "series_url": _series_url(series),
        "calendar_page_url": _absolute(reverse("echo:calendar")),
        "dashboard_url": _absolute(reverse("dashboard")),
        "profile_url": _absolute(reverse("profile")),
    }


def _calendar_part(data: bytes, method: str) -> MIMEText:
    part = MIMEText(data.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def _message(
    *,
    template: str,
    subject: str,
    learner,
    context: dict,
    calendar: bytes | None = None,
    method: str = "REQUEST",
) -> EmailMultiAlternatives:
    context = {**context, "subject_line": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"echo/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[learner.email],
    )
    message.attach_alternative(
        render_to_string(f"echo/email/{template}.html", context), "text/html"
    )
    if calendar is not None:
        message.attach(_calendar_part(calendar, method))
    return message


def _subject(text: str, series: EchoSeries) -> str:
    return text % {"title": series.title[:120]}


def _learners_with_profiles(ids) -> list:
    return list(
        get_user_model()
        .objects.filter(pk__in=ids)
        .select_related("profile")
        .order_by("pk")
    )


def _registered_ids(series_id: int):
    return Registration.objects.filter(
        series_id=series_id, status=RegistrationStatus.REGISTERED
    ).values("learner_id")


# --- Registration e-mails ---------------------------------------------------------


def registration_email_send(*, registration_id: int, kind: str) -> int:
    """Confirm a place (with an invitation to the sessions still to come), a place
    on the waitlist, or a promotion from it. Nothing is sent when the registration
    has changed since (e.g. withdrawn before the e-mail went)."""
    registration = (
        Registration.objects.select_related("series", "learner__profile")
        .filter(pk=registration_id)
        .first()
    )
    expected = (
        RegistrationStatus.WAITLISTED
        if kind == WAITLISTED
        else (RegistrationStatus.REGISTERED)
    )
    if registration is None or registration.status != expected:
        return 0
    series, learner = registration.series, registration.learner
    zone = learner_zone(learner)
    upcoming = list(
        EchoSession.objects.filter(
            series=series, status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now()
        ).order_by("starts_at", "pk")
    )
    context = _base_context(series, learner)
    context["sessions"] = [session_times(s, series, zone) for s in upcoming]
    context["meeting_url"] = series.meeting_url
    if kind == WAITLISTED:
        from ..selectors.sessions import waitlist_position

        context["position"] = waitlist_position(registration)
        message = _message(
            template="waitlist",
            subject=_subject(_("[Cradle] On the waitlist: %(title)s"), series),
            learner=learner,
            context=context,
        )
    else:
        calendar = ics.invitation(series, upcoming, learner) if upcoming else None
        message = _message(
            template="promotion" if kind == PROMOTED else "registration",
            subject=_subject(
                _("[Cradle] A place opened up for you: %(title)s")
                if kind == PROMOTED
                else _("[Cradle] You are registered: %(title)s"),
                series,
            ),
            learner=learner,
            context=context,
            calendar=calendar,
        )
    return message.send()


# --- Session changes ----------------------------------------------------------------


def sessions_changed_email_send(*, session_ids: list[int], kind: str = CHANGED) -> int:
    """An updated invitation to every registered participant for sessions that
    moved (or were added): one e-mail per person, with all of them."""
    sessions = list(
        EchoSession.objects.filter(pk__in=session_ids, status=SessionStatus.SCHEDULED)
        .select_related("series")
        .order_by("starts_at", "pk")
    )
    if not sessions:
        return 0
    series = sessions[0].series
    sessions = [s for s in sessions if s.series_id == series.pk]
    sent = 0
    for learner in _learners_with_profiles(_registered_ids(series.pk)):
        zone = learner_zone(learner)
        context = _base_context(series, learner)
        context["sessions"] = [session_times(s, series, zone) for s in sessions]
        context["added"] = kind == ADDED
        context["meeting_url"] = series.meeting_url
        subject = (
            _("[Cradle] A session was added: %(title)s")
            if kind == ADDED
            else _("[Cradle] A session has moved: %(title)s")
        )
        message = _message(
            template="change",
            subject=_subject(subject, series),
            learner=learner,
            context=context,
            calendar=ics.invitation(series, sessions, learner),
        )
        sent += message.send()
    return sent


# --- Exactly-once deliveries: reminders and cancellation notices -------------------


def _claim(session: EchoSession, learner, kind: str) -> ReminderDelivery | None:
    """Insert the delivery row; None when someone else already holds it."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                session=session, learner=learner, kind=kind
            )
    except IntegrityError:
        return None


def _delivery_message(session: EchoSession, learner, kind: str):
    series = session.series
    zone = learner_zone(learner)
    context = _base_context(series, learner)
    context["when"] = session_times(session, series, zone)
    context["session"] = session
    context["meeting_url"] = series.meeting_url
    context["session_url"] = ics.session_url(series, session, _series_url(series))
    if kind == ReminderKind.CANCELLATION:
        return _message(
            template="cancellation",
            subject=_subject(_("[Cradle] Session cancelled: %(title)s"), series),
            learner=learner,
            context=context,
            calendar=ics.invitation(series, [session], learner, method="CANCEL"),
            method="CANCEL",
        )
    context["hour_before"] = kind == ReminderKind.HOUR_BEFORE
    subject = (
        _("[Cradle] Starting in an hour: %(title)s")
        if kind == ReminderKind.HOUR_BEFORE
        else _("[Cradle] Tomorrow: %(title)s")
    )
    return _message(
        template="reminder",
        subject=_subject(subject, series),
        learner=learner,
        context=context,
    )


def _send_claimed(delivery: ReminderDelivery, session: EchoSession, learner) -> int:
    try:
        sent = _delivery_message(session, learner, delivery.kind).send()
    except Exception:
        # The claim stays without sent_at; once stale, a later run retries it.
        logger.exception(
            "Could not send the %s notice of session %s to learner %s",
            delivery.kind,
            session.pk,
            learner.pk,
        )
        return 0
    ReminderDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return sent


def _deliver(session: EchoSession, kind: str) -> int:
    """Claim and send ``kind`` to every registered participant of the session who
    has no delivery of that kind yet."""
    already = ReminderDelivery.objects.filter(session=session, kind=kind).values(
        "learner_id"
    )
    learners = (
        get_user_model()
        .objects.filter(pk__in=_registered_ids(session.series_id))
        .exclude(pk__in=already)
        .select_related("profile")
        .order_by("pk")
    )
    sent = 0
    for learner in learners:
        delivery = _claim(session, learner, kind)
        if delivery is not None:
            sent += _send_claimed(delivery, session, learner)
    return sent


def cancellation_notices_send(*, session_id: int) -> int:
    """Tell every registered participant that a session to come is cancelled."""
    session = (
        EchoSession.objects.select_related("series")
        .filter(
            pk=session_id,
            status=SessionStatus.CANCELLED,
            starts_at__gt=timezone.now(),
        )
        .first()
    )
    if session is None:
        return 0
    return _deliver(session, ReminderKind.CANCELLATION)


def _window(kind: str, now: datetime.datetime) -> Q:
    if kind == ReminderKind.DAY_BEFORE:
        # starts − 24 h ≤ now < starts − 1 h
        return Q(
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now + HOUR_BEFORE,
            starts_at__lte=now + DAY_BEFORE,
        )
    if kind == ReminderKind.HOUR_BEFORE:
        # starts − 1 h ≤ now < starts
        return Q(
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + HOUR_BEFORE,
        )
    # A cancelled session due within a day gets a notice instead of its reminders.
    return Q(
        status=SessionStatus.CANCELLED,
        starts_at__gt=now,
        starts_at__lte=now + DAY_BEFORE,
    )


def _retry_stale_claims(now: datetime.datetime) -> int:
    sent = 0
    stale = (
        ReminderDelivery.objects.filter(
            sent_at__isnull=True,
            claimed_at__lt=timezone.now() - STALE_CLAIM,
            session__starts_at__gt=now,
            session__series__live=True,
        )
        .select_related("session__series", "learner__profile")
        .order_by("pk")
    )
    for delivery in stale:
        session, learner = delivery.session, delivery.learner
        still_due = EchoSession.objects.filter(
            _window(delivery.kind, now), pk=session.pk
        ).exists()
        registered = Registration.objects.filter(
            series_id=session.series_id,
            learner=learner,
            status=RegistrationStatus.REGISTERED,
        ).exists()
        if not (still_due and registered):
            continue
        # Take the claim over only if nobody else did in the meantime.
        taken = ReminderDelivery.objects.filter(
            pk=delivery.pk, sent_at__isnull=True, claimed_at=delivery.claimed_at
        ).update(claimed_at=timezone.now())
        if taken:
            sent += _send_claimed(delivery, session, learner)
    return sent


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders that are due: 24 hours before (until an hour before), an
    hour before (until the start), and a cancellation notice for a cancelled session
    due within a day. Safe to run at the same time in several workers and as often
    as wanted: each person gets each kind once. Returns the number sent."""
    now = now or timezone.now()
    sent = _retry_stale_claims(now)
    for kind in (
        ReminderKind.DAY_BEFORE,
        ReminderKind.HOUR_BEFORE,
        ReminderKind.CANCELLATION,
    ):
        sessions = (
            EchoSession.objects.filter(_window(kind, now), series__live=True)
            .select_related("series")
            .order_by("starts_at", "pk")
        )
        for session in sessions:
            sent += _deliver(session, kind)
    return sent


# --- Queueing -----------------------------------------------------------------------


def queue_on_commit(task_name: str, *args) -> None:
    """Queue ``echo.tasks.<task_name>`` once the current transaction commits. A
    broker that is down loses only the e-mail, never the change itself (reminders
    and cancellation notices are picked up again by the next reminders run)."""

    def queue():
        from .. import tasks

        try:
            getattr(tasks, task_name).delay(*args)
        except Exception:
            logger.exception("Could not queue echo.tasks.%s%r", task_name, args)

    transaction.on_commit(queue)
