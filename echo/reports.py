"""Reads for the facilitators' and administrators' ECHO admin: the overview of the
series a person runs, a series' sessions with the state of their attendance, and the
reports (sessions held, registrations, unique attendees, participant-hours,
attendance rate per session, case presentations by status).

Each function runs a fixed number of queries however many sessions, registrants
or attendance records there are. Participant-hours come from the hours ledger
(approved entries only), so a revoked award no longer counts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lms.selectors.ledger import hours_awarded_by_source

from .choices import (
    AttendanceSource,
    AttendanceStatus,
    CaseStatus,
    ImportStatus,
    RegistrationStatus,
    SessionStatus,
)
from .models import (
    SESSION_SOURCE_TYPE,
    Attendance,
    AttendanceImport,
    CasePresentation,
    EchoSeries,
    EchoSession,
    Registration,
)

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL)
# Cases the hub has still to act on: new ones, and accepted ones not yet scheduled.
CASES_WAITING = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED)
ZERO = Decimal("0")


def _count(queryset, group: str) -> Coalesce:
    """A correlated count (so several can sit on one row without multiplying)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group)
            .annotate(number=Count("pk"))
            .values("number")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


# --- The list of series -------------------------------------------------------------


def series_overview(queryset: QuerySet[EchoSeries]) -> QuerySet[EchoSeries]:
    """Series with their next session, registration counts and the cases waiting
    for the hub, each as an annotation (one query for a page of series)."""
    now = timezone.now()
    registrations = Registration.objects.filter(series=OuterRef("pk"))
    return queryset.annotate(
        next_starts_at=Subquery(
            EchoSession.objects.filter(
                series=OuterRef("pk"),
                status=SessionStatus.SCHEDULED,
                starts_at__gt=now,
            )
            .order_by("starts_at")
            .values("starts_at")[:1]
        ),
        registered_count=_count(
            registrations.filter(status=RegistrationStatus.REGISTERED), "series"
        ),
        waitlisted_count=_count(
            registrations.filter(status=RegistrationStatus.WAITLISTED), "series"
        ),
        cases_waiting=_count(
            CasePresentation.objects.filter(
                series=OuterRef("pk"), status__in=CASES_WAITING
            ),
            "series",
        ),
    ).order_by("title", "pk")


# --- One series -------------------------------------------------------------------


def sessions_for_admin(series: EchoSeries) -> QuerySet[EchoSession]:
    """Every session of a series, cancelled ones included, with how many people
    have attendance, how many attended, and whether an import waits for review."""
    attendances = Attendance.objects.filter(session=OuterRef("pk"))
    return (
        EchoSession.objects.filter(series=series)
        .select_related("attendance_finalised_by")
        .annotate(
            marked_count=_count(attendances, "session"),
            attended_count=_count(attendances.filter(status__in=ATTENDED), "session"),
            import_waiting=Exists(
                AttendanceImport.objects.filter(
                    session=OuterRef("pk"), status=ImportStatus.PREVIEW
                )
            ),
        )
        .order_by("starts_at", "pk")
    )


def registration_status_counts(series: EchoSeries) -> dict[str, int]:
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update(
        Registration.objects.filter(series=series)
        .order_by()
        .values("status")
        .annotate(number=Count("pk"))
        .values_list("status", "number")
    )
    return counts


def registrations_for_admin(
    series: EchoSeries, *, status: str = ""
) -> QuerySet[Registration]:
    """A series' registrations, waitlist in its order, for the paginated list."""
    registrations = Registration.objects.filter(series=series).select_related("learner")
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("status", "waitlisted_at", "created_at", "pk")


def hand_marked_learners(session: EchoSession) -> list:
    """Learners whose attendance for the session was marked by hand: applying a
    report leaves them as they are."""
    return [
        attendance.learner
        for attendance in Attendance.objects.filter(
            session=session, source=AttendanceSource.MANUAL
        )
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__email")
    ]


