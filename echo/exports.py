"""ECHO reports as CSV (streamed, UTF-8 with a byte-order mark so Excel reads
accents). Every cell goes through ``lms.exports.csv_safe``, so a topic typed as
"=HYPERLINK(...)" stays text when the file is opened in a spreadsheet."""

import zoneinfo
from collections.abc import Iterator
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.exports import csv_stream

from .choices import CaseStatus, RegistrationStatus
from .reports import AllSeriesReport, SeriesReport


def _hours(value: Decimal) -> str:
    return f"{value:.2f}"


def _rate(value: int | None) -> str:
    return "" if value is None else str(value)


def series_csv_rows(report: SeriesReport) -> Iterator[list]:
    series = report.series
    zone = zoneinfo.ZoneInfo(series.time_zone)
    yield [_("Series"), series.title]
    yield [_("Time zone"), series.time_zone]
    yield [_("Sessions held"), report.sessions_held]
    yield [_("Sessions cancelled"), report.sessions_cancelled]
    for value, label in RegistrationStatus.choices:
        yield [label, report.registrations[value]]
    yield [_("Unique attendees"), report.unique_attendees]
    yield [_("Participant-hours"), _hours(report.participant_hours)]
    yield [_("Attendance rate (%)"), _rate(report.attendance_rate)]
    for _value, label, count in report.case_lines:
        yield [_("Case presentations: %(status)s") % {"status": label}, count]
    yield []
    yield [
        _("Date"),
        _("Start"),
        _("Topic"),
        _("Presenter"),
        _("Status"),
        _("On the roster"),
        _("Present"),
        _("Partly present"),
        _("Absent"),
        _("Attendance rate (%)"),
        _("Participant-hours"),
        _("Attendance finalised"),
    ]
    for line in report.sessions:
        session = line.session
        local = timezone.localtime(session.starts_at, zone)
        if session.is_cancelled:
            status = _("Cancelled")
        elif line.is_held:
            status = _("Held")
        else:
            status = _("To come")
        yield [
            local.date().isoformat(),
            local.strftime("%H:%M"),
            session.topic,
            session.presenter,
            status,
            line.roster if line.is_held else "",
            line.present,
            line.partial,
            line.absent,
            _rate(line.rate),
            _hours(line.hours),
            _("Yes") if line.is_finalised else _("No"),
        ]


def all_series_csv_rows(report: AllSeriesReport) -> Iterator[list]:
    yield [
        _("Series"),
        _("Published"),
        _("Sessions held"),
        _("Sessions cancelled"),
        *(label for _value, label in RegistrationStatus.choices),
        _("Unique attendees"),
        _("Participant-hours"),
        _("Attendance rate (%)"),
        *(
            _("Cases: %(status)s") % {"status": label}
            for _value, label in CaseStatus.choices
        ),
    ]
    for row in report.rows:
        yield [
            row.series.title,
            _("Yes") if row.series.live else _("No"),
            row.sessions_held,
            row.sessions_cancelled,
            *(row.registrations[value] for value in RegistrationStatus.values),
            row.unique_attendees,
            _hours(row.participant_hours),
            _rate(row.attendance_rate),
            *(row.cases[value] for value in CaseStatus.values),
        ]
    yield [
        _("All series"),
        "",
        report.total("sessions_held"),
        report.total("sessions_cancelled"),
        *(report.registrations(value) for value in RegistrationStatus.values),
        report.unique_attendees,
        _hours(report.participant_hours),
        _rate(report.attendance_rate),
        *(sum(row.cases[value] for row in report.rows) for value in CaseStatus.values),
    ]


def filename(stem: str) -> str:
    slug = slugify(stem)[:60] or "echo"
    return f"{slug}-report-{timezone.localdate():%Y-%m-%d}.csv"


def csv_response(rows: Iterator[list], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
