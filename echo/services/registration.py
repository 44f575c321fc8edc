"""Registering for a series and withdrawing from it.

Places are counted while holding a lock on the series row (``select_for_update``),
so concurrent registrations never take more places than the series has: the
others join the waitlist in the order they arrived. When a registered learner
withdraws, the first person on the waitlist is promoted and told."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..choices import RegistrationStatus
from ..models import EchoSeries, Registration
from .notifications import PROMOTED, REGISTERED, WAITLISTED, queue_on_commit

logger = logging.getLogger(__name__)


def _lock_series(series: EchoSeries) -> EchoSeries:
    return EchoSeries.objects.select_for_update(of=("self",)).get(pk=series.pk)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _check_open(series: EchoSeries) -> None:
    if not series.live:
        raise ValidationError(_("This series is not open for registration."))
    now = timezone.now()
    if series.registration_opens_at and now < series.registration_opens_at:
        raise ValidationError(
            _("Registration for this series opens on %(when)s.")
            % {"when": _when(series.registration_opens_at)}
        )
    if series.registration_closes_at and now >= series.registration_closes_at:
        raise ValidationError(
            _("Registration for this series closed on %(when)s.")
            % {"when": _when(series.registration_closes_at)}
        )


def _registered_count(series: EchoSeries) -> int:
    return Registration.objects.filter(
        series=series, status=RegistrationStatus.REGISTERED
    ).count()


def _has_place(series: EchoSeries) -> bool:
    return series.capacity is None or _registered_count(series) < series.capacity


@transaction.atomic
def registration_create(
    series: EchoSeries, learner, *, notify: bool = True
) -> Registration:
    """Give the learner a place, or a place on the waitlist when the series is full.
    A learner who withdrew earlier registers again on the same row. The e-mail
    (with a calendar invitation for a place) goes once this commits, unless
    ``notify=False`` (demo content)."""
    if learner is None or not learner.is_authenticated:
        raise ValidationError(_("Sign in to register for this series."))
    locked = _lock_series(series)
    _check_open(locked)
    registration = Registration.objects.filter(series=locked, learner=learner).first()
    if registration is not None:
        if registration.status == RegistrationStatus.REGISTERED:
            raise ValidationError(_("You are already registered for this series."))
        if registration.status == RegistrationStatus.WAITLISTED:
            raise ValidationError(
                _(
                    "You are already on the waitlist for this series; we will "
                    "e-mail you if a place opens up."
                )
            )
    else:
        registration = Registration(series=locked, learner=learner)
    now = timezone.now()
    if _has_place(locked):
        registration.status = RegistrationStatus.REGISTERED
        registration.registered_at = now
        registration.waitlisted_at = None
        kind = REGISTERED
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
        registration.registered_at = None
        kind = WAITLISTED
    registration.withdrawn_at = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Without row locks (SQLite) a double click can race to the insert.
        raise ValidationError(
            _("You are already registered for this series.")
        ) from None
    if notify:
        queue_on_commit("registration_notify", registration.pk, kind)
    return registration


def _promote(series: EchoSeries) -> list[Registration]:
    """Fill free places from the waitlist, first come first served. The series row
    must be locked by the caller."""
    promoted = []
    if series.capacity is None:
        free = None
    else:
        free = series.capacity - _registered_count(series)
        if free <= 0:
            return promoted
    waiting = Registration.objects.filter(
        series=series, status=RegistrationStatus.WAITLISTED
    ).order_by("waitlisted_at", "pk")
    if free is not None:
        waiting = waiting[:free]
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        registration.registered_at = now
        registration.save(update_fields=["status", "registered_at"])
        queue_on_commit("registration_notify", registration.pk, PROMOTED)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_promote_waitlisted(series: EchoSeries) -> list[Registration]:
    """Promote as many waitlisted learners as there are free places (after the
    capacity was raised, say). Returns the promoted registrations."""
    return _promote(_lock_series(series))


@transaction.atomic
def registration_withdraw(series: EchoSeries, learner) -> Registration:
    """Give up a place (or leave the waitlist). A freed place goes to the first
    person on the waitlist, who is e-mailed."""
    locked = _lock_series(series)
    registration = (
        Registration.objects.select_for_update()
        .filter(series=locked, learner=learner)
        .first()
    )
    if registration is None or registration.status == RegistrationStatus.WITHDRAWN:
        raise ValidationError(
            _(
                "You are not registered for this series, so there is nothing to "
                "withdraw from."
            )
        )
    held_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.WITHDRAWN
    registration.withdrawn_at = timezone.now()
    registration.save(update_fields=["status", "withdrawn_at"])
    if held_place:
        promoted = _promote(locked)
        if promoted:
            logger.info(
                "Series %s: %s promoted from the waitlist",
                locked.pk,
                ", ".join(str(r.learner_id) for r in promoted),
            )
    return registration
