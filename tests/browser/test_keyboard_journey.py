"""A new visitor goes from signing up to finishing a lesson with the keyboard alone:
Tab, Shift+Tab, Enter, Space and typing into the focused field. The only address
opened directly is the confirmation link from the e-mail, as a person would open it
from their mail.

At every stop the focused element must be on screen and show a focus indicator (its
outline or box shadow differs from the same element unfocused), focus must follow the
visual order (within a column, never jumping back up the page), and the skip link
must be the first stop and move focus into the main content."""

import re

import pytest

from django.core import mail

from courses.models import Enrolment, KnowledgeCheckResponse, LessonCompletion
from lms.models import User

pytestmark = pytest.mark.browser

PASSWORD = "a-Strong-passw0rd!"
COURSE = "Attachment and Early Relationships"

# What the focused element is, where it is, and how its focus shows; the previous
# stop is kept so its unfocused look can be compared with its focused look.
INSPECT_FOCUS = """() => {
  const el = document.activeElement;
  const look = (node) => {
    const s = getComputedStyle(node);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
            s.borderColor, s.backgroundColor, s.textDecorationLine].join("|");
  };
  const previous = window.__keyboardStop || null;
  // A media player keeps focus while Tab moves through its own buttons.
  const moved = previous && previous.node !== el;
  const result = {
    previousChanged: moved ? look(previous.node) !== previous.focusedLook : null,
    previousLabel: previous ? previous.label : null,
  };
  if (!el || el === document.body) {
    window.__keyboardStop = null;
    return {...result, body: true};
  }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const label = (el.getAttribute("aria-label") || el.innerText || el.value
                 || el.name || el.id || el.tagName).trim().slice(0, 60);
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < window.innerHeight && box.left < window.innerWidth
    && style.visibility !== "hidden" && Number(style.opacity) > 0;
  const hasIndicator = style.boxShadow !== "none"
    || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0);
  window.__keyboardStop = {node: el, focusedLook: look(el), label};
  return {
    ...result,
    body: false,
    label,
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute("name") || "",
    id: el.id,
    href: el.getAttribute("href") || "",
    type: el.getAttribute("type") || "",
    inMain: !!el.closest("main"),
    onScreen,
    hasIndicator,
    tabIndex: el.tabIndex,
    left: box.left + window.scrollX,
    right: box.right + window.scrollX,
    top: box.top + window.scrollY,
  };
}"""


