"""A learner finds a course in the catalogue, enrols, works through every lesson (one of
them by keyboard alone), passes the final quiz, finds the hours in their ledger and
downloads the certificate. axe checks the catalogue, course, lesson, quiz and result
pages on the way, and a lesson on a phone."""

import re

import pytest

from certificates.models import Certificate
from courses.models import CoursePage, QuizAttempt
from courses.selectors import lessons_for
from lms.models import CreditEntry, LearnerProfile, User
from tests.browser.conftest import DEMO_PASSWORD, axe_serious_violations, sign_in

pytestmark = pytest.mark.browser

COURSE = "The Pyramid Model: Promoting Social-Emotional Competence"


@pytest.fixture
def newcomer(seeded):
    user = User.objects.create_user(
        email="nia@cradle.example",
        password=DEMO_PASSWORD,
        first_name="Nia",
        last_name="Thompson",
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={
            "certificate_name": "Nia Thompson, M.Ed.",
            "discipline": "early_education",
            "county": "Tulsa",
        },
    )
    return user


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus; fail if the
    keyboard cannot reach it."""
    target = page.locator(selector).first
    for _press in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def first_check(lesson_page):
    for block in lesson_page.specific.body:
        if block.block_type == "knowledge_check":
            return block
    raise AssertionError("every demo lesson has a knowledge check")


def test_a_learner_completes_a_course_and_gets_hours_and_a_certificate(
    browser, page, phone, live_server, newcomer
):
    problems = {}

    def audit(label):
        if found := axe_serious_violations(page):
            problems[label] = found

    sign_in(page, live_server, newcomer.email)
    page.wait_for_url("**/dashboard/")

    # The catalogue, filtered by topic.
    page.goto(live_server.url + "/courses/")
    assert page.locator("h1").count() == 1
    audit("catalogue")
    page.get_by_label("Topic").select_option(label="Pyramid Model")
    page.get_by_role("button", name=re.compile("Show courses|Filter|Apply")).click()
    page.get_by_role("link", name=COURSE).click()

    # The course page, before and after enrolling.
    audit("course")
    page.get_by_role("button", name="Enrol").click()
    assert page.get_by_text(re.compile("enrolled", re.I)).first.is_visible()
    audit("course (enrolled)")

    course = CoursePage.objects.get(title=COURSE)
    lessons = lessons_for(course=course)
    page.get_by_role("link", name=re.compile(r"^Start")).click()

    for number, lesson in enumerate(lessons, start=1):
        page.wait_for_url(re.compile(re.escape(lesson.url) + "$"))
        assert page.locator("h1").inner_text() == lesson.title
        check = first_check(lesson)
        correct = next(
            index
            for index, option in enumerate(check.value["options"])
            if option["correct"]
        )
        if number == 1:
            audit("lesson")
            # By keyboard alone: answer the knowledge check, then complete.
            tab_to(page, f"#check-{check.id}-{correct}")
            page.keyboard.press("Space")
            tab_to(page, f"#check-{check.id} button[type=submit]")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            feedback = page.locator(f"#check-{check.id} [role=status]")
            assert "That is right" in feedback.inner_text()
            audit("lesson (feedback)")
            tab_to(page, "form[action$='complete/'] button[type=submit]")
            with page.expect_navigation():
                page.keyboard.press("Enter")
        else:
            page.locator(f"#check-{check.id}-{correct}").check()
            page.locator(f"#check-{check.id} button[type=submit]").click()
            assert (
                "That is right"
                in page.locator(f"#check-{check.id} [role=status]").inner_text()
            )
            page.get_by_role("button", name="Mark lesson complete").click()
        page.wait_for_load_state()

    # After the last lesson: the quiz. Answer from the attempt the server drew.
    page.wait_for_url("**/quiz/")
    assert page.locator("h1").inner_text() == "Final quiz"
    audit("quiz")
    attempt = QuizAttempt.objects.get(enrolment__learner=newcomer)
    content = page.content()
    for question in attempt.questions:
        assert question["explanation"] not in content
        for option in question["options"]:
            if option["correct"]:
                page.locator(f"#q-{question['id']}-{option['key']}").check()
    page.get_by_role("button", name="Submit your answers").click()

    page.wait_for_url(re.compile(r"/quiz/results/1/$"))
    assert re.search(r"100(\.00)?%", page.content())
    audit("quiz result")

    entry = CreditEntry.objects.get(learner=newcomer, title=COURSE)
    page.goto(live_server.url + "/hours/")
    assert COURSE in page.content()
    page.goto(live_server.url + "/hours/transcript/")
    assert COURSE in page.content()
    assert str(entry.hours.normalize()) in page.content()

    # The certificate (rendered in-process in this mode) downloads as a PDF.
    page.goto(live_server.url + course.url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download your certificate")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    certificate = Certificate.objects.get(learner=newcomer)
    assert certificate.title == COURSE
    assert certificate.recipient_name == "Nia Thompson, M.Ed."

    # The dashboard shows the completed course with its certificate.
    page.goto(live_server.url + "/dashboard/")
    panel = page.locator("section", has=page.locator("#courses-heading"))
    assert COURSE in panel.inner_text()
    audit("dashboard")

    # A lesson on a phone.
    sign_in(phone, live_server, newcomer.email)
    phone.goto(live_server.url + lessons[0].url)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    if found := axe_serious_violations(phone):
        problems["lesson on a phone"] = found
    assert problems == {}
