from .accounts import (
    AccountDeletionRequestForm,
    ProfileForm,
    SignupForm,
    time_zone_choices,
)

__all__ = [
    "AccountDeletionRequestForm",
    "ProfileForm",
    "SignupForm",
    "time_zone_choices",
]
