"""The learner's records in the shapes people ask for them: the transcript, the
endorsement portfolio (laid out as an endorsement application asks) and the rows of
the public registry. CSV rows, grouped competency areas and PDF contexts are built
here from what the selectors return; nothing here writes."""

import csv
import datetime
import itertools
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    CompetencyArea,
    CompetencyDomain,
    CreditEntry,
    EndorsementCategory,
    LearnerProfile,
)
from .selectors import (
    EndorsementProgress,
    credit_entries_for,
    endorsement_progress,
    ledger_totals,
    rsc_entries_for,
    training_entries_for,
)

# A spreadsheet runs a cell that starts with one of these as a formula, so a title
# such as "=HYPERLINK(...)" typed into outside training could act when the learner
# opens the download. Such cells get a leading apostrophe and stay plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Rows per round trip when streaming a CSV. Django runs the areas prefetch once per
# chunk, and a learner's whole ledger (a few hundred entries over a career) fits in
# one, so a download makes the same few queries for 20 entries as for 2,000.
CHUNK_SIZE = 2000

# Excel reads a CSV as UTF-8 (names such as "Ana María") only when it starts with a
# byte-order mark; other programs ignore it.
BOM = "\ufeff"


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose ``write`` hands back the line, so ``csv.writer``
    can feed a streaming response without building the file in memory."""

    def write(self, value):
        return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def hours_text(value: Decimal | None) -> str:
    return f"{value or Decimal(0):.2f}"


def yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def local_today(profile) -> datetime.date:
    """Today in the learner's own time zone, which dates their downloads."""
    try:
        zone = zoneinfo.ZoneInfo(profile.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localtime(timezone.now(), zone).date()


def area_label(area) -> str:
    return f"{area.code} {area.name}"


def areas_text(entry) -> str:
    return "; ".join(area_label(area) for area in entry.competency_areas.all())


@dataclass(frozen=True)
class DomainAreas:
    domain: CompetencyDomain
    areas: list[CompetencyArea]


def areas_by_domain(entry) -> list[DomainAreas]:
    """An entry's areas under their domains, in the Guidelines' order (the prefetch
    orders areas by domain, then area)."""
    return [
        DomainAreas(domain=areas[0].domain, areas=areas)
        for areas in (
            list(group)
            for _domain_id, group in itertools.groupby(
                entry.competency_areas.all(), key=lambda area: area.domain_id
            )
        )
    ]


def areas_by_domain_text(entry) -> str:
    """E.g. "Theoretical Foundations: TF-AST …; TF-REL … | Reflection: RF-SA …".
    Area names contain commas, hence the semicolons and bars."""
    return " | ".join(
        f"{group.domain.name}: " + "; ".join(area_label(area) for area in group.areas)
        for group in areas_by_domain(entry)
    )


def counts_toward_label(entry) -> str:
    if entry.rsc_is_peer:
        return _("Peer consultation (recorded, not counted)")
    return entry.get_counts_toward_display()


# The order and wording of totals, shared by the page, the CSV and the PDF.
TOTAL_LABELS = (
    ("training", gettext_lazy("Training hours")),
    ("dei", gettext_lazy("of which on diversity, equity and inclusion (DEI)")),
    (
        "rsc_topic",
        gettext_lazy("of which about providing reflective supervision/consultation"),
    ),
    ("rsc", gettext_lazy("Reflective supervision/consultation received")),
    ("peer", gettext_lazy("Peer consultation (recorded, not counted)")),
)


@dataclass(frozen=True)
class Total:
    key: str
    label: str
    hours: Decimal

    @property
    def is_part(self) -> bool:
        """A subtotal of training hours (DEI, RSC topic), shown indented."""
        return self.key in ("dei", "rsc_topic")


def totals_list(totals: dict, keys: Iterable[str] | None = None) -> list[Total]:
    wanted = set(keys) if keys is not None else None
    return [
        Total(key, str(label), totals[key])
        for key, label in TOTAL_LABELS
        if wanted is None or key in wanted
    ]


# Transcript ------------------------------------------------------------------


def transcript_header() -> list[str]:
    return [
        _("Date"),
        _("Title"),
        _("Provider"),
        _("Kind"),
        _("Clock hours"),
        _("Counts toward"),
        _("Competency areas"),
        _("DEI"),
        _("About providing RSC"),
    ]


def transcript_row(entry) -> list:
    return [
        entry.date.isoformat(),
        entry.title,
        entry.provider,
        entry.get_kind_display(),
        hours_text(entry.hours),
        counts_toward_label(entry),
        areas_text(entry),
        yes_no(entry.dei),
        yes_no(entry.rsc_topic),
    ]


def _total_rows(totals: list[Total]) -> Iterator[list]:
    # Hours sit in the same column as the entries' hours, so a spreadsheet can
    # check them against a sum of that column.
    for total in totals:
        yield [total.label, "", "", "", hours_text(total.hours)]


def transcript_csv_rows(*, entries, totals: dict) -> Iterator[list]:
    yield transcript_header()
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        yield transcript_row(entry)
    yield []
    yield [_("Totals")]
    yield from _total_rows(totals_list(totals))


@dataclass
class Transcript:
    profile: LearnerProfile | None
    start: datetime.date | None
    end: datetime.date | None
    entries: QuerySet[CreditEntry]
    totals: dict

    @property
    def total_rows(self) -> list[Total]:
        return totals_list(self.totals)


def transcript_build(*, learner, start=None, end=None, profile=None) -> Transcript:
    return Transcript(
        profile=profile,
        start=start,
        end=end,
        entries=credit_entries_for(learner=learner, start=start, end=end),
        totals=ledger_totals(learner=learner, start=start, end=end),
    )


def learner_details(profile) -> dict:
    return {
        "name": profile.name_for_certificates,
        "discipline": profile.get_discipline_display(),
        "county": profile.county,
        "state": profile.get_state_display(),
        "generated_on": local_today(profile),
    }


def transcript_pdf_context(transcript: Transcript) -> dict:
    return {
        **learner_details(transcript.profile),
        "start": transcript.start,
        "end": transcript.end,
        "entries": list(transcript.entries),
        "totals": transcript.total_rows,
    }


# Endorsement portfolio -------------------------------------------------------


@dataclass(frozen=True)
class TrainingRow:
    entry: CreditEntry
    domains: list[DomainAreas]


@dataclass
class Portfolio:
    """Section 1 (training) and section 2 (RSC received) of an endorsement
    application, with the learner's goal category when they have one."""

    profile: LearnerProfile
    on: datetime.date
    training: QuerySet[CreditEntry]
    rsc: QuerySet[CreditEntry]
    peer: QuerySet[CreditEntry]
    totals: dict
    goal: EndorsementCategory | None = None
    progress: EndorsementProgress | None = None
    qualifying_providers: list[EndorsementCategory] = field(default_factory=list)

    @property
    def training_totals(self) -> list[Total]:
        return totals_list(self.totals, ("training", "dei", "rsc_topic"))

    @property
    def rsc_window(self):
        return self.progress.rsc_window if self.progress else None

    @property
    def requirement(self):
        return self.progress.requirement if self.progress else None

    @property
    def rsc_required(self) -> bool:
        requirement = self.requirement
        return bool(requirement and requirement.rsc_hours_required)

    def training_rows(self) -> list[TrainingRow]:
        return [
            TrainingRow(entry=entry, domains=areas_by_domain(entry))
            for entry in self.training
        ]


def portfolio_build(*, learner, profile) -> Portfolio:
    on = local_today(profile)
    goal = profile.goal_category
    progress = (
        endorsement_progress(learner=learner, category=goal, on=on) if goal else None
    )
    return Portfolio(
        profile=profile,
        on=on,
        training=training_entries_for(learner=learner),
        rsc=rsc_entries_for(learner=learner),
        peer=rsc_entries_for(learner=learner, peer=True),
        totals=ledger_totals(learner=learner),
        goal=goal,
        progress=progress,
        qualifying_providers=progress.qualifying_providers if progress else [],
    )


def rsc_header() -> list[str]:
    return [
        _("Date"),
        _("Clock hours"),
        _("Individual or group"),
        _("Provider"),
        _("Provider's category"),
        _("About the RSC you provide"),
    ]


def rsc_row(entry) -> list:
    category = entry.rsc_provider_category
    return [
        entry.date.isoformat(),
        hours_text(entry.hours),
        entry.get_rsc_format_display(),
        entry.provider,
        f"{category.code} — {category.name}" if category else "",
        yes_no(entry.rsc_about_providing),
    ]


def portfolio_csv_rows(portfolio: Portfolio) -> Iterator[list]:
    details = learner_details(portfolio.profile)
    yield [_("Endorsement portfolio"), details["name"]]
    yield [_("Discipline"), details["discipline"]]
    yield [_("County"), details["county"]]
    yield [_("Generated on"), details["generated_on"].isoformat()]
    if portfolio.goal is not None:
        yield [_("Working toward"), str(portfolio.goal)]

    yield []
    yield [_("Section 1: Training")]
    yield [
        _("Date"),
        _("Title"),
        _("Provider or sponsor"),
        _("Clock hours"),
        _("Competency areas by domain"),
    ]
    for entry in portfolio.training.iterator(chunk_size=CHUNK_SIZE):
        yield [
            entry.date.isoformat(),
            entry.title,
            entry.provider,
            hours_text(entry.hours),
            areas_by_domain_text(entry),
        ]
    for total in portfolio.training_totals:
        yield [total.label, "", "", hours_text(total.hours)]

    yield []
    yield [_("Section 2: Reflective supervision/consultation received")]
    yield rsc_header()
    for entry in portfolio.rsc.iterator(chunk_size=CHUNK_SIZE):
        yield rsc_row(entry)
    yield [_("Total"), hours_text(portfolio.totals["rsc"])]
    if portfolio.rsc_required:
        window = portfolio.rsc_window
        code = portfolio.goal.code
        yield [
            _("Best qualifying window toward %(code)s") % {"code": code},
            _("from %(start)s to %(end)s")
            % {
                "start": window.start.isoformat(),
                "end": window.end.isoformat(),
            }
            if window.start
            else _("none yet"),
        ]
        yield [_("Hours in that window"), hours_text(window.hours)]
        yield [
            _("Hours required"),
            hours_text(portfolio.requirement.rsc_hours_required),
        ]
        yield [
            _("Provider categories that qualify"),
            ", ".join(category.code for category in portfolio.qualifying_providers)
            or _("Any provider who is not a peer"),
        ]
    elif portfolio.goal is not None:
        yield [
            _("%(code)s does not require reflective supervision/consultation.")
            % {"code": portfolio.goal.code}
        ]

    yield []
    yield [_("Peer consultation (recorded, not counted)")]
    yield rsc_header()
    for entry in portfolio.peer.iterator(chunk_size=CHUNK_SIZE):
        yield rsc_row(entry)
    yield [_("Total"), hours_text(portfolio.totals["peer"])]


def portfolio_context(portfolio: Portfolio) -> dict:
    """What the portfolio page and PDF show: everything, as lists."""
    return {
        **learner_details(portfolio.profile),
        "portfolio": portfolio,
        "training_rows": portfolio.training_rows(),
        "rsc_entries": list(portfolio.rsc),
        "peer_entries": list(portfolio.peer),
    }


# Public registry -------------------------------------------------------------


@dataclass(frozen=True)
class RegistryListing:
    name: str
    category_code: str
    category_name: str
    discipline: str
    county: str
    endorsed_on: datetime.date


def registry_name(endorsement) -> str:
    """The listed person's name. Unlike ``name_for_certificates`` this never falls
    back to the e-mail address, which the registry must not show."""
    learner = endorsement.learner
    profile = getattr(learner, "profile", None)
    certificate_name = profile.certificate_name if profile is not None else ""
    return certificate_name or learner.get_full_name() or _("Name not given")


def registry_rows(endorsements: Iterable) -> list[RegistryListing]:
    """Plain values only, so nothing else about the person reaches the template."""
    rows = []
    for endorsement in endorsements:
        profile = getattr(endorsement.learner, "profile", None)
        rows.append(
            RegistryListing(
                name=registry_name(endorsement),
                category_code=endorsement.category.code,
                category_name=endorsement.category.name,
                discipline=profile.get_discipline_display() if profile else "",
                county=profile.county if profile else "",
                endorsed_on=endorsement.endorsed_on,
            )
        )
    return rows
