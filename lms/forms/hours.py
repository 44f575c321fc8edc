"""Forms for what learners record themselves: outside training, reflective
supervision/consultation and the endorsements they hold.

The forms check only that each value is there and of the right type; the services
apply the rules (dates, hours, duplicates, evidence) and their messages are put back on
these fields by the views."""

import itertools

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import DeliveryMode, HoursUnit, RscFormat
from ..models import CompetencyArea, EndorsementCategory
from ..selectors import offered_categories
from ..validators import EVIDENCE_TYPES

EVIDENCE_ACCEPT = ",".join(f".{extension}" for extension in EVIDENCE_TYPES)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AreaCheckboxes(forms.CheckboxSelectMultiple):
    """Rendered by the template, grouped by domain. The field's id names the
    surrounding fieldset, so the error summary has somewhere to link to."""

    def id_for_label(self, id_, index=None):
        if index is None:
            return id_
        return super().id_for_label(id_, index)


def offer_only(field: forms.ModelChoiceField, offered) -> None:
    """List only ``offered`` categories while accepting any: a category that is
    not offered (withdrawn while the page was open, or a hand-made request) then
    reaches the service, which says why it is refused."""
    field.widget.choices = forms.ModelChoiceField(
        queryset=offered, empty_label=field.empty_label
    ).choices


def _required(message):
    return {"required": message}


class OutsideTrainingForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the training"),
        max_length=255,
        error_messages=_required(_("Enter the title of the training.")),
        help_text=_("As it appears on the certificate."),
    )
    provider = forms.CharField(
        label=_("Sponsor or provider"),
        max_length=255,
        error_messages=_required(_("Enter who offered the training.")),
    )
    presenter = forms.CharField(
        label=_("Presenter (optional)"), max_length=255, required=False
    )
    start_date = forms.DateField(
        label=_("First day"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the first day of the training."),
            "invalid": _("Enter the first day as a date, e.g. 2025-03-14."),
        },
    )
    end_date = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("The same as the first day for a one-day training."),
        error_messages={
            "required": _("Enter the last day of the training."),
            "invalid": _("Enter the last day as a date, e.g. 2025-03-14."),
        },
    )
    delivery_mode = forms.ChoiceField(
        label=_("How it was delivered"),
        choices=[("", _("Choose one")), *DeliveryMode.choices],
        error_messages=_required(_("Choose how the training was delivered.")),
    )
    hours_entered = forms.DecimalField(
        label=_("Hours on the certificate"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=_(
            "The number the certificate states, in the unit it states. We convert it "
            "to clock hours and show you the result before you submit."
        ),
        error_messages={
            "required": _("Enter the hours stated on the certificate."),
            "invalid": _("Enter the hours as a number, e.g. 6 or 1.5."),
        },
    )
    hours_unit = forms.ChoiceField(
        label=_("Unit"),
        choices=HoursUnit.choices,
        initial=HoursUnit.CLOCK,
        error_messages=_required(_("Choose the unit the certificate uses.")),
    )
    competency_areas = forms.ModelMultipleChoiceField(
        label=_("Competency areas covered"),
        queryset=CompetencyArea.objects.none(),
        widget=AreaCheckboxes,
        help_text=_(
            "Tick every area the training covered. A training counts toward "
            "endorsement only if it covers at least one."
        ),
        error_messages=_required(
            _(
                "Choose at least one competency area: a training counts toward "
                "endorsement only if it covers a competency."
            )
        ),
    )
    dei = forms.BooleanField(
        label=_("It covered diversity, equity and inclusion (DEI)"), required=False
    )
    rsc_topic = forms.BooleanField(
        label=_("It was about providing reflective supervision/consultation"),
        required=False,
    )
    evidence = forms.FileField(
        label=_("Certificate of attendance"),
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        error_messages={
            "required": _("Attach the certificate of attendance (PDF, PNG or JPEG)."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, training=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.training = training
        # Retired areas are not offered, except those an entry being edited already
        # names: it keeps them.
        kept = [area.pk for area in training.competency_areas.all()] if training else []
        self.fields["competency_areas"].queryset = CompetencyArea.objects.filter(
            Q(retired=False) | Q(pk__in=kept)
        ).select_related("domain")
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        evidence = self.fields["evidence"]
        if training is None:
            evidence.help_text = _(
                "A PDF, PNG or JPEG of the certificate, up to %(limit)s. Only you "
                "and the administrators who review it can open it."
            ) % {"limit": limit}
        else:
            evidence.required = False
            evidence.label = _("Replace the certificate (optional)")
            evidence.help_text = _(
                "Leave empty to keep “%(name)s”. A PDF, PNG or JPEG, up to %(limit)s."
            ) % {"name": training.evidence_name, "limit": limit}
        today = timezone.localdate().isoformat()
        for name in ("start_date", "end_date"):
            self.fields[name].widget.attrs["max"] = today

    @classmethod
    def initial_for(cls, training) -> dict:
        return {
            "title": training.title,
            "provider": training.provider,
            "presenter": training.presenter,
            "start_date": training.start_date,
            "end_date": training.end_date,
            "delivery_mode": training.delivery_mode,
            "hours_entered": training.hours_entered,
            "hours_unit": training.hours_unit,
            "competency_areas": list(training.competency_areas.all()),
            "dei": training.dei,
            "rsc_topic": training.rsc_topic,
        }

    def area_groups(self) -> list[dict]:
        """The areas on offer grouped by domain, each with whether it is ticked."""
        chosen = {str(value) for value in self["competency_areas"].value() or []}
        groups = []
        areas = self.fields["competency_areas"].queryset
        for domain, members in itertools.groupby(areas, key=lambda a: a.domain):
            groups.append(
                {
                    "domain": domain,
                    "areas": [
                        {"area": area, "checked": str(area.pk) in chosen}
                        for area in members
                    ],
                }
            )
        return groups


class RscLogForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the supervision/consultation."),
            "invalid": _("Enter the date as a date, e.g. 2025-03-14."),
        },
    )
    hours = forms.DecimalField(
        label=_("Clock hours"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=_("In quarter-hour steps: 0.25, 0.5, 0.75, 1 …"),
        error_messages={
            "required": _("Enter how many hours it lasted."),
            "invalid": _("Enter the hours as a number, e.g. 1 or 1.5."),
        },
    )
    format = forms.ChoiceField(
        label=_("Individual or group"),
        choices=[("", _("Choose one")), *RscFormat.choices],
        error_messages=_required(
            _("Say whether the supervision/consultation was individual or group.")
        ),
    )
    provider_name = forms.CharField(
        label=_("Provider's name"),
        max_length=200,
        error_messages=_required(_("Enter the name of the person who provided it.")),
    )
    provider_category = forms.ModelChoiceField(
        label=_("Provider's endorsement category"),
        queryset=EndorsementCategory.objects.all(),
        required=False,
        empty_label=_("None — the provider holds no endorsement"),
        help_text=_(
            "RSC counts toward a category only when the provider holds one of the "
            "categories it accepts."
        ),
    )
    is_peer = forms.BooleanField(
        label=_("This was peer consultation"),
        required=False,
        help_text=_(
            "Peer consultation is recorded but never counts toward endorsement or "
            "renewal."
        ),
    )
    about_providing = forms.BooleanField(
        label=_("It concerned the RSC I provide to others"), required=False
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For your own records. Never include client details."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            "date": entry.date,
            "hours": entry.hours,
            "format": entry.format,
            "provider_name": entry.provider_name,
            "provider_category": entry.provider_category,
            "is_peer": entry.is_peer,
            "about_providing": entry.about_providing,
            "note": entry.note,
        }


class EndorsementForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=EndorsementCategory.objects.all(),
        empty_label=_("Choose the category you hold"),
        error_messages=_required(_("Choose the category you hold.")),
    )
    endorsed_on = forms.DateField(
        label=_("Date endorsed"),
        widget=DateInput(),
        help_text=_("The date on your endorsement letter or certificate."),
        error_messages={
            "required": _("Enter the date you were endorsed."),
            "invalid": _("Enter the date as a date, e.g. 2024-05-01."),
        },
    )
    endorsement_number = forms.CharField(
        label=_("Endorsement number (optional)"), max_length=40, required=False
    )
    registry_consent = forms.BooleanField(
        label=_("List me in the public registry once an administrator confirms it"),
        required=False,
        help_text=_(
            "The registry shows your name, the category, your discipline, your "
            "county and the date you were endorsed. You can change your mind at "
            "any time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only(self.fields["category"], offered_categories())
        self.fields["endorsed_on"].widget.attrs["max"] = (
            timezone.localdate().isoformat()
        )


class EndorsementConsentForm(forms.Form):
    # A hidden "true"/"false" from the button the learner pressed.
    consent = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RenewalYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Renewal year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def year_or(self, default: int) -> int:
        """The year asked for, or ``default`` when none (or one out of range) was."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return default
