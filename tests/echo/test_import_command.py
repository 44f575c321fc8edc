"""The command-line import and the import benchmark."""

import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from echo.choices import AttendanceStatus, ImportStatus
from echo.models import Attendance, AttendanceImport, EchoSeries, Registration
from lms.models import User
from tests.echo.attendance_cast import DATA, cast

pytestmark = pytest.mark.usefixtures("site_tree")


@pytest.fixture
def people():
    return cast()


def run(*args) -> str:
    out = StringIO()
    call_command("echo_import_attendance", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_prints_matched_unmatched_and_merged_counts(people):
    output = run(people.session.pk, DATA / "rejoins_devices.csv")
    assert "8 rows read, 3 people" in output
    assert "Matched: 3 (by e-mail 3, by name 0)" in output
    assert "Unmatched: 0" in output
    assert "Merged: 5" in output
    imp = AttendanceImport.objects.get()
    assert imp.status == ImportStatus.PREVIEW
    assert f"Saved for review as import {imp.pk}" in output
    assert not Attendance.objects.exists()


def test_lists_the_rows_that_need_review(people):
    output = run(people.session.pk, DATA / "blank_emails.csv")
    assert "Matched: 2 (by e-mail 0, by name 2)" in output
    assert "Unmatched: 2" in output
    assert "Dismissed: 2" in output
    assert "needs review: Sam Taylor (line 5)" in output
    assert "needs review: iPhone (line 6)" in output


def test_apply_writes_the_roster(people):
    output = run(
        people.session.pk,
        DATA / "per_join_no_header.csv",
        "--apply",
        "--by",
        people.facilitator.email.upper(),
    )
    assert "Applied: 8 new, 0 changed, 5 absent." in output
    kim = Attendance.objects.get(learner=people["kim"])
    assert (kim.status, kim.minutes) == (AttendanceStatus.PRESENT, 60)
    assert AttendanceImport.objects.get().uploaded_by == people.facilitator


def test_apply_with_rows_to_review_fails_and_keeps_the_preview(people):
    with pytest.raises(CommandError, match="2 people in the report still need review"):
        run(people.session.pk, DATA / "blank_emails.csv", "--apply")
    assert AttendanceImport.objects.get().status == ImportStatus.PREVIEW
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed_missing_columns.csv", "Line 1"),
        ("malformed_short_row.csv", "Line 3"),
        ("malformed_time.csv", "Line 4"),
    ],
)
def test_a_malformed_file_exits_non_zero_and_changes_nothing(people, name, message):
    with pytest.raises(CommandError, match=message):
        run(people.session.pk, DATA / name, "--apply")
    assert not AttendanceImport.objects.exists()
    assert not Attendance.objects.exists()


def test_exit_status_is_non_zero_from_the_command_line(people, capsys, monkeypatch):
    from django.core.management import ManagementUtility, base

    # The command line closes the database connections when it ends; the test
    # still needs its own.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    utility = ManagementUtility(
        [
            "manage.py",
            "echo_import_attendance",
            str(people.session.pk),
            str(DATA / "malformed_time.csv"),
        ]
    )
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1
    assert "Line 4" in capsys.readouterr().err
    assert not AttendanceImport.objects.exists()


def test_unknown_session_user_or_file(people):
    with pytest.raises(CommandError, match="no ECHO session"):
        run(987654, DATA / "bom.csv")
    with pytest.raises(CommandError, match="no account"):
        run(people.session.pk, DATA / "bom.csv", "--by", "nobody@example.org")
    with pytest.raises(CommandError, match="Cannot read"):
        run(people.session.pk, DATA / "missing.csv")


def test_someone_else_cannot_import_as_themselves(people):
    with pytest.raises(CommandError, match="Only this series' facilitators"):
        run(people.session.pk, DATA / "bom.csv", "--by", people["avery"].email)


def test_benchmark_reports_rows_seconds_and_queries_and_leaves_nothing(site_tree):
    users, series = User.objects.count(), EchoSeries.objects.count()
    out = StringIO()
    call_command("bench_echo_import", "--rows", "300", stdout=out)
    output = out.getvalue()
    assert "rows: 300" in output
    assert "matched 120, unmatched 90" in output
    seconds = float(re.search(r"seconds: ([\d.]+)", output).group(1))
    assert 0 < seconds < 5
    assert "queries: " in output
    queries = int(re.search(r"queries: (\d+)", output).group(1))
    assert queries <= 10
    assert (User.objects.count(), EchoSeries.objects.count()) == (users, series)
    assert not Registration.objects.filter(learner__email__endswith=".invalid").exists()
