"""Writing to the hours ledger. ``credit_award`` is the one way hours enter it —
courses, ECHO and reviewed submissions all call it — ``credit_revoke`` the one way
they stop counting, and ``credit_hours_change`` the one way a corrected record changes
them."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CountsToward, CreditKind, CreditStatus, RscFormat
from ..hours import is_quarter_step
from ..models import CompetencyArea, CreditEntry, EndorsementCategory

MAX_ENTRY_HOURS = Decimal(999)


@transaction.atomic
def credit_award(
    *,
    learner,
    kind: str,
    source_type: str,
    source_id,
    title: str,
    date: datetime.date,
    hours: Decimal,
    provider: str = "",
    competency_areas: Iterable[CompetencyArea] = (),
    dei: bool = False,
    rsc_topic: bool = False,
    counts_toward: str | None = None,
    rsc_format: str = "",
    rsc_provider_category: EndorsementCategory | None = None,
    rsc_is_peer: bool = False,
    rsc_about_providing: bool = False,
    reviewed_by=None,
    note: str = "",
) -> tuple[CreditEntry, bool]:
    """Record hours for ``learner`` from one source, once. Calling it again for the same
    ``(learner, source_type, source_id)`` — a retry, a double click, a concurrent
    request — returns the entry already there and ``created=False``."""
    source_id = str(source_id)
    existing = CreditEntry.objects.filter(
        learner=learner, source_type=source_type, source_id=source_id
    ).first()
    if existing is not None:
        return existing, False

    if counts_toward is None:
        counts_toward = (
            CountsToward.RSC if kind == CreditKind.RSC else CountsToward.TRAINING
        )
    hours = Decimal(hours)
    areas = list(competency_areas)
    _validate_award(
        hours=hours,
        date=date,
        counts_toward=counts_toward,
        areas=areas,
        title=title,
        rsc_format=rsc_format,
    )
    entry = CreditEntry(
        learner=learner,
        kind=kind,
        counts_toward=counts_toward,
        source_type=source_type,
        source_id=source_id,
        title=title.strip(),
        provider=provider.strip(),
        date=date,
        hours=hours,
        dei=dei,
        rsc_topic=rsc_topic,
        rsc_format=rsc_format if counts_toward == CountsToward.RSC else "",
        rsc_provider_category=rsc_provider_category,
        rsc_is_peer=rsc_is_peer,
        rsc_about_providing=rsc_about_providing,
        status=CreditStatus.APPROVED,
        reviewed_by=reviewed_by,
        reviewed_at=timezone.now() if reviewed_by is not None else None,
        note=note,
    )
    entry.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Another request awarded the same source between our check and our insert;
        # the database constraint kept it to one row. Return that row.
        return (
            CreditEntry.objects.get(
                learner=learner, source_type=source_type, source_id=source_id
            ),
            False,
        )
    if areas:
        entry.competency_areas.set(areas)
    return entry, True


def _validate_award(*, hours, date, counts_toward, areas, title, rsc_format) -> None:
    errors = {}
    if not title or not title.strip():
        errors["title"] = _("Every entry needs a title.")
    if hours <= 0:
        errors["hours"] = _("Hours must be more than zero.")
    elif hours > MAX_ENTRY_HOURS:
        errors["hours"] = _("%(hours)s hours is more than one entry can hold.") % {
            "hours": hours
        }
    elif not is_quarter_step(hours):
        errors["hours"] = _(
            "Hours are recorded in quarter-hour steps (0.25, 0.5, 0.75 …); "
            "%(hours)s is not one."
        ) % {"hours": hours}
    if date > timezone.localdate():
        errors["date"] = _("Hours cannot be awarded for a date in the future.")
    if counts_toward == CountsToward.TRAINING and not areas:
        errors["competency_areas"] = _(
            "Training counts only if it covers at least one competency area."
        )
    if counts_toward == CountsToward.RSC:
        if areas:
            errors["competency_areas"] = _(
                "Reflective supervision/consultation is not mapped to competency areas."
            )
        if rsc_format not in RscFormat.values:
            errors["rsc_format"] = _(
                "Say whether the supervision/consultation was individual or group."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def credit_revoke(
    *, learner, source_type: str, source_id, by=None, reason: str
) -> CreditEntry | None:
    """Stop an entry from counting. The row stays, marked revoked, with who did it,
    when and why. Revoking twice changes nothing; revoking what was never awarded
    returns None."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give a reason for revoking the hours."))
    entry = (
        CreditEntry.objects.select_for_update()
        .filter(learner=learner, source_type=source_type, source_id=str(source_id))
        .first()
    )
    if entry is None or entry.status == CreditStatus.REVOKED:
        return entry
    entry.status = CreditStatus.REVOKED
    entry.revoked_at = timezone.now()
    entry.revoked_by = by
    stamp = timezone.localtime(entry.revoked_at).strftime("%Y-%m-%d %H:%M")
    entry.note = "\n".join(
        part for part in (entry.note, f"Revoked {stamp}: {reason.strip()}") if part
    )
    entry.save(update_fields=["status", "revoked_at", "revoked_by", "note"])
    return entry


@transaction.atomic
def credit_hours_change(
    *, learner, source_type: str, source_id, hours: Decimal, by=None, reason: str
) -> CreditEntry | None:
    """Change the hours of an existing entry — when the record it came from was
    corrected (an ECHO session's attendance, say). A revoked entry counts again.
    Never creates a row: returns None when nothing was awarded for the source."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give a reason for changing the hours."))
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_ENTRY_HOURS or not is_quarter_step(hours):
        raise ValidationError(
            {
                "hours": _(
                    "Hours are recorded in quarter-hour steps above zero; "
                    "%(hours)s is not one."
                )
                % {"hours": hours}
            }
        )
    entry = (
        CreditEntry.objects.select_for_update()
        .filter(learner=learner, source_type=source_type, source_id=str(source_id))
        .first()
    )
    if entry is None:
        return None
    if entry.hours == hours and entry.status == CreditStatus.APPROVED:
        return entry
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    if entry.status == CreditStatus.REVOKED:
        change = _("Counts again with %(hours)s h") % {"hours": hours}
    else:
        change = _("Hours %(old)s → %(new)s") % {"old": entry.hours, "new": hours}
    entry.note = "\n".join(
        part for part in (entry.note, f"{stamp}: {change}: {reason.strip()}") if part
    )
    entry.hours = hours
    entry.status = CreditStatus.APPROVED
    entry.revoked_at = None
    entry.revoked_by = None
    entry.save(update_fields=["hours", "status", "revoked_at", "revoked_by", "note"])
    return entry
