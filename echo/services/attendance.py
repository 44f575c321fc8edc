"""Attendance: marking it by hand, importing it from a participant report, and
finalising it into hours and series certificates.

An import is held for review before anything changes: every person in the report
becomes one row — matched by e-mail or name to a registered learner, dismissed as a
member of the hub team, or left for a facilitator to link or dismiss. Nothing is
dropped. Applying writes the roster in a fixed number of statements whatever the
size of the report.

Finalising turns each participant's minutes into hours under the series' rule and
keeps the ledger in step: one entry per learner and session, whose hours change (or
which is revoked, or counts again) when attendance is corrected later."""

import datetime
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.services import certificate_issue, recipient_name_for
from lms.choices import CountsToward, CreditKind, RscFormat
from lms.hours import ZERO
from lms.selectors import hours_awarded_by_learner
from lms.services import credit_award, credit_hours_change, credit_revoke

from .. import credit, zoom
from ..choices import (
    AttendanceSource,
    AttendanceStatus,
    HoursCountAs,
    ImportRowStatus,
    ImportStatus,
    MatchMethod,
    RegistrationStatus,
    SessionStatus,
)
from ..models import (
    SERIES_SOURCE_TYPE,
    SESSION_SOURCE_TYPE,
    Attendance,
    AttendanceAdjustment,
    AttendanceImport,
    AttendanceImportRow,
    EchoSeries,
    EchoSession,
    HubMember,
    Registration,
)
from ..permissions import can_manage_series

logger = logging.getLogger(__name__)

REASON_MAX_LENGTH = 500
FIRST_MARK_REASON = "Marked on the roster"


# --- Helpers ----------------------------------------------------------------------


def _require_manager(user, series: EchoSeries) -> None:
    """``user`` None is the platform itself (a management command run by an
    operator); anyone else must run the series."""
    if user is not None and not can_manage_series(user, series):
        raise PermissionDenied(_("Only this series' facilitators can do that."))


def _require_held(session: EchoSession) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled; it has no attendance."))
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("This session has not started yet; record attendance once it has met.")
        )


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason to %(max)s characters or fewer.")
                % {"max": REASON_MAX_LENGTH}
            }
        )
    return reason


# Field types whose values need the database's adaptation; the rest go as they are.
_ADAPTED_FIELDS = (
    models.JSONField,
    models.DateTimeField,
    models.DateField,
    models.DecimalField,
)


