"""The lesson ``bench_courses`` serves: about 700 words of paragraphs with headings,
an image, a callout, a knowledge check and a reflection prompt — a lesson of
ordinary length — as a ``LessonStreamBlock`` value and as rich text."""

import re
from io import BytesIO

from django.utils.html import format_html

IMAGE_TITLE = "Benchmark: a parent and baby face to face"
LESSON_TITLE = "Serve and return"
LESSON_INTRODUCTION = (
    "How everyday back-and-forth between a baby and a caring adult builds the "
    "architecture of the developing brain, and what you can do to support it."
)
LESSON_SECTIONS = [
    ("heading", {"text": "A conversation before words", "level": "h2"}),
    (
        "paragraph",
        "<p>Long before a baby says a first word, they are already taking part in "
        "conversations. A baby coos, and a parent coos back. A baby looks at a "
        "spoon, and a grandparent names it. A toddler points at a dog through the "
        "window, and the child care provider kneels down to look too. Researchers "
        "call these exchanges <b>serve and return</b>, borrowing a picture from "
        "tennis: the child sends a signal, and the adult notices it and answers in "
        "a way that fits.</p>"
        "<p>These moments look small, and most of them pass without anyone "
        "remarking on them. Yet they are among the most important experiences a "
        "young child has. Each time an adult returns a serve, the child learns "
        "that their signals matter, that the world answers, and that the people "
        "around them can be trusted. Repeated thousands of times, that lesson "
        "becomes part of how the child approaches relationships for years to "
        "come.</p>",
    ),
    ("heading", {"text": "What happens in the brain", "level": "h2"}),
    (
        "paragraph",
        "<p>In the first years of life the brain forms connections faster than at "
        "any other time. Which connections grow strong and which fade depends in "
        "large part on experience. Responsive interaction is one of the most "
        "powerful experiences there is: when a baby's serve is returned, the "
        "circuits involved in attention, language and emotional regulation are "
        "used together, and circuits that are used together are strengthened.</p>"
        "<p>The reverse is also true. When serves are missed again and again, "
        "because an adult is overwhelmed, depressed, distracted or absent, the "
        "child's developing systems do not get the input they expect. A baby who "
        "signals and receives no answer may signal harder for a while and then "
        "stop. Persistent lack of response is a form of neglect, and it can be "
        "as harmful to development as more visible kinds of adversity.</p>",
    ),
    (
        "image",
        {
            "alt_text": (
                "A parent holds a baby on her lap, face to face; the baby reaches "
                "for her mouth while she smiles and talks."
            ),
            "caption": "Face-to-face play is full of serves and returns.",
        },
    ),
    ("heading", {"text": "Five steps you can practise", "level": "h2"}),
    (
        "paragraph",
        "<p>Serve and return is not a programme or a script. It is a way of paying "
        "attention that any caregiver can strengthen with practice. It helps to "
        "think of it in five steps.</p>"
        "<ol><li><b>Notice the serve.</b> Watch what the child is looking at, "
        "reaching for or reacting to.</li>"
        "<li><b>Return it with support and encouragement.</b> A smile, a nod, a "
        "word or a gentle touch tells the child you saw them.</li>"
        "<li><b>Give it a name.</b> Naming what the child sees, does or feels "
        "builds language and helps them make sense of their experience.</li>"
        "<li><b>Take turns and wait.</b> Pauses give the child a chance to serve "
        "again. Waiting is harder than it sounds, and worth it.</li>"
        "<li><b>Practise endings and beginnings.</b> Children signal when they are "
        "done or ready for something new; following their lead keeps the "
        "exchange going.</li></ol>",
    ),
    (
        "paragraph",
        "<p>Crying is a serve too. A baby cannot yet soothe themselves, and a cry "
        "is their clearest way of asking for help. Responding quickly and warmly "
        "does not teach a baby to cry more; it teaches them that distress can be "
        "managed with help, which is the foundation on which self-soothing is later "
        "built. You cannot spoil a young baby by responding to their needs.</p>"
        "<p>Older babies and toddlers serve in new ways: bringing you a book, "
        "checking your face when a stranger arrives, or testing a rule with a "
        "sideways look. Each is an invitation. Answering it does not mean saying "
        "yes to everything; it means letting the child know you noticed, and then "
        "responding with warmth, words and, where needed, a limit kindly held.</p>",
    ),
    (
        "callout",
        {
            "kind": "tip",
            "heading": "For home visitors",
            "body": (
                "<p>Point out the serves and returns you see a parent already making. "
                "Naming a strength (<i>she calmed as soon as you spoke</i>) "
                "encourages a parent far more than advice does.</p>"
            ),
        },
    ),
    ("heading", {"text": "When it is hard to respond", "level": "h2"}),
    (
        "paragraph",
        "<p>Every caregiver misses serves. Nobody can respond to every signal, and "
        "children do not need perfection; they need enough responsive moments, and "
        "repair when things go wrong. What matters is the overall pattern. When "
        "that pattern is hard to sustain, it is usually because the adult is under "
        "strain of their own: money worries, illness, isolation, their own history "
        "of not being responded to, or a workplace with too many children and too "
        "few hands.</p>"
        "<p>Supporting the adults in a child's life is therefore one of the most "
        "effective ways to support the child. A home visitor who listens to a "
        "tired parent, a director who arranges the schedule so that a teacher can "
        "sit with one child, or a supervisor who makes room for reflection all "
        "make serve and return more likely. Small changes in the adult's day can "
        "add up to many more returned serves in the child's.</p>",
    ),
    (
        "knowledge_check",
        {
            "question": (
                "A six-month-old is babbling at a caregiver while she prepares a "
                "bottle. Which response returns the serve?"
            ),
            "kind": "single",
            "options": [
                {
                    "text": "She turns, smiles and babbles back before finishing.",
                    "correct": True,
                    "feedback": "Yes: a short, warm answer keeps the exchange going.",
                },
                {
                    "text": "She finishes the bottle first so she can focus later.",
                    "correct": False,
                    "feedback": "A moment's answer now is what the baby needs.",
                },
                {
                    "text": "She moves the baby further away to avoid distraction.",
                    "correct": False,
                    "feedback": "That leaves the baby's signal unanswered.",
                },
            ],
        },
    ),
    (
        "reflection",
        {
            "prompt": (
                "Think of a child you work with. What kinds of serves do they send, "
                "and which ones are easiest for you to miss?"
            ),
            "guidance": "Consider busy times of day, and quiet children.",
        },
    ),
]


