import contextlib
import os
import re
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI, restore_migration_data

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (reading the outbox, seeding data) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def seeded(transactional_db):
    """The demo site, as `manage.py seed_demo` builds it (pages, accounts, hours)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    restore_migration_data()
    for dotted_path in settings.DEMO_SEEDERS:
        import_string(dotted_path)()


DEMO_PASSWORD = "Cradle-demo-2026!"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def new_page(browser, **options):
    context = browser.new_context(
        viewport=options.pop("viewport", {"width": 1280, "height": 900}),
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def admin_sign_in(browser, live_server, email="admin@cradle.example"):
    """A new browser context signed in as a staff member, past the authenticator
    code the admin requires. Returns the context and its page."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from lms.models import User

    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=email), secret)
    context, page = new_page(browser)
    sign_in(page, live_server, email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    # A code is good for its 30-second window only: near the window's end, wait for
    # the next one so the code cannot expire between typing and checking.
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 6:
        time.sleep(left + 0.5)
    counter = next(yield_hotp_counters_from_time())
    page.get_by_label(re.compile(r"^Code")).fill(
        format_hotp_value(hotp_value(secret, counter))
    )
    page.get_by_role("button", name=re.compile("Sign In")).click()
    page.wait_for_url("**/dashboard/")
    return context, page


def animations_settled(page, timeout: int = 3000) -> None:
    """Wait for the fade-in of messages (Wagtail's and the site's) to finish, so axe
    measures colours as people see them, not half-way through a fade."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A message that is still animating after the timeout is measured as it is.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running'"
            " || !a.effect?.target?.closest?.('.messages, [role=status], .message'))",
            timeout=timeout,
        )


def axe_serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    animations_settled(page)
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