def _insert_many(model: type[Model], rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field attnames to values; missing ones take the
    field's default) with one ``executemany``: one statement for any number of rows
    on every database, where ``bulk_create`` splits into batches of 999 parameters
    on SQLite, and no model instances to build."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Names come from the model and are quoted; values go as parameters.
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(  # noqa: S608
        table=quote(model._meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    columns = []
    for f in fields:
        default = f.get_default()
        if isinstance(f, _ADAPTED_FIELDS):

            def adapt(value, f=f):
                return f.get_db_prep_save(value, connection)

        else:
            adapt = None
        columns.append((f.attname, default, adapt))
    params = [
        [
            adapt(row.get(name, default)) if adapt else row.get(name, default)
            for name, default, adapt in columns
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_many(objects: list[Model], field_names: list[str]) -> None:
    """Update ``field_names`` of saved ``objects`` with one ``executemany``."""
    if not objects:
        return
    model = type(objects[0])
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "UPDATE {table} SET {assignments} WHERE {pk} = %s".format(  # noqa: S608
        table=quote(model._meta.db_table),
        assignments=", ".join(f"{quote(f.column)} = %s" for f in fields),
        pk=quote(model._meta.pk.column),
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _read(file) -> bytes | str:
    if isinstance(file, bytes | str):
        return file
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "size") and file.size > zoom.MAX_REPORT_BYTES:
        # Refuse before reading a huge upload into memory.
        return file.read(zoom.MAX_REPORT_BYTES + 1)
    return file.read()


def _full_name(user) -> str:
    return zoom.normalise_name(f"{user.first_name} {user.last_name}")


# --- Import -----------------------------------------------------------------------


@transaction.atomic
def attendance_import_create(
    session: EchoSession, file, *, filename: str, by
) -> AttendanceImport:
    """Read a participant report for ``session`` and hold it for review. A file
    that cannot be read is refused whole (``ValidationError`` naming the line) and
    nothing is saved."""
    series = session.series
    _require_manager(by, series)
    _require_held(session)
    report = zoom.parse_report(
        _read(file),
        time_zone=series.time_zone,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )
    imp = AttendanceImport.objects.create(
        session=session,
        uploaded_by=by,
        filename=(filename or "report.csv")[:255],
        variant=report.variant,
        raw_row_count=report.raw_row_count,
        merged_row_count=report.merged_row_count,
        meeting_topic=report.meeting_topic,
        meeting_id=report.meeting_id,
    )
    matcher = _Matcher.for_series(series)
    now = timezone.now()
    rows = []
    for person in report.participants:
        row = {
            "attendance_import_id": imp.pk,
            "name": person.name,
            "email": person.email,
            "normalised_name": person.normalised_name,
            "minutes": min(person.minutes, 32767),
            "join_count": person.join_count,
            "intervals": [
                [start.isoformat(), end.isoformat()] for start, end in person.intervals
            ],
            "line_numbers": person.line_numbers,
        }
        row.update(matcher.match(person, now=now))
        rows.append(row)
    _insert_many(AttendanceImportRow, rows)
    return imp


@dataclass
class _Matcher:
    """Who a report row may be: registered learners by e-mail and by normalised
    name, and the hub team, each loaded in one query."""

    learners_by_email: dict
    learners_by_name: dict
    hub_by_email: dict
    hub_by_name: dict

    @classmethod
    def for_series(cls, series: EchoSeries) -> "_Matcher":
        learners_by_email, learners_by_name = {}, {}
        for learner_id, email, first, last in Registration.objects.filter(
            series=series, status=RegistrationStatus.REGISTERED
        ).values_list(
            "learner_id", "learner__email", "learner__first_name", "learner__last_name"
        ):
            learners_by_email[email.casefold()] = learner_id
            name = zoom.normalise_name(f"{first} {last}")
            learners_by_name.setdefault(name, []).append(learner_id)
        hub_by_email, hub_by_name = {}, {}
        for member in HubMember.objects.filter(series=series).select_related("user"):
            hub_by_email[member.user.email.casefold()] = member
            hub_by_name.setdefault(_full_name(member.user), member)
        return cls(learners_by_email, learners_by_name, hub_by_email, hub_by_name)

    def match(self, person: zoom.Participant, *, now) -> dict:
        """The row's learner, method, status and note, as field values."""
        names = [n for n in (person.normalised_name, person.original_name) if n]
        member = self.hub_by_email.get(person.email) if person.email else None
        if member is None and person.email not in self.learners_by_email:
            member = next(
                (self.hub_by_name[n] for n in names if n in self.hub_by_name), None
            )
        if member is not None:
            note = _("Member of the hub team (%(role)s): not a participant.") % {
                "role": member.get_role_display()
            }
            return {
                "status": ImportRowStatus.DISMISSED,
                "resolved_at": now,
                "resolution_note": note,
            }
        learner_id = self.learners_by_email.get(person.email) if person.email else None
        if learner_id is not None:
            return {
                "learner_id": learner_id,
                "match_method": MatchMethod.EMAIL,
                "status": ImportRowStatus.MATCHED,
            }
        for name in names:
            candidates = self.learners_by_name.get(name, [])
            if len(candidates) == 1:
                return {
                    "learner_id": candidates[0],
                    "match_method": MatchMethod.NAME,
                    "status": ImportRowStatus.MATCHED,
                }
        return {"status": ImportRowStatus.UNMATCHED}


def _open_import(imp: AttendanceImport, *, by) -> AttendanceImport:
    imp = (
        AttendanceImport.objects.select_for_update()
        .select_related("session__series")
        .get(pk=imp.pk)
    )
    _require_manager(by, imp.session.series)
    if imp.status != ImportStatus.PREVIEW:
        raise ValidationError(
            _("This report was already %(status)s.")
            % {"status": imp.get_status_display().lower()}
        )
    return imp


@transaction.atomic
def import_row_link(
    row: AttendanceImportRow, learner, *, by, note: str = ""
) -> AttendanceImportRow:
    """Say who an unmatched (or wrongly matched) row is: a registered learner."""
    imp = _open_import(row.attendance_import, by=by)
    row = AttendanceImportRow.objects.select_for_update().get(pk=row.pk)
    if not Registration.objects.filter(
        series_id=imp.session.series_id,
        learner=learner,
        status=RegistrationStatus.REGISTERED,
    ).exists():
        raise ValidationError(
            {
                "learner": _(
                    "%(learner)s is not registered for this series; register them "
                    "first, or dismiss the row."
                )
                % {"learner": learner}
            }
        )
    row.learner = learner
    row.match_method = MatchMethod.MANUAL
    row.status = ImportRowStatus.LINKED
    row.resolved_by = by
    row.resolved_at = timezone.now()
    row.resolution_note = _clean_reason(note)
    row.save(
        update_fields=[
            "learner",
            "match_method",
            "status",
            "resolved_by",
            "resolved_at",
            "resolution_note",
        ]
    )
    return row


@transaction.atomic
def import_row_dismiss(
    row: AttendanceImportRow, *, by, reason: str
) -> AttendanceImportRow:
    """Leave a row out of the roster (a guest, a duplicate), saying why."""
    _open_import(row.attendance_import, by=by)
    reason = _clean_reason(reason)
    if not reason:
        raise ValidationError(
            {"reason": _("Say why this row is left out (a guest, a duplicate …).")}
        )
    row = AttendanceImportRow.objects.select_for_update().get(pk=row.pk)
    row.learner = None
    row.match_method = ""
    row.status = ImportRowStatus.DISMISSED
    row.resolved_by = by
    row.resolved_at = timezone.now()
    row.resolution_note = reason
    row.save(
        update_fields=[
            "learner",
            "match_method",
            "status",
            "resolved_by",
            "resolved_at",
            "resolution_note",
        ]
    )
    return row


@dataclass
class ImportSummary:
    """Counts for the preview of an import."""

    raw_rows: int
    people: int
    merged: int
    matched_by_email: int
    matched_by_name: int
    linked: int
    dismissed: int
    unmatched: int
    # Registered learners the report does not list: applying marks them absent.
    missing: int
    # Learners whose attendance was marked by hand: applying leaves it.
    hand_marked: int

    @property
    def matched(self) -> int:
        return self.matched_by_email + self.matched_by_name

    @property
    def needs_review(self) -> bool:
        return self.unmatched > 0


def attendance_import_summary(imp: AttendanceImport) -> ImportSummary:
    rows = list(
        AttendanceImportRow.objects.filter(attendance_import=imp).values_list(
            "status", "match_method", "learner_id"
        )
    )
    count = dict.fromkeys(ImportRowStatus.values, 0)
    by_email = by_name = 0
    learners = set()
    for status, method, learner_id in rows:
        count[status] += 1
        if status == ImportRowStatus.MATCHED:
            by_email += method == MatchMethod.EMAIL
            by_name += method == MatchMethod.NAME
        if status in (ImportRowStatus.MATCHED, ImportRowStatus.LINKED):
            learners.add(learner_id)
    session = imp.session
    registered = set(
        Registration.objects.filter(
            series_id=session.series_id, status=RegistrationStatus.REGISTERED
        ).values_list("learner_id", flat=True)
    )
    hand_marked = set(
        Attendance.objects.filter(
            session=session, source=AttendanceSource.MANUAL
        ).values_list("learner_id", flat=True)
    )
    return ImportSummary(
        raw_rows=imp.raw_row_count,
        people=len(rows),
        merged=imp.merged_row_count,
        matched_by_email=by_email,
        matched_by_name=by_name,
        linked=count[ImportRowStatus.LINKED],
        dismissed=count[ImportRowStatus.DISMISSED],
        unmatched=count[ImportRowStatus.UNMATCHED],
        missing=len(registered - learners - hand_marked),
        hand_marked=len(hand_marked & (registered | learners)),
    )


@dataclass
class ImportApplied:
    attendance_import: AttendanceImport
    created: int = 0
    updated: int = 0
    marked_absent: int = 0
    # Learners whose hand-marked attendance was kept rather than overwritten.
    kept: list = field(default_factory=list)


@transaction.atomic
def attendance_import_apply(imp: AttendanceImport, *, by) -> ImportApplied:
    """Write the reviewed report to the roster. Refused while rows need review.
    Attendance marked by hand stays as it is (those learners are listed); registered
    learners the report does not list become absent."""
    imp = _open_import(imp, by=by)
    # One writer of the session's roster at a time (another import, the roster form,
    # finalising), so two applies never race to insert the same learner.
    session = (
        EchoSession.objects.select_for_update()
        .select_related("series")
        .get(pk=imp.session_id)
    )
    series = session.series
    unmatched = AttendanceImportRow.objects.filter(
        attendance_import=imp, status=ImportRowStatus.UNMATCHED
    ).count()
    if unmatched:
        raise ValidationError(
            _(
                "%(count)s people in the report still need review: link each to a "
                "registered learner or dismiss them, then apply."
            )
            % {"count": unmatched}
        )
    session_minutes = session.duration_minutes
    minutes_by_learner = _minutes_by_learner(imp, session)
    registered = set(
        Registration.objects.filter(
            series=series, status=RegistrationStatus.REGISTERED
        ).values_list("learner_id", flat=True)
    )
    existing = {
        attendance.learner_id: attendance
        for attendance in Attendance.objects.filter(session=session).select_related(
            "learner"
        )
    }
    now = timezone.now()
    result = ImportApplied(attendance_import=imp)
    new, changed, touched = [], [], set()
    for learner_id in sorted(registered | set(minutes_by_learner)):
        minutes = minutes_by_learner.get(learner_id, 0)
        status = credit.status_for_minutes(series, minutes, session_minutes)
        current = existing.get(learner_id)
        if current is None:
            new.append(
                {
                    "session_id": session.pk,
                    "learner_id": learner_id,
                    "status": status,
                    "minutes": minutes,
                    "source": AttendanceSource.IMPORT,
                    "updated_by_id": by.pk if by else None,
                    "updated_at": now,
                }
            )
            result.created += 1
        elif current.source == AttendanceSource.MANUAL:
            result.kept.append(current.learner)
            continue
        elif (current.status, current.minutes) != (status, minutes):
            current.status, current.minutes = status, minutes
            current.updated_by, current.updated_at = by, now
            changed.append(current)
            result.updated += 1
        else:
            continue
        touched.add(learner_id)
        result.marked_absent += status == AttendanceStatus.ABSENT
    _insert_many(Attendance, new)
    _update_many(changed, ["status", "minutes", "updated_by", "updated_at"])
    imp.status = ImportStatus.APPLIED
    imp.applied_at = now
    imp.applied_by = by
    imp.save(update_fields=["status", "applied_at", "applied_by"])
    if session.attendance_finalised_at is not None and touched:
        _ledger_sync(session, learner_ids=touched, by=by, reason=_import_reason(imp))
    return result


def _import_reason(imp: AttendanceImport) -> str:
    return _("Attendance imported from %(file)s") % {"file": imp.filename}


def _minutes_by_learner(imp: AttendanceImport, session: EchoSession) -> dict:
    """Minutes per learner from the matched and linked rows. Two rows for one
    learner (signed in on one device, found by name on another) are merged as a
    union of their intervals; rows without intervals (unique users) take the
    longest."""
    rows_by_learner: dict[int, list] = {}
    for learner_id, minutes, intervals in AttendanceImportRow.objects.filter(
        attendance_import=imp,
        status__in=(ImportRowStatus.MATCHED, ImportRowStatus.LINKED),
    ).values_list("learner_id", "minutes", "intervals"):
        if learner_id is not None:
            rows_by_learner.setdefault(learner_id, []).append((minutes, intervals))
    result = {}
    for learner_id, rows in rows_by_learner.items():
        if len(rows) == 1 or not all(intervals for _m, intervals in rows):
            result[learner_id] = max(minutes for minutes, _i in rows)
            continue
        spans = [
            (
                datetime.datetime.fromisoformat(start),
                datetime.datetime.fromisoformat(end),
            )
            for _m, intervals in rows
            for start, end in intervals
        ]
        result[learner_id], _merged = zoom.union_minutes(
            spans, start=session.starts_at, end=session.ends_at
        )
    return result


@transaction.atomic
def attendance_import_discard(imp: AttendanceImport, *, by) -> AttendanceImport:
    """Throw away a report under review; the roster is untouched."""
    imp = _open_import(imp, by=by)
    imp.status = ImportStatus.DISCARDED
    imp.save(update_fields=["status"])
    return imp


# --- Marking by hand --------------------------------------------------------------


def _checked_mark(session: EchoSession, status: str, minutes) -> tuple[str, int]:
    if status not in AttendanceStatus.values:
        raise ValidationError(
            {"status": _("Choose present, partly present or absent.")}
        )
    length = session.duration_minutes
    if status == AttendanceStatus.ABSENT:
        return status, 0
    if minutes is None or minutes == "":
        if status == AttendanceStatus.PRESENT:
            return status, length
        raise ValidationError(
            {"minutes": _("Say how many minutes the participant attended.")}
        )
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise ValidationError(
            {"minutes": _("Minutes must be a whole number.")}
        ) from None
    if minutes < 1 or minutes > length:
        raise ValidationError(
            {
                "minutes": _("Minutes must be between 1 and the session's %(length)s.")
                % {"length": length}
            }
        )
    return status, minutes


@transaction.atomic
def attendance_set(
    session: EchoSession, learner, *, status: str, minutes, by, reason: str = ""
) -> Attendance:
    """Mark one learner's attendance by hand. Changing an existing record needs a
    reason; every change is kept as an adjustment with its author."""
    attendance_set_many(session, [(learner.pk, status, minutes)], by=by, reason=reason)
    return Attendance.objects.get(session=session, learner=learner)


@transaction.atomic
def attendance_set_many(
    session: EchoSession,
    changes: list[tuple[int, str, int | None]],
    *,
    by,
    reason: str = "",
) -> list[Attendance]:
    """Mark several learners at once (the roster form). ``changes`` is a list of
    (learner id, status, minutes). Returns the records that changed."""
    session = (
        EchoSession.objects.select_for_update()
        .select_related("series")
        .get(pk=session.pk)
    )
    series = session.series
    _require_manager(by, series)
    _require_held(session)
    if by is None:
        raise ValidationError(_("A change made by hand needs its author."))
    reason = _clean_reason(reason)
    learner_ids = {learner_id for learner_id, _s, _m in changes}
    if len(learner_ids) != len(changes):
        raise ValidationError(_("Each learner can be marked once per change."))
    existing = {
        attendance.learner_id: attendance
        for attendance in Attendance.objects.filter(
            session=session, learner_id__in=learner_ids
        )
    }
    allowed = set(
        Registration.objects.filter(
            series=series,
            learner_id__in=learner_ids,
            status=RegistrationStatus.REGISTERED,
        ).values_list("learner_id", flat=True)
    ) | set(existing)
    strangers = learner_ids - allowed
    if strangers:
        raise ValidationError(
            _(
                "Only registered learners can be marked; %(count)s of those chosen "
                "are not registered for this series."
            )
            % {"count": len(strangers)}
        )
    now = timezone.now()
    new, changed, adjustments = [], [], []
    for learner_id, raw_status, raw_minutes in changes:
        status, minutes = _checked_mark(session, raw_status, raw_minutes)
        current = existing.get(learner_id)
        if current is None:
            current = Attendance(
                session=session,
                learner_id=learner_id,
                status=status,
                minutes=minutes,
                source=AttendanceSource.MANUAL,
                updated_by=by,
            )
            new.append(current)
            adjustments.append((current, "", None))
            continue
        if (current.status, current.minutes) == (status, minutes):
            continue
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "Say why the attendance changes: the reason is kept with "
                        "the record."
                    )
                }
            )
        adjustments.append((current, current.status, current.minutes))
        current.status, current.minutes = status, minutes
        current.source = AttendanceSource.MANUAL
        current.updated_by, current.updated_at = by, now
        changed.append(current)
    created = Attendance.objects.bulk_create(new)
    _update_many(changed, ["status", "minutes", "source", "updated_by", "updated_at"])
    if created and created[0].pk is None:
        # A database that does not return primary keys from bulk inserts.
        ids = dict(
            Attendance.objects.filter(
                session=session, learner_id__in=[a.learner_id for a in created]
            ).values_list("learner_id", "pk")
        )
        for attendance in created:
            attendance.pk = ids[attendance.learner_id]
    AttendanceAdjustment.objects.bulk_create(
        [
            AttendanceAdjustment(
                attendance=attendance,
                author=by,
                reason=reason or FIRST_MARK_REASON,
                old_status=old_status,
                old_minutes=old_minutes,
                new_status=attendance.status,
                new_minutes=attendance.minutes,
            )
            for attendance, old_status, old_minutes in adjustments
        ]
    )
    touched = [attendance for attendance, _s, _m in adjustments]
    if session.attendance_finalised_at is not None and touched:
        _ledger_sync(
            session,
            learner_ids={a.learner_id for a in touched},
            by=by,
            reason=reason or FIRST_MARK_REASON,
        )
    return touched


# --- Finalising and the ledger ----------------------------------------------------


@dataclass
class LedgerChanges:
    awarded: int = 0
    changed: int = 0
    revoked: int = 0
    unchanged: int = 0


@dataclass
class SeriesCertificates:
    issued: list = field(default_factory=list)
    already_issued: list = field(default_factory=list)
    below_threshold: list = field(default_factory=list)
    # Learners who qualify but have no name to print: told, not failed.
    missing_name: list = field(default_factory=list)
    held_sessions: int = 0


@dataclass
class Finalised:
    session: EchoSession
    ledger: LedgerChanges
    certificates: SeriesCertificates | None = None


def _provider() -> str:
    return getattr(settings, "CERTIFICATE_ISSUER_NAME", "") or settings.SITE_NAME


def _session_date(session: EchoSession) -> datetime.date:
    local = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.series.time_zone))
    return min(local.date(), timezone.localdate())


