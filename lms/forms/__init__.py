from .accounts import (
    AccountDeletionRequestForm,
    ProfileForm,
    SignupForm,
    time_zone_choices,
)
from .hours import (
    EndorsementConsentForm,
    EndorsementForm,
    OutsideTrainingForm,
    RenewalYearForm,
    RscLogForm,
)

__all__ = [
    "AccountDeletionRequestForm",
    "EndorsementConsentForm",
    "EndorsementForm",
    "OutsideTrainingForm",
    "ProfileForm",
    "RenewalYearForm",
    "RscLogForm",
    "SignupForm",
    "time_zone_choices",
]
