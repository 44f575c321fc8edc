"""Enrolment, lessons, knowledge checks, notes, the quiz and course completion, through
the services: what they record, what they refuse, and that completion counts once."""

import threading
from decimal import Decimal
from unittest import mock

import pytest

from django.core.exceptions import ValidationError
from django.db import connections

from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from courses import selectors, services
from courses.choices import AttemptStatus, EnrolmentStatus
from courses.models import (
    Enrolment,
    KnowledgeCheckResponse,
    LessonCompletion,
    QuizAnswer,
    QuizAttempt,
    ReflectionNote,
)
from lms.choices import CreditKind
from lms.models import CreditEntry
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories import courses as factories


@pytest.fixture
def learner(db):
    return LearnerProfileFactory(certificate_name="Amara N. Okafor").user


def lessons_of(course):
    return selectors.lessons_for(course=course)


def finish_lessons(learner, course):
    for lesson in lessons_of(course):
        services.lesson_complete(learner=learner, lesson=lesson)


def pass_quiz(learner, course):
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    return services.quiz_attempt_submit(
        learner=learner,
        course=course,
        attempt_id=attempt.pk,
        answers=factories.correct_answers(attempt),
    )


def wrong_answers(attempt):
    answers = {}
    for question in attempt.questions:
        wrong = [o["key"] for o in question["options"] if not o["correct"]]
        answers[question["id"]] = wrong[:1]
    return answers


# --- Enrolment ----------------------------------------------------------------------


def test_enrolling_twice_is_refused_and_records_one_enrolment(site_tree, learner):
    course = factories.course()
    enrolment = services.enrolment_create(learner=learner, course=course)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_create(learner=learner, course=course)
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_prerequisites_must_be_completed_first(site_tree, learner):
    basics = factories.course(title="Attachment basics", lessons=1, quiz_questions=0)
    advanced = factories.course(title="Advanced attachment", lessons=1)
    advanced.prerequisites.set([basics])
    advanced.save_revision().publish()
    with pytest.raises(ValidationError, match="Complete “Attachment basics” first"):
        services.enrolment_create(learner=learner, course=advanced)
    assert not Enrolment.objects.filter(learner=learner, course=advanced).exists()

    services.enrolment_create(learner=learner, course=basics)
    finish_lessons(learner, basics)
    assert services.enrolment_create(learner=learner, course=advanced)


def test_approval_required_courses_wait_for_an_administrator(site_tree, learner):
    course = factories.course(requires_approval=True)
    enrolment = services.enrolment_create(learner=learner, course=course)
    assert enrolment.status == EnrolmentStatus.PENDING
    lesson = lessons_of(course)[0]
    with pytest.raises(ValidationError, match="waiting for an administrator"):
        services.lesson_complete(learner=learner, lesson=lesson)
    with pytest.raises(ValidationError, match="already asked"):
        services.enrolment_create(learner=learner, course=course)

    admin = staff_user("Administrator")
    services.enrolment_approve(enrolment=enrolment, by=admin)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.decided_by == admin
    with pytest.raises(ValidationError, match="already answered"):
        services.enrolment_decline(enrolment=enrolment, by=admin, reason="Full")
    services.lesson_complete(learner=learner, lesson=lesson)


