"""Certificate templates in the admin: listing, adding, editing with the live
preview (page and PDF), copying, moving the default, refusing unknown placeholders,
and refusing to delete a template that certificates use."""

import pytest

from django.urls import reverse

from certificates.models import CertificateTemplate
from tests.factories import UserFactory, staff_user
from tests.factories.certificates import (
    CertificateFactory,
    CertificateTemplateFactory,
    default_template,
)

pytestmark = pytest.mark.django_db

INDEX = "/admin/certificates/templates/"


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


def url(name, template=None):
    args = [template.pk] if template is not None else []
    return reverse(f"certificate_templates:{name}", args=args)


def template_data(template: CertificateTemplate | None = None, **changes) -> dict:
    data = {
        "name": "Attendance",
        "heading": "Certificate of Attendance",
        "body": "This certifies that\n\n{recipient_name}\n\nattended {title}.",
        "signatory_name": "Dr. Lee Park",
        "signatory_title": "Director",
        "signature_image": "",
        "logo_image": "",
        "page_size": "letter",
        "orientation": "landscape",
        "accent_colour": "#1f5c4a",
    }
    if template is not None:
        data.update(
            {
                field: getattr(template, field)
                for field in (
                    "name",
                    "heading",
                    "body",
                    "signatory_name",
                    "signatory_title",
                    "page_size",
                    "orientation",
                    "accent_colour",
                )
            }
        )
        if template.is_default:
            data["is_default"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestListingAndEditing:
    def test_listing(self, client, administrator):
        standard = default_template()
        CertificateFactory.create_batch(2)
        CertificateTemplateFactory(name="Attendance")
        response = client.get(INDEX)
        assert response.status_code == 200
        rows = {row.name: row for row in response.context["object_list"]}
        assert rows["Cradle standard"].certificate_count == 2
        assert rows["Attendance"].certificate_count == 0
        page = response.content.decode()
        assert "US Letter, landscape" in page
        assert url("edit", standard) in page
        assert url("copy", standard) in page
        assert url("add") in page

    def test_add(self, client, administrator):
        response = client.post(url("add"), template_data())
        assert response.status_code == 302, response.content.decode()[:3000]
        template = CertificateTemplate.objects.get(name="Attendance")
        assert template.heading == "Certificate of Attendance"
        assert template.is_default is False
        assert default_template().is_default

    def test_edit_with_history(self, client, administrator):
        standard = default_template()
        response = client.post(
            url("edit", standard), template_data(standard, heading="Certificate")
        )
        assert response.status_code == 302
        standard.refresh_from_db()
        assert standard.heading == "Certificate"
        history = client.get(url("history", standard)).content.decode()
        assert administrator.get_full_name() in history

    def test_unknown_placeholder_is_refused_naming_it(self, client, administrator):
        standard = default_template()
        body = standard.body
        response = client.post(
            url("edit", standard),
            template_data(standard, body="Awarded to {nickname} for {title}."),
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Unknown placeholder {nickname}" in page
        assert "{recipient_name}" in page  # the ones that may be used are listed
        standard.refresh_from_db()
        assert standard.body == body

    def test_unknown_placeholder_is_refused_when_adding(self, client, administrator):
        response = client.post(
            url("add"), template_data(heading="Certificate for {nick name}")
        )
        assert response.status_code == 200
        assert "Unknown placeholder {nick name}" in response.content.decode()
        assert not CertificateTemplate.objects.filter(name="Attendance").exists()

    def test_making_another_template_the_default_moves_the_default(
        self, client, administrator
    ):
        standard = default_template()
        edit_page = client.get(url("add")).content.decode()
        assert "“Cradle standard” is the default now" in edit_page
        response = client.post(url("add"), template_data(is_default="on"))
        assert response.status_code == 302, response.content.decode()[:3000]
        standard.refresh_from_db()
        assert standard.is_default is False
        assert CertificateTemplate.objects.get(name="Attendance").is_default is True
        assert CertificateTemplate.objects.filter(is_default=True).count() == 1

    def test_copy_starts_a_new_template_that_is_not_the_default(
        self, client, administrator
    ):
        standard = default_template()
        response = client.get(url("copy", standard))
        assert response.status_code == 200
        form = response.context["form"]
        assert form["name"].value() == "Cradle standard (copy)"
        assert form["body"].value() == standard.body
        assert not form["is_default"].value()
        assert f'action="{url("add")}"' in response.content.decode()
        # The copy page never saves over the original.
        assert client.post(url("copy", standard), template_data()).status_code == 405


class TestPreview:
    def test_the_edit_page_offers_the_live_preview(self, client, administrator):
        page = client.get(url("edit", default_template())).content.decode()
        assert url("preview_on_edit", default_template()) in page
        assert 'value="pdf"' in page  # the PDF preview mode

    def test_preview_renders_the_sample_with_the_typed_heading(
        self, client, administrator
    ):
        standard = default_template()
        preview = url("preview_on_edit", standard)
        response = client.post(
            preview, template_data(standard, heading="Certificate of Excellence")
        )
        assert response.json() == {"is_valid": True, "is_available": True}

        page = client.get(preview, {"mode": ""})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Certificate of Excellence" in html
        assert "Jordan Rivera" in html  # the sample recipient
        standard.refresh_from_db()
        assert standard.heading == "Certificate of Completion"  # nothing saved

        pdf = client.get(preview, {"mode": "pdf"})
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")

    def test_preview_refuses_an_unknown_placeholder(self, client, administrator):
        standard = default_template()
        preview = url("preview_on_edit", standard)
        response = client.post(
            preview, template_data(standard, heading="For {nickname}")
        )
        assert response.json()["is_valid"] is False

    def test_preview_while_adding(self, client, administrator):
        preview = url("preview_on_add")
        response = client.post(preview, template_data(heading="Brand new heading"))
        assert response.json()["is_valid"] is True
        assert "Brand new heading" in client.get(preview).content.decode()


class TestDeleting:
    @pytest.fixture
    def superuser(self, client):
        user = staff_user("Administrator", is_superuser=True)
        client.force_login(user)
        return user

    def test_a_template_in_use_cannot_be_deleted(self, client, superuser):
        template = CertificateTemplateFactory()
        CertificateFactory(template=template)
        page = client.get(url("delete", template)).content.decode()
        assert "cannot be deleted" in page
        assert "1 certificates and 0 bulk issues use it" in page
        response = client.post(url("delete", template), follow=True)
        assert "was not deleted" in response.content.decode()
        assert CertificateTemplate.objects.filter(pk=template.pk).exists()

    def test_the_default_cannot_be_deleted(self, client, superuser):
        standard = default_template()
        page = client.get(url("delete", standard)).content.decode()
        assert "It is the default template" in page
        client.post(url("delete", standard))
        assert CertificateTemplate.objects.filter(pk=standard.pk).exists()

    def test_an_unused_template_can_be_deleted(self, client, superuser):
        template = CertificateTemplateFactory()
        response = client.post(url("delete", template))
        assert (response.status_code, response.url) == (302, INDEX)
        assert not CertificateTemplate.objects.filter(pk=template.pk).exists()

    def test_administrators_delete_unused_templates_only(self, client, administrator):
        unused = CertificateTemplateFactory()
        response = client.post(url("delete", unused))
        assert (response.status_code, response.url) == (302, INDEX)
        assert not CertificateTemplate.objects.filter(pk=unused.pk).exists()
        used = CertificateTemplateFactory()
        CertificateFactory(template=used)
        client.post(url("delete", used))
        assert CertificateTemplate.objects.filter(pk=used.pk).exists()

    def test_facilitators_do_not_delete_templates(self, client):
        template = CertificateTemplateFactory()
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.post(url("delete", template))
        assert (response.status_code, response.url) == (302, "/admin/")
        assert CertificateTemplate.objects.filter(pk=template.pk).exists()


class TestWhoMayEdit:
    def test_facilitator_is_refused(self, client):
        standard = default_template()
        client.force_login(staff_user("ECHO Facilitator"))
        for target in (INDEX, url("edit", standard), url("add")):
            response = client.get(target)
            assert (response.status_code, response.url) == (302, "/admin/"), target
        response = client.post(url("edit", standard), template_data(standard))
        assert (response.status_code, response.url) == (302, "/admin/")
        assert "Certificates" not in client.get("/admin/").content.decode()

    def test_learner_is_refused(self, client):
        client.force_login(UserFactory(role="Learner"))
        assert client.get(INDEX).status_code == 403

    def test_administrator_sees_the_menu(self, client, administrator):
        home = client.get("/admin/").content.decode()
        for label in (
            "Certificates",
            "Issued certificates",
            "Bulk issues",
            "Templates",
        ):
            assert label in home
