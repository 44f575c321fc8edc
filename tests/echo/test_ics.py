"""Calendar documents parsed back with icalendar: stable UIDs, SEQUENCE, TZID with a
VTIMEZONE, cancelled sessions marked, and the meeting link kept out of public feeds."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from echo import ics
from echo.choices import SessionStatus
from echo.models import EchoSession
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
MEETING = "https://meet.example.org/j/123456789"


def parse(data: bytes) -> Calendar:
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def events(cal: Calendar) -> list:
    return list(cal.walk("VEVENT"))


def dst_series():
    return echo_factories.series(
        sessions=4,
        first=datetime.datetime(2026, 10, 20, 12, 0, tzinfo=CHICAGO),
        interval_days=7,
        meeting_url=MEETING,
    )


def test_public_feed_is_valid_publish_calendar_with_vtimezone_and_no_link():
    series = dst_series()
    sessions = list(EchoSession.objects.filter(series=series))
    sessions[0].recording_url = "https://video.example.org/rec/1"
    sessions[0].save()
    cal = parse(ics.series_calendar(series, sessions))
    assert cal["method"] == "PUBLISH"
    assert cal["version"] == "2.0"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    found = events(cal)
    assert [str(e["uid"]) for e in found] == [f"{s.uid}@cradle" for s in sessions]
    for event in found:
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == "America/Chicago"
        assert start.astimezone(CHICAGO).time() == datetime.time(12, 0)
        assert event.decoded("dtend") - start == datetime.timedelta(minutes=75)
        assert str(event["status"]) == "CONFIRMED"
    text = ics.series_calendar(series, sessions).decode()
    assert MEETING not in text
    assert "video.example.org" not in text
    assert "LOCATION" not in text


def test_private_calendar_and_invitation_carry_the_meeting_link():
    series = dst_series()
    learner = UserFactory(email="ada@example.org", first_name="Ada", last_name="L")
    sessions = list(EchoSession.objects.filter(series=series))
    private = ics.series_calendar(series, sessions, private=True).decode()
    assert MEETING in private
    invite = parse(ics.invitation(series, sessions[:1], learner))
    assert invite["method"] == "REQUEST"
    (event,) = events(invite)
    assert str(event["location"]) == MEETING
    assert str(event["attendee"]) == "mailto:ada@example.org"
    assert str(event["organizer"]).startswith("mailto:")
    assert invite.walk("VTIMEZONE")


def test_cancel_invitation_marks_every_event_cancelled():
    series = dst_series()
    learner = UserFactory()
    session = EchoSession.objects.filter(series=series).first()
    cal = parse(ics.invitation(series, [session], learner, method="CANCEL"))
    assert cal["method"] == "CANCEL"
    assert str(events(cal)[0]["status"]) == "CANCELLED"
    with pytest.raises(ValueError, match="Unsupported"):
        ics.invitation(series, [session], learner, method="PUBLISH")


def test_cancelled_session_is_marked_and_sequence_shown():
    series = dst_series()
    session = EchoSession.objects.filter(series=series).first()
    session.status = SessionStatus.CANCELLED
    session.sequence = 3
    session.cancelled_reason = "Facilitator unwell"
    session.save()
    (event,) = [
        e
        for e in events(parse(ics.series_calendar(series, [session])))
        if str(e["uid"]) == f"{session.uid}@cradle"
    ]
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 3
    assert "Facilitator unwell" in str(event["description"])


def test_learner_calendar_mixes_series_in_their_own_zones():
    chicago = dst_series()
    london = echo_factories.series(
        title="London ECHO",
        sessions=1,
        time_zone="Europe/London",
        first=datetime.datetime(
            2026, 12, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London")
        ),
    )
    learner = UserFactory()
    sessions = list(
        EchoSession.objects.filter(series__in=[chicago, london]).select_related(
            "series"
        )
    )
    cal = parse(ics.learner_calendar(learner, sessions))
    assert cal["method"] == "PUBLISH"
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == {
        "America/Chicago",
        "Europe/London",
    }
    assert len(events(cal)) == 5
    assert MEETING in ics.learner_calendar(learner, sessions).decode()


def test_empty_calendar_is_still_valid():
    series = echo_factories.series(sessions=0)
    cal = parse(ics.series_calendar(series, []))
    assert events(cal) == []
    assert cal["prodid"] == ics.PRODID
