"""What learners and administrators do with courses. Each function is one action,
atomic, and refuses bad input with a message the person can act on, changing
nothing. Completing a course awards its hours and certificate exactly once."""

import logging
import random
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from certificates.services import certificate_issue, recipient_name_for
from lms.choices import CreditKind
from lms.services import credit_award

from .choices import AttemptStatus, EnrolmentStatus, QuestionKind
from .models import (
    CoursePage,
    Enrolment,
    KnowledgeCheckResponse,
    LessonCompletion,
    LessonPage,
    QuizAnswer,
    QuizAttempt,
    ReflectionNote,
)
from .selectors import COURSE_SOURCE_TYPE, course_progress, missing_prerequisites

logger = logging.getLogger(__name__)

_random = random.SystemRandom()

NOTE_MAX_LENGTH = 5000


# --- Enrolment --------------------------------------------------------------------


def _title_list(courses) -> str:
    return ", ".join(f"“{course.title}”" for course in courses)


@transaction.atomic
def enrolment_create(*, learner, course: CoursePage) -> Enrolment:
    """Enrol the learner, or ask for approval when the course needs it."""
    if not course.live:
        raise ValidationError(_("This course is not open for enrolment."))
    existing = Enrolment.objects.filter(learner=learner, course=course).first()
    if existing is not None:
        raise ValidationError(_already_enrolled_message(existing))
    missing = missing_prerequisites(learner=learner, course=course)
    if missing:
        raise ValidationError(
            _("Complete %(courses)s first: this course builds on it.")
            % {"courses": _title_list(missing)}
            if len(missing) == 1
            else _("Complete %(courses)s first: this course builds on them.")
            % {"courses": _title_list(missing)}
        )
    status = (
        EnrolmentStatus.PENDING if course.requires_approval else EnrolmentStatus.ACTIVE
    )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                learner=learner, course=course, status=status
            )
    except IntegrityError:
        # A double click: the other request enrolled first.
        existing = Enrolment.objects.get(learner=learner, course=course)
        raise ValidationError(_already_enrolled_message(existing)) from None
    return enrolment


def _already_enrolled_message(enrolment: Enrolment) -> str:
    return {
        EnrolmentStatus.PENDING: _(
            "You have already asked to join this course; an administrator will "
            "reply soon."
        ),
        EnrolmentStatus.ACTIVE: _("You are already enrolled in this course."),
        EnrolmentStatus.COMPLETED: _("You have already completed this course."),
        EnrolmentStatus.DECLINED: _(
            "Your request to join this course was not approved. Contact the "
            "course administrators if you think this is a mistake."
        ),
    }[enrolment.status]


def _decide(*, enrolment: Enrolment, by, status: str, reason: str = "") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.PENDING:
        raise ValidationError(
            _("This request was already answered (%(status)s).")
            % {"status": enrolment.get_status_display()}
        )
    enrolment.status = status
    enrolment.decided_at = timezone.now()
    enrolment.decided_by = by
    enrolment.decline_reason = reason
    enrolment.save(
        update_fields=["status", "decided_at", "decided_by", "decline_reason"]
    )
    log(
        instance=enrolment,
        action=f"courses.enrolment_{status}",
        user=by,
        data={"reason": reason} if reason else None,
    )
    enrolment_id = enrolment.pk

    def notify():
        from .tasks import enrolment_decision_notify

        try:
            enrolment_decision_notify.delay(enrolment_id)
        except Exception:
            # The broker is down: the decision stands and shows on the learner's
            # course page; only the e-mail is lost. Never fail the request.
            logger.exception(
                "Could not queue the e-mail about enrolment %s", enrolment_id
            )

    transaction.on_commit(notify)
    return enrolment


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by) -> Enrolment:
    return _decide(enrolment=enrolment, by=by, status=EnrolmentStatus.ACTIVE)


@transaction.atomic
def enrolment_decline(*, enrolment: Enrolment, by, reason: str) -> Enrolment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the learner will see it.")})
    return _decide(
        enrolment=enrolment, by=by, status=EnrolmentStatus.DECLINED, reason=reason
    )


