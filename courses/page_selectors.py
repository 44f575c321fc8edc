"""Reads for the lesson page, which is served far more often than any other course
page: the course, the learner's enrolment, the lessons with what the learner has
done, and the answers and notes on this lesson, in as few queries as possible (two
for a learner on a lesson without questions or prompts, four with both)."""

from dataclasses import dataclass

from django.db.models import Exists, JSONField, OuterRef, Value

from .choices import AttemptStatus, EnrolmentStatus
from .models import (
    CoursePage,
    Enrolment,
    KnowledgeCheckResponse,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
    ReflectionNote,
)
from .selectors import CourseProgress

# What a lesson page shows of the course and of each lesson (title, address, place in
# the tree); a page row has some forty columns, and loading them all for every
# request would cost more than the rest of the learning logic.
_PAGE_FIELDS = (
    *("id", "title", "slug", "path", "depth", "url_path", "live", "locale_id"),
)
_COURSE_FIELDS = (*_PAGE_FIELDS, "quiz_size")


def _course_path(lesson: LessonPage) -> str:
    return lesson.path[: -LessonPage.steplen]


def lesson_course_and_enrolment(
    *, learner, lesson: LessonPage, course: CoursePage | None = None
) -> tuple[CoursePage | None, Enrolment | None]:
    """The lesson's course and the learner's enrolment in it. Give ``course`` when
    it is already loaded (Wagtail's routing reads it on the way to the lesson): then
    one query for a learner, none for a visitor; otherwise one query for an enrolled
    learner, two for anyone else."""
    if course is not None and course.path != _course_path(lesson):
        course = None
    if learner.is_authenticated:
        enrolments = Enrolment.objects.filter(learner=learner)
        if course is not None:
            return course, enrolments.filter(course_id=course.pk).first()
        enrolment = (
            enrolments.filter(course__path=_course_path(lesson))
            .select_related("course")
            .only(
                *(field.name for field in Enrolment._meta.concrete_fields),
                *(f"course__{name}" for name in _COURSE_FIELDS),
            )
            .first()
        )
        if enrolment is not None:
            return enrolment.course, enrolment
    if course is not None:
        return course, None
    course = (
        CoursePage.objects.only(*_COURSE_FIELDS)
        .filter(path=_course_path(lesson))
        .first()
    )
    return course, None


@dataclass
class OutlineLesson:
    """What the lesson page shows of each lesson of its course."""

    pk: int
    title: str
    slug: str
    required: bool
    estimated_minutes: int
    done: bool = False
    outline_url: str = ""


def lesson_progress(
    *, course: CoursePage, enrolment: Enrolment | None
) -> tuple[list[OutlineLesson], CourseProgress]:
    """The live lessons in order and the learner's progress: one query, each lesson
    carrying whether the learner has completed it, and a second only in the rare
    state where every required lesson is done but the course is not complete (was
    the quiz passed?). Lessons come back as plain records, not pages: the lesson
    page is served more than any other, and building page objects for the outline
    costs more than reading it."""
    rows = LessonPage.objects.filter(
        path__startswith=course.path, depth=course.depth + 1, live=True
    )
    fields = ["pk", "title", "slug", "required", "estimated_minutes"]
    if enrolment is not None:
        rows = rows.annotate(
            done=Exists(
                LessonCompletion.objects.filter(
                    enrolment=enrolment, lesson=OuterRef("pk")
                )
            )
        )
        fields.append("done")
    lessons = [
        OutlineLesson(*values) for values in rows.order_by("path").values_list(*fields)
    ]
    progress = CourseProgress(
        lessons=lessons,
        done_ids={each.pk for each in lessons if each.done},
        has_quiz=course.has_quiz,
        quiz_passed=False,
    )
    if enrolment is not None and progress.has_quiz:
        if enrolment.status == EnrolmentStatus.COMPLETED:
            progress.quiz_passed = True
        elif progress.lessons_done:
            progress.quiz_passed = QuizAttempt.objects.filter(
                enrolment=enrolment, status=AttemptStatus.SUBMITTED, passed=True
            ).exists()
    return lessons, progress


def lesson_answers(
    *, learner, enrolment: Enrolment, lesson: LessonPage
) -> tuple[dict[str, KnowledgeCheckResponse], dict[str, ReflectionNote]]:
    """The learner's answers to the lesson's knowledge checks and their notes on its
    reflection prompts, by block id, in one query (a union of the two); none when
    the lesson has neither."""
    kinds = {child.block_type for child in lesson.body}
    wanted = []
    if "knowledge_check" in kinds:
        wanted.append(
            KnowledgeCheckResponse.objects.filter(enrolment=enrolment, lesson=lesson)
            .annotate(kind=Value("check"), text=Value(""))
            .values_list("kind", "block_id", "selected", "correct", "tries", "text")
            .order_by()
        )
    if "reflection" in kinds:
        wanted.append(
            ReflectionNote.objects.filter(learner=learner, lesson=lesson)
            .annotate(
                kind=Value("note"),
                selected=Value([], output_field=JSONField()),
                correct=Value(False),
                tries=Value(0),
            )
            .values_list("kind", "block_id", "selected", "correct", "tries", "text")
            .order_by()
        )
    responses, notes = {}, {}
    if not wanted:
        return responses, notes
    rows = wanted[0].union(*wanted[1:], all=True) if len(wanted) > 1 else wanted[0]
    for kind, block_id, selected, correct, tries, text in rows:
        if kind == "check":
            responses[block_id] = KnowledgeCheckResponse(
                enrolment=enrolment,
                lesson=lesson,
                block_id=block_id,
                selected=selected,
                correct=correct,
                tries=tries,
            )
        else:
            notes[block_id] = ReflectionNote(
                learner=learner, lesson=lesson, block_id=block_id, text=text
            )
    return responses, notes
