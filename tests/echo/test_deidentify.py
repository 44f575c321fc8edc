"""The de-identification check on case presentations: likely identifiers are
found with their exact text, ordinary capitalised words are not."""

import pytest

from echo.deidentify import find_identifiers


def kinds_and_text(text):
    return [(finding.kind, finding.excerpt) for finding in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Born 03/14/2024 at term.", ("date", "03/14/2024")),
        ("DOB 2024-03-14.", ("date", "2024-03-14")),
        ("She was born March 3, 2023 in a rural town.", ("date", "March 3, 2023")),
        ("Seen on 3rd of June 2024.", ("date", "3rd of June 2024")),
        ("Call mom at (405) 555-0123 after 5.", ("phone", "(405) 555-0123")),
        ("Grandma's cell is 918.555.0199.", ("phone", "918.555.0199")),
        ("Her e-mail is jo.parent@example.org.", ("email", "jo.parent@example.org")),
        (
            "They live at 1234 North Main Street now.",
            ("address", "1234 North Main Street"),
        ),
        ("Mail goes to PO Box 77.", ("address", "PO Box 77")),
        ("Chart MRN: 88812345 in the NICU.", ("record_number", "MRN: 88812345")),
        ("DHS case #2024-5561 is open.", ("record_number", "case #2024-5561")),
        ("SSN 123-45-6789 on the form.", ("record_number", "SSN 123-45-6789")),
        ("Referral 20240317001 came in.", ("record_number", "20240317001")),
        ("Mother reports Maria Lopez cries at night.", ("name", "Maria Lopez")),
        ("Ana María López attends child care.", ("name", "Ana María López")),
        ("The pediatrician, Dr. Whitfield, agreed.", ("name", "Dr. Whitfield")),
        ("Ms. Johnson brings him on Tuesdays.", ("name", "Ms. Johnson")),
    ],
)
def test_identifiers_are_found_with_their_exact_text(text, expected):
    found = kinds_and_text(text)
    assert expected in found
    kind, excerpt = expected
    finding = next(f for f in find_identifiers(text) if f.excerpt == excerpt)
    assert text[finding.start : finding.end].startswith(excerpt)
    assert f"“{excerpt}”" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Mother reports the child wakes two or three times a night.",
        "The family has had weekly home visits since March 2024.",
        "She is 14 months old and attends Early Head Start in Tulsa County.",
        "Grandmother Cares for both children. Visiting Maria at home helped.",
        "Child Protective Services closed the referral last spring.",
        "We used Circle of Security and Parent-Child Interaction Therapy ideas.",
        "On Monday Mom said the ASQ-SE scores were reviewed in Oklahoma City.",
        "Her 4-month-old brother was born prematurely; the NICU stay was 3 weeks.",
        "",
    ],
)
def test_ordinary_case_text_passes(text):
    assert find_identifiers(text) == []


def test_each_identifier_is_reported_once_in_order():
    text = "Contact Jane Doe at jane.doe@example.org or 405-555-0100."
    assert kinds_and_text(text) == [
        ("name", "Jane Doe"),
        ("email", "jane.doe@example.org"),
        ("phone", "405-555-0100"),
    ]