def _award_terms(session: EchoSession, areas: list) -> dict:
    series = session.series
    title = series.title
    if session.topic:
        title = f"{series.title}: {session.topic}"
    terms = {
        "kind": CreditKind.ECHO_SESSION,
        "source_type": SESSION_SOURCE_TYPE,
        "source_id": session.pk,
        "title": title[:200],
        "provider": _provider(),
        "date": _session_date(session),
    }
    if series.hours_count_as == HoursCountAs.GROUP_RSC:
        terms.update(
            counts_toward=CountsToward.RSC,
            rsc_format=RscFormat.GROUP,
            rsc_provider_category=series.rsc_provider_category,
            rsc_topic=series.rsc_topic,
        )
    else:
        terms.update(
            counts_toward=CountsToward.TRAINING,
            competency_areas=areas,
            dei=series.dei,
            rsc_topic=series.rsc_topic,
        )
    return terms


def _check_series_terms(series: EchoSeries, areas: list) -> None:
    if series.hours_count_as == HoursCountAs.TRAINING and not areas:
        raise ValidationError(
            _(
                "Hours from this series count as training, which needs at least one "
                "competency area: add the areas the series covers, then finalise."
            )
        )
    if (
        series.hours_count_as == HoursCountAs.GROUP_RSC
        and series.rsc_provider_category_id is None
    ):
        raise ValidationError(
            _(
                "Hours from this series count as group RSC: say which endorsement "
                "the hub's provider holds, then finalise."
            )
        )


