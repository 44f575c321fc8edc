"""The learner's page of reflection notes."""

import datetime
import re

import pytest

from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import ReflectionNote
from courses.selectors import lessons_for
from tests.factories import UserFactory
from tests.factories.courses import catalogue
from tests.factories.courses import course as course_factory

pytestmark = pytest.mark.django_db

NOTES = reverse("courses:reflection_notes")
EMPTY = "You have not written any reflection notes yet."


@pytest.fixture
def index(site_tree):
    return catalogue()


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def reflection_block_id(lesson) -> str:
    return next(child.id for child in lesson.body if child.block_type == "reflection")


def write(learner, lesson, text):
    return services.reflection_note_save(
        learner=learner, lesson=lesson, block_id=reflection_block_id(lesson), text=text
    )


def bulk_notes(learner, lessons, count):
    """``count`` notes spread over the lessons, written the fast way."""
    now = timezone.now()
    ReflectionNote.objects.bulk_create(
        ReflectionNote(
            learner=learner,
            lesson=lessons[n % len(lessons)],
            block_id=f"block-{n}",
            prompt=f"Prompt {n}",
            text=f"Note number {n}.",
            created_at=now - datetime.timedelta(minutes=count - n),
            updated_at=now,
        )
        for n in range(count)
    )


def test_the_page_needs_a_login(client):
    response = client.get(NOTES)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={NOTES}"


def test_nothing_yet(client, index, learner):
    response = client.get(NOTES)
    assert response.status_code == 200
    assert EMPTY in response.content.decode()


def test_notes_are_grouped_by_course_and_lesson_with_links_back(client, index, learner):
    attachment = course_factory(index, title="Attachment basics", lessons=2)
    trauma = course_factory(index, title="Trauma basics", lessons=2)
    for course in (attachment, trauma):
        services.enrolment_create(learner=learner, course=course)
    first, second = lessons_for(course=attachment)
    trauma_lesson = lessons_for(course=trauma)[0]
    write(learner, second, "Babies read faces.\nThey need ours calm.")
    write(learner, first, "Serve and return, all day long.")
    write(learner, trauma_lesson, "Buffering relationships matter.")

    body = client.get(NOTES).content.decode()
    assert EMPTY not in body
    headings = re.findall(
        r'<h2 id="notes-course-\d+"><a href="([^"]+)">([^<]+)</a>', body
    )
    assert headings == [
        (attachment.url, "Attachment basics"),
        (trauma.url, "Trauma basics"),
    ]
    assert re.findall(r"<h3>([^<]+)</h3>", body) == [
        "Lesson 1",
        "Lesson 2",
        "Lesson 1",
    ]
    assert body.index("Serve and return") < body.index("Babies read faces")
    assert body.index("Babies read faces") < body.index("Buffering relationships")
    assert "<p>Babies read faces.<br>They need ours calm.</p>" in body
    assert "Think of a baby you know (1)." in body
    assert f'href="{first.url}#reflection-{reflection_block_id(first)}"' in body
    assert (
        f'href="{trauma_lesson.url}#reflection-{reflection_block_id(trauma_lesson)}"'
        in body
    )


def test_only_the_learners_own_notes(client, index, learner):
    course = course_factory(index, lessons=1)
    lesson = lessons_for(course=course)[0]
    other = UserFactory()
    services.enrolment_create(learner=other, course=course)
    write(other, lesson, "Someone else's private thought.")
    body = client.get(NOTES).content.decode()
    assert "Someone else's private thought." not in body
    assert EMPTY in body


def test_a_hostile_note_is_escaped(client, index, learner):
    course = course_factory(index, lessons=1)
    services.enrolment_create(learner=learner, course=course)
    write(learner, lessons_for(course=course)[0], "<script>alert(1)</script>")
    body = client.get(NOTES).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_twenty_notes_a_page(client, index, learner):
    course = course_factory(index, lessons=3)
    bulk_notes(learner, lessons_for(course=course), 45)
    body = client.get(NOTES).content.decode()
    assert body.count("Note number") == 20
    assert "Page 1 of 3" in body
    assert 'href="?page=2"' in body
    last = client.get(NOTES, {"page": 3}).content.decode()
    assert last.count("Note number") == 5
    assert "Page 3 of 3" in last
    # A page past the end shows the last one.
    assert client.get(NOTES, {"page": 99}).content.decode().count("Note number") == 5


def test_the_dashboard_links_to_the_notes(client, index, learner):
    body = client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{NOTES}">Reflection notes</a>' in body


# Session and user, the count, the page of notes with their lessons, their courses,
# the request's site for the links and the site chrome (menu pages, permissions).
NOTES_BUDGET = 10


@pytest.mark.parametrize("count", [5, 50])
def test_query_budget(client, index, learner, count, django_assert_max_num_queries):
    courses = [course_factory(index, title=f"Course {n}", lessons=3) for n in range(2)]
    lessons = [lesson for c in courses for lesson in lessons_for(course=c)]
    bulk_notes(learner, lessons, count)
    client.get(NOTES)
    with django_assert_max_num_queries(NOTES_BUDGET):
        response = client.get(NOTES)
    assert response.status_code == 200
    assert response.content.decode().count("Note number") == min(count, 20)
