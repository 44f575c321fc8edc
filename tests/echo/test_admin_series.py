"""The ECHO admin's list of series, a series' page (sessions in the series' time
zone, registrations), the session actions (add, edit, reschedule, cancel) and
generating sessions when a series is published."""

import datetime
import zoneinfo

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.models import ModelLogEntry

from echo.choices import (
    AgeBand,
    ImportVariant,
    RegistrationStatus,
    SessionStatus,
)
from echo.models import AttendanceImport, CasePresentation, EchoSession
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def hub(client, site_tree):
    user = echo_factories.facilitator(email="fac@example.org")
    client.force_login(user)
    return user


def series_url(series) -> str:
    return reverse("echo_admin:series", args=[series.pk])


def future_noon(days: int) -> datetime.datetime:
    day = timezone.localdate(timezone.now(), CHICAGO) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=CHICAGO)


def logged(session, action: str) -> list:
    return list(
        ModelLogEntry.objects.filter(object_id=str(session.pk), action=action).order_by(
            "pk"
        )
    )


def case(series, learner, **fields):
    return CasePresentation.objects.create(
        series=series,
        presenter=learner,
        age_band=AgeBand.INFANT,
        caregiving_context="Lives with a grandparent.",
        presenting_concerns="Sleep.",
        tried_so_far="Routines.",
        question="What next?",
        **fields,
    )


class TestIndex:
    def test_lists_next_session_counts_and_cases(self, client, hub):
        series = echo_factories.series(title="Attachment ECHO", facilitators=[hub])
        starts_at = future_noon(5).astimezone(datetime.UTC)
        echo_factories.session(series, starts_at=starts_at)
        echo_factories.registrants(series, 3)
        echo_factories.register(series, status=RegistrationStatus.WAITLISTED)
        learner = UserFactory()
        case(series, learner)
        html = client.get(reverse("echo_admin:index")).content.decode()
        next_day = future_noon(5)
        assert "Attachment ECHO" in html
        assert f"{next_day:%H:%M}" in html and "America/Chicago" in html
        row = client.get(reverse("echo_admin:index")).context["rows"][0]["series"]
        assert (row.registered_count, row.waitlisted_count, row.cases_waiting) == (
            3,
            1,
            1,
        )
        assert reverse("echo_admin:cases", args=[series.pk]) in html

    def test_empty_state_for_a_facilitator_without_series(self, client, hub):
        html = client.get(reverse("echo_admin:index")).content.decode()
        assert "You do not run any ECHO series yet" in html


