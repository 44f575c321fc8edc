"""Reads for the learner's ECHO pages: the list of series, a series page and its
registration box, a session page and the dashboard panel. Each runs a fixed number
of queries whatever the number of series on the page, sessions or registrants."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..choices import Frequency, RegistrationStatus, SessionStatus
from ..models import (
    CasePresentation,
    EchoIndexPage,
    EchoSeries,
    EchoSession,
    HubMember,
    Registration,
)

# Names people use for the zones of the United States and its territories.
ZONE_NAMES = {
    "America/Chicago": _lazy("Central Time"),
    "America/New_York": _lazy("Eastern Time"),
    "America/Detroit": _lazy("Eastern Time"),
    "America/Denver": _lazy("Mountain Time"),
    "America/Boise": _lazy("Mountain Time"),
    "America/Phoenix": _lazy("Arizona Time"),
    "America/Los_Angeles": _lazy("Pacific Time"),
    "America/Anchorage": _lazy("Alaska Time"),
    "Pacific/Honolulu": _lazy("Hawaii Time"),
    "America/Puerto_Rico": _lazy("Atlantic Time"),
    "Pacific/Guam": _lazy("Chamorro Time"),
    "UTC": _lazy("Coordinated Universal Time"),
}
ORDINALS = {
    1: _lazy("first"),
    2: _lazy("second"),
    3: _lazy("third"),
    4: _lazy("fourth"),
}


def zone_label(time_zone: str) -> str:
    """ "Central Time" for America/Chicago; the zone's own name otherwise."""
    if time_zone in ZONE_NAMES:
        return str(ZONE_NAMES[time_zone])
    return time_zone.replace("_", " ")


def series_zone(series: EchoSeries) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(series.time_zone)


def schedule_in_words(series: EchoSeries) -> str:
    """ "Every other week on Tuesdays, 12:00–13:15 Central Time": when the series
    meets, in its own time zone."""
    start = datetime.datetime.combine(series.first_date, series.start_time)
    end = start + datetime.timedelta(minutes=series.duration_minutes)
    weekday = date_format(series.first_date, "l")
    if series.frequency == Frequency.MONTHLY:
        week = (series.first_date.day - 1) // 7 + 1
        which = _("last") if week >= 5 else str(ORDINALS[week])
        when = _("Monthly on the %(which)s %(weekday)s") % {
            "which": which,
            "weekday": weekday,
        }
    elif series.interval_weeks == 1:
        when = _("Every week on %(weekday)ss") % {"weekday": weekday}
    elif series.interval_weeks == 2:
        when = _("Every other week on %(weekday)ss") % {"weekday": weekday}
    else:
        when = _("Every %(count)s weeks on %(weekday)ss") % {
            "count": series.interval_weeks,
            "weekday": weekday,
        }
    return _("%(when)s, %(start)s–%(end)s %(zone)s") % {
        "when": when,
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "zone": zone_label(series.time_zone),
    }


# --- Registration state -----------------------------------------------------------


class BoxState:
    """What the registration box offers (one of these)."""

    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ENDED = "ended"
    OPEN = "open"
    FULL = "full"
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"


@dataclass(frozen=True)
class RegistrationBox:
    state: str
    registration: Registration | None
    capacity: int | None
    registered: int
    waitlisted: int
    places_left: int | None
    waitlist_position: int | None
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None

    @property
    def withdrawn(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status == RegistrationStatus.WITHDRAWN
        )

    @property
    def can_register(self) -> bool:
        return self.state in (BoxState.OPEN, BoxState.FULL)


def registration_box(
    series: EchoSeries,
    *,
    registration: Registration | None,
    registered: int,
    waitlisted: int,
    has_sessions_to_come: bool,
    waitlist_position: int | None = None,
    now: datetime.datetime | None = None,
) -> RegistrationBox:
    """The state of registration for one learner (or a visitor, with no
    registration): registered or waitlisted first, else whether they could join —
    not open yet, closed, ended, open with places, or full (join the waitlist)."""
    now = now or timezone.now()
    capacity = series.capacity
    places_left = None if capacity is None else max(0, capacity - registered)
    status = registration.status if registration is not None else None
    if status == RegistrationStatus.REGISTERED:
        state = BoxState.REGISTERED
    elif status == RegistrationStatus.WAITLISTED:
        state = BoxState.WAITLISTED
    elif series.registration_opens_at and now < series.registration_opens_at:
        state = BoxState.NOT_OPEN
    elif series.registration_closes_at and now >= series.registration_closes_at:
        state = BoxState.CLOSED
    elif not has_sessions_to_come:
        state = BoxState.ENDED
    elif places_left == 0:
        state = BoxState.FULL
    else:
        state = BoxState.OPEN
    return RegistrationBox(
        state=state,
        registration=registration,
        capacity=capacity,
        registered=registered,
        waitlisted=waitlisted,
        places_left=places_left,
        waitlist_position=waitlist_position,
        opens_at=series.registration_opens_at,
        closes_at=series.registration_closes_at,
    )