def test_declining_needs_a_reason_and_keeps_the_learner_out(site_tree, learner):
    course = factories.course(requires_approval=True)
    enrolment = services.enrolment_create(learner=learner, course=course)
    admin = staff_user("Administrator")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.enrolment_decline(enrolment=enrolment, by=admin, reason="  ")
    services.enrolment_decline(
        enrolment=enrolment, by=admin, reason="This cohort is for nurses."
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DECLINED
    assert enrolment.decline_reason == "This cohort is for nurses."
    assert ModelLogEntry.objects.filter(
        object_id=str(enrolment.pk), action="courses.enrolment_declined"
    ).exists()
    with pytest.raises(ValidationError, match="not approved"):
        services.lesson_complete(learner=learner, lesson=lessons_of(course)[0])


def test_a_draft_course_cannot_be_joined(site_tree, learner):
    course = factories.course(publish=False)
    with pytest.raises(ValidationError, match="not open"):
        services.enrolment_create(learner=learner, course=course)


# --- Lessons, knowledge checks and notes ----------------------------------------------


def test_completing_a_lesson_of_a_course_not_enrolled_in_is_refused(site_tree, learner):
    course = factories.course()
    with pytest.raises(ValidationError, match="Enrol in “Attachment basics” first"):
        services.lesson_complete(learner=learner, lesson=lessons_of(course)[0])
    assert not LessonCompletion.objects.exists()


def test_a_lesson_completes_once_and_progress_follows(site_tree, learner):
    course = factories.course(lessons=4)
    enrolment = services.enrolment_create(learner=learner, course=course)
    lessons = lessons_of(course)
    _, created = services.lesson_complete(learner=learner, lesson=lessons[1])
    assert created
    _, created = services.lesson_complete(learner=learner, lesson=lessons[1])
    assert not created
    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == 1
    progress = selectors.course_progress(course=course, enrolment=enrolment)
    # 4 lessons and the quiz are five steps; one is done.
    assert progress.percent == 20
    # Resume at the first lesson not yet done.
    assert progress.next_lesson.pk == lessons[0].pk
    number, previous, following = progress.position_of(lessons[1])
    assert (number, previous.pk, following.pk) == (2, lessons[0].pk, lessons[2].pk)


def test_optional_lessons_do_not_hold_up_completion(site_tree, learner):
    course = factories.course(lessons=2, quiz_questions=0)
    optional = factories.lesson(course, number=3, required=False)
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course.__class__.objects.get(pk=course.pk))
    LessonCompletion.objects.filter(lesson=optional).delete()
    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    progress = selectors.course_progress(course=course, enrolment=enrolment)
    assert progress.complete
    assert progress.next_lesson.pk == optional.pk


def test_a_knowledge_check_records_the_latest_answer_and_tries(site_tree, learner):
    course = factories.course(lessons=1)
    services.enrolment_create(learner=learner, course=course)
    lesson = lessons_of(course)[0].specific
    block_id = next(b.id for b in lesson.body if b.block_type == "knowledge_check")
    response = services.knowledge_check_answer(
        learner=learner, lesson=lesson, block_id=block_id, selected=["1"]
    )
    assert not response.correct
    response = services.knowledge_check_answer(
        learner=learner, lesson=lesson, block_id=block_id, selected=["0"]
    )
    assert response.correct and response.tries == 2
    assert KnowledgeCheckResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("block", "selected", "message"),
    [
        ("missing", ["0"], "no longer part"),
        ("check", [], "Choose an answer"),
        ("check", ["7"], "not one of the options"),
        ("check", ["0", "0"], "not one of the options"),
        ("check", ["0", "1"], "Choose one answer"),
    ],
)
def test_bad_knowledge_check_answers_are_refused(
    site_tree, learner, block, selected, message
):
    course = factories.course(lessons=1)
    services.enrolment_create(learner=learner, course=course)
    lesson = lessons_of(course)[0].specific
    block_id = next(b.id for b in lesson.body if b.block_type == "knowledge_check")
    with pytest.raises(ValidationError, match=message):
        services.knowledge_check_answer(
            learner=learner,
            lesson=lesson,
            block_id=block_id if block == "check" else "no-such-block",
            selected=selected,
        )
    assert not KnowledgeCheckResponse.objects.exists()


