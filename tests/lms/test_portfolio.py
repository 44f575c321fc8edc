"""The endorsement portfolio: training (section 1) and RSC received (section 2) as an
endorsement application asks for them, as a page, a CSV and a tagged PDF."""

import zoneinfo
from decimal import Decimal
from unittest import mock

import pytest

from django.urls import reverse
from django.utils import timezone

from lms.services import learner_goal_set
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import (
    CreditEntryFactory,
    area,
    category,
    days_ago,
    rsc_entry,
)
from tests.lms.records_data import (
    assert_tagged_pdf,
    bulk_ledger,
    consume,
    csv_rows,
    iso,
    pdf_text,
)

pytestmark = pytest.mark.django_db

URL = reverse("portfolio")

# Measured once the session holds the time zone, with a goal category (which adds
# the progress queries). The same for 20 entries as for 2,000.
QUERY_BUDGETS = {"": 19, "csv": 15, "pdf": 15}


@pytest.fixture
def learner():
    return LearnerProfileFactory(
        certificate_name="Jordan Q. Mbeki, MSW",
        discipline="social_work",
        county="Creek",
    ).user


@pytest.fixture
def ledger(learner):
    entries = {
        "course": CreditEntryFactory(
            learner=learner,
            title="Attachment in the first year",
            provider="Cradle",
            date=days_ago(400),
            hours=Decimal("6.00"),
            dei=True,
            areas=[area("TF-AST"), area("TF-CC"), area("RF-SA")],
        ),
        "outside": CreditEntryFactory(
            learner=learner,
            kind="outside_training",
            title="Providing reflective supervision",
            provider="Oklahoma Association for Infant Mental Health",
            date=days_ago(200),
            hours=Decimal("3.25"),
            rsc_topic=True,
            areas=[area("WO-MEN")],
        ),
        "rsc_old": rsc_entry(learner, date=days_ago(390), hours="12", about=True),
        "rsc_new": rsc_entry(learner, date=days_ago(20), hours="13", provider="IFRS"),
        "rsc_peer": rsc_entry(learner, date=days_ago(15), hours="4", peer=True),
        "revoked": CreditEntryFactory(
            learner=learner,
            title="Revoked workshop on screening",
            hours=Decimal("5.00"),
            status="revoked",
        ),
    }
    entries["rsc_peer"].provider = "Pat Peer"
    entries["rsc_peer"].save()
    other = LearnerProfileFactory(certificate_name="Someone Else").user
    CreditEntryFactory(learner=other, title="Someone else's secret training")
    rsc_entry(other, date=days_ago(3), hours="7.75")
    return entries