# --- The list of series ------------------------------------------------------------


def _count_of(status: str):
    return Coalesce(
        Subquery(
            Registration.objects.filter(series=OuterRef("pk"), status=status)
            .order_by()
            .values("series")
            .annotate(total=Count("pk"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def index_series(
    index: EchoIndexPage, *, now: datetime.datetime | None = None
) -> QuerySet[EchoSeries]:
    """The live series under the index, each with its next session's start and
    its registered and waitlisted counts: series still to meet first, soonest
    first, then those that have ended, newest first."""
    now = now or timezone.now()
    upcoming = EchoSession.objects.filter(
        series=OuterRef("pk"), status=SessionStatus.SCHEDULED, ends_at__gt=now
    ).order_by("starts_at", "pk")
    return (
        EchoSeries.objects.live()
        .child_of(index)
        .annotate(
            next_starts_at=Subquery(upcoming.values("starts_at")[:1]),
            registered_count=_count_of(RegistrationStatus.REGISTERED),
            waitlisted_count=_count_of(RegistrationStatus.WAITLISTED),
        )
        .order_by(F("next_starts_at").asc(nulls_last=True), "-first_date", "pk")
    )


def registrations_by_series(learner, series_ids) -> dict[int, Registration]:
    """The learner's registration (any status) in each of the given series."""
    if learner is None or not learner.is_authenticated:
        return {}
    return {
        registration.series_id: registration
        for registration in Registration.objects.filter(
            learner=learner, series_id__in=list(series_ids)
        )
    }


def waitlist_positions(registrations) -> dict[int, int]:
    """Waitlist position by registration id for the waitlisted ones among
    ``registrations``, in one query (1 for the first in line)."""
    waiting = [
        registration.pk
        for registration in registrations
        if registration.status == RegistrationStatus.WAITLISTED
    ]
    if not waiting:
        return {}
    ahead = (
        Registration.objects.filter(
            series=OuterRef("series"), status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("series")
        .annotate(total=Count("pk"))
        .values("total")
    )
    rows = Registration.objects.filter(pk__in=waiting).annotate(
        ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))
    )
    return {row.pk: row.ahead + 1 for row in rows}


# --- A series page -----------------------------------------------------------------


def hub_team(series: EchoSeries) -> list[HubMember]:
    return list(
        HubMember.objects.filter(series=series)
        .select_related("user")
        .order_by("sort_order", "pk")
    )


def series_sessions(series: EchoSeries) -> list[EchoSession]:
    """Every session of the series, cancelled ones included, with the materials
    file loaded."""
    return list(
        EchoSession.objects.filter(series=series)
        .select_related("materials_document")
        .order_by("starts_at", "pk")
    )


def session_by_uid(series: EchoSeries, uid) -> EchoSession | None:
    return (
        EchoSession.objects.filter(series=series, uid=uid)
        .select_related("materials_document")
        .first()
    )


def learner_cases_in_session(session: EchoSession, learner) -> list[CasePresentation]:
    """The learner's own case presentations scheduled into this session."""
    if learner is None or not learner.is_authenticated:
        return []
    return list(
        CasePresentation.objects.filter(session=session, presenter=learner).order_by(
            "pk"
        )
    )


def waitlisted_registrations(learner) -> list[Registration]:
    """The learner's places on waitlists of live series, with the series."""
    if learner is None or not learner.is_authenticated:
        return []
    return list(
        Registration.objects.filter(
            learner=learner,
            status=RegistrationStatus.WAITLISTED,
            series__live=True,
        )
        .select_related("series")
        .order_by("waitlisted_at", "pk")
    )
