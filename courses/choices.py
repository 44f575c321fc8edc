from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    ATTACHMENT = "attachment", _("Attachment")
    TRAUMA = "trauma", _("Trauma & ACEs")
    PYRAMID = "pyramid", _("Pyramid Model")
    DEVELOPMENT = "development", _("Early development")
    REFLECTIVE = "reflective", _("Reflective practice")
    FAMILIES = "families", _("Working with families")


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced online")
    VIDEO = "video", _("Video series")
    BLENDED = "blended", _("Blended (online and live)")


class LengthBand(models.TextChoices):
    """Catalogue filter on a course's clock hours."""

    SHORT = "short", _("Up to 2 hours")
    MEDIUM = "medium", _("2 to 4 hours")
    LONG = "long", _("More than 4 hours")


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Not approved")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice (tick all that apply)")
    TRUE_FALSE = "true_false", _("True or false")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
