"""The learner's side of ECHO: the list of series, a series page with its
registration box and sessions, a session page, and registering or withdrawing.

The pages render through their models (``get_context`` calls the ``*_context``
functions here); the routes on the series page call the views. Views check who may
do what, call a service and redirect; the rules live in services and selectors."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..choices import AttendanceStatus, RegistrationStatus
from ..models import EchoIndexPage, EchoSeries, EchoSession
from ..selectors.attendance import learner_attendance
from ..selectors.pages import (
    BoxState,
    hub_team,
    index_series,
    learner_cases_in_session,
    registration_box,
    registrations_by_series,
    schedule_in_words,
    series_sessions,
    series_zone,
    session_by_uid,
    waitlist_positions,
    zone_label,
)
from ..selectors.sessions import (
    registration_counts,
    registration_for,
    waitlist_position,
)
from ..services.registration import registration_create, registration_withdraw

SERIES_PER_PAGE = 12


def _viewer_zone() -> tuple[str, str]:
    """The zone the page shows times in (the learner's profile zone, else the
    site's) and its name for people."""
    name = timezone.get_current_timezone_name()
    return name, zone_label(name)


# --- The list of series -------------------------------------------------------------


def index_context(request, index: EchoIndexPage) -> dict:
    page_obj = Paginator(index_series(index), SERIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    series_list = list(page_obj.object_list)
    registrations = registrations_by_series(
        request.user, [series.pk for series in series_list]
    )
    positions = waitlist_positions(registrations.values())
    cards = []
    for series in series_list:
        registration = registrations.get(series.pk)
        cards.append(
            {
                "series": series,
                "schedule": schedule_in_words(series),
                "next_starts_at": series.next_starts_at,
                "box": registration_box(
                    series,
                    registration=registration,
                    registered=series.registered_count,
                    waitlisted=series.waitlisted_count,
                    has_sessions_to_come=series.next_starts_at is not None,
                    waitlist_position=(
                        positions.get(registration.pk) if registration else None
                    ),
                ),
            }
        )
    viewer_zone, viewer_zone_label = _viewer_zone()
    return {
        "page_obj": page_obj,
        "series_cards": cards,
        "viewer_zone": viewer_zone,
        "viewer_zone_label": viewer_zone_label,
    }


# --- A series page ------------------------------------------------------------------


@dataclass
class SessionRow:
    """One session as a participant sees it in the list."""

    session: EchoSession
    number: int
    url: str
    invite_url: str
    series_time: str  # "12:00" in the series' own zone
    is_past: bool
    is_live: bool
    is_cancelled: bool
    is_rescheduled: bool
    attendance: dict | None = None


def _session_url(series_url: str, series: EchoSeries, session, name: str) -> str:
    return series_url + series.reverse_subpage(
        name, kwargs={"session_uid": session.uid}
    )


def _session_row(
    series, session, *, number, series_url, zone, now, attendance=None
) -> SessionRow:
    return SessionRow(
        session=session,
        number=number,
        url=_session_url(series_url, series, session, "session"),
        invite_url=_session_url(series_url, series, session, "session_invite"),
        series_time=session.starts_at.astimezone(zone).strftime("%H:%M"),
        is_past=session.ends_at <= now,
        is_live=session.starts_at <= now < session.ends_at,
        is_cancelled=session.is_cancelled,
        is_rescheduled=bool(
            session.original_starts_at
            and session.original_starts_at != session.starts_at
            and not session.is_cancelled
        ),
        attendance=attendance,
    )


def _series_url(request, series: EchoSeries) -> str:
    url = series.get_url(request) or series.url or ""
    return url if url.endswith("/") else f"{url}/"


def _index_url(series_url: str) -> str:
    """The list of series is the series' parent, so its address is the series'
    minus the last step (no query for the parent page)."""
    return series_url.rstrip("/").rsplit("/", 1)[0] + "/"


def _attendance_by_session(series, learner) -> dict[int, dict]:
    """The learner's own attendance at each held session, by session id: how it
    was marked, for how long, and the hours it earns once the facilitator has
    confirmed (finalised) the session's attendance."""
    result = {}
    for record in learner_attendance(series, learner):
        finalised = record.session.attendance_finalised_at is not None
        result[record.session.pk] = {
            "recorded": bool(record.status),
            "status": AttendanceStatus(record.status).label if record.status else "",
            "minutes": record.minutes,
            "hours": record.hours if finalised else None,
            "finalised": finalised,
        }
    return result


def series_context(request, series: EchoSeries) -> dict:
    learner = request.user
    now = timezone.now()
    sessions = series_sessions(series)
    counts = registration_counts(series)
    registration = registration_for(series, learner)
    box = registration_box(
        series,
        registration=registration,
        registered=counts["registered"],
        waitlisted=counts["waitlisted"],
        has_sessions_to_come=any(
            not session.is_cancelled and session.ends_at > now for session in sessions
        ),
        waitlist_position=waitlist_position(registration),
        now=now,
    )
    is_participant = box.state == BoxState.REGISTERED
    attendance = _attendance_by_session(series, learner) if is_participant else {}
    series_url = _series_url(request, series)
    zone = series_zone(series)
    rows = [
        _session_row(
            series,
            session,
            number=number,
            series_url=series_url,
            zone=zone,
            now=now,
            attendance=attendance.get(session.pk),
        )
        for number, session in enumerate(sessions, start=1)
    ]
    upcoming = [row for row in rows if not row.is_past]
    viewer_zone, viewer_zone_label = _viewer_zone()
    return {
        "schedule": schedule_in_words(series),
        "series_zone_label": zone_label(series.time_zone),
        "viewer_zone": viewer_zone,
        "viewer_zone_label": viewer_zone_label,
        "same_zone": viewer_zone == series.time_zone,
        "hub_team": hub_team(series),
        "competency_areas": list(series.competency_areas.all()),
        "session_rows": rows,
        "upcoming_rows": upcoming,
        "past_rows": [row for row in rows if row.is_past],
        "next_row": next((row for row in upcoming if not row.is_cancelled), None),
        "box": box,
        "is_participant": is_participant,
        "hours_earned": sum(
            (row["hours"] for row in attendance.values() if row["hours"]),
            Decimal("0"),
        ),
        "calendar_url": series_url + series.reverse_subpage("calendar"),
        "index_url": _index_url(series_url),
    }


@require_POST
def series_register(request, series: EchoSeries):
    if not request.user.is_authenticated:
        return redirect_to_login(series.get_url(request))
    try:
        registration = registration_create(series=series, learner=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{_series_url(request, series)}#registration")
    if registration.status == RegistrationStatus.WAITLISTED:
        position = waitlist_position(registration)
        messages.success(
            request,
            _(
                "The series is full, so you are on the waitlist (number %(position)s "
                "in line). We will e-mail you if a place opens up."
            )
            % {"position": position},
        )
    else:
        messages.success(
            request,
            _(
                "You are registered for “%(series)s”. A confirmation with a calendar "
                "invitation is on its way to %(email)s."
            )
            % {"series": series.title, "email": request.user.email},
        )
    return redirect(f"{_series_url(request, series)}#registration")


@require_http_methods(["GET", "POST"])
def series_withdraw(request, series: EchoSeries):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = registration_for(series, request.user)
    active = registration is not None and registration.status in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    )
    if not active:
        messages.info(request, _("You are not registered for this series."))
        return redirect(_series_url(request, series))
    if request.method == "POST":
        try:
            registration_withdraw(series=series, learner=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "You have withdrawn from “%(series)s”. You can register again "
                    "while registration is open."
                )
                % {"series": series.title},
            )
        return redirect(f"{_series_url(request, series)}#registration")
    return render(
        request,
        "echo/series_withdraw.html",
        {
            "page": series,
            "series": series,
            "registration": registration,
            "series_url": _series_url(request, series),
        },
    )


# --- A session page -----------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def session_detail(request, series: EchoSeries, session_uid):
    session = session_by_uid(series, session_uid)
    if session is None:
        raise Http404
    learner = request.user
    now = timezone.now()
    registration = registration_for(series, learner)
    is_participant = (
        registration is not None
        and registration.status == RegistrationStatus.REGISTERED
    )
    attendance = None
    if is_participant and session.ends_at <= now:
        attendance = _attendance_by_session(series, learner).get(session.pk)
    series_url = _series_url(request, series)
    row = _session_row(
        series,
        session,
        number=None,
        series_url=series_url,
        zone=series_zone(series),
        now=now,
        attendance=attendance,
    )
    viewer_zone, viewer_zone_label = _viewer_zone()
    context = {
        "page": series,
        "self": series,
        "series": series,
        "series_url": series_url,
        "index_url": _index_url(series_url),
        "session": session,
        "row": row,
        "registration": registration,
        "is_participant": is_participant,
        "my_cases": learner_cases_in_session(session, learner)
        if is_participant
        else [],
        "series_zone_label": zone_label(series.time_zone),
        "viewer_zone": viewer_zone,
        "viewer_zone_label": viewer_zone_label,
        "same_zone": viewer_zone == series.time_zone,
    }
    return render(request, "echo/echo_session.html", context)
