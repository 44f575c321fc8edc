"""iCalendar (RFC 5545) documents for ECHO sessions: the public feed of a series,
a learner's private feed, and the invitations sent by e-mail.

Every session keeps one identity, ``<session uid>@cradle``, for its whole life; a
change of time or a cancellation raises its SEQUENCE, so calendar programs update
the event they already hold instead of adding a second one. Times carry the series'
TZID with a matching VTIMEZONE. The meeting link and the recording go only into
private calendars and invitations — never into the public feed."""

import datetime
import zoneinfo
from collections.abc import Iterable
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText

from django.conf import settings
from django.utils import timezone

from .choices import SessionStatus

PRODID = "-//Cradle//Infant Mental Health ECHO//EN"
UID_DOMAIN = "cradle"
# How often calendar programs should fetch a subscribed feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def session_uid(session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def session_url(series, session, series_url: str | None) -> str:
    if not series_url:
        return ""
    return f"{series_url.rstrip('/')}/sessions/{session.uid}/"


def _series_url(series) -> str | None:
    # None for a page outside any site.
    return series.get_full_url()


def _description(series, session, *, private: bool, url: str) -> str:
    lines = []
    if session.status == SessionStatus.CANCELLED:
        lines.append("This session is cancelled.")
        if session.cancelled_reason:
            lines.append(session.cancelled_reason)
        lines.append("")
    if session.topic:
        lines.append(f"Topic: {session.topic}")
    if session.presenter:
        lines.append(f"Presenter: {session.presenter}")
    if private:
        if series.meeting_url and session.status != SessionStatus.CANCELLED:
            lines.append(f"Join the meeting: {series.meeting_url}")
        if session.materials_url:
            lines.append(f"Materials: {session.materials_url}")
        if session.recording_url:
            lines.append(f"Recording: {session.recording_url}")
    else:
        lines.append(
            "Registered participants find the meeting link in their invitation and "
            "on the session page."
        )
    if url:
        lines.append(f"Session page: {url}")
    return "\n".join(lines).strip()


def _event(session, series, *, private: bool, series_url: str | None, stamp) -> Event:
    zone = zoneinfo.ZoneInfo(series.time_zone)
    url = session_url(series, session, series_url)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("sequence", session.sequence)
    event.add("last-modified", session.updated_at or stamp)
    summary = series.title
    if session.topic:
        summary = f"{series.title}: {session.topic}"
    event.add("summary", summary)
    event.add("description", _description(series, session, private=private, url=url))
    if private and series.meeting_url and session.status != SessionStatus.CANCELLED:
        event.add("location", series.meeting_url)
    if url:
        event.add("url", url)
    event.add(
        "status",
        "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED",
    )
    event.add("transp", "OPAQUE")
    return event


def _calendar(*, method: str, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    return cal


def _finish(cal: Calendar, sessions: list) -> bytes:
    if sessions:
        # VTIMEZONE blocks covering the sessions' span (with a margin), for every
        # zone the events use.
        first = min(session.starts_at for session in sessions).date()
        last = max(session.ends_at for session in sessions).date()
        cal.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return cal.to_ical()


def _feed_properties(cal: Calendar, series_zone: str | None) -> None:
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if series_zone:
        cal.add("x-wr-timezone", series_zone)


def series_calendar(series, sessions: Iterable, *, private: bool = False) -> bytes:
    """The series' sessions as a subscribable calendar (METHOD:PUBLISH). Public
    unless ``private``, which adds the meeting link and recordings."""
    sessions = list(sessions)
    cal = _calendar(method="PUBLISH", name=series.title)
    _feed_properties(cal, series.time_zone)
    stamp = timezone.now()
    series_url = _series_url(series)
    for session in sessions:
        cal.add_component(
            _event(session, series, private=private, series_url=series_url, stamp=stamp)
        )
    return _finish(cal, sessions)


def learner_calendar(learner, sessions: Iterable) -> bytes:
    """A learner's private feed: the sessions of every series they are registered
    for (each session with its ``series`` loaded), meeting links included."""
    sessions = list(sessions)
    cal = _calendar(method="PUBLISH", name="My ECHO sessions")
    _feed_properties(cal, None)
    stamp = timezone.now()
    urls: dict[int, str | None] = {}
    for session in sessions:
        series = session.series
        if series.pk not in urls:
            urls[series.pk] = _series_url(series)
        cal.add_component(
            _event(
                session, series, private=True, series_url=urls[series.pk], stamp=stamp
            )
        )
    return _finish(cal, sessions)


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "Cradle")
    return organizer


def _attendee(learner) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{learner.email}")
    name = learner.get_full_name() if hasattr(learner, "get_full_name") else ""
    if name:
        attendee.params["cn"] = vText(name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    return attendee


def invitation(
    series, sessions: Iterable, learner, *, method: str = "REQUEST"
) -> bytes:
    """An invitation for one learner (METHOD:REQUEST) or its withdrawal
    (METHOD:CANCEL, every event marked CANCELLED), meeting link included."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unsupported iTIP method {method!r}")
    sessions = list(sessions)
    cal = _calendar(method=method, name=series.title)
    stamp = timezone.now()
    series_url = _series_url(series)
    for session in sessions:
        event = _event(
            session, series, private=True, series_url=series_url, stamp=stamp
        )
        if method == "CANCEL" and event["status"] != "CANCELLED":
            event["status"] = vText("CANCELLED")
        event.add("organizer", _organizer())
        event.add("attendee", _attendee(learner))
        cal.add_component(event)
    return _finish(cal, sessions)