def _open_enrolment(*, learner, course: CoursePage, lock: bool = False) -> Enrolment:
    """The learner's enrolment if they may work on the course, else a clear refusal."""
    enrolments = Enrolment.objects.filter(learner=learner, course=course)
    if lock:
        enrolments = enrolments.select_for_update()
    enrolment = enrolments.first()
    if enrolment is None:
        raise ValidationError(
            _("Enrol in “%(course)s” first.") % {"course": course.title}
        )
    if enrolment.status == EnrolmentStatus.PENDING:
        raise ValidationError(
            _("Your enrolment is waiting for an administrator's approval.")
        )
    if enrolment.status == EnrolmentStatus.DECLINED:
        raise ValidationError(_already_enrolled_message(enrolment))
    return enrolment


def _course_of(lesson: LessonPage) -> CoursePage:
    course = lesson.get_parent().specific
    if not isinstance(course, CoursePage):
        raise ValidationError(_("This lesson does not belong to a course."))
    return course


# --- Lessons ----------------------------------------------------------------------


@transaction.atomic
def lesson_complete(*, learner, lesson: LessonPage) -> tuple[LessonCompletion, bool]:
    """Mark a lesson done (once) and complete the course if that was the last step.
    Returns the completion and whether it is new."""
    if not lesson.live:
        raise ValidationError(_("This lesson is not published."))
    course = _course_of(lesson)
    enrolment = _open_enrolment(learner=learner, course=course)
    completion, created = LessonCompletion.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    if created:
        course_complete_if_done(enrolment=enrolment)
    return completion, created


def _check_keys(value, selected: list[str]) -> list[str]:
    keys = [str(index) for index in range(len(value["options"]))]
    chosen = [str(key) for key in selected]
    if not chosen:
        raise ValidationError(_("Choose an answer first."))
    if len(set(chosen)) != len(chosen) or not set(chosen) <= set(keys):
        raise ValidationError(_("That answer is not one of the options."))
    if value["kind"] != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise ValidationError(_("Choose one answer."))
    return sorted(chosen, key=int)


@transaction.atomic
def knowledge_check_answer(
    *, learner, lesson: LessonPage, block_id: str, selected: list[str]
) -> KnowledgeCheckResponse:
    """Record the learner's answer to a knowledge check; they may try again."""
    course = _course_of(lesson)
    enrolment = _open_enrolment(learner=learner, course=course)
    value = lesson.block_value(block_id, "knowledge_check")
    if value is None:
        raise ValidationError(_("This question is no longer part of the lesson."))
    chosen = _check_keys(value, selected)
    correct_keys = {
        str(index) for index, option in enumerate(value["options"]) if option["correct"]
    }
    correct = set(chosen) == correct_keys
    response = (
        KnowledgeCheckResponse.objects.select_for_update()
        .filter(enrolment=enrolment, block_id=block_id)
        .first()
    )
    if response is None:
        try:
            with transaction.atomic():
                return KnowledgeCheckResponse.objects.create(
                    enrolment=enrolment,
                    lesson=lesson,
                    block_id=block_id,
                    selected=chosen,
                    correct=correct,
                )
        except IntegrityError:
            response = KnowledgeCheckResponse.objects.select_for_update().get(
                enrolment=enrolment, block_id=block_id
            )
    response.selected = chosen
    response.correct = correct
    response.tries += 1
    response.answered_at = timezone.now()
    response.save(update_fields=["selected", "correct", "tries", "answered_at"])
    return response


@transaction.atomic
def reflection_note_save(
    *, learner, lesson: LessonPage, block_id: str, text: str
) -> ReflectionNote | None:
    """Keep (or, when emptied, delete) the learner's private note on a prompt."""
    course = _course_of(lesson)
    _open_enrolment(learner=learner, course=course)
    value = lesson.block_value(block_id, "reflection")
    if value is None:
        raise ValidationError(_("This prompt is no longer part of the lesson."))
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep the note to %(max)s characters; it has %(count)s.")
                % {"max": NOTE_MAX_LENGTH, "count": len(text)}
            }
        )
    existing = ReflectionNote.objects.filter(
        learner=learner, lesson=lesson, block_id=block_id
    )
    if not text:
        existing.delete()
        return None
    now = timezone.now()
    note, created = ReflectionNote.objects.get_or_create(
        learner=learner,
        lesson=lesson,
        block_id=block_id,
        defaults={
            "prompt": value["prompt"],
            "text": text,
            "created_at": now,
            "updated_at": now,
        },
    )
    if not created:
        note.text = text
        note.prompt = value["prompt"]
        note.updated_at = now
        note.save(update_fields=["text", "prompt", "updated_at"])
    return note


