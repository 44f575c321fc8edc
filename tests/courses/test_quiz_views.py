"""The quiz page and its result page: what a learner sees before and after
submitting, and every tampered or refused submission changing nothing."""

import re

import pytest

from django.contrib.messages import get_messages
from django.urls import reverse

from certificates.models import Certificate
from courses import services
from courses.choices import AttemptStatus, EnrolmentStatus
from courses.models import Enrolment, LessonCompletion, QuizAnswer, QuizAttempt
from courses.selectors import lessons_for
from lms.models import CreditEntry
from tests.factories import UserFactory
from tests.factories.courses import catalogue, correct_answers
from tests.factories.courses import course as course_factory
from tests.factories.courses import lesson as lesson_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_tree):
    return catalogue()


@pytest.fixture
def course(index):
    return course_factory(index, lessons=3, quiz_questions=3)


@pytest.fixture
def learner(client):
    user = UserFactory(first_name="Rosa", last_name="Tallchief")
    client.force_login(user)
    return user


def enrol(learner, course, *, lessons_done=True) -> Enrolment:
    enrolment = services.enrolment_create(learner=learner, course=course)
    if lessons_done:
        LessonCompletion.objects.bulk_create(
            LessonCompletion(enrolment=enrolment, lesson=lesson)
            for lesson in lessons_for(course=course)
        )
    return enrolment


def quiz_url(course) -> str:
    return course.url + course.reverse_subpage("quiz")


def result_url(course, number) -> str:
    return course.url + course.reverse_subpage("quiz_result", args=[number])


def open_attempt(client, course) -> QuizAttempt:
    response = client.get(quiz_url(course))
    assert response.status_code == 200
    return QuizAttempt.objects.get(
        enrolment__course=course, status=AttemptStatus.IN_PROGRESS
    )


def form_data(attempt, answers) -> dict:
    data = {"attempt": attempt.pk}
    data.update({f"q-{qid}": keys for qid, keys in answers.items()})
    return data


def wrong_answers(attempt) -> dict[str, list[str]]:
    return {
        question["id"]: [
            next(o["key"] for o in question["options"] if not o["correct"])
        ]
        for question in attempt.questions
    }


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def counts() -> tuple[int, int, int, int]:
    return (
        QuizAttempt.objects.count(),
        QuizAnswer.objects.count(),
        CreditEntry.objects.count(),
        Certificate.objects.count(),
    )


# Taking the quiz


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    url = quiz_url(course)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"
    response = client.get(result_url(course, 1))
    assert response.url.startswith(reverse("account_login"))


def test_the_page_never_shows_answers_feedback_or_explanations(client, course, learner):
    enrol(learner, course)
    attempt = open_attempt(client, course)
    body = client.get(quiz_url(course)).content.decode()
    hidden = []
    for question in attempt.questions:
        assert question["text"] in body
        hidden.append(question["explanation"])
        hidden.extend(o["feedback"] for o in question["options"])
        for option in question["options"]:
            assert option["text"] in body
    assert all(hidden)
    for text in hidden:
        assert text not in body
    assert "correct" not in body.lower()
    assert "explanation" not in body.lower()


def test_options_come_in_the_shuffled_order_of_the_snapshot(client, course, learner):
    enrol(learner, course)
    attempt = open_attempt(client, course)
    body = client.get(quiz_url(course)).content.decode()
    for question in attempt.questions:
        shown = re.findall(
            rf'name="q-{re.escape(question["id"])}" id="[^"]+" value="(\d+)"', body
        )
        assert shown == [option["key"] for option in question["options"]]
    numbers = re.findall(r"Question (\d) of 3", body)
    assert numbers == ["1", "2", "3"]
    positions = [body.index(question["text"]) for question in attempt.questions]
    assert positions == sorted(positions)


def test_the_form_is_accessible_and_shows_the_terms_up_front(client, index, learner):
    course = course_factory(index, lessons=2, quiz_questions=3, quiz_max_attempts=3)
    enrol(learner, course)
    attempt = open_attempt(client, course)
    body = client.get(quiz_url(course)).content.decode()
    assert body.count("<fieldset") == 3
    assert body.count("<legend") == 3
    assert "Pass mark: <strong>80%</strong>" in body
    assert "Attempt <strong>1 of 3</strong> — 2 more after this one" in body
    assert f'name="attempt" value="{attempt.pk}"' in body
    assert 'type="checkbox"' in body  # the multiple-choice question
    assert 'type="radio"' in body
    assert 'type="submit"' in body
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'style="' not in body