class TestSeriesPage:
    def test_sessions_in_the_series_time_zone_with_their_state(self, client, hub):
        series = echo_factories.series(
            facilitators=[hub], sessions=3, time_zone="America/Denver"
        )
        first, second, third = series.sessions.order_by("starts_at")
        echo_factories.attend(first, UserFactory())
        EchoSession.objects.filter(pk=first.pk).update(
            attendance_finalised_at=timezone.now(), attendance_finalised_by=hub
        )
        AttendanceImport.objects.create(
            session=second, filename="r.csv", variant=ImportVariant.PER_JOIN
        )
        EchoSession.objects.filter(pk=third.pk).update(
            status=SessionStatus.CANCELLED, cancelled_reason="Holiday closure"
        )
        response = client.get(series_url(series))
        html = response.content.decode()
        assert "America/Denver" in html
        assert "12:00" in html  # the factory's wall-clock time, in Denver
        states = [row["state"] for row in response.context["sessions"]]
        assert states == [
            "Finalised (1 attended)",
            "Report waiting for review",
            "Cancelled",
        ]
        assert "Holiday closure" in html
        # A cancelled or past session cannot be rescheduled or cancelled.
        assert all(not row["reschedule_url"] for row in response.context["sessions"])

    def test_registrations_filtered_and_paginated(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        echo_factories.registrants(series, 30)
        waiting = echo_factories.register(
            series,
            UserFactory(email="wait@example.org"),
            status=RegistrationStatus.WAITLISTED,
        )
        first = client.get(series_url(series))
        assert len(first.context["registrations"]) == 25
        assert "Page 1 of 2" in first.content.decode()
        second = client.get(series_url(series), {"p": 2})
        assert len(second.context["registrations"]) == 6
        only_waiting = client.get(series_url(series), {"status": "waitlisted"})
        assert [r.pk for r in only_waiting.context["registrations"]] == [waiting.pk]
        assert "wait@example.org" in only_waiting.content.decode()
        assert "On the waitlist (1)" in only_waiting.content.decode()

    def test_empty_states(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=0)
        EchoSession.objects.filter(series=series).delete()
        html = client.get(series_url(series)).content.decode()
        assert "This series has no sessions yet" in html
        assert "Nobody has registered yet" in html


class TestSessionActions:
    def test_add_an_extra_session_in_the_series_zone(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        when = future_noon(9)
        response = client.post(
            reverse("echo_admin:session_add", args=[series.pk]),
            {
                "date": when.date().isoformat(),
                "start_time": "12:00",
                "duration_minutes": 90,
                "topic": "Extra: sleep",
                "presenter": "Dr. Lane",
            },
        )
        assert response.status_code == 302
        added = EchoSession.objects.get(series=series, topic="Extra: sleep")
        assert added.starts_at == when.astimezone(datetime.UTC)
        assert added.duration_minutes == 90
        assert added.original_starts_at is None
        assert logged(added, "echo.session_added")

    def test_adding_a_session_in_the_past_is_refused_with_the_reason(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        before = EchoSession.objects.count()
        response = client.post(
            reverse("echo_admin:session_add", args=[series.pk]),
            {"date": "2020-01-07", "start_time": "12:00", "duration_minutes": 75},
        )
        assert response.status_code == 200
        assert "Choose a time that is still to come." in response.content.decode()
        assert EchoSession.objects.count() == before

    def test_missing_fields_are_listed_and_linked(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        response = client.post(reverse("echo_admin:session_add", args=[series.pk]), {})
        html = response.content.decode()
        assert "There is a problem" in html
        assert 'href="#id_date"' in html

    def test_edit_details(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        session = echo_factories.session(series, topic="Old")
        response = client.post(
            reverse("echo_admin:session_edit", args=[session.pk]),
            {
                "topic": "Co-regulation",
                "presenter": "Dr. Rivers",
                "materials_url": "https://example.org/slides",
                "recording_url": "",
            },
        )
        assert response.status_code == 302
        session.refresh_from_db()
        assert (session.topic, session.presenter) == ("Co-regulation", "Dr. Rivers")
        assert session.materials_url == "https://example.org/slides"
        assert logged(session, "echo.session_updated")

    def test_reschedule_keeps_the_identity(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        session = echo_factories.session(
            series, starts_at=future_noon(4).astimezone(datetime.UTC)
        )
        uid = session.uid
        new = future_noon(6).replace(hour=13, minute=30)
        page = client.get(reverse("echo_admin:session_reschedule", args=[session.pk]))
        assert page.context["form"].initial["start_time"] == datetime.time(12, 0)
        response = client.post(
            reverse("echo_admin:session_reschedule", args=[session.pk]),
            {
                "date": new.date().isoformat(),
                "start_time": "13:30",
                "duration_minutes": 60,
            },
        )
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.uid == uid
        assert session.starts_at == new.astimezone(datetime.UTC)
        assert session.duration_minutes == 60
        assert session.sequence > 0
        assert logged(session, "echo.session_rescheduled")

    def test_cancel_needs_a_reason(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        session = echo_factories.session(series)
        url = reverse("echo_admin:session_cancel", args=[session.pk])
        refused = client.post(url, {"reason": ""})
        assert refused.status_code == 200
        assert "Say why the session is cancelled." in refused.content.decode()
        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED
        assert client.post(url, {"reason": "Presenter is ill"}).status_code == 302
        session.refresh_from_db()
        assert session.status == SessionStatus.CANCELLED
        assert session.cancelled_reason == "Presenter is ill"
        entry = logged(session, "echo.session_cancelled")[0]
        assert entry.data["reason"] == "Presenter is ill"

    def test_a_cancelled_session_cannot_be_cancelled_or_moved_again(self, client, hub):
        series = echo_factories.series(facilitators=[hub], sessions=1)
        session = echo_factories.session(
            series, status=SessionStatus.CANCELLED, cancelled_reason="Snow"
        )
        for name in ("session_cancel", "session_reschedule"):
            url = reverse(f"echo_admin:{name}", args=[session.pk])
            assert "can be" in client.get(url).content.decode()
            response = client.post(url, {"reason": "again"})
            assert response.status_code == 302
        session.refresh_from_db()
        assert session.cancelled_reason == "Snow"


class TestGenerateOnPublish:
    def run_hook(self, name, page):
        for hook in hooks.get_hooks(name):
            hook(None, page)

    def test_publishing_generates_the_sessions_once(self, site_tree):
        series = echo_factories.series(sessions=0, session_count=4, publish=False)
        EchoSession.objects.filter(series=series).delete()
        series.live = False  # as the admin's "Save draft" leaves it
        series.save(update_fields=["live"])
        self.run_hook("after_create_page", series)
        assert not EchoSession.objects.filter(series=series).exists()  # a draft
        series.save_revision().publish()
        series.refresh_from_db()
        self.run_hook("after_publish_page", series)
        self.run_hook("after_create_page", series)
        assert EchoSession.objects.filter(series=series).count() == 4
