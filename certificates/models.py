import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin
from wagtail.search import index

from lms.storage import private_storage

from .choices import (
    PROBLEM_OUTCOMES,
    BatchStatus,
    CertificateStatus,
    Orientation,
    PageSize,
    RecipientSource,
)
from .codes import code_display
from .placeholders import placeholders_help, placeholders_validate

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Give the colour as # and six hexadecimal digits, e.g. #1f5c4a."),
)


class CertificateTemplate(PreviewableMixin, index.Indexed, models.Model):
    """How a certificate looks. Editors write the heading and body in plain text with
    placeholders such as {recipient_name}; the live preview shows it with sample
    data. Certificates already issued keep their own copy of names and hours, so
    editing a template changes only how they look when next rendered."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    heading = models.CharField(
        _("heading"), max_length=200, default="Certificate of Completion"
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text; a blank line starts a new paragraph, and a paragraph whose "
            "placeholder has no value is left out. Placeholders: "
        )
        + placeholders_help(),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=120, blank=True)
    signatory_title = models.CharField(
        _("signatory's title"), max_length=160, blank=True
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )
    logo_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo or seal"),
    )
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.LETTER
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1f5c4a",
        validators=[hex_colour],
        help_text=_("Used for the border, rules and heading, e.g. #1f5c4a."),
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used when a course or series does not name a template."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("body")], heading=_("Wording")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("signatory_name"), FieldPanel("signatory_title")]
                ),
                FieldPanel("signature_image"),
                FieldPanel("logo_image"),
            ],
            heading=_("Signature and seal"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
                FieldPanel("accent_colour"),
                FieldPanel("is_default"),
            ],
            heading=_("Layout"),
        ),
        HelpPanel(
            content=_(
                "The preview shows the certificate with sample data. Choose “PDF” "
                "in the preview to see the exact page."
            )
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    preview_modes = [("", _("Page")), ("pdf", _("PDF"))]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_certificate_template",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for field in ("heading", "body"):
            try:
                placeholders_validate(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def serve_preview(self, request, mode_name):
        from .rendering import sample_preview_response

        return sample_preview_response(self, request, mode_name)


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def needing_attention(self):
        return self.filter(status=CertificateStatus.FAILED)


class Certificate(models.Model):
    """One certificate awarded to one learner for one thing (a course, an ECHO
    series, an administrator's award). A snapshot: the name, title, hours and areas
    are copied when it is issued and never follow later edits. Revoking marks it;
    nothing ever deletes it except the learner's own account deletion."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("verification code"), max_length=10, unique=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("template"),
    )
    title = models.CharField(_("title"), max_length=200)
    recipient_name = models.CharField(_("recipient name"), max_length=200)
    hours = models.DecimalField(_("clock hours"), max_digits=6, decimal_places=2)
    competency_areas = models.ManyToManyField(
        "lms.CompetencyArea",
        blank=True,
        related_name="+",
        verbose_name=_("competency areas"),
    )
    # The areas' codes and names when issued, so a later rename leaves the
    # certificate as it was: [{"code": "...", "name": "..."}].
    competency_area_snapshot = models.JSONField(default=list, blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    source_type = models.CharField(_("source type"), max_length=40)
    source_id = models.CharField(_("source id"), max_length=64)
    batch = models.ForeignKey(
        "CertificateBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("bulk issue"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
        db_index=True,
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="certificates/", blank=True
    )
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"), default=0)
    render_attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    render_queued_at = models.DateTimeField(_("render queued"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    email_on_ready = models.BooleanField(
        _("e-mail the learner when ready"), default=True
    )
    emailed_at = models.DateTimeField(_("last e-mailed"), null=True, blank=True)
    email_count = models.PositiveSmallIntegerField(_("times e-mailed"), default=0)

    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "source_type", "source_id"],
                name="one_certificate_per_learner_and_source",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0) & models.Q(hours__lte=999),
                name="certificate_hours_in_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "render_queued_at"], name="certificate_sweep_idx"
            ),
        ]
        permissions = [
            ("issue_certificate", "Can issue certificates"),
            ("revoke_certificate", "Can revoke certificates"),
        ]

    def __str__(self):
        return f"{self.title} — {self.recipient_name}"

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_ready(self) -> bool:
        return self.status == CertificateStatus.READY and bool(self.pdf)

    @property
    def area_names(self) -> list[str]:
        return [area["name"] for area in self.competency_area_snapshot]

    @property
    def download_filename(self) -> str:
        return f"cradle-certificate-{self.code_display}.pdf"


class CertificateBatch(models.Model):
    """A bulk issue: one template, title and hours for many learners, chosen with a
    filter or an uploaded list of e-mail addresses. It is checked (with a row-by-row
    report) before anything is issued, then issued in the background."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("template"),
    )
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("clock hours"), max_digits=6, decimal_places=2)
    competency_areas = models.ManyToManyField(
        "lms.CompetencyArea", blank=True, related_name="+"
    )
    issued_on = models.DateField(_("issue date"))
    email_learners = models.BooleanField(_("e-mail each learner"), default=True)
    recipient_source = models.CharField(
        _("learners from"), max_length=10, choices=RecipientSource.choices
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    # The row-by-row report of the uploaded file or the filter, kept as checked:
    # [{"line": 3, "value": "a@b.org", "outcome": "unknown", "message": "..."}].
    report = models.JSONField(default=list, blank=True)
    description = models.CharField(_("learners chosen"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BatchStatus.choices,
        default=BatchStatus.DRAFT,
    )
    total = models.PositiveIntegerField(_("learners"), default=0)
    issued_count = models.PositiveIntegerField(_("new certificates"), default=0)
    existing_count = models.PositiveIntegerField(_("already had one"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.total})"

    @property
    def problem_rows(self) -> list[dict]:
        """Rows of the checked list that name someone who will not get a
        certificate (no account, not an address…)."""
        return [row for row in self.report if row["outcome"] in PROBLEM_OUTCOMES]
