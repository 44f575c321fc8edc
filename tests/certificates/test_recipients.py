"""Reading a bulk issue's list of e-mail addresses: encodings, delimiters, header
rows, blank lines, duplicates, and every way a row can fail to match a learner, each
reported on its line before anything is issued. And choosing learners by filter."""

import codecs
import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import recipients
from certificates.recipients import (
    BLANK,
    DUPLICATE,
    HEADER,
    INACTIVE,
    INVALID,
    NO_NAME,
    OK,
    UNKNOWN,
    recipients_from_csv,
    recipients_from_filter,
)
from lms.models import LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import category

pytestmark = pytest.mark.django_db


def learner(email, first="Ana", last="López", **kwargs):
    user = UserFactory(email=email, first_name=first, last_name=last, **kwargs)
    LearnerProfileFactory(user=user, certificate_name=f"{first} {last}".strip())
    return user


def outcomes(report) -> list[tuple[int, str]]:
    return [(row.line, row.outcome) for row in report.rows]


@pytest.fixture
def people():
    return {
        "ana": learner("ana@example.org"),
        "ben": learner("ben@example.org", first="Ben", last="Okafor"),
        "zoe": learner("zoe@example.org", first="Zoë", last="Émile"),
    }


class TestEncodings:
    TEXT = "email\nana@example.org\nben@example.org\n"

    @pytest.mark.parametrize(
        ("data", "encoding"),
        [
            (TEXT.encode("utf-8"), "UTF-8"),
            (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 (with a byte-order mark)"),
            (TEXT.encode("utf-16"), "UTF-16"),  # Python writes the mark
            (TEXT.encode("utf-16-le"), "UTF-16"),  # no mark: found by its zero bytes
            (TEXT.replace("\n", "\r\n").encode("cp1252"), "UTF-8"),  # ASCII is UTF-8
        ],
    )
    def test_each_encoding_is_read(self, people, data, encoding):
        report = recipients_from_csv(data)
        assert report.encoding == encoding
        assert [user.email for user in report.learners] == [
            "ana@example.org",
            "ben@example.org",
        ]

    def test_windows_1252_with_an_accented_name(self, people):
        data = "Name;Email\nZoë Émile;zoe@example.org\nAna;ana@example.org\n".encode(
            "cp1252"
        )
        report = recipients_from_csv(data)
        assert report.encoding == "Windows-1252"
        assert outcomes(report) == [(1, HEADER), (2, OK), (3, OK)]
        assert report.rows[0].value == "Name, Email"
        assert [user.email for user in report.learners] == [
            "zoe@example.org",
            "ana@example.org",
        ]
        assert report.rows[1].message == "Zoë Émile"

    def test_bytes_that_are_nothing_else_are_read_as_latin_1(self, people):
        # 0x81 is undefined in Windows-1252.
        data = b"ana@example.org;\x81\n"
        report = recipients_from_csv(data)
        assert report.encoding == "Latin-1 (ISO-8859-1)"
        assert [user.email for user in report.learners] == ["ana@example.org"]

    def test_utf_16_with_an_accented_name(self, people):
        data = "Nom\tE-mail\nZoë Émile\tzoe@example.org\n".encode("utf-16")
        report = recipients_from_csv(data)
        assert report.encoding == "UTF-16"
        assert [user.email for user in report.learners] == ["zoe@example.org"]

    def test_a_binary_file_is_refused(self):
        with pytest.raises(ValidationError, match="does not look like a text file"):
            recipients_from_csv(b"PK\x03\x04\x00\x00\x08\x00binary\x00spreadsheet")


class TestLayout:
    def test_no_header_one_address_a_line(self, people):
        report = recipients_from_csv(b"ana@example.org\nben@example.org\n")
        assert outcomes(report) == [(1, OK), (2, OK)]

    def test_header_names_the_column(self, people):
        data = b"First,Last,E-mail address,Notes\nAna,L,ana@example.org,x@y\n"
        report = recipients_from_csv(data)
        assert outcomes(report) == [(1, HEADER), (2, OK)]
        assert "E-mail address" in report.rows[0].message
        assert [user.email for user in report.learners] == ["ana@example.org"]

    def test_without_header_the_first_cell_with_an_at_sign(self, people):
        data = b"Ana Lopez,ana@example.org,office\nBen,,ben@example.org\n"
        report = recipients_from_csv(data)
        assert outcomes(report) == [(1, OK), (2, OK)]

    @pytest.mark.parametrize("delimiter", [",", ";", "\t"])
    def test_delimiters(self, people, delimiter):
        rows = [
            ["name", "email"],
            ["Ana", "ana@example.org"],
            ["Ben", "ben@example.org"],
        ]
        data = "\n".join(delimiter.join(row) for row in rows).encode()
        report = recipients_from_csv(data)
        assert outcomes(report) == [(1, HEADER), (2, OK), (3, OK)]

    def test_quoted_cells(self, people):
        data = b'"Name","Email"\n"L\xc3\xb3pez, Ana","ana@example.org"\n'
        report = recipients_from_csv(data)
        assert outcomes(report) == [(1, HEADER), (2, OK)]

    def test_blank_lines_are_skipped_and_reported(self, people):
        data = b"email\n\nana@example.org\n   \n,,\nben@example.org\n\n"
        report = recipients_from_csv(data)
        assert outcomes(report) == [
            (1, HEADER),
            (2, BLANK),
            (3, OK),
            (4, BLANK),
            (5, BLANK),
            (6, OK),
            (7, BLANK),
        ]
        assert report.rows[1].message == "Blank line, skipped."

    def test_windows_line_endings_keep_line_numbers(self, people):
        data = b"email\r\nana@example.org\r\n\r\nnot-an-address\r\n"
        report = recipients_from_csv(data)
        assert outcomes(report) == [(1, HEADER), (2, OK), (3, BLANK), (4, INVALID)]


class TestOutcomes:
    def test_every_kind_of_row(self, people):
        learner("old@example.org", is_active=False)
        nameless = UserFactory(
            email="nameless@example.org", first_name="", last_name=""
        )
        LearnerProfile.objects.filter(user=nameless).delete()
        data = (
            b"Email\n"
            b"  Ana@Example.org  \n"  # 2: spaces and case do not matter
            b"ANA@EXAMPLE.ORG\n"  # 3: the same person again
            b"someone@nowhere.org\n"  # 4: no account
            b"not an address\n"  # 5
            b"old@example.org\n"  # 6: deactivated
            b"nameless@example.org\n"  # 7
            b"\n"  # 8
            b"ben@example.org\n"  # 9
        )
        report = recipients_from_csv(data)
        assert outcomes(report) == [
            (1, HEADER),
            (2, OK),
            (3, DUPLICATE),
            (4, UNKNOWN),
            (5, INVALID),
            (6, INACTIVE),
            (7, NO_NAME),
            (8, BLANK),
            (9, OK),
        ]
        messages = {row.line: row.message for row in report.rows}
        assert messages[3] == "Already listed on line 2; counted once."
        assert messages[4] == "No account uses this address."
        assert messages[5] == "“not an address” is not an e-mail address."
        assert messages[6] == "This account is deactivated."
        assert "no name to print" in messages[7]
        assert [user.email for user in report.learners] == [
            "ana@example.org",
            "ben@example.org",
        ]
        assert [row.line for row in report.problems] == [4, 5, 6, 7]
        assert report.as_report()[1] == {
            "line": 2,
            "value": "ana@example.org",
            "outcome": OK,
            "message": "Ana López",
        }

    def test_the_name_printed_is_the_one_chosen_for_certificates(self):
        user = UserFactory(email="dr@example.org", first_name="Ana", last_name="L")
        LearnerProfileFactory(user=user, certificate_name="Dr. Ana López, LCSW")
        report = recipients_from_csv(b"dr@example.org\n")
        assert report.rows[0].message == "Dr. Ana López, LCSW"

    def test_one_query_finds_every_account(self, people):
        data = "\n".join(f"person{n}@example.org" for n in range(200)).encode()
        data += b"\nana@example.org\nben@example.org\nzoe@example.org\n"
        with CaptureQueriesContext(connection) as queries:
            report = recipients_from_csv(data)
        assert len(queries) == 1
        assert len(report.learners) == 3
        assert len(report.rows) == 203

    def test_file_order_is_kept(self, people):
        report = recipients_from_csv(b"zoe@example.org\nana@example.org\n")
        assert [user.email for user in report.learners] == [
            "zoe@example.org",
            "ana@example.org",
        ]


class TestLimits:
    def test_too_large_a_file(self):
        data = b"a@example.org\n" * (recipients.MAX_FILE_BYTES // 14 + 1)
        with pytest.raises(ValidationError, match="the limit is 1,024 KB"):
            recipients_from_csv(data)

    def test_too_many_rows(self, monkeypatch):
        monkeypatch.setattr(recipients, "MAX_ROWS", 3)
        with pytest.raises(ValidationError, match="more than 3 addresses"):
            recipients_from_csv(b"a@x.org\nb@x.org\nc@x.org\nd@x.org\n")

    @pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"email\n\n"])
    def test_nothing_in_the_file(self, data):
        with pytest.raises(ValidationError):
            recipients_from_csv(data)


