"""The "My courses" panel on the learner's dashboard."""

import re

import pytest

from django.test import RequestFactory
from django.urls import reverse

from certificates.models import Certificate
from courses import services
from courses.dashboard import courses_panel
from courses.models import LessonCompletion
from courses.selectors import lessons_for
from tests.factories import UserFactory
from tests.factories.courses import catalogue, correct_answers
from tests.factories.courses import course as course_factory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
EMPTY = "You have not started a course yet."


@pytest.fixture
def index(site_tree):
    return catalogue()


@pytest.fixture
def learner():
    return UserFactory(first_name="Rosa", last_name="Tallchief")


def panel_for(user) -> str:
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    return courses_panel(request)


def complete_lessons(enrolment, lessons):
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=lesson) for lesson in lessons
    )


def complete_course(learner, course):
    enrolment = services.enrolment_create(learner=learner, course=course)
    complete_lessons(enrolment, lessons_for(course=course))
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    services.quiz_attempt_submit(
        learner=learner,
        course=course,
        attempt_id=attempt.pk,
        answers=correct_answers(attempt),
    )
    return enrolment


def test_the_panel_is_a_labelled_section(index, learner):
    html = panel_for(learner)
    assert html.lstrip().startswith(
        '<section class="panel" aria-labelledby="courses-heading">'
    )
    assert '<h2 id="courses-heading">My courses</h2>' in html


def test_nothing_yet_points_to_the_catalogue(index, learner):
    html = panel_for(learner)
    assert EMPTY in html
    assert f'href="{index.url}"' in html
    assert "Browse the courses" in html


def test_without_a_catalogue_the_empty_state_has_no_link(site_tree, learner):
    html = panel_for(learner)
    assert EMPTY in html
    assert "Browse the courses" not in html


def test_a_course_in_progress_shows_its_progress_and_where_to_continue(index, learner):
    course = course_factory(index, title="Attachment basics", lessons=5)
    enrolment = services.enrolment_create(learner=learner, course=course)
    lessons = lessons_for(course=course)
    complete_lessons(enrolment, lessons[:3])
    html = panel_for(learner)
    assert EMPTY not in html
    assert "In progress" in html
    # Three of five lessons and the quiz: three of six steps.
    progress = re.search(r"<progress [^>]*>", html).group(0)
    assert 'max="100"' in progress
    assert 'value="50"' in progress
    assert f'id="course-progress-{course.pk}"' in progress
    assert f'aria-describedby="course-progress-{course.pk}-text"' in progress
    assert f'<label class="visually-hidden" for="course-progress-{course.pk}">' in html
    assert "50% done — 3 of 6 steps, including the final quiz" in html
    assert f'class="button button--small" href="{lessons[3].url}">Continue' in html
    assert "Next: Lesson 4" in html
    assert f'href="{course.url}"' in html
    assert "Find another course" in html


def test_when_only_the_quiz_is_left_continue_leads_to_it(index, learner):
    course = course_factory(index, lessons=2)
    enrolment = services.enrolment_create(learner=learner, course=course)
    complete_lessons(enrolment, lessons_for(course=course))
    html = panel_for(learner)
    quiz = course.url + course.reverse_subpage("quiz")
    assert f'href="{quiz}">Take the final quiz' in html
    assert 'value="66"' in html


def test_a_request_waiting_for_approval(index, learner):
    course = course_factory(index, title="Reflective practice", requires_approval=True)
    services.enrolment_create(learner=learner, course=course)
    html = panel_for(learner)
    assert "Waiting for approval" in html
    assert "waiting for approval by an administrator" in html
    assert "Reflective practice" in html
    assert "<progress" not in html
    assert "Continue" not in html


def test_a_declined_request_is_not_listed(index, learner):
    course = course_factory(index, title="Reflective practice", requires_approval=True)
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.enrolment_decline(
        enrolment=enrolment, by=UserFactory(), reason="The cohort is full."
    )
    assert EMPTY in panel_for(learner)


