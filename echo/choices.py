from django.db import models
from django.utils.translation import gettext_lazy as _


class HubRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    EXPERT = "expert", _("Subject-matter expert")
    COORDINATOR = "coordinator", _("Coordinator")
    IT = "it", _("IT support")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week, or every few weeks")
    MONTHLY = "monthly", _("Monthly, on the same weekday (e.g. the second Tuesday)")


class CreditRule(models.TextChoices):
    ALL_OR_NOTHING = (
        "all_or_nothing",
        _("All or nothing: full hours for the whole session, within a tolerance"),
    )
    MINIMUM_MINUTES = (
        "minimum_minutes",
        _("Minimum minutes: full hours for attending at least a number of minutes"),
    )
    PERCENTAGE = (
        "percentage",
        _("Percentage: hours in proportion to the minutes attended, above a floor"),
    )


class HoursCountAs(models.TextChoices):
    TRAINING = "training", _("Training")
    GROUP_RSC = "group_rsc", _("Group reflective supervision/consultation")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    PARTIAL = "partial", _("Partly present")
    ABSENT = "absent", _("Absent")


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", _("Marked by hand")
    IMPORT = "import", _("Meeting report")


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "24h", _("24 hours before")
    HOUR_BEFORE = "1h", _("1 hour before")
    CANCELLATION = "cancelled", _("Cancellation notice")


class ImportVariant(models.TextChoices):
    PER_JOIN = "per_join", _("One row per join")
    UNIQUE_USERS = "unique_users", _("One row per participant (unique users)")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Waiting for review")
    APPLIED = "applied", _("Applied to the roster")
    DISCARDED = "discarded", _("Discarded")


class ImportRowStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    UNMATCHED = "unmatched", _("Needs review")
    LINKED = "linked", _("Linked by a facilitator")
    DISMISSED = "dismissed", _("Dismissed")


class MatchMethod(models.TextChoices):
    EMAIL = "email", _("E-mail address")
    NAME = "name", _("Name")
    MANUAL = "manual", _("Linked by hand")


class AgeBand(models.TextChoices):
    PRENATAL = "prenatal", _("Prenatal")
    INFANT = "0-12m", _("Infant (birth to 12 months)")
    YOUNG_TODDLER = "12-24m", _("Young toddler (12 to 24 months)")
    TODDLER = "24-36m", _("Toddler (24 to 36 months)")
    PRESCHOOL = "3-5y", _("Preschool (3 to 5 years)")


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted — waiting for the hub")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled into a session")
    COMPLETED = "completed", _("Presented — recommendations sent")
    WITHDRAWN = "withdrawn", _("Withdrawn by the presenter")