def cases_for_admin(series: EchoSeries, *, status: str = "") -> QuerySet:
    cases = CasePresentation.objects.filter(series=series).select_related(
        "presenter", "session"
    )
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-submitted_at", "-pk")


def case_status_counts(series: EchoSeries) -> dict[str, int]:
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update(
        CasePresentation.objects.filter(series=series)
        .order_by()
        .values("status")
        .annotate(number=Count("pk"))
        .values_list("status", "number")
    )
    return counts


# --- Reports ------------------------------------------------------------------------


def _rate(attended: int, roster: int) -> int | None:
    if not roster:
        return None
    return round(attended * 100 / roster)


@dataclass(frozen=True)
class SessionLine:
    """One session in a series report."""

    session: EchoSession
    is_held: bool
    roster: int
    present: int
    partial: int
    absent: int
    hours: Decimal

    @property
    def attended(self) -> int:
        return self.present + self.partial

    @property
    def rate(self) -> int | None:
        """Attended, out of the roster (registered learners plus anyone else with
        attendance), as a whole percentage; None before the session is held."""
        return _rate(self.attended, self.roster) if self.is_held else None

    @property
    def is_finalised(self) -> bool:
        return self.session.attendance_finalised_at is not None


@dataclass
class SeriesReport:
    series: EchoSeries
    sessions: list[SessionLine]
    registrations: dict[str, int]
    unique_attendees: int
    cases: dict[str, int]

    @property
    def sessions_held(self) -> int:
        return sum(1 for line in self.sessions if line.is_held)

    @property
    def sessions_cancelled(self) -> int:
        return sum(1 for line in self.sessions if line.session.is_cancelled)

    @property
    def sessions_to_come(self) -> int:
        return sum(
            1
            for line in self.sessions
            if not line.is_held and not line.session.is_cancelled
        )

    @property
    def participant_hours(self) -> Decimal:
        return sum((line.hours for line in self.sessions), ZERO)

    @property
    def attended_total(self) -> int:
        return sum(line.attended for line in self.sessions if line.is_held)

    @property
    def roster_total(self) -> int:
        return sum(line.roster for line in self.sessions if line.is_held)

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.attended_total, self.roster_total)

    @property
    def case_lines(self) -> list[tuple[str, str, int]]:
        return [
            (value, label, self.cases.get(value, 0))
            for value, label in CaseStatus.choices
        ]


def _attendance_by_session(sessions_filter: Q) -> dict[int, dict]:
    """Per session: present, partial, absent, and records of learners who are not
    registered now (they widen the roster). One query."""
    registered_now = Registration.objects.filter(
        series=OuterRef("session__series"),
        learner=OuterRef("learner"),
        status=RegistrationStatus.REGISTERED,
    )
    rows = (
        Attendance.objects.filter(sessions_filter)
        .annotate(is_registered=Exists(registered_now))
        .order_by()
        .values("session_id")
        .annotate(
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            partial=Count("pk", filter=Q(status=AttendanceStatus.PARTIAL)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
            outside=Count("pk", filter=Q(is_registered=False)),
        )
    )
    return {row["session_id"]: row for row in rows}


def _is_held(session: EchoSession, now: datetime.datetime) -> bool:
    return session.status == SessionStatus.SCHEDULED and session.ends_at <= now


def series_report(series: EchoSeries, *, now=None) -> SeriesReport:
    """Everything the report page and its CSV show for one series (six queries)."""
    now = now or timezone.now()
    sessions = list(
        EchoSession.objects.filter(series=series).order_by("starts_at", "pk")
    )
    registrations = registration_status_counts(series)
    registered = registrations[RegistrationStatus.REGISTERED]
    attendance = _attendance_by_session(Q(session__series=series))
    hours = hours_awarded_by_source(
        source_type=SESSION_SOURCE_TYPE,
        source_ids=[session.pk for session in sessions],
    )
    lines = []
    for session in sessions:
        counts = attendance.get(session.pk, {})
        lines.append(
            SessionLine(
                session=session,
                is_held=_is_held(session, now),
                roster=registered + counts.get("outside", 0),
                present=counts.get("present", 0),
                partial=counts.get("partial", 0),
                absent=counts.get("absent", 0),
                hours=hours.get(str(session.pk), ZERO),
            )
        )
    unique_attendees = (
        Attendance.objects.filter(session__series=series, status__in=ATTENDED)
        .values("learner")
        .distinct()
        .count()
    )
    return SeriesReport(
        series=series,
        sessions=lines,
        registrations=registrations,
        unique_attendees=unique_attendees,
        cases=case_status_counts(series),
    )


@dataclass
class SeriesTotals:
    """One series in the report across all series."""

    series: EchoSeries
    sessions_held: int = 0
    sessions_cancelled: int = 0
    registrations: dict = field(
        default_factory=lambda: dict.fromkeys(RegistrationStatus.values, 0)
    )
    unique_attendees: int = 0
    participant_hours: Decimal = ZERO
    attended_total: int = 0
    roster_total: int = 0
    cases: dict = field(default_factory=lambda: dict.fromkeys(CaseStatus.values, 0))

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.attended_total, self.roster_total)

    @property
    def cases_total(self) -> int:
        return sum(self.cases.values())