def lesson_stream(image) -> list[tuple[str, object]]:
    """The lesson as the value of a ``LessonStreamBlock``."""
    from wagtail.rich_text import RichText

    stream = []
    for kind, value in LESSON_SECTIONS:
        if kind == "paragraph":
            stream.append((kind, RichText(value)))
        elif kind == "image":
            stream.append((kind, {"image": image, **value}))
        elif kind == "callout":
            stream.append((kind, {**value, "body": RichText(value["body"])}))
        else:
            stream.append((kind, value))
    return stream


def section(kind: str) -> dict:
    """The value of the lesson's first section of that kind."""
    return next(value for each, value in LESSON_SECTIONS if each == kind)


def lesson_rich_text(image_id: int | str) -> list[str]:
    """The same lesson as rich-text paragraphs, one per section, for a lesson body
    that has no heading, image, callout, knowledge-check or reflection blocks (the
    wagtail-lms lesson page). The knowledge check is shown as its question and
    options, without feedback."""
    parts = []
    for kind, value in LESSON_SECTIONS:
        if kind == "heading":
            parts.append(format_html("<{0}>{1}</{0}>", value["level"], value["text"]))
        elif kind == "paragraph":
            parts.append(value)
        elif kind == "image":
            parts.append(
                format_html(
                    '<embed embedtype="image" id="{}" format="fullwidth" alt="{}"/>'
                    "<p>{}</p>",
                    image_id,
                    value["alt_text"],
                    value["caption"],
                )
            )
        elif kind == "callout":
            parts.append(format_html("<h3>{}</h3>", value["heading"]) + value["body"])
        elif kind == "knowledge_check":
            options = "".join(
                format_html("<li>{}</li>", option["text"])
                for option in value["options"]
            )
            parts.append(
                format_html("<p><b>{}</b></p>", value["question"])
                + f"<ul>{options}</ul>"
            )
        elif kind == "reflection":
            parts.append(
                format_html(
                    "<p><b>{}</b></p><p>{}</p>", value["prompt"], value["guidance"]
                )
            )
        else:
            raise ValueError(f"No rich-text form for a {kind} section.")
    return parts


def paragraph_words() -> int:
    """Words in the lesson's paragraphs (tags removed)."""
    text = " ".join(value for kind, value in LESSON_SECTIONS if kind == "paragraph")
    return len(re.sub(r"<[^>]+>", " ", text).split())


def image_png() -> bytes:
    """A 1600 × 1067 photograph-sized PNG for the lesson's image block."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1600, 1067), (236, 226, 210))
    draw = ImageDraw.Draw(picture)
    for step in range(0, 1600, 40):
        draw.line([(step, 0), (1600 - step, 1067)], fill=(180, 150 + step % 80, 120))
    draw.ellipse([500, 250, 1100, 850], fill=(205, 160, 130))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()