def test_coming_back_resumes_the_same_attempt(client, course, learner):
    enrol(learner, course)
    first = open_attempt(client, course)
    second = open_attempt(client, course)
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("not_enrolled", "Enrol in “Attachment basics” first."),
        ("pending", "waiting for an administrator's approval"),
        ("lessons_left", "Complete the lessons first"),
        ("no_quiz", "This course has no quiz."),
    ],
)
def test_learners_who_cannot_take_the_quiz_are_sent_back_with_a_reason(
    client, index, learner, setup, message
):
    course = course_factory(
        index,
        lessons=2,
        quiz_questions=0 if setup == "no_quiz" else 3,
        requires_approval=setup == "pending",
    )
    if setup != "not_enrolled":
        enrol(learner, course, lessons_done=setup != "lessons_left")
    response = client.get(quiz_url(course))
    assert response.status_code == 302
    assert response.url == course.url
    assert any(message in text for text in message_texts(response))
    assert QuizAttempt.objects.count() == 0


# Submitting


def test_passing_completes_the_course_once_with_hours_and_a_certificate(
    client, course, learner, django_capture_on_commit_callbacks
):
    enrolment = enrol(learner, course)
    attempt = open_attempt(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            quiz_url(course), form_data(attempt, correct_answers(attempt))
        )
    assert response.status_code == 302
    assert response.url == result_url(course, 1)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1

    body = client.get(response.url).content.decode()
    assert "You passed." in body
    assert "<strong>100%</strong>: 3 of 3 correct" in body
    assert "Course complete" in body
    assert "2.5 clock hours</strong> have been added" in body
    assert f'href="{reverse("hours")}"' in body
    certificate = Certificate.objects.get(learner=learner)
    assert reverse("certificates:list") in body
    if certificate.status == "ready":
        assert reverse("certificates:download", args=[certificate.uuid]) in body
    assert "Try again" not in body
    for question in attempt.questions:
        assert question["explanation"] in body

    # Passing closes the quiz.
    again = client.get(quiz_url(course))
    assert again.status_code == 302
    assert "You have already passed this quiz." in message_texts(again)
    assert CreditEntry.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_failing_shows_the_answers_and_offers_another_attempt(client, index, learner):
    course = course_factory(index, lessons=2, quiz_questions=3, quiz_max_attempts=2)
    enrolment = enrol(learner, course)
    attempt = open_attempt(client, course)
    answers = wrong_answers(attempt)
    response = client.post(quiz_url(course), form_data(attempt, answers))
    assert response.url == result_url(course, 1)
    body = client.get(response.url).content.decode()
    assert "Not passed this time." in body
    assert "<strong>0%</strong>: 0 of 3 correct" in body
    assert "The pass mark is 80%." in body
    assert "You have 1 attempt left." in body
    assert ">Try again</a>" in body
    assert f'href="{quiz_url(course)}"' in body
    assert body.count("Your answer</span>") == 3
    assert body.count("Correct answer</span>") == sum(
        1 for q in attempt.questions for o in q["options"] if o["correct"]
    )
    for question in attempt.questions:
        chosen = next(
            o for o in question["options"] if o["key"] in answers[question["id"]]
        )
        assert chosen["feedback"] in body
        assert question["explanation"] in body
    assert "Course complete" not in body
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert CreditEntry.objects.count() == 0


def test_the_last_attempt_used_refuses_another(client, index, learner):
    course = course_factory(index, lessons=2, quiz_questions=3, quiz_max_attempts=1)
    enrol(learner, course)
    attempt = open_attempt(client, course)
    client.post(quiz_url(course), form_data(attempt, wrong_answers(attempt)))
    body = client.get(result_url(course, 1)).content.decode()
    assert "You have used all your attempts" in body
    assert "Try again" not in body

    response = client.get(quiz_url(course))
    assert response.status_code == 302
    assert response.url == course.url
    assert "You have used all 1 attempts at this quiz." in message_texts(response)[0]
    assert QuizAttempt.objects.count() == 1


def test_a_second_attempt_is_numbered_and_listed(client, course, learner):
    enrol(learner, course)
    first = open_attempt(client, course)
    client.post(quiz_url(course), form_data(first, wrong_answers(first)))
    second = open_attempt(client, course)
    assert second.number == 2
    response = client.post(quiz_url(course), form_data(second, correct_answers(second)))
    assert response.url == result_url(course, 2)
    body = client.get(response.url).content.decode()
    assert "You passed." in body
    assert f'href="{result_url(course, 1)}"' in body
    assert "2 (this one)" in body
    assert "Not passed</td>" in body
    old = client.get(result_url(course, 1)).content.decode()
    assert "You passed the quiz on a later attempt." in old
    assert "Try again" not in old
    assert "Course complete" not in old


