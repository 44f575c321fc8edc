"""The Content-Security-Policy: the exact policy of the site's pages (no inline
script, no inline style, videos framed from the two players only), the admin's own
policy under /admin/ only, and templates that need nothing more."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory, staff_user
from tests.factories.courses import catalogue, course, lesson

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        assert name not in directives, f"{name} given twice"
        directives[name] = value.strip()
    return directives


def assert_site_policy(response):
    assert policy_of(response) == SITE_POLICY
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_public_and_learner_pages_have_the_strict_policy(client, site_tree):
    index = catalogue(site_tree)
    course_page = course(index)
    lesson_page = lesson(course_page)
    for path in ("/", reverse("account_login"), course_page.url, lesson_page.url):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert_site_policy(response)

    client.force_login(UserFactory())
    for name in ("dashboard", "hours", "outside_training_create", "certificates:list"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_site_policy(response)
    assert_site_policy(client.get(lesson_page.url))


def test_error_and_rate_limit_pages_have_it_too(client, site_tree):
    assert_site_policy(client.get("/no-such-page/"))
    assert_site_policy(client.get(reverse("certificates:verify", args=["ZZZZZZZZZZ"])))


def test_the_admin_policy_applies_under_admin_only(client, site_tree):
    client.force_login(staff_user("Administrator"))
    admin = policy_of(client.get("/admin/"))
    # The admin's relaxations (see docs/security.md) ...
    assert admin["script-src"] == "'self' 'unsafe-inline'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["frame-ancestors"] == "'self'"
    # ... and what it keeps.
    assert "unsafe-eval" not in client.get("/admin/").headers["Content-Security-Policy"]
    for name in ("default-src", "object-src", "base-uri", "form-action", "connect-src"):
        assert admin[name] == SITE_POLICY[name], name
    # The same staff member on the site itself gets the site's policy.
    assert_site_policy(client.get(reverse("dashboard")))
    assert_site_policy(client.get("/"))


def test_the_frame_hosts_are_those_the_video_block_embeds():
    from courses.blocks import video_embed_src

    for url in (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
    ):
        embed = video_embed_src(url)
        assert embed, url
        origin = "/".join(embed.split("/")[:3])
        assert origin in settings.VIDEO_EMBED_ORIGINS, embed


# --- Templates: nothing inline that the policy would block ---------------------------

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
DATA_BLOCK = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""<[a-z][^>]*\sstyle\s*=""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def served_templates() -> list[Path]:
    """Every HTML template a browser is sent: not e-mail (read in mail clients) nor
    the PDF templates (read by WeasyPrint, which needs its styles inline)."""
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            if {"email", "pdf"} & set(path.relative_to(directory).parts):
                continue
            found.append(path)
    return found


def test_there_are_templates_to_check():
    names = {path.relative_to(ROOT).as_posix() for path in served_templates()}
    assert "templates/base.html" in names
    assert "templates/500.html" in names
    assert len(names) > 50


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (EVENT_HANDLER, "an on…= event handler attribute"),
        (JAVASCRIPT_URL, "a javascript: URL"),
        (STYLE_ATTRIBUTE, "a style= attribute"),
        (STYLE_ELEMENT, "a <style> element"),
    ],
)
def test_no_served_template_has_inline_behaviour_or_style(pattern, what):
    offenders = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in served_templates()
        for text in [path.read_text(encoding="utf-8")]
        for match in pattern.finditer(text)
    ]
    assert offenders == [], f"{what} in: {offenders}"


def test_no_served_template_has_an_inline_script():
    offenders = []
    for path in served_templates():
        text = path.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(text):
            if not DATA_BLOCK.search(match.group(1)):
                line = text[: match.start()].count("\n") + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []
