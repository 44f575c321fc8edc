"""Infant Mental Health ECHO: series (Wagtail pages), their sessions, registrations,
attendance and its imports, reminders, private calendar feeds and case presentations.

Times are stored in UTC. A series has its own time zone, in which its recurrence is
expanded, so sessions keep their wall-clock time across daylight-saving changes."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.hours import is_quarter_step
from lms.models.accounts import validate_time_zone

from .choices import (
    AgeBand,
    AttendanceSource,
    AttendanceStatus,
    CaseStatus,
    CreditRule,
    Frequency,
    HoursCountAs,
    HubRole,
    ImportRowStatus,
    ImportStatus,
    ImportVariant,
    MatchMethod,
    RegistrationStatus,
    ReminderKind,
    SessionStatus,
)

SERIES_SOURCE_TYPE = "echo.echoseries"
SESSION_SOURCE_TYPE = "echo.echosession"


# --- Pages ------------------------------------------------------------------------


class EchoIndexPage(RoutablePageMixin, Page):
    """The list of ECHO series, one per site, under the home page."""

    introduction = models.TextField(max_length=800, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["echo.EchoSeries"]
    max_count = 1

    class Meta:
        verbose_name = _("ECHO series list")

    def get_context(self, request, *args, **kwargs):
        from .views.public import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


def validate_session_hours(value: Decimal) -> None:
    if value is None:
        return
    if value <= 0:
        raise ValidationError(_("A session earns more than zero clock hours."))
    if not is_quarter_step(value):
        raise ValidationError(
            _("Clock hours go in quarter-hour steps, such as 1 or 1.25.")
        )


class EchoSeries(RoutablePageMixin, Page):
    """One ECHO series (a cohort): who it is for, its hub team, when its sessions
    meet, how registration works and how attendance turns into hours."""

    summary = models.TextField(
        max_length=400, help_text=_("One or two sentences for the list of series.")
    )
    description = RichTextField(
        features=["h3", "bold", "italic", "link", "ul", "ol"], blank=True
    )
    audience = models.TextField(max_length=600, help_text=_("Who the series is for."))

    # When sessions meet.
    time_zone = models.CharField(
        max_length=64,
        default="America/Chicago",
        validators=[validate_time_zone],
        help_text=_("Sessions keep this wall-clock time across daylight saving."),
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("1 for weekly, 2 for every other week. Ignored for monthly."),
    )
    first_date = models.DateField(
        _("date of the first session"),
        help_text=_(
            "Monthly series meet on this date's weekday and week of the month "
            "(a fifth weekday means the last one)."
        ),
    )
    until_date = models.DateField(
        _("last possible date"),
        null=True,
        blank=True,
        help_text=_("Give either a last date or a number of sessions."),
    )
    session_count = models.PositiveSmallIntegerField(
        _("number of sessions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    start_time = models.TimeField(_("start time (series time zone)"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=75,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    meeting_url = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants."),
    )

    # Registration.
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Beyond it, people join a waitlist."),
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)

    # Hours.
    hours_per_session = models.DecimalField(
        _("clock hours per session"),
        max_digits=4,
        decimal_places=2,
        validators=[validate_session_hours],
    )
    credit_rule = models.CharField(
        max_length=20, choices=CreditRule.choices, default=CreditRule.ALL_OR_NOTHING
    )
    credit_tolerance_minutes = models.PositiveSmallIntegerField(
        _("late/early tolerance (minutes)"),
        default=15,
        validators=[MaxValueValidator(120)],
        help_text=_("All or nothing: minutes a participant may miss and still earn."),
    )
    credit_minimum_minutes = models.PositiveSmallIntegerField(
        _("minimum minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Minimum minutes: attend at least this long to earn the hours."),
    )
    credit_minimum_percent = models.PositiveSmallIntegerField(
        _("minimum percentage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Percentage: below this share of the session nothing is earned; above "
            "it, hours in proportion, rounded down to the quarter hour."
        ),
    )
    hours_count_as = models.CharField(
        _("hours count as"),
        max_length=12,
        choices=HoursCountAs.choices,
        default=HoursCountAs.TRAINING,
    )
    rsc_provider_category = models.ForeignKey(
        "lms.EndorsementCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("RSC provider's endorsement"),
        help_text=_("Group RSC: the endorsement the hub's RSC provider holds."),
    )
    competency_areas = ParentalManyToManyField(
        "lms.CompetencyArea", blank=True, related_name="+"
    )
    dei = models.BooleanField(
        _("Diversity, equity and inclusion content"), default=False
    )
    rsc_topic = models.BooleanField(
        _("About reflective supervision/consultation"), default=False
    )
    certificate_threshold_percent = models.PositiveSmallIntegerField(
        _("series certificate at (% of sessions)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the default template."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("audience"),
        InlinePanel("hub_members", heading=_("Hub team"), label=_("member")),
    ]
    schedule_panels = [
        FieldPanel("time_zone"),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("interval_weeks")]),
        FieldRowPanel([FieldPanel("first_date"), FieldPanel("start_time")]),
        FieldPanel("duration_minutes"),
        FieldRowPanel([FieldPanel("until_date"), FieldPanel("session_count")]),
        FieldPanel("meeting_url"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
            ],
            heading=_("Registration"),
        ),
    ]
    hours_panels = [
        FieldRowPanel([FieldPanel("hours_per_session"), FieldPanel("hours_count_as")]),
        FieldPanel("credit_rule"),
        FieldRowPanel(
            [
                FieldPanel("credit_tolerance_minutes"),
                FieldPanel("credit_minimum_minutes"),
                FieldPanel("credit_minimum_percent"),
            ]
        ),
        FieldPanel("competency_areas"),
        MultiFieldPanel(
            [FieldPanel("dei"), FieldPanel("rsc_topic")], heading=_("Renewal flags")
        ),
        FieldPanel("rsc_provider_category"),
        FieldRowPanel(
            [
                FieldPanel("certificate_threshold_percent"),
                FieldPanel("certificate_template"),
            ]
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(schedule_panels, heading=_("Schedule and registration")),
            ObjectList(hours_panels, heading=_("Hours and certificate")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]

    parent_page_types = ["echo.EchoIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ECHO series")
        verbose_name_plural = _("ECHO series")

    def clean(self):
        super().clean()
        errors = {}
        if (self.until_date is None) == (self.session_count is None):
            errors["session_count"] = _(
                "Give either a last date or a number of sessions, not both."
            )
        if self.until_date and self.first_date and self.until_date < self.first_date:
            errors["until_date"] = _("The last date comes before the first session.")
        if self.frequency == Frequency.MONTHLY and self.interval_weeks != 1:
            self.interval_weeks = 1
        if (
            self.credit_rule == CreditRule.MINIMUM_MINUTES
            and not self.credit_minimum_minutes
        ):
            errors["credit_minimum_minutes"] = _(
                "Say how many minutes a participant must attend."
            )
        if (
            self.credit_minimum_minutes
            and self.duration_minutes
            and self.credit_minimum_minutes > self.duration_minutes
        ):
            errors["credit_minimum_minutes"] = _(
                "The minimum is longer than the session (%(minutes)s minutes)."
            ) % {"minutes": self.duration_minutes}
        if (
            self.credit_rule == CreditRule.PERCENTAGE
            and not self.credit_minimum_percent
        ):
            errors["credit_minimum_percent"] = _(
                "Say what share of the session a participant must attend."
            )
        if (
            self.credit_rule == CreditRule.ALL_OR_NOTHING
            and self.duration_minutes
            and self.credit_tolerance_minutes >= self.duration_minutes
        ):
            errors["credit_tolerance_minutes"] = _(
                "The tolerance must be shorter than the session."
            )
        if (
            self.hours_count_as == HoursCountAs.GROUP_RSC
            and self.rsc_provider_category_id is None
        ):
            errors["rsc_provider_category"] = _(
                "Group RSC counts only from a qualified provider: say which "
                "endorsement the hub's provider holds."
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        if errors:
            raise ValidationError(errors)

    # Route handlers live in views; the page only names its addresses.
    @path("register/", name="register")
    def register_route(self, request):
        from .views.public import series_register

        return series_register(request, self)

    @path("withdraw/", name="withdraw")
    def withdraw_route(self, request):
        from .views.public import series_withdraw

        return series_withdraw(request, self)

    @path("calendar.ics/", name="calendar")
    def calendar_route(self, request):
        from .views.feeds import series_feed

        return series_feed(request, self)

    @path("sessions/<uuid:session_uid>/", name="session")
    def session_route(self, request, session_uid):
        from .views.public import session_detail

        return session_detail(request, self, session_uid)

    @path("sessions/<uuid:session_uid>/invite.ics/", name="session_invite")
    def session_invite_route(self, request, session_uid):
        from .views.feeds import session_invite

        return session_invite(request, self, session_uid)

    @path("cases/new/", name="case_new")
    def case_new_route(self, request):
        from .views.cases import case_submit

        return case_submit(request, self)

    def get_context(self, request, *args, **kwargs):
        from .views.public import series_context

        context = super().get_context(request, *args, **kwargs)
        context.update(series_context(request, self))
        return context


class HubMember(Orderable):
    """A member of a series' hub team. Facilitators and coordinators must be in the
    ECHO Facilitator group: they run the series' roster, imports and cases."""

    series = ParentalKey(
        EchoSeries, on_delete=models.CASCADE, related_name="hub_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="echo_hub_roles",
    )
    role = models.CharField(max_length=12, choices=HubRole.choices)

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["series", "user"], name="echo_hubmember_once_per_series"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def clean(self):
        from lms import roles

        super().clean()
        if (
            self.role in (HubRole.FACILITATOR, HubRole.COORDINATOR)
            and self.user_id
            and not self.user.groups.filter(
                name__in=(roles.FACILITATOR, roles.ADMINISTRATOR)
            ).exists()
            and not self.user.is_superuser
        ):
            raise ValidationError(
                {
                    "user": _(
                        "%(user)s is not in the ECHO Facilitator group; add them to it "
                        "before making them a facilitator or coordinator."
                    )
                    % {"user": self.user}
                }
            )


