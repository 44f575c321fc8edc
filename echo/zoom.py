"""Reading a video meeting's participant report (Zoom's CSV export).

Two shapes exist. The per-join export has one row per join — a rejoin or a second
device adds a row — with join and leave times; the "unique users" export has one row
per person with a total duration. Either may start with a byte-order mark, spell its
headers in any case, end rows with stray commas, leave e-mail blank for people who
were not signed in, and (per-join) lead with a meeting header block.

Report times carry no zone: they are wall-clock times in the series' zone. A person's
time in the session is the union of their joins clipped to the session window — never
the sum of the durations, which double-counts a second device and counts time spent
in the meeting before the start or after the end."""

import csv
import datetime
import functools
import io
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ImportVariant

MAX_REPORT_BYTES = 20 * 1024 * 1024

TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)

# Header spellings seen in exports, after _header() has lower-cased them and folded
# runs of spaces.
NAME_HEADERS = ("name (original name)", "name", "user name", "participant")
EMAIL_HEADERS = ("user email", "email", "e-mail", "user e-mail")
JOIN_HEADERS = ("join time",)
LEAVE_HEADERS = ("leave time",)
DURATION_HEADERS = ("duration (minutes)", "duration (minute)", "duration")
TOTAL_HEADERS = ("total duration (minutes)", "total duration (minute)")
MEETING_TOPIC_HEADERS = ("topic",)
MEETING_ID_HEADERS = ("meeting id", "id")

_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_SEPARATORS = re.compile(r"[-_.,/]")
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@dataclass
class Participant:
    """One person in the report, their rows merged."""

    name: str
    email: str
    normalised_name: str
    original_name: str  # normalised; the "(Original Name)" part, if any
    minutes: int = 0
    join_count: int = 0
    intervals: list[tuple[datetime.datetime, datetime.datetime]] = field(
        default_factory=list
    )
    line_numbers: list[int] = field(default_factory=list)


