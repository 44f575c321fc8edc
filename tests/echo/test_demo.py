"""The demo ECHO series: built through the real services, half-way through its twelve
sessions whatever day it is seeded, with the demo learner's hours in her ledger and
her case scheduled — and seeding it again changes nothing."""

import datetime
import itertools
import zoneinfo
from decimal import Decimal

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from echo import demo
from echo.choices import CaseStatus, HubRole, RegistrationStatus, SessionStatus
from echo.models import (
    SESSION_SOURCE_TYPE,
    Attendance,
    AttendanceAdjustment,
    CasePresentation,
    EchoIndexPage,
    EchoSeries,
    EchoSession,
    HubMember,
    Registration,
)
from lms import demo as lms_demo
from lms.models import CreditEntry

pytestmark = pytest.mark.django_db

User = get_user_model()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    lms_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.seed()
    return lines


def snapshot() -> dict:
    return {
        "pages": sorted(EchoIndexPage.objects.values_list("url_path", "title", "live"))
        + sorted(EchoSeries.objects.values_list("url_path", "title", "live")),
        "hub": sorted(HubMember.objects.values_list("user__email", "role")),
        "sessions": list(
            EchoSession.objects.order_by("starts_at").values_list(
                "uid",
                "starts_at",
                "status",
                "sequence",
                "topic",
                "presenter",
                "attendance_finalised_at",
            )
        ),
        "registrations": sorted(
            Registration.objects.values_list("learner__email", "status")
        ),
        "attendance": sorted(
            Attendance.objects.values_list(
                "session__uid", "learner__email", "status", "minutes"
            )
        ),
        "adjustments": AttendanceAdjustment.objects.count(),
        "ledger": sorted(
            CreditEntry.objects.values_list(
                "learner__email", "source_type", "source_id", "hours", "status"
            )
        ),
        "cases": sorted(
            CasePresentation.objects.values_list(
                "presenter__email", "status", "session__uid"
            )
        ),
        "users": sorted(User.objects.values_list("email", flat=True)),
    }


def test_seeding_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    first = snapshot()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.seed()
    assert snapshot() == first
    assert mail.outbox == []
    assert lines[0].startswith("ECHO: “Infant Mental Health ECHO” at /echo/")
    assert not any("finalised" in line or "registered." in line for line in lines[1:])


@pytest.mark.django_db(transaction=True)
def test_seeding_sends_no_email():
    """As ``seed_demo`` runs it (autocommit, so on-commit e-mails would fire while
    seeding, and tasks run in-process): registrations and the case are made without
    notifying anyone."""
    from tests.conftest import restore_migration_data

    restore_migration_data()
    lms_demo.seed()
    demo.seed()
    assert Registration.objects.count() == 11
    assert CasePresentation.objects.get().status == CaseStatus.SCHEDULED
    assert mail.outbox == []


def test_the_series_is_half_way_through_its_sessions(seeded):
    index = EchoIndexPage.objects.get()
    assert (index.slug, index.title, index.live) == (
        "echo",
        "Infant Mental Health ECHO",
        True,
    )
    assert "All teach, all learn" in index.introduction
    series = EchoSeries.objects.get()
    assert series.get_parent().specific == index
    assert series.live
    assert (series.interval_weeks, series.duration_minutes) == (2, 75)
    assert series.start_time == datetime.time(12, 0)
    assert series.time_zone == "America/Chicago"
    assert series.hours_per_session == Decimal("1.25")
    assert (series.credit_rule, series.credit_tolerance_minutes) == (
        "all_or_nothing",
        15,
    )
    assert series.certificate_threshold_percent == 80
    assert series.competency_areas.count() == len(demo.AREAS)
    assert dict(HubMember.objects.values_list("user__email", "role")) == {
        "facilitator@cradle.example": HubRole.FACILITATOR,
        "marisol.vega@cradle.example": HubRole.COORDINATOR,
        "maya.holloway@cradle.example": HubRole.EXPERT,
    }

    sessions = list(series.sessions.order_by("starts_at"))
    assert len(sessions) == 12
    assert {s.status for s in sessions} == {SessionStatus.SCHEDULED}
    assert all(s.topic and s.presenter for s in sessions)
    local = [s.starts_at.astimezone(CHICAGO) for s in sessions]
    assert {start.time() for start in local} == {datetime.time(12, 0)}
    assert {start.weekday() for start in local} == {demo.WEEKDAY}
    gaps = {(b.date() - a.date()).days for a, b in itertools.pairwise(local)}
    assert gaps == {14}
    assert {s.duration_minutes for s in sessions} == {75}

    now = timezone.now()
    past = [s for s in sessions if s.ends_at <= now]
    assert len(past) == 6
    assert all(s.attendance_finalised_at for s in past)
    assert all(s.recording_url for s in past)
    upcoming = sessions[6:]
    assert all(s.starts_at > now + datetime.timedelta(days=6) for s in upcoming)
    assert not any(s.attendance_finalised_at for s in upcoming)


