"""The hours page, the dashboard's hours panel and the endorsement goal on the
profile."""

import datetime
import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.models import CreditEntry, CreditEntryArea, LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import (
    CreditEntryFactory,
    EndorsementFactory,
    area,
    category,
    days_ago,
    rsc_entry,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "first_name": "Ana María",
    "last_name": "López",
    "certificate_name": "Dr. Ana María López, LCSW",
    "discipline": "social_work",
    "organization": "Tulsa Health Department",
    "county": "Tulsa",
    "state": "OK",
    "time_zone": "America/Chicago",
}

# Session, user, profile, goal category, endorsement progress (requirement, totals,
# domains, peer RSC, providers, RSC window), endorsements, one renewal (rule and two
# sums), the ledger page (count, rows, areas) and the site chrome.
HOURS_BUDGET = 21
# The dashboard with a goal: the chrome, the profile, the goal and its progress, the
# courses panel (two queries: the enrolments and the catalogue), the certificates
# panel (one query) and the ECHO panel (four: upcoming sessions, waitlist places,
# case presentations and the list of series).
DASHBOARD_GOAL_BUDGET = 21
# Without a goal, one more query than the plain dashboard: the ledger totals.
DASHBOARD_BUDGET = 15


def learner_with_goal(code="IFS", **profile):
    user = UserFactory(first_name="Rosa", last_name="Tallchief")
    LearnerProfileFactory(user=user, goal_category=category(code), **profile)
    return user