class TestPage:
    def test_section_one_lists_training_with_areas_under_their_domains(
        self, client, learner, ledger
    ):
        client.force_login(learner)
        response = client.get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "1. Training" in body
        rows = response.context["training_rows"]
        assert [row.entry.title for row in rows] == [
            "Attachment in the first year",  # oldest first, as applications list
            "Providing reflective supervision",
        ]
        first = rows[0]
        assert [
            (group.domain.name, [a.code for a in group.areas])
            for group in first.domains
        ] == [
            ("Theoretical Foundations", ["TF-AST", "TF-CC"]),
            ("Reflection", ["RF-SA"]),
        ]
        assert "<dt>Theoretical Foundations</dt>" in body
        assert "TF-CC</span> Cultural competence" in body
        assert "Oklahoma Association for Infant Mental Health" in body
        assert "Revoked workshop on screening" not in body
        totals = {t.key: t.hours for t in response.context["portfolio"].training_totals}
        assert totals == {
            "training": Decimal("9.25"),
            "dei": Decimal("6.00"),
            "rsc_topic": Decimal("3.25"),
        }
        assert "<dd>9.25 h</dd>" in body

    def test_section_two_lists_rsc_and_keeps_peer_consultation_apart(
        self, client, learner, ledger
    ):
        client.force_login(learner)
        response = client.get(URL)
        body = response.content.decode()
        assert "2. Reflective supervision/consultation" in body
        assert [e.hours for e in response.context["rsc_entries"]] == [
            Decimal("12.00"),
            Decimal("13.00"),
        ]
        assert [e.provider for e in response.context["peer_entries"]] == ["Pat Peer"]
        assert "IMHS — Infant Mental Health Specialist" in body
        assert "IFRS — Infant Family Reflective Supervisor" in body
        assert "Individual" in body
        # The RSC total is 12 + 13: the 4 peer hours are listed, not counted.
        assert "<dd>25.00 h</dd>" in body
        peer_section = body.split("Peer consultation (recorded, not counted)</h3>")[1]
        assert "Pat Peer" in peer_section
        assert "4.00 h (not counted)" in peer_section
        assert "Pat Peer" not in body.split("Peer consultation (recorded, not")[0]

    def test_the_best_window_toward_the_goal_and_who_qualifies(
        self, client, learner, ledger
    ):
        learner_goal_set(profile=learner.profile, category=category("IFS"))
        client.force_login(learner)
        response = client.get(URL)
        body = response.content.decode()
        window = response.context["portfolio"].rsc_window
        # Both qualifying sessions fall within 24 months and span more than 12.
        assert (window.start, window.end, window.hours) == (
            days_ago(390),
            days_ago(20),
            Decimal("25.00"),
        )
        assert window.spans_enough
        assert "Toward IFS — Infant Family Specialist" in body
        assert "Best qualifying window" in body
        assert "25.00 h of 24.00 h required" in body
        assert "IFRS, IMHS, IMHM-C" in body

    def test_a_goal_without_rsc_says_so(self, client, learner, ledger):
        learner_goal_set(profile=learner.profile, category=category("IFA"))
        client.force_login(learner)
        body = client.get(URL).content.decode()
        assert "IFA does not require reflective supervision/consultation." in body
        assert "Best qualifying window" not in body

    def test_without_a_goal_the_page_invites_choosing_one(self, client, learner):
        client.force_login(learner)
        body = client.get(URL).content.decode()
        assert "Choose the endorsement you are working toward" in body
        assert "No approved training yet." in body
        assert "No approved reflective supervision/consultation yet." in body
        assert "No peer consultation recorded." in body

    def test_only_the_learners_own_entries(self, client, learner, ledger):
        client.force_login(learner)
        body = client.get(URL).content.decode()
        assert "Someone else's secret training" not in body
        assert "7.75" not in body


