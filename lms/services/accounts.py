from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import roles
from ..choices import DeletionRequestStatus
from ..models import AccountDeletionRequest, EndorsementCategory, LearnerProfile
from .endorsements import learner_goal_set

# Callers that do not mention the goal leave it as it is.
UNCHANGED = object()

_PENDING_ALREADY = gettext_lazy(
    "You have already asked for your account to be deleted; it is pending."
)


@transaction.atomic
def learner_register(*, user) -> LearnerProfile:
    """Everything a new account needs beyond the user row: the Learner role and a
    profile whose certificate name starts as the name given at sign-up."""
    learner_group, _created = Group.objects.get_or_create(name=roles.LEARNER)
    user.groups.add(learner_group)
    profile, _created = LearnerProfile.objects.get_or_create(
        user=user, defaults={"certificate_name": user.get_full_name()}
    )
    return profile


@transaction.atomic
def learner_profile_update(
    *,
    profile: LearnerProfile,
    first_name: str,
    last_name: str,
    certificate_name: str,
    discipline: str,
    organization: str,
    county: str,
    state: str,
    time_zone: str,
    email_consent: bool,
    goal_category: EndorsementCategory | None = UNCHANGED,
) -> LearnerProfile:
    # Work on the stored row, locked: a ModelForm may already have changed the
    # instance in memory, and the consent timestamp depends on the stored value.
    profile = (
        LearnerProfile.objects.select_for_update()
        .select_related("user")
        .get(pk=profile.pk)
    )
    if goal_category is not UNCHANGED:
        # The goal's rules (offered, not already held) live in one place; a refusal
        # raises before anything else is written and the transaction undoes it.
        learner_goal_set(profile=profile, category=goal_category)
    user = profile.user
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])

    if email_consent != profile.email_consent:
        profile.email_consent_changed_at = timezone.now()
    profile.certificate_name = certificate_name.strip()
    profile.discipline = discipline
    profile.organization = organization.strip()
    profile.county = county.strip()
    profile.state = state
    profile.time_zone = time_zone
    profile.email_consent = email_consent
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def account_deletion_request_create(
    *, user, reason: str = ""
) -> AccountDeletionRequest:
    from ..tasks import deletion_request_notify_admins

    if AccountDeletionRequest.objects.filter(
        user=user, status=DeletionRequestStatus.PENDING
    ).exists():
        raise ValidationError(_PENDING_ALREADY)
    deletion_request = AccountDeletionRequest(
        user=user, email=user.email, reason=reason.strip()
    )
    deletion_request.full_clean()
    try:
        with transaction.atomic():
            deletion_request.save()
    except IntegrityError as error:
        # A second submission that raced past the check above.
        raise ValidationError(_PENDING_ALREADY) from error
    transaction.on_commit(
        lambda: deletion_request_notify_admins.delay(deletion_request.pk)
    )
    return deletion_request


@transaction.atomic
def account_deletion_request_cancel(*, user) -> AccountDeletionRequest:
    deletion_request = (
        AccountDeletionRequest.objects.select_for_update()
        .filter(user=user, status=DeletionRequestStatus.PENDING)
        .first()
    )
    if deletion_request is None:
        raise ValidationError(_("There is no pending deletion request to cancel."))
    deletion_request.status = DeletionRequestStatus.CANCELLED
    deletion_request.resolved_at = timezone.now()
    deletion_request.resolved_by = user
    deletion_request.save(update_fields=["status", "resolved_at", "resolved_by"])
    return deletion_request


@transaction.atomic
def account_deletion_request_complete(
    *, deletion_request: AccountDeletionRequest, by
) -> AccountDeletionRequest:
    """Delete the account. The request row stays, with the e-mail it was made from, as
    the record that the deletion was asked for and carried out."""
    deletion_request = AccountDeletionRequest.objects.select_for_update().get(
        pk=deletion_request.pk
    )
    if deletion_request.status != DeletionRequestStatus.PENDING:
        raise ValidationError(_("Only a pending request can be carried out."))
    if deletion_request.user_id == by.pk:
        raise ValidationError(_("You cannot delete your own account from here."))
    user = deletion_request.user
    deletion_request.status = DeletionRequestStatus.COMPLETED
    deletion_request.resolved_at = timezone.now()
    deletion_request.resolved_by = by
    deletion_request.save(update_fields=["status", "resolved_at", "resolved_by"])
    if user is not None:
        user.delete()
    from ..tasks import deletion_completed_notify

    email = deletion_request.email
    transaction.on_commit(lambda: deletion_completed_notify.delay(email))
    return deletion_request