def bulk_entries(learner, count):
    """``count`` approved entries written the fast way: training with one area
    each, and every tenth one RSC."""
    areas = [area("TF-AST"), area("DS-OBS"), area("RF-SA")]
    today = timezone.localdate()
    rows = []
    for index in range(count):
        day = today - datetime.timedelta(days=1 + index % 700)
        if index % 10 == 9:
            rows.append(
                CreditEntry(
                    learner=learner,
                    kind="rsc",
                    counts_toward="rsc",
                    source_type="tests.bulk",
                    source_id=str(index),
                    title="Reflective supervision/consultation (individual)",
                    provider="A. Supervisor",
                    date=day,
                    hours=Decimal("1.00"),
                    rsc_format="individual",
                    rsc_provider_category=category("IMHS"),
                )
            )
        else:
            rows.append(
                CreditEntry(
                    learner=learner,
                    kind="course",
                    source_type="tests.bulk",
                    source_id=str(index),
                    title=f"Course {index}",
                    provider="Cradle",
                    date=day,
                    hours=Decimal("1.25"),
                    dei=index % 7 == 0,
                )
            )
    entries = CreditEntry.objects.bulk_create(rows)
    CreditEntryArea.objects.bulk_create(
        [
            CreditEntryArea(entry=entry, area=areas[index % 3])
            for index, entry in enumerate(entries)
            if entry.counts_toward == "training"
        ]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# The hours page


@pytest.mark.parametrize(
    "url_name", ["hours", "outside_training_list", "rsc_log", "endorsements"]
)
def test_hours_pages_need_a_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_without_a_goal_the_page_explains_how_to_choose_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("hours"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have not chosen the endorsement you are working toward" in body
    assert f'href="{reverse("profile")}"' in body
    assert "No hours recorded yet" in body
    assert "<progress" not in body


def test_progress_toward_the_goal_in_numbers_and_words(client):
    learner = learner_with_goal("IFS")
    CreditEntryFactory(learner=learner, hours=Decimal("22.50"), date=days_ago(40))
    rsc_entry(learner, date=days_ago(400), hours="6")
    rsc_entry(learner, date=days_ago(20), hours="4")
    rsc_entry(learner, date=days_ago(10), hours="3", peer=True)
    client.force_login(learner)
    body = client.get(reverse("hours")).content.decode()

    assert "Progress toward IFS — Infant Family Specialist" in body
    assert '<label class="hours-progress__label" for="goal-training">' in body
    assert (
        '<progress class="hours-progress__bar" id="goal-training" max="30" '
        'value="22.5"' in body
    )
    assert "22.5 of 30 h — 7.5 h to go" in body
    assert "10 of 24 h — 14 h to go" in body
    # The window's span is a yes/no condition, said in words.
    assert "RSC spread over at least 12 months:" in body
    assert "met</strong>" in body
    assert "holds <strong>10 h</strong> of qualifying RSC" in body
    assert "you have 3 h of it on record, which is not included" in body
    assert "RSC counts when provided by: IFRS, IMHS, IMHM-C." in body


def test_a_met_requirement_says_so_in_words(client):
    learner = learner_with_goal("IFA")
    CreditEntryFactory(learner=learner, hours=Decimal("30.25"))
    client.force_login(learner)
    body = client.get(reverse("hours")).content.decode()
    assert "30.25 of 30 h — " in body
    assert "You meet the hours requirements for IFA." in body


def test_domain_chart_is_an_image_with_a_table_of_the_same_numbers(client):
    learner = learner_with_goal("IFA")
    CreditEntryFactory(
        learner=learner, hours=Decimal("2.75"), areas=[area("TF-AST"), area("DS-OBS")]
    )
    CreditEntryFactory(learner=learner, hours=Decimal("0.25"), areas=[area("RF-SA")])
    client.force_login(learner)
    body = client.get(reverse("hours")).content.decode()

    svg = re.search(r"<svg class=\"hours-chart__svg\".*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="domain-chart-title domain-chart-desc"' in svg
    assert '<title id="domain-chart-title">' in svg
    assert "Theoretical Foundations: 2.75 hours" in svg
    assert "Reflection: 0.25 hours" in svg
    assert "2.75 h</text>" in svg
    # The largest domain fills the track; the others are in proportion.
    assert 'class="hours-chart__bar" x="0" y="20" width="250.0"' in svg
    assert 'width="22.7"' in svg  # 0.25 h of 2.75 h: 250 × 0.25 / 2.75
    table = re.search(r"<table class=\"table\">.*?</table>", body, re.S).group(0)
    assert '<th scope="col">Competency domain</th>' in table
    assert (
        '<th scope="row">Theoretical Foundations</th>'
        '<td class="hours-num">2.75</td>' in table
    )
    assert '<th scope="row">Reflection</th><td class="hours-num">0.25</td>' in table
    # Administration counts only for Mentor categories and is hidden while empty.
    assert "Administration" not in table


def test_the_ledger_lists_approved_entries_with_their_details(client):
    learner = UserFactory()
    CreditEntryFactory(
        learner=learner,
        title="Circle of Security",
        provider="OK-AIMH",
        hours=Decimal("6.50"),
        date=datetime.date(2025, 3, 14),
        areas=[area("TF-AST")],
    )
    CreditEntryFactory(learner=learner, title="Revoked course", status="revoked")
    CreditEntryFactory(title="Someone else's course")
    client.force_login(learner)
    body = client.get(reverse("hours")).content.decode()
    assert "Circle of Security" in body
    assert "OK-AIMH" in body
    assert "Mar 14, 2025" in body
    assert '<td class="hours-num">6.5</td>' in body
    assert "Attachment, separation, trauma, grief and loss" in body
    assert "Revoked course" not in body
    assert "Someone else" not in body
    for name in ("transcript", "outside_training_list", "rsc_log", "endorsements"):
        assert f'href="{reverse(name)}"' in body


def test_the_ledger_is_paginated(client):
    learner = UserFactory()
    bulk_entries(learner, 30)
    client.force_login(learner)
    first = client.get(reverse("hours"))
    assert len(first.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("hours"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 5
    # A page number out of range shows the last page rather than failing.
    assert client.get(reverse("hours"), {"page": 99}).context["page_obj"].number == 2


def test_renewal_of_each_endorsement_held(client):
    learner = UserFactory()
    EndorsementFactory(learner=learner, category=category("IFS"))
    year = timezone.localdate().year
    CreditEntryFactory(
        learner=learner, hours=Decimal("4.5"), date=datetime.date(year, 1, 2)
    )
    client.force_login(learner)
    body = client.get(reverse("hours")).content.decode()
    assert f"IFS — Infant Family Specialist, renewal year {year}" in body
    assert f"From January 1, {year} to December 31, {year}" in body
    assert "4.5 of 15 h — 10.5 h to go" in body
    assert 'for="renewal-IFS-rsc"' in body


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("2024", 2024),
        ("2019", "current"),  # before the endorsement
        ("2999", "current"),
        ("next year", "current"),
        ("", "current"),
    ],
)
def test_renewal_year_is_validated(client, asked, shown):
    learner = UserFactory()
    EndorsementFactory(
        learner=learner, category=category("IFA"), endorsed_on=datetime.date(2023, 6, 1)
    )
    CreditEntryFactory(
        learner=learner, hours=Decimal("2"), date=datetime.date(2024, 5, 5)
    )
    client.force_login(learner)
    response = client.get(reverse("hours"), {"year": asked})
    expected = timezone.localdate().year if shown == "current" else shown
    assert response.status_code == 200
    assert response.context["year"] == expected
    body = response.content.decode()
    assert f"renewal year {expected}" in body
    assert f'<option value="{expected}" selected>' in body
    if expected == 2024:
        assert "2 of 15 h — 13 h to go" in body


@pytest.mark.parametrize("size", [20, 2000])
def test_hours_page_query_budget(client, size, django_assert_max_num_queries):
    learner = learner_with_goal("IFS")
    EndorsementFactory(learner=learner, category=category("IFA"))
    bulk_entries(learner, size)
    client.force_login(learner)
    client.get(reverse("hours"))
    with django_assert_max_num_queries(HOURS_BUDGET):
        response = client.get(reverse("hours"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


def test_hours_page_queries_do_not_grow_with_the_ledger(client):
    learner = learner_with_goal("IFS")
    EndorsementFactory(learner=learner, category=category("IFA"))
    bulk_entries(learner, 20)
    client.force_login(learner)
    client.get(reverse("hours"))
    small = count_queries(client, reverse("hours"))
    CreditEntry.objects.filter(learner=learner).delete()
    bulk_entries(learner, 2000)
    assert count_queries(client, reverse("hours")) == small <= HOURS_BUDGET


# The dashboard


def test_dashboard_with_a_goal_shows_training_and_rsc_progress(client):
    learner = learner_with_goal("IFS")
    CreditEntryFactory(learner=learner, hours=Decimal("12.75"))
    rsc_entry(learner, date=days_ago(30), hours="2.5")
    client.force_login(learner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Working toward <strong>IFS</strong>" in body
    assert 'id="dashboard-training"' in body
    assert "12.75 of 30 h — 17.25 h to go" in body
    assert "2.5 of 24 h — 21.5 h to go" in body
    assert f'href="{reverse("hours")}"' in body
    assert "No hours" not in body


def test_dashboard_with_a_goal_and_no_hours_yet(client):
    client.force_login(learner_with_goal("IFA"))
    body = client.get(reverse("dashboard")).content.decode()
    assert "No hours toward IFA recorded yet" in body
    assert "0 of 30 h — 30 h to go" in body


def test_dashboard_without_a_goal_shows_totals_and_invites_a_choice(client):
    learner = UserFactory()
    CreditEntryFactory(learner=learner, hours=Decimal("3.25"))
    rsc_entry(learner, date=days_ago(5), hours="1.5")
    client.force_login(learner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "<strong>3.25 clock hours</strong> of training" in body
    assert "<strong>1.5 hours</strong> of reflective supervision/consultation" in body
    assert "Choose your endorsement goal" in body
    assert "No hours recorded yet" not in body


def test_new_learner_dashboard_keeps_the_empty_state(client):
    client.force_login(UserFactory())
    body = client.get(reverse("dashboard")).content.decode()
    assert "No hours recorded yet" in body
    assert "Choose your endorsement goal" in body


@pytest.mark.parametrize("size", [20, 2000])
@pytest.mark.parametrize(
    ("goal", "budget"), [("IFS", DASHBOARD_GOAL_BUDGET), (None, DASHBOARD_BUDGET)]
)
def test_dashboard_query_budget(
    client, size, goal, budget, django_assert_max_num_queries
):
    learner = learner_with_goal(goal) if goal else UserFactory()
    bulk_entries(learner, size)
    client.force_login(learner)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("goal", ["IFS", None])
def test_dashboard_queries_do_not_grow_with_the_ledger(client, goal):
    learner = learner_with_goal(goal) if goal else UserFactory()
    bulk_entries(learner, 20)
    client.force_login(learner)
    client.get(reverse("dashboard"))
    small = count_queries(client, reverse("dashboard"))
    CreditEntry.objects.filter(learner=learner).delete()
    bulk_entries(learner, 2000)
    assert count_queries(client, reverse("dashboard")) == small


# The goal on the profile


def test_profile_offers_only_offered_categories_as_a_goal(client):
    client.force_login(UserFactory())
    body = client.get(reverse("profile")).content.decode()
    assert "Endorsement I am working toward" in body
    select = re.search(r'<select name="goal_category".*?</select>', body, re.S).group(0)
    assert "IFS — Infant Family Specialist" in select
    assert "IMHM-C" in select
    assert "ECFA" not in select
    assert "Not chosen yet" in select


def test_learner_chooses_and_clears_a_goal(client):
    user = UserFactory()
    client.force_login(user)
    ifs = category("IFS")
    response = client.post(reverse("profile"), {**PROFILE, "goal_category": ifs.pk})
    assert response.status_code == 302
    assert LearnerProfile.objects.get(user=user).goal_category == ifs
    assert "Progress toward IFS" in client.get(reverse("hours")).content.decode()

    client.post(reverse("profile"), {**PROFILE, "goal_category": ""})
    assert LearnerProfile.objects.get(user=user).goal_category is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ECFA", "ECFA is not offered by the association"),
        ("IFA", "You already hold IFA. Choose the next category"),
    ],
)
def test_a_goal_the_rules_refuse_saves_nothing(client, code, message):
    user = UserFactory(first_name="Before")
    LearnerProfileFactory(user=user, county="Creek", goal_category=category("IFS"))
    EndorsementFactory(learner=user, category=category("IFA"))
    client.force_login(user)
    before = LearnerProfile.objects.filter(user=user).values().get()
    response = client.post(
        reverse("profile"), {**PROFILE, "goal_category": category(code).pk}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["goal_category"])
    assert "Please correct the following" in response.content.decode()
    assert LearnerProfile.objects.filter(user=user).values().get() == before
    user.refresh_from_db()
    assert user.first_name == "Before"
