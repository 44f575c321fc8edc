"""Requirement arithmetic, worked by hand for every category. Dates are fixed so the
examples read like the rules: "on 30 June 2026, with these hours, is IFS met?"."""

import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import CategoryRequirement, CreditEntry
from lms.selectors import best_rsc_window, endorsement_progress, hours_by_domain
from tests.factories import UserFactory
from tests.factories.hours import CreditEntryFactory, area, category, rsc_entry

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2026, 6, 30)
EARLY_2025 = D(2025, 3, 1)


def training(learner, hours, *, date=EARLY_2025, dei=False, topic=False, areas=None):
    return CreditEntryFactory(
        learner=learner,
        hours=Decimal(hours),
        date=date,
        dei=dei,
        rsc_topic=topic,
        areas=areas,
    )


def checks(progress):
    return {
        check.key: (check.achieved, check.required, check.met)
        for check in progress.checks
    }


@pytest.fixture
def learner():
    return UserFactory()


# IFA: 30 training hours, nothing else.
def test_ifa_needs_thirty_training_hours(learner):
    training(learner, "29.75")
    progress = endorsement_progress(learner=learner, category=category("IFA"), on=ON)
    assert checks(progress) == {"training": (Decimal("29.75"), Decimal(30), False)}
    assert progress.missing[0].missing == Decimal("0.25")
    assert not progress.is_met

    training(learner, "0.25")
    progress = endorsement_progress(learner=learner, category=category("IFA"), on=ON)
    assert progress.is_met
    assert progress.rsc_window is None


