import re

import pytest

from django.core import mail

from lms.models import User
from tests.browser.conftest import axe_serious_violations
from tests.browser.conftest import sign_in as sign_in_with_password

pytestmark = pytest.mark.browser

PASSWORD = "a-Strong-passw0rd!"


def test_sign_up_verify_and_reach_the_dashboard(page, live_server, seeded):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Learning for the people")
    assert axe_serious_violations(page) == []

    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/")
    assert axe_serious_violations(page) == []
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Whitehorse")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "Verify" in page.locator("h1").inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")
    assert User.objects.get(email="rosa@example.org").emailaddress_set.get().verified
    assert axe_serious_violations(page) == []

    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text() == "Welcome, Rosa Whitehorse"
    assert page.get_by_text("No hours recorded yet").is_visible()
    assert axe_serious_violations(page) == []


def test_signup_errors_are_announced_next_to_the_fields(page, live_server, seeded):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Short")
    page.get_by_label("Email").fill("learner@CRADLE.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_role("button", name="Sign Up").click()
    email = page.get_by_label("Email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "An account already uses this e-mail address" in page.content()
    assert page.get_by_role("alert").first.is_visible()
    assert axe_serious_violations(page) == []
    assert User.objects.filter(email__iexact="learner@cradle.example").count() == 1


def test_skip_link_and_keyboard_focus(page, live_server, seeded):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_phone_screen(phone, live_server, seeded):
    for path in (
        "/",
        "/accounts/signup/",
        "/accounts/login/",
        "/crisis-support/",
        "/registry/",
    ):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert axe_serious_violations(phone) == [], path


def sign_in(page, live_server, email):
    sign_in_with_password(page, live_server, email)
    page.wait_for_url("**/dashboard/")


def test_profile_errors_are_announced_and_fixable(page, live_server, seeded):
    sign_in(page, live_server, "learner@cradle.example")
    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_label(re.compile(r"^Name on certificates")).fill("")
    page.get_by_role("button", name="Save profile").click()
    field = page.get_by_label(re.compile(r"^Name on certificates"))
    assert field.get_attribute("aria-invalid") == "true"
    summary = page.get_by_role("alert")
    assert "Name on certificates: This field is required." in summary.inner_text()
    assert axe_serious_violations(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "certificate_name"
    field.fill("Lena Learner, M.Ed.")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_role("status").inner_text().strip() == (
        "Your profile has been saved."
    )


def test_hours_pages_fit_a_phone_screen(phone, live_server, seeded):
    sign_in(phone, live_server, "learner@cradle.example")
    for path in (
        "/dashboard/",
        "/hours/",
        "/hours/training/new/",
        "/hours/rsc/",
        "/hours/transcript/",
        "/hours/portfolio/",
    ):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert axe_serious_violations(phone) == [], path
