"""The learner's private calendar address. Its token is a 256-bit random secret
(``secrets.token_urlsafe``); resetting revokes it, so the old address stops working
at once, and issues a new one."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import CalendarFeedToken


def calendar_token_for(learner) -> CalendarFeedToken:
    """The learner's live token, made on first use."""
    token = CalendarFeedToken.objects.filter(
        learner=learner, revoked_at__isnull=True
    ).first()
    if token is not None:
        return token
    try:
        with transaction.atomic():
            return CalendarFeedToken.objects.create(learner=learner)
    except IntegrityError:
        # Another request made it first (one live token per learner).
        return CalendarFeedToken.objects.get(learner=learner, revoked_at__isnull=True)


@transaction.atomic
def calendar_token_reset(learner) -> CalendarFeedToken:
    """Revoke the learner's address and give them a new one."""
    CalendarFeedToken.objects.select_for_update().filter(
        learner=learner, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return CalendarFeedToken.objects.create(learner=learner)
