"""The Content-Security-Policy in a real browser: key pages of the site and of the
admin, each with its own scripts at work, load without a single CSP violation or
console error. Violations are collected from ``securitypolicyviolation`` events."""

import re

import pytest

from django.utils import timezone

from tests.browser.conftest import admin_sign_in, new_page, sign_in

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || ""}:${event.lineNumber || ""}`
  );
});
"""


def watch(page) -> list[str]:
    """Record CSP violations (from the page) and console errors on ``page``."""
    errors: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    return errors


def visit(page, url: str, problems: dict, errors: list[str], settle=None) -> None:
    errors.clear()
    response = page.goto(url)
    assert response is not None and response.status < 400, url
    if settle:
        settle(page)
    page.wait_for_load_state("load")
    page.wait_for_timeout(250)  # let deferred scripts run
    found = page.evaluate("window.__cspViolations") + errors
    if found:
        problems[url.split("//", 1)[1].split("/", 1)[1]] = list(found)


def test_pages_load_without_csp_violations(browser, live_server, seeded):
    from certificates.choices import BatchStatus
    from certificates.models import CertificateBatch
    from certificates.services import certificate_batch_create
    from courses.models import CoursePage, LessonPage
    from echo.models import EchoSession
    from lms.models import User
    from tests.factories.certificates import default_template

    problems: dict[str, list[str]] = {}
    base = live_server.url

    # The public site and the learner's pages.
    context, page = new_page(browser)
    errors = watch(page)
    visit(page, base + "/", problems, errors)
    sign_in(page, live_server, "learner@cradle.example")
    page.wait_for_url("**/dashboard/")
    lessons = list(LessonPage.objects.live().specific())

    def kinds(lesson) -> set[str]:
        return {block.block_type for block in lesson.body}

    with_video = next(lesson for lesson in lessons if "video" in kinds(lesson))
    with_check = next(
        lesson for lesson in lessons if "knowledge_check" in kinds(lesson)
    )
    course = CoursePage.objects.ancestor_of(with_video).live().specific().get()
    for path in (
        "/dashboard/",
        course.url,
        with_video.url,
        with_check.url,
        "/hours/",
        "/hours/training/new/",
        "/certificates/",
        "/my-echo/calendar/",
        "/certificates/verify/",
    ):
        visit(page, base + path, problems, errors)

    # The hours conversion script at work.
    visit(page, base + "/hours/training/new/", problems, errors)
    page.get_by_label("Hours on the certificate").fill("6")
    page.locator("#id_hours_unit").select_option(index=1)
    # The copy-link button on the calendar page.
    visit(page, base + "/my-echo/calendar/", problems, errors)
    copy = page.get_by_role("button", name=re.compile("Copy", re.IGNORECASE)).first
    if copy.count():
        copy.click()
    found = page.evaluate("window.__cspViolations") + errors
    if found:
        problems["scripts at work"] = list(found)
    context.close()

    # The admin, with its own policy.
    admin_context, admin = admin_sign_in(browser, live_server)
    errors = watch(admin)
    administrator = User.objects.get(email="admin@cradle.example")
    batch = certificate_batch_create(
        template=default_template(),
        title="Spring cohort",
        hours=3,
        issued_on=timezone.localdate(),
        learners=[User.objects.get(email="learner@cradle.example")],
        recipient_source="filter",
        report=[],
        created_by=administrator,
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.ISSUED)
    session = EchoSession.objects.order_by("starts_at").first()
    for path in (
        "/admin/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/echo/sessions/{session.pk}/roster/",
        f"/admin/certificates/bulk/{batch.pk}/",
        "/admin/certificates/bulk/new/",
    ):
        visit(admin, base + path, problems, errors)
    admin_context.close()

    assert problems == {}
