"""Placeholders in a certificate template's heading and body, such as
``{recipient_name}``. Editors write plain text; the text is escaped and each
placeholder replaced by its escaped value, so nothing anyone types — an editor or a
learner whose name goes on the certificate — is ever read as markup."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "recipient_name": gettext_lazy("the learner's name as it appears on the record"),
    "title": gettext_lazy("what the certificate is for (a course, an ECHO series)"),
    "hours": gettext_lazy("clock hours, e.g. 6.5"),
    "date": gettext_lazy("the issue date, e.g. November 21, 2026"),
    "competency_areas": gettext_lazy("the competency areas, separated by commas"),
    "verification_code": gettext_lazy("the code that anyone can check online"),
    "issuer": gettext_lazy("the organisation that issues the certificate"),
}

_TOKEN = re.compile(r"\{([^{}]*)\}")


def placeholders_help() -> str:
    return "; ".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items())


def placeholders_validate(text: str) -> None:
    """Refuse unknown placeholders and stray braces, naming each problem."""
    problems = []
    unknown = []
    for match in _TOKEN.finditer(text or ""):
        name = match.group(1).strip()
        if name not in PLACEHOLDERS and match.group(0) not in unknown:
            unknown.append(match.group(0))
    if unknown:
        problems.append(
            _("Unknown placeholder %(names)s. Use one of: %(known)s.")
            % {
                "names": ", ".join(unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        )
    leftover = _TOKEN.sub("", text or "")
    if "{" in leftover or "}" in leftover:
        problems.append(
            _(
                "A curly brace is not closed or not opened. Braces are only for "
                "placeholders such as {recipient_name}."
            )
        )
    if problems:
        raise ValidationError(problems)


def placeholders_fill(text: str, values: dict) -> SafeString:
    """Escape ``text`` and put each placeholder's escaped value in its place."""
    pieces = []
    position = 0
    for match in _TOKEN.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        name = match.group(1).strip()
        pieces.append(
            format_html_join("", '<span class="value">{}</span>', [(values[name],)])
        )
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece escaped above


def paragraphs_fill(text: str, values: dict) -> list[dict]:
    """The body as paragraphs (blank lines separate them; single line breaks stay).
    A paragraph that is a placeholder alone, such as the recipient's name on its own
    line, is marked ``feature`` so the page can set it large. A paragraph naming a
    placeholder with no value (no competency areas, say) is left out rather than
    printed half-empty."""
    blocks = [
        block.strip()
        for block in re.split(r"\n\s*\n", text.strip())
        if all(str(values[m.group(1).strip()]).strip() for m in _TOKEN.finditer(block))
    ]
    return [
        {
            "html": mark_safe(  # noqa: S308 -- escaped by placeholders_fill
                placeholders_fill(block, values).replace("\n", "<br>")
            ),
            "feature": bool(_TOKEN.fullmatch(block)),
        }
        for block in blocks
        if block
    ]
