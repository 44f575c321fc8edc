"""Importing participant reports, reviewing their rows, applying them to the roster,
marking attendance by hand, and the attendance selectors."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echo.choices import (
    AttendanceSource,
    AttendanceStatus,
    ImportRowStatus,
    ImportStatus,
    ImportVariant,
    MatchMethod,
    RegistrationStatus,
)
from echo.models import Attendance, AttendanceAdjustment, AttendanceImport
from echo.selectors.attendance import (
    adjustments_for,
    import_rows,
    imports_for,
    learner_attendance,
    roster_for,
)
from echo.services.attendance import (
    attendance_import_apply,
    attendance_import_create,
    attendance_import_discard,
    attendance_import_summary,
    attendance_set,
    attendance_set_many,
    import_row_dismiss,
    import_row_link,
)
from tests.echo.attendance_cast import ENDS_AT, STARTS_AT, cast, report
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")


@pytest.fixture
def people():
    return cast()


def upload(people, name, *, by=None):
    return attendance_import_create(
        people.session,
        SimpleUploadedFile(name, report(name), content_type="text/csv"),
        filename=name,
        by=by or people.facilitator,
    )


def rows_by_name(imp) -> dict:
    return {row.name: row for row in imp.rows.all()}


# --- Import: matching and nothing dropped -------------------------------------------


def test_import_matches_by_email_dismisses_the_hub_and_lists_the_rest(people):
    imp = upload(people, "per_join_with_header.csv")
    assert imp.status == ImportStatus.PREVIEW
    assert (imp.variant, imp.raw_row_count, imp.merged_row_count) == (
        ImportVariant.PER_JOIN,
        6,
        0,
    )
    assert imp.meeting_id == "812 3456 7890"
    rows = rows_by_name(imp)
    assert len(rows) == 6  # every person in the report has a row
    host = rows["Fern Okafor"]
    assert host.status == ImportRowStatus.DISMISSED
    assert "hub team (Facilitator)" in host.resolution_note
    assert host.learner is None
    avery = rows["Avery Johnson"]
    assert (avery.status, avery.match_method, avery.learner) == (
        ImportRowStatus.MATCHED,
        MatchMethod.EMAIL,
        people["avery"],
    )
    assert avery.minutes == 75 and avery.line_numbers == [6]
    assert rows["Darnell Brooks"].learner == people["darnell"]  # e-mail case differs
    stranger = rows["Jordan Pike"]
    assert (stranger.status, stranger.learner) == (ImportRowStatus.UNMATCHED, None)
    # Nothing reaches the roster before the import is applied.
    assert not Attendance.objects.filter(session=people.session).exists()


def test_blank_emails_match_by_a_unique_name_only(people):
    rows = rows_by_name(upload(people, "blank_emails.csv"))
    esperanza = rows["esperanza ruiz lopez"]
    assert (esperanza.learner, esperanza.match_method) == (
        people["esperanza"],
        MatchMethod.NAME,
    )
    assert rows["WEI CHEN"].learner == people["wei"]
    # Two registrants are called Sam Taylor: no guess, a facilitator decides.
    assert rows["Sam Taylor"].status == ImportRowStatus.UNMATCHED
    assert rows["iPhone"].status == ImportRowStatus.UNMATCHED
    # The subject-matter expert, found by name: part of the hub, not a participant.
    expert = rows["Maya Thompson"]
    assert expert.status == ImportRowStatus.DISMISSED
    assert "Subject-matter expert" in expert.resolution_note


def test_renamed_participants_match_on_their_original_name(people):
    rows = rows_by_name(upload(people, "original_name.csv"))
    assert rows["Dee Brooks (Darnell Brooks)"].learner == people["darnell"]
    assert rows["Kim from OKDHS (Kim Nguyen)"].learner == people["kim"]
    assert rows["Bianca M. (Bianca Morales)"].match_method == MatchMethod.EMAIL
    assert rows["Sam (Sam Taylor)"].status == ImportRowStatus.UNMATCHED


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("per_join_no_header.csv", {"esperanza": 75, "kim": 60, "avery": 31}),
        ("unique_users.csv", {"avery": 75, "bianca": 63, "wei": 58}),
        ("bom.csv", {"avery": 75, "bianca": 45}),
        ("header_case.csv", {"wei": 65, "darnell": 50}),
        ("rejoins_devices.csv", {"avery": 75, "bianca": 55, "wei": 40}),
        ("outside_window.csv", {"darnell": 75, "wei": 35, "bianca": 0}),
        ("trailing_commas.csv", {"avery": 60, "kim": 59}),
        ("recording_consent.csv", {"bianca": 74, "darnell": 60}),
    ],
)
def test_each_report_reaches_the_right_learners(people, name, expected):
    imp = upload(people, name)
    matched = {
        row.learner_id: row.minutes
        for row in imp.rows.filter(status=ImportRowStatus.MATCHED)
    }
    assert matched == {people[key].pk: minutes for key, minutes in expected.items()}


def test_the_phone_of_a_signed_in_participant_is_folded_into_their_row(people):
    imp = upload(people, "rejoins_devices.csv")
    assert imp.rows.count() == 3
    avery = imp.rows.get(learner=people["avery"])
    assert (avery.join_count, avery.line_numbers) == (3, [2, 3, 5])
    assert avery.intervals == [
        ["2025-11-04T18:00:00+00:00", "2025-11-04T19:15:00+00:00"]
    ]


@pytest.mark.parametrize(
    "name",
    ["malformed_missing_columns.csv", "malformed_short_row.csv", "malformed_time.csv"],
)
def test_a_malformed_report_saves_nothing(people, name):
    with pytest.raises(ValidationError, match="Line"):
        upload(people, name)
    assert not AttendanceImport.objects.exists()


def test_only_the_series_facilitators_import(people):
    other = echo_factories.facilitator()
    echo_factories.series(title="Another series", sessions=1, facilitators=[other])
    with pytest.raises(PermissionDenied):
        upload(people, "bom.csv", by=other)
    with pytest.raises(PermissionDenied):
        upload(people, "bom.csv", by=people["avery"])
    administrator = UserFactory(role="Administrator")
    assert upload(people, "bom.csv", by=administrator).rows.count() == 2


def test_no_import_for_a_cancelled_or_future_session(people):
    future = echo_factories.session(people.series)
    with pytest.raises(ValidationError, match="not started"):
        attendance_import_create(
            future, report("bom.csv"), filename="bom.csv", by=people.facilitator
        )
    people.session.status = "cancelled"
    people.session.save()
    with pytest.raises(ValidationError, match="cancelled"):
        upload(people, "bom.csv")


# --- Review ------------------------------------------------------------------------


def test_link_and_dismiss_resolve_rows_and_apply_waits_for_them(people):
    imp = upload(people, "blank_emails.csv")
    summary = attendance_import_summary(imp)
    assert (summary.people, summary.matched, summary.dismissed) == (6, 2, 2)
    assert summary.unmatched == 2 and summary.needs_review
    with pytest.raises(ValidationError, match="2 people in the report still need"):
        attendance_import_apply(imp, by=people.facilitator)

    sam = imp.rows.get(name="Sam Taylor")
    with pytest.raises(ValidationError, match="not registered"):
        import_row_link(sam, UserFactory(), by=people.facilitator)
    linked = import_row_link(
        sam, people["sam_b"], by=people.facilitator, note="Tulsa schools Sam"
    )
    assert (linked.status, linked.match_method, linked.resolved_by) == (
        ImportRowStatus.LINKED,
        MatchMethod.MANUAL,
        people.facilitator,
    )
    phone = imp.rows.get(name="iPhone")
    with pytest.raises(ValidationError, match="Say why"):
        import_row_dismiss(phone, by=people.facilitator, reason="  ")
    dismissed = import_row_dismiss(
        phone, by=people.facilitator, reason="Host's test device"
    )
    assert dismissed.resolution_note == "Host's test device"
    summary = attendance_import_summary(imp)
    assert (summary.unmatched, summary.linked, summary.dismissed) == (0, 1, 3)

    applied = attendance_import_apply(imp, by=people.facilitator)
    assert applied.attendance_import.status == ImportStatus.APPLIED
    marks = {
        a.learner_id: (a.status, a.minutes, a.source)
        for a in Attendance.objects.filter(session=people.session)
    }
    # 65 of 75 minutes is within the 15-minute tolerance: present.
    assert marks[people["sam_b"].pk] == (
        AttendanceStatus.PRESENT,
        65,
        AttendanceSource.IMPORT,
    )
    assert marks[people["esperanza"].pk][:2] == (AttendanceStatus.PRESENT, 72)
    assert marks[people["wei"].pk][:2] == (AttendanceStatus.PARTIAL, 30)
    # Registered but not in the report: absent.
    assert marks[people["avery"].pk][:2] == (AttendanceStatus.ABSENT, 0)
    assert len(marks) == len(people.learners)
    assert applied.created == len(people.learners)
    # The hub team never gets an attendance record.
    assert people.facilitator.pk not in marks and people.expert.pk not in marks


def test_rows_of_a_decided_import_cannot_change(people):
    imp = upload(people, "bom.csv")
    attendance_import_apply(imp, by=people.facilitator)
    row = imp.rows.first()
    with pytest.raises(ValidationError, match="already applied"):
        import_row_dismiss(row, by=people.facilitator, reason="oops")
    with pytest.raises(ValidationError, match="already applied"):
        attendance_import_apply(imp, by=people.facilitator)
    second = upload(people, "bom.csv")
    attendance_import_discard(second, by=people.facilitator)
    with pytest.raises(ValidationError, match="already discarded"):
        import_row_link(second.rows.first(), people["avery"], by=people.facilitator)


def test_discarding_leaves_the_roster_alone(people):
    imp = upload(people, "per_join_no_header.csv")
    attendance_import_discard(imp, by=people.facilitator)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DISCARDED
    assert not Attendance.objects.exists()


def test_hand_marked_attendance_is_kept_and_listed(people):
    attendance_set(
        people.session,
        people["avery"],
        status=AttendanceStatus.PRESENT,
        minutes=None,
        by=people.facilitator,
    )
    imp = upload(people, "per_join_no_header.csv")  # Avery: 31 minutes
    assert attendance_import_summary(imp).hand_marked == 1
    applied = attendance_import_apply(imp, by=people.facilitator)
    assert applied.kept == [people["avery"]]
    avery = Attendance.objects.get(session=people.session, learner=people["avery"])
    assert (avery.status, avery.minutes, avery.source) == (
        AttendanceStatus.PRESENT,
        75,
        AttendanceSource.MANUAL,
    )


def test_a_second_import_updates_imported_attendance(people):
    attendance_import_apply(upload(people, "bom.csv"), by=people.facilitator)
    bianca = Attendance.objects.get(session=people.session, learner=people["bianca"])
    assert (bianca.status, bianca.minutes) == (AttendanceStatus.PARTIAL, 45)
    applied = attendance_import_apply(
        upload(people, "recording_consent.csv"), by=people.facilitator
    )
    bianca.refresh_from_db()
    assert (bianca.status, bianca.minutes) == (AttendanceStatus.PRESENT, 74)
    avery = Attendance.objects.get(session=people.session, learner=people["avery"])
    assert (avery.status, avery.minutes) == (AttendanceStatus.ABSENT, 0)
    assert applied.created == 0 and applied.updated == 3
    assert Attendance.objects.filter(session=people.session).count() == len(
        people.learners
    )


def test_two_rows_linked_to_one_learner_are_merged_as_a_union(people):
    imp = attendance_import_create(
        people.session,
        (
            "Name (Original Name),User Email,Join Time,Leave Time\n"
            "Wei Chen,wei.chen@ouhsc.example,11/04/2025 12:00 PM,11/04/2025 12:40 PM\n"
            "Dr. W,,11/04/2025 12:30 PM,11/04/2025 01:00 PM\n"
        ),
        filename="two.csv",
        by=people.facilitator,
    )
    import_row_link(imp.rows.get(name="Dr. W"), people["wei"], by=people.facilitator)
    attendance_import_apply(imp, by=people.facilitator)
    wei = Attendance.objects.get(session=people.session, learner=people["wei"])
    assert wei.minutes == 60  # 12:00–13:00, not 40 + 30


def test_import_query_count_does_not_grow_with_the_report(site_tree):
    hub = echo_factories.facilitator()

    def measure(size):
        # A fresh user each time, so neither run finds permissions cached on it.
        facilitator = type(hub).objects.get(pk=hub.pk)
        series = echo_factories.series(
            title=f"Sized {size}", sessions=1, first=STARTS_AT, facilitators=[hub]
        )
        learners = echo_factories.registrants(series, size)
        lines = ["Name (Original Name),User Email,Join Time,Leave Time,Guest"]
        for number, learner in enumerate(learners):
            email = learner.email if number % 3 else ""  # a third only by name
            lines.append(
                f"{learner.first_name} {learner.last_name},{email},"
                f"11/04/2025 12:0{number % 10}:00 PM,11/04/2025 01:1{number % 6}:00 PM,"
                "Yes"
            )
        session = series.sessions.get()
        with CaptureQueriesContext(connection) as queries:
            imp = attendance_import_create(
                session, "\n".join(lines), filename="big.csv", by=facilitator
            )
        assert imp.rows.filter(status=ImportRowStatus.MATCHED).count() == size
        with CaptureQueriesContext(connection) as applied:
            attendance_import_apply(imp, by=facilitator)
        assert Attendance.objects.filter(session=session).count() == size
        return len(queries), len(applied)

    small, large = measure(10), measure(1000)
    assert small == large
    assert small[0] <= 12 and small[1] <= 12


# --- Marking by hand ----------------------------------------------------------------


def test_marking_by_hand_records_who_and_why(people):
    first = attendance_set(
        people.session,
        people["kim"],
        status=AttendanceStatus.PARTIAL,
        minutes=40,
        by=people.facilitator,
    )
    assert (first.status, first.minutes, first.source) == (
        AttendanceStatus.PARTIAL,
        40,
        AttendanceSource.MANUAL,
    )
    with pytest.raises(ValidationError, match="Say why"):
        attendance_set(
            people.session,
            people["kim"],
            status=AttendanceStatus.PRESENT,
            minutes=75,
            by=people.facilitator,
        )
    attendance_set(
        people.session,
        people["kim"],
        status=AttendanceStatus.PRESENT,
        minutes=75,
        by=people.facilitator,
        reason="Was in the room with a colleague's camera",
    )
    # The same mark again is no change and leaves no adjustment.
    attendance_set(
        people.session,
        people["kim"],
        status=AttendanceStatus.PRESENT,
        minutes=75,
        by=people.facilitator,
    )
    history = list(adjustments_for(people.session))
    assert [(a.old_status, a.new_status, a.new_minutes) for a in history] == [
        (AttendanceStatus.PARTIAL, AttendanceStatus.PRESENT, 75),
        ("", AttendanceStatus.PARTIAL, 40),
    ]
    assert history[0].author == people.facilitator
    assert history[0].reason == "Was in the room with a colleague's camera"
    assert history[0].old_minutes == 40


def test_hand_marks_are_checked(people):
    def mark(**kwargs):
        defaults = {
            "status": AttendanceStatus.PARTIAL,
            "minutes": 30,
            "by": people.facilitator,
        }
        defaults.update(kwargs)
        learner = defaults.pop("learner", people["kim"])
        return attendance_set(people.session, learner, **defaults)

    with pytest.raises(ValidationError, match="between 1 and the session's 75"):
        mark(minutes=90)
    with pytest.raises(ValidationError, match="how many minutes"):
        mark(minutes=None)
    with pytest.raises(ValidationError, match="present, partly present or absent"):
        mark(status="late")
    with pytest.raises(ValidationError, match="Only registered learners"):
        mark(learner=UserFactory())
    with pytest.raises(PermissionDenied):
        mark(by=people["avery"])
    assert mark(status=AttendanceStatus.ABSENT, minutes=30).minutes == 0


def test_marking_many_at_once(people):
    changed = attendance_set_many(
        people.session,
        [
            (people["avery"].pk, AttendanceStatus.PRESENT, None),
            (people["bianca"].pk, AttendanceStatus.PARTIAL, 50),
            (people["wei"].pk, AttendanceStatus.ABSENT, 0),
        ],
        by=people.facilitator,
    )
    assert len(changed) == 3
    assert AttendanceAdjustment.objects.count() == 3
    with pytest.raises(ValidationError, match="once per change"):
        attendance_set_many(
            people.session,
            [
                (people["avery"].pk, AttendanceStatus.PRESENT, None),
                (people["avery"].pk, AttendanceStatus.ABSENT, 0),
            ],
            by=people.facilitator,
            reason="x",
        )


def test_a_withdrawn_learner_with_attendance_stays_on_the_roster(people):
    echo_factories.attend(people.session, people["kim"], minutes=30)
    registration = people.series.registrations.get(learner=people["kim"])
    registration.status = RegistrationStatus.WITHDRAWN
    registration.save()
    roster = {entry.learner: entry for entry in roster_for(people.session)}
    assert roster[people["kim"]].registration_status == ""
    assert roster[people["kim"]].minutes == 30


# --- Selectors ----------------------------------------------------------------------


def test_roster_shows_status_minutes_hours_and_source(people):
    echo_factories.attend(people.session, people["avery"])
    echo_factories.attend(people.session, people["bianca"], minutes=59)
    roster = roster_for(people.session)
    assert [entry.learner.last_name for entry in roster][:3] == [
        "Brooks",
        "Chen",
        "Johnson",
    ]
    entries = {entry.learner: entry for entry in roster}
    assert entries[people["avery"]].hours == Decimal("1.25")
    assert entries[people["bianca"]].hours == Decimal("0")  # 59 < 75 − 15
    assert entries[people["bianca"]].source == AttendanceSource.MANUAL
    assert not entries[people["wei"]].is_marked
    assert entries[people["wei"]].status == ""


@pytest.mark.parametrize("size", [10, 500])
def test_roster_query_budget(site_tree, django_assert_max_num_queries, size):
    series = echo_factories.series(sessions=1, first=STARTS_AT)
    learners = echo_factories.registrants(series, size)
    session = series.sessions.get()
    for learner in learners[: size // 2]:
        echo_factories.attend(session, learner, minutes=40)
    session = type(session).objects.select_related("series").get(pk=session.pk)
    with django_assert_max_num_queries(2):
        roster = roster_for(session)
    assert len(roster) == size


def test_learner_attendance_per_session(site_tree):
    series = echo_factories.series(sessions=3, first=STARTS_AT)
    learner = UserFactory()
    echo_factories.register(series, learner)
    first, second, third = series.sessions.order_by("starts_at")
    echo_factories.attend(first, learner)
    echo_factories.attend(second, learner, minutes=20)
    third.status = "cancelled"
    third.save()
    record = learner_attendance(series, learner)
    assert [(r.session, r.status, r.minutes, r.hours) for r in record] == [
        (first, AttendanceStatus.PRESENT, 75, Decimal("1.25")),
        (second, AttendanceStatus.PARTIAL, 20, Decimal("0")),
    ]


def test_imports_and_their_rows_are_listed(people):
    older = upload(people, "bom.csv")
    newer = upload(people, "blank_emails.csv")
    assert list(imports_for(people.session)) == [newer, older]
    unmatched = import_rows(newer, status=ImportRowStatus.UNMATCHED)
    assert sorted(row.name for row in unmatched) == ["Sam Taylor", "iPhone"]
    assert import_rows(older).count() == 2


def test_session_window_constants_match_the_reports():
    assert datetime.timedelta(minutes=75) == ENDS_AT - STARTS_AT