def _ledger_sync(
    session: EchoSession, *, learner_ids: Iterable[int] | None, by, reason: str
) -> LedgerChanges:
    """Bring the ledger in line with the session's attendance: award, change,
    revoke — never a second entry for a learner and session."""
    series = session.series
    areas = list(series.competency_areas.all())
    _check_series_terms(series, areas)
    attendances = Attendance.objects.filter(session=session).select_related("learner")
    if learner_ids is not None:
        attendances = attendances.filter(learner_id__in=list(learner_ids))
    terms = _award_terms(session, areas)
    length = session.duration_minutes
    approved = hours_awarded_by_learner(
        source_type=SESSION_SOURCE_TYPE, source_id=session.pk
    )
    changes = LedgerChanges()
    for attendance in attendances:
        hours = credit.attendance_hours(
            series,
            status=attendance.status,
            minutes=attendance.minutes,
            session_minutes=length,
        )
        learner = attendance.learner
        current = approved.get(attendance.learner_id)
        if current == hours or (current is None and hours == ZERO):
            changes.unchanged += 1
        elif hours == ZERO:
            credit_revoke(
                learner=learner,
                source_type=SESSION_SOURCE_TYPE,
                source_id=session.pk,
                by=by,
                reason=_("%(reason)s: this attendance no longer earns hours.")
                % {"reason": reason},
            )
            changes.revoked += 1
        elif current is None and credit_award(learner=learner, hours=hours, **terms)[1]:
            changes.awarded += 1
        else:
            # Different hours, or an entry revoked earlier that counts again.
            credit_hours_change(
                learner=learner,
                source_type=SESSION_SOURCE_TYPE,
                source_id=session.pk,
                hours=hours,
                by=by,
                reason=reason,
            )
            changes.changed += 1
    return changes