class TestFilter:
    def test_active_learners_only(self, people):
        learner("gone@example.org", is_active=False)
        staff = UserFactory(email="staff@example.org", role="Administrator")
        report = recipients_from_filter()
        emails = [user.email for user in report.learners]
        assert sorted(emails) == [
            "ana@example.org",
            "ben@example.org",
            "zoe@example.org",
        ]
        assert staff.email not in emails
        assert report.description == "Active learners"

    def test_narrowed_by_date_goal_and_words(self, people):
        ana, ben = people["ana"], people["ben"]
        long_ago = timezone.now() - datetime.timedelta(days=400)
        type(ben).objects.filter(pk=ben.pk).update(date_joined=long_ago)
        LearnerProfile.objects.filter(user=ana).update(goal_category=category("IFS"))
        LearnerProfile.objects.filter(user=ben).update(goal_category=category("IFS"))

        recent = recipients_from_filter(
            joined_from=timezone.localdate() - datetime.timedelta(days=30)
        )
        assert ben not in recent.learners
        assert ana in recent.learners

        old = recipients_from_filter(
            joined_to=timezone.localdate() - datetime.timedelta(days=300)
        )
        assert old.learners == [ben]

        goal = recipients_from_filter(goal_category=category("IFS"))
        assert sorted(user.email for user in goal.learners) == [
            "ana@example.org",
            "ben@example.org",
        ]
        assert "working toward IFS" in goal.description

        words = recipients_from_filter(contains="okafor")
        assert words.learners == [ben]
        assert "matching “okafor”" in words.description

    def test_nameless_learners_are_reported_not_issued(self, people):
        nameless = UserFactory(
            email="nameless@example.org", first_name="", last_name=""
        )
        report = recipients_from_filter()
        assert nameless not in report.learners
        assert [row.value for row in report.problems] == ["nameless@example.org"]
        assert report.problems[0].outcome == NO_NAME
