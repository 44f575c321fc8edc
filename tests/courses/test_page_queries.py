"""Query budgets of the learner's course pages: the catalogue, a course page and a
lesson page cost the same number of queries with 5 lessons as with 50 (and with one
page of courses as with several)."""

import pytest

from courses import services
from courses.selectors import lessons_for
from tests.factories import LearnerProfileFactory
from tests.factories import courses as factories

pytestmark = pytest.mark.django_db

# Measured, for an enrolled learner. Most of each is Wagtail finding the page (site,
# the pages on its path, view restrictions) and the site chrome (session, user, menu,
# permissions); the course pages add a fixed handful on top.
CATALOGUE_BUDGET = 23
COURSE_PAGE_BUDGET = 21
LESSON_PAGE_BUDGET = 19

SIZES = [5, 50]


@pytest.fixture
def world(site_tree, request):
    """A learner part-way through a course of ``size`` lessons, which builds on a
    course they have completed, in a catalogue of other courses."""
    size = request.param
    index = factories.catalogue(site_tree)
    foundations = factories.course(
        index, title="Foundations", lessons=1, quiz_questions=0
    )
    course = factories.course(index, lessons=size)
    course.prerequisites.add(foundations)
    course.save()
    for number in range(size // 3):
        factories.course(index, title=f"Elective {number:02d}", lessons=0)
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=foundations)
    services.lesson_complete(learner=learner, lesson=lessons_for(course=foundations)[0])
    services.enrolment_create(learner=learner, course=course)
    lessons = lessons_for(course=course)
    for lesson in lessons[:3]:
        services.lesson_complete(learner=learner, lesson=lesson)
    lesson = lessons[3]
    check_id = next(c.id for c in lesson.body if c.block_type == "knowledge_check")
    note_id = next(c.id for c in lesson.body if c.block_type == "reflection")
    services.knowledge_check_answer(
        learner=learner, lesson=lesson, block_id=check_id, selected=["0"]
    )
    services.reflection_note_save(
        learner=learner, lesson=lesson, block_id=note_id, text="A note."
    )
    assert len(lessons) == size
    return {
        "index": index,
        "course": course,
        "lesson": lesson,
        "learner": learner,
        "size": size,
    }


def measured_get(client, url, budget, assert_max_queries):
    client.get(url)  # warm-up: Wagtail caches the site's root paths
    with assert_max_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_catalogue_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client, world["index"].url, CATALOGUE_BUDGET, django_assert_max_num_queries
    )
    assert "<strong>In progress</strong> — " in body
    assert body.count('class="course-card"') == min(2 + world["size"] // 3, 12)


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_course_page_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client, world["course"].url, COURSE_PAGE_BUDGET, django_assert_max_num_queries
    )
    assert body.count('class="lesson-outline__item') == world["size"]
    assert body.count("lesson-outline__item--done") == 3
    assert "Continue: Lesson 4" in body


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_lesson_page_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["learner"])
    body = measured_get(
        client, world["lesson"].url, LESSON_PAGE_BUDGET, django_assert_max_num_queries
    )
    assert f"Lesson 4 of {world['size']}" in body
    assert "That builds trust." in body  # the answer's feedback
    assert ">A note.</textarea>" in body
    assert body.count('class="lesson-outline__item') == world["size"]
