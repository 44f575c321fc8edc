"""Reads across relations. Other apps and the views use these, not raw querysets."""

from .accounts import (
    administrators_to_notify,
    deletion_request_pending_for,
    learner_profile_get,
    menu_pages,
)
from .ledger import (
    competency_areas_for_choice,
    competency_domains_with_areas,
    credit_entries_for,
    endorsements_for,
    ledger_totals,
    offered_categories,
    open_submissions_count,
    outside_trainings_for,
    registry_listings,
    rsc_log_for,
)
from .progress import (
    Check,
    DomainHours,
    EndorsementProgress,
    RenewalStatus,
    RscWindow,
    best_rsc_window,
    endorsement_progress,
    hours_by_domain,
    renewal_status,
    requirement_in_force,
)

__all__ = [
    "Check",
    "DomainHours",
    "EndorsementProgress",
    "RenewalStatus",
    "RscWindow",
    "administrators_to_notify",
    "best_rsc_window",
    "competency_areas_for_choice",
    "competency_domains_with_areas",
    "credit_entries_for",
    "deletion_request_pending_for",
    "endorsement_progress",
    "endorsements_for",
    "hours_by_domain",
    "learner_profile_get",
    "ledger_totals",
    "menu_pages",
    "offered_categories",
    "open_submissions_count",
    "outside_trainings_for",
    "registry_listings",
    "renewal_status",
    "requirement_in_force",
    "rsc_log_for",
]
