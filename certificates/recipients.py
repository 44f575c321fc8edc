"""Choosing the learners of a bulk issue: from an uploaded list of e-mail addresses
or from a filter. Either way the answer is a row-by-row report that an administrator
reads before anything is issued, and the learners who matched.

Lists come from spreadsheets, mail clients and registration systems, so the file is
read forgivingly: any common encoding (the one used is reported), commas, semicolons
or tabs, a header row or none, blank lines, stray spaces and capitals. What cannot be
matched is reported, never guessed."""

import codecs
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms import roles

from .choices import (
    BLANK,
    DUPLICATE,
    HEADER,
    INACTIVE,
    INVALID,
    NO_NAME,
    OK,
    PROBLEM_OUTCOMES,
    UNKNOWN,
)
from .services import recipient_name_for

MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 5000

OUTCOME_LABELS = {
    OK: gettext_lazy("Will receive a certificate"),
    DUPLICATE: gettext_lazy("Duplicate"),
    BLANK: gettext_lazy("Blank line"),
    HEADER: gettext_lazy("Header row"),
    INVALID: gettext_lazy("Not an e-mail address"),
    UNKNOWN: gettext_lazy("No account"),
    INACTIVE: gettext_lazy("Account deactivated"),
    NO_NAME: gettext_lazy("No name on the account"),
}

_DELIMITERS = ",;\t"
_HEADER_NAMES = {"email", "emailaddress", "mail", "emailadres", "emailadresse"}


@dataclass
class RecipientRow:
    line: int
    value: str
    outcome: str
    message: str

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "value": self.value,
            "outcome": self.outcome,
            "message": self.message,
        }


@dataclass
class RecipientReport:
    """The rows as read, and the learners who matched, in file order, once each."""

    rows: list[RecipientRow] = field(default_factory=list)
    learners: list = field(default_factory=list)
    encoding: str = ""
    description: str = ""

    @property
    def problems(self) -> list[RecipientRow]:
        return [row for row in self.rows if row.outcome in PROBLEM_OUTCOMES]

    def as_report(self) -> list[dict]:
        return [row.as_dict() for row in self.rows]


# --- Reading the file --------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read with: UTF-8
    (with or without a byte-order mark), UTF-16 or UTF-32 (with a mark, or UTF-16
    recognised by its zero bytes), else Windows-1252, else Latin-1 (which reads any
    bytes at all)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), _(
            "UTF-8 (with a byte-order mark)"
        )
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec), name
    if data and b"\x00" in data[:200] and len(data) % 2 == 0:
        # UTF-16 without a mark: ASCII text has a zero in every other byte.
        codec = (
            "utf-16-le"
            if data[1:200:2].count(0) > data[0:200:2].count(0)
            else ("utf-16-be")
        )
        try:
            return data.decode(codec), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), _("Windows-1252")
    except UnicodeDecodeError:
        return data.decode("latin-1"), _("Latin-1 (ISO-8859-1)")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        # One column (no delimiter at all), or too irregular to tell: take the
        # delimiter that appears most, else read each line as one cell.
        counts = {delimiter: sample.count(delimiter) for delimiter in _DELIMITERS}
        delimiter = max(counts, key=counts.get)
        dialect = csv.excel()
        dialect.delimiter = delimiter if counts[delimiter] else ","
        return dialect


def _header_key(cell: str) -> str:
    return re.sub(r"[^a-z]", "", cell.lower())


def _is_header(cells: list[str]) -> bool:
    joined = " ".join(cells)
    return "@" not in joined and any("mail" in _header_key(cell) for cell in cells)


def _email_column(header: list[str]) -> int:
    keys = [_header_key(cell) for cell in header]
    for index, key in enumerate(keys):
        if key in _HEADER_NAMES:
            return index
    return next(index for index, key in enumerate(keys) if "mail" in key)


def _value_of(cells: list[str], column: int | None) -> str:
    if column is not None:
        return cells[column].strip() if column < len(cells) else ""
    for cell in cells:
        if "@" in cell:
            return cell.strip()
    return next((cell.strip() for cell in cells if cell.strip()), "")


def size_check(size: int) -> None:
    """Refuse a file over the limit (called before it is read into memory)."""
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s KB; the limit is %(limit)s KB (about "
                "%(rows)s addresses). Split it into smaller files."
            )
            % {
                "size": f"{-(-size // 1024):,}",
                "limit": f"{MAX_FILE_BYTES // 1024:,}",
                "rows": f"{MAX_ROWS:,}",
            }
        )


