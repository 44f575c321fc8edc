"""ECHO reports: a series' sessions held, registrations, unique attendees,
participant-hours (from the ledger), attendance rate per session and case
presentations by status; the report across all series for administrators; and
their CSV downloads."""

import csv
import io
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from echo import reports
from echo.choices import AgeBand, CaseStatus, RegistrationStatus, SessionStatus
from echo.models import SESSION_SOURCE_TYPE, CasePresentation
from echo.services.attendance import attendance_finalise
from lms.services import credit_revoke
from tests.factories import UserFactory, staff_user
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db


def add_case(series, presenter, status):
    return CasePresentation.objects.create(
        series=series,
        presenter=presenter,
        age_band=AgeBand.INFANT,
        caregiving_context="Context.",
        presenting_concerns="Concerns.",
        tried_so_far="Tried.",
        question="Question?",
        status=status,
    )


@pytest.fixture
def hub(site_tree):
    return echo_factories.facilitator(email="fac@example.org")


@pytest.fixture
def worked(hub):
    """Two sessions held, one cancelled, one to come; four registered, one on the
    waitlist; a guest who attended without registering."""
    series = echo_factories.series(
        title="Worked example", facilitators=[hub], sessions=3
    )
    first, second, third = series.sessions.order_by("starts_at")
    third.status = SessionStatus.CANCELLED
    third.save()
    echo_factories.session(series, topic='=HYPERLINK("http://x")')
    a, b, c, d = (UserFactory(email=f"{n}@example.org") for n in "abcd")
    for learner in (a, b, c, d):
        echo_factories.register(series, learner)
    echo_factories.register(series, status=RegistrationStatus.WAITLISTED)
    guest = UserFactory(email="guest@example.org")
    echo_factories.attend(first, a, minutes=75)
    echo_factories.attend(first, b, minutes=40)
    echo_factories.attend(first, c, minutes=0)
    echo_factories.attend(first, guest, minutes=75)
    echo_factories.attend(second, a, minutes=75)
    attendance_finalise(first, by=hub)
    add_case(series, a, CaseStatus.SUBMITTED)
    add_case(series, b, CaseStatus.COMPLETED)
    return series


class TestSeriesReport:
    def test_hand_worked_numbers(self, worked):
        report = reports.series_report(worked)
        assert report.sessions_held == 2
        assert report.sessions_cancelled == 1
        assert report.sessions_to_come == 1
        assert report.registrations == {
            "registered": 4,
            "waitlisted": 1,
            "withdrawn": 0,
        }
        assert report.unique_attendees == 3  # a, b and the guest
        # First session: a and the guest present (1.25 h each); b's 40 minutes of
        # 75 earn nothing under all-or-nothing. The second is not finalised.
        assert report.participant_hours == Decimal("2.50")
        held = [line for line in report.sessions if line.is_held]
        assert [(line.roster, line.attended, line.rate) for line in held] == [
            (5, 3, 60),
            (4, 1, 25),
        ]
        assert report.attendance_rate == 44  # 4 of 9
        assert report.cases["submitted"] == 1 and report.cases["completed"] == 1

    def test_revoked_hours_stop_counting(self, worked):
        first = worked.sessions.order_by("starts_at").first()
        learner = UserFactory._meta.model.objects.get(email="a@example.org")
        credit_revoke(
            learner=learner,
            source_type=SESSION_SOURCE_TYPE,
            source_id=first.pk,
            by=staff_user("Administrator"),
            reason="Duplicate",
        )
        assert reports.series_report(worked).participant_hours == Decimal("1.25")

    def test_page_and_csv(self, client, hub, worked):
        client.force_login(hub)
        html = client.get(reverse("echo_admin:report", args=[worked.pk])).content
        assert b"60%" in html and b"2.5" in html
        response = client.get(reverse("echo_admin:report_csv", args=[worked.pk]))
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert ["Unique attendees", "3"] in rows
        assert ["Participant-hours", "2.50"] in rows
        topics = [row[2] for row in rows if len(row) > 10]
        # A topic that would run as a formula stays text.
        assert '\'=HYPERLINK("http://x")' in topics
        assert not any(cell.startswith("=") for row in rows for cell in row)

    def test_a_series_without_sessions(self, hub):
        series = echo_factories.series(facilitators=[hub], sessions=0)
        series.sessions.all().delete()
        report = reports.series_report(series)
        assert report.sessions == []
        assert report.attendance_rate is None
        assert report.participant_hours == Decimal("0")


class TestAllSeries:
    def test_totals_across_series(self, client, worked):
        other = echo_factories.series(title="Second series", sessions=1)
        guest = UserFactory._meta.model.objects.get(email="guest@example.org")
        echo_factories.register(other, guest)
        echo_factories.attend(other.sessions.get(), guest, minutes=75)
        report = reports.all_series_report()
        by_title = {row.series.title: row for row in report.rows}
        assert by_title["Worked example"].unique_attendees == 3
        assert by_title["Worked example"].participant_hours == Decimal("2.50")
        assert by_title["Worked example"].attendance_rate == 44
        assert by_title["Second series"].attendance_rate == 100
        assert report.unique_attendees == 3  # the guest counted once
        assert report.registrations("registered") == 5

        client.force_login(staff_user("Administrator", email="boss@example.org"))
        html = client.get(reverse("echo_admin:reports")).content.decode()
        assert "Worked example" in html and "Second series" in html
        response = client.get(reverse("echo_admin:reports_csv"))
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == "Series"
        assert rows[-1][0] == "All series"
        assert len(rows) == 4

    def test_empty(self, client, site_tree):
        client.force_login(staff_user("Administrator", email="boss@example.org"))
        html = client.get(reverse("echo_admin:reports")).content.decode()
        assert "There is no ECHO series yet." in html

    def test_held_means_ended_and_not_cancelled(self, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        echo_factories.session(series, starts_at=timezone.now())  # under way
        assert reports.series_report(series).sessions_held == 1