class Keyboard:
    """Moves focus with the keyboard and checks every stop on the way."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.stops: list[dict] = []

    def start(self):
        """A new page: focus starts from the top of the document."""
        self.stops = []
        self.page.evaluate("() => { window.__keyboardStop = null; }")

    def press(self, key: str) -> dict:
        before_label = self.stops[-1]["label"] if self.stops else None
        self.page.keyboard.press(key)
        stop = self.page.evaluate(INSPECT_FOCUS)
        where = self.page.url
        if stop["previousChanged"] is False:
            self.problems.append(
                f"{where}: {stop['previousLabel']!r} looks the same focused and not"
            )
        if stop["body"] or key not in ("Tab", "Shift+Tab"):
            # Enter on the skip link focuses <main> itself, a target for the
            # reading position rather than a control; it needs no indicator.
            self.page.evaluate("() => { window.__keyboardStop = null; }")
            return stop
        if not stop["onScreen"]:
            self.problems.append(f"{where}: {stop['label']!r} is focused off screen")
        if not stop["hasIndicator"]:
            self.problems.append(f"{where}: {stop['label']!r} has no focus outline")
        if stop["tabIndex"] > 0:
            self.problems.append(f"{where}: {stop['label']!r} has a positive tabindex")
        # The skip link floats over the header while focused, and Tab past the last
        # control wraps round to it.
        skip = "Skip to main content"
        if key == "Tab" and self.stops and skip not in (stop["label"], before_label):
            before = self.stops[-1]
            same_column = (
                stop["left"] < before["right"] and before["left"] < (stop["right"])
            )
            if same_column and stop["top"] < before["top"] - 2:
                self.problems.append(
                    f"{where}: focus went up from {before['label']!r} "
                    f"to {stop['label']!r}"
                )
        self.stops.append(stop)
        return stop

    def tab_to(self, matches, limit: int = 120) -> dict:
        """Tab forward until ``matches(stop)``; fail if it is never reached."""
        for _ in range(limit):
            stop = self.press("Tab")
            if not stop["body"] and matches(stop):
                return stop
        raise AssertionError(f"{self.page.url}: Tab never reached the element")

    def type(self, text: str):
        self.page.keyboard.type(text)


def field(name):
    return lambda stop: stop["name"] == name


def text(pattern):
    return lambda stop: re.search(pattern, stop["label"]) is not None


def test_sign_up_enrol_and_finish_a_lesson_by_keyboard(page, live_server, seeded):
    keys = Keyboard(page)
    page.goto(live_server.url + "/")
    keys.start()

    # The skip link comes first, shows when focused, and moves focus to the content.
    stop = keys.press("Tab")
    assert stop["label"] == "Skip to main content"
    keys.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    stop = keys.press("Tab")
    assert stop["inMain"], "after the skip link, Tab stays in the main content"

    # Back and forth: Shift+Tab returns to the same element Tab left.
    following = keys.press("Tab")
    assert keys.press("Shift+Tab")["label"] == stop["label"]
    assert keys.press("Tab")["label"] == following["label"]

    keys.tab_to(text(r"^Create an account$"))
    keys.page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/signup/")

    keys.start()
    keys.tab_to(field("first_name"))
    keys.type("Rosa")
    assert keys.press("Tab")["name"] == "last_name"
    keys.type("Whitehorse")
    keys.tab_to(field("email"))
    keys.type("rosa@example.org")
    keys.tab_to(field("password1"))
    keys.type(PASSWORD)
    keys.tab_to(field("password2"))
    keys.type(PASSWORD)
    keys.tab_to(lambda stop: stop["tag"] == "button" and "Sign Up" in stop["label"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/")

    # The link in the e-mail is opened as the mail program would open it.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link.group(0)))
    keys.start()
    keys.tab_to(lambda stop: stop["tag"] == "button" and stop["label"] == "Confirm")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    assert User.objects.get(email="rosa@example.org").emailaddress_set.get().verified

    keys.start()
    keys.tab_to(field("login"))
    keys.type("rosa@example.org")
    keys.tab_to(field("password"))
    keys.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")

    keys.start()
    keys.tab_to(lambda stop: stop["href"] == "/courses/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/")

    keys.start()
    keys.tab_to(text(f"^{COURSE}$"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/attachment-and-early-relationships/")

    keys.start()
    keys.tab_to(lambda stop: stop["tag"] == "button" and stop["label"] == "Enrol")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Enrolment.objects.filter(learner__email="rosa@example.org").exists()

    keys.start()
    keys.tab_to(text(r"^Start: "))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/courses/attachment-and-early-relationships/.+/"))
    lesson_url = page.url

    forms = page.locator(".knowledge-check__form")
    blocks = [
        forms.nth(n).get_attribute("action").rstrip("/").rsplit("/", 1)[1]
        for n in range(forms.count())
    ]
    for number, block in enumerate(blocks):
        keys.start()
        # The check's first answer, then its button.
        keys.tab_to(lambda stop, block=block: stop["id"] == f"check-{block}-0")
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.checked"), number
        keys.tab_to(text(r"^Check my answer$"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.startswith(lesson_url)
        answered = KnowledgeCheckResponse.objects.filter(
            enrolment__learner__email="rosa@example.org"
        )
        assert answered.count() == number + 1

    keys.start()
    keys.tab_to(text(r"^Mark lesson complete$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    rosa = User.objects.get(email="rosa@example.org")
    assert LessonCompletion.objects.filter(enrolment__learner=rosa).count() == 1

    assert keys.problems == [], "\n".join(keys.problems)