def test_reflection_notes_are_kept_updated_and_cleared(site_tree, learner):
    course = factories.course(lessons=1)
    services.enrolment_create(learner=learner, course=course)
    lesson = lessons_of(course)[0].specific
    block_id = next(b.id for b in lesson.body if b.block_type == "reflection")
    note = services.reflection_note_save(
        learner=learner, lesson=lesson, block_id=block_id, text="First thoughts."
    )
    assert note.prompt.startswith("Think of a baby")
    services.reflection_note_save(
        learner=learner, lesson=lesson, block_id=block_id, text="Second thoughts."
    )
    assert ReflectionNote.objects.get().text == "Second thoughts."
    with pytest.raises(ValidationError, match="Keep the note to 5000"):
        services.reflection_note_save(
            learner=learner, lesson=lesson, block_id=block_id, text="x" * 5001
        )
    assert ReflectionNote.objects.get().text == "Second thoughts."
    services.reflection_note_save(
        learner=learner, lesson=lesson, block_id=block_id, text="   "
    )
    assert not ReflectionNote.objects.exists()
    # Someone not enrolled cannot write notes on the lesson.
    with pytest.raises(ValidationError, match="Enrol"):
        services.reflection_note_save(
            learner=UserFactory(), lesson=lesson, block_id=block_id, text="Hi"
        )


# --- The quiz -------------------------------------------------------------------------


def test_the_quiz_opens_only_after_the_lessons(site_tree, learner):
    course = factories.course(lessons=2)
    services.enrolment_create(learner=learner, course=course)
    with pytest.raises(ValidationError, match="Complete the lessons first"):
        services.quiz_attempt_start(learner=learner, course=course)
    finish_lessons(learner, course)
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    # Opening the quiz again resumes the same attempt.
    assert services.quiz_attempt_start(learner=learner, course=course) == attempt


def test_an_attempt_is_a_shuffled_snapshot_of_the_bank(site_tree, learner):
    course = factories.course(lessons=1, quiz_questions=6, quiz_questions_per_attempt=4)
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    bank = course.quiz_questions()
    assert len(attempt.questions) == 4
    for question in attempt.questions:
        original = bank[question["id"]]
        assert question["text"] == original["question"]
        keys = sorted(int(option["key"]) for option in question["options"])
        assert keys == list(range(len(original["options"])))
        for option in question["options"]:
            source = original["options"][int(option["key"])]
            assert option["text"] == source["text"]
            assert option["correct"] == source["correct"]


def test_grading_counts_only_exact_answers(site_tree, learner):
    course = factories.course(lessons=1, quiz_questions=3, quiz_pass_mark=60)
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    answers = factories.correct_answers(attempt)
    multiple = next(q for q in attempt.questions if q["kind"] == "multiple")
    # Only one of the two right options of the multiple-choice question.
    answers[multiple["id"]] = answers[multiple["id"]][:1]
    attempt = services.quiz_attempt_submit(
        learner=learner, course=course, attempt_id=attempt.pk, answers=answers
    )
    assert attempt.correct_count == 2
    assert attempt.score == Decimal("66.67")
    assert attempt.passed
    assert QuizAnswer.objects.get(question_id=multiple["id"]).correct is False


def test_a_failed_attempt_allows_another_until_the_limit(site_tree, learner):
    course = factories.course(lessons=1, quiz_max_attempts=2)
    enrolment = services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    for _number in range(2):
        attempt = services.quiz_attempt_start(learner=learner, course=course)
        attempt = services.quiz_attempt_submit(
            learner=learner,
            course=course,
            attempt_id=attempt.pk,
            answers=wrong_answers(attempt),
        )
        assert not attempt.passed and attempt.score == 0
    with pytest.raises(ValidationError, match="used all 2 attempts"):
        services.quiz_attempt_start(learner=learner, course=course)
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 2
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_a_passed_quiz_cannot_be_retaken(site_tree, learner):
    course = factories.course(lessons=1)
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    pass_quiz(learner, course)
    with pytest.raises(ValidationError, match="already passed"):
        services.quiz_attempt_start(learner=learner, course=course)


@pytest.fixture
def open_attempt(site_tree, learner):
    course = factories.course(lessons=1, quiz_questions=3)
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    return course, services.quiz_attempt_start(learner=learner, course=course)


def submit(learner, course, attempt, answers):
    return services.quiz_attempt_submit(
        learner=learner, course=course, attempt_id=attempt.pk, answers=answers
    )


