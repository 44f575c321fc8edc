"""Every place a file is accepted checks its size, its name and its content: a
program renamed .pdf, a spreadsheet renamed .csv and a file over the limit are each
refused with a message that says why, and nothing is stored."""

import io
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lms.models import OutsideTraining
from lms.validators import (
    looks_like_text,
    validate_document_file,
    validate_evidence_file,
)
from tests.factories import UserFactory, staff_user
from tests.factories import echo as echo_factories
from tests.factories.certificates import default_template
from tests.factories.hours import PDF_BYTES, area, days_ago, png_bytes

pytestmark = pytest.mark.django_db

# The start of a Windows program, as a file renamed to look harmless would have.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def office_file(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


def refused(validator, file, code):
    with pytest.raises(ValidationError) as error:
        validator(file)
    assert error.value.code == code, error.value
    return " ".join(error.value.messages)


# --- Learners' evidence (lms/forms/hours.py, lms/services/submissions.py) ------------


class TestEvidence:
    def test_real_files_are_accepted(self):
        assert validate_evidence_file(upload("c.pdf", PDF_BYTES)) == "application/pdf"
        assert validate_evidence_file(upload("c.PNG", png_bytes())) == "image/png"

    def test_a_program_renamed_pdf_is_refused(self):
        message = refused(
            validate_evidence_file, upload("cert.pdf", EXE), "evidence_content"
        )
        assert "named like a PDF but its content is not one" in message

    def test_a_web_page_renamed_png_is_refused(self):
        message = refused(
            validate_evidence_file, upload("cert.png", HTML), "evidence_content"
        )
        assert "named like a PNG" in message

    def test_a_broken_image_is_refused(self):
        truncated = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
        refused(
            validate_evidence_file, upload("cert.png", truncated), "evidence_content"
        )

    @pytest.mark.parametrize("name", ["cert.exe", "cert.html", "cert.svg", "cert"])
    def test_other_kinds_are_refused_by_name(self, name):
        message = refused(
            validate_evidence_file, upload(name, PDF_BYTES), "evidence_type"
        )
        assert "is not a PDF, PNG or JPEG file" in message

    @override_settings(EVIDENCE_MAX_BYTES=1024)
    def test_oversize_and_empty_are_refused(self):
        big = upload("cert.pdf", PDF_BYTES + b" " * 2048)
        assert "the largest we accept is 1.0\xa0KB" in refused(
            validate_evidence_file, big, "evidence_size"
        )
        refused(validate_evidence_file, upload("cert.pdf", b""), "evidence_empty")

    def test_the_form_refuses_a_renamed_program_and_stores_nothing(self, client):
        client.force_login(UserFactory())
        day = days_ago(10).isoformat()
        response = client.post(
            reverse("outside_training_create"),
            {
                "title": "Circle of Security",
                "provider": "OK-AIMH",
                "start_date": day,
                "end_date": day,
                "delivery_mode": "in_person",
                "hours_entered": "6",
                "hours_unit": "clock",
                "competency_areas": [area("TF-AST").pk],
                "evidence": upload("certificate.pdf", EXE, "application/pdf"),
            },
        )
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["evidence"])
        assert "named like a PDF but its content is not one" in errors
        assert not OutsideTraining.objects.exists()


# --- Text uploads: the ECHO participant report and the bulk-issue list ---------------


def test_looks_like_text():
    assert looks_like_text(b"Name,Email\nAna,ana@example.org\n")
    assert looks_like_text("Name\tEmail\n".encode("utf-16"))  # with its mark
    assert not looks_like_text(EXE)
    assert not looks_like_text(office_file("xl/"))
    assert not looks_like_text(PDF_BYTES)
    assert not looks_like_text(b"Name,Email\x00\x00")


class TestEchoReport:
    @pytest.fixture
    def session(self, client, site_tree):
        hub = echo_factories.facilitator(email="fac@example.org")
        client.force_login(hub)
        return echo_factories.series(facilitators=[hub], sessions=1).sessions.get()

    def post(self, client, session, name, content):
        return client.post(
            reverse("echo_admin:import_upload", args=[session.pk]),
            {"report": upload(name, content, "text/csv")},
        )

    def test_a_spreadsheet_renamed_csv_is_refused(self, client, session):
        response = self.post(client, session, "report.csv", office_file("xl/"))
        assert response.status_code == 200
        assert "is not a text file" in response.content.decode()
        from echo.models import AttendanceImport

        assert not AttendanceImport.objects.filter(session=session).exists()

    def test_a_program_renamed_csv_is_refused(self, client, session):
        response = self.post(client, session, "report.csv", EXE)
        assert "is not a text file" in response.content.decode()

    def test_another_extension_is_refused(self, client, session):
        response = self.post(client, session, "report.xlsx", b"Name,Email\n")
        assert "Upload the report as a CSV file" in response.content.decode()

    def test_oversize_is_refused(self, client, session):
        from echo.admin_forms import MAX_UPLOAD_BYTES

        big = b"Name,Email\n" + b"a" * MAX_UPLOAD_BYTES
        response = self.post(client, session, "report.csv", big)
        assert "the largest we accept is 10.0\xa0MB" in response.content.decode()


