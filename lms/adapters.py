from allauth.account.adapter import DefaultAccountAdapter

from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": _(
            "An account already uses this e-mail address (capital letters make no "
            "difference). Sign in, or reset your password if you have forgotten it."
        ),
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Please wait a few minutes and try "
            "again, or reset your password."
        ),
    }

    def clean_email(self, email):
        return super().clean_email(email).strip().lower()
