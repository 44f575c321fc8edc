"""Reads about sessions and registrations: what a series' pages, the learner's
calendar and the reminders need, each in a fixed number of queries."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..choices import RegistrationStatus, SessionStatus
from ..models import EchoSeries, EchoSession, Registration


def sessions_for(series: EchoSeries) -> QuerySet[EchoSession]:
    """Every session of the series in order, cancelled ones included (marked)."""
    return EchoSession.objects.filter(series=series).order_by("starts_at", "pk")


def next_session(
    series: EchoSeries, *, now: datetime.datetime | None = None
) -> EchoSession | None:
    """The session in progress or the next one to come; cancelled ones are skipped."""
    now = now or timezone.now()
    return (
        sessions_for(series)
        .filter(status=SessionStatus.SCHEDULED, ends_at__gt=now)
        .first()
    )


def registration_for(series: EchoSeries, learner) -> Registration | None:
    """The learner's row for the series (any status), or None."""
    if learner is None or not learner.is_authenticated:
        return None
    return Registration.objects.filter(series=series, learner=learner).first()


def is_registered(series: EchoSeries, learner) -> bool:
    """Whether the learner holds a place (not the waitlist): what unlocks the meeting
    link, the recording and case submission."""
    if learner is None or not learner.is_authenticated:
        return False
    return Registration.objects.filter(
        series=series, learner=learner, status=RegistrationStatus.REGISTERED
    ).exists()


def waitlist_position(registration: Registration | None) -> int | None:
    """1 for the first person on the waitlist; None when not waitlisted."""
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            series_id=registration.series_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def registration_counts(series: EchoSeries) -> dict:
    """Registered, waitlisted and withdrawn counts with the places left (None when
    the series has no limit), in one query."""
    counts = Registration.objects.filter(series=series).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        withdrawn=Count("pk", filter=Q(status=RegistrationStatus.WITHDRAWN)),
    )
    capacity = series.capacity
    counts["capacity"] = capacity
    counts["places_left"] = (
        None if capacity is None else max(0, capacity - counts["registered"])
    )
    counts["is_full"] = capacity is not None and counts["registered"] >= capacity
    return counts


def registered_series_ids(learner) -> QuerySet:
    return Registration.objects.filter(
        learner=learner,
        status=RegistrationStatus.REGISTERED,
        series__live=True,
    ).values("series_id")


def upcoming_sessions_for_learner(
    learner,
    limit: int = 5,
    *,
    include_cancelled: bool = True,
    now: datetime.datetime | None = None,
) -> list[EchoSession]:
    """The next sessions of every series the learner is registered for (with their
    series loaded), soonest first. Cancelled ones are included, marked, so the
    learner sees that a date fell through."""
    if learner is None or not learner.is_authenticated:
        return []
    now = now or timezone.now()
    sessions = EchoSession.objects.filter(
        series_id__in=registered_series_ids(learner), ends_at__gt=now
    )
    if not include_cancelled:
        sessions = sessions.filter(status=SessionStatus.SCHEDULED)
    return list(sessions.select_related("series").order_by("starts_at", "pk")[:limit])


def feed_sessions_for_learner(learner) -> list[EchoSession]:
    """Every session, past and future, of the live series the learner is registered
    for: the contents of their private calendar feed."""
    return list(
        EchoSession.objects.filter(series_id__in=registered_series_ids(learner))
        .select_related("series")
        .order_by("starts_at", "pk")
    )


def registered_learners(series: EchoSeries) -> list:
    """The learners holding a place, with their profiles (for their time zones)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            echo_registrations__series=series,
            echo_registrations__status=RegistrationStatus.REGISTERED,
        )
        .select_related("profile")
        .order_by("pk")
    )


def calendar_feed_owner(token: str):
    """The learner whose live calendar token this is, or None (unknown or revoked)."""
    from ..models import CalendarFeedToken

    if not token or len(token) > 64:
        return None
    row = (
        CalendarFeedToken.objects.select_related("learner")
        .filter(token=token, revoked_at__isnull=True, learner__is_active=True)
        .first()
    )
    return None if row is None else row.learner


def session_in_series(series: EchoSeries, session_uid) -> EchoSession | None:
    return EchoSession.objects.filter(series=series, uid=session_uid).first()