def test_answers_to_questions_not_in_the_attempt_are_refused(learner, open_attempt):
    course, attempt = open_attempt
    answers = factories.correct_answers(attempt)
    answers["not-a-question"] = ["0"]
    with pytest.raises(ValidationError, match="not in this attempt"):
        submit(learner, course, attempt, answers)
    assert not QuizAnswer.objects.exists()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_options_that_were_not_offered_are_refused(learner, open_attempt):
    course, attempt = open_attempt
    answers = factories.correct_answers(attempt)
    answers[attempt.questions[0]["id"]] = ["9"]
    with pytest.raises(ValidationError, match="not one of the options"):
        submit(learner, course, attempt, answers)
    assert not QuizAnswer.objects.exists()


def test_two_answers_to_a_single_choice_question_are_refused(learner, open_attempt):
    course, attempt = open_attempt
    answers = factories.correct_answers(attempt)
    single = next(q for q in attempt.questions if q["kind"] == "single")
    answers[single["id"]] = ["0", "1"]
    with pytest.raises(ValidationError, match="takes one answer"):
        submit(learner, course, attempt, answers)
    assert not QuizAnswer.objects.exists()


def test_unanswered_questions_are_named(learner, open_attempt):
    course, attempt = open_attempt
    answers = factories.correct_answers(attempt)
    del answers[attempt.questions[1]["id"]]
    with pytest.raises(ValidationError, match="Still to answer: 2"):
        submit(learner, course, attempt, answers)
    assert not QuizAnswer.objects.exists()


def test_a_repeated_submit_is_refused_and_counted_once(learner, open_attempt):
    course, attempt = open_attempt
    submit(learner, course, attempt, factories.correct_answers(attempt))
    with pytest.raises(ValidationError, match="already submitted"):
        submit(learner, course, attempt, factories.correct_answers(attempt))
    assert QuizAnswer.objects.count() == 3
    assert CreditEntry.objects.filter(learner=learner).count() == 1


def test_another_learners_or_courses_attempt_is_refused(
    site_tree, learner, open_attempt
):
    course, attempt = open_attempt
    other = LearnerProfileFactory().user
    services.enrolment_create(learner=other, course=course)
    with pytest.raises(ValidationError, match="does not belong"):
        submit(other, course, attempt, factories.correct_answers(attempt))
    second = factories.course(title="Trauma basics", lessons=1)
    services.enrolment_create(learner=learner, course=second)
    with pytest.raises(ValidationError, match="does not belong"):
        submit(learner, second, attempt, factories.correct_answers(attempt))
    with pytest.raises(ValidationError, match="not valid"):
        services.quiz_attempt_submit(
            learner=learner, course=course, attempt_id="1; DROP", answers={}
        )
    assert not QuizAnswer.objects.exists()


def test_an_attempt_is_graded_from_its_snapshot_after_the_bank_is_edited(
    learner, open_attempt
):
    course, attempt = open_attempt
    course.quiz = []
    course.save_revision().publish()
    attempt = submit(learner, course, attempt, factories.correct_answers(attempt))
    assert attempt.passed and attempt.score == 100


# --- Completion -----------------------------------------------------------------------


def test_completion_awards_hours_and_issues_the_certificate_once(
    site_tree, learner, django_capture_on_commit_callbacks
):
    course = factories.course(lessons=2, hours="3.25", areas=("TF-AST", "DS-SPR"))
    enrolment = services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE  # the quiz is still to pass
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_at is not None

    entry = CreditEntry.objects.get(learner=learner)
    assert entry.kind == CreditKind.COURSE
    assert entry.hours == Decimal("3.25")
    assert entry.title == course.title
    assert entry.status == "approved"
    assert {a.code for a in entry.competency_areas.all()} == {"TF-AST", "DS-SPR"}

    certificate = Certificate.objects.get(learner=learner)
    assert certificate.status == "ready"
    assert certificate.title == course.title
    assert certificate.hours == Decimal("3.25")
    assert certificate.recipient_name == "Amara N. Okafor"
    assert selectors.course_certificate(learner=learner, course=course) == certificate

    # Running the completion again (a retry) changes nothing.
    assert services.course_complete_if_done(enrolment=enrolment) is False
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1