@dataclass
class ParsedReport:
    variant: str
    participants: list[Participant]
    raw_row_count: int
    meeting_topic: str = ""
    meeting_id: str = ""

    @property
    def merged_row_count(self) -> int:
        """Rows folded into another row of the same person."""
        return self.raw_row_count - len(self.participants)


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """A name reduced for matching: accents, punctuation, case and spacing gone.
    "  José  O'Neil-Smith " → "jose oneil smith"."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_WORD.sub("", _SEPARATORS.sub(" ", text.casefold()))
    return _SPACES.sub(" ", text).strip()


def split_display_name(value: str) -> tuple[str, str]:
    """Zoom writes "Shown Name (Original Name)" when someone renamed themselves in
    the meeting. Returns (shown, original); original is "" when absent."""
    value = (value or "").strip()
    match = _PARENTHESISED.search(value)
    if not match or not value.endswith(")"):
        return value, ""
    shown = value[: match.start()].strip()
    return shown or match.group(1).strip(), match.group(1).strip()


def _header(cell: str) -> str:
    return _SPACES.sub(" ", (cell or "").replace("\ufeff", "").strip().casefold())


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in headers:
            return headers.index(name)
    return None


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if len(data) > MAX_REPORT_BYTES:
        raise ValidationError(
            _("The report is larger than %(size)s MB; export it again for one session.")
            % {"size": MAX_REPORT_BYTES // (1024 * 1024)}
        )
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text.lstrip("\ufeff")
    # Spreadsheet programs on Windows save CSV as Windows-1252.
    return data.decode("cp1252", errors="replace")


# Zoom's own format, read without strptime (which costs ten times as much).
_ZOOM_TIME = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AaPp][Mm])"
)


def parse_time(value: str, *, zone: zoneinfo.ZoneInfo, line: int) -> datetime.datetime:
    """A report time, read as wall-clock time in ``zone``, in UTC."""
    text = (value or "").strip()
    match = _ZOOM_TIME.fullmatch(text)
    if match:
        month, day, year, hour, minute, second = map(int, match.groups()[:6])
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if match.group(7).casefold() == "pm" else 0)
            try:
                naive = datetime.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 -- zone below
            except ValueError:
                naive = None
            if naive is not None:
                return naive.replace(tzinfo=zone).astimezone(datetime.UTC)
    for pattern in TIME_FORMATS:
        try:
            naive = datetime.datetime.strptime(text, pattern)  # noqa: DTZ007 -- zone below
        except ValueError:
            continue
        return naive.replace(tzinfo=zone).astimezone(datetime.UTC)
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zone)
        return parsed.astimezone(datetime.UTC)
    raise ValidationError(
        _(
            "Line %(line)s: “%(value)s” is not a time the report could contain "
            "(expected e.g. 11/04/2025 12:01:33 PM)."
        )
        % {"line": line, "value": text[:60]}
    )


def union_minutes(
    intervals: list[tuple[datetime.datetime, datetime.datetime]],
    *,
    start: datetime.datetime,
    end: datetime.datetime,
) -> tuple[int, list[tuple[datetime.datetime, datetime.datetime]]]:
    """Clip each interval to [start, end), merge overlapping ones and return the whole
    minutes they cover (rounded down) with the merged intervals."""
    clipped = sorted(
        (max(begin, start), min(finish, end))
        for begin, finish in intervals
        if min(finish, end) > max(begin, start)
    )
    merged: list[tuple[datetime.datetime, datetime.datetime]] = []
    for begin, finish in clipped:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    seconds = sum((finish - begin).total_seconds() for begin, finish in merged)
    return int(seconds // 60), merged


@dataclass
class _Columns:
    name: int
    email: int | None
    join: int | None = None
    leave: int | None = None
    duration: int | None = None
    total: int | None = None

    @property
    def variant(self) -> str:
        return (
            ImportVariant.PER_JOIN
            if self.join is not None
            else ImportVariant.UNIQUE_USERS
        )

    @functools.cached_property
    def needed(self) -> int:
        """How many cells a row must have to reach every column it is read from."""
        used = (self.name, self.email, self.join, self.leave, self.total)
        return max(index for index in used if index is not None) + 1


def _participant_columns(headers: list[str], line: int) -> _Columns | None:
    """The columns of a participant header row, or None if ``headers`` is not one."""
    name = _column(headers, NAME_HEADERS)
    join = _column(headers, JOIN_HEADERS)
    total = _column(headers, TOTAL_HEADERS)
    if name is None and join is None and total is None:
        return None
    missing = []
    if name is None:
        missing.append("Name (Original Name)")
    if total is None:
        if join is None:
            missing.append("Join Time")
        if _column(headers, LEAVE_HEADERS) is None:
            missing.append("Leave Time")
    if missing:
        raise ValidationError(
            _("Line %(line)s: the report has no %(columns)s column.")
            % {"line": line, "columns": ", ".join(f"“{m}”" for m in missing)}
        )
    return _Columns(
        name=name,
        email=_column(headers, EMAIL_HEADERS),
        join=join,
        leave=_column(headers, LEAVE_HEADERS) if total is None else None,
        duration=_column(headers, DURATION_HEADERS),
        total=total if join is None else None,
    )


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def parse_report(
    data: bytes | str,
    *,
    time_zone: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> ParsedReport:
    """Read a participant report for the session from ``starts_at`` to ``ends_at``
    (aware datetimes). Raises ``ValidationError`` naming the line of anything it
    cannot read; it never skips a participant row."""
    zone = zoneinfo.ZoneInfo(time_zone)
    session_minutes = int((ends_at - starts_at).total_seconds() // 60)
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    columns: _Columns | None = None
    meeting: dict[str, str] = {}
    pending_meeting_headers: list[str] | None = None
    people: dict[str, Participant] = {}
    raw_rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                headers = [_header(cell) for cell in row]
                columns = _participant_columns(headers, line)
                if columns is not None:
                    continue
                if pending_meeting_headers is None and (
                    _column(headers, MEETING_ID_HEADERS) is not None
                    or _column(headers, MEETING_TOPIC_HEADERS) is not None
                ):
                    pending_meeting_headers = headers
                    continue
                if pending_meeting_headers is not None and not meeting:
                    meeting = {
                        "topic": _cell(
                            row, _column(pending_meeting_headers, MEETING_TOPIC_HEADERS)
                        ),
                        "id": _cell(
                            row, _column(pending_meeting_headers, MEETING_ID_HEADERS)
                        ),
                    }
                    continue
                raise ValidationError(
                    _(
                        "Line %(line)s: this does not look like a participant report. "
                        "Export the meeting's participants from the video platform "
                        "as CSV (with “Name (Original Name)”, “Join Time” and “Leave "
                        "Time” columns, or “Total Duration (Minutes)”)."
                    )
                    % {"line": line}
                )
            raw_rows += 1
            _read_row(
                row,
                line=line,
                columns=columns,
                zone=zone,
                people=people,
                session_minutes=session_minutes,
            )
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)s: the file is not valid CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    if columns is None:
        raise ValidationError(
            _(
                "The file has no participant header row (“Name (Original Name)”, "
                "“User Email”, “Join Time”, “Leave Time” …)."
            )
        )
    if not raw_rows:
        raise ValidationError(_("The report lists no participants."))
    participants = _fold_devices(list(people.values()))
    for person in participants:
        if columns.variant == ImportVariant.PER_JOIN:
            person.minutes, person.intervals = union_minutes(
                person.intervals, start=starts_at, end=ends_at
            )
        person.line_numbers.sort()
    return ParsedReport(
        variant=columns.variant,
        participants=participants,
        raw_row_count=raw_rows,
        meeting_topic=meeting.get("topic", "")[:300],
        meeting_id=meeting.get("id", "")[:64],
    )


def _read_row(row, *, line, columns, zone, people, session_minutes) -> None:
    if len(row) < columns.needed:
        raise ValidationError(
            _(
                "Line %(line)s has %(found)s columns where the header has "
                "%(expected)s; the row may be cut short."
            )
            % {"line": line, "found": len(row), "expected": columns.needed}
        )
    display = _cell(row, columns.name)
    email = _cell(row, columns.email).casefold()
    if not display and not email:
        raise ValidationError(
            _("Line %(line)s has neither a name nor an e-mail address.")
            % {"line": line}
        )
    shown, original = split_display_name(display)
    key = f"email:{email}" if email else f"name:{normalise_name(shown)}"
    person = people.get(key)
    if person is None:
        person = people[key] = Participant(
            name=display[:300],
            email=email[:254],
            normalised_name=normalise_name(shown)[:300],
            original_name=normalise_name(original),
        )
    person.join_count += 1
    person.line_numbers.append(line)
    if columns.variant == ImportVariant.UNIQUE_USERS:
        minutes = _minutes(_cell(row, columns.total), line=line)
        # The same person twice (two accounts merged by name): keep the longer.
        person.minutes = max(person.minutes, min(minutes, session_minutes))
        return
    joined = parse_time(_cell(row, columns.join), zone=zone, line=line)
    leave_text = _cell(row, columns.leave)
    if leave_text:
        left = parse_time(leave_text, zone=zone, line=line)
    else:
        duration = _cell(row, columns.duration)
        if not duration:
            raise ValidationError(
                _("Line %(line)s has no leave time and no duration.") % {"line": line}
            )
        left = joined + datetime.timedelta(minutes=_minutes(duration, line=line))
    if left < joined:
        raise ValidationError(
            _("Line %(line)s: the leave time comes before the join time.")
            % {"line": line}
        )
    person.intervals.append((joined, left))


def _minutes(value: str, *, line: int) -> int:
    try:
        minutes = int(float(value))
    except ValueError:
        minutes = -1
    if minutes < 0:
        raise ValidationError(
            _("Line %(line)s: “%(value)s” is not a number of minutes.")
            % {"line": line, "value": value[:40]}
        )
    return minutes


def _fold_devices(people: list[Participant]) -> list[Participant]:
    """A second device that was not signed in (a phone dialled in by the same
    person) has no e-mail but the same name as a signed-in row: fold it into that
    row when exactly one signed-in person has the name."""
    by_name: dict[str, list[Participant]] = {}
    for person in people:
        if person.email:
            by_name.setdefault(person.normalised_name, []).append(person)
    kept = []
    for person in people:
        owners = by_name.get(person.normalised_name, [])
        if person.email or len(owners) != 1:
            kept.append(person)
            continue
        owner = owners[0]
        owner.join_count += person.join_count
        owner.line_numbers.extend(person.line_numbers)
        owner.intervals.extend(person.intervals)
        owner.minutes = max(owner.minutes, person.minutes)
    return kept