# IFS: 30 training hours and 24 h of RSC from IFRS, IMHS or IMHM-C within 12–24 months.
def test_ifs_monthly_rsc_over_a_year_is_met(learner):
    training(learner, 30)
    for month in range(13):  # 15 Jan 2025 … 15 Jan 2026: 13 sessions of 2 h
        rsc_entry(learner, date=D(2025 + month // 12, month % 12 + 1, 15), hours=2)
    progress = endorsement_progress(learner=learner, category=category("IFS"), on=ON)
    assert checks(progress) == {
        "training": (Decimal(30), Decimal(30), True),
        "rsc": (Decimal(26), Decimal(24), True),
        "rsc_span": (Decimal(1), Decimal(1), True),
    }
    assert progress.rsc_window.start == D(2025, 1, 15)
    assert progress.rsc_window.end == D(2026, 1, 15)
    assert progress.is_met


@pytest.mark.parametrize(
    ("second_date", "hours", "spans", "met"),
    [
        (D(2024, 12, 10), Decimal(24), False, False),  # 11 months: too short
        (D(2025, 1, 10), Decimal(24), True, True),  # exactly 12 months
        (D(2026, 1, 10), Decimal(24), True, True),  # exactly 24 months
        (D(2026, 2, 10), Decimal(12), False, False),  # 25 months: one falls out
    ],
    ids=["11-months", "12-months", "24-months", "25-months"],
)
def test_rsc_window_edges(learner, second_date, hours, spans, met):
    training(learner, 30)
    rsc_entry(learner, date=D(2024, 1, 10), hours=12)
    rsc_entry(learner, date=second_date, hours=12)
    progress = endorsement_progress(learner=learner, category=category("IFS"), on=ON)
    assert progress.rsc_window.hours == hours
    assert progress.rsc_window.spans_enough is spans
    assert progress.is_met is met


def test_rsc_window_prefers_a_window_that_meets_the_rule(learner):
    # A dense early burst (30 h in 2 months) cannot count alone; a sparser stretch
    # spanning 12 months with 24 h can.
    rsc_entry(learner, date=D(2022, 1, 5), hours=15)
    rsc_entry(learner, date=D(2022, 3, 5), hours=15)
    rsc_entry(learner, date=D(2025, 1, 5), hours=12)
    rsc_entry(learner, date=D(2026, 1, 5), hours=12)
    window = best_rsc_window(
        learner=learner, on=ON, min_months=12, max_months=24, hours_needed=Decimal(24)
    )
    assert (window.start, window.end, window.hours) == (
        D(2025, 1, 5),
        D(2026, 1, 5),
        Decimal(24),
    )


def test_peer_rsc_is_recorded_but_never_counts(learner):
    training(learner, 30)
    rsc_entry(learner, date=D(2025, 1, 10), hours=10)
    rsc_entry(learner, date=D(2026, 1, 10), hours=10)
    rsc_entry(learner, date=D(2025, 6, 10), hours=10, peer=True)
    progress = endorsement_progress(learner=learner, category=category("IFS"), on=ON)
    assert progress.rsc_window.hours == Decimal(20)
    assert progress.peer_rsc_hours == Decimal(10)
    assert not progress.is_met


def test_rsc_from_a_provider_who_does_not_qualify_is_not_counted(learner):
    training(learner, 30)
    rsc_entry(learner, date=D(2025, 1, 10), hours=12, provider="IFA")
    rsc_entry(learner, date=D(2025, 6, 10), hours=12, provider=None)
    rsc_entry(learner, date=D(2026, 1, 10), hours=12, provider="IFRS")
    progress = endorsement_progress(learner=learner, category=category("IFS"), on=ON)
    assert progress.rsc_window.hours == Decimal(12)
    assert "IFRS, IMHS, IMHM-C" in " ".join(progress.notes)


# IFRS: 48 = 30 + 15 about providing RSC + 3 DEI, and 24 h RSC.
def test_ifrs_sub_minimums(learner):
    training(learner, 30)
    training(learner, 15, topic=True)
    training(learner, 2, dei=True)
    rsc_entry(learner, date=D(2025, 1, 10), hours=12)
    rsc_entry(learner, date=D(2026, 1, 10), hours=12)
    progress = endorsement_progress(learner=learner, category=category("IFRS"), on=ON)
    assert checks(progress)["training"] == (Decimal(47), Decimal(48), False)
    assert checks(progress)["dei"] == (Decimal(2), Decimal(3), False)
    assert checks(progress)["rsc_topic"] == (Decimal(15), Decimal(15), True)
    assert [check.key for check in progress.missing] == ["training", "dei"]

    training(learner, 1, dei=True)
    assert endorsement_progress(
        learner=learner, category=category("IFRS"), on=ON
    ).is_met


# IMHS: 30 training hours, 50 h RSC, and the exam (noted, not tracked).
def test_imhs_needs_fifty_rsc_hours_and_notes_the_exam(learner):
    training(learner, 30)
    quarterly = [
        D(2025, 1, 1),
        D(2025, 4, 1),
        D(2025, 7, 1),
        D(2025, 10, 1),
        D(2026, 1, 1),
    ]
    for day in quarterly:  # five sessions of 10 h over 12 months
        rsc_entry(learner, date=day, hours=10)
    progress = endorsement_progress(learner=learner, category=category("IMHS"), on=ON)
    assert checks(progress)["rsc"] == (Decimal(50), Decimal(50), True)
    assert progress.is_met
    assert any("exam" in note for note in progress.notes)


# IMHM-C: 30 h before 2024; 48 = 30 + 15 RSC-topic + 3 DEI from 1 January 2024;
# 50 h RSC of which 25 about the RSC the mentor provides.
def test_imhm_c_requirement_switches_at_its_effective_date(learner):
    training(learner, 30, date=D(2023, 6, 1))
    rsc_entry(learner, date=D(2022, 12, 1), hours=25, provider="IMHM-C", about=True)
    rsc_entry(learner, date=D(2023, 12, 1), hours=25, provider="IMHM-C")
    before = endorsement_progress(
        learner=learner, category=category("IMHM-C"), on=D(2023, 12, 31)
    )
    assert before.requirement.effective_from == D(2000, 1, 1)
    assert before.is_met

    after = endorsement_progress(
        learner=learner, category=category("IMHM-C"), on=D(2024, 1, 1)
    )
    assert after.requirement.effective_from == D(2024, 1, 1)
    assert checks(after)["training"] == (Decimal(30), Decimal(48), False)
    assert checks(after)["dei"] == (Decimal(0), Decimal(3), False)
    assert checks(after)["rsc_topic"] == (Decimal(0), Decimal(15), False)
    assert checks(after)["rsc_about_providing"] == (Decimal(25), Decimal(25), True)


def test_imhm_c_needs_half_its_rsc_about_the_rsc_it_provides(learner):
    training(learner, 30)
    training(learner, 15, topic=True)
    training(learner, 3, dei=True)
    rsc_entry(learner, date=D(2025, 1, 10), hours=30, provider="IMHM-C")
    rsc_entry(learner, date=D(2026, 1, 10), hours=20, provider="IMHM-C", about=True)
    progress = endorsement_progress(learner=learner, category=category("IMHM-C"), on=ON)
    assert checks(progress)["rsc"] == (Decimal(50), Decimal(50), True)
    assert checks(progress)["rsc_about_providing"] == (Decimal(20), Decimal(25), False)
    assert not progress.is_met


@pytest.mark.parametrize("code", ["IMHM-P", "IMHM-RF"])
def test_policy_and_research_mentors_need_33_hours_with_3_dei_from_2024(learner, code):
    training(learner, 31, date=D(2023, 3, 1))
    training(learner, 2, dei=True, date=D(2023, 3, 1))
    progress = endorsement_progress(learner=learner, category=category(code), on=ON)
    assert checks(progress) == {
        "training": (Decimal(33), Decimal(33), True),
        "dei": (Decimal(2), Decimal(3), False),
    }
    old = endorsement_progress(
        learner=learner, category=category(code), on=D(2023, 12, 31)
    )
    assert checks(old) == {"training": (Decimal(33), Decimal(30), True)}
    assert old.rsc_window is None


@pytest.mark.parametrize(
    ("code", "training_hours", "rsc_hours"),
    [
        ("ECFA", 30, 0),
        ("ECFS", 30, 24),
        ("ECFRS", 48, 24),
        ("ECMHS", 30, 50),
        ("ECMHM-C", 48, 50),
        ("ECMHM-P", 33, 0),
        ("ECMHM-RF", 33, 0),
    ],
)
def test_early_childhood_categories_mirror_the_infant_ones(
    code, training_hours, rsc_hours
):
    requirement = CategoryRequirement.objects.in_force(category=category(code), on=ON)
    assert requirement.min_training_hours == training_hours
    assert requirement.rsc_hours_required == rsc_hours


def test_ecfs_accepts_rsc_from_early_childhood_and_infant_specialists(learner):
    training(learner, 30)
    rsc_entry(learner, date=D(2025, 1, 10), hours=12, provider="ECMHS")
    rsc_entry(learner, date=D(2026, 1, 10), hours=12, provider="IMHS")
    assert endorsement_progress(
        learner=learner, category=category("ECFS"), on=ON
    ).is_met


def test_revoked_and_later_entries_do_not_count(learner):
    training(learner, 20)
    revoked = training(learner, 10)
    CreditEntry.objects.filter(pk=revoked.pk).update(status="revoked")
    training(learner, 10, date=D(2026, 7, 1))
    progress = endorsement_progress(learner=learner, category=category("IFA"), on=ON)
    assert progress.training_hours == Decimal(20)


def test_hours_by_domain_count_an_entry_once_per_domain(learner):
    training(learner, 3, areas=[area("TF-AST"), area("TF-DEV"), area("DS-OBS")])
    training(learner, 2, areas=[area("RF-SA")])
    hours = {
        row.domain.code: row.hours for row in hours_by_domain(learner=learner, on=ON)
    }
    assert hours["TF"] == Decimal(3)
    assert hours["DS"] == Decimal(3)
    assert hours["RF"] == Decimal(2)
    assert hours["LR"] == Decimal(0)


def test_administration_domain_shows_only_for_mentors(learner):
    training(learner, 2)
    ifs = endorsement_progress(learner=learner, category=category("IFS"), on=ON)
    mentor = endorsement_progress(learner=learner, category=category("IMHM-C"), on=ON)
    assert "AD" not in [row.domain.code for row in ifs.by_domain]
    assert "AD" in [row.domain.code for row in mentor.by_domain]


def test_no_requirement_in_force_says_so(learner):
    progress = endorsement_progress(
        learner=learner, category=category("IFA"), on=D(1999, 12, 31)
    )
    assert progress.requirement is None
    assert not progress.is_met
    assert "No requirements" in progress.notes[0]


def test_progress_runs_a_fixed_number_of_queries(learner):
    def count_queries():
        with CaptureQueriesContext(connection) as context:
            endorsement_progress(learner=learner, category=category("IMHM-C"), on=ON)
        return len(context.captured_queries)

    for day in range(10):
        training(learner, 1, date=D(2025, 1, 1) + datetime.timedelta(days=day))
        rsc_entry(
            learner,
            date=D(2025, 1, 1) + datetime.timedelta(days=day),
            hours=1,
            provider="IMHM-C",
        )
    small = count_queries()
    for day in range(300):
        training(learner, 1, date=D(2024, 1, 1) + datetime.timedelta(days=day))
        rsc_entry(
            learner,
            date=D(2024, 1, 1) + datetime.timedelta(days=day),
            hours=1,
            provider="IMHM-C",
        )
    assert count_queries() == small <= 8
