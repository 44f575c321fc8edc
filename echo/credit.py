"""How minutes in a session become clock hours, by the series' credit rule.

Pure functions of the series' terms and the minutes: no database. Hours are always
rounded down to the quarter hour, so nobody is credited with time they did not spend.

Worked example, a 75-minute session worth 1.25 h:
- all or nothing, tolerance 15: 60 minutes earn 1.25; 59 earn nothing;
- minimum 45 minutes: 45 earn 1.25; 44 nothing;
- percentage, floor 50 %: 50 minutes earn 1.25 × 50/75 = 0.8333 → 0.75; 30 minutes
  (40 %) nothing; 75 minutes 1.25."""

from decimal import Decimal

from lms.hours import ZERO, quarter_hours_floor

from .choices import AttendanceStatus, CreditRule


def session_hours(series, minutes: int, session_minutes: int) -> Decimal:
    """The clock hours ``minutes`` of attendance earn in a session of
    ``session_minutes`` under ``series``' rule."""
    full = Decimal(series.hours_per_session)
    if minutes <= 0 or session_minutes <= 0:
        return ZERO
    minutes = min(minutes, session_minutes)
    rule = series.credit_rule
    if rule == CreditRule.ALL_OR_NOTHING:
        needed = session_minutes - (series.credit_tolerance_minutes or 0)
        earned = full if minutes >= needed else ZERO
    elif rule == CreditRule.MINIMUM_MINUTES:
        needed = series.credit_minimum_minutes or session_minutes
        earned = full if minutes >= needed else ZERO
    elif rule == CreditRule.PERCENTAGE:
        floor = series.credit_minimum_percent or 0
        if minutes * 100 < floor * session_minutes:
            earned = ZERO
        else:
            earned = full * Decimal(minutes) / Decimal(session_minutes)
    else:
        raise ValueError(f"Unknown credit rule {rule!r}")
    return quarter_hours_floor(earned)


def attendance_hours(series, *, status: str, minutes: int, session_minutes: int):
    """Hours for an attendance record: an absence earns nothing whatever its
    minutes say."""
    if status == AttendanceStatus.ABSENT:
        return ZERO
    return session_hours(series, minutes, session_minutes)


def status_for_minutes(series, minutes: int, session_minutes: int) -> str:
    """Present when within the series' late/early tolerance of the whole session,
    partly present below that, absent at zero."""
    if minutes <= 0:
        return AttendanceStatus.ABSENT
    if minutes >= session_minutes - (series.credit_tolerance_minutes or 0):
        return AttendanceStatus.PRESENT
    return AttendanceStatus.PARTIAL
