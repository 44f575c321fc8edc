"""Reading courses, lessons and a learner's progress. Every function here runs a fixed
number of queries whatever the number of lessons or courses."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from certificates.selectors import certificates_by_source

from .choices import AttemptStatus, EnrolmentStatus, LengthBand
from .models import (
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAnswer,
    QuizAttempt,
    ReflectionNote,
)

COURSE_SOURCE_TYPE = "courses.coursepage"

LENGTH_BANDS = {
    LengthBand.SHORT: Q(clock_hours__lte=2),
    LengthBand.MEDIUM: Q(clock_hours__gt=2, clock_hours__lte=4),
    LengthBand.LONG: Q(clock_hours__gt=4),
}


def _quiz_passed() -> Exists:
    return Exists(
        QuizAttempt.objects.filter(
            enrolment=OuterRef("pk"), status=AttemptStatus.SUBMITTED, passed=True
        )
    )


def lessons_for(*, course: CoursePage) -> list[LessonPage]:
    """The live lessons of a course in order, without their bodies."""
    return list(
        LessonPage.objects.child_of(course).live().defer_streamfields().order_by("path")
    )


def enrolment_for(*, learner, course: CoursePage) -> Enrolment | None:
    """The learner's enrolment in the course, with ``quiz_passed`` annotated."""
    if not learner.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(learner=learner, course=course)
        .annotate(quiz_passed=_quiz_passed())
        .first()
    )


@dataclass
class CourseProgress:
    lessons: list[LessonPage]
    done_ids: set[int]
    has_quiz: bool
    quiz_passed: bool
    required_ids: set[int] = field(init=False)

    def __post_init__(self):
        self.required_ids = {lesson.pk for lesson in self.lessons if lesson.required}

    @property
    def required_done(self) -> int:
        return len(self.required_ids & self.done_ids)

    @property
    def lessons_done(self) -> bool:
        return self.required_ids <= self.done_ids

    @property
    def steps_total(self) -> int:
        return len(self.required_ids) + (1 if self.has_quiz else 0)

    @property
    def steps_done(self) -> int:
        return self.required_done + (1 if self.has_quiz and self.quiz_passed else 0)

    @property
    def percent(self) -> int:
        if not self.steps_total:
            return 0
        return int(self.steps_done * 100 / self.steps_total)

    @property
    def complete(self) -> bool:
        return self.lessons_done and (self.quiz_passed or not self.has_quiz)

    @property
    def next_lesson(self) -> LessonPage | None:
        """Where "Continue" leads: the first lesson not yet completed (required ones
        first), or None when only the quiz, or nothing, is left."""
        for lesson in self.lessons:
            if lesson.required and lesson.pk not in self.done_ids:
                return lesson
        for lesson in self.lessons:
            if lesson.pk not in self.done_ids:
                return lesson
        return None

    def position_of(
        self, lesson: LessonPage
    ) -> tuple[int, LessonPage | None, LessonPage | None]:
        """The lesson's number (from 1) and its previous and next lessons."""
        ids = [each.pk for each in self.lessons]
        index = ids.index(lesson.pk)
        previous = self.lessons[index - 1] if index > 0 else None
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return index + 1, previous, following


def course_progress(
    *, course: CoursePage, enrolment: Enrolment | None, lessons=None
) -> CourseProgress:
    lessons = lessons_for(course=course) if lessons is None else lessons
    done_ids: set[int] = set()
    quiz_passed = False
    if enrolment is not None:
        done_ids = set(
            LessonCompletion.objects.filter(enrolment=enrolment).values_list(
                "lesson_id", flat=True
            )
        )
        quiz_passed = getattr(enrolment, "quiz_passed", None)
        if quiz_passed is None:
            quiz_passed = enrolment.quiz_attempts.filter(
                status=AttemptStatus.SUBMITTED, passed=True
            ).exists()
    return CourseProgress(
        lessons=lessons,
        done_ids=done_ids,
        has_quiz=course.has_quiz,
        quiz_passed=bool(quiz_passed),
    )


