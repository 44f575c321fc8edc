"""The learner's hours page: progress toward the endorsement they are working toward,
the renewal of those they hold, hours by competency domain and the ledger itself."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..forms import RenewalYearForm
from ..hours import ZERO
from ..selectors import (
    DomainHours,
    credit_entries_for,
    endorsement_progress,
    endorsements_for,
    hours_by_domain,
    learner_profile_get,
    renewal_status,
)

PER_PAGE = 25

# The chart is drawn in these units and scales with the page (viewBox).
CHART_WIDTH = 320
CHART_TRACK = Decimal(250)
CHART_ROW = 44
CHART_MIN_BAR = Decimal("1.5")


@dataclass(frozen=True)
class ChartBar:
    name: str
    hours: Decimal
    top: int
    width: Decimal

    @property
    def label_y(self) -> int:
        return self.top + 14

    @property
    def bar_y(self) -> int:
        return self.top + 20

    @property
    def value_x(self) -> Decimal:
        return self.width + 6 if self.width else ZERO


def domain_chart(rows: list[DomainHours]) -> dict:
    """Geometry for the bar chart, in Decimal: the hours printed beside each bar are
    the ledger's own numbers, never a float's approximation of them."""
    top = max((row.hours for row in rows), default=ZERO)
    bars = []
    for index, row in enumerate(rows):
        width = ZERO
        if top > 0 and row.hours > 0:
            # A small but non-zero amount still shows as a sliver.
            width = max(
                (row.hours * CHART_TRACK / top).quantize(Decimal("0.1")),
                CHART_MIN_BAR,
            )
        bars.append(
            ChartBar(
                name=row.domain.name,
                hours=row.hours,
                top=index * CHART_ROW,
                width=width,
            )
        )
    return {
        "bars": bars,
        "has_hours": top > 0,
        "width": CHART_WIDTH,
        "height": len(bars) * CHART_ROW,
    }


def renewal_years(endorsements, today) -> list[int]:
    """From the year of the earliest endorsement held up to this year, newest first."""
    if not endorsements:
        return [today.year]
    first = min(endorsement.endorsed_on.year for endorsement in endorsements)
    return list(range(today.year, min(first, today.year) - 1, -1))


@login_required
@require_GET
def hours_overview(request):
    learner = request.user
    today = timezone.localdate()
    profile = learner_profile_get(user=learner)
    goal = profile.goal_category

    progress = None
    if goal is not None:
        progress = endorsement_progress(learner=learner, category=goal, on=today)
        domain_rows = progress.by_domain
    else:
        domain_rows = [
            row
            for row in hours_by_domain(learner=learner, on=today)
            if row.hours or not row.domain.mentor_only
        ]

    endorsements = list(endorsements_for(learner=learner))
    years = renewal_years(endorsements, today)
    year = today.year
    if "year" in request.GET:
        year = RenewalYearForm(request.GET, years=years).year_or(today.year)
    renewals = [
        {
            "endorsement": endorsement,
            "status": renewal_status(
                learner=learner, year=year, category=endorsement.category
            ),
        }
        for endorsement in endorsements
    ]

    entries = Paginator(credit_entries_for(learner=learner), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lms/hours_overview.html",
        {
            "profile": profile,
            "goal": goal,
            "progress": progress,
            "chart": domain_chart(domain_rows),
            "domain_rows": domain_rows,
            "renewals": renewals,
            "year": year,
            "today": today,
            "year_form": RenewalYearForm(initial={"year": year}, years=years),
            "show_year_form": len(years) > 1,
            "page_obj": entries,
        },
    )