def test_passing_with_a_lesson_still_open_leaves_the_course_to_finish(
    client, course, learner
):
    enrolment = enrol(learner, course)
    attempt = open_attempt(client, course)
    lesson_factory(course, number=4)  # published after the quiz was started
    client.post(quiz_url(course), form_data(attempt, correct_answers(attempt)))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    body = client.get(result_url(course, 1)).content.decode()
    assert "You passed." in body
    assert "complete the lessons still open" in body
    assert "Course complete" not in body
    assert CreditEntry.objects.count() == 0


# Tampered and refused submissions


@pytest.fixture
def taking(client, course, learner):
    enrol(learner, course)
    return open_attempt(client, course)


def assert_refused_in_place(response, attempt, message):
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your answers were not submitted" in body
    assert message in body
    assert f'name="attempt" value="{attempt.pk}"' in body
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    return body


def test_an_unknown_question_is_refused(client, course, taking):
    before = counts()
    answers = correct_answers(taking)
    answers["not-a-question"] = ["0"]
    response = client.post(quiz_url(course), form_data(taking, answers))
    assert_refused_in_place(
        response, taking, "answers to questions that are not in this attempt"
    )
    assert counts() == before


def test_an_option_that_was_not_offered_is_refused(client, course, taking):
    before = counts()
    answers = correct_answers(taking)
    answers[taking.questions[0]["id"]] = ["9"]
    response = client.post(quiz_url(course), form_data(taking, answers))
    assert_refused_in_place(response, taking, "not one of the options offered")
    assert counts() == before


def test_two_answers_to_a_single_choice_question_are_refused(client, course, taking):
    before = counts()
    single = next(q for q in taking.questions if q["kind"] != "multiple")
    answers = correct_answers(taking)
    answers[single["id"]] = [o["key"] for o in single["options"]][:2]
    response = client.post(quiz_url(course), form_data(taking, answers))
    body = assert_refused_in_place(response, taking, "takes one answer")
    number = taking.questions.index(single) + 1
    assert f"Question {number}: choose only one answer" in body
    assert counts() == before


def test_unanswered_questions_are_named_and_the_choices_kept(client, course, taking):
    before = counts()
    first = taking.questions[0]
    key = correct_answers(taking)[first["id"]][0]
    response = client.post(quiz_url(course), form_data(taking, {first["id"]: [key]}))
    body = assert_refused_in_place(response, taking, "Still to answer: 2, 3.")
    assert body.index('class="error-summary"') < body.index('class="form quiz-form"')
    for number, question in enumerate(taking.questions[1:], start=2):
        link = f'href="#q-{question["id"]}-{question["options"][0]["key"]}"'
        assert f"{link}>Question {number}: not answered yet</a>" in body
        assert f'id="q-{question["id"]}-{question["options"][0]["key"]}"' in body
    assert re.search(
        rf'id="q-{re.escape(first["id"])}-{key}" value="{key}" checked', body
    )
    assert body.count(" checked>") == 1
    for question in taking.questions:
        assert question["explanation"] not in body
    assert counts() == before


def test_an_empty_submission_names_every_question(client, course, taking):
    before = counts()
    response = client.post(quiz_url(course), {"attempt": taking.pk})
    assert_refused_in_place(response, taking, "Still to answer: 1, 2, 3.")
    assert counts() == before


def test_another_learners_attempt_is_refused(client, course, learner, taking):
    other = UserFactory()
    other_enrolment = enrol(other, course)
    theirs = services.quiz_attempt_start(learner=other, course=course)
    assert theirs.enrolment == other_enrolment
    before = counts()
    response = client.post(quiz_url(course), form_data(theirs, correct_answers(theirs)))
    assert response.status_code == 302
    assert response.url == course.url
    assert (
        "This attempt does not belong to your enrolment in this course."
        in message_texts(response)
    )
    assert counts() == before
    theirs.refresh_from_db()
    assert theirs.status == AttemptStatus.IN_PROGRESS


def test_an_attempt_at_another_course_is_refused(client, index, course, learner):
    enrol(learner, course)
    other_course = course_factory(index, title="Trauma basics", lessons=2)
    enrol(learner, other_course)
    attempt = open_attempt(client, other_course)
    before = counts()
    response = client.post(
        quiz_url(course), form_data(attempt, correct_answers(attempt))
    )
    assert response.status_code == 302
    assert response.url == course.url
    assert (
        "This attempt does not belong to your enrolment in this course."
        in message_texts(response)
    )
    assert counts() == before
    assert not Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).exists()


