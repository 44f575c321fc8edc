"""A learner submits outside training, an administrator approves it in the admin, and
the learner's progress bar moves. Every page on the way is checked with axe."""

import re

import pytest

from django.core import mail

from lms.models import CreditEntry, OutsideTraining
from tests.browser.conftest import admin_sign_in, axe_serious_violations, sign_in
from tests.factories.hours import PDF_BYTES, days_ago

pytestmark = pytest.mark.browser


def training_progress_text(page) -> str:
    return page.locator("#goal-training-text").inner_text()


def test_outside_training_from_submission_to_progress(
    browser, live_server, seeded, tmp_path
):
    learner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = learner_context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "learner@cradle.example")
    page.wait_for_url("**/dashboard/")

    page.goto(live_server.url + "/hours/")
    before = page.locator("progress").first
    # 21.75 h of training and courses, plus 6.25 h from five ECHO sessions.
    assert before.get_attribute("value") == "28"
    assert axe_serious_violations(page) == []

    page.goto(live_server.url + "/hours/training/new/")
    assert axe_serious_violations(page) == []
    page.get_by_label("Title of the training").fill("Working with Fathers of Infants")
    page.get_by_label("Sponsor or provider").fill("Oklahoma City Fatherhood Network")
    page.get_by_label("First day").fill(days_ago(8).isoformat())
    page.get_by_label("Last day").fill(days_ago(8).isoformat())
    page.get_by_label("How it was delivered").select_option("live_online")
    page.get_by_label("Hours on the certificate").fill("6")
    page.get_by_label("Unit", exact=False).and_(page.locator("select")).select_option(
        "contact"
    )
    # The conversion shows while typing (static/js/hours-conversion.js).
    assert "5 clock hours" in page.locator("output").inner_text()
    page.get_by_label(re.compile("Family relationships and dynamics")).check()
    certificate = tmp_path / "fatherhood-certificate.pdf"
    certificate.write_bytes(PDF_BYTES)
    page.get_by_label("Certificate of attendance").set_input_files(str(certificate))
    page.get_by_role("button", name="Save and check").click()

    page.wait_for_url(re.compile(r"/hours/training/\d+/$"))
    assert (
        "6 contact hours × 50 minutes = 300 minutes = 5 clock hours" in page.content()
    )
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Submit for review").click()
    training = OutsideTraining.objects.get(title="Working with Fathers of Infants")
    assert training.status == "pending"
    assert not CreditEntry.objects.filter(
        source_type="lms.outsidetraining", source_id=str(training.pk)
    ).exists()

    # The administrator, with an authenticator app, approves it in the admin.
    admin_context, admin_page = admin_sign_in(browser, live_server)
    admin_page.goto(live_server.url + "/admin/hours/outside-training/")
    row = admin_page.get_by_role("row").filter(
        has_text="Working with Fathers of Infants"
    )
    row.get_by_role("link").first.click()
    admin_page.wait_for_url(re.compile(r"/admin/hours/outside-training/.+"))
    assert "Working with Fathers of Infants" in admin_page.content()
    admin_page.get_by_role("button", name="Approve").click()
    admin_page.wait_for_url("**/admin/hours/outside-training/**")

    training.refresh_from_db()
    assert training.status == "approved"
    assert (
        CreditEntry.objects.get(
            source_type="lms.outsidetraining", source_id=str(training.pk)
        ).hours
        == 5
    )
    assert mail.outbox[-1].to == ["learner@cradle.example"]

    # Back to the learner: the bar has moved by the five clock hours, past the
    # 30 hours IFS asks for.
    page.goto(live_server.url + "/hours/")
    assert page.locator("progress").first.get_attribute("value") == "33"
    assert training_progress_text(page).startswith("33 of 30 h — ")
    assert training_progress_text(page).endswith("met")
    assert axe_serious_violations(page) == []
    learner_context.close()
    admin_context.close()