@transaction.atomic
def attendance_finalise(session: EchoSession, *, by) -> Finalised:
    """Turn the session's attendance into hours on each participant's ledger. Safe
    to repeat: a second run changes only what attendance has changed since. When it
    was the series' last session to finalise, series certificates follow."""
    session = (
        EchoSession.objects.select_for_update()
        .select_related("series")
        .get(pk=session.pk)
    )
    series = session.series
    _require_manager(by, series)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(
            _("This session was cancelled; there is nothing to finalise.")
        )
    if session.ends_at > timezone.now():
        raise ValidationError(
            _("This session has not ended yet; finalise its attendance afterwards.")
        )
    if AttendanceImport.objects.filter(
        session=session, status=ImportStatus.PREVIEW
    ).exists():
        raise ValidationError(
            _(
                "A participant report for this session is still waiting for review: "
                "apply or discard it first."
            )
        )
    first_time = session.attendance_finalised_at is None
    if first_time:
        session.attendance_finalised_at = timezone.now()
        session.attendance_finalised_by = by
        session.save(
            update_fields=["attendance_finalised_at", "attendance_finalised_by"]
        )
    ledger = _ledger_sync(
        session,
        learner_ids=None,
        by=by,
        reason=_("Attendance finalised for %(date)s")
        % {"date": _session_date(session).isoformat()},
    )
    result = Finalised(session=session, ledger=ledger)
    if _series_complete(series):
        result.certificates = series_certificates_issue(series, by=by)
    return result