def completed_course_ids(*, learner, course_ids) -> set[int]:
    if not learner.is_authenticated:
        return set()
    return set(
        Enrolment.objects.filter(
            learner=learner,
            course_id__in=list(course_ids),
            status=EnrolmentStatus.COMPLETED,
        ).values_list("course_id", flat=True)
    )


def prerequisites_with_status(*, learner, course: CoursePage) -> list[tuple]:
    """Each prerequisite course, in title order, with whether the learner has
    completed it: two queries at most, whatever the number of prerequisites."""
    prerequisites = list(
        course.prerequisites.all().only("id", "title", "url_path").order_by("title")
    )
    if not prerequisites:
        return []
    done = completed_course_ids(
        learner=learner, course_ids=[each.pk for each in prerequisites]
    )
    return [(each, each.pk in done) for each in prerequisites]


def missing_prerequisites(*, learner, course: CoursePage) -> list[CoursePage]:
    """The prerequisite courses the learner has not completed yet, in title order."""
    return [
        each
        for each, done in prerequisites_with_status(learner=learner, course=course)
        if not done
    ]


def catalogue_courses(
    *,
    index,
    topic: str = "",
    domain: str = "",
    length: str = "",
    course_format: str = "",
    query: str = "",
) -> QuerySet[CoursePage]:
    """Live courses under the catalogue page, filtered. ``domain`` is a competency
    domain code; ``length`` a ``LengthBand`` value."""
    courses = CoursePage.objects.child_of(index).live().defer_streamfields()
    if topic:
        courses = courses.filter(topic=topic)
    if course_format:
        courses = courses.filter(course_format=course_format)
    if length in LENGTH_BANDS:
        courses = courses.filter(LENGTH_BANDS[length])
    if domain:
        courses = courses.filter(competency_areas__domain__code=domain).distinct()
    if query:
        words = query.split()[:8]
        for word in words:
            courses = courses.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(audience__icontains=word)
            )
    return courses.prefetch_related("competency_areas__domain").order_by("title")


def lesson_counts(*, courses) -> dict[int, int]:
    """Live lessons per course for a page of courses, in one query."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    step = CoursePage.steplen
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path)
    paths = (
        LessonPage.objects.live()
        .filter(condition, depth=courses[0].depth + 1)
        .values_list("path", flat=True)
    )
    counts = dict.fromkeys(by_path.values(), 0)
    for path in paths:
        course_id = by_path.get(path[:-step])
        if course_id is not None:
            counts[course_id] += 1
    return counts


@dataclass
class CourseCard:
    enrolment: Enrolment
    progress: CourseProgress
    certificate: object | None


def learner_courses(*, learner) -> list[CourseCard]:
    """The learner's enrolments with progress and certificate, for the dashboard.
    Four queries whatever the number of courses and lessons."""
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=EnrolmentStatus.DECLINED)
        .select_related("course")
        .defer("course__about", "course__learning_objectives", "course__quiz")
        .annotate(quiz_passed=_quiz_passed())
        .order_by("-requested_at")
    )
    if not enrolments:
        return []
    courses = [each.course for each in enrolments]
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path)
    lessons_by_course: dict[str, list[LessonPage]] = {c.path: [] for c in courses}
    lessons = (
        LessonPage.objects.live()
        .filter(condition)
        .defer_streamfields()
        .order_by("path")
    )
    step = CoursePage.steplen
    for lesson in lessons:
        lessons_by_course.setdefault(lesson.path[:-step], []).append(lesson)
    done_by_enrolment: dict[int, set[int]] = {each.pk: set() for each in enrolments}
    for enrolment_id, lesson_id in LessonCompletion.objects.filter(
        enrolment__in=enrolments
    ).values_list("enrolment_id", "lesson_id"):
        done_by_enrolment[enrolment_id].add(lesson_id)
    certificates = certificates_by_source(
        learner=learner,
        source_type=COURSE_SOURCE_TYPE,
        source_ids=[each.course_id for each in enrolments],
    )
    cards = []
    for enrolment in enrolments:
        course = enrolment.course
        progress = CourseProgress(
            lessons=lessons_by_course.get(course.path, []),
            done_ids=done_by_enrolment[enrolment.pk],
            has_quiz=course.has_quiz,
            quiz_passed=enrolment.quiz_passed,
        )
        cards.append(
            CourseCard(
                enrolment=enrolment,
                progress=progress,
                certificate=certificates.get(str(course.pk)),
            )
        )
    return cards


def course_certificate(*, learner, course: CoursePage):
    return certificates_by_source(
        learner=learner, source_type=COURSE_SOURCE_TYPE, source_ids=[course.pk]
    ).get(str(course.pk))


def reflection_notes_for(*, learner) -> QuerySet[ReflectionNote]:
    """All of a learner's notes, newest first, with the lesson and course titles."""
    return ReflectionNote.objects.filter(learner=learner).select_related("lesson")