# --- Quiz -------------------------------------------------------------------------


def _question_snapshot(question_id: str, value) -> dict:
    options = [
        {
            "key": str(index),
            "text": option["text"],
            "correct": bool(option["correct"]),
            "feedback": option.get("feedback") or "",
        }
        for index, option in enumerate(value["options"])
    ]
    _random.shuffle(options)
    return {
        "id": question_id,
        "text": value["question"],
        "kind": value["kind"],
        "explanation": value.get("explanation") or "",
        "options": options,
    }


def quiz_attempts_left(*, course: CoursePage, submitted: int) -> int | None:
    """None means unlimited."""
    if course.quiz_max_attempts is None:
        return None
    return max(course.quiz_max_attempts - submitted, 0)


@transaction.atomic
def quiz_attempt_start(*, learner, course: CoursePage) -> QuizAttempt:
    """The learner's open attempt, or a new one with freshly drawn and shuffled
    questions when they may take the quiz again."""
    enrolment = _open_enrolment(learner=learner, course=course, lock=True)
    if not course.has_quiz:
        raise ValidationError(_("This course has no quiz."))
    open_attempt = enrolment.quiz_attempts.filter(
        status=AttemptStatus.IN_PROGRESS
    ).first()
    if open_attempt is not None:
        return open_attempt
    progress = course_progress(course=course, enrolment=enrolment)
    if progress.quiz_passed:
        raise ValidationError(_("You have already passed this quiz."))
    if not progress.lessons_done:
        raise ValidationError(
            _("Complete the lessons first; the quiz comes at the end of the course.")
        )
    submitted = enrolment.quiz_attempts.filter(status=AttemptStatus.SUBMITTED).count()
    if quiz_attempts_left(course=course, submitted=submitted) == 0:
        raise ValidationError(
            _(
                "You have used all %(count)s attempts at this quiz. Contact the course "
                "administrators if you need another."
            )
            % {"count": course.quiz_max_attempts}
        )
    bank = list(course.quiz_questions().items())
    count = course.quiz_questions_per_attempt or len(bank)
    drawn = _random.sample(bank, min(count, len(bank)))
    return QuizAttempt.objects.create(
        enrolment=enrolment,
        number=submitted + 1,
        questions=[_question_snapshot(qid, value) for qid, value in drawn],
        pass_mark=course.quiz_pass_mark,
    )


