"""The case queue of a series and one case's page in the ECHO admin: accept, return
with a note, schedule into a session, write and send the recommendations."""

import datetime

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from echo.choices import AgeBand, CaseStatus, SessionStatus
from echo.models import CasePresentation, EchoSession
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(client, site_tree):
    user = echo_factories.facilitator(email="fac@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def series(hub):
    return echo_factories.series(facilitators=[hub], sessions=2)


def make_case(series, **fields):
    presenter = fields.pop("presenter", None) or UserFactory(
        email=f"p{CasePresentation.objects.count()}@example.org"
    )
    echo_factories.register(series, presenter)
    return CasePresentation.objects.create(
        series=series,
        presenter=presenter,
        age_band=fields.pop("age_band", AgeBand.TODDLER),
        caregiving_context="Lives with a foster parent.",
        presenting_concerns="Biting at child care.",
        tried_so_far="Visual schedule.",
        question=fields.pop("question", "How can child care respond?"),
        **fields,
    )


def case_url(case) -> str:
    return reverse("echo_admin:case", args=[case.pk])


def actions(case) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


class TestQueue:
    def test_filter_by_status_and_pages(self, client, series):
        for number in range(27):
            make_case(series, question=f"Question {number}")
        accepted = make_case(
            series, status=CaseStatus.ACCEPTED, question="The accepted one"
        )
        url = reverse("echo_admin:cases", args=[series.pk])
        first = client.get(url)
        assert len(first.context["cases"]) == 25
        assert "Page 1 of 2" in first.content.decode()
        assert len(client.get(url, {"p": 2}).context["cases"]) == 3
        only = client.get(url, {"status": "accepted"})
        assert [item["case"] for item in only.context["cases"]] == [accepted]
        assert "Accepted (1)" in only.content.decode()

    def test_empty_state(self, client, series):
        html = client.get(reverse("echo_admin:cases", args=[series.pk])).content
        assert b"No case has been submitted to this series yet." in html


class TestDecisions:
    def test_accept_then_schedule(self, client, series):
        case = make_case(series)
        upcoming = echo_factories.session(series, topic="Toddlers and limits")
        page = client.get(case_url(case)).content.decode()
        assert "Biting at child care." in page
        assert client.post(case_url(case), {"action": "accept"}).status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.ACCEPTED
        page = client.get(case_url(case))
        choices = dict(page.context["forms"]["schedule"].fields["session"].choices)
        assert upcoming.pk in choices  # only sessions still to come are offered
        assert all(
            EchoSession.objects.get(pk=pk).starts_at > timezone.now()
            for pk in choices
            if pk
        )
        response = client.post(
            case_url(case), {"action": "schedule", "schedule-session": upcoming.pk}
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert (case.status, case.session) == (CaseStatus.SCHEDULED, upcoming)
        assert actions(case) == ["echo.case_accepted", "echo.case_scheduled"]

    def test_scheduling_needs_a_session_of_this_series(self, client, series, hub):
        case = make_case(series, status=CaseStatus.ACCEPTED)
        echo_factories.session(series)
        other = echo_factories.series(title="Elsewhere", facilitators=[hub])
        foreign = echo_factories.session(other)
        response = client.post(
            case_url(case), {"action": "schedule", "schedule-session": foreign.pk}
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        case.refresh_from_db()
        assert case.session is None

    def test_return_needs_a_note(self, client, series):
        case = make_case(series)
        refused = client.post(case_url(case), {"action": "return", "return-reason": ""})
        assert refused.status_code == 200
        assert "Say what the presenter should change." in refused.content.decode()
        mail.outbox.clear()
        response = client.post(
            case_url(case),
            {"action": "return", "return-reason": "Remove the town's name."},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert (case.status, case.review_note) == (
            CaseStatus.RETURNED,
            "Remove the town's name.",
        )
        assert actions(case) == ["echo.case_returned"]

    def test_recommendations_after_the_session(self, client, series):
        held = series.sessions.filter(starts_at__lt=timezone.now()).first()
        case = make_case(series, status=CaseStatus.SCHEDULED, session=held)
        response = client.post(
            case_url(case),
            {"action": "recommend", "recommend-recommendations": "Try co-regulation."},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.COMPLETED
        assert case.recommendations == "Try co-regulation."
        assert "echo.case_recommendations_sent" in actions(case)

    def test_recommendations_wait_for_the_session(self, client, series):
        later = echo_factories.session(
            series, starts_at=timezone.now() + datetime.timedelta(days=2)
        )
        case = make_case(series, status=CaseStatus.SCHEDULED, session=later)
        page = client.get(case_url(case))
        assert not page.context["can_recommend"]
        assert "once the session with this case has started" in page.content.decode()

    def test_a_decided_case_offers_nothing_and_refuses_actions(self, client, series):
        case = make_case(series, status=CaseStatus.WITHDRAWN)
        page = client.get(case_url(case)).content.decode()
        assert "nothing for the hub to do" in page
        response = client.post(case_url(case), {"action": "accept"}, follow=True)
        assert "cannot be done now" in response.content.decode()
        case.refresh_from_db()
        assert case.status == CaseStatus.WITHDRAWN

    def test_no_session_to_come(self, client, series):
        EchoSession.objects.filter(series=series, starts_at__gt=timezone.now()).update(
            status=SessionStatus.CANCELLED
        )
        case = make_case(series, status=CaseStatus.ACCEPTED)
        html = client.get(case_url(case)).content.decode()
        assert "The series has no session still to come." in html

    def test_an_unknown_action_is_404(self, client, series):
        case = make_case(series)
        assert client.post(case_url(case), {"action": "delete"}).status_code == 404
