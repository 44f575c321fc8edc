from django.contrib.auth import get_user_model

from wagtail.models import Page, Site

from .. import roles
from ..choices import DeletionRequestStatus
from ..models import AccountDeletionRequest, LearnerProfile

User = get_user_model()


def learner_profile_get(*, user) -> LearnerProfile:
    """The learner's profile; accounts made outside sign-up (e.g. createsuperuser) get
    one on first use."""
    profile, _created = LearnerProfile.objects.get_or_create(
        user=user,
        defaults={"certificate_name": user.get_full_name()},
    )
    return profile


def deletion_request_pending_for(*, user) -> AccountDeletionRequest | None:
    return AccountDeletionRequest.objects.filter(
        user=user, status=DeletionRequestStatus.PENDING
    ).first()


def menu_pages(*, request) -> list[Page]:
    """Live, public pages directly under the site root that editors ticked "Show in
    menus", in tree order. One query."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu())


def administrators_to_notify():
    return User.objects.filter(
        is_active=True, groups__name=roles.ADMINISTRATOR
    ).distinct()
