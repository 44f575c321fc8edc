import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..choices import DeliveryMode, HoursUnit, RscFormat, SubmissionStatus
from ..storage import private_storage
from .competencies import CompetencyArea
from .endorsement import EndorsementCategory


class ReviewedSubmission(models.Model):
    """Something a learner submits and an administrator reviews before it counts."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learner"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    review_reason = models.TextField(
        _("reviewer's reason"),
        blank=True,
        max_length=2000,
        help_text=_("Shown to the learner when a submission is returned or refused."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in {
            SubmissionStatus.DRAFT,
            SubmissionStatus.CHANGES_REQUESTED,
        }


def evidence_upload_to(instance, filename):
    # A random name: the learner's file name never becomes a path on the server.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.learner_id}/{uuid.uuid4().hex}.{extension}"


class OutsideTraining(ReviewedSubmission):
    """A training taken elsewhere, with its certificate as evidence. It counts once an
    administrator approves it."""

    title = models.CharField(_("title of the training"), max_length=255)
    provider = models.CharField(_("sponsor or provider"), max_length=255)
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    delivery_mode = models.CharField(
        _("delivery"), max_length=16, choices=DeliveryMode.choices
    )
    hours_entered = models.DecimalField(
        _("hours on the certificate"), max_digits=6, decimal_places=2
    )
    hours_unit = models.CharField(
        _("unit"), max_length=8, choices=HoursUnit.choices, default=HoursUnit.CLOCK
    )
    clock_hours = models.DecimalField(
        _("clock hours"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Converted from the hours entered, in quarter-hour steps."),
    )
    competency_areas = models.ManyToManyField(
        CompetencyArea,
        through="OutsideTrainingArea",
        related_name="+",
        verbose_name=_("competency areas"),
    )
    dei = models.BooleanField(
        _("covers diversity, equity and inclusion (DEI)"), default=False
    )
    rsc_topic = models.BooleanField(
        _("is about providing reflective supervision/consultation"), default=False
    )
    evidence = models.FileField(
        _("certificate of attendance"),
        storage=private_storage,
        upload_to=evidence_upload_to,
        max_length=255,
    )
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("outside training")
        verbose_name_plural = _("outside trainings")
        ordering = ["-start_date", "-pk"]
        permissions = [("review_outsidetraining", "Can review outside training")]
        constraints = [
            # The same training cannot be on file twice (unless refused).
            models.UniqueConstraint(
                "learner",
                Lower("title"),
                Lower("provider"),
                "start_date",
                condition=~models.Q(status="rejected"),
                name="lms_outside_training_once",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="lms_outside_training_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(clock_hours__gt=0),
                name="lms_outside_training_hours_positive",
            ),
        ]

    def __str__(self):
        return self.title


class OutsideTrainingArea(models.Model):
    training = models.ForeignKey(
        OutsideTraining, on_delete=models.CASCADE, related_name="area_links"
    )
    area = models.ForeignKey(CompetencyArea, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["training", "area"], name="lms_outside_training_area_unique"
            )
        ]

    def __str__(self):
        return f"{self.training_id} covers {self.area_id}"


class RscLogEntry(ReviewedSubmission):
    """Reflective supervision/consultation the learner received. Peer consultation is
    recorded but never counts."""

    date = models.DateField(_("date"))
    hours = models.DecimalField(_("clock hours"), max_digits=5, decimal_places=2)
    format = models.CharField(
        _("individual or group"), max_length=12, choices=RscFormat.choices
    )
    provider_name = models.CharField(_("provider's name"), max_length=200)
    provider_category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider's endorsement category"),
        help_text=_("Leave empty if the provider does not hold an endorsement."),
    )
    is_peer = models.BooleanField(
        _("this was peer consultation"),
        default=False,
        help_text=_("Peer consultation is recorded but never counts."),
    )
    about_providing = models.BooleanField(
        _("it concerned the RSC I provide to others"), default=False
    )
    note = models.TextField(
        _("note (optional, no client details)"), blank=True, max_length=1000
    )

    class Meta:
        verbose_name = _("RSC log entry")
        verbose_name_plural = _("RSC log entries")
        ordering = ["-date", "-pk"]
        permissions = [("review_rsclogentry", "Can review RSC log entries")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
                name="lms_rsc_log_hours_in_range",
            ),
        ]

    def __str__(self):
        return f"RSC with {self.provider_name} on {self.date:%Y-%m-%d}"
