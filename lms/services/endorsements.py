"""Endorsements learners hold, their goal, and the public registry listing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import EndorsementStatus
from ..models import Endorsement, EndorsementCategory, LearnerProfile


def _check_offered(category: EndorsementCategory, field: str) -> None:
    if not category.is_offered:
        raise ValidationError(
            {
                field: _(
                    "%(code)s is not offered by the association, so it cannot be "
                    "held or chosen here."
                )
                % {"code": category.code}
            }
        )


@transaction.atomic
def learner_goal_set(
    *, profile: LearnerProfile, category: EndorsementCategory | None
) -> LearnerProfile:
    if category is not None:
        _check_offered(category, "goal_category")
        if (
            Endorsement.objects.filter(learner_id=profile.user_id, category=category)
            .exclude(status=EndorsementStatus.LAPSED)
            .exists()
        ):
            raise ValidationError(
                {
                    "goal_category": _(
                        "You already hold %(code)s. Choose the next category you are "
                        "working toward."
                    )
                    % {"code": category.code}
                }
            )
    profile.goal_category = category
    profile.save(update_fields=["goal_category", "updated_at"])
    return profile


@transaction.atomic
def endorsement_record(
    *,
    learner,
    category: EndorsementCategory,
    endorsed_on: datetime.date,
    endorsement_number: str = "",
    registry_consent: bool = False,
) -> Endorsement:
    """A learner records an endorsement they hold. It shows on their renewal page at
    once; an administrator confirms it before it can be listed publicly."""
    _check_offered(category, "category")
    if endorsed_on > timezone.localdate():
        raise ValidationError(
            {"endorsed_on": _("The endorsement date cannot be in the future.")}
        )
    endorsement = Endorsement(
        learner=learner,
        category=category,
        endorsed_on=endorsed_on,
        endorsement_number=endorsement_number.strip(),
        registry_consent=registry_consent,
        registry_consent_changed_at=timezone.now() if registry_consent else None,
    )
    endorsement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "category": _("You have already recorded a %(code)s endorsement.")
                % {"code": category.code}
            }
        ) from error
    profile = LearnerProfile.objects.filter(user=learner).first()
    if profile is not None and profile.goal_category_id == category.pk:
        profile.goal_category = None
        profile.save(update_fields=["goal_category", "updated_at"])
    return endorsement


@transaction.atomic
def endorsement_consent_set(
    *, endorsement: Endorsement, learner, consent: bool
) -> Endorsement:
    """Opt in to the public registry, or out — which removes the listing at once."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.learner_id != learner.pk:
        raise ValidationError(_("This endorsement belongs to someone else."))
    if endorsement.registry_consent != consent:
        endorsement.registry_consent = consent
        endorsement.registry_consent_changed_at = timezone.now()
        endorsement.save(
            update_fields=["registry_consent", "registry_consent_changed_at"]
        )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement, learner) -> None:
    """A learner removes an endorsement they recorded by mistake (before it was
    confirmed)."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.learner_id != learner.pk:
        raise ValidationError(_("This endorsement belongs to someone else."))
    if endorsement.status != EndorsementStatus.RECORDED:
        raise ValidationError(
            _("A confirmed endorsement can be changed only by an administrator.")
        )
    endorsement.delete()


@transaction.atomic
def endorsement_confirm(*, endorsement: Endorsement, by) -> Endorsement:
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.status != EndorsementStatus.RECORDED:
        raise ValidationError(
            _("Only a recorded endorsement can be confirmed; this one is %(s)s.")
            % {"s": endorsement.get_status_display().lower()}
        )
    endorsement.status = EndorsementStatus.CONFIRMED
    endorsement.confirmed_by = by
    endorsement.confirmed_at = timezone.now()
    endorsement.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return endorsement


@transaction.atomic
def endorsement_lapse(*, endorsement: Endorsement, by) -> Endorsement:
    """Mark an endorsement lapsed (not renewed). Its registry listing ends at once."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.status == EndorsementStatus.LAPSED:
        return endorsement
    endorsement.status = EndorsementStatus.LAPSED
    endorsement.lapsed_at = timezone.now()
    endorsement.save(update_fields=["status", "lapsed_at"])
    return endorsement
