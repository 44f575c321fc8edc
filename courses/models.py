from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.hours import is_quarter_step

from .blocks import LessonStreamBlock, QuizStreamBlock
from .choices import AttemptStatus, CourseFormat, EnrolmentStatus, Topic

# --- Pages ------------------------------------------------------------------------


class CourseIndexPage(RoutablePageMixin, Page):
    """The course catalogue: every live course under it, with filters and search."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .views import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request, self))
        return context


def validate_clock_hours(value: Decimal) -> None:
    if value is None:
        return
    if value <= 0:
        raise ValidationError(_("A course earns more than zero clock hours."))
    if not is_quarter_step(value):
        raise ValidationError(
            _("Clock hours go in quarter-hour steps, such as 1.5 or 2.75.")
        )


class CoursePage(RoutablePageMixin, Page):
    """A course: what it covers and for whom, the hours and competency areas it earns,
    and its lessons (the pages under it) and optional final quiz."""

    summary = models.TextField(
        max_length=400, help_text=_("One or two sentences for the catalogue.")
    )
    about = RichTextField(
        _("about this course"),
        features=["h3", "bold", "italic", "link", "ul", "ol"],
        blank=True,
    )
    learning_objectives = StreamField(
        [("objective", wagtail_blocks.CharBlock(max_length=300))],
        min_num=1,
        help_text=_("What a learner will be able to do; one per line."),
    )
    audience = models.TextField(
        max_length=600, help_text=_("Who the course is written for.")
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    course_format = models.CharField(
        _("format"),
        max_length=20,
        choices=CourseFormat.choices,
        default=CourseFormat.SELF_PACED,
    )
    clock_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[validate_clock_hours],
        help_text=_("Awarded on completion, in quarter-hour steps."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"),
        validators=[MinValueValidator(5), MaxValueValidator(6000)],
    )
    competency_areas = ParentalManyToManyField(
        "lms.CompetencyArea", blank=True, related_name="+"
    )
    dei = models.BooleanField(
        _("Diversity, equity and inclusion content"),
        default=False,
        help_text=_("Counts toward the DEI hours that endorsement renewal asks for."),
    )
    rsc_topic = models.BooleanField(
        _("About reflective supervision/consultation"),
        default=False,
        help_text=_("Counts toward the RSC-topic training hours."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_("Courses a learner must complete before enrolling in this one."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the default template."),
    )
    authors = models.CharField(max_length=300, blank=True)
    requires_approval = models.BooleanField(
        _("Enrolment needs an administrator's approval"), default=False
    )
    quiz = StreamField(
        QuizStreamBlock(),
        blank=True,
        help_text=_("The question bank. Leave empty for a course without a quiz."),
    )
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    quiz_questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Draw this many questions from the bank for each attempt; leave empty "
            "to ask them all."
        ),
    )

    # How many questions the bank holds, kept in step on save so lists of courses
    # know whether each has a quiz without loading the questions.
    quiz_size = models.PositiveSmallIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("about"),
        FieldPanel("learning_objectives"),
        FieldPanel("audience"),
        FieldPanel("authors"),
    ]
    details_panels = [
        FieldRowPanel([FieldPanel("topic"), FieldPanel("course_format")]),
        FieldRowPanel([FieldPanel("clock_hours"), FieldPanel("estimated_minutes")]),
        FieldPanel("competency_areas"),
        MultiFieldPanel(
            [FieldPanel("dei"), FieldPanel("rsc_topic")], heading=_("Renewal flags")
        ),
        FieldPanel("prerequisites"),
        FieldPanel("requires_approval"),
        FieldPanel("certificate_template"),
    ]
    quiz_panels = [
        FieldRowPanel(
            [
                FieldPanel("quiz_pass_mark"),
                FieldPanel("quiz_max_attempts"),
                FieldPanel("quiz_questions_per_attempt"),
            ]
        ),
        FieldPanel("quiz"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(details_panels, heading=_("Hours and enrolment")),
            ObjectList(quiz_panels, heading=_("Quiz")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("about"),
        index.SearchField("audience"),
        index.FilterField("topic"),
        index.FilterField("course_format"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        errors = {}
        prerequisite_ids = {course.pk for course in self.prerequisites.all()}
        if self.pk and self.pk in prerequisite_ids:
            errors["prerequisites"] = _("A course cannot be its own prerequisite.")
        elif self.pk and prerequisite_ids:
            # Direct loops only: A needs B and B needs A. Longer chains are refused
            # when a learner meets them, with the course names in the message.
            loop = (
                CoursePage.prerequisites.through.objects.filter(
                    from_coursepage__in=prerequisite_ids, to_coursepage=self.pk
                )
                .values_list("from_coursepage__title", flat=True)
                .first()
            )
            if loop:
                errors["prerequisites"] = _(
                    "“%(title)s” already requires this course, so it cannot also be "
                    "a prerequisite of it."
                ) % {"title": loop}
        question_count = len(self.quiz or [])
        per_attempt = self.quiz_questions_per_attempt
        if per_attempt and per_attempt > question_count:
            errors["quiz_questions_per_attempt"] = _(
                "The bank has %(count)s questions; an attempt cannot ask more."
            ) % {"count": question_count}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.quiz_size = len(self.quiz or [])
        return super().save(*args, **kwargs)

    @property
    def has_quiz(self) -> bool:
        if "quiz" in self.__dict__:  # loaded (or being edited): count what is there
            return bool(self.quiz)
        return self.quiz_size > 0

    def quiz_questions(self) -> dict[str, dict]:
        """The question bank by block id."""
        return {child.id: child.value for child in self.quiz}

    def route(self, request, path_components):
        # Wagtail loads this course on the way to one of its lessons; the lesson
        # page reuses it instead of reading it again.
        if path_components:
            request.courses_routed_course = self
        return super().route(request, path_components)

    # Route handlers live in views; the page only names its addresses.
    @path("enrol/", name="enrol")
    def enrol_route(self, request):
        from .views import course_enrol

        return course_enrol(request, self)

    @path("certificate/", name="certificate")
    def certificate_route(self, request):
        from .views import course_certificate_claim

        return course_certificate_claim(request, self)

    @path("quiz/", name="quiz")
    def quiz_route(self, request):
        from .quiz_views import quiz_take

        return quiz_take(request, self)

    @path("quiz/results/<int:number>/", name="quiz_result")
    def quiz_result_route(self, request, number):
        from .quiz_views import quiz_result

        return quiz_result(request, self, number)

    def get_context(self, request, *args, **kwargs):
        from .views import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(request, self))
        return context


class LessonPage(RoutablePageMixin, Page):
    """One lesson of a course: text, media, reflection prompts and knowledge checks.
    Lessons are taken in the order they have in the page tree."""

    introduction = models.TextField(max_length=600, blank=True)
    body = StreamField(LessonStreamBlock())
    required = models.BooleanField(
        default=True,
        help_text=_("Required lessons must be completed for the course to complete."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    settings_panels = [
        FieldRowPanel([FieldPanel("required"), FieldPanel("estimated_minutes")]),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def block_value(self, block_id: str, block_type: str):
        """The value of one block of the body, or None if there is no such block of
        that type (a tampered or stale form)."""
        for child in self.body:
            if child.id == block_id and child.block_type == block_type:
                return child.value
        return None

    @path("", name="lesson")
    def lesson_route(self, request):
        from .views import lesson_view

        return lesson_view(request, self)

    @path("complete/", name="complete")
    def complete_route(self, request):
        from .views import lesson_complete_view

        return lesson_complete_view(request, self)

    @path("check/<str:block_id>/", name="check")
    def check_route(self, request, block_id):
        from .views import knowledge_check_view

        return knowledge_check_view(request, self, block_id)

    @path("reflection/<str:block_id>/", name="reflection")
    def reflection_route(self, request, block_id):
        from .views import reflection_save_view

        return reflection_save_view(request, self, block_id)

    def get_context(self, request, *args, **kwargs):
        from .views import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(request, self))
        return context


# --- Learner records --------------------------------------------------------------


class Enrolment(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_enrolments",
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(max_length=1000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"], name="courses_one_enrolment_per_course"
            ),
            models.CheckConstraint(
                condition=Q(
                    status=EnrolmentStatus.COMPLETED, completed_at__isnull=False
                )
                | ~Q(status=EnrolmentStatus.COMPLETED),
                name="courses_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.learner} in {self.course}"

    @property
    def is_open(self) -> bool:
        """Lessons and the quiz can be worked on."""
        return self.status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="courses_lesson_completed_once"
            )
        ]

    def __str__(self):
        return f"{self.lesson} completed ({self.enrolment})"


class KnowledgeCheckResponse(models.Model):
    """The learner's latest answer to a knowledge check, and how many tries it took."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="check_responses"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    selected = models.JSONField(default=list)
    correct = models.BooleanField(default=False)
    tries = models.PositiveIntegerField(default=1)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "block_id"], name="courses_one_check_response"
            )
        ]

    def __str__(self):
        return f"Answer to {self.block_id} ({self.enrolment})"


class ReflectionNote(models.Model):
    """A learner's private answer to a reflection prompt. Only they can read it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflection_notes",
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    prompt = models.TextField(max_length=600)
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson", "block_id"],
                name="courses_one_note_per_prompt",
            )
        ]

    def __str__(self):
        return f"Note on {self.lesson} by {self.learner}"


class QuizAttempt(models.Model):
    """One sitting of a course quiz. ``questions`` is the snapshot the learner was
    shown — the drawn questions with their options in the shuffled order, and which
    are correct — so grading never depends on the page being edited meanwhile."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=12,
        choices=AttemptStatus.choices,
        default=AttemptStatus.IN_PROGRESS,
    )
    questions = models.JSONField(default=list)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="courses_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status=AttemptStatus.IN_PROGRESS),
                name="courses_one_open_attempt",
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} ({self.enrolment})"

    @property
    def question_count(self) -> int:
        return len(self.questions)


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(max_length=64)
    question_text = models.TextField()
    selected = models.JSONField(default=list)
    correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"],
                name="courses_one_answer_per_question",
            )
        ]
        indexes = [models.Index(fields=["question_id"])]

    def __str__(self):
        return f"Answer to {self.question_id} ({self.attempt})"