def quiz_attempts_for(*, learner, course: CoursePage) -> list[QuizAttempt]:
    """Every attempt of the learner at the course's quiz, in order, with the
    enrolment: one query."""
    return list(
        QuizAttempt.objects.select_related("enrolment")
        .filter(enrolment__learner=learner, enrolment__course=course)
        .order_by("number")
    )


def quiz_attempt_of(*, learner, course: CoursePage, attempt_id) -> QuizAttempt | None:
    """One attempt by its id, if it is the learner's at this course's quiz; None for
    anything else, including an id that is not a number."""
    try:
        attempt_pk = int(attempt_id)
    except (TypeError, ValueError):
        return None
    return (
        QuizAttempt.objects.select_related("enrolment")
        .filter(pk=attempt_pk, enrolment__learner=learner, enrolment__course=course)
        .first()
    )


def submitted_attempt_count(*, enrolment) -> int:
    return QuizAttempt.objects.filter(
        enrolment=enrolment, status=AttemptStatus.SUBMITTED
    ).count()


def enrolments_for_course(*, course, status: str = "") -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(course=course).select_related(
        "learner", "learner__profile", "decided_by"
    )
    if status:
        enrolments = enrolments.filter(status=status)
    return enrolments.annotate(
        lessons_done=Count("lesson_completions", distinct=True),
        attempts=Count(
            "quiz_attempts",
            filter=Q(quiz_attempts__status=AttemptStatus.SUBMITTED),
            distinct=True,
        ),
    ).order_by("-requested_at")


@dataclass
class ItemStatistic:
    question_id: str
    question_text: str
    answered: int
    correct: int
    in_bank: bool

    @property
    def percent_correct(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.correct) * 100 / self.answered).quantize(Decimal("0.1"))


def quiz_item_analysis(*, course: CoursePage) -> list[ItemStatistic]:
    """Percent correct per question over every submitted attempt, in the bank's
    order; questions since removed from the bank come last, marked."""
    rows = (
        QuizAnswer.objects.filter(
            attempt__enrolment__course=course,
            attempt__status=AttemptStatus.SUBMITTED,
        )
        .values("question_id")
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(correct=True)))
    )
    counts = {row["question_id"]: row for row in rows}
    bank = course.quiz_questions()
    removed = [question_id for question_id in counts if question_id not in bank]
    # The wording of questions since removed from the bank, as last asked.
    texts = (
        dict(
            QuizAnswer.objects.filter(
                attempt__enrolment__course=course, question_id__in=removed
            )
            .order_by("pk")
            .values_list("question_id", "question_text")
        )
        if removed
        else {}
    )
    statistics = []
    for question_id, value in bank.items():
        row = counts.get(question_id, {})
        statistics.append(
            ItemStatistic(
                question_id=question_id,
                question_text=value["question"],
                answered=row.get("answered", 0),
                correct=row.get("correct", 0),
                in_bank=True,
            )
        )
    for question_id, row in counts.items():
        if question_id not in bank:
            statistics.append(
                ItemStatistic(
                    question_id=question_id,
                    question_text=texts.get(question_id, ""),
                    answered=row["answered"],
                    correct=row["correct"],
                    in_bank=False,
                )
            )
    return statistics
