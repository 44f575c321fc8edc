"""Reads of the ledger, submissions, endorsements and the registry."""

import datetime

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast

from ..choices import CreditStatus, EndorsementStatus, SubmissionStatus
from ..models import (
    CompetencyArea,
    CompetencyDomain,
    CreditEntry,
    Endorsement,
    EndorsementCategory,
    OutsideTraining,
    RscLogEntry,
)
from .progress import hours_sum


def competency_areas_for_choice() -> QuerySet[CompetencyArea]:
    """Current (not retired) areas, grouped by domain in the order editors set."""
    return CompetencyArea.objects.active().select_related("domain")


def competency_domains_with_areas() -> QuerySet[CompetencyDomain]:
    return CompetencyDomain.objects.prefetch_related(
        Prefetch("areas", queryset=CompetencyArea.objects.active())
    )


def offered_categories() -> QuerySet[EndorsementCategory]:
    return EndorsementCategory.objects.filter(is_offered=True)


def credit_entries_for(
    *, learner, start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[CreditEntry]:
    """A learner's approved entries, newest first, with their areas in one extra
    query however many there are."""
    entries = CreditEntry.objects.filter(
        learner=learner, status=CreditStatus.APPROVED
    ).select_related("rsc_provider_category")
    if start is not None:
        entries = entries.filter(date__gte=start)
    if end is not None:
        entries = entries.filter(date__lte=end)
    return entries.prefetch_related(
        Prefetch(
            "competency_areas",
            queryset=CompetencyArea.objects.select_related("domain"),
        )
    )


def hours_awarded_by_learner(*, source_type: str, source_id) -> dict:
    """Approved hours from one source (a course, say), by learner id; revoked
    entries are left out. One query however many learners."""
    return dict(
        CreditEntry.objects.filter(
            source_type=source_type,
            source_id=str(source_id),
            status=CreditStatus.APPROVED,
        ).values_list("learner_id", "hours")
    )


def ledger_totals(*, learner, start=None, end=None) -> dict:
    """Totals for the transcript, in one query."""
    entries = CreditEntry.objects.filter(learner=learner, status=CreditStatus.APPROVED)
    if start is not None:
        entries = entries.filter(date__gte=start)
    if end is not None:
        entries = entries.filter(date__lte=end)
    return entries.aggregate(
        training=hours_sum(Q(counts_toward="training")),
        rsc=hours_sum(Q(counts_toward="rsc", rsc_is_peer=False)),
        peer=hours_sum(Q(rsc_is_peer=True)),
        dei=hours_sum(Q(counts_toward="training", dei=True)),
        rsc_topic=hours_sum(Q(counts_toward="training", rsc_topic=True)),
    )


def _hours_revoked(model) -> Exists:
    """Whether the ledger entry an approved submission wrote has since been revoked.
    Read from the ledger, so the submission's own status never has to follow it."""
    return Exists(
        CreditEntry.objects.filter(
            source_type=model._meta.label_lower,
            source_id=Cast(OuterRef("pk"), output_field=CharField()),
            learner=OuterRef("learner"),
            status=CreditStatus.REVOKED,
        )
    )


def outside_trainings_for(*, learner) -> QuerySet[OutsideTraining]:
    return (
        OutsideTraining.objects.filter(learner=learner)
        .annotate(hours_revoked=_hours_revoked(OutsideTraining))
        .prefetch_related(
            Prefetch(
                "competency_areas",
                queryset=CompetencyArea.objects.select_related("domain"),
            )
        )
    )


def rsc_log_for(*, learner) -> QuerySet[RscLogEntry]:
    return (
        RscLogEntry.objects.filter(learner=learner)
        .annotate(hours_revoked=_hours_revoked(RscLogEntry))
        .select_related("provider_category")
    )


def open_submissions_count(*, learner) -> int:
    return OutsideTraining.objects.filter(
        learner=learner,
        status__in=[SubmissionStatus.PENDING, SubmissionStatus.CHANGES_REQUESTED],
    ).count()


def endorsements_for(*, learner) -> QuerySet[Endorsement]:
    return (
        Endorsement.objects.filter(learner=learner)
        .exclude(status=EndorsementStatus.LAPSED)
        .select_related("category")
    )


def registry_listings(
    *,
    search: str = "",
    category: EndorsementCategory | None = None,
    county: str = "",
    discipline: str = "",
) -> QuerySet[Endorsement]:
    """The public registry: confirmed, current endorsements whose holders said yes to
    being listed, and nothing else."""
    listings = Endorsement.objects.filter(
        status=EndorsementStatus.CONFIRMED,
        registry_consent=True,
        learner__is_active=True,
    ).select_related("category", "learner", "learner__profile")
    if search:
        for word in search.split()[:5]:
            listings = listings.filter(
                Q(learner__first_name__icontains=word)
                | Q(learner__last_name__icontains=word)
                | Q(learner__profile__certificate_name__icontains=word)
            )
    if category is not None:
        listings = listings.filter(category=category)
    if county:
        listings = listings.filter(learner__profile__county__iexact=county.strip())
    if discipline:
        listings = listings.filter(learner__profile__discipline=discipline)
    return listings.order_by("learner__last_name", "learner__first_name", "pk")


def training_entries_for(*, learner) -> QuerySet[CreditEntry]:
    """Approved training, oldest first as an endorsement application lists it, with
    its areas and their domains in one extra query."""
    return (
        credit_entries_for(learner=learner)
        .filter(counts_toward="training")
        .order_by("date", "pk")
    )


def rsc_entries_for(*, learner, peer: bool = False) -> QuerySet[CreditEntry]:
    """Approved reflective supervision/consultation received, oldest first. With
    ``peer=True``: peer consultation, which is recorded but never counts."""
    return (
        CreditEntry.objects.filter(
            learner=learner,
            status=CreditStatus.APPROVED,
            counts_toward="rsc",
            rsc_is_peer=peer,
        )
        .select_related("rsc_provider_category")
        .order_by("date", "pk")
    )


def hours_awarded_by_source(*, source_type: str, source_ids) -> dict:
    """Approved hours from each of several sources (the sessions of a series, say),
    by source id as a string; revoked entries are left out. One query."""
    return dict(
        CreditEntry.objects.filter(
            source_type=source_type,
            source_id__in=[str(source_id) for source_id in source_ids],
            status=CreditStatus.APPROVED,
        )
        .order_by()
        .values("source_id")
        .annotate(total=Sum("hours"))
        .values_list("source_id", "total")
    )
