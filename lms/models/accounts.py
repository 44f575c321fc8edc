import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..choices import DeletionRequestStatus, Discipline, USState


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Choose one from the list."),
            params={"value": value},
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The e-mail address is the login and is unique whatever
    its case; it is stored in lower case."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.get_full_name() or self.email.split("@")[0]


class LearnerProfile(models.Model):
    """What a learner tells us about themselves: the name printed on certificates and
    the details an endorsement application asks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    certificate_name = models.CharField(
        _("name on certificates"),
        max_length=150,
        blank=True,
        help_text=_(
            "Exactly as it should be printed, e.g. “Dr. Ana María López, LCSW”."
        ),
    )
    discipline = models.CharField(
        _("discipline"), max_length=32, choices=Discipline.choices, blank=True
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=2, choices=USState.choices, default=USState.OK
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Chicago",
        validators=[validate_time_zone],
        help_text=_("Dates and times on the site are shown in this time zone."),
    )
    email_consent = models.BooleanField(
        _("e-mail me news, course announcements and ECHO invitations"), default=False
    )
    email_consent_changed_at = models.DateTimeField(null=True, blank=True)
    goal_category = models.ForeignKey(
        "lms.EndorsementCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endorsement I am working toward"),
        help_text=_("Your hours page measures your progress against it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def name_for_certificates(self):
        return self.certificate_name or self.user.get_full_name() or self.user.email

    @property
    def is_complete(self):
        return bool(self.certificate_name and self.discipline and self.county)


class AccountDeletionRequest(models.Model):
    """A learner's request that their account be deleted. An administrator carries it
    out, because hours and certificates may have to be exported or kept first."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deletion_requests",
    )
    email = models.EmailField(_("e-mail address at the time of the request"))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=16,
        choices=DeletionRequestStatus.choices,
        default=DeletionRequestStatus.PENDING,
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="lms_one_pending_deletion_request_per_user",
            )
        ]

    def __str__(self):
        return f"Deletion request from {self.email} ({self.get_status_display()})"
