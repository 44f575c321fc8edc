"""The hours transcript: the learner's own approved entries as a page, a CSV and a
tagged PDF, with totals, a date filter and a fixed number of queries."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from django.urls import reverse

from lms.models import CreditEntry
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import CreditEntryFactory, area, days_ago, rsc_entry
from tests.lms.records_data import (
    assert_tagged_pdf,
    bulk_ledger,
    consume,
    csv_rows,
    iso,
    pdf_text,
)

pytestmark = pytest.mark.django_db

URL = reverse("transcript")

# Measured once the session holds the time zone. The page: session, user, totals,
# count, a page of entries, their areas, and the site chrome (menu pages and the
# permissions behind the admin link). The downloads: session, user, profile, totals,
# entries, their areas. The same for 20 entries as for 2,000.
QUERY_BUDGETS = {"": 10, "csv": 6, "pdf": 6}


@pytest.fixture
def learner():
    return LearnerProfileFactory(
        certificate_name="Dr. Ana María López, LCSW",
        discipline="social_work",
        county="Tulsa",
    ).user


@pytest.fixture
def ledger(learner):
    """A small ledger of every kind of entry, and someone else's."""
    entries = {
        "course": CreditEntryFactory(
            learner=learner,
            title="Attachment in the first year",
            provider="Cradle",
            date=days_ago(40),
            hours=Decimal("2.50"),
            dei=True,
            areas=[area("TF-AST"), area("DS-OBS")],
        ),
        "echo": CreditEntryFactory(
            learner=learner,
            kind="echo_session",
            title="ECHO: sleep and regulation",
            provider="Infant Mental Health ECHO",
            date=days_ago(20),
            hours=Decimal("1.25"),
            rsc_topic=True,
            areas=[area("RF-SA")],
        ),
        "rsc": rsc_entry(learner, date=days_ago(10), hours="1.5"),
        "peer": rsc_entry(learner, date=days_ago(5), hours="2", peer=True),
        "revoked": CreditEntryFactory(
            learner=learner,
            title="Revoked workshop on screening",
            date=days_ago(15),
            hours=Decimal("4.00"),
            status="revoked",
        ),
    }
    other = LearnerProfileFactory(certificate_name="Someone Else").user
    entries["other"] = CreditEntryFactory(
        learner=other, title="Someone else's secret training", hours=Decimal("9.00")
    )
    return entries


def page_text(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


class TestAccess:
    @pytest.mark.parametrize("name", ["transcript", "portfolio"])
    @pytest.mark.parametrize("output", ["", "csv", "pdf"])
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, name, output):
        response = client.get(reverse(name), {"format": output} if output else {})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_a_learner_sees_only_their_own_entries(self, client, learner, ledger):
        client.force_login(learner)
        body = page_text(client)
        csv_text = consume(client.get(URL, {"format": "csv"})).decode()
        pdf = pdf_text(client.get(URL, {"format": "pdf"}))
        for text in (body, csv_text, pdf):
            assert "Attachment in the first year" in text
            assert "Someone else's secret training" not in text
            assert "Someone Else" not in text
            assert "9.00" not in text

    def test_posting_is_refused(self, client, learner):
        client.force_login(learner)
        assert client.post(URL).status_code == 405

    def test_downloads_are_not_cached(self, client, learner, ledger):
        client.force_login(learner)
        for output in ("", "csv", "pdf"):
            response = client.get(URL, {"format": output} if output else {})
            consume(response)
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]


