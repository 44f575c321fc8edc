"""Rules a course page enforces when an editor saves it."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from tests.factories import courses as factories

pytestmark = pytest.mark.django_db


def errors_of(page) -> dict:
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "more than zero"), ("1.3", "quarter-hour steps")],
)
def test_clock_hours_are_positive_quarter_hours(site_tree, hours, message):
    course = factories.course(lessons=0)
    course.clock_hours = Decimal(hours)
    assert message in " ".join(errors_of(course)["clock_hours"])


def test_a_course_cannot_require_itself_or_its_dependants(site_tree):
    basics = factories.course(title="Basics", lessons=0)
    advanced = factories.course(title="Advanced", lessons=0)
    basics.prerequisites.set([basics])
    assert "its own prerequisite" in errors_of(basics)["prerequisites"][0]

    advanced.prerequisites.set([basics])
    advanced.save()
    basics.prerequisites.set([advanced])
    assert "“Advanced” already requires" in errors_of(basics)["prerequisites"][0]


def test_an_attempt_cannot_ask_more_questions_than_the_bank_holds(site_tree):
    course = factories.course(lessons=0, quiz_questions=3)
    course.quiz_questions_per_attempt = 4
    assert "bank has 3 questions" in errors_of(course)["quiz_questions_per_attempt"][0]
    course.quiz_questions_per_attempt = 3
    course.full_clean()


def test_the_quiz_size_follows_the_bank(site_tree):
    course = factories.course(lessons=0, quiz_questions=4)
    assert course.quiz_size == 4
    course.quiz = []
    course.save()
    course.refresh_from_db()
    assert course.quiz_size == 0
    assert not course.has_quiz
    deferred = type(course).objects.defer("quiz").get(pk=course.pk)
    assert not deferred.has_quiz
