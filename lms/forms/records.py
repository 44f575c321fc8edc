"""Filter forms for the transcript and the public registry. Both are GET forms: they
only narrow what is shown, so a bad value is reported and the page falls back to
everything rather than refusing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import Discipline
from ..selectors import offered_categories


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates whatever the locale.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages={
            "invalid": _("Enter a date as year-month-day, e.g. 2025-01-31."),
        },
    )


class TranscriptFilterForm(forms.Form):
    start = _date_field(_("From"))
    end = _date_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                _("The end date (%(end)s) is before the start date (%(start)s).")
                % {"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned


class RegistryFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Endorsement category"),
        required=False,
        queryset=offered_categories(),
        empty_label=_("Any category"),
        error_messages={
            "invalid_choice": _("Choose a category from the list."),
        },
    )
    county = forms.CharField(
        label=_("County"),
        required=False,
        max_length=100,
        help_text=_("The whole county name, e.g. Tulsa."),
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"),
        required=False,
        choices=[("", _("Any discipline")), *Discipline.choices],
        error_messages={
            "invalid_choice": _("Choose a discipline from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda category: (
            f"{category.code} — {category.name}"
        )

    def filters(self) -> dict:
        """Keyword arguments for ``registry_listings``; empty when the form is
        invalid, so a bad value shows everyone rather than no one."""
        if not self.is_valid():
            return {}
        return {
            "search": self.cleaned_data["search"].strip(),
            "category": self.cleaned_data["category"],
            "county": self.cleaned_data["county"].strip(),
            "discipline": self.cleaned_data["discipline"],
        }
