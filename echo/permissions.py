"""Who may run a series. Administrators run every series; a member of the ECHO
Facilitator group runs the series whose hub team lists them as facilitator or
coordinator — and no other (a facilitator of another series gets 403)."""

from django.db.models import QuerySet

from lms import roles

from .choices import HubRole
from .models import EchoSeries, HubMember

MANAGING_ROLES = (HubRole.FACILITATOR, HubRole.COORDINATOR)


def is_echo_administrator(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm("echo.change_echoseries")


def is_facilitator(user) -> bool:
    return user.is_authenticated and (
        is_echo_administrator(user)
        or user.groups.filter(name=roles.FACILITATOR).exists()
    )


def can_manage_series(user, series) -> bool:
    if not user.is_authenticated:
        return False
    if is_echo_administrator(user):
        return True
    return (
        user.groups.filter(name=roles.FACILITATOR).exists()
        and HubMember.objects.filter(
            series=series, user=user, role__in=MANAGING_ROLES
        ).exists()
    )


def is_hub_member(user, series) -> bool:
    """Any member of the hub team (experts and IT included) may read the series'
    case presentations; only managers (above) may change anything."""
    if not user.is_authenticated:
        return False
    return (
        is_echo_administrator(user)
        or HubMember.objects.filter(series=series, user=user).exists()
    )


def managed_series(user) -> QuerySet[EchoSeries]:
    """The series ``user`` may run, as a queryset."""
    if is_echo_administrator(user):
        return EchoSeries.objects.all()
    if not is_facilitator(user):
        return EchoSeries.objects.none()
    return EchoSeries.objects.filter(
        hub_members__user=user, hub_members__role__in=MANAGING_ROLES
    ).distinct()
