"""The "Infant Mental Health ECHO" panel on the learner's dashboard."""

import datetime
import re

import pytest

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from echo.choices import CaseStatus, RegistrationStatus, SessionStatus
from echo.dashboard import echo_panel
from echo.models import CasePresentation
from tests.factories import UserFactory
from tests.factories import echo as factories

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
EMPTY = "You are not registered for an ECHO session."


@pytest.fixture
def index(site_tree):
    return factories.echo_index(site_tree)


@pytest.fixture
def learner():
    return UserFactory(first_name="Rosa", last_name="Tallchief")


def panel_for(user) -> str:
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    return echo_panel(request)


def future_series(title, **fields):
    first = timezone.now() + datetime.timedelta(days=2)
    return factories.series(title=title, first=first, **fields)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_empty_state_points_at_the_series_list(index, learner):
    html = panel_for(learner)
    assert 'aria-labelledby="echo-heading"' in html
    assert EMPTY in html
    assert f'href="{index.url}"' in html


def test_next_sessions_with_join_links(index, learner):
    page = future_series("Attachment ECHO")
    factories.register(page, learner)
    sessions = list(page.sessions.order_by("starts_at"))
    sessions[0].status = SessionStatus.CANCELLED
    sessions[0].cancelled_reason = "Holiday."
    sessions[0].save()
    html = panel_for(learner)
    assert EMPTY not in html
    assert "Your next sessions" in html
    assert html.count("Attachment ECHO") >= 4
    assert "Cancelled." in html and "Holiday." in html
    assert html.count("https://meet.example.org/j/123456789") == 3
    assert f"{page.url}sessions/{sessions[1].uid}/" in html
    assert reverse("echo:calendar") in html


def test_sessions_of_series_left_or_waited_for_are_not_listed(index, learner):
    left = future_series("Left ECHO", slug="left")
    factories.register(left, learner, status=RegistrationStatus.WITHDRAWN)
    html = panel_for(learner)
    assert "Left ECHO" not in html
    assert EMPTY in html


def test_waitlist_places(index, learner):
    page = future_series("Busy ECHO", capacity=1)
    factories.registrants(page, 1)
    now = timezone.now()
    factories.register(
        page,
        UserFactory(),
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=now - datetime.timedelta(minutes=5),
    )
    factories.register(
        page, learner, status=RegistrationStatus.WAITLISTED, waitlisted_at=now
    )
    body = text(panel_for(learner))
    assert "On the waitlist" in body
    assert "Busy ECHO — number 2 in line." in body
    assert "Your next sessions" not in body


def test_recommendations_received_and_returned_cases(index, learner):
    page = future_series("Case ECHO")
    factories.register(page, learner)
    base = {
        "series": page,
        "presenter": learner,
        "age_band": "0-12m",
        "caregiving_context": "c",
        "presenting_concerns": "p",
        "tried_so_far": "t",
    }
    CasePresentation.objects.create(
        **base,
        question="How do we support sleep?",
        status=CaseStatus.COMPLETED,
        recommendations="Try a wind-down routine.",
        recommendations_sent_at=timezone.now(),
    )
    CasePresentation.objects.create(
        **base, question="What about biting?", status=CaseStatus.RETURNED
    )
    CasePresentation.objects.create(
        **base, question="Still waiting?", status=CaseStatus.SUBMITTED
    )
    body = text(panel_for(learner))
    assert "Recommendations received" in body
    assert "How do we support sleep?" in body
    assert "Returned for changes" in body
    assert "Still waiting?" not in body


def test_the_panel_is_on_the_dashboard_once(client, index, learner):
    client.force_login(learner)
    body = client.get(DASHBOARD).content.decode()
    assert body.count('aria-labelledby="echo-heading"') == 1
    assert EMPTY in body


# Query budget: upcoming sessions, waitlisted registrations (and, when there are
# any, their positions), cases with news, the list page and the request's site for
# the links — the same with one series as with several, with 10 or 500 registrants.
PANEL_BUDGET = 6


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("series_count", [1, 4])
def test_panel_query_budget(
    index, learner, size, series_count, django_assert_max_num_queries
):
    for number in range(series_count):
        page = future_series(f"ECHO {number}", slug=f"echo-{number}", capacity=size)
        factories.registrants(page, size - 1)
        factories.register(page, learner)
    waiting = future_series("Full ECHO", slug="full", capacity=size)
    factories.registrants(waiting, size)
    factories.register(
        waiting,
        learner,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    panel_for(learner)  # the site's root paths are cached after the first
    with django_assert_max_num_queries(PANEL_BUDGET):
        html = panel_for(learner)
    assert "number 1 in line" in html
    assert "Your next sessions" in html


def test_an_empty_panel_costs_five_queries(index, learner, django_assert_num_queries):
    panel_for(learner)
    with django_assert_num_queries(PANEL_BUDGET - 1):
        panel_for(learner)