def test_a_completed_course_shows_its_date_and_certificate(
    index, learner, django_capture_on_commit_callbacks
):
    course = course_factory(index, title="Trauma basics", lessons=2)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(learner, course)
    enrolment.refresh_from_db()
    certificate = Certificate.objects.get(learner=learner)
    html = panel_for(learner)
    assert "Completed" in html
    assert enrolment.completed_at.strftime("%Y-%m-%d") in html
    assert certificate.status == "ready"
    assert (
        f'href="{reverse("certificates:download", args=[certificate.uuid])}"'
        ">Download the certificate" in html
    )
    assert "Claim your certificate" not in html
    assert "<progress" not in html


def test_a_completed_course_without_a_certificate_offers_to_claim_it(index):
    nameless = UserFactory(first_name="", last_name="")
    course = course_factory(index, title="Trauma basics", lessons=2)
    complete_course(nameless, course)
    assert not Certificate.objects.exists()
    html = panel_for(nameless)
    assert f'<a href="{course.url}">Claim your certificate' in html


def test_only_the_learners_own_courses(index, learner):
    course_factory(index, title="Someone else's course")
    other = UserFactory()
    services.enrolment_create(
        learner=other, course=course_factory(index, title="Their course")
    )
    html = panel_for(learner)
    assert EMPTY in html
    assert "Their course" not in html


def test_a_hostile_title_is_escaped(index, learner):
    course = course_factory(index, title="<script>alert(1)</script>")
    services.enrolment_create(learner=learner, course=course)
    html = panel_for(learner)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_panel_replaces_the_placeholder_on_the_dashboard(client, index, learner):
    course = course_factory(index, title="Pyramid Model basics", lessons=2)
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    body = client.get(DASHBOARD).content.decode()
    assert body.count('aria-labelledby="courses-heading"') == 1
    assert "Pyramid Model basics" in body
    assert EMPTY not in body
    assert 'aria-labelledby="echo-heading"' in body
    assert f'href="{reverse("courses:reflection_notes")}">Reflection notes' in body


# Query budgets: five queries (enrolments, lessons, completions, certificates and
# the catalogue) whatever the number of courses and lessons, and the request's site
# for the links (looked up once per request, shared with the rest of the page).
PANEL_BUDGET = 6


@pytest.mark.parametrize("lessons", [3, 20])
@pytest.mark.parametrize("enrolments", [1, 6])
def test_panel_query_budget(
    index,
    learner,
    lessons,
    enrolments,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    courses = [
        course_factory(index, title=f"Course {n}", lessons=lessons)
        for n in range(enrolments)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, courses[0])
    for course in courses[1:]:
        enrolment = services.enrolment_create(learner=learner, course=course)
        complete_lessons(enrolment, lessons_for(course=course)[:2])
    panel_for(learner)  # the site's root paths are cached after the first
    with django_assert_max_num_queries(PANEL_BUDGET):
        html = panel_for(learner)
    assert html.count("<progress") == enrolments - 1
    assert "Download the certificate" in html


def test_an_empty_panel_is_two_queries_and_the_site(
    index, learner, django_assert_num_queries
):
    panel_for(learner)
    with django_assert_num_queries(3):
        panel_for(learner)


@pytest.mark.parametrize("lessons", [3, 20])
def test_dashboard_query_budget_with_courses(
    client, index, learner, lessons, django_assert_max_num_queries
):
    for n in range(3):
        course = course_factory(index, title=f"Course {n}", lessons=lessons)
        services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    client.get(DASHBOARD)
    # The plain dashboard (tests/lms: 15 with the empty panels and no catalogue), the
    # request's site for the links, and the three queries a panel with courses adds:
    # lessons, completions and certificates.
    with django_assert_max_num_queries(19):
        assert client.get(DASHBOARD).status_code == 200