def _held_sessions(series: EchoSeries) -> list[EchoSession]:
    return list(
        EchoSession.objects.filter(series=series, status=SessionStatus.SCHEDULED)
        .select_related("series")
        .order_by("starts_at")
    )


def _series_complete(series: EchoSeries) -> bool:
    held = _held_sessions(series)
    return bool(held) and (
        all(s.attendance_finalised_at for s in held)
        and held[-1].ends_at <= timezone.now()
    )


@transaction.atomic
def series_certificates_issue(series: EchoSeries, *, by=None) -> SeriesCertificates:
    """Issue the series certificate to everyone who attended at least the series'
    threshold share of its held sessions (attended = earned hours there). The
    certificate states the hours earned in the series. Repeating it issues nothing
    twice; learners without a name to print are listed, not failed."""
    _require_manager(by, series)
    held = _held_sessions(series)
    if not held or held[-1].ends_at > timezone.now():
        raise ValidationError(
            _("The series has sessions still to meet; certificates come at its end.")
        )
    unfinalised = [s for s in held if s.attendance_finalised_at is None]
    if unfinalised:
        raise ValidationError(
            _("Finalise the attendance of every session first (%(count)s to go).")
            % {"count": len(unfinalised)}
        )
    by_session = {s.pk: s for s in held}
    attended: dict[int, int] = {}
    hours: dict[int, Decimal] = {}
    learners = {}
    for attendance in Attendance.objects.filter(session__in=held).select_related(
        "learner", "learner__profile"
    ):
        session = by_session[attendance.session_id]
        earned = credit.attendance_hours(
            series,
            status=attendance.status,
            minutes=attendance.minutes,
            session_minutes=session.duration_minutes,
        )
        learners[attendance.learner_id] = attendance.learner
        hours[attendance.learner_id] = hours.get(attendance.learner_id, ZERO) + earned
        attended[attendance.learner_id] = attended.get(attendance.learner_id, 0) + (
            earned > ZERO
        )
    result = SeriesCertificates(held_sessions=len(held))
    areas = list(series.competency_areas.all())
    issued_on = min(
        held[-1].ends_at.astimezone(zoneinfo.ZoneInfo(series.time_zone)).date(),
        timezone.localdate(),
    )
    for learner_id, learner in sorted(learners.items()):
        if attended[learner_id] * 100 < series.certificate_threshold_percent * len(
            held
        ):
            result.below_threshold.append(learner)
            continue
        if not recipient_name_for(learner):
            result.missing_name.append(learner)
            continue
        certificate, created = certificate_issue(
            learner=learner,
            title=series.title,
            hours=hours[learner_id],
            source_type=SERIES_SOURCE_TYPE,
            source_id=series.pk,
            template=series.certificate_template,
            competency_areas=areas,
            issued_on=issued_on,
            issued_by=by,
        )
        (result.issued if created else result.already_issued).append(certificate)
    if result.missing_name:
        logger.info(
            "Series %s: %s qualifying learners have no name for a certificate",
            series.pk,
            len(result.missing_name),
        )
    return result
