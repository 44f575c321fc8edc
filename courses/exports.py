"""A course's enrolments and completions as CSV (streamed, UTF-8 with a byte-order
mark so Excel reads accents) and XLSX. Text a learner typed (their name, their
county) is escaped in both, so a cell such as "=HYPERLINK(...)" stays text."""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.exports import csv_safe, csv_stream

from .admin_selectors import EnrolmentRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("enrolments", "completions")
FORMATS = ("csv", "xlsx")


def header() -> list[str]:
    return [
        _("Learner"),
        _("E-mail"),
        _("Discipline"),
        _("County"),
        _("Status"),
        _("Requested"),
        _("Approved"),
        _("Completed"),
        _("Lessons done"),
        _("Lessons in the course"),
        _("Quiz attempts"),
        _("Best score (%)"),
        _("Clock hours awarded"),
        _("Certificate code"),
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _xlsx_cell(value):
    # Numbers and dates stay typed so a spreadsheet can sum and sort them; text is
    # escaped, because openpyxl stores a string that starts with "=" as a formula.
    if value is None or isinstance(value, (int, Decimal, datetime.date)):
        return value
    return csv_safe(value)


def csv_rows(rows: Iterable[EnrolmentRow]) -> Iterator[list[str]]:
    yield header()
    for row in rows:
        yield [_csv_cell(value) for value in row.values()]


def filename(course, kind: str, extension: str) -> str:
    slug = slugify(course.title)[:60] or "course"
    return f"{slug}-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(rows: Iterable[EnrolmentRow], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(csv_rows(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_write(rows: Iterable[EnrolmentRow], handle, *, title: str) -> None:
    """The workbook, written row by row (openpyxl's write-only mode keeps memory
    flat however many learners)."""
    workbook = Workbook(write_only=True)
    # A plain title: Excel refuses some characters ("/", "?", …) in sheet names.
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    heading = []
    for text in header():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row.values()])
    workbook.save(handle)


def xlsx_response(
    rows: Iterable[EnrolmentRow], name: str, *, title: str
) -> FileResponse:
    # Deleted when the response closes it, after the last byte is sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 -- see above
    xlsx_write(rows, handle, title=title)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
