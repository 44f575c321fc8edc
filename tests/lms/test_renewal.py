"""Yearly renewal: 15 h of training with 1 h DEI; 3 h about providing RSC for IFRS,
IMHS and IMHM-C; 12 h RSC received for IFS, IFRS, IMHS and IMHM-C."""

import datetime
from decimal import Decimal

import pytest

from lms.models import RenewalRule
from lms.selectors import renewal_status
from tests.factories import UserFactory
from tests.factories.hours import CreditEntryFactory, category, rsc_entry

pytestmark = pytest.mark.django_db

D = datetime.date


def training(learner, hours, date, **flags):
    return CreditEntryFactory(learner=learner, hours=Decimal(hours), date=date, **flags)


def summary(status):
    return {check.key: (check.achieved, check.required) for check in status.checks}


@pytest.fixture
def learner():
    return UserFactory()


def test_ifa_renewal_is_fifteen_hours_with_one_on_dei(learner):
    training(learner, 14, D(2025, 1, 1))
    training(learner, 1, D(2025, 12, 31), dei=True)
    training(learner, 5, D(2024, 12, 31))  # last year: not counted
    training(learner, 5, D(2026, 1, 1))  # next year: not counted
    status = renewal_status(learner=learner, year=2025, category=category("IFA"))
    assert (status.start, status.last_day) == (D(2025, 1, 1), D(2025, 12, 31))
    assert summary(status) == {
        "training": (Decimal(15), Decimal(15)),
        "dei": (Decimal(1), Decimal(1)),
    }
    assert status.is_met


def test_ifs_renewal_also_needs_twelve_hours_of_rsc(learner):
    training(learner, 15, D(2025, 2, 1), dei=True)
    rsc_entry(learner, date=D(2025, 3, 1), hours=6)
    rsc_entry(learner, date=D(2025, 9, 1), hours=5.75)
    rsc_entry(learner, date=D(2025, 10, 1), hours=4, peer=True)
    status = renewal_status(learner=learner, year=2025, category=category("IFS"))
    assert summary(status)["rsc"] == (Decimal("11.75"), Decimal(12))
    assert [check.key for check in status.missing] == ["rsc"]
    assert status.missing[0].missing == Decimal("0.25")


@pytest.mark.parametrize(
    ("code", "topic", "rsc"),
    [
        ("IFA", None, None),
        ("IFS", None, 12),
        ("IFRS", 3, 12),
        ("IMHS", 3, 12),
        ("IMHM-C", 3, 12),
        ("IMHM-P", None, None),
        ("IMHM-RF", None, None),
    ],
)
def test_what_each_category_must_do_every_year(learner, code, topic, rsc):
    status = renewal_status(learner=learner, year=2026, category=category(code))
    expected = {"training": (Decimal(0), Decimal(15)), "dei": (Decimal(0), Decimal(1))}
    if topic:
        expected["rsc_topic"] = (Decimal(0), Decimal(topic))
    if rsc:
        expected["rsc"] = (Decimal(0), Decimal(rsc))
    assert summary(status) == expected


def test_the_renewal_period_is_configurable(learner):
    RenewalRule.objects.filter(category=category("IFA")).update(
        period_start_month=7, period_start_day=1
    )
    training(learner, 10, D(2025, 6, 30), dei=True)  # before the 2025 period
    training(learner, 10, D(2025, 7, 1), dei=True)
    training(learner, 5, D(2026, 6, 30))
    status = renewal_status(learner=learner, year=2025, category=category("IFA"))
    assert (status.start, status.last_day) == (D(2025, 7, 1), D(2026, 6, 30))
    assert summary(status)["training"] == (Decimal(15), Decimal(15))


def test_a_new_renewal_rule_applies_from_its_year(learner):
    RenewalRule.objects.create(
        category=category("IFA"),
        effective_from=D(2026, 1, 1),
        training_hours=Decimal(20),
        dei_hours=Decimal(2),
    )
    assert summary(
        renewal_status(learner=learner, year=2025, category=category("IFA"))
    )["training"] == (Decimal(0), Decimal(15))
    assert summary(
        renewal_status(learner=learner, year=2026, category=category("IFA"))
    )["training"] == (Decimal(0), Decimal(20))


def test_no_rule_in_force_means_no_checks(learner):
    status = renewal_status(learner=learner, year=1990, category=category("IFA"))
    assert status.rule is None
    assert not status.is_met