def test_a_course_without_a_quiz_completes_with_its_last_lesson(site_tree, learner):
    course = factories.course(lessons=3, quiz_questions=0)
    services.enrolment_create(learner=learner, course=course)
    with mock.patch("certificates.tasks.certificate_render.delay"):
        finish_lessons(learner, course)
    assert Enrolment.objects.get().status == EnrolmentStatus.COMPLETED
    assert CreditEntry.objects.filter(learner=learner).count() == 1


def test_a_learner_without_a_name_completes_and_claims_the_certificate_later(
    site_tree,
):
    learner = UserFactory(first_name="", last_name="")
    course = factories.course(lessons=1, quiz_questions=0)
    enrolment = services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    assert not Certificate.objects.filter(learner=learner).exists()
    with pytest.raises(ValidationError, match="Add the name"):
        services.course_certificate_issue(enrolment=enrolment)

    learner.first_name, learner.last_name = "Jo", "Rivera"
    learner.save()
    certificate = services.course_certificate_issue(enrolment=enrolment)
    assert certificate.recipient_name == "Jo Rivera"
    assert services.course_certificate_issue(enrolment=enrolment) == certificate


def test_the_certificate_of_an_unfinished_course_is_refused(site_tree, learner):
    course = factories.course(lessons=1)
    enrolment = services.enrolment_create(learner=learner, course=course)
    with pytest.raises(ValidationError, match="Complete the course"):
        services.course_certificate_issue(enrolment=enrolment)


# --- Concurrency (PostgreSQL) ---------------------------------------------------------


def run_together(count, action):
    barrier = threading.Barrier(count)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(action())
        except ValidationError as error:
            outcomes.append(error)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return outcomes


@pytest.fixture
def pg_course(postgres):
    from lms.demo import seed

    seed()
    return factories.course(lessons=2, quiz_questions=3)


@pytest.mark.postgres
def test_twenty_concurrent_submits_complete_the_course_once(pg_course):
    course = pg_course
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=course)
    finish_lessons(learner, course)
    attempt = services.quiz_attempt_start(learner=learner, course=course)
    answers = factories.correct_answers(attempt)
    with mock.patch("certificates.tasks.certificate_render.delay"):
        outcomes = run_together(20, lambda: submit(learner, course, attempt, answers))
    graded = [each for each in outcomes if isinstance(each, QuizAttempt)]
    refused = [each for each in outcomes if isinstance(each, ValidationError)]
    assert len(graded) == 1 and len(refused) == 19
    assert QuizAnswer.objects.count() == 3
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1
    assert Enrolment.objects.get(learner=learner).status == EnrolmentStatus.COMPLETED


@pytest.mark.postgres
def test_concurrent_last_lessons_complete_the_course_once(pg_course):
    course = factories.course(title="No quiz", lessons=2, quiz_questions=0)
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=course)
    first, last = lessons_of(course)
    services.lesson_complete(learner=learner, lesson=first)
    with mock.patch("certificates.tasks.certificate_render.delay"):
        outcomes = run_together(
            12, lambda: services.lesson_complete(learner=learner, lesson=last)
        )
    assert sorted(created for _, created in outcomes) == [False] * 11 + [True]
    assert LessonCompletion.objects.count() == 2
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1


@pytest.mark.postgres
def test_concurrent_enrolments_make_one(pg_course):
    learner = LearnerProfileFactory().user
    outcomes = run_together(
        8, lambda: services.enrolment_create(learner=learner, course=pg_course)
    )
    assert sum(isinstance(each, Enrolment) for each in outcomes) == 1
    assert Enrolment.objects.filter(learner=learner).count() == 1


@pytest.mark.postgres
def test_concurrent_quiz_starts_open_one_attempt(pg_course):
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=pg_course)
    finish_lessons(learner, pg_course)
    outcomes = run_together(
        8, lambda: services.quiz_attempt_start(learner=learner, course=pg_course)
    )
    assert len({each.pk for each in outcomes}) == 1
    assert QuizAttempt.objects.count() == 1
