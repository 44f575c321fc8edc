"""An administrator bulk-issues certificates from a list of e-mail addresses, a
learner downloads theirs and shares the link, an anonymous visitor verifies it — and,
after the administrator revokes it, sees that it is revoked. Every page on the way is
checked with axe."""

import re

import pytest

from certificates.models import Certificate, CertificateBatch, CertificateTemplate
from tests.browser.conftest import (
    admin_sign_in,
    axe_serious_violations,
    new_page,
    sign_in,
)

pytestmark = pytest.mark.browser

TITLE = "Infant Mental Health ECHO: Fall 2026 series"


def test_bulk_issue_download_verify_and_revoke(browser, live_server, seeded, tmp_path):
    admin_context, admin = admin_sign_in(browser, live_server)

    # Step one: terms, and the learners from a file (one address is unknown).
    admin.goto(live_server.url + "/admin/certificates/bulk/new/")
    assert axe_serious_violations(admin) == []
    admin.get_by_label("Title").fill(TITLE)
    admin.get_by_label("Clock hours").fill("12")
    admin.get_by_label(re.compile("From a list of e-mail addresses")).check()
    roster = tmp_path / "fall-cohort.csv"
    roster.write_text(
        "Email\nLearner@Cradle.example\n\nfacilitator@cradle.example\n"
        "nobody@cradle.example\nlearner@cradle.example\n",
        encoding="utf-8",
    )
    admin.get_by_label("File of e-mail addresses").set_input_files(str(roster))
    admin.get_by_role("button", name="Check the learners").click()

    # Step two: the report, row by row, before anything is issued.
    admin.wait_for_url(re.compile(r"/admin/certificates/bulk/\d+/$"))
    assert "2 learners will receive a certificate" in admin.content()
    assert "nobody@cradle.example" in admin.content()
    assert not Certificate.objects.filter(title=TITLE).exists()
    assert axe_serious_violations(admin) == []
    confirm = admin.get_by_role("button", name="Issue 2 certificates")
    assert confirm.is_disabled()
    admin.get_by_label(re.compile("Issue only to the 2 matched learners")).check()
    confirm.click()

    # The progress page reaches done (renders run in-process in this mode).
    admin.wait_for_url(re.compile(r"/admin/certificates/bulk/\d+/$"))
    admin.locator("[data-batch-summary]").filter(has_text="2 of 2").wait_for()
    assert axe_serious_violations(admin) == []
    batch = CertificateBatch.objects.get(title=TITLE)
    assert batch.certificates.count() == 2
    learner_certificate = batch.certificates.get(
        learner__email="learner@cradle.example"
    )
    assert learner_certificate.status == "ready"

    # The learner finds it on the dashboard and in the list, and downloads it.
    learner_context, learner = new_page(browser, accept_downloads=True)
    sign_in(learner, live_server, "learner@cradle.example")
    learner.wait_for_url("**/dashboard/")
    panel = learner.locator("section").filter(
        has=learner.get_by_role("heading", name="My certificates")
    )
    assert TITLE in panel.inner_text()
    learner.goto(live_server.url + "/certificates/")
    assert axe_serious_violations(learner) == []
    item = learner.locator("li, tr, article").filter(has_text=TITLE).first
    with learner.expect_download() as download_info:
        item.get_by_role("link", name=re.compile("Download PDF")).click()
    download = download_info.value
    assert download.suggested_filename == learner_certificate.download_filename
    download.save_as(tmp_path / "certificate.pdf")
    assert (tmp_path / "certificate.pdf").read_bytes().startswith(b"%PDF-")
    share_url = item.get_by_role("textbox").first.input_value()
    assert share_url.endswith(f"/certificates/verify/{learner_certificate.code}/")

    # Anyone can verify it, on a phone, with the share link's path.
    path = "/certificates/verify/" + learner_certificate.code + "/"
    visitor_context, visitor = new_page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    visitor.goto(live_server.url + path)
    assert visitor.get_by_role("heading", name="Valid").is_visible()
    assert "learner@cradle.example" not in visitor.content()
    assert axe_serious_violations(visitor) == []
    # …or by typing the code as printed, dash and all.
    visitor.goto(live_server.url + "/certificates/verify/")
    visitor.get_by_label("Verification code").fill(learner_certificate.code_display)
    visitor.get_by_role("button", name=re.compile("Check|Verify")).click()
    visitor.wait_for_url("**" + path)

    # The administrator revokes it, with a reason.
    admin.goto(
        live_server.url
        + f"/admin/certificates/issued/inspect/{learner_certificate.pk}/"
    )
    assert axe_serious_violations(admin) == []
    admin.get_by_role("link", name="Revoke").click()
    admin.wait_for_url("**/revoke/")
    assert axe_serious_violations(admin) == []
    admin.get_by_label("Reason").fill("Attendance was recorded for the wrong person.")
    admin.get_by_role("button", name="Revoke the certificate").click()
    admin.wait_for_load_state()
    learner_certificate.refresh_from_db()
    assert learner_certificate.is_revoked

    # The visitor now sees it revoked; the learner sees why.
    visitor.goto(live_server.url + path)
    assert visitor.get_by_role("heading", name="Revoked").is_visible()
    assert "wrong person" not in visitor.content()
    learner.goto(live_server.url + "/certificates/")
    assert "Attendance was recorded for the wrong person." in learner.content()
    # The other certificate pages of the admin pass axe too.
    template = CertificateTemplate.objects.get(is_default=True)
    for path in (
        "/admin/certificates/issued/",
        "/admin/certificates/issued/new/",
        "/admin/certificates/bulk/",
        "/admin/certificates/templates/",
        f"/admin/certificates/templates/edit/{template.pk}/",
    ):
        admin.goto(live_server.url + path)
        assert axe_serious_violations(admin) == [], path
    for context in (admin_context, learner_context, visitor_context):
        context.close()