def recipients_from_csv(data: bytes, *, filename: str = "") -> RecipientReport:
    """Read an uploaded list of e-mail addresses and match each to an account.
    Raises ValidationError if the file is too large or holds no addresses."""
    size_check(len(data))
    text, encoding = decode(data)
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    if "\x00" in text:
        raise ValidationError(
            _(
                "This does not look like a text file. Save the list as CSV (comma- "
                "or semicolon-separated) or as plain text with one address a line."
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))

    report = RecipientReport(encoding=encoding)
    column = None
    header_seen = False
    first_line: dict[str, int] = {}
    wanted: list[RecipientRow] = []
    data_rows = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                report.rows.append(
                    RecipientRow(line, "", BLANK, _("Blank line, skipped."))
                )
                continue
            if not header_seen and not data_rows and _is_header(cells):
                header_seen = True
                column = _email_column(cells)
                report.rows.append(
                    RecipientRow(
                        line,
                        ", ".join(cell.strip() for cell in cells),
                        HEADER,
                        _("Header row: addresses are read from the “%(name)s” column.")
                        % {"name": cells[column].strip()},
                    )
                )
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise ValidationError(
                    _(
                        "The file has more than %(limit)s addresses. Split it into "
                        "smaller files."
                    )
                    % {"limit": f"{MAX_ROWS:,}"}
                )
            raw = _value_of(cells, column)
            value = raw.strip().lower()
            if not value:
                report.rows.append(
                    RecipientRow(
                        line,
                        "",
                        BLANK,
                        _("No address in the e-mail column, skipped."),
                    )
                )
                continue
            try:
                validate_email(value)
            except ValidationError:
                report.rows.append(
                    RecipientRow(
                        line,
                        raw,
                        INVALID,
                        _("“%(value)s” is not an e-mail address.") % {"value": raw},
                    )
                )
                continue
            if value in first_line:
                report.rows.append(
                    RecipientRow(
                        line,
                        raw,
                        DUPLICATE,
                        _("Already listed on line %(line)s; counted once.")
                        % {"line": first_line[value]},
                    )
                )
                continue
            first_line[value] = line
            row = RecipientRow(line, value, OK, "")
            report.rows.append(row)
            wanted.append(row)
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as a list (line %(line)s: %(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    if not data_rows:
        raise ValidationError(
            _("The file has no e-mail addresses in it, only a header or blank lines.")
        )

    users = {
        user.email_lower: user
        for user in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[row.value for row in wanted])
        .select_related("profile")
    }
    for row in wanted:
        user = users.get(row.value)
        if user is None:
            row.outcome = UNKNOWN
            row.message = _("No account uses this address.")
        elif not user.is_active:
            row.outcome = INACTIVE
            row.message = _("This account is deactivated.")
        elif not (name := recipient_name_for(user)):
            row.outcome = NO_NAME
            row.message = _(
                "This account has no name to print. Add it to their profile first."
            )
        else:
            row.message = name
            report.learners.append(user)

    report.description = _("%(file)s (%(encoding)s, %(count)s rows)") % {
        "file": f"“{filename}”" if filename else _("Uploaded list"),
        "encoding": encoding,
        "count": data_rows,
    }
    return report


# --- Choosing with a filter -------------------------------------------------------


def recipients_from_filter(
    *,
    joined_from: datetime.date | None = None,
    joined_to: datetime.date | None = None,
    goal_category=None,
    contains: str = "",
) -> RecipientReport:
    """Every active learner matching the filter, in name order. Learners with no
    name to print are reported rather than issued."""
    learners = (
        get_user_model()
        .objects.filter(groups__name=roles.LEARNER, is_active=True)
        .select_related("profile")
    )
    parts = [_("Active learners")]
    if joined_from:
        learners = learners.filter(date_joined__date__gte=joined_from)
        parts.append(
            _("joined on or after %(date)s")
            % {"date": date_format(joined_from, "SHORT_DATE_FORMAT")}
        )
    if joined_to:
        learners = learners.filter(date_joined__date__lte=joined_to)
        parts.append(
            _("joined on or before %(date)s")
            % {"date": date_format(joined_to, "SHORT_DATE_FORMAT")}
        )
    if goal_category is not None:
        learners = learners.filter(profile__goal_category=goal_category)
        parts.append(
            _("working toward %(category)s") % {"category": goal_category.code}
        )
    words = contains.split()[:5]
    for word in words:
        learners = learners.filter(
            Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(profile__certificate_name__icontains=word)
        )
    if words:
        parts.append(_("matching “%(words)s”") % {"words": " ".join(words)})
    learners = list(learners.distinct().order_by("last_name", "first_name", "email"))
    if len(learners) > MAX_ROWS:
        raise ValidationError(
            _(
                "The filter matches %(count)s learners; one bulk issue takes at most "
                "%(limit)s. Narrow the filter."
            )
            % {"count": f"{len(learners):,}", "limit": f"{MAX_ROWS:,}"}
        )
    report = RecipientReport(description=", ".join(str(part) for part in parts))
    for number, learner in enumerate(learners, start=1):
        name = recipient_name_for(learner)
        if name:
            report.rows.append(RecipientRow(number, learner.email, OK, name))
            report.learners.append(learner)
        else:
            report.rows.append(
                RecipientRow(
                    number,
                    learner.email,
                    NO_NAME,
                    _(
                        "This account has no name to print. Add it to their profile "
                        "first."
                    ),
                )
            )
    return report
