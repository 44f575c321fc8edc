"""The credit rules, worked by hand for a 75-minute session worth 1.25 clock hours."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from echo.choices import AttendanceStatus, CreditRule
from echo.credit import attendance_hours, session_hours, status_for_minutes


def terms(rule, *, hours="1.25", tolerance=15, minimum=None, percent=None):
    # The rules read only the series' terms, nothing from the database.
    return SimpleNamespace(
        hours_per_session=Decimal(hours),
        credit_rule=rule,
        credit_tolerance_minutes=tolerance,
        credit_minimum_minutes=minimum,
        credit_minimum_percent=percent,
        duration_minutes=75,
    )


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [
        (75, "1.25"),
        (90, "1.25"),  # never more than the session
        (60, "1.25"),  # 75 − 15 tolerance: just in
        (59, "0"),  # one minute short of the tolerance: nothing
        (30, "0"),
        (0, "0"),
    ],
)
def test_all_or_nothing_with_a_tolerance(minutes, hours):
    series = terms(CreditRule.ALL_OR_NOTHING, tolerance=15)
    assert session_hours(series, minutes, 75) == Decimal(hours)


def test_all_or_nothing_without_tolerance_needs_the_whole_session():
    series = terms(CreditRule.ALL_OR_NOTHING, tolerance=0)
    assert session_hours(series, 75, 75) == Decimal("1.25")
    assert session_hours(series, 74, 75) == Decimal("0")


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(45, "1.25"), (75, "1.25"), (44, "0"), (1, "0")],
)
def test_minimum_minutes(minutes, hours):
    series = terms(CreditRule.MINIMUM_MINUTES, minimum=45)
    assert session_hours(series, minutes, 75) == Decimal(hours)


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [
        # 1.25 × 50/75 = 0.8333… → 0.75
        (50, "0.75"),
        # 1.25 × 38/75 = 0.6333… → 0.5 (38/75 = 50.7 %, above the floor)
        (38, "0.50"),
        # 37/75 = 49.3 %: below the 50 % floor, nothing
        (37, "0"),
        # 30/75 = 40 %: nothing
        (30, "0"),
        # 1.25 × 60/75 = 1.0
        (60, "1.00"),
        # 1.25 × 72/75 = 1.2 → 1.0
        (72, "1.00"),
        (75, "1.25"),
        (120, "1.25"),
    ],
)
def test_percentage_in_proportion_above_the_floor(minutes, hours):
    series = terms(CreditRule.PERCENTAGE, percent=50)
    assert session_hours(series, minutes, 75) == Decimal(hours)


def test_percentage_exactly_at_the_floor_counts():
    # 45 of 90 minutes is exactly 50 %: 1.5 × 45/90 = 0.75.
    series = terms(CreditRule.PERCENTAGE, hours="1.5", percent=50)
    assert session_hours(series, 45, 90) == Decimal("0.75")
    assert session_hours(series, 44, 90) == Decimal("0")


def test_hours_are_always_quarter_steps_and_decimal():
    series = terms(CreditRule.PERCENTAGE, hours="2", percent=1)
    for minutes in range(1, 121):
        hours = session_hours(series, minutes, 120)
        assert isinstance(hours, Decimal)
        assert hours % Decimal("0.25") == 0
        # Rounded down: never more than the exact share.
        assert hours <= Decimal(2) * minutes / 120


def test_an_absence_earns_nothing_whatever_its_minutes():
    series = terms(CreditRule.MINIMUM_MINUTES, minimum=10)
    assert (
        attendance_hours(
            series, status=AttendanceStatus.ABSENT, minutes=75, session_minutes=75
        )
        == 0
    )
    assert attendance_hours(
        series, status=AttendanceStatus.PARTIAL, minutes=20, session_minutes=75
    ) == Decimal("1.25")


def test_status_follows_the_tolerance():
    series = terms(CreditRule.ALL_OR_NOTHING, tolerance=15)
    assert status_for_minutes(series, 0, 75) == AttendanceStatus.ABSENT
    assert status_for_minutes(series, 59, 75) == AttendanceStatus.PARTIAL
    assert status_for_minutes(series, 60, 75) == AttendanceStatus.PRESENT