class TestPage:
    def test_lists_approved_entries_with_their_details(self, client, learner, ledger):
        client.force_login(learner)
        body = page_text(client)
        assert "<h1>Your hours transcript</h1>" in body
        assert "Attachment in the first year" in body
        assert "ECHO: sleep and regulation" in body
        assert "ECHO session" in body
        assert "TF-AST</span> Attachment, separation, trauma, grief and loss" in body
        assert "DS-OBS</span> Observation and listening" in body
        assert '<span class="records-tag">DEI</span>' in body
        assert '<span class="records-tag">RSC topic</span>' in body
        assert "RSC received" in body
        assert "Peer consultation: recorded, not counted" in body
        assert "A. Supervisor" in body

    def test_revoked_entries_are_left_out_of_entries_and_totals(
        self, client, learner, ledger
    ):
        client.force_login(learner)
        body = page_text(client)
        assert "Revoked workshop on screening" not in body
        # 2.50 + 1.25 training; the revoked 4 hours would make it 7.75.
        assert "<dd>3.75 h</dd>" in body
        assert "7.75" not in body

    def test_totals_split_training_rsc_and_peer(self, client, learner, ledger):
        client.force_login(learner)
        response = client.get(URL)
        totals = {total.key: total.hours for total in response.context["totals"]}
        assert totals == {
            "training": Decimal("3.75"),
            "dei": Decimal("2.50"),
            "rsc_topic": Decimal("1.25"),
            "rsc": Decimal("1.50"),
            "peer": Decimal("2.00"),
        }
        body = response.content.decode()
        assert "of which on diversity, equity and inclusion (DEI)" in body
        assert "Peer consultation (recorded, not counted)" in body

    def test_empty_state(self, client, learner):
        client.force_login(learner)
        body = page_text(client)
        assert "No approved hours yet." in body
        assert "<table" not in body

    def test_pages_hold_fifty_entries_and_totals_cover_them_all(self, client, learner):
        bulk_ledger(learner, 120)
        client.force_login(learner)
        response = client.get(URL)
        page = response.context["page"]
        assert len(page.object_list) == 50
        assert page.paginator.num_pages == 3
        body = response.content.decode()
        assert "Showing entries 1 to 50 of 120" in body
        # 96 training entries of 1.5 hours each, on every page.
        assert "<dd>144.00 h</dd>" in body
        last = client.get(URL, {"page": 3}).content.decode()
        assert "Showing entries 101 to 120 of 120" in last
        assert "<dd>144.00 h</dd>" in last

    def test_page_links_keep_the_date_filter(self, client, learner):
        bulk_ledger(learner, 120)
        client.force_login(learner)
        start, end = iso(days_ago(400)), iso(days_ago(1))
        body = page_text(client, start=start, end=end)
        assert f'href="?start={start}&amp;end={end}&amp;page=2"' in body
        assert f'href="?start={start}&amp;end={end}&amp;format=csv"' in body
        assert f'href="?start={start}&amp;end={end}&amp;format=pdf"' in body


class TestDateFilter:
    def test_a_range_limits_entries_and_totals(self, client, learner, ledger):
        client.force_login(learner)
        response = client.get(
            URL, {"start": iso(days_ago(25)), "end": iso(days_ago(8))}
        )
        body = response.content.decode()
        assert "ECHO: sleep and regulation" in body
        assert "Reflective supervision/consultation (individual)" in body
        assert "Attachment in the first year" not in body  # 40 days ago
        totals = {total.key: total.hours for total in response.context["totals"]}
        assert totals["training"] == Decimal("1.25")
        assert totals["rsc"] == Decimal("1.50")
        assert totals["peer"] == Decimal("0")

    def test_an_open_ended_range(self, client, learner, ledger):
        client.force_login(learner)
        body = page_text(client, start=iso(days_ago(12)))
        assert "Attachment in the first year" not in body
        assert "ECHO: sleep and regulation" not in body
        assert "Peer consultation: recorded, not counted" in body

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            (
                {"start": "2025-02-30"},
                "Enter a date as year-month-day, e.g. 2025-01-31.",
            ),
            ({"end": "last tuesday"}, "Enter a date as year-month-day"),
            (
                {"start": "2025-06-01", "end": "2025-01-01"},
                "The end date (2025-01-01) is before the start date (2025-06-01).",
            ),
        ],
    )
    def test_bad_dates_are_explained_and_everything_is_shown(
        self, client, learner, ledger, params, message
    ):
        client.force_login(learner)
        body = page_text(client, **params)
        assert message in body
        assert "The dates could not be used, so every date is shown below." in body
        assert 'aria-invalid="true"' in body
        assert "Attachment in the first year" in body
        assert "ECHO: sleep and regulation" in body
        # The download links carry no unvalidated dates.
        assert 'href="?format=csv"' in body

    @pytest.mark.parametrize("output", ["csv", "pdf"])
    def test_downloads_refuse_bad_dates(self, client, learner, ledger, output):
        client.force_login(learner)
        response = client.get(URL, {"format": output, "end": "2025-13-01"})
        assert response.status_code == 400
        assert "Enter a date as year-month-day" in response.content.decode()


