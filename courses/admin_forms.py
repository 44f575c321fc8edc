from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Enrolment

REASON_MAX_LENGTH = Enrolment._meta.get_field("decline_reason").max_length


class EnrolmentApproveForm(forms.Form):
    """Approving asks for nothing more than the confirming click."""


class EnrolmentDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the learner"),
        help_text=_(
            "The learner sees it on the course page and in the e-mail that tells "
            "them. Say what they can do instead, if anything."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason: the learner will see it.")},
    )
