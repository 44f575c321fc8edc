from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed to render")


class PageSize(models.TextChoices):
    LETTER = "letter", _("US Letter")
    A4 = "a4", _("A4")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Checked, not issued")
    QUEUED = "queued", _("Waiting to issue")
    ISSUING = "issuing", _("Issuing")
    ISSUED = "issued", _("Issued")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Discarded, not issued")


class RecipientSource(models.TextChoices):
    FILTER = "filter", _("Learners chosen with a filter")
    CSV = "csv", _("An uploaded list of e-mail addresses")


# How each row of a bulk issue's list of learners turned out (kept in the batch's
# report). Plain strings, so the report stays readable JSON.
OK = "ok"
DUPLICATE = "duplicate"
BLANK = "blank"
HEADER = "header"
INVALID = "invalid"
UNKNOWN = "unknown"
INACTIVE = "inactive"
NO_NAME = "no_name"
# Rows that name someone who will not get a certificate: the administrator must
# agree to skip them before the rest are issued.
PROBLEM_OUTCOMES = (INVALID, UNKNOWN, INACTIVE, NO_NAME)
# Rows skipped without harm: nobody is left out because of them.
NOTE_OUTCOMES = (DUPLICATE, BLANK, HEADER)

# Where a certificate comes from. Courses and ECHO pass their own source types; these
# two are the administrator's.
SOURCE_ADMIN = "admin"
SOURCE_BATCH = "batch"