class TestCsv:
    def test_a_row_per_entry_with_header_and_totals(self, client, learner, ledger):
        client.force_login(learner)
        with mock.patch(
            "django.utils.timezone.now",
            return_value=datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC),
        ):
            response = client.get(URL, {"format": "csv"})
            rows = csv_rows(response)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="cradle-transcript-2025-03-10.csv"'
        )
        assert rows[0] == [
            "Date",
            "Title",
            "Provider",
            "Kind",
            "Clock hours",
            "Counts toward",
            "Competency areas",
            "DEI",
            "About providing RSC",
        ]
        entries = rows[1:5]
        assert [row[1] for row in entries] == [
            "Reflective supervision/consultation (individual)",
            "Reflective supervision/consultation (individual)",
            "ECHO: sleep and regulation",
            "Attachment in the first year",
        ]
        course = entries[3]
        assert course == [
            iso(days_ago(40)),
            "Attachment in the first year",
            "Cradle",
            "Course",
            "2.50",
            "Training",
            "TF-AST Attachment, separation, trauma, grief and loss; "
            "DS-OBS Observation and listening",
            "Yes",
            "No",
        ]
        assert entries[0][5] == "Peer consultation (recorded, not counted)"
        assert entries[1][5] == "Reflective supervision/consultation received"
        assert rows[5] == []
        assert rows[6] == ["Totals"]
        assert rows[7:] == [
            ["Training hours", "", "", "", "3.75"],
            ["of which on diversity, equity and inclusion (DEI)", "", "", "", "2.50"],
            [
                "of which about providing reflective supervision/consultation",
                "",
                "",
                "",
                "1.25",
            ],
            ["Reflective supervision/consultation received", "", "", "", "1.50"],
            ["Peer consultation (recorded, not counted)", "", "", "", "2.00"],
        ]

    def test_the_file_is_dated_in_the_learners_time_zone(self, client, learner):
        learner.profile.time_zone = "Pacific/Kiritimati"  # UTC+14
        learner.profile.save()
        client.force_login(learner)
        # 12:00 UTC on 10 March is already 11 March in Kiritimati.
        with mock.patch(
            "django.utils.timezone.now",
            return_value=datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC),
        ):
            response = client.get(URL, {"format": "csv"})
            consume(response)
        assert "cradle-transcript-2025-03-11.csv" in response["Content-Disposition"]

    def test_cells_that_a_spreadsheet_would_run_are_neutralised(self, client, learner):
        for index, title in enumerate(
            ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"]
        ):
            CreditEntryFactory(
                learner=learner,
                title=title,
                provider="=cmd|' /C calc'!A0" if index == 0 else "Cradle",
                date=days_ago(10 + index),
            )
        client.force_login(learner)
        rows = csv_rows(client.get(URL, {"format": "csv"}))
        titles = [row[1] for row in rows[1:5]]
        assert titles == [
            '\'=HYPERLINK("http://evil.example","x")',
            "'+1+1",
            "'-2+3",
            "'@SUM(A1)",
        ]
        assert rows[1][2] == "'=cmd|' /C calc'!A0"
        every_cell = [cell for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in every_cell)

    def test_the_date_filter_applies(self, client, learner, ledger):
        client.force_login(learner)
        rows = csv_rows(client.get(URL, {"format": "csv", "end": iso(days_ago(30))}))
        assert [row[1] for row in rows[1:-7]] == ["Attachment in the first year"]
        assert rows[-5] == ["Training hours", "", "", "", "2.50"]

    def test_revoked_entries_are_left_out(self, client, learner, ledger):
        client.force_login(learner)
        text = consume(client.get(URL, {"format": "csv"})).decode()
        assert "Revoked workshop on screening" not in text


class TestPdf:
    def test_a_tagged_pdf_with_name_details_and_totals(self, client, learner, ledger):
        client.force_login(learner)
        response = client.get(URL, {"format": "pdf"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="cradle-transcript-'
        )
        assert_tagged_pdf(response)
        text = pdf_text(response)
        assert "Dr. Ana María López, LCSW" in text
        assert "Social work" in text
        assert "Tulsa" in text
        assert "Attachment in the first year" in text
        assert "TF-AST" in text
        assert "3.75" in text  # training total
        assert "Revoked workshop on screening" not in text

    def test_the_date_range_is_printed(self, client, learner, ledger):
        client.force_login(learner)
        response = client.get(
            URL, {"format": "pdf", "start": "2024-01-01", "end": iso(days_ago(30))}
        )
        text = pdf_text(response)
        assert "from Jan 1, 2024 to" in text
        assert "ECHO: sleep and regulation" not in text

    def test_unknown_formats_are_refused_clearly(self, client, learner):
        client.force_login(learner)
        response = client.get(URL, {"format": "xlsx"})
        assert response.status_code == 400
        assert "Use format=csv or format=pdf" in response.content.decode()


class TestQueryBudget:
    @pytest.mark.parametrize("size", [20, 2000])
    @pytest.mark.parametrize("output", ["", "csv", "pdf"])
    def test_the_same_queries_for_20_and_2000_entries(
        self, client, django_assert_max_num_queries, learner, size, output
    ):
        bulk_ledger(learner, size)
        bulk_ledger(UserFactory(), 30, prefix="Other")
        assert CreditEntry.objects.filter(learner=learner).count() == size
        client.force_login(learner)
        client.get(URL)  # The first request stores the time zone in the session.
        params = {"format": output} if output else {}
        # Rendering 2,000 rows with WeasyPrint takes many seconds and no queries;
        # the template (where queries could hide) is still rendered.
        with (
            mock.patch("lms.pdf.html_to_pdf", return_value=b"%PDF-1.7 test"),
            django_assert_max_num_queries(QUERY_BUDGETS[output]),
        ):
            response = client.get(URL, params)
            body = consume(response)
        assert response.status_code == 200
        if output == "csv":
            assert body.decode().count("\n") == size + 8
