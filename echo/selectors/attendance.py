"""Reads about attendance: a session's roster, its adjustments, a learner's record
across a series, and the rows of an imported report. Each runs a fixed number of
queries however many people are involved."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from .. import credit
from ..choices import AttendanceStatus, RegistrationStatus, SessionStatus
from ..models import (
    Attendance,
    AttendanceAdjustment,
    AttendanceImport,
    AttendanceImportRow,
    EchoSeries,
    EchoSession,
    Registration,
)


@dataclass
class RosterEntry:
    learner: object
    registration_status: str  # "" for someone who attended without registering
    attendance: Attendance | None
    status: str  # "" when not marked yet
    minutes: int
    hours: Decimal
    source: str

    @property
    def is_marked(self) -> bool:
        return self.attendance is not None


def roster_for(session: EchoSession) -> list[RosterEntry]:
    """Registered learners and anyone with attendance for the session, by name,
    each with their status, minutes, the hours those earn and where the record came
    from. Two queries (plus one for the series if not loaded)."""
    series = session.series
    length = session.duration_minutes
    attendances = {
        attendance.learner_id: attendance
        for attendance in Attendance.objects.filter(session=session).select_related(
            "learner", "updated_by"
        )
    }
    learners = {}
    registration_status = {}
    for registration in Registration.objects.filter(
        series_id=session.series_id, status=RegistrationStatus.REGISTERED
    ).select_related("learner"):
        learners[registration.learner_id] = registration.learner
        registration_status[registration.learner_id] = registration.status
    for learner_id, attendance in attendances.items():
        learners.setdefault(learner_id, attendance.learner)
    entries = []
    for learner_id, learner in learners.items():
        attendance = attendances.get(learner_id)
        entries.append(
            RosterEntry(
                learner=learner,
                registration_status=registration_status.get(learner_id, ""),
                attendance=attendance,
                status=attendance.status if attendance else "",
                minutes=attendance.minutes if attendance else 0,
                hours=credit.attendance_hours(
                    series,
                    status=attendance.status,
                    minutes=attendance.minutes,
                    session_minutes=length,
                )
                if attendance
                else Decimal("0"),
                source=attendance.source if attendance else "",
            )
        )
    entries.sort(
        key=lambda e: (
            e.learner.last_name.casefold(),
            e.learner.first_name.casefold(),
            e.learner.email,
        )
    )
    return entries


def adjustments_for(session: EchoSession) -> QuerySet[AttendanceAdjustment]:
    """Every change made by hand to the session's attendance, newest first."""
    return AttendanceAdjustment.objects.filter(
        attendance__session=session
    ).select_related("attendance__learner", "author")


@dataclass
class LearnerSessionAttendance:
    session: EchoSession
    status: str  # "" when nothing was recorded
    minutes: int
    hours: Decimal


def learner_attendance(series: EchoSeries, learner) -> list[LearnerSessionAttendance]:
    """The learner's attendance at each held session of the series, in order."""
    sessions = list(
        EchoSession.objects.filter(
            series=series, status=SessionStatus.SCHEDULED
        ).order_by("starts_at")
    )
    records = {
        attendance.session_id: attendance
        for attendance in Attendance.objects.filter(
            session__in=sessions, learner=learner
        )
    }
    result = []
    for session in sessions:
        attendance = records.get(session.pk)
        status = attendance.status if attendance else ""
        minutes = attendance.minutes if attendance else 0
        result.append(
            LearnerSessionAttendance(
                session=session,
                status=status,
                minutes=minutes,
                hours=credit.attendance_hours(
                    series,
                    status=status or AttendanceStatus.ABSENT,
                    minutes=minutes,
                    session_minutes=session.duration_minutes,
                ),
            )
        )
    return result


def imports_for(session: EchoSession) -> QuerySet[AttendanceImport]:
    """The session's imported reports, newest first, with who uploaded them."""
    return AttendanceImport.objects.filter(session=session).select_related(
        "uploaded_by", "applied_by"
    )


def import_rows(
    attendance_import: AttendanceImport, *, status: str | None = None
) -> QuerySet[AttendanceImportRow]:
    """The rows of an import (optionally of one status), with the learners they
    matched and who resolved them."""
    rows = AttendanceImportRow.objects.filter(
        attendance_import=attendance_import
    ).select_related("learner", "resolved_by")
    if status:
        rows = rows.filter(status=status)
    return rows
