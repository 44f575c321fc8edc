"""The recurrence: expanded in the series' zone, so the wall-clock time holds across
daylight-saving changes; weekly every N weeks or monthly on the n-th weekday; until a
date or for a count."""

import datetime
import types
import zoneinfo

import pytest

from echo.choices import Frequency
from echo.recurrence import nth_weekday, occurrence_dates, occurrences

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def make_series(**fields):
    """The recurrence fields of a series, without a page (no database needed)."""
    defaults = {
        "time_zone": "America/Chicago",
        "frequency": Frequency.WEEKLY,
        "interval_weeks": 1,
        "first_date": datetime.date(2026, 10, 20),
        "start_time": datetime.time(12, 0),
        "duration_minutes": 75,
        "session_count": 4,
        "until_date": None,
    }
    defaults.update(fields)
    return types.SimpleNamespace(**defaults)


def test_weekly_series_keeps_noon_local_across_both_dst_changes():
    # Every 3 weeks from 20 October 2026: across 1 Nov 2026 (CDT→CST) and 14 Mar 2027
    # (CST→CDT).
    series = make_series(interval_weeks=3, session_count=10)
    starts = occurrences(series)
    local = [start.astimezone(CHICAGO) for start in starts]
    assert all(start.tzinfo == datetime.UTC for start in starts)
    assert {(time.hour, time.minute) for time in local} == {(12, 0)}
    assert [start.date() for start in local] == [
        datetime.date(2026, 10, 20) + datetime.timedelta(weeks=3 * n) for n in range(10)
    ]
    # Noon CDT is 17:00 UTC, noon CST 18:00 UTC.
    utc_hours = [(start.date().isoformat(), start.hour) for start in starts]
    assert utc_hours[0] == ("2026-10-20", 17)
    assert utc_hours[1] == ("2026-11-10", 18)
    assert ("2027-02-23", 18) in utc_hours
    assert ("2027-03-16", 17) in utc_hours


def test_weekly_series_on_the_days_around_the_changes():
    series = make_series(first_date=datetime.date(2026, 10, 25), session_count=2)
    assert [s.hour for s in occurrences(series)] == [17, 18]
    series = make_series(first_date=datetime.date(2027, 3, 7), session_count=2)
    assert [s.hour for s in occurrences(series)] == [18, 17]


def test_a_skipped_wall_clock_time_moves_forward_by_the_gap():
    series = make_series(
        first_date=datetime.date(2027, 3, 14),
        start_time=datetime.time(2, 30),
        session_count=1,
    )
    (start,) = occurrences(series)
    assert start.astimezone(CHICAGO).time() == datetime.time(3, 30)


def test_every_other_week_until_a_date_includes_that_date():
    series = make_series(
        interval_weeks=2,
        session_count=None,
        until_date=datetime.date(2026, 12, 1),
    )
    assert occurrence_dates(series) == [
        datetime.date(2026, 10, 20),
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 17),
        datetime.date(2026, 12, 1),
    ]
    series.until_date = datetime.date(2026, 11, 30)
    assert occurrence_dates(series)[-1] == datetime.date(2026, 11, 17)


def test_count_wins_over_an_open_ended_recurrence():
    series = make_series(session_count=7)
    assert len(occurrences(series)) == 7
    assert occurrence_dates(series)[-1] == datetime.date(2026, 12, 1)


def test_until_date_and_count_differ():
    by_date = make_series(session_count=None, until_date=datetime.date(2026, 11, 10))
    by_count = make_series(session_count=2)
    assert len(occurrences(by_date)) == 4
    assert len(occurrences(by_count)) == 2


def test_monthly_on_the_second_tuesday():
    # 13 October 2026 is the second Tuesday of October.
    series = make_series(
        frequency=Frequency.MONTHLY,
        first_date=datetime.date(2026, 10, 13),
        session_count=6,
    )
    assert occurrence_dates(series) == [
        datetime.date(2026, 10, 13),
        datetime.date(2026, 11, 10),
        datetime.date(2026, 12, 8),
        datetime.date(2027, 1, 12),
        datetime.date(2027, 2, 9),
        datetime.date(2027, 3, 9),
    ]
    assert all(d.weekday() == 1 for d in occurrence_dates(series))
    local = [start.astimezone(CHICAGO).time() for start in occurrences(series)]
    assert set(local) == {datetime.time(12, 0)}


def test_monthly_on_a_fifth_weekday_means_the_last_one():
    # 29 October 2026 is the fifth Thursday; November has only four.
    series = make_series(
        frequency=Frequency.MONTHLY,
        first_date=datetime.date(2026, 10, 29),
        session_count=4,
    )
    assert occurrence_dates(series) == [
        datetime.date(2026, 10, 29),
        datetime.date(2026, 11, 26),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 28),
    ]


def test_monthly_until_a_date_crosses_the_year():
    series = make_series(
        frequency=Frequency.MONTHLY,
        first_date=datetime.date(2026, 11, 2),  # first Monday
        session_count=None,
        until_date=datetime.date(2027, 2, 1),
    )
    assert occurrence_dates(series) == [
        datetime.date(2026, 11, 2),
        datetime.date(2026, 12, 7),
        datetime.date(2027, 1, 4),
        datetime.date(2027, 2, 1),
    ]


@pytest.mark.parametrize(
    ("year", "month", "weekday", "nth", "expected"),
    [
        (2026, 11, 0, 1, datetime.date(2026, 11, 2)),
        (2026, 11, 6, 1, datetime.date(2026, 11, 1)),
        (2026, 11, 6, 5, datetime.date(2026, 11, 29)),
        (2027, 2, 0, 4, datetime.date(2027, 2, 22)),
        (2027, 2, 0, 5, datetime.date(2027, 2, 22)),
    ],
)
def test_nth_weekday(year, month, weekday, nth, expected):
    assert nth_weekday(year, month, weekday, nth) == expected


def test_other_time_zones_keep_their_own_wall_clock():
    series = make_series(
        time_zone="Europe/London",
        first_date=datetime.date(2026, 10, 20),
        start_time=datetime.time(9, 0),
        session_count=2,
    )
    # London leaves summer time on 25 October 2026.
    assert [s.hour for s in occurrences(series)] == [8, 9]
