"""The learner's side of courses: the catalogue, a course page, its lessons, and the
forms on them. Views check who may do what, call a service and redirect; the rules
themselves live in ``services`` and ``selectors``.

The pages render through their models (``get_context`` calls the ``*_context``
functions below); the routes on the pages call the views."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from lms.selectors import competency_domains_with_areas
from lms.templatetags.hours_format import hours

from . import services
from .choices import CourseFormat, EnrolmentStatus, LengthBand, Topic
from .models import CoursePage, LessonPage
from .page_selectors import (
    lesson_answers,
    lesson_course_and_enrolment,
    lesson_progress,
)
from .selectors import (
    catalogue_courses,
    course_certificate,
    course_progress,
    enrolment_for,
    learner_courses,
    lesson_counts,
    lessons_for,
    prerequisites_with_status,
    submitted_attempt_count,
)

CATALOGUE_PER_PAGE = 12
QUERY_MAX_LENGTH = 100


# --- Catalogue --------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False)
    domain = forms.ChoiceField(label=gettext_lazy("Competency domain"), required=False)
    length = forms.ChoiceField(label=gettext_lazy("Length"), required=False)
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False)

    def __init__(self, *args, domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic")), *Topic.choices]
        self.fields["domain"].choices = [
            ("", _("Any domain")),
            *((domain.code, domain.name) for domain in domains),
        ]
        self.fields["length"].choices = [("", _("Any length")), *LengthBand.choices]
        self.fields["format"].choices = [("", _("Any format")), *CourseFormat.choices]

    def filters(self) -> dict[str, str]:
        """The valid filters; a value that is not one of the choices is ignored
        rather than emptying the catalogue."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) or ""
            for name in ("q", "topic", "domain", "length", "format")
        }
        data["q"] = data["q"].strip()
        return data


def catalogue_context(request, index) -> dict:
    form = CatalogueFilterForm(
        request.GET or None, domains=competency_domains_with_areas()
    )
    filters = form.filters() if form.is_bound else dict.fromkeys(form.fields, "")
    courses = catalogue_courses(
        index=index,
        topic=filters["topic"],
        domain=filters["domain"],
        length=filters["length"],
        course_format=filters["format"],
        query=filters["q"],
    )
    page_obj = Paginator(courses, CATALOGUE_PER_PAGE).get_page(request.GET.get("page"))
    page_courses = list(page_obj.object_list)
    counts = lesson_counts(courses=page_courses)
    learner_cards = {}
    if request.user.is_authenticated and page_courses:
        learner_cards = {
            card.enrolment.course_id: card
            for card in learner_courses(learner=request.user)
        }
    cards = [
        {
            "course": course,
            "lesson_count": counts.get(course.pk, 0),
            "learner": learner_cards.get(course.pk),
        }
        for course in page_courses
    ]
    return {
        "filter_form": form,
        "filtered": any(filters.values()),
        "page_obj": page_obj,
        "course_cards": cards,
    }


# --- Course page ------------------------------------------------------------------


def course_context(request, course: CoursePage) -> dict:
    learner = request.user
    lessons = lessons_for(course=course)
    _set_outline_urls(request, course, lessons)
    enrolment = enrolment_for(learner=learner, course=course)
    progress = course_progress(course=course, enrolment=enrolment, lessons=lessons)
    prerequisite_rows = [
        {"course": each, "done": done}
        for each, done in prerequisites_with_status(learner=learner, course=course)
    ]
    certificate = None
    attempts_left = None
    if enrolment is not None and enrolment.status == EnrolmentStatus.COMPLETED:
        certificate = course_certificate(learner=learner, course=course)
    if enrolment is not None and enrolment.is_open and course.has_quiz:
        attempts_left = services.quiz_attempts_left(
            course=course, submitted=submitted_attempt_count(enrolment=enrolment)
        )
    return {
        "lessons": lessons,
        "enrolment": enrolment,
        "progress": progress,
        "prerequisite_rows": prerequisite_rows,
        "missing_prerequisites": [
            row["course"] for row in prerequisite_rows if not row["done"]
        ],
        "competency_areas": list(
            course.competency_areas.all().select_related("domain")
        ),
        "certificate": certificate,
        "quiz_attempts_left": attempts_left,
    }