@pytest.mark.parametrize("offset", range(7))
def test_any_seeding_day_gives_six_sessions_past_and_six_ahead(offset):
    today = datetime.date(2026, 3, 2) + datetime.timedelta(days=offset)
    first = demo._first_date(today)
    assert first.weekday() == demo.WEEKDAY
    starts = [first + datetime.timedelta(days=14 * n) for n in range(12)]
    assert sum(start < today for start in starts) == 6
    assert min(start for start in starts if start >= today) > today


def test_registrations_and_attendance(seeded):
    series = EchoSeries.objects.get()
    registrations = Registration.objects.filter(series=series)
    assert registrations.count() == 11
    assert set(registrations.values_list("status", flat=True)) == {
        RegistrationStatus.REGISTERED
    }
    assert registrations.filter(learner__email=demo.LEARNER).exists()
    # Every participant has a row for every held session; hub members have none.
    assert Attendance.objects.count() == 11 * 6
    assert not Attendance.objects.filter(
        learner__email__in=[email for email, *_ in demo.HUB]
    ).exists()
    learner = Attendance.objects.filter(learner__email=demo.LEARNER).order_by(
        "session__starts_at"
    )
    assert [row.minutes for row in learner] == list(demo.MINUTES[demo.LEARNER])
    assert [row.status for row in learner] == [
        "present",
        "present",
        "present",
        "partial",
        "present",
        "present",
    ]


def test_the_demo_learner_has_echo_hours_in_her_ledger(seeded):
    learner = User.objects.get(email=demo.LEARNER)
    entries = CreditEntry.objects.counted().filter(
        learner=learner, source_type=SESSION_SOURCE_TYPE
    )
    # Six sessions held; she left the fourth after 40 minutes (more than the 15
    # minutes' tolerance), so five earn 1.25 h each.
    assert entries.count() == 5
    assert sum(entry.hours for entry in entries) == Decimal("6.25")
    assert {entry.kind for entry in entries} == {"echo_session"}
    assert all(entry.competency_areas.count() == len(demo.AREAS) for entry in entries)
    fourth = EchoSession.objects.order_by("starts_at")[3]
    assert not entries.filter(source_id=str(fourth.pk)).exists()
    # Across everyone: 0 minutes or fewer than 60 earn nothing.
    earned = sum(
        1 for minutes in demo.MINUTES.values() for value in minutes if value >= 60
    )
    assert (
        CreditEntry.objects.counted().filter(source_type=SESSION_SOURCE_TYPE).count()
        == earned
    )


def test_the_demo_case_is_scheduled_into_the_next_session(seeded):
    case = CasePresentation.objects.get()
    assert case.presenter.email == demo.LEARNER
    assert case.status == CaseStatus.SCHEDULED
    assert case.reviewed_by.email == "marisol.vega@cradle.example"
    next_session = (
        EchoSession.objects.filter(starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert case.session == next_session


def test_the_demo_learner_sees_the_series_on_her_dashboard(client, seeded):
    learner = User.objects.get(email=demo.LEARNER)
    client.force_login(learner)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    content = response.content.decode()
    panel = content[content.index('id="echo-heading"') :]
    next_session = (
        EchoSession.objects.filter(starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert next_session.topic in panel
    assert demo.MEETING_URL in panel


def test_the_series_page_shows_the_demo_sessions(client, seeded):
    series = EchoSeries.objects.get()
    response = client.get(series.url)
    assert response.status_code == 200
    content = response.content.decode()
    for session in series.sessions.all():
        assert session.topic in content
    # The meeting link is for registered participants only.
    assert demo.MEETING_URL not in content
    client.force_login(User.objects.get(email=demo.LEARNER))
    assert demo.MEETING_URL in client.get(series.url).content.decode()


def test_the_site_menu_leads_to_the_series_list(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    nav = response.content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/echo/"' in nav
    assert "Infant Mental Health ECHO" in nav