@dataclass
class AllSeriesReport:
    rows: list[SeriesTotals]
    unique_attendees: int

    def total(self, name: str):
        return sum((getattr(row, name) for row in self.rows), 0)

    @property
    def participant_hours(self) -> Decimal:
        return sum((row.participant_hours for row in self.rows), ZERO)

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.total("attended_total"), self.total("roster_total"))

    def registrations(self, status: str) -> int:
        return sum(row.registrations[status] for row in self.rows)


def all_series_report(*, now=None) -> AllSeriesReport:
    """Every series side by side, with totals (seven queries however many)."""
    now = now or timezone.now()
    rows = {
        series.pk: SeriesTotals(series=series)
        for series in EchoSeries.objects.order_by("title", "pk")
    }
    sessions = list(
        EchoSession.objects.filter(series__in=rows.keys()).only(
            "pk", "series_id", "status", "starts_at", "ends_at"
        )
    )
    for status_row in (
        Registration.objects.order_by()
        .values("series_id", "status")
        .annotate(number=Count("pk"))
    ):
        row = rows.get(status_row["series_id"])
        if row is not None:
            row.registrations[status_row["status"]] = status_row["number"]
    attendance = _attendance_by_session(Q())
    hours = hours_awarded_by_source(
        source_type=SESSION_SOURCE_TYPE, source_ids=[s.pk for s in sessions]
    )
    for session in sessions:
        row = rows[session.series_id]
        row.participant_hours += hours.get(str(session.pk), ZERO)
        if session.is_cancelled:
            row.sessions_cancelled += 1
        if not _is_held(session, now):
            continue
        counts = attendance.get(session.pk, {})
        row.sessions_held += 1
        row.attended_total += counts.get("present", 0) + counts.get("partial", 0)
        row.roster_total += row.registrations[
            RegistrationStatus.REGISTERED
        ] + counts.get("outside", 0)
    for attendee_row in (
        Attendance.objects.filter(status__in=ATTENDED)
        .order_by()
        .values("session__series_id")
        .annotate(number=Count("learner", distinct=True))
    ):
        row = rows.get(attendee_row["session__series_id"])
        if row is not None:
            row.unique_attendees = attendee_row["number"]
    for case_row in (
        CasePresentation.objects.order_by()
        .values("series_id", "status")
        .annotate(number=Count("pk"))
    ):
        row = rows.get(case_row["series_id"])
        if row is not None:
            row.cases[case_row["status"]] = case_row["number"]
    unique = (
        Attendance.objects.filter(status__in=ATTENDED)
        .values("learner")
        .distinct()
        .count()
    )
    return AllSeriesReport(rows=list(rows.values()), unique_attendees=unique)
