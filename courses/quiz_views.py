"""The course quiz: taking an attempt and reading its result.

The quiz page renders the attempt from its snapshot and never prints which options
are correct, their feedback or the explanations; those appear only on the result
page, once the attempt is submitted and graded on the server."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .choices import AttemptStatus, EnrolmentStatus, QuestionKind
from .selectors import course_certificate, quiz_attempt_of, quiz_attempts_for

ANSWER_PREFIX = "q-"


def _course_url(request, course, name: str = "", *args) -> str:
    url = course.get_url(request)
    if not name:
        return url
    if not url.endswith("/"):
        url += "/"
    return url + course.reverse_subpage(name, args=args)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _posted_answers(post) -> dict[str, list[str]]:
    """Every ``q-<question id>`` field of the form, so that answers to questions
    the attempt does not hold reach the service and are refused there."""
    return {
        name[len(ANSWER_PREFIX) :]: post.getlist(name)
        for name in post
        if name.startswith(ANSWER_PREFIX)
    }


def _questions_for_form(attempt, chosen: dict[str, list[str]] | None) -> list[dict]:
    """The attempt's questions as the form shows them: text, kind and options in
    the shuffled order, with the learner's choices kept after a refused submit —
    and nothing else from the snapshot. ``problem`` says what to fix in a question,
    for the error summary."""
    total = len(attempt.questions)
    rows = []
    for number, question in enumerate(attempt.questions, start=1):
        selected = set((chosen or {}).get(question["id"], []))
        multiple = question["kind"] == QuestionKind.MULTIPLE
        problem = ""
        if chosen is not None and not selected:
            problem = _("not answered yet")
        elif not multiple and len(selected) > 1:
            problem = _("choose only one answer")
        rows.append(
            {
                "id": question["id"],
                "number": number,
                "total": total,
                "text": question["text"],
                "kind": question["kind"],
                "multiple": multiple,
                "kind_label": QuestionKind(question["kind"]).label,
                "options": [
                    {
                        "key": option["key"],
                        "text": option["text"],
                        "selected": option["key"] in selected,
                    }
                    for option in question["options"]
                ],
                "problem": problem,
            }
        )
    return rows


def _render_attempt(request, course, attempt, *, chosen=None, error=""):
    questions = _questions_for_form(attempt, chosen)
    max_attempts = course.quiz_max_attempts
    context = {
        "page": course,
        "course": course,
        "attempt": attempt,
        "questions": questions,
        "error": error,
        "problems": [row for row in questions if row["problem"]],
        "max_attempts": max_attempts,
        "attempts_after_this": (
            None if max_attempts is None else max(max_attempts - attempt.number, 0)
        ),
        "form_action": _course_url(request, course, "quiz"),
    }
    return render(request, "courses/quiz.html", context)


def quiz_take(request, course):
    """GET shows the open attempt (or draws a new one); POST submits it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        return _quiz_submit(request, course)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        attempt = services.quiz_attempt_start(learner=request.user, course=course)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_course_url(request, course))
    return _render_attempt(request, course, attempt)


def _quiz_submit(request, course):
    answers = _posted_answers(request.POST)
    attempt_id = request.POST.get("attempt")
    try:
        attempt = services.quiz_attempt_submit(
            learner=request.user,
            course=course,
            attempt_id=attempt_id,
            answers=answers,
        )
    except ValidationError as error:
        return _submit_refused(request, course, attempt_id, answers, error)
    return redirect(_course_url(request, course, "quiz_result", attempt.number))


def _submit_refused(request, course, attempt_id, answers, error):
    """Show why a submission was refused: on the same attempt when the learner can
    correct it, otherwise on the result or the course page."""
    message = _error_text(error)
    attempt = quiz_attempt_of(
        learner=request.user, course=course, attempt_id=attempt_id
    )
    if attempt is None or not attempt.enrolment.is_open:
        messages.error(request, message)
        return redirect(_course_url(request, course))
    if attempt.status == AttemptStatus.SUBMITTED:
        messages.error(request, message)
        return redirect(_course_url(request, course, "quiz_result", attempt.number))
    return _render_attempt(request, course, attempt, chosen=answers, error=message)


def _option_rows(question: dict, selected: set[str]) -> list[dict]:
    return [
        {
            "text": option["text"],
            "chosen": option["key"] in selected,
            "correct": option["correct"],
            "feedback": option.get("feedback", ""),
        }
        for option in question["options"]
    ]


def _result_rows(attempt) -> list[dict]:
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    total = len(attempt.questions)
    rows = []
    for number, question in enumerate(attempt.questions, start=1):
        answer = answers.get(question["id"])
        selected = set(answer.selected) if answer is not None else set()
        rows.append(
            {
                "id": question["id"],
                "number": number,
                "total": total,
                "text": question["text"],
                "correct": bool(answer and answer.correct),
                "options": _option_rows(question, selected),
                "explanation": question.get("explanation", ""),
            }
        )
    return rows


def quiz_result(request, course, number):
    """The learner's own submitted attempt at this course's quiz, graded."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    # The one asked for and the list of them all, from one query.
    attempts = quiz_attempts_for(learner=request.user, course=course)
    submitted = [each for each in attempts if each.status == AttemptStatus.SUBMITTED]
    attempt = next((each for each in submitted if each.number == number), None)
    if attempt is None:
        raise Http404(_("There is no such quiz result."))
    enrolment = attempt.enrolment
    quiz_passed = any(each.passed for each in submitted)
    attempts_left = services.quiz_attempts_left(course=course, submitted=len(submitted))
    # The completion (hours and certificate) is shown with the attempt that passed.
    completed = attempt.passed and enrolment.status == EnrolmentStatus.COMPLETED
    context = {
        "page": course,
        "course": course,
        "attempt": attempt,
        "enrolment": enrolment,
        "questions": _result_rows(attempt),
        "attempts": submitted,
        "open_attempt": next(
            (each for each in attempts if each.status == AttemptStatus.IN_PROGRESS),
            None,
        ),
        "attempts_left": attempts_left,
        "quiz_passed": quiz_passed,
        "can_try_again": (not quiz_passed and enrolment.is_open and attempts_left != 0),
        "completed": completed,
        "certificate": (
            course_certificate(learner=request.user, course=course)
            if completed
            else None
        ),
    }
    return render(request, "courses/quiz_result.html", context)
