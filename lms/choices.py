from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.TextChoices):
    CHILD_DEVELOPMENT = "child_development", _("Child and human development")
    EARLY_EDUCATION = "early_education", _("Early education")
    NURSING = "nursing", _("Nursing")
    PEDIATRICS = "pediatrics", _("Pediatrics")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    PSYCHOLOGY = "psychology", _("Psychology")
    SOCIAL_WORK = "social_work", _("Social work")
    OTHER = "other", _("Other")


class DeletionRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled by the learner")


class USState(models.TextChoices):
    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"
    PR = "PR", "Puerto Rico"
    GU = "GU", "Guam"
    VI = "VI", "U.S. Virgin Islands"
    AS = "AS", "American Samoa"
    MP = "MP", "Northern Mariana Islands"


# The zones a learner in the United States is likely to work in, first; any other IANA
# zone is accepted too (see forms.ProfileForm).
COMMON_TIME_ZONES = [
    ("America/Chicago", _("Central (America/Chicago)")),
    ("America/New_York", _("Eastern (America/New_York)")),
    ("America/Denver", _("Mountain (America/Denver)")),
    ("America/Phoenix", _("Arizona (America/Phoenix)")),
    ("America/Los_Angeles", _("Pacific (America/Los_Angeles)")),
    ("America/Anchorage", _("Alaska (America/Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Pacific/Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic (America/Puerto_Rico)")),
    ("Pacific/Guam", _("Chamorro (Pacific/Guam)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]


class Track(models.TextChoices):
    INFANT = "infant", _("Infant mental health (birth to 3)")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood mental health (3 to 6)")


class CreditKind(models.TextChoices):
    COURSE = "course", _("Course")
    ECHO_SESSION = "echo_session", _("ECHO session")
    OUTSIDE_TRAINING = "outside_training", _("Outside training")
    RSC = "rsc", _("Reflective supervision/consultation")


class CountsToward(models.TextChoices):
    TRAINING = "training", _("Training")
    RSC = "rsc", _("Reflective supervision/consultation received")


class CreditStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REVOKED = "revoked", _("Revoked")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft — not yet submitted")
    PENDING = "pending", _("Waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    LIVE_ONLINE = "live_online", _("Live online")
    SELF_PACED = "self_paced", _("Self-paced online")
    CONFERENCE = "conference", _("Conference")


class HoursUnit(models.TextChoices):
    CLOCK = "clock", _("Clock hours (60 minutes)")
    CONTACT = "contact", _("Contact hours (50 minutes)")
    CEU = "ceu", _("CEUs (1 CEU = 10 contact hours)")


class RscFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class EndorsementStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded — waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    LAPSED = "lapsed", _("Lapsed")
