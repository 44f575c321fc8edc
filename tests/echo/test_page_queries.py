"""Query budgets of the learner's ECHO pages: the list of series, a series page, a
session page and the list of case presentations cost the same with 10 as with 500
registrants (and case presentations), for a visitor and for a participant."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from echo.choices import CaseStatus, RegistrationStatus
from echo.models import CasePresentation, Registration
from tests.factories import LearnerProfileFactory
from tests.factories import echo as factories

pytestmark = pytest.mark.django_db

# Measured for a signed-in participant. Most of each is Wagtail finding the page
# (site, the pages on its path) and the site chrome (session, user, menu); the
# ECHO pages add a fixed handful on top.
INDEX_BUDGET = 15
SERIES_PAGE_BUDGET = 21
SESSION_PAGE_BUDGET = 19
CASE_LIST_BUDGET = 9

SIZES = [10, 500]


@pytest.fixture
def world(site_tree, request):
    """A participant in a series of 12 sessions (half of them past, with their
    attendance) with ``size`` other registrants, people on the waitlist and
    ``size`` case presentations of the participant, among other series."""
    size = request.param
    index = factories.echo_index(site_tree)
    learner = LearnerProfileFactory().user
    page = factories.series(
        sessions=12, interval_days=7, capacity=size + 1, first=_weeks_ago(6)
    )
    factories.registrants(page, size)
    factories.register(page, learner)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            series=page,
            learner=user,
            status=RegistrationStatus.WAITLISTED,
            waitlisted_at=now,
        )
        for user in factories.registrants(
            factories.series(title="Spare", slug="spare", sessions=0), 3
        )
    )
    for session in page.sessions.filter(ends_at__lte=now):
        factories.attend(session, learner)
    for number in range(3):
        other = factories.series(
            title=f"Other {number}", slug=f"other-{number}", first=_weeks_ago(-1)
        )
        factories.registrants(other, size // 10)
    CasePresentation.objects.bulk_create(
        CasePresentation(
            series=page,
            presenter=learner,
            age_band="0-12m",
            caregiving_context="Context.",
            presenting_concerns="Concerns.",
            tried_so_far="Tried.",
            question=f"Question {number}?",
            status=CaseStatus.SUBMITTED,
        )
        for number in range(size)
    )
    session = page.sessions.filter(ends_at__lte=now).order_by("starts_at").last()
    return {
        "index": index,
        "series": page,
        "session": session,
        "learner": learner,
        "size": size,
    }


def _weeks_ago(weeks: int) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) - datetime.timedelta(weeks=weeks)


def measured_get(client, url, budget, assert_max_queries) -> str:
    client.get(url)  # warm-up: Wagtail caches the site's root paths
    with assert_max_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context)


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_index_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client, world["index"].url, INDEX_BUDGET, django_assert_max_num_queries
    )
    assert body.count('class="echo-card"') == 5
    assert "You are registered." in body


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_series_page_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client, world["series"].url, SERIES_PAGE_BUDGET, django_assert_max_num_queries
    )
    assert body.count('class="echo-session"') == 12
    assert "Your attendance: Present" in body


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_session_page_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    url = f"{world['series'].url}sessions/{world['session'].uid}/"
    body = measured_get(client, url, SESSION_PAGE_BUDGET, django_assert_max_num_queries)
    assert "Your attendance: Present" in body


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_case_list_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client,
        reverse("echo:case_list"),
        CASE_LIST_BUDGET,
        django_assert_max_num_queries,
    )
    assert body.count("Question ") == min(world["size"], 20)


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_visitor_pages_cost_no_more(client, world):
    assert count_queries(client, world["index"].url) <= INDEX_BUDGET
    assert count_queries(client, world["series"].url) <= SERIES_PAGE_BUDGET
    url = f"{world['series'].url}sessions/{world['session'].uid}/"
    assert count_queries(client, url) <= SESSION_PAGE_BUDGET
