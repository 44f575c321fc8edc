import datetime
from decimal import Decimal

import pytest

from lms.hours import add_months, convert_to_clock_hours, quarter_hours_floor


@pytest.mark.parametrize(
    ("amount", "unit", "clock", "exact"),
    [
        ("6", "clock", "6.00", "6"),
        ("1.5", "clock", "1.50", "1.5"),
        ("1.6", "clock", "1.50", "1.6"),  # not a quarter step: rounded down
        ("3", "contact", "2.50", "2.5"),  # 150 minutes
        ("1", "contact", "0.75", "0.8333"),  # 50 minutes
        ("6", "contact", "5.00", "5"),  # 300 minutes
        ("1", "ceu", "8.25", "8.3333"),  # 10 contact hours = 500 minutes
        ("0.6", "ceu", "5.00", "5"),  # 300 minutes
        ("2.4", "ceu", "20.00", "20"),  # 1,200 minutes
    ],
)
def test_conversions_to_clock_hours(amount, unit, clock, exact):
    conversion = convert_to_clock_hours(Decimal(amount), unit)
    assert conversion.clock_hours == Decimal(clock)
    assert conversion.exact_hours.quantize(Decimal("0.0001")) == Decimal(exact)
    assert conversion.is_rounded is (conversion.exact_hours != Decimal(clock))


def test_the_explanation_shows_the_arithmetic():
    assert convert_to_clock_hours(Decimal("3"), "contact").explanation == (
        "3 contact hours × 50 minutes = 150 minutes = 2.5 clock hours"
    )
    assert convert_to_clock_hours(Decimal("1"), "ceu").explanation == (
        "1 CEUs × 10 contact hours × 50 minutes = 500 minutes = 8.33 clock hours, "
        "recorded as 8.25 (rounded down to the quarter hour)"
    )
    assert convert_to_clock_hours(Decimal("4"), "clock").explanation == (
        "4 clock hours"
    )


def test_quarter_hours_round_down_never_up():
    assert quarter_hours_floor(Decimal("0.24")) == Decimal("0.00")
    assert quarter_hours_floor(Decimal("2.99")) == Decimal("2.75")
    assert quarter_hours_floor(Decimal("3")) == Decimal("3.00")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ((2024, 1, 15), 12, (2025, 1, 15)),
        ((2024, 1, 31), 1, (2024, 2, 29)),  # leap year
        ((2023, 1, 31), 1, (2023, 2, 28)),
        ((2024, 2, 29), 12, (2025, 2, 28)),
        ((2024, 11, 30), 3, (2025, 2, 28)),
        ((2024, 5, 31), 24, (2026, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert add_months(datetime.date(*day), months) == datetime.date(*expected)
