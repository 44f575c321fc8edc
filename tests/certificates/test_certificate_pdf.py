"""The certificate PDF: one page, tagged, fonts embedded, the right words, a QR code
that leads to the verification page, and user text that stays text."""

import io
from decimal import Decimal

import pypdf
import pytest
import zxingcpp
from PIL import Image

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from certificates.codes import code_display, code_generate, code_normalise
from certificates.models import Certificate, CertificateTemplate
from certificates.placeholders import paragraphs_fill, placeholders_validate
from certificates.rendering import (
    certificate_pdf,
    sample_preview_response,
    verification_url,
)
from lms.models import CompetencyArea
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory, default_template
from tests.lms.test_pdf import _embedded_font_names, listener  # noqa: F401

pytestmark = pytest.mark.django_db


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in reader(data).pages
    )


def certificate(**overrides) -> Certificate:
    learner = UserFactory(first_name="Amara", last_name="Okafor")
    fields = {
        "learner": learner,
        "recipient_name": "Amara Okafor",
        "title": "Attachment and Early Relationships",
        "hours": Decimal("6.5"),
        "competency_area_snapshot": [
            {"code": "TF-AST", "name": "Attachment, separation, trauma, grief and loss"}
        ],
        "status": "pending",
    }
    fields.update(overrides)
    return CertificateFactory(**fields)


def test_the_pdf_is_one_tagged_page_with_the_record_printed():
    cert = certificate()
    data = certificate_pdf(cert)
    document = reader(data)
    assert len(document.pages) == 1
    root = document.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert any("Lato" in name for name in _embedded_font_names(data))
    text = text_of(data)
    for expected in (
        "CERTIFICATE OF COMPLETION",
        "Amara Okafor",
        "Attachment and Early Relationships",
        "6.5 clock hours",
        cert.issued_on.strftime("%B ") + str(cert.issued_on.day),
        "Attachment, separation, trauma, grief and loss",
        "Oklahoma Association for Infant Mental Health",
        cert.code_display,
    ):
        assert expected in text, expected
    assert len(data) < 100 * 1024


def test_the_qr_code_decodes_to_the_verification_url():
    cert = certificate()
    page = reader(certificate_pdf(cert)).pages[0]
    decoded = []
    for image in page.images:
        picture = image.image.convert("L")
        # One pixel per module in the file: enlarge it the way a printer would.
        picture = picture.resize(
            (picture.width * 8, picture.height * 8), Image.Resampling.NEAREST
        )
        decoded += [result.text for result in zxingcpp.read_barcodes(picture)]
    assert decoded == [verification_url(cert.code)]
    assert decoded[0] == f"http://testserver/certificates/verify/{cert.code}/"


def test_user_text_is_printed_as_text_and_never_fetched(listener):  # noqa: F811
    port, accepted = listener
    hostile = f'<img src="http://127.0.0.1:{port}/x.png"><b>Bold</b> & Sons'
    cert = certificate(recipient_name=hostile, title=f"{hostile} course")
    # Extraction breaks long lines with a space; compare without spaces.
    text = text_of(certificate_pdf(cert)).replace(" ", "")
    assert "<b>Bold</b>&Sons" in text
    assert f'<imgsrc="http://127.0.0.1:{port}/x.png">' in text
    assert accepted == []


def test_the_longest_inputs_still_fit_on_one_page():
    areas = [
        {"code": area.code, "name": area.name} for area in CompetencyArea.objects.all()
    ]
    template = default_template()
    template.body = (template.body + "\n\n" + "A long closing paragraph. " * 40).strip()
    template.save()
    cert = certificate(
        recipient_name="Maximiliana " * 16,
        title="W" * 200,
        hours=Decimal("999"),
        competency_area_snapshot=areas,
    )
    assert len(areas) > 40
    data = certificate_pdf(cert)
    assert len(reader(data).pages) == 1
    assert cert.code_display in text_of(data)


@pytest.mark.parametrize(
    ("page_size", "orientation"),
    [("letter", "portrait"), ("a4", "landscape"), ("a4", "portrait")],
)
def test_every_page_size_and_orientation_is_one_page(page_size, orientation):
    template = default_template()
    template.page_size = page_size
    template.orientation = orientation
    template.save()
    data = certificate_pdf(certificate())
    document = reader(data)
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (box.width > box.height) == (orientation == "landscape")


def test_a_paragraph_whose_placeholder_is_empty_is_left_out():
    template = default_template()
    cert = certificate(competency_area_snapshot=[])
    assert "Competency areas" in template.body
    assert "Competency areas" not in text_of(certificate_pdf(cert))


def test_the_admin_preview_shows_sample_data_as_html_and_as_pdf():
    request = RequestFactory().get("/")
    template = CertificateTemplate(
        name="Preview", heading="With thanks", body="For {recipient_name}, {title}."
    )
    html = sample_preview_response(template, request, "").content.decode()
    assert "Jordan Rivera" in html and "WITH THANKS" not in html
    assert "With thanks" in html
    response = sample_preview_response(template, request, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Jordan Rivera" in text_of(response.content)


# --- Placeholders and codes ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello {nickname}", "{nickname}"),
        ("Hello {recipient_name", "not closed"),
        ("Hello recipient_name}", "not closed"),
        ("{ title } and {TITLE}", "{TITLE}"),
    ],
)
def test_placeholders_are_checked(text, message):
    with pytest.raises(ValidationError) as caught:
        placeholders_validate(text)
    assert message in " ".join(caught.value.messages)


def test_known_placeholders_pass_and_are_escaped_when_filled():
    placeholders_validate("{recipient_name} {title} {hours} {date} {issuer}")
    placeholders_validate("{competency_areas} { verification_code }")
    values = {"recipient_name": "<i>A</i>", "title": "T&C"}
    paragraphs = paragraphs_fill("Dear {recipient_name}\n\n{title}", values)
    assert (
        paragraphs[0]["html"] == 'Dear <span class="value">&lt;i&gt;A&lt;/i&gt;</span>'
    )
    assert paragraphs[1] == {
        "html": '<span class="value">T&amp;C</span>',
        "feature": True,
    }


def test_codes_are_unambiguous_and_forgiving_to_type():
    code = code_generate()
    assert len(code) == 10
    assert not set(code) & set("ILOU")
    assert code_normalise(code_display(code).lower()) == code
    assert code_normalise(" 7kq2m-x9d4r ") == "7KQ2MX9D4R"
    assert code_normalise("OIL2MX9D4R") == "0112MX9D4R"
    assert code_normalise("7KQ2M") is None
    assert code_normalise("7KQ2M-X9D4U") is None
    assert code_normalise("") is None
    assert len({code_generate() for _ in range(2000)}) == 2000