@require_POST
def course_enrol(request, course: CoursePage):
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    try:
        enrolment = services.enrolment_create(learner=request.user, course=course)
    except ValidationError as error:
        _message_errors(request, error)
        return redirect(course.get_url(request))
    if enrolment.status == EnrolmentStatus.PENDING:
        messages.success(
            request,
            _(
                "Your request to join “%(course)s” has been sent. An administrator "
                "will reply soon; the lessons open once it is approved."
            )
            % {"course": course.title},
        )
    else:
        messages.success(
            request,
            _("You are enrolled in “%(course)s”. Start with the first lesson.")
            % {"course": course.title},
        )
    return redirect(course.get_url(request))


@require_POST
def course_certificate_claim(request, course: CoursePage):
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    enrolment = enrolment_for(learner=request.user, course=course)
    if enrolment is None:
        messages.error(
            request, _("Enrol in and complete the course to receive its certificate.")
        )
        return redirect(course.get_url(request))
    try:
        services.course_certificate_issue(enrolment=enrolment)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(
            request,
            _(
                "Your certificate is being prepared. It will be ready to download "
                "here and on your certificates page shortly."
            ),
        )
    return redirect(course.get_url(request))


# --- Lessons ----------------------------------------------------------------------


def _course_of(lesson: LessonPage) -> CoursePage | None:
    """The lesson's course in one query, without its long fields."""
    return (
        CoursePage.objects.defer_streamfields()
        .filter(path=lesson.path[: -LessonPage.steplen])
        .first()
    )


def _lesson_state(request, lesson: LessonPage) -> dict:
    """The course and the learner's enrolment for a lesson, read once per request:
    the view checks access with them and the page's context shows them."""
    cache = request.__dict__.setdefault("_courses_lesson_state", {})
    if lesson.pk not in cache:
        course, enrolment = lesson_course_and_enrolment(
            learner=request.user,
            lesson=lesson,
            course=getattr(request, "courses_routed_course", None),
        )
        cache[lesson.pk] = {"course": course, "enrolment": enrolment}
    return cache[lesson.pk]


def _can_read_without_enrolling(request) -> bool:
    return getattr(request, "is_preview", False) or request.user.has_perm(
        "wagtailadmin.access_admin"
    )


def _set_outline_urls(request, course: CoursePage, lessons) -> None:
    """Lessons are the course's children, so each address is the course's plus the
    lesson's slug: one address to work out instead of one per lesson, which shows
    on the lesson page of a long course."""
    course_url = course.get_url(request)
    if not course_url:
        return
    for lesson in lessons:
        lesson.outline_url = f"{course_url}{lesson.slug}/"


def lesson_context(request, lesson: LessonPage) -> dict:
    state = _lesson_state(request, lesson)
    course, enrolment = state["course"], state["enrolment"]
    if course is None:
        return {"course": None, "can_take_part": False}
    lessons, progress = lesson_progress(course=course, enrolment=enrolment)
    _set_outline_urls(request, course, lessons)
    can_take_part = (
        enrolment is not None
        and enrolment.is_open
        and not getattr(request, "is_preview", False)
    )
    responses, notes = {}, {}
    if can_take_part:
        responses, notes = lesson_answers(
            learner=request.user, enrolment=enrolment, lesson=lesson
        )
    number, previous, following = None, None, None
    if lesson.pk in {each.pk for each in lessons}:
        number, previous, following = progress.position_of(lesson)
    return {
        "course": course,
        "enrolment": enrolment,
        "lessons": lessons,
        "progress": progress,
        "lesson_number": number,
        "previous_lesson": previous,
        "next_lesson": following,
        "lesson_done": lesson.pk in progress.done_ids,
        "can_take_part": can_take_part,
        "check_responses": responses,
        "reflection_notes": notes,
    }


