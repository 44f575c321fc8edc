from .accounts import (
    AccountDeletionRequest,
    LearnerProfile,
    User,
    UserManager,
    validate_time_zone,
)
from .competencies import CompetencyArea, CompetencyDomain
from .endorsement import (
    CategoryRequirement,
    Endorsement,
    EndorsementCategory,
    RenewalRule,
)
from .ledger import CreditEntry, CreditEntryArea
from .pages import HomePage, StandardPage
from .submissions import (
    OutsideTraining,
    OutsideTrainingArea,
    RscLogEntry,
    evidence_upload_to,
)

__all__ = [
    "AccountDeletionRequest",
    "CategoryRequirement",
    "CompetencyArea",
    "CompetencyDomain",
    "CreditEntry",
    "CreditEntryArea",
    "Endorsement",
    "EndorsementCategory",
    "HomePage",
    "LearnerProfile",
    "OutsideTraining",
    "OutsideTrainingArea",
    "RenewalRule",
    "RscLogEntry",
    "StandardPage",
    "User",
    "UserManager",
    "evidence_upload_to",
    "validate_time_zone",
]