@pytest.mark.parametrize("attempt_id", ["", "abc", "999999"])
def test_a_missing_or_made_up_attempt_id_is_refused(client, course, taking, attempt_id):
    before = counts()
    data = form_data(taking, correct_answers(taking))
    data["attempt"] = attempt_id
    response = client.post(quiz_url(course), data)
    assert response.status_code == 302
    assert response.url == course.url
    assert message_texts(response)
    assert counts() == before


def test_a_repeated_submit_is_refused_and_stores_nothing_twice(
    client, course, learner, taking, django_capture_on_commit_callbacks
):
    data = form_data(taking, correct_answers(taking))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(quiz_url(course), data)
    after_first = counts()
    assert after_first == (1, 3, 1, 1)
    response = client.post(quiz_url(course), data)
    assert response.status_code == 302
    assert response.url == result_url(course, 1)
    assert "This attempt was already submitted; your result is below." in (
        message_texts(response)
    )
    assert counts() == after_first


def test_a_learner_not_enrolled_cannot_submit(client, course, learner):
    other = UserFactory()
    enrol(other, course)
    theirs = services.quiz_attempt_start(learner=other, course=course)
    response = client.post(quiz_url(course), form_data(theirs, correct_answers(theirs)))
    assert response.status_code == 302
    assert response.url == course.url
    assert "Enrol in “Attachment basics” first." in message_texts(response)
    assert QuizAnswer.objects.count() == 0


def test_other_methods_are_not_allowed(client, course, taking):
    assert client.put(quiz_url(course)).status_code == 405
    assert client.post(result_url(course, 1)).status_code == 405


# The result page


def test_a_result_is_only_for_its_own_learner(client, course, learner, taking):
    client.post(quiz_url(course), form_data(taking, wrong_answers(taking)))
    assert client.get(result_url(course, 1)).status_code == 200
    client.force_login(UserFactory())
    assert client.get(result_url(course, 1)).status_code == 404


def test_an_attempt_not_yet_submitted_has_no_result(client, course, taking):
    assert client.get(result_url(course, 1)).status_code == 404
    assert client.get(result_url(course, 7)).status_code == 404


def test_a_result_belongs_to_its_course(client, index, course, learner, taking):
    client.post(quiz_url(course), form_data(taking, wrong_answers(taking)))
    other_course = course_factory(index, title="Trauma basics", lessons=1)
    enrol(learner, other_course)
    assert client.get(result_url(other_course, 1)).status_code == 404


def test_a_completed_learner_without_a_name_is_told_how_to_claim(
    client, course, django_capture_on_commit_callbacks
):
    nameless = UserFactory(first_name="", last_name="")
    client.force_login(nameless)
    enrol(nameless, course)
    attempt = open_attempt(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(quiz_url(course), form_data(attempt, correct_answers(attempt)))
    assert Certificate.objects.count() == 0
    body = client.get(result_url(course, 1)).content.decode()
    assert "Course complete" in body
    assert f'href="{reverse("profile")}"' in body
    assert "claim your certificate" in body


# Query budgets: the same whatever the number of lessons.

# Session and user; Wagtail's routing to the course (site, pages on the path, aliases,
# view restrictions); the site chrome (menu pages, permissions); and the page's own:
# the enrolment and the open attempt, in a transaction.
QUIZ_BUDGET = 18
# A new attempt also reads the progress (lessons, completions, quiz passed), counts
# the submitted attempts and writes the new one.
QUIZ_NEW_ATTEMPT_BUDGET = 23
# Routing and chrome as above, then every attempt of the learner at the course, the
# answers of this one and the certificate.
RESULT_BUDGET = 17


@pytest.mark.parametrize("lessons", [5, 50])
def test_quiz_page_query_budget(
    client, index, learner, lessons, django_assert_max_num_queries
):
    course = course_factory(index, lessons=lessons, quiz_questions=8)
    enrol(learner, course)
    client.get(reverse("dashboard"))  # the session's time zone and the site's paths
    with django_assert_max_num_queries(QUIZ_NEW_ATTEMPT_BUDGET):
        assert client.get(quiz_url(course)).status_code == 200
    with django_assert_max_num_queries(QUIZ_BUDGET):
        assert client.get(quiz_url(course)).status_code == 200


@pytest.mark.parametrize("lessons", [5, 50])
def test_result_page_query_budget(
    client,
    index,
    learner,
    lessons,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    course = course_factory(index, lessons=lessons, quiz_questions=8)
    enrol(learner, course)
    first = open_attempt(client, course)
    client.post(quiz_url(course), form_data(first, wrong_answers(first)))
    second = open_attempt(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(quiz_url(course), form_data(second, correct_answers(second)))
    with django_assert_max_num_queries(RESULT_BUDGET):
        response = client.get(result_url(course, 2))
    assert response.status_code == 200
    assert "Course complete" in response.content.decode()