def _refusal(request, course: CoursePage, enrolment) -> str | None:
    """Why the learner cannot open the lessons, or None when they can."""
    if enrolment is None:
        return _("Enrol in “%(course)s” to open its lessons.") % {
            "course": course.title
        }
    if enrolment.status == EnrolmentStatus.PENDING:
        return _(
            "Your enrolment is waiting for an administrator's approval; the lessons "
            "open once it is approved."
        )
    if enrolment.status == EnrolmentStatus.DECLINED:
        return _(
            "Your request to join this course was not approved, so its lessons are "
            "closed to you."
        )
    return None


@require_safe
def lesson_view(request, lesson: LessonPage):
    if getattr(request, "is_preview", False):
        return lesson.render(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = _lesson_state(request, lesson)
    course, enrolment = state["course"], state["enrolment"]
    if course is None:
        return lesson.render(request)
    refusal = _refusal(request, course, enrolment)
    if refusal and not _can_read_without_enrolling(request):
        messages.info(request, refusal)
        return redirect(course.get_url(request))
    return lesson.render(request)


def _open_lesson(request, lesson: LessonPage):
    """For the forms on a lesson: the login redirect for a visitor, else None."""
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    return None


@require_POST
def lesson_complete_view(request, lesson: LessonPage):
    refused = _open_lesson(request, lesson)
    if refused:
        return refused
    try:
        _completion, created = services.lesson_complete(
            learner=request.user, lesson=lesson
        )
    except ValidationError as error:
        _message_errors(request, error)
        return redirect(lesson.get_url(request))
    course = _course_of(lesson)
    enrolment = enrolment_for(learner=request.user, course=course)
    if enrolment.status == EnrolmentStatus.COMPLETED:
        if created:
            _course_complete_message(request, course)
        return redirect(course.get_url(request))
    progress = course_progress(course=course, enrolment=enrolment)
    messages.success(request, _("Lesson marked complete."))
    _number, _previous, following = progress.position_of(lesson)
    if following is not None:
        return redirect(following.get_url(request))
    if progress.next_lesson is not None:
        messages.info(
            request,
            _("One or more lessons are still to do; here is the first of them."),
        )
        return redirect(progress.next_lesson.get_url(request))
    if progress.has_quiz and not progress.quiz_passed:
        return redirect(course.get_url(request) + course.reverse_subpage("quiz"))
    return redirect(course.get_url(request))


def _course_complete_message(request, course: CoursePage) -> None:
    certificate = course_certificate(learner=request.user, course=course)
    values = {"course": course.title, "hours": hours(course.clock_hours)}
    if certificate is not None:
        message = _(
            "Course complete — %(hours)s clock hours added to your record, and "
            "your certificate for “%(course)s” is on its way."
        )
    else:
        message = _(
            "Course complete — %(hours)s clock hours added to your record. Add the "
            "name to print on your certificate to your profile, then claim the "
            "certificate for “%(course)s” here."
        )
    messages.success(request, message % values)


@require_POST
def knowledge_check_view(request, lesson: LessonPage, block_id: str):
    refused = _open_lesson(request, lesson)
    if refused:
        return refused
    try:
        services.knowledge_check_answer(
            learner=request.user,
            lesson=lesson,
            block_id=block_id,
            selected=request.POST.getlist("answer"),
        )
    except ValidationError as error:
        _message_errors(request, error)
    return redirect(f"{lesson.get_url(request)}#check-{quote(block_id)}")


@require_POST
def reflection_save_view(request, lesson: LessonPage, block_id: str):
    refused = _open_lesson(request, lesson)
    if refused:
        return refused
    try:
        note = services.reflection_note_save(
            learner=request.user,
            lesson=lesson,
            block_id=block_id,
            text=request.POST.get("text", ""),
        )
    except ValidationError as error:
        _message_errors(request, error)
    else:
        if note is None:
            messages.success(request, _("Your note was cleared."))
        else:
            messages.success(request, _("Your note is saved. Only you can read it."))
    return redirect(f"{lesson.get_url(request)}#reflection-{quote(block_id)}")


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
