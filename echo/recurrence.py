"""The dates a series meets, from its recurrence settings.

Occurrences are expanded in the series' own time zone and only then turned into UTC,
so a noon session stays at noon local time on both sides of a daylight-saving change
(its UTC hour moves instead)."""

import calendar
import datetime
import zoneinfo

from .choices import Frequency

# A series with a last date but no count could in principle run for years; no ECHO
# series does, and the field that counts sessions stops at 60 too.
MAX_OCCURRENCES = 60


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The ``nth`` (1–4) ``weekday`` of a month, or its last one when ``nth`` is 5."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth >= 5:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def _weekly_dates(first: datetime.date, interval_weeks: int):
    step = datetime.timedelta(weeks=max(1, interval_weeks))
    day = first
    while True:
        yield day
        day += step


def _monthly_dates(first: datetime.date):
    """The same weekday and week of the month as ``first``; a fifth weekday means the
    last one (not every month has a fifth)."""
    nth = (first.day - 1) // 7 + 1
    year, month = first.year, first.month
    while True:
        yield nth_weekday(year, month, first.weekday(), nth)
        month += 1
        if month > 12:
            year, month = year + 1, 1


def occurrence_dates(series) -> list[datetime.date]:
    """Local dates of the series' sessions, until its last date or for its count."""
    if series.frequency == Frequency.MONTHLY:
        dates = _monthly_dates(series.first_date)
    else:
        dates = _weekly_dates(series.first_date, series.interval_weeks)
    limit = min(series.session_count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    result = []
    for day in dates:
        if series.until_date is not None and day > series.until_date:
            break
        if len(result) >= limit:
            break
        result.append(day)
    return result


def local_start(day: datetime.date, start: datetime.time, zone) -> datetime.datetime:
    """``start`` on ``day`` in ``zone``, as an aware UTC datetime. A wall-clock time
    that does not exist (skipped by a spring-forward change) comes out moved forward
    by the gap, as calendar programs do (PEP 495: fold 0 uses the earlier offset)."""
    return datetime.datetime.combine(day, start, tzinfo=zone).astimezone(datetime.UTC)


def occurrences(series) -> list[datetime.datetime]:
    """Aware UTC starts of every session the recurrence gives, in order."""
    zone = zoneinfo.ZoneInfo(series.time_zone)
    start = series.start_time.replace(tzinfo=None)
    return [local_start(day, start, zone) for day in occurrence_dates(series)]
