import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..choices import EndorsementStatus, Track

HOURS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class EndorsementCategory(models.Model):
    """An Infant Mental Health Endorsement® category (IFA, IFS, … and the Early
    Childhood equivalents). What it takes to earn and renew one lives in the dated
    requirement and renewal-rule rows below."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_offered = models.BooleanField(
        _("offered by the association"),
        default=True,
        help_text=_("Learners can choose only offered categories as goals."),
    )
    is_mentor = models.BooleanField(
        _("Mentor category"),
        default=False,
        help_text=_("Mentor categories may count the Administration domain."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("track"),
        FieldPanel("sort_order"),
        FieldPanel("is_offered"),
        FieldPanel("is_mentor"),
    ]

    class Meta:
        verbose_name = _("endorsement category")
        verbose_name_plural = _("endorsement categories")
        ordering = ["track", "sort_order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"


class InForceQuerySet(models.QuerySet):
    def in_force(self, *, category, on: datetime.date):
        """The version in force on a date: the latest that took effect on or before."""
        return (
            self.filter(category=category, effective_from__lte=on)
            .order_by("-effective_from")
            .first()
        )


class CategoryRequirement(models.Model):
    """What it takes to earn a category, from a date on. A change of rules is a new
    row with a later effective date; the old row keeps answering for earlier dates."""

    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("category"),
    )
    effective_from = models.DateField(_("in force from"))
    min_training_hours = models.DecimalField(_("training hours (minimum)"), **HOURS)
    min_dei_hours = models.DecimalField(
        _("of which on diversity, equity and inclusion"), default=0, **HOURS
    )
    min_rsc_topic_hours = models.DecimalField(
        _("of which about providing RSC"), default=0, **HOURS
    )
    rsc_hours_required = models.DecimalField(
        _("RSC hours to receive"), default=0, **HOURS
    )
    rsc_about_providing_hours = models.DecimalField(
        _("of which about the RSC the learner provides"),
        default=0,
        **HOURS,
    )
    rsc_window_min_months = models.PositiveSmallIntegerField(
        _("RSC window: at least (months)"), default=12
    )
    rsc_window_max_months = models.PositiveSmallIntegerField(
        _("RSC window: at most (months)"), default=24
    )
    exam_required = models.BooleanField(_("exam required"), default=False)
    qualifying_providers = models.ManyToManyField(
        EndorsementCategory,
        blank=True,
        related_name="+",
        verbose_name=_("categories that may provide the RSC"),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the rule is published, so anyone can check it."),
    )

    objects = InForceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("effective_from")]),
        MultiFieldPanel(
            [
                FieldPanel("min_training_hours"),
                FieldPanel("min_dei_hours"),
                FieldPanel("min_rsc_topic_hours"),
            ],
            heading=_("Training"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("rsc_hours_required"),
                FieldPanel("rsc_about_providing_hours"),
                FieldRowPanel(
                    [
                        FieldPanel("rsc_window_min_months"),
                        FieldPanel("rsc_window_max_months"),
                    ]
                ),
                FieldPanel("qualifying_providers"),
            ],
            heading=_("Reflective supervision/consultation"),
        ),
        FieldPanel("exam_required"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("category requirement")
        verbose_name_plural = _("category requirements")
        ordering = ["category__track", "category__sort_order", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "effective_from"],
                name="lms_one_requirement_per_category_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    rsc_window_max_months__gte=models.F("rsc_window_min_months")
                ),
                name="lms_requirement_rsc_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.category.code} from {self.effective_from:%Y-%m-%d}"

    def clean(self):
        if self.rsc_window_max_months < self.rsc_window_min_months:
            raise ValidationError(
                {
                    "rsc_window_max_months": _(
                        "The longest window cannot be shorter than the shortest."
                    )
                }
            )
        sub_total = self.min_dei_hours + self.min_rsc_topic_hours
        if sub_total > self.min_training_hours:
            raise ValidationError(
                {
                    "min_training_hours": _(
                        "The training minimum must cover its DEI and RSC-topic hours."
                    )
                }
            )
        if self.rsc_about_providing_hours > self.rsc_hours_required:
            raise ValidationError(
                {
                    "rsc_about_providing_hours": _(
                        "Cannot be more than the RSC hours to receive."
                    )
                }
            )


class RenewalRule(models.Model):
    """What a holder of a category must do every renewal period to keep it, from a
    date on. The period starts on the given month and day (1 January: the calendar
    year)."""

    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.CASCADE,
        related_name="renewal_rules",
        verbose_name=_("category"),
    )
    effective_from = models.DateField(_("in force from"))
    training_hours = models.DecimalField(_("training hours per period"), **HOURS)
    dei_hours = models.DecimalField(
        _("of which on diversity, equity and inclusion"), default=0, **HOURS
    )
    rsc_topic_hours = models.DecimalField(
        _("of which about providing RSC"), default=0, **HOURS
    )
    rsc_received_hours = models.DecimalField(
        _("RSC hours to receive per period"), default=0, **HOURS
    )
    period_start_month = models.PositiveSmallIntegerField(
        _("period starts: month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    period_start_day = models.PositiveSmallIntegerField(
        _("period starts: day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("1 to 28, so that every year has the day."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = InForceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("effective_from")]),
        FieldPanel("training_hours"),
        FieldPanel("dei_hours"),
        FieldPanel("rsc_topic_hours"),
        FieldPanel("rsc_received_hours"),
        FieldRowPanel(
            [FieldPanel("period_start_month"), FieldPanel("period_start_day")]
        ),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("renewal rule")
        verbose_name_plural = _("renewal rules")
        ordering = ["category__track", "category__sort_order", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "effective_from"],
                name="lms_one_renewal_rule_per_category_and_date",
            )
        ]

    def __str__(self):
        return f"{self.category.code} renewal from {self.effective_from:%Y-%m-%d}"

    def clean(self):
        if self.dei_hours + self.rsc_topic_hours > self.training_hours:
            raise ValidationError(
                {
                    "training_hours": _(
                        "The training hours must cover their DEI and RSC-topic hours."
                    )
                }
            )

    def period(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The renewal period labelled ``year``: from its start day up to, not
        including, the same day a year later."""
        start = datetime.date(year, self.period_start_month, self.period_start_day)
        return start, start.replace(year=year + 1)


class Endorsement(models.Model):
    """An endorsement a learner holds, as they recorded it. An administrator confirms
    it before it can appear in the public registry."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("learner"),
    )
    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("category"),
    )
    endorsed_on = models.DateField(_("endorsed on"))
    endorsement_number = models.CharField(
        _("endorsement number"), max_length=40, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EndorsementStatus.choices,
        default=EndorsementStatus.RECORDED,
    )
    registry_consent = models.BooleanField(
        _("list me in the public registry"), default=False
    )
    registry_consent_changed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-endorsed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "category"],
                condition=~models.Q(status="lapsed"),
                name="lms_one_current_endorsement_per_category",
            )
        ]

    def __str__(self):
        return f"{self.category.code} endorsement of {self.learner}"

    @property
    def is_listed(self) -> bool:
        return self.registry_consent and self.status == EndorsementStatus.CONFIRMED