# --- Sessions -----------------------------------------------------------------------


class EchoSession(models.Model):
    """One meeting of a series. Generated from the recurrence, then editable: a
    rescheduled session keeps its ``uid`` (and so its calendar identity) and raises
    ``sequence``; a cancelled one stays, marked."""

    series = models.ForeignKey(
        EchoSeries, on_delete=models.CASCADE, related_name="sessions"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The start the recurrence gave it; empty for an extra session added by hand.
    original_starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancelled_reason = models.CharField(max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    topic = models.CharField(_("didactic topic"), max_length=200, blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    materials_url = models.URLField(_("materials link"), max_length=500, blank=True)
    materials_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("materials file"),
    )
    recording_url = models.URLField(
        _("recording link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    attendance_finalised_at = models.DateTimeField(null=True, blank=True)
    attendance_finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="echo_session_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["series", "starts_at"])]

    def __str__(self):
        return f"{self.series.title} — {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


# --- Registration ------------------------------------------------------------------


class Registration(models.Model):
    """A learner's place in a series, or on its waitlist. One row per learner and
    series; withdrawing keeps the row."""

    series = models.ForeignKey(
        EchoSeries, on_delete=models.CASCADE, related_name="registrations"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="echo_registrations",
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Waitlist order: first come, first promoted.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "learner"], name="echo_registration_once_per_series"
            )
        ]
        indexes = [models.Index(fields=["series", "status"])]

    def __str__(self):
        return f"{self.learner} — {self.series.title} ({self.get_status_display()})"


class CalendarFeedToken(models.Model):
    """The secret in a learner's private calendar address. Revoking it (and making a
    new one) stops the old address working."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="echo_calendar_tokens",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(revoked_at__isnull=True),
                name="echo_one_live_calendar_token",
            )
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "live"
        return f"Calendar feed of {self.learner} ({state})"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class ReminderDelivery(models.Model):
    """That one reminder went (or is going) to one person for one session. The
    unique constraint is what makes reminders exactly-once: a second beat, a
    redelivered task or a restarted worker finds the row and sends nothing."""

    session = models.ForeignKey(
        EchoSession, on_delete=models.CASCADE, related_name="reminders"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner", "kind"], name="echo_reminder_once"
            )
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} to {self.learner} for session {self.session_id}"
        )


# --- Attendance --------------------------------------------------------------------


class Attendance(models.Model):
    """Whether and how long a learner attended one session. Hours follow from the
    series' credit rule when the session's attendance is finalised."""

    session = models.ForeignKey(
        EchoSession, on_delete=models.CASCADE, related_name="attendances"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="echo_attendances",
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    minutes = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(
        max_length=10, choices=AttendanceSource.choices, default=AttendanceSource.MANUAL
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="echo_attendance_once"
            )
        ]

    def __str__(self):
        return f"{self.learner} — {self.get_status_display()} ({self.minutes} min)"


class AttendanceAdjustment(models.Model):
    """Every change made to attendance by hand: who, when, why, from what to what."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="adjustments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)
    old_status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    old_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    new_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    new_minutes = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        before = self.old_status or "—"
        return f"{self.author}: {before} → {self.new_status} ({self.reason})"


class AttendanceImport(models.Model):
    """One uploaded participant report: parsed, matched and held for review, then
    applied to the roster (or discarded). Nothing changes the roster until then."""

    session = models.ForeignKey(
        EchoSession, on_delete=models.CASCADE, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(max_length=255)
    variant = models.CharField(max_length=14, choices=ImportVariant.choices)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    raw_row_count = models.PositiveIntegerField(default=0)
    merged_row_count = models.PositiveIntegerField(
        default=0, help_text=_("Rows folded into another row for the same person.")
    )
    # The meeting header block, when the report had one.
    meeting_topic = models.CharField(max_length=300, blank=True)
    meeting_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class AttendanceImportRow(models.Model):
    """One person in an imported report, after their joins were merged."""

    attendance_import = models.ForeignKey(
        AttendanceImport, on_delete=models.CASCADE, related_name="rows"
    )
    name = models.CharField(max_length=300, blank=True)
    email = models.CharField(max_length=254, blank=True)
    normalised_name = models.CharField(max_length=300, blank=True)
    minutes = models.PositiveSmallIntegerField(
        help_text=_("Time in the session: the union of the joins, clipped to it.")
    )
    join_count = models.PositiveIntegerField(default=1)
    # [[start ISO, end ISO], ...] after merging, for the review screen.
    intervals = models.JSONField(default=list, blank=True)
    line_numbers = models.JSONField(default=list, blank=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    match_method = models.CharField(
        max_length=10, choices=MatchMethod.choices, blank=True
    )
    status = models.CharField(max_length=10, choices=ImportRowStatus.choices)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["attendance_import", "status"])]

    def __str__(self):
        return f"{self.name or self.email} — {self.minutes} min"


# --- Case presentations ------------------------------------------------------------


class CasePresentation(models.Model):
    """A de-identified case a participant brings to the hub. Seen only by the
    presenter and the series' hub team."""

    series = models.ForeignKey(
        EchoSeries, on_delete=models.CASCADE, related_name="case_presentations"
    )
    session = models.ForeignKey(
        EchoSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_presentations",
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="echo_case_presentations",
    )
    age_band = models.CharField(
        _("child's age band"), max_length=10, choices=AgeBand.choices
    )
    caregiving_context = models.TextField(max_length=2000)
    presenting_concerns = models.TextField(max_length=3000)
    tried_so_far = models.TextField(_("what has been tried"), max_length=3000)
    question = models.TextField(_("question for the hub"), max_length=1000)
    status = models.CharField(
        max_length=12, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    review_note = models.TextField(
        max_length=2000,
        blank=True,
        help_text=_("What to change, when the case is returned."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    recommendations = models.TextField(max_length=6000, blank=True)
    recommendations_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendations_sent_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["series", "status"])]

    def __str__(self):
        return f"{self.get_age_band_display()} — {self.question[:60]}"
