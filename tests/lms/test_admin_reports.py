"""The hours reports: what they list, how filters narrow them, their CSV and XLSX
exports, who may see them, and the fixed number of queries they cost."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.utils import timezone

from lms.models import CategoryRequirement, CreditEntry, LearnerProfile, User
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories.hours import (
    CreditEntryFactory,
    OutsideTrainingFactory,
    RscLogEntryFactory,
    category,
    days_ago,
    rsc_entry,
)

pytestmark = pytest.mark.django_db

PER_LEARNER = "/admin/reports/hours/per-learner/"
PENDING = "/admin/reports/hours/pending/"
CLOSE_TO_GOAL = "/admin/reports/hours/close-to-goal/"
PER_LEARNER_HEADER = [
    "Name",
    "E-mail",
    "County",
    "Discipline",
    "Goal",
    "Training hours",
    "RSC hours (not peer)",
    "DEI hours",
    "Entries",
]


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


def learner(email, *, county="Tulsa", discipline="social_work", goal=None, **names):
    user = UserFactory(email=email, **names)
    LearnerProfileFactory(
        user=user,
        county=county,
        discipline=discipline,
        goal_category=category(goal) if goal else None,
    )
    return user


def csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def emails(response) -> list[str]:
    return [row.email for row in response.context["object_list"]]


@pytest.fixture
def two_learners():
    """Ana in Tulsa (social work, goal IFS) and Ben in Cleveland (nursing)."""
    ana = learner(
        "ana@example.org",
        goal="IFS",
        first_name="Ana",
        last_name="Lopez",
    )
    ben = learner(
        "ben@example.org",
        county="Cleveland",
        discipline="nursing",
        first_name="Ben",
        last_name="Young",
    )
    CreditEntryFactory(learner=ana, hours=Decimal("6"), dei=True, date=days_ago(10))
    CreditEntryFactory(learner=ana, hours=Decimal("2.5"), date=days_ago(200))
    CreditEntryFactory(
        learner=ana, hours=Decimal("9"), status="revoked", date=days_ago(10)
    )
    rsc_entry(ana, date=days_ago(20), hours="1.5")
    rsc_entry(ana, date=days_ago(21), hours="4", peer=True)
    CreditEntryFactory(learner=ben, hours=Decimal("3"), date=days_ago(5))
    return ana, ben


class TestHoursPerLearner:
    def test_one_row_per_learner_with_approved_totals(
        self, client, administrator, two_learners
    ):
        response = client.get(PER_LEARNER)
        assert response.status_code == 200
        rows = {row.email: row for row in response.context["object_list"]}
        # Staff are not learners and are not listed.
        assert set(rows) == {"ana@example.org", "ben@example.org"}
        ana = rows["ana@example.org"]
        assert ana.training_hours == Decimal("8.5")  # the revoked 9 h do not count
        assert ana.rsc_hours == Decimal("1.5")  # peer RSC never counts
        assert ana.dei_hours == Decimal("6")
        assert ana.entry_count == 4  # approved entries, peer RSC included
        assert (ana.county, ana.goal) == ("Tulsa", "IFS")
        page = response.content.decode()
        assert "Ana Lopez" in page and "Social work" in page and "8.5" in page

    def test_filters_narrow_the_rows(self, client, administrator, two_learners):
        assert emails(client.get(PER_LEARNER, {"county": "Cleveland"})) == [
            "ben@example.org"
        ]
        assert emails(client.get(PER_LEARNER, {"discipline": "social_work"})) == [
            "ana@example.org"
        ]
        goal = category("IFS").pk
        assert emails(client.get(PER_LEARNER, {"goal": goal})) == ["ana@example.org"]
        assert emails(client.get(PER_LEARNER, {"q": "young"})) == ["ben@example.org"]

    def test_the_date_range_narrows_the_entries_summed(
        self, client, administrator, two_learners
    ):
        response = client.get(PER_LEARNER, {"entry_date_from": str(days_ago(100))})
        rows = {row.email: row for row in response.context["object_list"]}
        assert set(rows) == {"ana@example.org", "ben@example.org"}
        assert rows["ana@example.org"].training_hours == Decimal("6")
        assert rows["ana@example.org"].entry_count == 3
        response = client.get(PER_LEARNER, {"entry_date_to": str(days_ago(100))})
        rows = {row.email: row for row in response.context["object_list"]}
        assert rows["ana@example.org"].training_hours == Decimal("2.5")
        assert rows["ben@example.org"].training_hours == 0

    def test_csv_export_streams_the_filtered_rows(
        self, client, administrator, two_learners
    ):
        response = client.get(PER_LEARNER, {"export": "csv"})
        assert response["Content-Type"] == "text/csv"
        assert 'filename="hours-per-learner-' in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0] == PER_LEARNER_HEADER
        assert rows[1:] == [
            [
                "Ana Lopez",
                "ana@example.org",
                "Tulsa",
                "Social work",
                "IFS",
                "8.50",
                "1.50",
                "6.00",
                "4",
            ],
            [
                "Ben Young",
                "ben@example.org",
                "Cleveland",
                "Nursing",
                "",
                "3.00",
                "0.00",
                "0.00",
                "1",
            ],
        ]
        filtered = csv_rows(
            client.get(PER_LEARNER, {"export": "csv", "county": "Tulsa"})
        )
        assert [row[1] for row in filtered[1:]] == ["ana@example.org"]

    def test_xlsx_export(self, client, administrator, two_learners):
        response = client.get(PER_LEARNER, {"export": "xlsx"})
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert list(rows[0]) == PER_LEARNER_HEADER
        assert rows[1][:2] == ("Ana Lopez", "ana@example.org")
        assert Decimal(str(rows[1][5])) == Decimal("8.5")
        assert len(rows) == 3

    @pytest.mark.parametrize(("learners", "entries"), [(3, 2), (120, 20)])
    def test_fixed_query_budget(
        self, client, administrator, django_assert_max_num_queries, learners, entries
    ):
        make_learners(learners, entries)
        # Measured once the session holds the time zone and the content types are
        # cached, so what other tests ran first does not change the count.
        client.get(PER_LEARNER)
        # Most are the admin's own (session, permissions, menu); the report itself
        # is the filters' choices, a count and one page of rows with their totals.
        with django_assert_max_num_queries(19):
            response = client.get(PER_LEARNER)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == min(learners, 50)
        with django_assert_max_num_queries(8):
            rows = csv_rows(client.get(PER_LEARNER, {"export": "csv"}))
        assert len(rows) == learners + 1


def make_learners(count: int, entries_each: int) -> None:
    """Learners with profiles and approved training, written in bulk."""
    users = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", first_name="Bulk", last_name=f"L{n:04d}")
        for n in range(count)
    )
    learner_group = Group.objects.get(name="Learner")
    User.groups.through.objects.bulk_create(
        User.groups.through(user=user, group=learner_group) for user in users
    )
    LearnerProfile.objects.bulk_create(
        LearnerProfile(user=user, county="Tulsa", discipline="nursing")
        for user in users
    )
    CreditEntry.objects.bulk_create(
        CreditEntry(
            learner=user,
            kind="course",
            source_type="tests.bulk",
            source_id=f"{user.pk}-{n}",
            title=f"Course {n}",
            date=days_ago(n + 1),
            hours=Decimal("1.5"),
        )
        for user in users
        for n in range(entries_each)
    )


class TestPendingReviews:
    def test_both_queues_oldest_first_with_links(self, client, administrator):
        now = timezone.now()
        newer = OutsideTrainingFactory(
            title="Newer workshop", submitted_at=now - datetime.timedelta(days=1)
        )
        rsc = RscLogEntryFactory(
            provider_name="Casey Supervisor",
            submitted_at=now - datetime.timedelta(days=4),
        )
        older = OutsideTrainingFactory(
            title="Older workshop", submitted_at=now - datetime.timedelta(days=9)
        )
        OutsideTrainingFactory(title="Approved workshop", status="approved")
        RscLogEntryFactory(provider_name="Done Supervisor", status="rejected")

        response = client.get(PENDING)
        rows = response.context["object_list"]
        assert [(row.kind, row.pk) for row in rows] == [
            ("training", older.pk),
            ("rsc", rsc.pk),
            ("training", newer.pk),
        ]
        assert [row.days_waiting for row in rows] == [9, 4, 1]
        page = response.content.decode()
        assert f"/admin/hours/outside-training/{older.pk}/review/" in page
        assert f"/admin/hours/rsc/{rsc.pk}/review/" in page
        assert "Approved workshop" not in page and "Done Supervisor" not in page

    def test_csv_export(self, client, administrator):
        OutsideTrainingFactory(
            title="Home visiting",
            learner=UserFactory(email="hv@example.org"),
            clock_hours=Decimal("8.25"),
        )
        rows = csv_rows(client.get(PENDING, {"export": "csv"}))
        assert rows[0] == [
            "Type",
            "Learner",
            "E-mail",
            "Title",
            "Provider",
            "Clock hours",
            "Submitted",
            "Days waiting",
        ]
        assert len(rows) == 2
        assert rows[1][0] == "Outside training"
        assert rows[1][2:4] == ["hv@example.org", "Home visiting"]
        assert rows[1][5] == "8.25"
        assert rows[1][7] == "0"

    def test_pages_in_sql(self, client, administrator):
        for _ in range(55):
            RscLogEntryFactory()
        first = client.get(PENDING)
        assert len(first.context["object_list"]) == 50
        assert first.context["paginator"].count == 55
        assert len(client.get(PENDING, {"p": 2}).context["object_list"]) == 5


class TestCloseToGoal:
    def test_lists_only_learners_within_five_hours_of_the_minimum(
        self, client, administrator
    ):
        # IFA asks for 30 training hours under the requirement in force today.
        assert (
            CategoryRequirement.objects.in_force(
                category=category("IFA"), on=timezone.localdate()
            ).min_training_hours
            == 30
        )
        hours = {
            "listed@example.org": ["25"],
            "short@example.org": ["24.75"],
            "done@example.org": ["30"],
            "split@example.org": ["20", "9.5"],
        }
        for email, amounts in hours.items():
            person = learner(email, goal="IFA")
            for amount in amounts:
                CreditEntryFactory(learner=person, hours=Decimal(amount))
        # Revoked hours and RSC do not count toward the training minimum.
        revoked = learner("revoked@example.org", goal="IFA")
        CreditEntryFactory(learner=revoked, hours=Decimal("20"))
        CreditEntryFactory(learner=revoked, hours=Decimal("8"), status="revoked")
        rsc_entry(revoked, date=days_ago(3), hours="6")
        # No goal, no row.
        CreditEntryFactory(learner=learner("nogoal@example.org"), hours=Decimal("27"))

        response = client.get(CLOSE_TO_GOAL)
        rows = {row.email: row for row in response.context["object_list"]}
        assert set(rows) == {"listed@example.org", "split@example.org"}
        assert rows["listed@example.org"].missing == Decimal("5")
        assert rows["split@example.org"].missing == Decimal("0.5")
        assert [row.email for row in response.context["object_list"]] == [
            "split@example.org",
            "listed@example.org",
        ]

    def test_uses_the_requirement_in_force_today(self, client, administrator):
        person = learner("listed@example.org", goal="IFA")
        CreditEntryFactory(learner=person, hours=Decimal("25"))
        ifa = category("IFA")
        in_force = CategoryRequirement.objects.in_force(
            category=ifa, on=timezone.localdate()
        )
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        CategoryRequirement.objects.create(
            category=ifa, effective_from=tomorrow, min_training_hours=Decimal("27")
        )
        assert emails(client.get(CLOSE_TO_GOAL)) == ["listed@example.org"]

        CategoryRequirement.objects.create(
            category=ifa,
            effective_from=in_force.effective_from + datetime.timedelta(days=1),
            min_training_hours=Decimal("40"),
        )
        assert emails(client.get(CLOSE_TO_GOAL)) == []

    def test_csv_export(self, client, administrator):
        person = learner(
            "listed@example.org", goal="IFA", first_name="Lee", last_name="Ng"
        )
        CreditEntryFactory(learner=person, hours=Decimal("25"))
        rows = csv_rows(client.get(CLOSE_TO_GOAL, {"export": "csv"}))
        assert rows == [
            ["Name", "E-mail", "Goal", "Training hours", "Hours missing"],
            ["Lee Ng", "listed@example.org", "IFA", "25.00", "5.00"],
        ]


class TestAccess:
    URLS = [PER_LEARNER, PENDING, CLOSE_TO_GOAL, f"{PER_LEARNER}?export=csv"]

    def test_facilitator_is_refused(self, client):
        client.force_login(staff_user("ECHO Facilitator"))
        for url in self.URLS:
            response = client.get(url)
            assert (response.status_code, response.url) == (302, "/admin/"), url
        assert "Hours per learner" not in client.get("/admin/").content.decode()

    def test_learner_is_refused(self, client):
        client.force_login(UserFactory(role="Learner"))
        for url in self.URLS:
            assert client.get(url).status_code == 403, url

    def test_reports_menu_lists_them_for_administrators(self, client, administrator):
        page = client.get("/admin/").content.decode()
        for label in ("Hours per learner", "Pending reviews", "Close to a goal"):
            assert label in page
