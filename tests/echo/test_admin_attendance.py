"""The roster of a session (marking, reasons, history, hours, finalising) and the
import of a participant report (upload, preview, review of unmatched rows, apply or
discard) in the ECHO admin."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from echo.choices import (
    AttendanceSource,
    AttendanceStatus,
    ImportRowStatus,
    ImportStatus,
)
from echo.models import (
    SESSION_SOURCE_TYPE,
    Attendance,
    AttendanceAdjustment,
    AttendanceImport,
)
from lms.models import CreditEntry
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(client, site_tree):
    user = echo_factories.facilitator(email="fac@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def setting(hub):
    series = echo_factories.series(facilitators=[hub], sessions=2)
    session = series.sessions.order_by("starts_at").first()
    ana = UserFactory(email="ana@example.org", first_name="Ana", last_name="Diaz")
    ben = UserFactory(email="ben@example.org", first_name="Ben", last_name="Okoro")
    for learner in (ana, ben):
        echo_factories.register(series, learner)
    return {"series": series, "session": session, "ana": ana, "ben": ben}


def roster_url(session) -> str:
    return reverse("echo_admin:roster", args=[session.pk])


def report_csv(session, rows) -> bytes:
    """A per-join participant report; ``rows`` are (name, email, minutes from the
    start)."""
    zone = zoneinfo.ZoneInfo(session.series.time_zone)
    start = timezone.localtime(session.starts_at, zone)
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
    fmt = "%m/%d/%Y %I:%M:%S %p"
    for name, email, minutes in rows:
        leave = start + datetime.timedelta(minutes=minutes)
        lines.append(
            f"{name},{email},{start.strftime(fmt)},{leave.strftime(fmt)},{minutes}"
        )
    return ("\n".join(lines) + "\n").encode()


def upload(client, session, content: bytes, name: str = "participants.csv"):
    return client.post(
        reverse("echo_admin:import_upload", args=[session.pk]),
        {"report": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


class TestRoster:
    def test_lists_registered_learners_and_other_attendees(self, client, setting):
        guest = UserFactory(email="guest@example.org", first_name="Gus", last_name="T")
        echo_factories.attend(setting["session"], guest, minutes=75)
        response = client.get(roster_url(setting["session"]))
        emails = [row.learner.email for row, _s, _m in response.context["rows"]]
        assert set(emails) == {
            "ana@example.org",
            "ben@example.org",
            "guest@example.org",
        }
        html = response.content.decode()
        assert "not registered" in html
        assert "Attendance of Ana Diaz" in html  # every input is labelled

    def test_first_marks_need_no_reason_and_show_the_hours(self, client, setting, hub):
        session, ana, ben = setting["session"], setting["ana"], setting["ben"]
        response = client.post(
            roster_url(session),
            {
                f"status_{ana.pk}": "present",
                f"minutes_{ana.pk}": "",
                f"status_{ben.pk}": "absent",
                f"minutes_{ben.pk}": "",
                "reason": "",
            },
        )
        assert response.status_code == 302
        marks = {a.learner_id: (a.status, a.minutes) for a in session.attendances.all()}
        assert marks == {ana.pk: ("present", 75), ben.pk: ("absent", 0)}
        page = client.get(roster_url(session))
        hours = {row.learner.pk: row.hours for row, _s, _m in page.context["rows"]}
        assert hours == {ana.pk: Decimal("1.25"), ben.pk: Decimal("0")}
        assert ModelLogEntry.objects.filter(
            action="echo.attendance_changed", object_id=str(session.pk)
        ).exists()

    def test_changing_a_record_needs_a_reason_kept_in_the_history(
        self, client, setting, hub
    ):
        session, ana = setting["session"], setting["ana"]
        echo_factories.attend(session, ana, minutes=75)
        data = {f"status_{ana.pk}": "partial", f"minutes_{ana.pk}": "40"}
        refused = client.post(roster_url(session), {**data, "reason": ""})
        assert refused.status_code == 200
        assert "Say why you are changing attendance" in refused.content.decode()
        assert Attendance.objects.get(session=session, learner=ana).minutes == 75
        done = client.post(
            roster_url(session), {**data, "reason": "Left early for a home visit"}
        )
        assert done.status_code == 302
        record = Attendance.objects.get(session=session, learner=ana)
        assert (record.status, record.minutes) == ("partial", 40)
        adjustment = AttendanceAdjustment.objects.get(attendance=record)
        assert adjustment.author == hub
        html = client.get(roster_url(session)).content.decode()
        assert "Left early for a home visit" in html
        assert "fac@example.org" in html or hub.get_full_name() in html

    def test_a_recorded_mark_cannot_be_cleared(self, client, setting):
        session, ana = setting["session"], setting["ana"]
        echo_factories.attend(session, ana, minutes=75)
        response = client.post(
            roster_url(session), {f"status_{ana.pk}": "", "reason": "oops"}
        )
        assert response.status_code == 200
        assert "cannot be unmarked" in response.content.decode()

    def test_minutes_beyond_the_session_are_refused(self, client, setting):
        session, ana = setting["session"], setting["ana"]
        response = client.post(
            roster_url(session),
            {f"status_{ana.pk}": "partial", f"minutes_{ana.pk}": "500"},
        )
        assert response.status_code == 200
        assert not session.attendances.exists()

    def test_finalise_sends_hours_to_the_ledger(self, client, setting):
        session, ana = setting["session"], setting["ana"]
        echo_factories.attend(session, ana, minutes=75)
        response = client.post(
            reverse("echo_admin:finalise", args=[session.pk]), follow=True
        )
        assert "hours awarded to 1," in response.content.decode()
        session.refresh_from_db()
        assert session.attendance_finalised_at is not None
        entry = CreditEntry.objects.get(
            learner=ana, source_type=SESSION_SOURCE_TYPE, source_id=str(session.pk)
        )
        assert entry.hours == Decimal("1.25")
        html = client.get(roster_url(session)).content.decode()
        assert "Finalised on" in html

    def test_a_session_still_to_come_cannot_be_finalised(self, client, setting):
        future = echo_factories.session(setting["series"])
        page = client.get(roster_url(future))
        assert not page.context["can_finalise"]
        response = client.post(
            reverse("echo_admin:finalise", args=[future.pk]), follow=True
        )
        assert "has not ended yet" in response.content.decode()
        future.refresh_from_db()
        assert future.attendance_finalised_at is None

    def test_empty_roster(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        html = client.get(roster_url(series.sessions.get())).content.decode()
        assert "Nobody is registered for this series" in html
        assert "No attendance has been changed by hand." in html


class TestImport:
    def test_upload_preview_review_and_apply(self, client, setting, hub):
        session, ana, ben = setting["session"], setting["ana"], setting["ben"]
        content = report_csv(
            session,
            [
                ("Ana Diaz", "ana@example.org", 75),
                ("Ana Diaz", "ana@example.org", 30),  # a second device: merged
                ("B. Okoro (phone)", "", 60),
                ("Visitor", "visitor@elsewhere.example", 20),
            ],
        )
        response = upload(client, session, content)
        attendance_import = AttendanceImport.objects.get(session=session)
        assert response.status_code == 302
        assert response.url == reverse("echo_admin:import", args=[attendance_import.pk])
        assert not session.attendances.exists()  # nothing applied yet

        preview = client.get(response.url)
        summary = preview.context["summary"]
        assert (summary.raw_rows, summary.people, summary.matched) == (4, 3, 1)
        assert summary.unmatched == 2
        assert [row.learner for row in preview.context["matched"]] == [ana]
        review = {item["row"].name: item["row"] for item in preview.context["review"]}
        assert set(review) == {"B. Okoro (phone)", "Visitor"}
        assert not preview.context["can_apply"]
        html = preview.content.decode()
        assert "Ben Okoro (ben@example.org)" in html  # offered in the select

        # Apply is refused while rows need review.
        refused = client.post(
            reverse("echo_admin:import_apply", args=[attendance_import.pk]),
            follow=True,
        )
        assert "still need review" in refused.content.decode()

        phone, visitor = review["B. Okoro (phone)"], review["Visitor"]
        linked = client.post(
            preview.request["PATH_INFO"],
            {
                "action": "link",
                "row": phone.pk,
                f"row{phone.pk}-learner": ben.pk,
                f"row{phone.pk}-note": "Joined from a phone",
            },
        )
        assert linked.status_code == 302
        phone.refresh_from_db()
        assert (phone.status, phone.learner) == (ImportRowStatus.LINKED, ben)

        no_reason = client.post(
            preview.request["PATH_INFO"],
            {"action": "dismiss", "row": visitor.pk, f"row{visitor.pk}-reason": ""},
        )
        assert no_reason.status_code == 200
        assert "Say why this row is dismissed." in no_reason.content.decode()
        client.post(
            preview.request["PATH_INFO"],
            {
                "action": "dismiss",
                "row": visitor.pk,
                f"row{visitor.pk}-reason": "Guest from another program",
            },
        )
        visitor.refresh_from_db()
        assert visitor.status == ImportRowStatus.DISMISSED

        applied = client.post(
            reverse("echo_admin:import_apply", args=[attendance_import.pk])
        )
        assert applied.status_code == 302
        attendance_import.refresh_from_db()
        assert attendance_import.status == ImportStatus.APPLIED
        marks = {a.learner_id: a.minutes for a in session.attendances.all()}
        assert marks == {ana.pk: 75, ben.pk: 60}
        for action in (
            "echo.import_uploaded",
            "echo.import_row_linked",
            "echo.import_row_dismissed",
            "echo.import_applied",
        ):
            assert ModelLogEntry.objects.filter(
                action=action, object_id=str(session.pk)
            ).exists(), action

    def test_hand_marked_attendance_is_listed_and_kept(self, client, setting):
        session, ana = setting["session"], setting["ana"]
        echo_factories.attend(session, ana, minutes=50)
        upload(client, session, report_csv(session, [("Ana", "ana@example.org", 75)]))
        attendance_import = AttendanceImport.objects.get(session=session)
        preview = client.get(reverse("echo_admin:import", args=[attendance_import.pk]))
        assert preview.context["hand_marked"] == [ana]
        assert "Marked by hand: kept as they are" in preview.content.decode()
        client.post(reverse("echo_admin:import_apply", args=[attendance_import.pk]))
        record = Attendance.objects.get(session=session, learner=ana)
        assert (record.minutes, record.source) == (50, AttendanceSource.MANUAL)

    def test_discard_changes_nothing(self, client, setting):
        session = setting["session"]
        upload(client, session, report_csv(session, [("Ana", "ana@example.org", 75)]))
        attendance_import = AttendanceImport.objects.get(session=session)
        response = client.post(
            reverse("echo_admin:import_discard", args=[attendance_import.pk])
        )
        assert response.status_code == 302
        attendance_import.refresh_from_db()
        assert attendance_import.status == ImportStatus.DISCARDED
        assert not session.attendances.exists()
        # A decided report takes no more decisions.
        again = client.post(
            reverse("echo_admin:import_apply", args=[attendance_import.pk]),
            follow=True,
        )
        assert "already applied or discarded" in again.content.decode()
        assert not session.attendances.exists()

    def test_a_malformed_report_is_refused_with_the_line(self, client, setting):
        session = setting["session"]
        bad = (
            b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
            b"Ana,ana@example.org,not a time,also not,75\n"
        )
        response = upload(client, session, bad)
        assert response.status_code == 200
        html = response.content.decode()
        assert "line 2" in html.lower()
        assert not AttendanceImport.objects.exists()

    def test_only_csv_files(self, client, setting):
        response = upload(client, setting["session"], b"x", name="report.xlsx")
        assert "Upload the report as a CSV file" in response.content.decode()

    def test_marked_absent_when_missing_from_the_report(self, client, setting):
        session, ben = setting["session"], setting["ben"]
        upload(client, session, report_csv(session, [("Ana", "ana@example.org", 75)]))
        attendance_import = AttendanceImport.objects.get(session=session)
        client.post(reverse("echo_admin:import_apply", args=[attendance_import.pk]))
        assert (
            Attendance.objects.get(session=session, learner=ben).status
            == AttendanceStatus.ABSENT
        )
