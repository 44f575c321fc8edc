"""Reads for the courses admin: enrolment lists across courses, a course's totals,
the rows of its downloads and the pending requests. Every function runs a fixed
number of queries whatever the number of enrolments, lessons or attempts."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from certificates.codes import code_display
from certificates.selectors import certificates_for_source
from lms.selectors import hours_awarded_by_learner

from .choices import AttemptStatus, EnrolmentStatus
from .models import CoursePage, Enrolment, LessonCompletion, QuizAttempt
from .selectors import COURSE_SOURCE_TYPE, enrolments_for_course, lesson_counts

# The export is read from the database in chunks of this many rows as it streams.
CHUNK_SIZE = 2000


def _count(queryset) -> Coalesce:
    """The number of rows of ``queryset`` per enrolment, as a subquery, so that two
    counts never multiply each other's joins."""
    counted = (
        queryset.filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def enrolments_admin() -> QuerySet[Enrolment]:
    """Every enrolment with its learner, course, lessons done and quiz attempts
    submitted, for the admin's listing (filtered and paged there)."""
    return (
        Enrolment.objects.select_related("learner", "course")
        .defer(
            "course__about",
            "course__learning_objectives",
            "course__quiz",
        )
        .annotate(
            lessons_done=_count(LessonCompletion.objects.all()),
            attempts=_count(QuizAttempt.objects.filter(status=AttemptStatus.SUBMITTED)),
        )
    )


def enrolment_admin_get(*, pk) -> Enrolment | None:
    return (
        Enrolment.objects.select_related(
            "learner", "learner__profile", "course", "decided_by"
        )
        .defer("course__about", "course__learning_objectives", "course__quiz")
        .filter(pk=pk)
        .first()
    )


def pending_enrolments() -> QuerySet[Enrolment]:
    """Requests waiting for an administrator, oldest first so none waits forever."""
    return (
        Enrolment.objects.filter(status=EnrolmentStatus.PENDING)
        .select_related("learner", "course")
        .only(
            "pk",
            "requested_at",
            "learner__email",
            "learner__first_name",
            "learner__last_name",
            "course__title",
        )
        .order_by("requested_at", "pk")
    )


def courses_for_admin() -> QuerySet[CoursePage]:
    """Every course (live or not) with its enrolments counted by status, in one
    query."""
    by_status = {
        f"{status}_count": Count("enrolments", filter=Q(enrolments__status=status))
        for status in EnrolmentStatus.values
    }
    return (
        CoursePage.objects.defer_streamfields()
        .annotate(**by_status)
        .order_by("title", "pk")
    )


def course_for_admin(*, pk, with_quiz: bool = False) -> CoursePage | None:
    """One course, live or not; its question bank only when ``with_quiz``."""
    courses = CoursePage.objects.defer("about", "learning_objectives")
    if not with_quiz:
        courses = courses.defer("quiz")
    return courses.filter(pk=pk).first()


@dataclass(frozen=True)
class CourseTotals:
    pending: int
    in_progress: int
    completed: int
    declined: int
    average_passed_score: Decimal | None

    @property
    def enrolled(self) -> int:
        """Learners let in: working on the course or done with it."""
        return self.in_progress + self.completed

    @property
    def completion_rate(self) -> Decimal | None:
        """Completed, as a percent of the learners let in."""
        if not self.enrolled:
            return None
        return (Decimal(self.completed) * 100 / self.enrolled).quantize(Decimal("0.1"))


def course_totals(*, course: CoursePage) -> CourseTotals:
    """A course's enrolments by status and the average score of passed attempts:
    two queries."""
    counts = Enrolment.objects.filter(course=course).aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in EnrolmentStatus.values
        }
    )
    average = QuizAttempt.objects.filter(
        enrolment__course=course, status=AttemptStatus.SUBMITTED, passed=True
    ).aggregate(average=Avg("score"))["average"]
    return CourseTotals(
        pending=counts[EnrolmentStatus.PENDING],
        in_progress=counts[EnrolmentStatus.ACTIVE],
        completed=counts[EnrolmentStatus.COMPLETED],
        declined=counts[EnrolmentStatus.DECLINED],
        average_passed_score=(
            Decimal(average).quantize(Decimal("0.1")) if average is not None else None
        ),
    )


# --- Downloads ----------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRow:
    """One learner's line of a course download, in plain values."""

    name: str
    email: str
    discipline: str
    county: str
    status: str
    requested: object
    approved: object
    completed: object
    lessons_done: int
    lessons_total: int
    attempts: int
    best_score: Decimal | None
    hours: Decimal | None
    certificate: str

    def values(self) -> list:
        return [
            self.name,
            self.email,
            self.discipline,
            self.county,
            self.status,
            self.requested,
            self.approved,
            self.completed,
            self.lessons_done,
            self.lessons_total,
            self.attempts,
            self.best_score,
            self.hours,
            self.certificate,
        ]


def _hours_awarded(*, course: CoursePage) -> dict[int, Decimal]:
    return hours_awarded_by_learner(source_type=COURSE_SOURCE_TYPE, source_id=course.pk)


def _certificate_codes(*, course: CoursePage) -> dict[int, str]:
    codes = {}
    certificates = certificates_for_source(
        source_type=COURSE_SOURCE_TYPE, source_id=course.pk
    )
    for learner_id, certificate in certificates.items():
        text = code_display(certificate.code)
        codes[learner_id] = f"{text} (revoked)" if certificate.revoked_at else text
    return codes


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def course_export_rows(
    *, course: CoursePage, completed_only: bool = False
) -> Iterator[EnrolmentRow]:
    """A course's enrolments (or only its completions, in the order they
    completed) for a download. Three queries, then the enrolments in chunks."""
    lessons_total = lesson_counts(courses=[course]).get(course.pk, 0)
    hours = _hours_awarded(course=course)
    codes = _certificate_codes(course=course)
    enrolments = enrolments_for_course(
        course=course, status=EnrolmentStatus.COMPLETED if completed_only else ""
    ).annotate(
        best_score=Max(
            "quiz_attempts__score",
            filter=Q(quiz_attempts__status=AttemptStatus.SUBMITTED),
        )
    )
    if completed_only:
        enrolments = enrolments.order_by("completed_at", "pk")
    else:
        enrolments = enrolments.order_by("requested_at", "pk")
    for enrolment in enrolments.iterator(chunk_size=CHUNK_SIZE):
        learner = enrolment.learner
        profile = getattr(learner, "profile", None)
        approved = (
            enrolment.decided_at
            if enrolment.status != EnrolmentStatus.DECLINED
            else None
        )
        yield EnrolmentRow(
            name=(profile.certificate_name if profile else "")
            or learner.get_full_name(),
            email=learner.email,
            discipline=profile.get_discipline_display() if profile else "",
            county=profile.county if profile else "",
            status=str(enrolment.get_status_display()),
            requested=_local_date(enrolment.requested_at),
            approved=_local_date(approved),
            completed=_local_date(enrolment.completed_at),
            lessons_done=enrolment.lessons_done,
            lessons_total=lessons_total,
            attempts=enrolment.attempts,
            best_score=enrolment.best_score,
            hours=hours.get(learner.pk),
            certificate=codes.get(learner.pk, ""),
        )
