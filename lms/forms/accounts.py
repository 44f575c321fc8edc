import functools
import zoneinfo

from allauth.account.forms import SignupForm as AllauthSignupForm

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..choices import COMMON_TIME_ZONES, Discipline, USState
from ..models import LearnerProfile
from ..selectors import offered_categories
from ..services import learner_register


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the learner's name, saved in one transaction with the
    Learner role and the profile so that a failure leaves nothing half-created."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "You will sign in with this address. We send a link to confirm it."
        )
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["password1"].help_text = _(
            "At least 10 characters; not only numbers, and not a common password."
        )

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            learner_register(user=user)
        return user


@functools.cache
def time_zone_choices():
    common = [value for value, _label in COMMON_TIME_ZONES]
    others = sorted(zoneinfo.available_timezones() - set(common))
    return [
        (_("Common"), COMMON_TIME_ZONES),
        (_("All time zones"), [(zone, zone) for zone in others]),
    ]


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = LearnerProfile
        fields = [
            "certificate_name",
            "discipline",
            "organization",
            "county",
            "state",
            "time_zone",
            "email_consent",
            "goal_category",
        ]
        widgets = {
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["certificate_name"].required = True
        self.fields["discipline"].required = True
        self.fields["discipline"].choices = [
            ("", _("Choose your discipline")),
            *Discipline.choices,
        ]
        self.fields["state"].choices = USState.choices
        self.fields["time_zone"].help_text = LearnerProfile._meta.get_field(
            "time_zone"
        ).help_text
        goal = self.fields["goal_category"]
        goal.label = _("Endorsement I am working toward")
        goal.required = False
        goal.empty_label = _("Not chosen yet")
        goal.help_text = _(
            "Optional. Your hours page then shows how far you are from it."
        )
        # Only offered categories are listed; the service gives the reason when
        # another one (or one the learner already holds) is sent.
        goal.widget.choices = forms.ModelChoiceField(
            queryset=offered_categories(), empty_label=goal.empty_label
        ).choices
        self.order_fields(["first_name", "last_name", *self.Meta.fields])


class AccountDeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Anything you would like us to know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my hours, certificates and history will be deleted "
            "once an administrator carries out this request."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password
