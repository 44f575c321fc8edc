"""Every kind of PDF the platform produces is a tagged PDF/UA document: marked
content, a structure tree with headings, paragraphs and figures that carry alternative
text, the document's language, a title the reader shows instead of the file name, and
the PDF/UA identification in the XMP metadata.

The kinds: a learner's certificate (as the render service stores it), the
certificate template's PDF preview in the admin, the hours transcript and the
endorsement portfolio downloads."""

import io
import re
from decimal import Decimal

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from django.test import Client, RequestFactory

from certificates.models import Certificate, CertificateTemplate
from certificates.rendering import sample_preview_response
from certificates.services import certificate_render
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory, default_template
from tests.factories.hours import (
    CreditEntryFactory,
    EndorsementFactory,
    RscLogEntryFactory,
)

pytestmark = pytest.mark.django_db


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def structure_elements(pdf: bytes) -> list[DictionaryObject]:
    """Every structure element under the document's StructTreeRoot, depth first."""
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found = []
    stack = [_resolve(root["/StructTreeRoot"]).get("/K")]
    while stack:
        node = _resolve(stack.pop())
        if isinstance(node, ArrayObject):
            stack.extend(reversed(node))
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append(node)
            stack.append(node.get("/K"))
    return found


def assert_tagged(pdf: bytes, *, title: str, figures: int = 0) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == (
        pypdf.generic.BooleanObject(True)
    )
    xmp = _resolve(root["/Metadata"]).get_data().decode()
    assert re.search(r"pdfuaid:part(=\"1\"|>1<)", xmp), xmp

    elements = structure_elements(pdf)
    tags = {str(element["/S"]) for element in elements}
    assert {"/Document", "/H1", "/P"} <= tags, tags
    pictures = [element for element in elements if element["/S"] == "/Figure"]
    assert len(pictures) == figures, [str(e.get("/Alt")) for e in pictures]
    for picture in pictures:
        assert str(picture.get("/Alt", "")).strip(), "a figure has no alternative text"


def test_a_certificate_is_tagged_and_its_images_have_alternative_text():
    template = default_template()
    learner = UserFactory(first_name="Amara", last_name="Okafor")
    certificate = CertificateFactory(
        learner=learner,
        template=template,
        recipient_name="Amara Okafor",
        title="Attachment and Early Relationships",
        hours=Decimal("6.5"),
        status="pending",
    )
    certificate_render(certificate_id=certificate.pk)
    certificate = Certificate.objects.get(pk=certificate.pk)
    with certificate.pdf.open("rb") as stored:
        pdf = stored.read()
    # The issuer's seal and the QR code to the verification page.
    assert_tagged(
        pdf, title="Attachment and Early Relationships — Amara Okafor", figures=2
    )
    alts = [
        str(element["/Alt"])
        for element in structure_elements(pdf)
        if element["/S"] == "/Figure"
    ]
    assert "QR code linking to the verification page" in alts


def test_the_certificate_template_preview_is_tagged():
    template = CertificateTemplate(
        name="Preview", heading="With thanks", body="For {recipient_name}, {title}."
    )
    response = sample_preview_response(template, RequestFactory().get("/"), "pdf")
    assert_tagged(response.content, title=response_title(response.content), figures=2)


def response_title(pdf: bytes) -> str:
    title = pypdf.PdfReader(io.BytesIO(pdf)).metadata.title
    assert title and title.strip()
    return title


@pytest.fixture
def learner_client(site_tree):
    learner = UserFactory(
        first_name="Lena", last_name="Learner", email="lena@example.org"
    )
    CreditEntryFactory(learner=learner, hours=Decimal("3"))
    RscLogEntryFactory(learner=learner)
    EndorsementFactory(learner=learner)
    client = Client()
    client.force_login(learner)
    return client


def test_the_hours_transcript_pdf_is_tagged(learner_client):
    response = learner_client.get("/hours/transcript/", {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert_tagged(response.content, title="Hours transcript of Lena Learner")


def test_the_endorsement_portfolio_pdf_is_tagged(learner_client):
    response = learner_client.get("/hours/portfolio/", {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert_tagged(response.content, title="Endorsement portfolio of Lena Learner")
