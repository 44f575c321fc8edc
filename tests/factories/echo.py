"""ECHO series for tests: an index page under the home page, a published series with
its hub team, sessions laid out weekly in the series' time zone, and registrations.

Sessions are written directly here (one row each) so that tests of the recurrence
service compare against something it did not produce."""

import datetime
import zoneinfo
from decimal import Decimal

from echo.choices import (
    AttendanceSource,
    AttendanceStatus,
    HubRole,
    RegistrationStatus,
    SessionStatus,
)
from echo.models import (
    Attendance,
    EchoIndexPage,
    EchoSeries,
    EchoSession,
    HubMember,
    Registration,
)
from lms.models import CompetencyArea, HomePage

from . import UserFactory, staff_user


def echo_index(home: HomePage | None = None) -> EchoIndexPage:
    existing = EchoIndexPage.objects.first()
    if existing is not None:
        return existing
    home = home or HomePage.objects.get()
    index = EchoIndexPage(
        title="Infant Mental Health ECHO", slug="echo", introduction="All series."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def facilitator(**kwargs):
    """A member of the ECHO Facilitator group with an authenticator app set up."""
    return staff_user("ECHO Facilitator", **kwargs)


def series(
    *,
    title: str = "Infant Mental Health ECHO",
    sessions: int = 6,
    first: datetime.datetime | None = None,
    interval_days: int = 14,
    duration_minutes: int = 75,
    time_zone: str = "America/Chicago",
    hours: Decimal = Decimal("1.25"),
    facilitators=(),
    areas: int = 1,
    publish: bool = True,
    **fields,
) -> EchoSeries:
    """A series with ``sessions`` sessions, the first at ``first`` (an aware datetime;
    by default 12:00 in the series' zone, 10 weeks ago), then every ``interval_days``
    at the same wall-clock time. ``facilitators`` become hub facilitators."""
    zone = zoneinfo.ZoneInfo(time_zone)
    if first is None:
        day = datetime.datetime.now(zone).date() - datetime.timedelta(weeks=10)
        first = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=zone)
    local_first = first.astimezone(zone)
    page = EchoSeries(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-")[:50],
        summary=fields.pop("summary", "Case-based learning for the IECMH workforce."),
        audience=fields.pop("audience", "Professionals who work with infants."),
        time_zone=time_zone,
        interval_weeks=max(1, interval_days // 7),
        first_date=local_first.date(),
        session_count=fields.pop("session_count", sessions or 1),
        start_time=local_first.time().replace(tzinfo=None),
        duration_minutes=duration_minutes,
        meeting_url=fields.pop("meeting_url", "https://meet.example.org/j/123456789"),
        hours_per_session=hours,
        **fields,
    )
    echo_index().add_child(instance=page)
    if areas:
        page.competency_areas.set(CompetencyArea.objects.order_by("pk")[:areas])
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    page.refresh_from_db()
    for user in facilitators:
        HubMember.objects.create(series=page, user=user, role=HubRole.FACILITATOR)
    for number in range(sessions):
        wall = datetime.datetime.combine(
            local_first.date() + datetime.timedelta(days=interval_days * number),
            local_first.time().replace(tzinfo=None),
            tzinfo=zone,
        )
        start = wall.astimezone(datetime.UTC)
        EchoSession.objects.create(
            series=page,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=duration_minutes),
            original_starts_at=start,
            topic=f"Topic {number + 1}",
            presenter="Dr. Example",
        )
    return page


def session(series_page: EchoSeries, *, starts_at=None, **fields) -> EchoSession:
    starts_at = starts_at or (
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    )
    return EchoSession.objects.create(
        series=series_page,
        starts_at=starts_at,
        ends_at=starts_at
        + datetime.timedelta(
            minutes=fields.pop("minutes", series_page.duration_minutes)
        ),
        status=fields.pop("status", SessionStatus.SCHEDULED),
        **fields,
    )


def register(series_page: EchoSeries, learner=None, **fields) -> Registration:
    """A registration written directly (no e-mail, no capacity check)."""
    learner = learner or UserFactory()
    return Registration.objects.create(
        series=series_page,
        learner=learner,
        status=fields.pop("status", RegistrationStatus.REGISTERED),
        registered_at=fields.pop("registered_at", datetime.datetime.now(datetime.UTC)),
        **fields,
    )


def registrants(series_page: EchoSeries, count: int) -> list:
    """``count`` registered learners, written in bulk (for query-budget tests)."""
    from lms.models import User

    stamp = f"{series_page.pk}-{Registration.objects.count()}"
    users = User.objects.bulk_create(
        [
            User(
                email=f"registrant{stamp}-{number}@example.org",
                first_name="Reg",
                last_name=f"Istrant{number}",
            )
            for number in range(count)
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    Registration.objects.bulk_create(
        [
            Registration(
                series=series_page,
                learner=user,
                status=RegistrationStatus.REGISTERED,
                registered_at=now,
            )
            for user in users
        ]
    )
    return users


def attend(session_row: EchoSession, learner, *, minutes=None, status=None, by=None):
    """An attendance row written directly."""
    minutes = session_row.duration_minutes if minutes is None else minutes
    if status is None:
        status = (
            AttendanceStatus.ABSENT
            if minutes == 0
            else AttendanceStatus.PRESENT
            if minutes >= session_row.duration_minutes
            else AttendanceStatus.PARTIAL
        )
    return Attendance.objects.create(
        session=session_row,
        learner=learner,
        status=status,
        minutes=minutes,
        source=AttendanceSource.MANUAL,
        updated_by=by,
    )
