from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class CompetencyDomain(models.Model):
    """A domain of the Competency Guidelines® (e.g. Theoretical Foundations). Names and
    codes only: the Guidelines' descriptive text is copyrighted and is not stored."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    mentor_only = models.BooleanField(
        _("Mentor categories only"),
        default=False,
        help_text=_("Administration applies only to the Mentor categories."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("sort_order"),
        FieldPanel("mentor_only"),
    ]

    class Meta:
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CompetencyAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired=False)


class CompetencyArea(index.Indexed, models.Model):
    """A knowledge or skill area under a domain, which learners tick on every training.
    An area in use is retired rather than deleted: entries that name it keep it."""

    domain = models.ForeignKey(
        CompetencyDomain,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("domain"),
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=160)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "A retired area is no longer offered on new entries; entries that "
            "already name it keep it."
        ),
    )

    objects = CompetencyAreaQuerySet.as_manager()

    panels = [
        FieldPanel("domain"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("sort_order"),
        FieldPanel("retired"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("retired"),
    ]

    class Meta:
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")
        ordering = ["domain__sort_order", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "name"], name="lms_area_name_unique_in_domain"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
