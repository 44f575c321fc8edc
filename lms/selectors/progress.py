"""Where a learner stands against an endorsement category and its yearly renewal.

Everything here is computed from approved ledger entries and the requirement rows in
force on the date asked about; nothing derived is stored. Sums are SQL aggregates: the
number of queries does not depend on how many entries a learner has."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CreditStatus
from ..hours import ZERO, add_months
from ..models import (
    CategoryRequirement,
    CompetencyDomain,
    CreditEntry,
    CreditEntryArea,
    EndorsementCategory,
    RenewalRule,
)

HOURS_FIELD = DecimalField(max_digits=12, decimal_places=2)


def hours_sum(expression_filter: Q | None = None) -> Coalesce:
    """Sum of ``hours`` (optionally filtered), zero rather than NULL when empty."""
    return Coalesce(
        Sum("hours", filter=expression_filter),
        Value(ZERO),
        output_field=HOURS_FIELD,
    )


@dataclass(frozen=True)
class Check:
    """One requirement: what is needed, what the learner has, and what is missing."""

    key: str
    label: str
    required: Decimal
    achieved: Decimal
    # A yes/no condition (e.g. the RSC window's span) rather than an amount of hours.
    is_condition: bool = False

    @property
    def met(self) -> bool:
        return self.achieved >= self.required

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.achieved, ZERO)

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 100
        return min(100, int(self.achieved * 100 / self.required))


@dataclass(frozen=True)
class DomainHours:
    domain: CompetencyDomain
    hours: Decimal


@dataclass(frozen=True)
class RscWindow:
    """The best stretch of RSC received: at most ``max_months`` long, and counting only
    if it spans at least ``min_months``."""

    start: datetime.date | None
    end: datetime.date | None
    hours: Decimal
    about_providing_hours: Decimal
    min_months: int
    max_months: int

    @property
    def spans_enough(self) -> bool:
        if self.start is None:
            return False
        return self.end >= add_months(self.start, self.min_months)


@dataclass
class EndorsementProgress:
    category: EndorsementCategory
    on: datetime.date
    requirement: CategoryRequirement | None
    training_hours: Decimal = ZERO
    dei_hours: Decimal = ZERO
    rsc_topic_hours: Decimal = ZERO
    by_domain: list[DomainHours] = field(default_factory=list)
    rsc_window: RscWindow | None = None
    peer_rsc_hours: Decimal = ZERO
    # The categories whose holders may provide RSC that counts (empty: any).
    qualifying_providers: list[EndorsementCategory] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        return self.requirement is not None and all(c.met for c in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    @property
    def max_domain_hours(self) -> Decimal:
        return max((row.hours for row in self.by_domain), default=ZERO)


def requirement_in_force(
    *, category: EndorsementCategory, on: datetime.date
) -> CategoryRequirement | None:
    return CategoryRequirement.objects.in_force(category=category, on=on)


def hours_by_domain(
    *, learner, on: datetime.date, start: datetime.date | None = None
) -> list[DomainHours]:
    """Approved training hours per competency domain, in one query. A training that
    covers areas in two domains counts in each (but once per domain)."""
    in_domain = CreditEntryArea.objects.filter(
        entry=OuterRef("pk"), area__domain=OuterRef(OuterRef("pk"))
    )
    entries = CreditEntry.objects.training().filter(
        Exists(in_domain), learner=learner, date__lte=on
    )
    if start is not None:
        entries = entries.filter(date__gte=start)
    total = (
        entries.order_by()
        .values("learner")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    domains = CompetencyDomain.objects.annotate(
        hours=Coalesce(Subquery(total), Value(ZERO), output_field=HOURS_FIELD)
    )
    return [DomainHours(domain=d, hours=d.hours) for d in domains]


def _training_totals(*, learner, on, start=None) -> dict[str, Decimal]:
    entries = CreditEntry.objects.training().filter(learner=learner, date__lte=on)
    if start is not None:
        entries = entries.filter(date__gte=start)
    return entries.aggregate(
        total=hours_sum(),
        dei=hours_sum(Q(dei=True)),
        rsc_topic=hours_sum(Q(rsc_topic=True)),
    )


def best_rsc_window(
    *,
    learner,
    on: datetime.date,
    min_months: int,
    max_months: int,
    providers: list[EndorsementCategory] | None = None,
    hours_needed: Decimal = ZERO,
    about_needed: Decimal = ZERO,
) -> RscWindow:
    """Find the window of at most ``max_months`` (ending by ``on``) that holds the
    most qualifying RSC, preferring windows that span at least ``min_months``.

    The database sums hours per day; the sweep below walks those daily totals, not the
    entries, so its cost is bounded by the number of distinct days."""
    entries = CreditEntry.objects.rsc().filter(learner=learner, date__lte=on)
    if providers:
        entries = entries.filter(rsc_provider_category__in=providers)
    days = list(
        entries.order_by("date")
        .values("date")
        .annotate(
            day_hours=Sum("hours"),
            day_about=Sum(
                Case(
                    When(rsc_about_providing=True, then="hours"),
                    default=Value(ZERO),
                    output_field=HOURS_FIELD,
                )
            ),
        )
        .values_list("date", "day_hours", "day_about")
    )
    empty = RscWindow(None, None, ZERO, ZERO, min_months, max_months)
    if not days:
        return empty

    best, best_key = empty, None
    end_index, hours, about = 0, ZERO, ZERO
    for start_index, (start, _h, _a) in enumerate(days):
        limit = add_months(start, max_months)
        while end_index < len(days) and days[end_index][0] <= limit:
            hours += days[end_index][1]
            about += days[end_index][2]
            end_index += 1
        window = RscWindow(
            start=start,
            end=days[end_index - 1][0],
            hours=hours,
            about_providing_hours=about,
            min_months=min_months,
            max_months=max_months,
        )
        met = (
            window.spans_enough
            and window.hours >= hours_needed
            and window.about_providing_hours >= about_needed
        )
        key = (met, window.spans_enough, window.hours, window.about_providing_hours)
        if best_key is None or key > best_key:
            best, best_key = window, key
        hours -= days[start_index][1]
        about -= days[start_index][2]
    return best


def endorsement_progress(
    *, learner, category: EndorsementCategory, on: datetime.date | None = None
) -> EndorsementProgress:
    """Training hours (total, per domain, each sub-minimum) and RSC in the best
    qualifying window, measured against the requirement in force on ``on``."""
    on = on or timezone.localdate()
    requirement = requirement_in_force(category=category, on=on)
    progress = EndorsementProgress(category=category, on=on, requirement=requirement)
    totals = _training_totals(learner=learner, on=on)
    progress.training_hours = totals["total"]
    progress.dei_hours = totals["dei"]
    progress.rsc_topic_hours = totals["rsc_topic"]
    progress.by_domain = [
        row
        for row in hours_by_domain(learner=learner, on=on)
        if category.is_mentor or not row.domain.mentor_only or row.hours
    ]
    progress.peer_rsc_hours = CreditEntry.objects.filter(
        learner=learner, status=CreditStatus.APPROVED, rsc_is_peer=True, date__lte=on
    ).aggregate(total=hours_sum())["total"]
    if requirement is None:
        progress.notes.append(
            _("No requirements for %(code)s are in force on %(date)s.")
            % {"code": category.code, "date": on.isoformat()}
        )
        return progress

    checks = [
        Check(
            "training",
            _("Training hours"),
            requirement.min_training_hours,
            progress.training_hours,
        )
    ]
    if requirement.min_dei_hours:
        checks.append(
            Check(
                "dei",
                _("of which on diversity, equity and inclusion"),
                requirement.min_dei_hours,
                progress.dei_hours,
            )
        )
    if requirement.min_rsc_topic_hours:
        checks.append(
            Check(
                "rsc_topic",
                _("of which about providing reflective supervision/consultation"),
                requirement.min_rsc_topic_hours,
                progress.rsc_topic_hours,
            )
        )
    if requirement.rsc_hours_required:
        providers = list(requirement.qualifying_providers.all())
        progress.qualifying_providers = providers
        window = best_rsc_window(
            learner=learner,
            on=on,
            min_months=requirement.rsc_window_min_months,
            max_months=requirement.rsc_window_max_months,
            providers=providers,
            hours_needed=requirement.rsc_hours_required,
            about_needed=requirement.rsc_about_providing_hours,
        )
        progress.rsc_window = window
        checks.append(
            Check(
                "rsc",
                _("Reflective supervision/consultation received"),
                requirement.rsc_hours_required,
                window.hours,
            )
        )
        if requirement.rsc_about_providing_hours:
            checks.append(
                Check(
                    "rsc_about_providing",
                    _("of which about the RSC you provide"),
                    requirement.rsc_about_providing_hours,
                    window.about_providing_hours,
                )
            )
        checks.append(
            Check(
                "rsc_span",
                _("RSC spread over at least %(months)s months")
                % {"months": requirement.rsc_window_min_months},
                Decimal(1),
                Decimal(1) if window.spans_enough else ZERO,
                is_condition=True,
            )
        )
        if providers:
            progress.notes.append(
                _("RSC counts when provided by: %(codes)s.")
                % {"codes": ", ".join(p.code for p in providers)}
            )
    if requirement.exam_required:
        progress.notes.append(
            _("%(code)s also requires passing the endorsement exam.")
            % {"code": category.code}
        )
    progress.checks = checks
    return progress


@dataclass
class RenewalStatus:
    category: EndorsementCategory
    year: int
    rule: RenewalRule | None
    start: datetime.date | None = None
    end: datetime.date | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        return self.rule is not None and all(c.met for c in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    @property
    def last_day(self) -> datetime.date | None:
        return self.end - datetime.timedelta(days=1) if self.end else None


def renewal_status(
    *, learner, year: int, category: EndorsementCategory
) -> RenewalStatus:
    """What a holder of ``category`` has done toward renewing it for ``year``, under
    the renewal rule in force when that period begins."""
    rule = RenewalRule.objects.in_force(
        category=category, on=datetime.date(year, 1, 1)
    ) or RenewalRule.objects.in_force(category=category, on=datetime.date(year, 12, 31))
    status = RenewalStatus(category=category, year=year, rule=rule)
    if rule is None:
        return status
    start, end = rule.period(year)
    status.start, status.end = start, end
    last_day = end - datetime.timedelta(days=1)
    training = _training_totals(learner=learner, on=last_day, start=start)
    rsc = (
        CreditEntry.objects.rsc()
        .filter(learner=learner, date__gte=start, date__lt=end)
        .aggregate(total=hours_sum())["total"]
    )
    checks = [
        Check("training", _("Training hours"), rule.training_hours, training["total"])
    ]
    if rule.dei_hours:
        checks.append(
            Check(
                "dei",
                _("of which on diversity, equity and inclusion"),
                rule.dei_hours,
                training["dei"],
            )
        )
    if rule.rsc_topic_hours:
        checks.append(
            Check(
                "rsc_topic",
                _("of which about providing reflective supervision/consultation"),
                rule.rsc_topic_hours,
                training["rsc_topic"],
            )
        )
    if rule.rsc_received_hours:
        checks.append(
            Check(
                "rsc",
                _("Reflective supervision/consultation received"),
                rule.rsc_received_hours,
                rsc,
            )
        )
    status.checks = checks
    return status
