from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import CountsToward, CreditKind, CreditStatus, RscFormat
from .competencies import CompetencyArea
from .endorsement import EndorsementCategory


class CreditEntryQuerySet(models.QuerySet):
    def counted(self):
        """What counts toward endorsement and renewal: approved, and never peer RSC."""
        return self.filter(status=CreditStatus.APPROVED).exclude(rsc_is_peer=True)

    def training(self):
        return self.counted().filter(counts_toward=CountsToward.TRAINING)

    def rsc(self):
        return self.counted().filter(counts_toward=CountsToward.RSC)


class CreditEntry(models.Model):
    """One line of a learner's hours ledger. Every award of hours (a completed course,
    an attended ECHO session, approved outside training or RSC) is one row, unique per
    source, so awarding the same thing twice is impossible. Rows are never deleted:
    revoking marks them."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credit_entries",
        verbose_name=_("learner"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CreditKind.choices)
    counts_toward = models.CharField(
        _("counts toward"),
        max_length=12,
        choices=CountsToward.choices,
        default=CountsToward.TRAINING,
    )
    source_type = models.CharField(_("source type"), max_length=40)
    source_id = models.CharField(_("source id"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("clock hours"), max_digits=6, decimal_places=2)
    competency_areas = models.ManyToManyField(
        CompetencyArea,
        through="CreditEntryArea",
        related_name="credit_entries",
        verbose_name=_("competency areas"),
    )
    dei = models.BooleanField(_("diversity, equity and inclusion"), default=False)
    rsc_topic = models.BooleanField(_("about providing RSC"), default=False)
    rsc_format = models.CharField(
        _("RSC format"), max_length=12, choices=RscFormat.choices, blank=True
    )
    rsc_provider_category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("RSC provider's category"),
    )
    rsc_is_peer = models.BooleanField(_("peer consultation"), default=False)
    rsc_about_providing = models.BooleanField(
        _("about RSC the learner provides"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CreditStatus.choices,
        default=CreditStatus.APPROVED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    reviewed_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["-date", "-pk"]
        permissions = [("revoke_creditentry", "Can revoke hours in the ledger")]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "source_type", "source_id"],
                name="lms_one_credit_entry_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=999),
                name="lms_credit_entry_hours_in_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["learner", "status", "counts_toward", "date"],
                name="lms_credit_learner_idx",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} h, {self.date:%Y-%m-%d})"


class CreditEntryArea(models.Model):
    """The competency areas an entry covers. Areas in use cannot be deleted (retire
    them instead), so an entry never silently loses its areas."""

    entry = models.ForeignKey(
        CreditEntry, on_delete=models.CASCADE, related_name="area_links"
    )
    area = models.ForeignKey(CompetencyArea, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "area"], name="lms_credit_entry_area_unique"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} covers {self.area_id}"