class TestCsv:
    def test_sections_in_application_order(self, client, learner, ledger):
        learner_goal_set(profile=learner.profile, category=category("IFS"))
        client.force_login(learner)
        response = client.get(URL, {"format": "csv"})
        rows = csv_rows(response)
        today = timezone.localtime(
            timezone.now(), zoneinfo.ZoneInfo("America/Chicago")
        ).date()
        assert response["Content-Disposition"] == (
            f'attachment; filename="cradle-portfolio-{iso(today)}.csv"'
        )
        assert ["Generated on", iso(today)] in rows
        assert rows[0] == ["Endorsement portfolio", "Jordan Q. Mbeki, MSW"]
        assert ["Discipline", "Social work"] in rows
        assert ["County", "Creek"] in rows
        assert ["Working toward", "IFS — Infant Family Specialist"] in rows

        training = rows.index(["Section 1: Training"])
        assert rows[training + 1] == [
            "Date",
            "Title",
            "Provider or sponsor",
            "Clock hours",
            "Competency areas by domain",
        ]
        assert rows[training + 2] == [
            iso(days_ago(400)),
            "Attachment in the first year",
            "Cradle",
            "6.00",
            "Theoretical Foundations: TF-AST Attachment, separation, trauma, grief "
            "and loss; TF-CC Cultural competence | Reflection: RF-SA Self-awareness",
        ]
        assert rows[training + 4] == ["Training hours", "", "", "9.25"]
        assert rows[training + 5][0] == (
            "of which on diversity, equity and inclusion (DEI)"
        )
        assert rows[training + 5][3] == "6.00"

        rsc = rows.index(["Section 2: Reflective supervision/consultation received"])
        assert rsc > training
        assert rows[rsc + 1] == [
            "Date",
            "Clock hours",
            "Individual or group",
            "Provider",
            "Provider's category",
            "About the RSC you provide",
        ]
        assert rows[rsc + 2] == [
            iso(days_ago(390)),
            "12.00",
            "Individual",
            "A. Supervisor",
            "IMHS — Infant Mental Health Specialist",
            "Yes",
        ]
        assert rows[rsc + 4] == ["Total", "25.00"]
        assert rows[rsc + 5] == [
            "Best qualifying window toward IFS",
            f"from {iso(days_ago(390))} to {iso(days_ago(20))}",
        ]
        assert ["Provider categories that qualify", "IFRS, IMHS, IMHM-C"] in rows

        peer = rows.index(["Peer consultation (recorded, not counted)"])
        assert peer > rsc
        assert rows[peer + 2][3] == "Pat Peer"
        assert rows[peer + 3] == ["Total", "4.00"]
        assert "Pat Peer" not in {cell for row in rows[:peer] for cell in row}

        every_cell = {cell for row in rows for cell in row}
        assert "Someone else's secret training" not in every_cell
        assert "Revoked workshop on screening" not in every_cell

    def test_cells_that_a_spreadsheet_would_run_are_neutralised(self, client, learner):
        CreditEntryFactory(learner=learner, title="=1+2", provider="@evil")
        entry = rsc_entry(learner, date=days_ago(3), hours="1")
        entry.provider = "-Dr. Minus"
        entry.save()
        client.force_login(learner)
        rows = csv_rows(client.get(URL, {"format": "csv"}))
        every_cell = [cell for row in rows for cell in row]
        assert "'=1+2" in every_cell
        assert "'@evil" in every_cell
        assert "'-Dr. Minus" in every_cell
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in every_cell)


class TestPdf:
    def test_a_tagged_pdf_with_both_sections(self, client, learner, ledger):
        learner_goal_set(profile=learner.profile, category=category("IFS"))
        client.force_login(learner)
        response = client.get(URL, {"format": "pdf"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="cradle-portfolio-'
        )
        assert_tagged_pdf(response)
        text = pdf_text(response)
        assert "Jordan Q. Mbeki, MSW" in text
        assert "Section 1: Training" in text
        assert "Section 2: Reflective supervision/consultation" in text
        assert "Attachment in the first year" in text
        assert "Theoretical Foundations" in text
        assert "Pat Peer" in text
        assert "Best qualifying window" in text
        assert "Someone else's secret training" not in text
        assert "Revoked workshop on screening" not in text

    def test_unknown_formats_are_refused_clearly(self, client, learner):
        client.force_login(learner)
        response = client.get(URL, {"format": "docx"})
        assert response.status_code == 400
        assert "Use format=csv or format=pdf" in response.content.decode()


class TestQueryBudget:
    @pytest.mark.parametrize("size", [20, 2000])
    @pytest.mark.parametrize("output", ["", "csv", "pdf"])
    def test_the_same_queries_for_20_and_2000_entries(
        self, client, django_assert_max_num_queries, learner, size, output
    ):
        learner_goal_set(profile=learner.profile, category=category("IFS"))
        bulk_ledger(learner, size)
        bulk_ledger(UserFactory(), 30, prefix="Other")
        client.force_login(learner)
        client.get(reverse("transcript"))  # Stores the time zone in the session.
        params = {"format": output} if output else {}
        with (
            mock.patch("lms.pdf.html_to_pdf", return_value=b"%PDF-1.7 test"),
            django_assert_max_num_queries(QUERY_BUDGETS[output]),
        ):
            response = client.get(URL, params)
            body = consume(response)
        assert response.status_code == 200
        if output == "":
            # 8 in 10 entries are training, 1 RSC and 1 peer consultation.
            assert len(response.context["training_rows"]) == size * 8 // 10
            assert len(response.context["rsc_entries"]) == size // 10
            assert len(response.context["peer_entries"]) == size // 10
        if output == "csv":
            # The last training entry of the bulk (8 in 10 are training).
            assert f"Bulk training {size - 3},".encode() in body
