"""Forms of the certificates admin: the template editor, issuing one certificate,
revoking, and the first step of a bulk issue."""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from lms.models import CompetencyArea, EndorsementCategory
from lms.selectors import competency_areas_for_choice
from lms.validators import validate_text_upload

from .choices import RecipientSource
from .models import CertificateTemplate
from .recipients import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    RecipientReport,
    recipients_from_csv,
    recipients_from_filter,
    size_check,
)


def _required(message):
    return {"required": message}


# --- Certificate templates ---------------------------------------------------------


class CertificateTemplateForm(WagtailAdminModelForm):
    """The template editor. Ticking "default template" on one template moves the
    default to it (there is only ever one), rather than refusing the save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_default = (
            CertificateTemplate.objects.filter(is_default=True)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if "is_default" in self.fields and self.current_default is not None:
            self.fields["is_default"].help_text = _(
                "Used when a course or series does not name a template. “%(name)s” "
                "is the default now; ticking this makes this template the default "
                "instead."
            ) % {"name": self.current_default.name}

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.cleaned_data.get("is_default"):
            # Taking over the default is handled in save(); the one-default
            # constraint must not refuse it first.
            exclude.add("is_default")
        return exclude

    def save(self, commit=True):
        if not (commit and self.instance.is_default):
            return super().save(commit=commit)
        with transaction.atomic():
            CertificateTemplate.objects.filter(is_default=True).exclude(
                pk=self.instance.pk
            ).update(is_default=False)
            return super().save(commit=commit)


# --- Issuing one certificate and revoking ------------------------------------------


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area: CompetencyArea) -> str:
        return f"{area.name} ({area.code})"


def area_field() -> AreaChoiceField:
    return AreaChoiceField(
        label=gettext_lazy("Competency areas"),
        queryset=competency_areas_for_choice().order_by(
            "domain__sort_order", "sort_order", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Printed on the certificate and listed in its Open Badges credential. "
            "Leave all unticked if none applies."
        ),
    )


class CertificateTermsForm(forms.Form):
    """What a certificate says: shared by issuing one and issuing in bulk."""

    template = forms.ModelChoiceField(
        label=gettext_lazy("Template"),
        queryset=CertificateTemplate.objects.order_by("name"),
        empty_label=None,
        help_text=gettext_lazy("How the certificate looks."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy(
            "What the certificate is for, as it will be printed, e.g. “Attachment "
            "and Early Relationships”."
        ),
        error_messages=_required(
            gettext_lazy("Give the certificate a title: what it is awarded for.")
        ),
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Clock hours"),
        min_value=0,
        max_value=999,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=gettext_lazy("In quarter-hour steps, e.g. 6.5. Use 0 for none."),
        error_messages={
            "required": gettext_lazy("Enter the clock hours, e.g. 6.5 (or 0)."),
            "invalid": gettext_lazy("Enter the hours as a number, e.g. 6.5."),
        },
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Issue date"),
        widget=AdminDateInput,
        help_text=gettext_lazy("The date printed on the certificate."),
        error_messages=_required(gettext_lazy("Enter the issue date.")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency_areas"] = area_field()
        # Keep the areas right after the hours.
        order = ["template", "title", "hours", "competency_areas", "issued_on"]
        self.order_fields(order)
        if not self.is_bound:
            self.fields["issued_on"].initial = timezone.localdate()
            default = self.fields["template"].queryset.filter(is_default=True).first()
            if default is not None:
                self.fields["template"].initial = default.pk


class CertificateIssueForm(CertificateTermsForm):
    """Issue one certificate. The hidden token names this form: submitting it twice
    (a double click, the back button) issues one certificate, not two."""

    learner_email = forms.EmailField(
        label=gettext_lazy("Learner's e-mail address"),
        help_text=gettext_lazy("The address they sign in with."),
        error_messages={
            "required": gettext_lazy("Enter the e-mail address of the learner."),
            "invalid": gettext_lazy(
                "Enter an e-mail address, such as name@example.org."
            ),
        },
    )
    email_learner = forms.BooleanField(
        label=gettext_lazy("E-mail the certificate to the learner when it is ready"),
        required=False,
        initial=True,
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["learner_email"])
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4()

    def clean_learner_email(self):
        email = self.cleaned_data["learner_email"].strip()
        learner = get_user_model().objects.filter(email__iexact=email).first()
        if learner is None:
            raise forms.ValidationError(
                _(
                    "No account uses %(email)s. Check the address, or ask the learner "
                    "to sign up first."
                )
                % {"email": email}
            )
        if not learner.is_active:
            raise forms.ValidationError(
                _("The account of %(email)s is deactivated.") % {"email": email}
            )
        self.cleaned_data["learner"] = learner
        return email


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Kept with the certificate, with your name and the time. The learner "
            "sees it; the public verification page says only that it was revoked "
            "and when."
        ),
        error_messages=_required(
            gettext_lazy("Give a reason for revoking: the learner will see it.")
        ),
    )


# --- Bulk issue ---------------------------------------------------------------------


class BatchForm(CertificateTermsForm):
    """Step one of a bulk issue: what the certificates say, and who gets them. The
    learners are checked here (``report``); nothing is issued until confirmed."""

    email_learners = forms.BooleanField(
        label=gettext_lazy("E-mail each learner their certificate when it is ready"),
        required=False,
        initial=True,
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Choose the learners"),
        choices=[
            (RecipientSource.FILTER, gettext_lazy("With a filter")),
            (
                RecipientSource.CSV,
                gettext_lazy("From a list of e-mail addresses (CSV or text file)"),
            ),
        ],
        initial=RecipientSource.FILTER,
        widget=forms.RadioSelect,
    )
    joined_from = forms.DateField(
        label=gettext_lazy("Joined on or after"),
        required=False,
        widget=AdminDateInput,
    )
    joined_to = forms.DateField(
        label=gettext_lazy("Joined on or before"),
        required=False,
        widget=AdminDateInput,
    )
    goal_category = forms.ModelChoiceField(
        label=gettext_lazy("Working toward the endorsement"),
        queryset=EndorsementCategory.objects.order_by("code"),
        required=False,
        empty_label=gettext_lazy("Any, or none chosen"),
        help_text=gettext_lazy("The goal learners chose on their hours page."),
    )
    contains = forms.CharField(
        label=gettext_lazy("Name or e-mail contains"),
        required=False,
        max_length=100,
    )
    csv_file = forms.FileField(
        label=gettext_lazy("File of e-mail addresses"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text=gettext_lazy(
            "One address a line, or a spreadsheet saved as CSV with a column named "
            "“email”. Commas, semicolons or tabs; any common encoding; at most "
            "%(rows)s addresses (%(size)s MB)."
        )
        % {"rows": f"{MAX_ROWS:,}", "size": MAX_FILE_BYTES // (1024 * 1024)},
    )

    FILTER_FIELDS = ("joined_from", "joined_to", "goal_category", "contains")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report: RecipientReport | None = None

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == RecipientSource.CSV:
            upload = cleaned.get("csv_file")
            if not upload:
                self.add_error(
                    "csv_file", _("Choose the file with the learners' addresses.")
                )
                return cleaned
            try:
                size_check(upload.size)
                validate_text_upload(
                    upload,
                    extensions=("csv", "txt"),
                    max_bytes=MAX_FILE_BYTES,
                    what=_("the list"),
                )
                self.report = recipients_from_csv(upload.read(), filename=upload.name)
            except forms.ValidationError as error:
                self.add_error("csv_file", error)
        elif source == RecipientSource.FILTER:
            joined_from, joined_to = (
                cleaned.get("joined_from"),
                cleaned.get("joined_to"),
            )
            if joined_from and joined_to and joined_from > joined_to:
                self.add_error(
                    "joined_to", _("This date is before the “joined on or after” date.")
                )
                return cleaned
            try:
                self.report = recipients_from_filter(
                    joined_from=joined_from,
                    joined_to=joined_to,
                    goal_category=cleaned.get("goal_category"),
                    contains=cleaned.get("contains") or "",
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    @property
    def filter_fields(self):
        return [self[name] for name in self.FILTER_FIELDS]
