"""Writes with business meaning. Other apps call these, never the models directly."""

from .accounts import (
    account_deletion_request_cancel,
    account_deletion_request_complete,
    account_deletion_request_create,
    learner_profile_update,
    learner_register,
)
from .endorsements import (
    endorsement_confirm,
    endorsement_consent_set,
    endorsement_lapse,
    endorsement_record,
    endorsement_withdraw,
    learner_goal_set,
)
from .ledger import credit_award, credit_hours_change, credit_revoke
from .submissions import (
    outside_training_save,
    outside_training_submit,
    rsc_log_save,
    submission_approve,
    submission_reject,
    submission_return,
    submission_withdraw,
)

__all__ = [
    "account_deletion_request_cancel",
    "account_deletion_request_complete",
    "account_deletion_request_create",
    "credit_award",
    "credit_hours_change",
    "credit_revoke",
    "endorsement_confirm",
    "endorsement_consent_set",
    "endorsement_lapse",
    "endorsement_record",
    "endorsement_withdraw",
    "learner_goal_set",
    "learner_profile_update",
    "learner_register",
    "outside_training_save",
    "outside_training_submit",
    "rsc_log_save",
    "submission_approve",
    "submission_reject",
    "submission_return",
    "submission_withdraw",
]