class TestBulkIssueList:
    NEW = "/admin/certificates/bulk/new/"

    @pytest.fixture
    def administrator(self, client):
        user = staff_user("Administrator")
        client.force_login(user)
        return user

    def post(self, client, name, content):
        from certificates.models import CertificateBatch

        response = client.post(
            self.NEW,
            {
                "template": default_template().pk,
                "title": "Spring cohort",
                "hours": "2.5",
                "issued_on": timezone.localdate().isoformat(),
                "source": "csv",
                "csv_file": upload(name, content, "text/csv"),
            },
        )
        assert response.status_code == 200
        assert not CertificateBatch.objects.exists()
        return response.content.decode()

    def test_a_spreadsheet_renamed_csv_is_refused(self, client, administrator):
        assert "is not a text file" in self.post(
            client, "cohort.csv", office_file("xl/")
        )

    def test_a_program_renamed_txt_is_refused(self, client, administrator):
        assert "is not a text file" in self.post(client, "cohort.txt", EXE)

    def test_another_extension_is_refused(self, client, administrator):
        html = self.post(client, "cohort.xlsx", b"ana@example.org\n")
        assert "Upload the list as a CSV or TXT file" in html

    def test_oversize_is_refused(self, client, administrator):
        html = self.post(client, "cohort.csv", b"a@example.org\n" * 80_000)
        assert "the limit is 1,024 KB" in html


# --- Wagtail documents and images -----------------------------------------------------

GOOD_DOCUMENTS = {
    "handout.pdf": PDF_BYTES,
    "handout.docx": office_file("word/"),
    "budget.xlsx": office_file("xl/"),
    "slides.pptx": office_file("ppt/"),
    "notes.txt": b"Plain notes\n",
    "list.csv": b"a,b\n1,2\n",
    "captions.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n",
    "video.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16,
    "video.webm": b"\x1a\x45\xdf\xa3" + b"\x00" * 16,
    "audio.ogg": b"OggS" + b"\x00" * 16,
    "audio.mp3": b"ID3\x04\x00" + b"\x00" * 16,
    "audio.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16,
}


@pytest.mark.parametrize(("name", "content"), GOOD_DOCUMENTS.items())
def test_real_documents_pass(name, content):
    validate_document_file(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.pdf", EXE),
        ("handout.docx", office_file("xl/")),  # a spreadsheet renamed
        ("slides.pptx", b"PK\x03\x04 not really a zip"),
        ("captions.vtt", HTML),
        ("notes.txt", EXE),
        ("video.mp4", EXE),
        ("audio.mp3", HTML),
        ("audio.wav", b"RIFF\x24\x00\x00\x00AVI LIST"),
    ],
)
def test_renamed_documents_are_refused(name, content):
    message = refused(validate_document_file, upload(name, content), "document_content")
    assert "but its content is not one" in message


class TestWagtailAdminUploads:
    @pytest.fixture
    def administrator(self, client, site_tree):
        client.force_login(staff_user("Administrator"))

    def add_document(self, client, name, content):
        from wagtail.models import Collection

        return client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Handout",
                "file": upload(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )

    def test_a_program_renamed_pdf_is_refused(self, client, administrator):
        from wagtail.documents.models import Document

        response = self.add_document(client, "handout.pdf", EXE)
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["file"])
        assert "named like a PDF file but its content is not one" in errors
        assert not Document.objects.exists()

    def test_a_real_pdf_is_stored(self, client, administrator):
        from wagtail.documents.models import Document

        response = self.add_document(client, "handout.pdf", PDF_BYTES)
        assert response.status_code == 302
        assert Document.objects.get().title == "Handout"

    @pytest.mark.parametrize("name", ["page.html", "run.exe", "image.svg"])
    def test_other_extensions_are_refused(self, client, administrator, name):
        response = self.add_document(client, name, b"<svg/>")
        assert "file" in response.context["form"].errors

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
    def test_oversize_documents_are_refused(self, client, administrator):
        response = self.add_document(client, "handout.pdf", PDF_BYTES + b" " * 2048)
        assert "This file is too big" in " ".join(
            response.context["form"].errors["file"]
        )

    def add_image(self, client, name, content):
        from wagtail.models import Collection

        return client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Picture",
                "file": upload(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )

    def test_images_are_checked_by_content_and_size(self, client, administrator):
        from wagtail.images.models import Image

        response = self.add_image(client, "photo.png", EXE)
        assert "file" in response.context["form"].errors
        response = self.add_image(client, "photo.svg", b"<svg/>")
        assert "file" in response.context["form"].errors
        response = self.add_image(client, "photo.jpg", png_bytes())
        assert "extension does not match" in " ".join(
            response.context["form"].errors["file"]
        )
        with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10):
            response = self.add_image(client, "photo.png", png_bytes())
            assert "too big" in " ".join(response.context["form"].errors["file"])
        assert not Image.objects.exists()
        response = self.add_image(client, "photo.png", png_bytes())
        assert response.status_code == 302
        assert Image.objects.count() == 1