@transaction.atomic
def quiz_attempt_submit(
    *,
    learner,
    course: CoursePage,
    attempt_id,
    answers: Mapping[str, list[str]],
) -> QuizAttempt:
    """Grade an attempt on the server from its snapshot. ``answers`` maps question
    ids to the option keys chosen. Anything that does not fit the attempt — another
    learner's or course's attempt, unknown questions, options that were not offered,
    a second submit — is refused and nothing is stored."""
    enrolment = _open_enrolment(learner=learner, course=course, lock=True)
    try:
        attempt_pk = int(attempt_id)
    except (TypeError, ValueError):
        raise ValidationError(_("This quiz form is not valid; start again.")) from None
    attempt = (
        QuizAttempt.objects.select_for_update()
        .filter(pk=attempt_pk, enrolment=enrolment)
        .first()
    )
    if attempt is None:
        raise ValidationError(
            _("This attempt does not belong to your enrolment in this course.")
        )
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ValidationError(
            _("This attempt was already submitted; your result is below.")
        )
    questions = {question["id"]: question for question in attempt.questions}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError(
            _("The form held answers to questions that are not in this attempt.")
        )
    unanswered = [
        str(number)
        for number, question in enumerate(attempt.questions, start=1)
        if not answers.get(question["id"])
    ]
    if unanswered:
        raise ValidationError(
            _("Answer every question before you submit. Still to answer: %(numbers)s.")
            % {"numbers": ", ".join(unanswered)}
        )
    rows = []
    for question in attempt.questions:
        chosen = [str(key) for key in answers[question["id"]]]
        keys = {option["key"] for option in question["options"]}
        if len(set(chosen)) != len(chosen) or not set(chosen) <= keys:
            raise ValidationError(
                _("An answer was not one of the options offered; start again.")
            )
        if question["kind"] != QuestionKind.MULTIPLE and len(chosen) != 1:
            raise ValidationError(
                _("Question %(text)s takes one answer.") % {"text": question["text"]}
            )
        correct_keys = {
            option["key"] for option in question["options"] if option["correct"]
        }
        rows.append(
            QuizAnswer(
                attempt=attempt,
                question_id=question["id"],
                question_text=question["text"],
                selected=sorted(chosen, key=int),
                correct=set(chosen) == correct_keys,
            )
        )
    QuizAnswer.objects.bulk_create(rows)
    attempt.correct_count = sum(1 for row in rows if row.correct)
    attempt.score = (Decimal(attempt.correct_count) * 100 / len(rows)).quantize(
        Decimal("0.01")
    )
    attempt.passed = attempt.score >= attempt.pass_mark
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = timezone.now()
    attempt.save(
        update_fields=["correct_count", "score", "passed", "status", "submitted_at"]
    )
    if attempt.passed:
        course_complete_if_done(enrolment=enrolment)
    return attempt


# --- Completion -------------------------------------------------------------------


@transaction.atomic
def course_complete_if_done(*, enrolment: Enrolment) -> bool:
    """Complete the course when every required lesson is done and the quiz (if any)
    is passed: mark the enrolment, award the clock hours and issue the certificate in
    this one transaction. The row lock and the unique constraints of the ledger and
    the certificates make it happen once, whatever the retries or concurrent
    requests. Returns whether it completed now."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "learner")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.ACTIVE:
        return False
    course = enrolment.course
    progress = course_progress(course=course, enrolment=enrolment)
    if not progress.lessons or not progress.complete:
        return False
    now = timezone.now()
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = now
    enrolment.save(update_fields=["status", "completed_at"])
    learner = enrolment.learner
    credit_award(
        learner=learner,
        kind=CreditKind.COURSE,
        source_type=COURSE_SOURCE_TYPE,
        source_id=course.pk,
        title=course.title,
        provider=_provider(),
        date=timezone.localdate(now),
        hours=course.clock_hours,
        competency_areas=course.competency_areas.all(),
        dei=course.dei,
        rsc_topic=course.rsc_topic,
    )
    log(instance=enrolment, action="courses.completed", user=learner)
    course_certificate_issue(enrolment=enrolment, quiet=True)
    return True


def _provider() -> str:
    from django.conf import settings

    return getattr(settings, "CERTIFICATE_ISSUER_NAME", "") or settings.SITE_NAME


@transaction.atomic
def course_certificate_issue(*, enrolment: Enrolment, quiet: bool = False):
    """Issue the certificate of a completed course (once). A learner without a name
    to print completes the course anyway; they claim the certificate from the course
    page once their profile has a name. With ``quiet``, a refusal is logged instead
    of raised, so it never undoes a completion."""
    enrolment = Enrolment.objects.select_related("learner", "course").get(
        pk=enrolment.pk
    )
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationError(_("Complete the course to receive its certificate."))
    learner = enrolment.learner
    course = enrolment.course
    if not recipient_name_for(learner):
        if quiet:
            return None
        raise ValidationError(
            _(
                "Add the name to print on your certificates to your profile, then "
                "come back for your certificate."
            )
        )
    try:
        with transaction.atomic():
            certificate, _created = certificate_issue(
                learner=learner,
                title=course.title,
                hours=course.clock_hours,
                source_type=COURSE_SOURCE_TYPE,
                source_id=course.pk,
                template=course.certificate_template,
                competency_areas=course.competency_areas.all(),
                issued_on=timezone.localdate(enrolment.completed_at),
            )
    except ValidationError:
        if not quiet:
            raise
        logger.exception(
            "Could not issue the certificate for enrolment %s", enrolment.pk
        )
        return None
    return certificate
