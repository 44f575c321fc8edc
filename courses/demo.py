"""Demo courses: a catalogue with three complete courses (attachment, trauma-informed
care and ACEs, the Pyramid Model), their diagrams, narrations and tip sheets, and the
demo learner's progress through them. Progress is made through the same services
learners use, so hours and the certificate arrive the real way. Safe to run any number
of times: what exists is left as it is, what is missing is created.

The narrations and the slide video were made once by ``demo_media/make_media.sh``;
the diagrams are drawn here with Pillow, so seeding needs neither espeak-ng nor
ffmpeg."""

import io
from decimal import Decimal
from html import escape
from pathlib import Path

from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.template import engines

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from certificates.services import certificate_email_skip
from lms.models import CompetencyArea, HomePage
from lms.pdf import html_to_pdf

from .choices import QuestionKind
from .models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from .selectors import COURSE_SOURCE_TYPE, lessons_for
from .services import (
    enrolment_create,
    knowledge_check_answer,
    lesson_complete,
    quiz_attempt_start,
    quiz_attempt_submit,
    reflection_note_save,
)

User = get_user_model()

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"

SINGLE = QuestionKind.SINGLE
MULTIPLE = QuestionKind.MULTIPLE
TRUE_FALSE = QuestionKind.TRUE_FALSE

LEARNER = "learner@cradle.example"
FACILITATOR = "facilitator@cradle.example"

# --- Block helpers ----------------------------------------------------------------


def _h(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level})


def _p(html: str):
    return ("paragraph", RichText(" ".join(html.split())))


def _callout(kind: str, heading: str, html: str):
    return (
        "callout",
        {"kind": kind, "heading": heading, "body": RichText(" ".join(html.split()))},
    )


def _reflection(prompt: str, guidance: str = ""):
    return ("reflection", {"prompt": prompt, "guidance": guidance})


def _options(options) -> list[dict]:
    return [
        {"text": text, "correct": correct, "feedback": feedback}
        for text, correct, feedback in options
    ]


def _check(question: str, kind: str, options):
    """A knowledge check; ``options`` are (text, correct, feedback) triples."""
    return (
        "knowledge_check",
        {"question": question, "kind": kind, "options": _options(options)},
    )


def _question(question: str, kind: str, options, explanation: str):
    """A quiz question; ``options`` are (text, correct, feedback) triples."""
    return (
        "question",
        {
            "question": question,
            "kind": kind,
            "options": _options(options),
            "explanation": explanation,
        },
    )


def _true_false(statement_is_true: bool, feedback_true: str, feedback_false: str):
    return [
        ("True", statement_is_true, feedback_true),
        ("False", not statement_is_true, feedback_false),
    ]


def _media(key: str, block_type: str):
    """Stands in a lesson body for a picture, recording or document that seeding
    creates; ``_resolve`` swaps in the real block value."""
    return (block_type, key)


# --- Diagrams ---------------------------------------------------------------------

INK = "#1a1a1a"
WHITE = "#ffffff"
BRAND = "#1f5c4d"
BRAND_DARK = "#163f35"
ACCENT = "#f6c978"
ACCENT_LIGHT = "#fae3b4"
PLUM = "#6b3460"
WIDTH, HEIGHT = 1280, 720


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "Lato-Bold.ttf" if bold else "Lato-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _text_width(draw: ImageDraw.ImageDraw, text: str, font) -> float:
    return draw.textlength(text, font=font)


def _wrap(draw, text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and _text_width(draw, candidate, font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _centred(draw, centre: tuple[float, float], lines, font, fill, spacing=1.25):
    size = font.size
    top = centre[1] - size * spacing * len(lines) / 2
    for number, line in enumerate(lines):
        x = centre[0] - _text_width(draw, line, font) / 2
        draw.text((x, top + number * size * spacing), line, font=font, fill=fill)


def _png(image: PillowImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _arrow(draw, start, end, fill, width=8, head=26):
    draw.line([start, end], fill=fill, width=width)
    (x0, _), (x1, y1) = start, end
    direction = 1 if x1 > x0 else -1
    draw.polygon(
        [
            (x1 + direction * 4, y1),
            (x1 - direction * head, y1 - head / 1.6),
            (x1 - direction * head, y1 + head / 1.6),
        ],
        fill=fill,
    )


def pyramid_diagram_png() -> bytes:
    """The Pyramid Model: an effective workforce at the base, two Tier 1 layers, Tier
    2 and a small Tier 3 top, with the tiers named on the right."""
    image = PillowImage.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((40, 22), "The Pyramid Model", font=_font(40, bold=True), fill=BRAND_DARK)
    apex_x, apex_y, base_y, half_base = 470, 80, 600, 410

    def half(y):
        return half_base * (y - apex_y) / (base_y - apex_y)

    layers = [
        # top, bottom, fill, text colour, label
        (apex_y, 270, PLUM, WHITE, "Intensive intervention"),
        (280, 380, BRAND, WHITE, "Targeted social-emotional supports"),
        (390, 490, ACCENT, INK, "High-quality supportive environments"),
        (500, base_y, ACCENT_LIGHT, INK, "Nurturing and responsive relationships"),
    ]
    for top, bottom, fill, colour, label in layers:
        draw.polygon(
            [
                (apex_x - half(top), top),
                (apex_x + half(top), top),
                (apex_x + half(bottom), bottom),
                (apex_x - half(bottom), bottom),
            ],
            fill=fill,
        )
        font = _font(26, bold=True)
        if top == apex_y:
            lines = _wrap(draw, label, font, 2 * half(210) - 20)
            _centred(draw, (apex_x, 228), lines, font, colour)
        else:
            lines = _wrap(draw, label, font, 2 * half(top) - 40)
            _centred(draw, (apex_x, (top + bottom) / 2), lines, font, colour)
    draw.rectangle(
        [apex_x - half_base - 30, 612, apex_x + half_base + 30, 690], fill=BRAND_DARK
    )
    _centred(draw, (apex_x, 651), ["Effective workforce"], _font(30, bold=True), WHITE)

    tiers = [
        (apex_y + 60, 270, "Tier 3", "Intensive intervention: a few children"),
        (280, 380, "Tier 2", "Targeted supports: some children"),
        (390, base_y, "Tier 1", "Universal promotion: all children"),
        (612, 690, "Foundation", "Systems and policies that support the adults"),
    ]
    label_x = 960
    for top, bottom, name, description in tiers:
        draw.line([(935, top + 4), (935, bottom - 4)], fill=INK, width=4)
        draw.line([(925, top + 4), (935, top + 4)], fill=INK, width=4)
        draw.line([(925, bottom - 4), (935, bottom - 4)], fill=INK, width=4)
        middle = (top + bottom) / 2
        draw.text((label_x, middle - 36), name, font=_font(28, bold=True), fill=INK)
        for number, line in enumerate(_wrap(draw, description, _font(22), 300)):
            draw.text((label_x, middle + number * 27), line, font=_font(22), fill=INK)
    return _png(image)


def serve_and_return_png() -> bytes:
    """Serve and return: the baby's cue, the adult's response, back and forth."""
    image = PillowImage.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    _centred(
        draw, (WIDTH / 2, 60), ["Serve and return"], _font(44, bold=True), BRAND_DARK
    )
    left, right, centre_y, radius = (270, 400), (1010, 400), 400, 175
    for (x, y), fill, colour, heading, text in (
        (
            left,
            ACCENT,
            INK,
            "Baby serves",
            "sends a cue: a look, a coo, a reach, a cry",
        ),
        (right, BRAND, WHITE, "Adult returns", "notices, names it and responds warmly"),
    ):
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill)
        _centred(draw, (x, y - 45), [heading], _font(34, bold=True), colour)
        _centred(
            draw,
            (x, y + 30),
            _wrap(draw, text, _font(26), 2 * radius - 70),
            _font(26),
            colour,
        )
    gap_left, gap_right = left[0] + radius + 20, right[0] - radius - 20
    _arrow(draw, (gap_left, centre_y - 60), (gap_right, centre_y - 60), INK)
    _arrow(draw, (gap_right, centre_y + 60), (gap_left, centre_y + 60), INK)
    font = _font(24)
    _centred(draw, (WIDTH / 2, centre_y - 105), ["the serve"], font, INK)
    _centred(draw, (WIDTH / 2, centre_y + 105), ["the return"], font, INK)
    _centred(
        draw,
        (WIDTH / 2, centre_y),
        ["again and again"],
        _font(24, bold=True),
        BRAND_DARK,
    )
    _centred(
        draw,
        (WIDTH / 2, 650),
        [
            "Thousands of small exchanges build the brain's pathways for",
            "language, trust and self-control.",
        ],
        _font(26),
        INK,
    )
    return _png(image)


def window_of_tolerance_png() -> bytes:
    """Three arousal zones, and a child's stress rising out of the middle zone and
    brought back by a calm adult."""
    image = PillowImage.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text(
        (40, 22), "The window of tolerance", font=_font(40, bold=True), fill=BRAND_DARK
    )
    bands = [
        (
            100,
            290,
            "#fdecea",
            "Too much: fight or flight",
            "Racing heart, screaming, hitting, running, cannot be reached by words",
        ),
        (
            290,
            480,
            "#e6f4ea",
            "The window: calm and alert",
            "Able to play, learn, connect and recover from small upsets",
        ),
        (
            480,
            670,
            "#e7edf7",
            "Too little: shut down",
            "Withdrawn, flat, still or 'far away'; may look calm but is not",
        ),
    ]
    for top, bottom, fill, heading, text in bands:
        draw.rectangle([30, top, WIDTH - 30, bottom], fill=fill)
        draw.text((50, top + 22), heading, font=_font(28, bold=True), fill=INK)
        for number, line in enumerate(_wrap(draw, text, _font(22), 440)):
            draw.text((50, top + 68 + number * 28), line, font=_font(22), fill=INK)
    points = [
        (560, 400),
        (620, 370),
        (680, 420),
        (740, 330),
        (800, 220),
        (850, 170),
        (900, 210),
        (960, 300),
        (1010, 380),
        (1070, 360),
        (1130, 400),
        (1230, 390),
    ]
    draw.line(points, fill=INK, width=7, joint="curve")
    font = _font(21, bold=True)
    draw.text((600, 112), "A frightening moment", font=font, fill=INK)
    draw.text(
        (600, 138), "pushes the child out of the window", font=_font(21), fill=INK
    )
    draw.text((905, 420), "A calm, caring adult helps the", font=_font(21), fill=INK)
    draw.text((905, 446), "child settle back: co-regulation", font=font, fill=INK)
    return _png(image)


# --- Course: Attachment and Early Relationships -----------------------------------

ATTACHMENT_LESSONS = [
    {
        "slug": "serve-and-return",
        "title": "Serve and return",
        "minutes": 30,
        "introduction": (
            "How everyday back-and-forth moments between babies and the adults who "
            "care for them build the foundations of the brain and of trust."
        ),
        "body": [
            _h("Small moments, big work"),
            _p(
                """<p>Watch a baby with a familiar adult for a few minutes and you
                will see a conversation, even if no words are spoken. The baby looks
                up, the adult smiles. The baby kicks and squeals, the adult answers
                with a playful sound. The baby turns away for a moment, and the adult
                waits. This back-and-forth is often called <b>serve and return</b>,
                borrowing the image of a game of catch or tennis: the child
                &ldquo;serves&rdquo; with a look, a sound or a gesture, and the adult
                &ldquo;returns&rdquo; by noticing and responding.</p>
                <p>These exchanges seem ordinary, and that is the point. They happen
                during diaper changes and feedings, in the car and at the kitchen
                table, hundreds of times a day. Each one is brief, but together they
                shape how a young child's brain is wired. Connections that are used
                again and again grow stronger, and the ones used most in the first
                years are the ones that support language, attention, emotional
                regulation and the expectation that people can be trusted.</p>"""
            ),
            _media("serve-and-return-diagram", "image"),
            _h("What a serve looks like"),
            _p(
                """<p>Serves change as children grow. A newborn serves with a gaze,
                a grimace, a rooting motion or a cry. By two or three months, social
                smiles and cooing appear. Older babies point, hold up a toy, babble
                with the rhythm of speech or crawl toward something interesting and
                look back to see whether you noticed. Toddlers bring you a book,
                name things, ask &ldquo;that?&rdquo; over and over, or test what
                happens when the cup goes over the edge of the high chair.</p>
                <p>Some serves are quiet and easy to miss, especially in babies who
                were born early, who have sensory or developmental differences, or
                who have learned that their signals often go unanswered. Part of our
                work is helping caregivers slow down enough to see them.</p>"""
            ),
            _h("What a return looks like"),
            _p(
                """<p>A good return does not have to be elaborate. It usually
                includes some of the following:</p>
                <ul>
                <li><b>Noticing and sharing the focus.</b> Look at what the child is
                looking at. Shared attention tells the child that their interest
                matters.</li>
                <li><b>Responding with warmth.</b> A smile, a touch, a sound or words
                that match the child's mood and energy.</li>
                <li><b>Naming it.</b> &ldquo;You found the ball!&rdquo; or &ldquo;You
                are telling me you're hungry.&rdquo; Naming links experiences to
                words long before a child can speak.</li>
                <li><b>Waiting for a turn.</b> Pausing gives the child time to answer
                back, which keeps the exchange going and lets the child lead.</li>
                <li><b>Noticing endings.</b> When a baby looks away, arches or yawns,
                they may need a break. Respecting that is a return too.</li>
                </ul>"""
            ),
            _callout(
                "tip",
                "Nobody returns every serve",
                """<p>Caregivers miss serves all the time: they are cooking, tired,
                on the phone or caring for other children. That is normal. Children
                do best when responsive moments are frequent and when connections
                are <b>repaired</b> after they are missed, not when adults are
                perfect.</p>""",
            ),
            _h("When serves go unanswered"),
            _p(
                """<p>When a child's serves are rarely returned over a long period,
                the developing brain does not get the experiences it expects.
                Persistent lack of response can be a form of neglect, and research
                shows it can be as harmful to development as more visible forms of
                adversity. Unanswered serves are not usually a sign that parents do
                not care. Depression, exhaustion, grief, financial strain, a crisis
                at home or never having experienced responsive care themselves can
                all make it hard for a parent to notice and respond.</p>
                <p>That is why supporting the adult is often the most direct way to
                support the child. A home visitor who wonders aloud, &ldquo;Look, she
                keeps checking your face,&rdquo; can help a parent see their own
                importance. Pointing out what is already going well builds
                confidence, and confidence makes more serve-and-return moments
                possible.</p>"""
            ),
            _h("Listen: a short introduction"),
            _media("attachment-narration", "audio"),
            _check(
                "A nine-month-old drops a spoon from the high chair and looks at "
                "the adult nearby. Which response is the best example of a return?",
                SINGLE,
                [
                    (
                        "Picking up the spoon without comment and carrying on with "
                        "cleaning the kitchen.",
                        False,
                        "Picking it up meets a practical need, but the baby's look "
                        "was an invitation to connect, and it went unanswered.",
                    ),
                    (
                        "Looking at the baby, smiling and saying, \u201cDown it went! "
                        "You're watching to see what I do,\u201d then waiting.",
                        True,
                        "Yes. The adult notices, shares the focus, names what "
                        "happened and pauses so the baby can take the next turn.",
                    ),
                    (
                        "Telling the baby firmly that spoons stay on the tray.",
                        False,
                        "At nine months, dropping things is exploration, not "
                        "defiance. A gentle limit can come later; first, this is a "
                        "chance to connect.",
                    ),
                ],
            ),
            _check(
                "Which of these can be serves from a young child? Choose all that "
                "apply.",
                MULTIPLE,
                [
                    (
                        "A baby gazing at a caregiver's face",
                        True,
                        "Yes. Eye contact is one of the earliest serves.",
                    ),
                    (
                        "A toddler holding up a toy and looking at you",
                        True,
                        "Yes. Showing is an invitation to share attention.",
                    ),
                    (
                        "A baby crying",
                        True,
                        "Yes. Crying is communication, and answering it is one of "
                        "the most important returns of all.",
                    ),
                    (
                        "A baby turning away and arching their back",
                        True,
                        "Yes. This signal often means \u201cI need a break,\u201d "
                        "and respecting it is a return too.",
                    ),
                ],
            ),
            _reflection(
                "Think of a family you work with. What serves have you seen the "
                "child make, and how does the parent or caregiver usually respond?",
                "Notice strengths first. What is one moment of connection you could "
                "point out to the parent at your next visit?",
            ),
        ],
    },
    {
        "slug": "responding-to-cries",
        "title": "Responding to cries",
        "minutes": 30,
        "introduction": (
            "Why crying is a baby's first language, what a responsive answer looks "
            "like, and how to support caregivers when the crying feels endless."
        ),
        "body": [
            _h("Crying is communication"),
            _p(
                """<p>Before babies can point, reach or speak, crying is the most
                powerful signal they have. It tells us that something needs to
                change: hunger, a wet diaper, cold, pain, overstimulation, boredom
                or simply a need to be close to someone. Newborns cannot calm
                themselves for long; their stress systems are still immature and
                depend on a caring adult to help them settle. When an adult comes,
                picks the baby up, speaks softly and tries to meet the need, the
                baby's heart rate and stress hormones come down. Over time, with
                many repetitions, the baby builds an inner expectation: <i>when I
                am upset, someone will come, and I will feel better.</i></p>
                <p>That expectation is the seed of trust, and later of self-
                regulation. Children learn to soothe themselves by first being
                soothed many times by someone else. This shared calming is called
                <b>co-regulation</b>.</p>"""
            ),
            _h("What is typical"),
            _p(
                """<p>All babies cry, and some cry a lot. In many infants, crying
                increases over the first weeks of life, peaks at around six to eight
                weeks, and then eases by three to four months. Crying often clusters
                in the late afternoon and evening. Some healthy babies cry for long
                stretches with no cause that anyone can find, and may be hard to
                console no matter what the adult does. It helps parents to know that
                this pattern is common and that it passes.</p>
                <p>Crying that is high-pitched or unusual, crying with fever,
                vomiting, poor feeding or lethargy, or a sudden change in a baby's
                usual pattern should always be checked by a health care
                provider.</p>"""
            ),
            _h("A responsive answer"),
            _p(
                """<p>Responding well does not mean always knowing why a baby is
                crying. It means coming, staying and trying. Useful steps to share
                with caregivers include:</p>
                <ul>
                <li>Check the basics: hunger, diaper, temperature, tight clothing,
                signs of illness.</li>
                <li>Offer closeness: holding, skin-to-skin contact, gentle rocking or
                swaying, walking.</li>
                <li>Reduce stimulation: dim lights, a quieter room, a steady
                shushing sound or soft singing.</li>
                <li>Try one thing at a time and give it a few minutes before
                switching; rapid changes can overwhelm a baby.</li>
                <li>Notice what worked, so the next time is a little easier.</li>
                </ul>
                <p>Families have many traditions for soothing babies, from carrying
                and wrapping to particular songs and rhythms. Ask about them and
                build on them.</p>"""
            ),
            _callout(
                "caution",
                "When a caregiver feels overwhelmed",
                """<p>Long bouts of crying can push any adult to the edge. Make sure
                every caregiver knows this plan: if you feel frustrated or angry,
                it is okay to <b>put the baby down safely on their back in a crib or
                bassinet and step away for a few minutes</b> to breathe, call
                someone or drink a glass of water. Never shake a baby. A few minutes
                of crying alone in a safe place will not harm a baby; shaking
                can cause serious brain injury or death.</p>""",
            ),
            _h("Does answering cries create more crying?"),
            _p(
                """<p>Some caregivers have been told that picking up a crying baby
                will teach the baby to cry more. Research on responsive care does not
                support this worry. Babies whose cries are answered promptly and
                warmly in the first months are not more demanding later; many
                become more confident communicators, using sounds and gestures
                because they have learned that their signals work. We explore this
                further in the lesson on spoiling.</p>
                <p>When you talk with families about crying, lead with curiosity
                rather than correction. Ask what the crying is like for them, what
                they have tried and what advice they have been given. Parents who
                feel heard are much more open to new ideas.</p>"""
            ),
            _check(
                "Around what age does crying typically peak in young infants?",
                SINGLE,
                [
                    (
                        "In the first week of life",
                        False,
                        "Newborns do cry, but for many babies crying increases "
                        "over the following weeks before it peaks.",
                    ),
                    (
                        "At about six to eight weeks",
                        True,
                        "Right. Crying commonly peaks in the second month and eases "
                        "by three to four months. Sharing this helps parents know "
                        "it will pass.",
                    ),
                    (
                        "At about nine months",
                        False,
                        "Nine months is closer to when separation distress often "
                        "appears, which is a different kind of crying.",
                    ),
                ],
            ),
            _check(
                "True or false: if a caregiver feels overwhelmed by crying, it is "
                "safe to lay the baby on their back in a crib and step away for a "
                "few minutes.",
                TRUE_FALSE,
                _true_false(
                    True,
                    "True. A short break with the baby in a safe sleep space "
                    "protects both of them. Shaking, not crying, is what causes "
                    "harm.",
                    "This one is true. Stepping away briefly, with the baby safe on "
                    "their back, is a protective plan worth teaching every "
                    "caregiver.",
                ),
            ),
            _reflection(
                "What feelings come up in you when a baby cries and cannot be "
                "soothed? How might those feelings shape what you say to a tired "
                "parent?",
                "Our own histories with crying, as children and as caregivers, "
                "often show up in our advice. Noticing them is part of "
                "relationship-based practice.",
            ),
        ],
    },
    {
        "slug": "secure-base-and-safe-haven",
        "title": "Secure base and safe haven",
        "minutes": 30,
        "introduction": (
            "How children use trusted adults both as a launching point for "
            "exploration and as a place to return to for comfort."
        ),
        "body": [
            _h("Two needs that take turns"),
            _p(
                """<p>Attachment research describes two jobs that a trusted
                caregiver does for a young child. The first is to be a <b>secure
                base</b>: a steady presence the child can venture out from to
                explore, play and learn. The second is to be a <b>safe haven</b>: a
                place the child can return to when frightened, hurt, tired or
                overwhelmed, to be comforted and reassured before heading out
                again.</p>
                <p>You can see the pattern in any toddler at a park. The child toddles
                toward the sandbox, glances back to check that the adult is still
                there, digs for a while, and then, when a dog barks loudly, runs
                back for a hug. After a moment of comfort, off they go again. The
                need to explore and the need for comfort take turns all day long,
                and a child who can count on both tends to explore more boldly and
                recover more quickly.</p>"""
            ),
            _h("Reading the cues"),
            _p(
                """<p>Children do not always signal their needs clearly. A child who
                wants to explore may wriggle out of a lap, point at something across
                the room or look back and forth between the adult and a toy. A child
                who needs comfort may cling, whine, cry, bring a hurt finger to show
                or simply move closer. Some children have learned to hide their need
                for comfort, perhaps because it was not reliably met. They may seem
                very independent and rarely come back, yet their play becomes less
                focused when they are stressed.</p>
                <p>Helping caregivers notice both kinds of cues, and see them as
                normal and healthy, is a gift. A parent who understands that a
                clingy moment is a refuelling stop, not a step backward, can respond
                with warmth rather than worry.</p>"""
            ),
            _h("Secure attachment is common, and it is built"),
            _p(
                """<p>Most children develop a secure attachment to at least one
                caregiver. Security grows from many experiences of an adult being
                available enough, not from perfection. Children can form secure
                relationships with more than one person: parents, grandparents,
                child care teachers and other consistent caregivers. Each of these
                relationships matters, and a secure relationship with one adult can
                help protect a child when other parts of life are hard.</p>
                <p>When a caregiver's own history, health or circumstances make it
                hard to be a secure base or a safe haven, the relationship can still
                grow. Relationship-based services, infant and early childhood mental
                health consultation, and the steady presence of a home visitor all
                help caregivers feel more able to offer what their child needs.</p>"""
            ),
            _callout(
                "tip",
                "In the classroom",
                """<p>Early educators can act as a secure base by staying close to
                the floor, keeping a predictable presence in the room and making
                eye contact as children play. Being a safe haven means welcoming
                children back without judgement, even when they come for comfort
                many times a day.</p>""",
            ),
            _h("Supporting both needs in practice"),
            _p(
                """<ul>
                <li><b>Stay available.</b> Sit where the child can see you. Let them
                check in with a glance and answer with a smile.</li>
                <li><b>Delight in exploration.</b> Show interest in what the child
                discovers: &ldquo;You climbed all the way up!&rdquo;</li>
                <li><b>Welcome the return.</b> Open arms, a calm voice and a few
                words about the feeling: &ldquo;That dog was loud. You came right
                back to me.&rdquo;</li>
                <li><b>Follow the child's lead</b> on when to head out again, rather
                than rushing them off or holding them back.</li>
                </ul>"""
            ),
            _check(
                "A toddler is playing across the room, hears a loud crash, and runs "
                "back to a teacher's lap. What is the teacher being in this moment?",
                SINGLE,
                [
                    (
                        "A secure base",
                        False,
                        "Close. The teacher was a secure base while the child "
                        "played; when the child runs back for comfort, the "
                        "teacher is a safe haven.",
                    ),
                    (
                        "A safe haven",
                        True,
                        "Yes. Returning for comfort when frightened is the safe "
                        "haven side of the relationship.",
                    ),
                    (
                        "A distraction from learning",
                        False,
                        "Comfort is part of learning. A child who is calmed can go "
                        "back to exploring.",
                    ),
                ],
            ),
            _check(
                "True or false: a child can have secure relationships with more "
                "than one caregiver.",
                TRUE_FALSE,
                _true_false(
                    True,
                    "True. Parents, grandparents and consistent teachers can all "
                    "be sources of security.",
                    "This is true. Children can and do form secure relationships "
                    "with several consistent caregivers.",
                ),
            ),
            _reflection(
                "Where in your work do you see children using an adult as a "
                "secure base or a safe haven? Which is easier for you to offer?",
            ),
        ],
    },
    {
        "slug": "separation-and-reunion",
        "title": "Separation and reunion",
        "minutes": 30,
        "introduction": (
            "Why goodbyes can be hard for babies and toddlers, how to make them "
            "easier, and what reunions tell us about a relationship."
        ),
        "body": [
            _h("Why goodbyes get harder before they get easier"),
            _p(
                """<p>Many parents are surprised when a baby who happily went to
                anyone at four months begins to cry when a grandparent reaches for
                them at eight months. Wariness of unfamiliar people often appears
                in the second half of the first year, and distress at being
                separated from a main caregiver commonly emerges around eight to
                ten months and can be strong well into the second year. This is a
                sign of healthy development: the baby now knows who their people
                are and understands that someone who leaves still exists somewhere
                else.</p>
                <p>Separation distress usually eases as children develop language,
                a sense of time and the experience of many goodbyes followed by
                reliable returns. Temperament, illness, a new sibling, a move or any
                change in routine can make it flare up again for a while.</p>"""
            ),
            _h("Making goodbyes easier"),
            _p(
                """<p>Small, predictable rituals help children manage separations.
                Families and early educators can:</p>
                <ul>
                <li><b>Say goodbye, every time.</b> Slipping out unseen may avoid
                tears in the moment, but it teaches a child that a caregiver can
                vanish without warning, which makes them more watchful.</li>
                <li><b>Keep it short and warm.</b> A hug, a familiar phrase
                (&ldquo;I'll be back after your nap&rdquo;) and then leaving
                calmly.</li>
                <li><b>Link the return to routines,</b> because young children
                understand &ldquo;after snack&rdquo; better than &ldquo;at three
                o'clock&rdquo;.</li>
                <li><b>Offer a bridge:</b> a photo, a blanket or something that
                smells like home.</li>
                <li><b>Hand over to a familiar person.</b> In child care, a primary
                caregiver who greets the same children each day makes
                transitions easier.</li>
                </ul>"""
            ),
            _callout(
                "tip",
                "Validate, don't hurry",
                """<p>&ldquo;You are sad that Daddy is leaving. He always comes
                back. I'm here with you.&rdquo; Naming the feeling and staying close
                helps more than telling a child not to cry.</p>""",
            ),
            _h("Reunions tell a story"),
            _p(
                """<p>How a child greets a caregiver after a separation can tell us
                a lot about their relationship. Many children light up, move toward
                the adult, seek a hug or show them something, and then settle back
                to play. Some children seem to ignore the returning adult, and some
                cling and remain upset for a long time. One reunion tells us very
                little; a pattern over time is more meaningful, and it should
                always be understood in the context of the child's temperament,
                culture, health and the day they have had.</p>
                <p>Adults also have feelings at reunions. A parent who arrives tired
                to a child who turns away may feel rejected. Helping parents
                understand that a child sometimes &ldquo;saves up&rdquo; big
                feelings for the person they feel safest with can turn a painful
                moment into a moment of connection.</p>"""
            ),
            _h("Longer separations, grief and loss"),
            _p(
                """<p>Some children experience separations that are long, sudden or
                frightening: a parent's hospitalization, military deployment,
                incarceration, a move into foster care, or a death. Very young
                children grieve, even when they do not have words for it. They may
                show changes in sleep and eating, more clinginess, lost skills or
                searching behavior. What helps is honest, simple explanation suited
                to their age, keeping as many routines and familiar people as
                possible, and adults who can tolerate the child's sadness and
                anger without taking it personally. When a child's distress is
                intense or lasts, a referral to an infant and early childhood
                mental health professional can help both the child and the adults
                who care for them.</p>"""
            ),
            _check(
                "A parent plans to sneak out of the classroom while their toddler "
                "is busy, to avoid tears. What is the most helpful advice?",
                SINGLE,
                [
                    (
                        "Sneaking out is kinder because the child won't get upset.",
                        False,
                        "It avoids tears in the moment, but the child learns that "
                        "a parent can disappear without warning, which often makes "
                        "the next goodbye harder.",
                    ),
                    (
                        "Say a short, warm goodbye, tell the child when you'll be "
                        "back, and hand them to a familiar teacher.",
                        True,
                        "Yes. A predictable ritual builds trust that goodbyes are "
                        "followed by returns.",
                    ),
                    (
                        "Stay until the child stops crying, however long it takes.",
                        False,
                        "Long, drawn-out goodbyes often raise a child's distress. "
                        "Short, warm and predictable works better.",
                    ),
                ],
            ),
            _check(
                "Which of these are common signs of grief in very young children "
                "after a significant loss? Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "Changes in sleep or eating",
                        True,
                        "Yes. Bodily routines are often the first to show distress.",
                    ),
                    (
                        "Losing skills they had, such as toileting",
                        True,
                        "Yes. Regression is a common response to loss and stress.",
                    ),
                    (
                        "Searching for the missing person",
                        True,
                        "Yes. Even babies may look for a person who has gone.",
                    ),
                    (
                        "No reaction at all, because babies are too young to grieve",
                        False,
                        "Very young children do grieve, even without words for it.",
                    ),
                ],
            ),
            _reflection(
                "Think about your own goodbyes and reunions with the families you "
                "serve, such as the end of a visit or the end of a program. How do "
                "you prepare children and parents for them?",
            ),
        ],
    },
    {
        "slug": "you-cannot-spoil-a-baby",
        "title": "You cannot spoil a baby",
        "minutes": 25,
        "introduction": (
            "Where the fear of spoiling comes from, what the science says, and how "
            "to talk about it respectfully with families."
        ),
        "body": [
            _h("An old worry"),
            _p(
                """<p>&ldquo;Don't pick her up every time she cries, you'll spoil
                her.&rdquo; Many parents hear some version of this from relatives,
                friends or even professionals. The advice usually comes from love
                and from the speaker's own experience, and sometimes from child
                rearing guidance that was common decades ago. But it rests on an
                idea about babies that does not fit what we now know about early
                development.</p>"""
            ),
            _h("What the science says"),
            _p(
                """<p>Spoiling implies that a child has learned to get what they
                want at the expense of what they need, or is deliberately
                manipulating adults. Young babies do not have the brain development
                to do either. A baby's cries and calls are signals of real needs,
                and in the first months, needs and wants are the same thing:
                food, warmth, comfort and closeness.</p>
                <p>Responsive care builds trust, and trust supports exploration,
                learning and, over time, greater independence. Babies whose signals
                are answered reliably tend to grow into toddlers who can wait a
                little longer, because they are confident help will come. Holding,
                carrying, rocking and comforting a baby are not bad habits; they are
                how healthy brains and relationships are built. When a baby feels
                loved and secure, they have the best chance to learn new skills and
                to form strong relationships with others.</p>"""
            ),
            _callout(
                "tip",
                "Something to share with families",
                """<p>Your attention and your touch matter more than any toy you can
                buy. Answering your baby is not giving in; it is teaching your baby
                that the world is a safe place to learn in.</p>""",
            ),
            _h("Responsive, not instant"),
            _p(
                """<p>Responsiveness also does not mean that a caregiver must drop
                everything the instant a baby fusses. Parents cook, shower, care for
                other children and go to work. A calm voice from across the room
                (&ldquo;I hear you, I'm coming&rdquo;) is already a response, and a
                short wait that ends in comfort teaches a baby that help is on the
                way. What matters is the overall pattern: a baby whose needs are
                usually met, most of the time, by someone who cares about them.</p>"""
            ),
            _h("What changes in toddlerhood"),
            _p(
                """<p>As children move into the second year, wants and needs start
                to separate. A toddler may want a third cookie, a turn with the
                tablet or to run into the street. Setting kind, clear limits at this
                age is part of responsive care, not the opposite of it. The same
                responsiveness that answered a baby's cries now shows up as naming
                the toddler's feelings (&ldquo;You really wanted another cookie. It's
                hard to hear no.&rdquo;), holding the limit calmly and staying close
                while the child is upset. Children learn that big feelings are
                allowed and that adults can keep them safe.</p>"""
            ),
            _h("Talking with families respectfully"),
            _p(
                """<p>Beliefs about spoiling are often tied to family, culture and
                faith, and to the advice of people a parent loves. Correcting them
                bluntly can feel like criticism of those people. A few approaches
                help:</p>
                <ul>
                <li><b>Start with curiosity.</b> &ldquo;What have you heard about
                picking babies up? What feels right to you?&rdquo;</li>
                <li><b>Affirm the goal.</b> Grandparents who warn about spoiling
                usually want a capable, well-behaved child. So does the science; it
                simply shows responsiveness is the way there.</li>
                <li><b>Share what babies can and cannot do</b> at this age, so that
                crying is seen as communication rather than manipulation.</li>
                <li><b>Honor family practices</b> such as carrying, wearing or
                sleeping close to babies, while making sure families have current
                safe sleep information.</li>
                </ul>"""
            ),
            _media("spoil-tip-sheet", "resource"),
            _check(
                "True or false: responding quickly to a young baby's cries teaches "
                "the baby to manipulate adults.",
                TRUE_FALSE,
                _true_false(
                    False,
                    "Not so. Young babies do not have the brain development to "
                    "manipulate; their cries signal real needs.",
                    "Right. Answering cries builds trust, and trust supports later "
                    "independence.",
                ),
            ),
            _check(
                "A grandmother tells a young mother that holding the baby so much "
                "will spoil him. What is a respectful first step for a home "
                "visitor?",
                SINGLE,
                [
                    (
                        "Tell the grandmother that her advice is out of date.",
                        False,
                        "Correcting her directly may feel like criticism and close "
                        "the conversation.",
                    ),
                    (
                        "Ask what each of them hopes for the baby, and build on the "
                        "shared goal of a confident, well-behaved child.",
                        True,
                        "Yes. Starting from a shared goal makes it easier to "
                        "explain why responsiveness gets there.",
                    ),
                    (
                        "Avoid the subject because it is a family matter.",
                        False,
                        "It is a family matter, and that is why it deserves a "
                        "gentle, curious conversation rather than silence.",
                    ),
                ],
            ),
            _reflection(
                "What did you hear about spoiling babies when you were growing up, "
                "or when you became a parent or caregiver? How does it shape the "
                "way you talk with families now?",
            ),
        ],
    },
]

ATTACHMENT_QUIZ = [
    _question(
        "What does \u201cserve and return\u201d describe?",
        SINGLE,
        [
            (
                "The back-and-forth exchanges between a child and a responsive adult",
                True,
                "",
            ),
            (
                "A sleep training method",
                False,
                "Serve and return is about everyday interactions, not sleep.",
            ),
            (
                "A turn-taking game for preschool classrooms only",
                False,
                "It happens from birth, in any setting.",
            ),
        ],
        "A child serves with a look, sound or gesture and the adult returns by "
        "noticing and responding. These exchanges help build brain connections for "
        "language, regulation and trust.",
    ),
    _question(
        "Which of these are part of a good return? Choose all that apply.",
        MULTIPLE,
        [
            ("Sharing the child's focus of attention", True, ""),
            ("Naming what the child is seeing or feeling", True, ""),
            ("Waiting so the child can take a turn", True, ""),
            (
                "Filling every pause with new toys and questions",
                False,
                "Pauses let the child lead; too much stimulation can end the exchange.",
            ),
        ],
        "Noticing, naming and waiting keep the exchange going and let the child lead.",
    ),
    _question(
        "True or false: for healthy development, caregivers need to respond to "
        "every one of a baby's serves.",
        TRUE_FALSE,
        [("True", False, ""), ("False", True, "")],
        "False. Missed serves are normal. What matters is that responsive moments "
        "are frequent and that connections are repaired.",
    ),
    _question(
        "A caregiver feels overwhelmed after an hour of inconsolable crying. What "
        "is the safest plan?",
        SINGLE,
        [
            (
                "Put the baby down on their back in a crib, step away for a few "
                "minutes and call someone for support",
                True,
                "",
            ),
            (
                "Keep trying different soothing methods quickly until one works",
                False,
                "Rapid changes can overwhelm the baby and the adult.",
            ),
            (
                "Give the baby a firm shake to break the crying cycle",
                False,
                "Never shake a baby: it can cause serious brain injury or death.",
            ),
        ],
        "A short break with the baby in a safe sleep space protects both the baby "
        "and the caregiver.",
    ),
    _question(
        "In many infants, when does crying tend to peak?",
        SINGLE,
        [
            ("Around six to eight weeks of age", True, ""),
            ("In the first two days", False, ""),
            ("Around the first birthday", False, ""),
        ],
        "Crying commonly increases over the first weeks, peaks in the second month "
        "and eases by three to four months.",
    ),
    _question(
        "A toddler runs back to her father after a stranger speaks to her, then "
        "returns to play a minute later. What is the father providing?",
        SINGLE,
        [
            ("A safe haven, and then a secure base", True, ""),
            ("A distraction", False, ""),
            (
                "Overprotection that will make her dependent",
                False,
                "Comfort when frightened supports confident exploration.",
            ),
        ],
        "She returns to him for comfort (safe haven) and then uses him as a base "
        "to explore again (secure base).",
    ),
    _question(
        "When does distress at separation from a main caregiver commonly emerge?",
        SINGLE,
        [
            ("Around eight to ten months", True, ""),
            ("In the first month", False, ""),
            ("Only after age three", False, ""),
        ],
        "Separation distress often appears in the second half of the first year "
        "and is a sign that the baby knows who their people are.",
    ),
    _question(
        "Which goodbye routines help young children manage separations? Choose all "
        "that apply.",
        MULTIPLE,
        [
            ("A short, warm goodbye every time", True, ""),
            (
                "Linking the return to a routine, such as \u201cafter nap\u201d",
                True,
                "",
            ),
            ("Handing the child to a familiar caregiver", True, ""),
            (
                "Leaving quietly while the child is distracted",
                False,
                "Sneaking out can make children more watchful and goodbyes harder.",
            ),
        ],
        "Predictable, honest goodbyes build trust that a caregiver who leaves will "
        "come back.",
    ),
    _question(
        "True or false: you cannot spoil a young baby by responding to their cries "
        "and holding them.",
        TRUE_FALSE,
        [("True", True, ""), ("False", False, "")],
        "True. Young babies' signals are real needs. Responsive care builds trust "
        "and, over time, greater independence.",
    ),
    _question(
        "What changes about responsive care as a child becomes a toddler?",
        SINGLE,
        [
            ("Kind, clear limits become part of responsiveness", True, ""),
            (
                "Adults should stop comforting the child",
                False,
                "Toddlers still need comfort, especially when limits upset them.",
            ),
            (
                "The child no longer needs a secure base",
                False,
                "Toddlers use adults as a secure base all the time.",
            ),
        ],
        "As wants and needs separate, responsive adults name feelings, hold limits "
        "calmly and stay close while the child is upset.",
    ),
]


# --- Course: Trauma-Informed Care and ACEs in Early Childhood ---------------------

CRISIS_CALLOUTS = [
    _callout(
        "crisis",
        "988 Suicide & Crisis Lifeline",
        """<p>Call or text <b>988</b>, any time of day or night, to reach a trained
        crisis counselor. It is free and confidential, for you or for a family you
        are worried about.</p>""",
    ),
    _callout(
        "crisis",
        "Oklahoma Early Childhood Warmline: 1-877-271-7611",
        """<p>For parents, caregivers and providers who are concerned about a young
        child's behavior, emotions or well-being and want to talk it through with
        someone who knows early childhood.</p>""",
    ),
    _callout(
        "crisis",
        "Immediate danger: call 911",
        """<p>If a child or adult is in immediate danger, call <b>911</b>.</p>""",
    ),
]

TRAUMA_LESSONS = [
    {
        "slug": "understanding-aces",
        "title": "Understanding adverse childhood experiences",
        "minutes": 30,
        "introduction": (
            "What adverse childhood experiences are, what the research found, and "
            "how to use the idea without labeling children or families."
        ),
        "body": [
            _h("Where the idea came from"),
            _p(
                """<p>In the late 1990s, a large study of adults receiving routine
                health care in California asked about difficult experiences in
                their childhoods. More than 17,000 people took part. The researchers
                grouped the experiences into three families: <b>abuse</b>
                (physical, emotional and sexual), <b>neglect</b> (physical and
                emotional) and <b>household challenges</b>, such as living with
                someone who had a mental illness or a substance use problem,
                witnessing violence against a parent, parental separation or
                divorce, or having a household member in prison. These became known
                as <b>adverse childhood experiences</b>, or ACEs.</p>
                <p>Two findings changed how many fields think about childhood.
                First, ACEs were common: about two in three adults reported at least
                one, and many reported several. Second, the more ACEs a person
                reported, the higher their risk, on average, of many later health
                problems, including heart and lung disease, depression, substance
                use and early death. This stepwise pattern is called a
                dose-response relationship.</p>"""
            ),
            _h("ACEs in Oklahoma"),
            _p(
                """<p>National surveys of children's health have repeatedly found
                Oklahoma among the states with the highest share of children who
                have experienced several ACEs, and some communities carry a much
                heavier load than others. That is one reason infant and early
                childhood mental health services in the state focus on
                strengthening early relationships, supporting emotional regulation
                and offering trauma-informed care wherever families already go:
                child care, home visiting, health departments and pediatric
                offices.</p>"""
            ),
            _h("What the ACE score can and cannot do"),
            _p(
                """<p>An ACE score counts how many categories a person experienced.
                It is a useful tool for understanding risk across a population. It
                was not designed to diagnose or predict what will happen to one
                child. Two children with the same score may have had very different
                experiences, and a child with a high score who has steady, caring
                relationships may do very well. The original list also leaves out
                adversities that many families face, such as poverty, community
                violence, racism and discrimination, housing instability, natural
                disasters and the loss of a caregiver through death or deportation.
                These matter too.</p>
                <p>Just as important, the original questions did not ask about the
                good things in a childhood. Later research has shown that
                <b>positive childhood experiences</b>, such as feeling able to talk
                with family about feelings, feeling supported by friends, belonging
                at school or in a community, and having at least two non-parent
                adults who took a genuine interest, are linked to better adult
                mental health, even among people who also had ACEs.</p>"""
            ),
            _callout(
                "caution",
                "A lens, not a label",
                """<p>Use ACEs to understand, not to sort people. A parent with a
                painful childhood is not destined to repeat it, and a child who has
                lived through hard things is not &ldquo;damaged.&rdquo; Avoid
                describing anyone by their score.</p>""",
            ),
            _h("From &ldquo;what's wrong&rdquo; to &ldquo;what happened&rdquo;"),
            _p(
                """<p>Trauma-informed care begins with a shift in the question we
                ask. Instead of &ldquo;What is wrong with this child?&rdquo; or
                &ldquo;What is wrong with this parent?&rdquo;, we ask &ldquo;What has
                happened, and what is helping?&rdquo; Behavior that looks
                challenging, such as a toddler who hits, a baby who cannot settle or
                a parent who misses appointments, often makes sense once we
                understand the stress behind it. This does not mean excusing harm.
                It means responding in ways that build safety, so that change
                becomes possible.</p>"""
            ),
            _check(
                "Which of these were among the categories in the original ACE "
                "study? Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "Emotional neglect",
                        True,
                        "Yes. Physical and emotional neglect were both included.",
                    ),
                    (
                        "A household member with a mental illness",
                        True,
                        "Yes. This is one of the household challenges.",
                    ),
                    (
                        "Parental separation or divorce",
                        True,
                        "Yes. It is one of the household challenges.",
                    ),
                    (
                        "Community violence",
                        False,
                        "Community violence matters a great deal, but it was not "
                        "in the original list. Expanded measures add it.",
                    ),
                ],
            ),
            _check(
                "True or false: a child's ACE score predicts how that child will "
                "do as an adult.",
                TRUE_FALSE,
                _true_false(
                    False,
                    "Not so. The score describes risk across groups of people. "
                    "Relationships and supports change an individual child's "
                    "path.",
                    "Right. The score shows risk across populations; it cannot "
                    "predict one child's future.",
                ),
            ),
            _reflection(
                "Which adversities do the families you serve face that the "
                "original ACE list does not name? What strengths and supports do "
                "you see in those same families?",
            ),
        ],
    },
    {
        "slug": "toxic-stress-and-brain-development",
        "title": "Toxic stress and the developing brain",
        "minutes": 35,
        "introduction": (
            "How the stress response works, when stress becomes harmful for a "
            "young child, and why caring adults make the difference."
        ),
        "body": [
            _h("The stress response"),
            _p(
                """<p>When we sense a threat, the body gets ready to act. Heart rate
                and breathing speed up, stress hormones such as adrenaline and
                cortisol rise, and energy moves to the muscles. The thinking parts
                of the brain step back and faster, more automatic systems take over.
                This response is protective: it helps us run, fight or freeze when
                we need to. Once the threat passes, the body is designed to return
                to calm.</p>
                <p>Young children have the same system, but they cannot turn it off
                on their own. They depend on a caring adult to notice that they are
                frightened and help them settle. That is why the presence of a
                calm, trusted adult is so central to how stress affects a young
                child.</p>"""
            ),
            _h("Three kinds of stress"),
            _p(
                """<p>It helps to think about stress in three broad kinds:</p>
                <ul>
                <li><b>Positive stress</b> is brief and mild: the first day with a
                new caregiver, a vaccination, a toy that will not fit. With support,
                children learn that they can cope, and this is a healthy part of
                growing up.</li>
                <li><b>Tolerable stress</b> is more serious: a frightening injury, a
                family member's death, a natural disaster. It could cause lasting
                harm, but when it is time-limited and the child has supportive
                adults who help them through it, the brain and body can
                recover.</li>
                <li><b>Toxic stress</b> is strong, frequent or prolonged activation
                of the stress response without enough adult support to buffer it,
                for example ongoing neglect, exposure to violence at home, or a
                caregiver overwhelmed by untreated depression or substance use.</li>
                </ul>
                <p>What turns a hard experience into toxic stress is not only the
                event itself but whether a child has a caring adult to help them
                recover.</p>"""
            ),
            _h("What toxic stress does"),
            _p(
                """<p>The brain builds itself from the bottom up, with simpler
                circuits laid down first and more complex ones built on top. When
                the stress response stays switched on, the stress hormones that are
                helpful in short bursts can disrupt how those connections form,
                particularly in areas involved in memory, learning and managing
                emotions. The stress system itself can become more sensitive, so
                that a child reacts strongly to small triggers or stays on high
                alert. Toxic stress can also affect the immune system and other
                body systems, which helps explain the links between early adversity
                and later physical health.</p>"""
            ),
            _media("window-of-tolerance-diagram", "image"),
            _h("The window of tolerance"),
            _p(
                """<p>A helpful picture for everyday practice is the <b>window of
                tolerance</b>: the zone in which a child is calm and alert enough
                to play, learn and connect. Stress can push a child above the
                window into fight or flight, with screaming, hitting or running, or
                below it into shutting down, when a child goes quiet, still or far
                away. Children who have lived with toxic stress often have a
                narrower window and leave it more quickly. A child who shuts down
                can easily be mistaken for a calm child, so watch closely.</p>
                <p>In either state, words and reasoning do not reach a child very
                well. What helps first is co-regulation: a calm adult nearby, a
                soft voice, fewer demands, and comfort the child can accept. Once the
                child is back inside the window, there is room for talking,
                teaching and repair.</p>"""
            ),
            _h("Listen: why relationships are protective"),
            _media("trauma-narration", "audio"),
            _callout(
                "tip",
                "The brain stays changeable",
                """<p>Early experiences matter, but development does not stop.
                Responsive relationships, predictable routines and effective
                treatment can help children's stress systems recover, and the
                earlier support comes, the easier it is.</p>""",
            ),
            _check(
                "What most distinguishes toxic stress from tolerable stress?",
                SINGLE,
                [
                    (
                        "Whether the child cried during the event",
                        False,
                        "Crying is a normal signal of distress; it does not tell "
                        "us whether stress becomes toxic.",
                    ),
                    (
                        "Whether the stress is prolonged and the child lacks a "
                        "caring adult to help them recover",
                        True,
                        "Yes. Duration, intensity and, above all, the presence of "
                        "supportive adults make the difference.",
                    ),
                    (
                        "Whether the event happened at home or in child care",
                        False,
                        "The setting matters less than how long the stress lasts "
                        "and whether an adult helps the child recover.",
                    ),
                ],
            ),
            _check(
                "True or false: a quiet, still child who has just been frightened "
                "is always calm and ready to learn.",
                TRUE_FALSE,
                _true_false(
                    False,
                    "Not always. Stillness can be a shutdown response below the "
                    "window of tolerance.",
                    "Right. A child who has shut down may look calm but still needs "
                    "help to feel safe.",
                ),
            ),
            _reflection(
                "Think of a child whose behavior puzzles you. Could they be outside "
                "their window of tolerance at those moments? What helps them come "
                "back?",
            ),
        ],
    },
    {
        "slug": "signs-of-emotional-concern",
        "title": "Signs of emotional concern from birth to five",
        "minutes": 35,
        "introduction": (
            "What may signal that an infant, toddler or preschooler is struggling "
            "emotionally, and how to respond thoughtfully with the family."
        ),
        "body": [
            _h("Looking for patterns"),
            _p(
                """<p>Every young child has hard days. Teething, illness, a new
                sibling or a change of caregiver can all bring on clinginess, poor
                sleep or tantrums for a while. The signs below are worth attention
                when they are <b>intense</b>, <b>persistent</b> over weeks, seen
                <b>across settings</b>, or <b>out of step</b> with what we would
                expect at the child's age. One sign on its own is not a diagnosis.
                It is a reason to look more closely, with the family, at what is
                happening and what might help.</p>
                <p>Always consider physical causes too. Hearing or vision problems,
                pain, sleep problems and hunger can all look like emotional
                difficulties.</p>"""
            ),
            _h("Infants, birth to one year"),
            _p(
                """<p>In the first year, emotional health shows up largely in
                relationships, feeding and regulation. Signs that may call for a
                closer look include a baby who:</p>
                <ul>
                <li>cries very little, or seems unusually quiet and undemanding;</li>
                <li>shows little interest in faces, voices or toys;</li>
                <li>is very hard to comfort, even by familiar caregivers;</li>
                <li>rarely makes or holds eye contact;</li>
                <li>is not gaining weight as expected, or has ongoing feeding
                difficulties.</li>
                </ul>"""
            ),
            _h("Toddlers, one to three years"),
            _p(
                """<p>Toddlers are learning to use adults for comfort, to play
                alongside others and to express a range of feelings. Signs that may
                call for a closer look include a toddler who:</p>
                <ul>
                <li>does not turn to familiar adults for help or comfort;</li>
                <li>dislikes or avoids being touched or held;</li>
                <li>has great difficulty playing near or with other children;</li>
                <li>seems extremely fearful much of the time;</li>
                <li>shows very few different emotions;</li>
                <li>cannot settle even with a caregiver's help.</li>
                </ul>"""
            ),
            _h("Preschoolers, three to five years"),
            _p(
                """<p>Preschoolers are building friendships and using words to
                manage feelings. Signs that may call for a closer look include a
                child who:</p>
                <ul>
                <li>has ongoing trouble playing with other children or making
                friends;</li>
                <li>loses skills they had mastered, such as toileting, talking or
                playing;</li>
                <li>hurts themselves or others, or often destroys things;</li>
                <li>seems withdrawn, sad or fearful for long stretches;</li>
                <li>cannot calm down, even with support.</li>
                </ul>"""
            ),
            _callout(
                "tip",
                "Start with the family's view",
                """<p>Ask what the parent notices at home and what worries them, if
                anything. Parents are experts on their children, and a concern you
                raise together is far more likely to lead to help than one you
                deliver.</p>""",
            ),
            _h("What to do when you are concerned"),
            _p(
                """<p>Keep culture and context in mind. Families differ in how much
                eye contact they expect from children, how openly feelings are
                shown, how much babies are held and how early independence is
                encouraged. A behavior that looks worrying through one lens can be
                expected and valued in another family. Ask how the family sees it,
                and look at how the child is doing in relationships and daily life
                rather than measuring them against a single standard.</p>"""
            ),
            _p(
                """<p>Write down what you observe, when and in what situations,
                using plain descriptions rather than labels. Share your observations
                with the family in private, with warmth, and ask for theirs. A
                validated social-emotional screening tool, such as the ASQ:SE-2,
                can help structure the conversation. Talk with your supervisor and,
                with the family's agreement, connect them to the next step: their
                child's health care provider, a Child Guidance program at the
                county health department, infant and early childhood mental health
                consultation in child care, or SoonerStart, Oklahoma's early
                intervention program for children from birth to three. The
                Early Childhood Warmline is also available to parents and providers
                who want to talk a worry through.</p>"""
            ),
            _check(
                "Which of these could be signs of emotional concern in a toddler "
                "if they persist? Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "Not going to familiar adults for comfort",
                        True,
                        "Yes. Toddlers usually seek out trusted adults when upset.",
                    ),
                    (
                        "Showing very few different emotions",
                        True,
                        "Yes. A narrow emotional range can signal that a child is "
                        "struggling.",
                    ),
                    (
                        "A tantrum when a toy is taken away",
                        False,
                        "Occasional tantrums are typical for toddlers.",
                    ),
                    (
                        "Being unable to settle even with a caregiver's help",
                        True,
                        "Yes, especially if it happens often and across settings.",
                    ),
                ],
            ),
            _check(
                "A four-year-old who had been toilet trained for a year starts "
                "having daily accidents after a house fire. What is the best first "
                "response?",
                SINGLE,
                [
                    (
                        "Treat it as a discipline problem and remove privileges.",
                        False,
                        "Regression after a frightening event is a stress "
                        "response, not misbehavior. Punishment adds stress.",
                    ),
                    (
                        "Respond calmly, keep routines predictable, and talk with "
                        "the family about how the child is coping.",
                        True,
                        "Yes. Loss of skills after a stressful event is a "
                        "signal to offer support and watch how the child recovers.",
                    ),
                    (
                        "Ignore it; children always grow out of it.",
                        False,
                        "Many children do recover with support, but a lost skill "
                        "is a signal worth attention.",
                    ),
                ],
            ),
            _reflection(
                "When you have a concern about a child's emotional health, what "
                "makes it easier or harder for you to raise it with the family?",
            ),
        ],
    },
    {
        "slug": "buffering-relationships",
        "title": "Buffering relationships and trauma-informed practice",
        "minutes": 35,
        "introduction": (
            "How caring relationships protect young children from the effects of "
            "adversity, and the principles of trauma-informed practice."
        ),
        "body": [
            _h("Relationships are the buffer"),
            _p(
                """<p>The single most consistent finding in research on resilience
                is that children who do well despite adversity have had at least
                one stable, committed relationship with a supportive adult. That
                relationship buffers stress: it helps the child's stress response
                turn on and, crucially, turn off again. It also gives the child
                repeated chances to practice the skills of regulation, planning and
                adapting.</p>
                <p>For infants and toddlers, the most powerful buffers are their own
                parents and caregivers. This is why trauma-informed early childhood
                work almost always works <i>through</i> the caregiving relationship,
                helping parents feel calmer, more confident and better supported so
                that they can do the buffering themselves. Early educators, home
                visitors and other consistent adults can add to that buffer, but
                they cannot replace it.</p>"""
            ),
            _h("What buffering looks like day to day"),
            _p(
                """<ul>
                <li><b>Predictability.</b> Regular routines for meals, naps and
                goodbyes tell a child's body what comes next.</li>
                <li><b>Co-regulation.</b> A calm adult who stays close when the child
                is upset, using a soft voice and simple words.</li>
                <li><b>Naming feelings.</b> &ldquo;That was a loud noise. You got
                scared.&rdquo; Words help children make sense of experience.</li>
                <li><b>Play.</b> Play is how young children work through
                experiences and recover a sense of control.</li>
                <li><b>Repair.</b> When an adult loses patience, coming back to
                reconnect teaches that relationships survive hard moments.</li>
                </ul>"""
            ),
            _h("Principles of trauma-informed care"),
            _p(
                """<p>Positive experiences count too. Shared meals, bedtime stories,
                being taken to the park, songs and prayers from a family's tradition,
                a grandparent who always has time: these ordinary moments add up.
                When we help a family notice and protect them, we strengthen the
                buffer around the child. Asking &ldquo;What are the good times in
                your week together?&rdquo; is as important as asking about
                stress.</p>"""
            ),
            _p(
                """<p>Trauma-informed care is not a single program. It is a way of
                working that <b>realizes</b> how common trauma is, <b>recognizes</b>
                its signs in children, families and staff, <b>responds</b> by
                building that knowledge into practice and policy, and actively
                <b>avoids re-traumatizing</b> people. Widely used guidance describes
                a set of principles that apply to agencies as well as to
                individuals:</p>
                <ul>
                <li><b>Safety</b>, physical and emotional, for families and staff;</li>
                <li><b>Trustworthiness and transparency</b>: clear expectations and
                honest explanations;</li>
                <li><b>Peer support</b> from people with shared experiences;</li>
                <li><b>Collaboration and mutuality</b>: doing with, not to;</li>
                <li><b>Empowerment, voice and choice</b>, building on strengths;</li>
                <li>Attention to <b>cultural, historical and gender</b> contexts,
                including historical trauma in many communities.</li>
                </ul>"""
            ),
            _h("Respectful practice with families"),
            _p(
                """<p>Many parents of young children are carrying their own
                histories of adversity. Trauma-informed practice offers them the
                same understanding we offer their children. Small choices matter:
                explaining why you are asking a question, offering choices about
                where and when to meet, noticing what a parent is doing well, using
                plain and non-judging language in notes, and following through on
                what you say you will do. Parents who feel respected are more
                likely to stay connected to services and to share what is really
                going on.</p>"""
            ),
            _callout(
                "caution",
                "When you suspect abuse or neglect",
                """<p>In Oklahoma, every adult who has reason to believe a child is
                being abused or neglected must report it. Call the Oklahoma Child
                Abuse and Neglect Hotline at <b>1-800-522-3511</b>, follow your
                agency's procedures and talk with your supervisor. If a child is in
                immediate danger, call <b>911</b>. Reporting can be part of
                supporting a family, not the end of your relationship with
                them.</p>""",
            ),
            _check(
                "What does research most consistently find among young children "
                "who do well despite significant adversity?",
                SINGLE,
                [
                    (
                        "They were protected from all stress.",
                        False,
                        "No child avoids all stress, and some stress helps "
                        "children grow.",
                    ),
                    (
                        "They had at least one stable, supportive relationship with "
                        "an adult.",
                        True,
                        "Yes. A committed, caring adult is the most consistent "
                        "protective factor.",
                    ),
                    (
                        "They had a naturally easygoing temperament.",
                        False,
                        "Temperament plays a part, but relationships matter most "
                        "and are something we can strengthen.",
                    ),
                ],
            ),
            _check(
                "Which of these reflect trauma-informed practice with a parent? "
                "Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "Explaining why you are asking a sensitive question",
                        True,
                        "Yes. Transparency builds trust and a sense of safety.",
                    ),
                    (
                        "Offering choices about when and where to meet",
                        True,
                        "Yes. Choice gives back a sense of control.",
                    ),
                    (
                        "Describing the parent as \u201cnon-compliant\u201d in "
                        "shared notes",
                        False,
                        "Labels like this can follow a family. Describe what "
                        "happened in plain, respectful terms instead.",
                    ),
                    (
                        "Following through on what you say you will do",
                        True,
                        "Yes. Reliability is at the heart of trustworthiness.",
                    ),
                ],
            ),
            _reflection(
                "Which of the trauma-informed principles does your program do well, "
                "and which one would you most like to strengthen?",
            ),
        ],
    },
    {
        "slug": "caring-for-yourself",
        "title": "Caring for yourself and knowing where to turn",
        "minutes": 25,
        "introduction": (
            "How hearing about trauma affects the people who do this work, ways to "
            "sustain yourself, and where to turn in a crisis."
        ),
        "body": [
            _h("This work affects us"),
            _p(
                """<p>Caring about young children and families who are living
                through hard things is meaningful work, and it can be heavy. Hearing
                a parent describe violence, seeing a baby who is not thriving or
                worrying about a child between visits all leave a mark.
                <b>Secondary traumatic stress</b> describes trauma-like reactions
                that come from exposure to other people's trauma: intrusive
                thoughts, trouble sleeping, feeling on edge or numb, avoiding certain
                families or topics. <b>Burnout</b> is a related but different
                experience of exhaustion and lost sense of purpose, often driven by
                workload and organizational strain. Both are common, and neither is
                a personal failure.</p>"""
            ),
            _h("Noticing the signs"),
            _p(
                """<p>Signs that the work is taking a toll can be easy to explain
                away. Notice if you are more irritable or cynical than usual,
                dreading particular visits, replaying difficult stories at night,
                feeling detached from the families you serve, or using food,
                alcohol or screens to switch off. Notice too if people close to you
                comment that you seem different.</p>"""
            ),
            _h("What helps"),
            _p(
                """<p>Caring for yourself is part of caring for children, because a
                regulated adult is what a dysregulated child needs most. Strategies
                that professionals find helpful include:</p>
                <ul>
                <li><b>Reflective supervision or consultation</b>: regular, protected
                time to think with a trusted colleague about the feelings the work
                stirs up and how they shape your practice.</li>
                <li><b>Transitions</b>: a small ritual between visits or at the end
                of the day, such as a few slow breaths, a short walk or a song in
                the car, to leave work at work.</li>
                <li><b>Boundaries</b> around time and availability, agreed with your
                supervisor.</li>
                <li><b>The basics</b>: sleep, movement, food and time with people
                who restore you.</li>
                <li><b>Your own support</b>, including counseling, without
                embarrassment.</li>
                </ul>"""
            ),
            _h("It is not only up to you"),
            _p(
                """<p>It also helps to notice what sustains you. Many professionals
                describe <b>compassion satisfaction</b>: the deep sense of meaning
                that comes from seeing a parent's face soften as their baby settles,
                or a toddler who once hit now running to a teacher for a hug.
                Writing down small moments like these, and sharing them with your
                team, is not a distraction from hard work. It is part of what makes
                hard work possible over a career.</p>"""
            ),
            _p(
                """<p>Self-care on its own cannot fix unmanageable caseloads or a
                workplace without support. Trauma-informed organizations build care
                for staff into how they work: reasonable caseloads, predictable
                reflective supervision, debriefing after critical incidents, and a
                culture where saying &ldquo;this one is getting to me&rdquo; is
                welcomed. If you lead a team, these are some of the most important
                things you can protect.</p>"""
            ),
            _h("Where to turn in a crisis"),
            _p(
                """<p>Keep these numbers where you and the families you serve can
                find them quickly. Share them at intake, not only in an
                emergency.</p>"""
            ),
            *CRISIS_CALLOUTS,
            _media("trauma-tip-sheet", "resource"),
            _check(
                "A home visitor has begun dreading visits with one family and "
                "replays their stories at night. What is the most helpful next "
                "step?",
                SINGLE,
                [
                    (
                        "Keep it to herself so she does not seem unprofessional.",
                        False,
                        "These reactions are common in this work. Keeping them "
                        "hidden tends to make them grow.",
                    ),
                    (
                        "Bring it to reflective supervision or talk with her "
                        "supervisor.",
                        True,
                        "Yes. Reflective supervision is a place to notice and work "
                        "with these feelings, and to plan support.",
                    ),
                    (
                        "Ask to stop seeing the family right away.",
                        False,
                        "Sometimes a change is right, but it is a decision to make "
                        "with a supervisor after reflecting on what is happening.",
                    ),
                ],
            ),
            _check(
                "True or false: the 988 Lifeline can be reached by text as well as "
                "by phone call.",
                TRUE_FALSE,
                _true_false(
                    True,
                    "True. You can call or text 988 at any time.",
                    "It is true: 988 answers both calls and texts, day and night.",
                ),
            ),
            _reflection(
                "What are your own early warning signs that the work is getting to "
                "you, and who or what helps you recover?",
                "This note is private. Consider also writing down one small "
                "transition ritual you could try this week.",
            ),
        ],
    },
]

TRAUMA_QUIZ = [
    _question(
        "Which three groups of experiences did the original ACE study describe?",
        SINGLE,
        [
            ("Abuse, neglect and household challenges", True, ""),
            ("Poverty, illness and school failure", False, ""),
            ("Divorce, moving house and starting school", False, ""),
        ],
        "The original study grouped ten experiences into abuse, neglect and "
        "household challenges such as mental illness or substance use at home.",
    ),
    _question(
        "True or false: an ACE score can be used to diagnose an individual child.",
        TRUE_FALSE,
        [("True", False, ""), ("False", True, "")],
        "False. ACE scores describe risk across populations; they do not diagnose "
        "or predict what will happen to one child.",
    ),
    _question(
        "What turns a hard experience into toxic stress for a young child?",
        SINGLE,
        [
            (
                "Strong or prolonged stress without enough adult support to buffer it",
                True,
                "",
            ),
            (
                "Any experience that makes the child cry",
                False,
                "Brief, supported stress can be positive or tolerable.",
            ),
            ("Stress that happens before the age of one", False, ""),
        ],
        "The presence of a caring adult who helps the child recover is what "
        "separates tolerable from toxic stress.",
    ),
    _question(
        "A child who has been frightened goes very quiet and still. In terms of "
        "the window of tolerance, what might be happening?",
        SINGLE,
        [
            ("The child may have shut down, below the window", True, ""),
            (
                "The child is calm and ready to learn",
                False,
                "Stillness after a fright can be a shutdown response.",
            ),
            ("The child is in fight or flight, above the window", False, ""),
        ],
        "Shutting down can look like calm. The child still needs co-regulation "
        "before they can learn or talk about what happened.",
    ),
    _question(
        "Which are possible signs of emotional concern in an infant under one, if "
        "they persist? Choose all that apply.",
        MULTIPLE,
        [
            ("Very hard to soothe, even by familiar caregivers", True, ""),
            ("Little interest in faces, voices or toys", True, ""),
            ("Not gaining weight as expected", True, ""),
            (
                "Crying when hungry",
                False,
                "Crying when hungry is healthy communication.",
            ),
        ],
        "Patterns that are intense, persistent and seen across settings are worth "
        "a closer look with the family and the child's health care provider.",
    ),
    _question(
        "Which are possible signs of emotional concern in a preschooler, if they "
        "persist? Choose all that apply.",
        MULTIPLE,
        [
            ("Losing skills they had, such as toileting or talking", True, ""),
            ("Often hurting themselves or others", True, ""),
            ("Long stretches of sadness, fear or withdrawal", True, ""),
            (
                "Preferring one friend over others",
                False,
                "Having favorite friends is typical.",
            ),
        ],
        "Regression, aggression and persistent withdrawal are signals to explore "
        "with the family and, if needed, a referral.",
    ),
    _question(
        "What is the most consistent protective factor for young children facing "
        "adversity?",
        SINGLE,
        [
            ("A stable, supportive relationship with at least one adult", True, ""),
            ("An early start to academic instruction", False, ""),
            ("Avoiding all talk about difficult events", False, ""),
        ],
        "Caring relationships buffer stress and give children practice in "
        "regulation. That is why trauma-informed work supports caregivers.",
    ),
    _question(
        "Which of these are principles of trauma-informed care? Choose all that apply.",
        MULTIPLE,
        [
            ("Safety", True, ""),
            ("Trustworthiness and transparency", True, ""),
            ("Empowerment, voice and choice", True, ""),
            (
                "Strict compliance with rules, whatever the circumstances",
                False,
                "Clear expectations help, but rigid compliance without "
                "collaboration can re-traumatize.",
            ),
        ],
        "Safety, trustworthiness, peer support, collaboration, empowerment and "
        "attention to cultural and historical context guide trauma-informed "
        "practice.",
    ),
    _question(
        "True or false: secondary traumatic stress is a sign that a professional "
        "is not suited to this work.",
        TRUE_FALSE,
        [("True", False, ""), ("False", True, "")],
        "False. It is a common response to caring about people who have been "
        "through trauma. Reflective supervision and organizational support help.",
    ),
    _question(
        "A parent tells you she is thinking about ending her life. Which number "
        "connects her with a trained crisis counselor by call or text, any time?",
        SINGLE,
        [
            ("988", True, ""),
            (
                "1-877-271-7611",
                False,
                "That is the Early Childhood Warmline, for concerns about a young "
                "child's behavior or well-being.",
            ),
            ("411", False, "411 is directory assistance."),
        ],
        "988 is the Suicide & Crisis Lifeline. If anyone is in immediate danger, "
        "call 911.",
    ),
]


# --- Course: The Pyramid Model ----------------------------------------------------

PYRAMID_LESSONS = [
    {
        "slug": "effective-workforce",
        "title": "The foundation: an effective workforce",
        "minutes": 35,
        "introduction": (
            "An overview of the Pyramid Model's tiers, and why everything rests on "
            "adults who are well prepared and well supported."
        ),
        "body": [
            _h("A framework for every child"),
            _p(
                """<p>The Pyramid Model is a framework that early childhood programs
                use to promote young children's social and emotional development
                and to prevent and respond to challenging behavior. It grew out of
                two national centers funded to bring research on early social and
                emotional development into everyday practice, and it is now
                supported by the National Center for Pyramid Model Innovations.
                Programs across the country, including child care, Head Start, home
                visiting and early intervention, use it with infants, toddlers and
                preschoolers.</p>
                <p>The model is drawn as a pyramid because it is a tiered system of
                support. The broad lower levels describe what every child receives.
                Smaller, more targeted levels sit on top for the children who need
                more. Each level depends on the ones beneath it.</p>"""
            ),
            _media("pyramid-video", "video"),
            _h("The levels, from the bottom up"),
            _media("pyramid-diagram", "image"),
            _p(
                """<ul>
                <li><b>The foundation: an effective workforce.</b> Systems and
                policies that make it possible for adults to use the practices
                well.</li>
                <li><b>Tier 1, universal promotion.</b> Nurturing and responsive
                relationships, and high-quality supportive environments, for all
                children.</li>
                <li><b>Tier 2, targeted social-emotional supports.</b> More
                deliberate and more frequent teaching of social and emotional
                skills for children who need extra practice.</li>
                <li><b>Tier 3, intensive intervention.</b> Individualized,
                team-based support for the few children whose challenging behavior
                continues despite strong Tier 1 and Tier 2 practices.</li>
                </ul>
                <p>When the lower levels are solid, most children thrive without
                anything more, and far fewer need intensive help.</p>"""
            ),
            _h("What makes a workforce effective"),
            _p(
                """<p>With infants and toddlers, the same tiers apply, but they look
                different. Tier 1 practices center on responsive caregiving routines
                and consistent caregivers. Teaching at Tier 2 happens mostly through
                everyday interactions, one child at a time, and Tier 3 support is
                built closely with the family, often alongside early intervention or
                infant and early childhood mental health services.</p>"""
            ),
            _p(
                """<p>Knowing the practices is not enough. Adults need the conditions
                to use them day after day. In programs that implement the Pyramid
                Model well, you typically find:</p>
                <ul>
                <li><b>Training and coaching.</b> Workshops introduce the practices;
                ongoing, practice-based coaching in the classroom or home is what
                turns them into habits.</li>
                <li><b>Leadership.</b> A leadership team that plans implementation,
                protects time for coaching and keeps the work going through staff
                changes.</li>
                <li><b>Data.</b> Simple, regular information about how practices are
                being used and about behavior incidents, used to make decisions
                rather than to blame.</li>
                <li><b>Family partnership.</b> Families are informed, included and
                invited to shape how the program supports their child.</li>
                <li><b>Support for adults' well-being.</b> Reflective supervision,
                reasonable workloads and attention to the stress of caregiving
                work.</li>
                </ul>"""
            ),
            _h("Equity is part of the foundation"),
            _p(
                """<p>National data show that young children are suspended and
                expelled from early childhood programs, and that Black children,
                especially boys, and children with disabilities are removed at
                higher rates than their peers. Looking honestly at a program's own
                behavior data, noticing which children are most often seen as
                challenging and reflecting on our own assumptions are part of
                building an effective workforce. Pyramid Model practices are meant
                to keep children in their programs, learning, with the support they
                need.</p>"""
            ),
            _callout(
                "tip",
                "Start with the adults",
                """<p>When a program struggles with behavior, it is tempting to start
                at the top of the pyramid with one child. Often the most powerful
                change comes from the bottom: coaching, consistent staffing and
                support for teachers who are stretched thin.</p>""",
            ),
            _check(
                "Which level of the Pyramid Model is meant for all children?",
                SINGLE,
                [
                    (
                        "Tier 1, universal promotion",
                        True,
                        "Yes. Nurturing relationships and supportive environments "
                        "are for every child.",
                    ),
                    (
                        "Tier 2, targeted supports",
                        False,
                        "Tier 2 is for children who need more practice with social "
                        "and emotional skills.",
                    ),
                    (
                        "Tier 3, intensive intervention",
                        False,
                        "Tier 3 is for the few children who need individualized "
                        "support.",
                    ),
                ],
            ),
            _check(
                "Which of these are part of an effective workforce foundation? "
                "Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "Ongoing practice-based coaching",
                        True,
                        "Yes. Coaching turns training into daily practice.",
                    ),
                    (
                        "A leadership team that plans implementation",
                        True,
                        "Yes. Leadership keeps the work going over time.",
                    ),
                    (
                        "Using behavior data to make decisions",
                        True,
                        "Yes, as long as data are used to improve support, not to "
                        "blame.",
                    ),
                    (
                        "A single training day with no follow-up",
                        False,
                        "One workshop rarely changes practice on its own.",
                    ),
                ],
            ),
            _reflection(
                "What support do you have, or need, to use new practices in your "
                "daily work with children?",
            ),
        ],
    },
    {
        "slug": "relationships-and-environments",
        "title": "Tier 1: nurturing relationships and supportive environments",
        "minutes": 40,
        "introduction": (
            "The everyday practices that promote social and emotional competence "
            "for all children: relationships first, then thoughtful environments."
        ),
        "body": [
            _h("Relationships come first"),
            _p(
                """<p>Every other practice in the Pyramid Model rests on nurturing,
                responsive relationships: with children, with their families and
                among the adults who work together. A child who feels known and
                liked by their teacher is more willing to follow directions, to try
                new things and to accept help when they are upset.</p>
                <p>Relationships are built in small moments. Greeting each child by
                name at arrival. Getting down to their eye level. Commenting on what
                they are doing rather than only giving instructions. Following their
                lead in play. Noticing what they care about, such as trucks,
                dinosaurs or a new baby at home, and asking about it. For infants
                and toddlers, responsive caregiving during feeding, diapering and
                sleep is where much of this happens.</p>"""
            ),
            _h("More positive attention than correction"),
            _p(
                """<p>Children notice which behaviors earn adult attention. When most
                of the attention they receive is correction, they learn that
                misbehavior is the surest way to be seen. A useful habit is to
                deliberately give many more positive, specific comments than
                corrections: &ldquo;You waited for a turn with the blocks,&rdquo;
                or &ldquo;You helped Mia find her shoe. That was kind.&rdquo;
                Descriptive encouragement tells the child exactly what they did
                well and is more useful than a general &ldquo;good job.&rdquo;</p>"""
            ),
            _h("Partnering with families"),
            _p(
                """<p>Relationships among the adults matter as well. Children notice
                when the adults around them are tense or at odds. Teaching teams who
                plan together, divide tasks fairly, share what they notice about
                children and support each other on hard days create a calmer room.
                Taking a minute at the start of the day to check in with a
                co-teacher is a Tier 1 practice too.</p>"""
            ),
            _p(
                """<p>Families know their children best. Regular, friendly contact
                that is not only about problems, such as a note about something the
                child enjoyed or a photo of a proud moment, builds the trust needed
                for the harder conversations. Learn how families comfort their
                children, what words they use for feelings in their home language,
                and what they hope for their children's behavior and relationships.
                Bring that knowledge into the classroom.</p>"""
            ),
            _h("High-quality supportive environments"),
            _p(
                """<p>The second half of Tier 1 is the environment: not only the room
                itself but the schedule, the activities and the expectations. Well
                designed environments prevent many problems before they begin.</p>
                <ul>
                <li><b>Physical space.</b> Clear areas for different kinds of play,
                enough materials to reduce waiting and conflict, open pathways that
                do not invite running, and a cozy, quiet space where any child can
                go to calm down.</li>
                <li><b>Engaging activities.</b> Children who are interested and
                appropriately challenged have less reason to wander or disrupt.
                Offer choices and build on children's interests.</li>
                <li><b>A few clear expectations.</b> Three to five simple, positively
                stated expectations, such as &ldquo;be safe, be kind, be a
                helper,&rdquo; taught with pictures and practiced, not just posted
                on a wall.</li>
                <li><b>Thoughtful transitions.</b> Moving between activities is when
                many difficulties happen; the next lesson looks at routines and
                transitions in detail.</li>
                </ul>"""
            ),
            _callout(
                "tip",
                "Teach expectations like any other skill",
                """<p>Show what &ldquo;be safe&rdquo; looks like at the sink, on the
                playground and at circle time. Practice it, notice it when it
                happens and remind children before the moments when it is
                hardest.</p>""",
            ),
            _check(
                "Which comment is the best example of descriptive encouragement?",
                SINGLE,
                [
                    (
                        "\u201cGood job!\u201d",
                        False,
                        "It is warm, but it does not tell the child what they did "
                        "well.",
                    ),
                    (
                        "\u201cYou put all the blocks back on the shelf. Now "
                        "everyone can find them.\u201d",
                        True,
                        "Yes. It names the specific behavior and why it matters.",
                    ),
                    (
                        "\u201cWhy can't you always clean up like that?\u201d",
                        False,
                        "This turns a success into a criticism.",
                    ),
                ],
            ),
            _check(
                "True or false: classroom expectations work best as a long list of "
                "rules that start with \u201cno\u201d.",
                TRUE_FALSE,
                _true_false(
                    False,
                    "Not so. A few positively stated expectations, taught and "
                    "practiced, tell children what to do instead of only what not "
                    "to do.",
                    "Right. Three to five positive expectations that children are "
                    "taught work far better than a long list of prohibitions.",
                ),
            ),
            _reflection(
                "Think of a child you find hard to connect with. What is one small, "
                "positive moment you could build into your day with them?",
            ),
        ],
    },
    {
        "slug": "routines-and-transitions",
        "title": "Routines, schedules and transitions",
        "minutes": 35,
        "introduction": (
            "How predictable routines and well-planned transitions help children "
            "feel safe and prevent many behavior challenges."
        ),
        "body": [
            _h("Why predictability matters"),
            _p(
                """<p>Young children have little control over their days. Adults
                decide when they eat, sleep, go outside and go home. Predictable
                routines give children a sense of control because they can
                anticipate what comes next, and that reduces anxiety and the
                behavior that anxiety produces. Routines also free adults to focus
                on relationships rather than constant direction.</p>
                <p>For children who have experienced stress or trauma, predictability
                is especially important. Sudden, unexplained changes can feel like
                danger to a child whose body has learned to stay on alert.</p>"""
            ),
            _h("Building a good daily schedule"),
            _p(
                """<ul>
                <li><b>Balance</b> active and quiet times, large group, small group
                and individual play, and child-directed and adult-directed
                activities.</li>
                <li><b>Keep large-group times short</b> and lively; young children
                cannot sit and listen for long.</li>
                <li><b>Limit waiting.</b> Long waits for a turn, for everyone to be
                ready or for lunch to arrive are reliable triggers for
                difficulties.</li>
                <li><b>Show the schedule with pictures</b> at children's eye level,
                and refer to it through the day: &ldquo;First outside, then
                lunch.&rdquo;</li>
                <li><b>Prepare for changes.</b> When the day will be different, such
                as a visitor, a fire drill or a substitute teacher, tell children
                ahead and show it on the schedule.</li>
                </ul>"""
            ),
            _h("Routines are curriculum for infants and toddlers"),
            _p(
                """<p>With babies and toddlers, caregiving routines are not
                interruptions to learning; they are the learning. Diaper changes,
                feedings, naps and handwashing happen many times a day, one child
                at a time, and each is a chance for serve and return, language and
                trust. Following each infant's own rhythms for eating and sleeping,
                and keeping the same caregiver for the same children, help infants
                feel secure. Talk children through what is happening: &ldquo;Now
                I'm going to lift your legs. Here comes the clean diaper.&rdquo;</p>"""
            ),
            _h("Transitions that work"),
            _p(
                """<p>Routines work best when they connect home and program. Ask
                families about the routines they use at home for sleep, meals and
                comfort, and share the program's routines with them, perhaps with a
                photo schedule they can take home. A child who hears the same
                goodbye song or naptime words in both places has one more thread of
                predictability to hold on to, and families often find ideas they can
                use on difficult mornings or at bedtime.</p>"""
            ),
            _p(
                """<p>Transitions, moving from one activity or place to another, are
                among the hardest times of the day. They usually involve stopping
                something enjoyable, waiting and following directions. Ways to make
                them smoother:</p>
                <ul>
                <li>Give a <b>warning</b> before the change, with a visual timer, a
                song or a gentle signal.</li>
                <li>Keep the number of <b>whole-group transitions</b> low, and let
                children move in small groups when possible.</li>
                <li>Give children a <b>job</b> during the transition, such as
                carrying a basket, hopping like a frog or finding their picture.</li>
                <li>Use <b>first-then</b> language and pictures for children who need
                extra help: &ldquo;First coats, then playground.&rdquo;</li>
                <li><b>Acknowledge feelings</b> about stopping: &ldquo;You were having
                so much fun. It's hard to stop. You can finish your tower after
                snack.&rdquo;</li>
                </ul>"""
            ),
            _callout(
                "tip",
                "Look at your data",
                """<p>If most difficulties happen at the same time of day, the
                routine, not the child, may be the first thing to change. Shorter
                waits or a different order of activities can make a big
                difference.</p>""",
            ),
            _check(
                "A class has frequent conflicts while waiting in line for the "
                "bathroom before lunch. What is the best first step?",
                SINGLE,
                [
                    (
                        "Remove the children who push from the line.",
                        False,
                        "That responds to the behavior but leaves the trigger, a "
                        "long wait, in place.",
                    ),
                    (
                        "Change the routine so fewer children wait at once, and "
                        "give those waiting something to do.",
                        True,
                        "Yes. Changing the routine prevents the problem for everyone.",
                    ),
                    (
                        "Make the children practice standing still for longer.",
                        False,
                        "Long waits are hard for young children; shortening them "
                        "works better than extending them.",
                    ),
                ],
            ),
            _check(
                "Which of these help make transitions smoother? Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "A warning before the change",
                        True,
                        "Yes. Warnings give children time to prepare.",
                    ),
                    (
                        "Giving children a job during the transition",
                        True,
                        "Yes. Active roles reduce waiting and wandering.",
                    ),
                    (
                        "Picture schedules and first-then language",
                        True,
                        "Yes. Visual support helps children know what comes next.",
                    ),
                    (
                        "Surprising children with changes so they learn to adapt",
                        False,
                        "Unexpected changes tend to increase anxiety and "
                        "difficult behavior.",
                    ),
                ],
            ),
            _reflection(
                "Which transition in your day is the hardest for the children you "
                "work with, and what is one change you could try?",
            ),
        ],
    },
    {
        "slug": "targeted-supports-and-emotion-words",
        "title": "Tier 2: targeted supports and teaching emotion words",
        "minutes": 40,
        "introduction": (
            "How to teach social and emotional skills more deliberately, starting "
            "with the words children need to understand and express feelings."
        ),
        "body": [
            _h("When some children need more"),
            _p(
                """<p>Even in a warm, well-organized program, some children need more
                help to learn how to share, join play, manage frustration or calm
                down. Tier 2 practices give these children more deliberate and more
                frequent teaching of social and emotional skills, in small groups or
                one to one, with more chances to practice and more feedback. The
                skills are the same ones all children learn; the difference is the
                intensity.</p>
                <p>Common targets include understanding and expressing emotions,
                calming strategies, friendship skills such as taking turns and
                offering help, and simple problem solving: what is the problem,
                what could I do, what might happen, and then trying it.</p>"""
            ),
            _h("Why emotion words matter"),
            _p(
                """<p>Children who can name a feeling are better able to manage it.
                A child who can say &ldquo;I'm frustrated&rdquo; has an alternative
                to throwing the puzzle. Words also help children recognize feelings
                in others, which is the beginning of empathy. Many children arrive
                knowing only &ldquo;happy,&rdquo; &ldquo;sad&rdquo; and
                &ldquo;mad.&rdquo; A richer vocabulary, including frustrated,
                disappointed, worried, proud, lonely, excited, embarrassed and calm,
                gives them more precise tools.</p>"""
            ),
            _h("Teaching emotion words every day"),
            _p(
                """<ul>
                <li><b>Name feelings as they happen.</b> &ldquo;Your face looks
                disappointed. You wanted to be first.&rdquo; Name pleasant feelings
                too: &ldquo;You look proud of that tower!&rdquo;</li>
                <li><b>Name your own feelings</b> and what you do about them:
                &ldquo;I feel frustrated that the paint spilled. I'm going to take a
                breath and get a towel.&rdquo;</li>
                <li><b>Read books</b> and pause to wonder how characters feel and
                how you can tell.</li>
                <li><b>Use pictures</b> of real faces, including faces from the
                children's own families and cultures, to talk about what feelings
                look like.</li>
                <li><b>Accept all feelings, guide behavior.</b> &ldquo;It's okay to
                be angry. It's not okay to hit. You can stomp your feet or tell
                him, stop.&rdquo;</li>
                </ul>
                <p>With infants and toddlers, teaching emotion words simply means
                naming what you see during care and play. Toddlers understand far
                more words than they can say, and each label helps them link the
                feeling in their body to a word.</p>"""
            ),
            _callout(
                "tip",
                "Honor home languages",
                """<p>Ask families for feeling words in their home language and
                use them in the classroom. Children learn best when feelings can be
                named in the language of the people who comfort them.</p>""",
            ),
            _h("Teaching a calming strategy"),
            _p(
                """<p>Friendship skills and problem solving are taught the same way.
                Pick one skill, such as asking a friend to play or trading a toy,
                and show it with puppets or a short story. Set up play where the
                child will need it, stay close to coach, and describe success when it
                happens: &ldquo;You asked Jordan for a turn and he gave you the
                shovel.&rdquo; Simple problem-solving steps, with picture cards of
                possible solutions such as take turns, get a timer or play together,
                give children choices other than grabbing or hitting.</p>"""
            ),
            _p(
                """<p>Calming strategies are taught when children are calm, not in
                the middle of a meltdown. Choose a simple sequence, such as noticing
                the feeling, stopping, taking three slow breaths and then thinking
                of a solution. Teach it with a puppet or a story, practice it during
                play, put a picture reminder in the calm-down space, and coach the
                child through it at the first signs of upset. Celebrate every time
                they use it, even partly.</p>"""
            ),
            _check(
                "Why does teaching a wider range of emotion words help young children?",
                SINGLE,
                [
                    (
                        "It helps them name, understand and manage their feelings, "
                        "and recognize feelings in others.",
                        True,
                        "Yes. Naming a feeling is a first step in managing it, and "
                        "a root of empathy.",
                    ),
                    (
                        "It stops them from feeling angry or sad.",
                        False,
                        "All feelings are part of life. Words help children cope "
                        "with them, not avoid them.",
                    ),
                    (
                        "It mainly prepares them for reading.",
                        False,
                        "Vocabulary supports literacy too, but the main benefit "
                        "here is social and emotional.",
                    ),
                ],
            ),
            _check(
                "True or false: the best time to teach a calming strategy is in the "
                "middle of a child's meltdown.",
                TRUE_FALSE,
                _true_false(
                    False,
                    "Not so. Children learn new skills when they are calm; during "
                    "a meltdown, they need co-regulation.",
                    "Right. Teach when calm, practice often, then coach at the "
                    "first signs of upset.",
                ),
            ),
            _reflection(
                "Which feeling words do you use most with children? Which new ones "
                "could you add this week?",
            ),
        ],
    },
    {
        "slug": "intensive-intervention",
        "title": "Tier 3: intensive intervention",
        "minutes": 25,
        "introduction": (
            "Individualized, team-based support for the few children whose "
            "challenging behavior continues despite strong universal and targeted "
            "practices."
        ),
        "body": [
            _h("For the few who need more"),
            _p(
                """<p>When a child's challenging behavior is persistent and serious,
                and has continued despite strong Tier 1 and Tier 2 practices, a more
                intensive, individualized approach is needed. In the Pyramid Model,
                this is usually a process called positive behavior support, carried
                out by a team that always includes the family and the adults who
                care for the child every day, and often a specialist such as an
                infant and early childhood mental health consultant or a behavior
                specialist.</p>"""
            ),
            _h("Behavior is communication"),
            _p(
                """<p>The starting belief is that challenging behavior serves a
                purpose for the child. Usually it helps the child get something,
                such as attention, an object or a turn, or avoid something, such as
                a hard task, a noisy room or an uncomfortable interaction. The team
                gathers information to understand that purpose: when and where the
                behavior happens and does not happen, what tends to come just before
                it, and what happens just after. This is a functional assessment.
                Families' knowledge of the child at home is essential to it.</p>"""
            ),
            _h("Building a behavior support plan"),
            _p(
                """<p>From what they learn, the team writes a plan with three main
                parts:</p>
                <ul>
                <li><b>Prevention strategies</b> that change routines, activities or
                the environment so the behavior is less needed, such as offering
                choices, giving warnings or adding visual supports.</li>
                <li><b>Replacement skills</b> that meet the same purpose in an
                acceptable way, such as asking for a break, saying &ldquo;my
                turn&rdquo; or using a picture card, taught directly and
                practiced.</li>
                <li><b>New responses</b> from adults, so that the replacement skill
                works better for the child than the challenging behavior did, and
                the challenging behavior no longer pays off.</li>
                </ul>
                <p>The team agrees on how to track progress with simple data, meets
                to review it, and adjusts the plan. Plans are written in plain
                language so every adult can follow them, at home and in the
                program.</p>"""
            ),
            _h("Connected supports"),
            _p(
                """<p>Families are partners throughout. Begin by listening: what does
                the family see at home, what have they tried, what do they hope for?
                Share observations with care, and avoid presenting the child as a
                problem. Some families have already heard many complaints about
                their child; a team that starts with the child's strengths and the
                family's expertise is far more likely to build a plan that works in
                both places and to keep the family engaged when progress is
                slow.</p>"""
            ),
            _p(
                """<p>Tier 3 also means connecting the child and family to other
                services when needed: a developmental evaluation through SoonerStart
                for children under three or through the local school district for
                children three and older, infant and early childhood mental health
                services, or help with stresses at home. Suspension and expulsion do
                not teach children new skills and often add stress to families who
                are already struggling. Keeping the child enrolled while the team
                works together is part of the intervention.</p>"""
            ),
            _callout(
                "caution",
                "Safety first",
                """<p>If a child's behavior puts them or others at immediate risk,
                keep everyone safe first, then regroup as a team. Talk with your
                supervisor and the family about what happened and what support is
                needed.</p>""",
            ),
            _media("pyramid-tip-sheet", "resource"),
            _check(
                "What are the three main parts of a behavior support plan?",
                SINGLE,
                [
                    (
                        "Prevention strategies, replacement skills and new adult "
                        "responses",
                        True,
                        "Yes. Together they make the challenging behavior less "
                        "needed and the new skill more useful.",
                    ),
                    (
                        "Warnings, time-outs and loss of privileges",
                        False,
                        "Consequences alone do not teach a child a better way to "
                        "meet the need behind the behavior.",
                    ),
                    (
                        "A diagnosis, medication and a referral",
                        False,
                        "Some children do need other services, but the plan itself "
                        "focuses on prevention, teaching and responses.",
                    ),
                ],
            ),
            _check(
                "Who should be part of a Tier 3 team? Choose all that apply.",
                MULTIPLE,
                [
                    (
                        "The child's family",
                        True,
                        "Yes. Families know the child best and carry the plan at home.",
                    ),
                    (
                        "The teachers or caregivers who see the child every day",
                        True,
                        "Yes. They carry out the plan and see it working.",
                    ),
                    (
                        "A specialist such as a mental health consultant, when "
                        "available",
                        True,
                        "Yes. Specialists can guide the assessment and plan.",
                    ),
                    (
                        "Only the program director",
                        False,
                        "Directors support the process, but a plan made without "
                        "the family and daily caregivers rarely works.",
                    ),
                ],
            ),
            _reflection(
                "Think of a behavior that challenges you. What might it be helping "
                "the child to get or to avoid?",
            ),
        ],
    },
]

PYRAMID_QUIZ = [
    _question(
        "What forms the foundation of the Pyramid Model?",
        SINGLE,
        [
            ("An effective workforce supported by systems and policies", True, ""),
            ("Intensive intervention", False, "That is the top tier."),
            ("A standardized curriculum", False, ""),
        ],
        "Training, coaching, leadership, data and support for adults make every "
        "other level possible.",
    ),
    _question(
        "Which two practices make up Tier 1, universal promotion?",
        SINGLE,
        [
            (
                "Nurturing and responsive relationships, and high-quality supportive "
                "environments",
                True,
                "",
            ),
            (
                "Functional assessment and behavior support plans",
                False,
                "These are Tier 3 practices.",
            ),
            (
                "Small-group skill teaching and friendship groups",
                False,
                "These are Tier 2 practices.",
            ),
        ],
        "Tier 1 is for all children: relationships first, then environments that "
        "prevent problems.",
    ),
    _question(
        "True or false: when the foundation and Tier 1 are strong, most children "
        "thrive without more intensive support.",
        TRUE_FALSE,
        [("True", True, ""), ("False", False, "")],
        "True. Strong universal practices meet most children's needs and reduce "
        "the number who need more.",
    ),
    _question(
        "Which of these are features of a supportive environment? Choose all that "
        "apply.",
        MULTIPLE,
        [
            ("A quiet space where any child can calm down", True, ""),
            ("A few clear, positively stated expectations", True, ""),
            ("Engaging activities with choices", True, ""),
            (
                "Long whole-group times to build patience",
                False,
                "Long group times and waits are common triggers for difficulties.",
            ),
        ],
        "Thoughtful space, expectations and activities prevent many behavior "
        "problems before they start.",
    ),
    _question(
        "Which is the best example of descriptive encouragement?",
        SINGLE,
        [
            (
                "\u201cYou gave Sam the red crayon when he asked. That was kind.\u201d",
                True,
                "",
            ),
            ("\u201cGreat!\u201d", False, "Warm, but not specific."),
            ("\u201cFinally, you shared.\u201d", False, ""),
        ],
        "Descriptive encouragement names the specific behavior and why it matters.",
    ),
    _question(
        "Which of these reduce difficulties during transitions? Choose all that apply.",
        MULTIPLE,
        [
            ("Warn children before the change", True, ""),
            ("Keep whole-group transitions few and short", True, ""),
            ("Give children a job while they move", True, ""),
            (
                "Make children wait until everyone is silent",
                False,
                "Long waits make transitions harder.",
            ),
        ],
        "Warnings, fewer whole-group moves and active roles reduce waiting and stress.",
    ),
    _question(
        "For infants and toddlers, how should caregiving routines such as "
        "diapering and feeding be seen?",
        SINGLE,
        [
            ("As important times for relationships and learning", True, ""),
            ("As interruptions to be finished quickly", False, ""),
            ("As times when talking to the child is not needed", False, ""),
        ],
        "Routines are curriculum for the youngest children: moments of serve and "
        "return, language and trust.",
    ),
    _question(
        "A child says \u201cI'm frustrated!\u201d instead of throwing a puzzle. "
        "What skill is this?",
        SINGLE,
        [
            ("Using emotion words to express a feeling", True, ""),
            ("Avoiding feelings", False, ""),
            ("A sign the child needs Tier 3 support", False, ""),
        ],
        "Naming a feeling gives a child an alternative to acting it out, which is "
        "why teaching emotion words matters.",
    ),
    _question(
        "True or false: Tier 2 teaches different skills from those all children learn.",
        TRUE_FALSE,
        [("True", False, ""), ("False", True, "")],
        "False. Tier 2 teaches the same social and emotional skills, more "
        "deliberately and with more practice.",
    ),
    _question(
        "In Tier 3, what is the purpose of a functional assessment?",
        SINGLE,
        [
            (
                "To understand what the child's behavior helps them get or avoid",
                True,
                "",
            ),
            (
                "To decide whether to expel the child",
                False,
                "Suspension and expulsion do not teach new skills.",
            ),
            ("To diagnose a mental health disorder", False, ""),
        ],
        "Understanding the purpose of a behavior lets the team teach a replacement "
        "skill that meets the same need.",
    ),
]


# --- Courses ----------------------------------------------------------------------

CATALOGUE_INTRODUCTION = (
    "Self-paced courses for the people who support babies, toddlers and their "
    "families: home visitors, early educators, nurses, clinicians and everyone in "
    "between. Work at your own pace, come back where you left off, and earn clock "
    "hours toward endorsement and its renewal with a certificate at the end."
)

AUTHORS = "Cradle course team"

COURSES = [
    {
        "slug": "attachment-and-early-relationships",
        "title": "Attachment and Early Relationships",
        "topic": "attachment",
        "summary": (
            "How babies and toddlers build trust through everyday moments with "
            "the adults who care for them, and how to support those first "
            "relationships in your work."
        ),
        "about": """<p>Relationships are where early development happens. This
            course looks at attachment through the moments you already see in your
            work: a baby's gaze, a cry in the night, a toddler running back for a
            hug, a hard goodbye at child care. Each lesson pairs what research
            tells us with practical ways to notice, support and talk with families
            about these moments, respectfully and without blame.</p>
            <p>Each lesson includes practice questions, a reflection prompt you can
            answer privately, and, in some lessons, a diagram, a short narrated
            introduction or a tip sheet to share with families. A final quiz of ten
            questions completes the course.</p>""",
        "objectives": [
            "Describe serve-and-return interactions and identify children's serves "
            "and adults' returns in everyday routines.",
            "Explain why crying is communication and share a safe plan for "
            "caregivers who feel overwhelmed by crying.",
            "Recognize how children use trusted adults as a secure base and a "
            "safe haven.",
            "Support children and families through separations and reunions, "
            "including longer separations and loss.",
            "Talk respectfully with families about the belief that babies can be "
            "spoiled.",
        ],
        "audience": (
            "Home visitors, early educators, child care providers, nurses and "
            "other professionals who work with infants, toddlers and their "
            "families. No prior training in infant mental health is needed."
        ),
        "clock_hours": "2.75",
        "quiz_minutes": 20,
        "areas": ["TF-AST", "TF-DEV", "TF-RFP", "DS-SPR", "DS-OBS"],
        "quiz_max_attempts": None,
        "quiz_questions_per_attempt": None,
        "lessons": ATTACHMENT_LESSONS,
        "quiz": ATTACHMENT_QUIZ,
    },
    {
        "slug": "trauma-informed-care-and-aces",
        "title": "Trauma-Informed Care and ACEs in Early Childhood",
        "topic": "trauma",
        "summary": (
            "What adverse childhood experiences and toxic stress mean for young "
            "children, how to recognize signs of emotional concern from birth to "
            "five, and how relationships buffer stress."
        ),
        "about": """<p>Many of the young children and families we serve are living
            with stress and adversity. This course introduces adverse childhood
            experiences (ACEs), explains how toxic stress affects the developing
            brain, and describes signs of emotional concern in infants, toddlers
            and preschoolers. It then turns to what helps: buffering relationships,
            trauma-informed practice with families, and care for the professionals
            who do this work.</p>
            <p>Crisis resources are included in the final lesson. The quiz draws
            eight questions from a bank of ten for each attempt, and you have three
            attempts.</p>""",
        "objectives": [
            "Describe the categories of adverse childhood experiences and the "
            "limits of the ACE score.",
            "Distinguish positive, tolerable and toxic stress and explain how "
            "toxic stress affects early brain development.",
            "Identify possible signs of emotional concern in infants, toddlers and "
            "preschoolers and plan a respectful next step with families.",
            "Apply the principles of trauma-informed care in work with young "
            "children and their caregivers.",
            "Recognize signs of secondary traumatic stress in yourself and know "
            "where to turn for support and in a crisis.",
        ],
        "audience": (
            "Professionals across disciplines who work with children from birth to "
            "five and their families, including home visitors, early educators, "
            "nurses, pediatric and mental health clinicians and case managers."
        ),
        "clock_hours": "3",
        "quiz_minutes": 20,
        "areas": ["TF-AST", "TF-DEV", "DS-OBS", "DS-SAF", "SE-CR", "RF-SA"],
        "quiz_max_attempts": 3,
        "quiz_questions_per_attempt": 8,
        "lessons": TRAUMA_LESSONS,
        "quiz": TRAUMA_QUIZ,
    },
    {
        "slug": "pyramid-model",
        "title": "The Pyramid Model: Promoting Social-Emotional Competence",
        "topic": "pyramid",
        "summary": (
            "An introduction to the Pyramid Model's tiers, from an effective "
            "workforce and nurturing relationships to targeted supports and "
            "intensive intervention."
        ),
        "about": """<p>The Pyramid Model is a tiered framework that early
            childhood programs use to promote social and emotional development and
            to prevent and respond to challenging behavior. This course walks
            through the model from the bottom up: the workforce foundation,
            nurturing relationships and supportive environments for all children,
            routines and transitions, targeted teaching of social and emotional
            skills including emotion words, and individualized intervention.</p>
            <p>It is an introduction written for this site, not a replacement for
            the full training modules offered by Pyramid Model trainers. A short
            narrated video with captions and a transcript opens the course.</p>""",
        "objectives": [
            "Describe the levels of the Pyramid Model and whom each is for.",
            "Explain the elements of an effective workforce foundation, including "
            "coaching and the equitable use of data.",
            "Use nurturing relationships and supportive environments, including "
            "routines and transitions, to prevent challenging behavior.",
            "Teach emotion words and a calming strategy to young children.",
            "Outline the team-based process of positive behavior support for "
            "children who need intensive intervention.",
        ],
        "audience": (
            "Early educators, child care providers, program leaders, coaches and "
            "infant and early childhood mental health consultants working with "
            "children from birth to five."
        ),
        "clock_hours": "3.25",
        "quiz_minutes": 20,
        "areas": ["TF-DEV", "TF-RFP", "DS-OBS", "DS-DG", "DS-PLN", "WO-COL"],
        "quiz_max_attempts": 3,
        "quiz_questions_per_attempt": None,
        "lessons": PYRAMID_LESSONS,
        "quiz": PYRAMID_QUIZ,
    },
]


# --- Media ------------------------------------------------------------------------

IMAGES = {
    "serve-and-return-diagram": {
        "title": "Serve and return (diagram)",
        "draw": serve_and_return_png,
        "alt_text": (
            "Diagram: a circle labeled Baby serves, sends a cue such as a look, coo, "
            "reach or cry, and a circle labeled Adult returns, notices, names it "
            "and responds warmly, joined by arrows both ways, again and again."
        ),
        "caption": "Each serve and return is brief; thousands of them build the "
        "brain's pathways for language, trust and self-control.",
    },
    "window-of-tolerance-diagram": {
        "title": "Window of tolerance (diagram)",
        "draw": window_of_tolerance_png,
        "alt_text": (
            "Three bands: too much (fight or flight) on top, the window of calm "
            "and alert in the middle, too little (shut down) below. A line rises "
            "out of the window after a frightening moment and settles back with "
            "a calm adult's help."
        ),
        "caption": "Co-regulation with a calm, caring adult helps a child return "
        "to the window of tolerance.",
    },
    "pyramid-diagram": {
        "title": "The Pyramid Model (diagram)",
        "draw": pyramid_diagram_png,
        "alt_text": (
            "Pyramid diagram. Base: effective workforce. Tier 1, for all children: "
            "nurturing and responsive relationships, and high-quality supportive "
            "environments. Tier 2, for some: targeted supports. Tier 3, for a few: "
            "intensive intervention."
        ),
        "caption": "The levels of the Pyramid Model, from the foundation up.",
    },
}

NARRATIONS = {
    # key: (title, file, duration as measured by make_media.sh)
    "attachment-narration": (
        "Serve and return: a short narrated introduction",
        "attachment-narration.ogg",
        "0:49",
    ),
    "trauma-narration": (
        "Relationships as protection: a short narration",
        "trauma-narration.ogg",
        "0:48",
    ),
}

TIP_SHEETS = {
    "spoil-tip-sheet": {
        "title": "Tip sheet for families: you cannot spoil a baby",
        "file": "tip-sheet-you-cannot-spoil-a-baby.pdf",
        "description": "A one-page handout to share with parents and grandparents.",
        "heading": "You cannot spoil a baby",
        "points": [
            "Your baby's cries are how they tell you what they need. Answering "
            "them teaches your baby that the world is safe.",
            "Your attention and touch matter more than any toy you can buy.",
            "Holding, rocking and carrying your baby are not bad habits. They help "
            "your baby's brain grow.",
            "Babies who feel secure become more confident, not more demanding.",
            "Look for small moments of connection: sing while you change a diaper, "
            "talk about what you are doing, count toes, cuddle before bed.",
            "As your child becomes a toddler, kind and clear limits are part of "
            "loving care too.",
            "If you ever feel overwhelmed by crying, lay your baby on their back in "
            "a crib, step away for a few minutes and call someone. Never shake a "
            "baby.",
        ],
    },
    "trauma-tip-sheet": {
        "title": "Tip sheet: caring for yourself and where to turn",
        "file": "tip-sheet-self-care-and-crisis-lines.pdf",
        "description": "Self-care reminders and crisis numbers to keep close at hand.",
        "heading": "Caring for yourself and where to turn",
        "points": [
            "Notice your early warning signs: irritability, dread, replaying "
            "stories at night, feeling numb or detached.",
            "Bring what the work stirs up to reflective supervision or consultation.",
            "Build a small ritual between visits and at the end of the day.",
            "Protect the basics: sleep, movement, food and time with people who "
            "restore you.",
            "988 Suicide & Crisis Lifeline: call or text 988, any time.",
            "Oklahoma Early Childhood Warmline: 1-877-271-7611.",
            "Suspected child abuse or neglect: Oklahoma hotline 1-800-522-3511.",
            "Immediate danger: call 911.",
        ],
    },
    "pyramid-tip-sheet": {
        "title": "Tip sheet: Pyramid Model practices at a glance",
        "file": "tip-sheet-pyramid-model-practices.pdf",
        "description": "A one-page summary of practices at each level of the "
        "Pyramid Model.",
        "heading": "Pyramid Model practices at a glance",
        "points": [
            "Foundation: coaching, leadership, data used to support, not blame, "
            "and care for the adults.",
            "Tier 1 relationships: greet each child, follow their lead, give far "
            "more specific encouragement than correction, partner with families.",
            "Tier 1 environments: clear play areas, a calm-down space, three to "
            "five positive expectations taught and practiced.",
            "Routines: picture schedules, short waits, warnings before "
            "transitions, first-then language.",
            "Tier 2: name feelings as they happen, read and talk about feelings, "
            "teach a calming strategy when children are calm.",
            "Tier 3: a team with the family, a functional assessment, and a plan "
            "with prevention, replacement skills and new adult responses.",
        ],
    },
}

VIDEO_KEY = "pyramid-video"
VIDEO = {
    "title": "The Pyramid Model in under a minute",
    "file": "pyramid-overview.webm",
    "captions_title": "The Pyramid Model in under a minute (captions)",
    "captions_file": "pyramid-overview.vtt",
    "narration": "pyramid-narration.txt",
    "duration": "0:49",
}


def _narration_text(file_name: str) -> str:
    """The words spoken in a recording, one caption line per line of the file."""
    lines = (MEDIA_DIR / file_name).read_text(encoding="utf-8").splitlines()
    return " ".join(line.strip() for line in lines if line.strip())


def _transcript(file_name: str) -> RichText:
    return RichText(f"<p>{escape(_narration_text(file_name))}</p>")


def _image(spec: dict):
    Image = get_image_model()
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        name = spec["title"].split(" (")[0].lower().replace(" ", "-") + ".png"
        image = Image(
            title=spec["title"], file=ImageFile(io.BytesIO(spec["draw"]()), name=name)
        )
        image._set_image_file_metadata()
        image.save()
    return image


def _document(title: str, name: str, content: bytes):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, file=ContentFile(content, name=name))
        document._set_document_file_metadata()
        document.save()
    return document


def _media_file(title: str, name: str):
    return _document(title, name, (MEDIA_DIR / name).read_bytes())


TIP_SHEET_TEMPLATE = """{% extends "pdf/base.html" %}
{% block page_style %}
h1 { color: #163f35; font-size: 22pt; }
li { margin-bottom: 0.6em; }
footer { margin-top: 2em; font-size: 9pt; color: #4a4a4a; }
{% endblock %}
{% block content %}
<h1>{{ title }}</h1>
<ul>{% for point in points %}<li>{{ point }}</li>{% endfor %}</ul>
<footer>Cradle, a learning platform for the infant and early childhood mental health
workforce. You may copy and share this sheet.</footer>
{% endblock %}"""


def _tip_sheet_pdf(spec: dict) -> bytes:
    """A one-page handout, in the fonts and layout of the project's other PDFs."""
    template = engines["django"].from_string(TIP_SHEET_TEMPLATE)
    return html_to_pdf(
        template.render({"title": spec["heading"], "points": spec["points"]})
    )


def _media() -> dict:
    """Every picture, recording and document the lessons use, by key, as the value
    of the block that shows it."""
    media = {}
    for key, spec in IMAGES.items():
        media[key] = {
            "image": _image(spec),
            "alt_text": spec["alt_text"],
            "caption": spec["caption"],
        }
    for key, (title, file_name, duration) in NARRATIONS.items():
        media[key] = {
            "title": title,
            "audio_file": _media_file(title, file_name),
            "duration": duration,
            "transcript": _transcript(file_name.replace(".ogg", ".txt")),
        }
    for key, spec in TIP_SHEETS.items():
        document = _tip_sheet(spec)
        media[key] = {
            "title": spec["title"],
            "document": document,
            "description": spec["description"],
        }
    media[VIDEO_KEY] = {
        "title": VIDEO["title"],
        "embed_url": "",
        "embed_has_captions": False,
        "video_file": _media_file(VIDEO["title"], VIDEO["file"]),
        "captions": _media_file(VIDEO["captions_title"], VIDEO["captions_file"]),
        "duration": VIDEO["duration"],
        "transcript": _transcript(VIDEO["narration"]),
    }
    return media


def _tip_sheet(spec: dict):
    """The tip sheet's document; the PDF is rendered only when it is missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=spec["title"]).first()
    if document is not None:
        return document
    return _document(spec["title"], spec["file"], _tip_sheet_pdf(spec))


def _resolve(body: list, media: dict) -> list:
    return [
        (block_type, media[value] if isinstance(value, str) else value)
        for block_type, value in body
    ]


# --- Pages ------------------------------------------------------------------------


def _catalogue(home: HomePage) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    index = CourseIndexPage(
        title="Courses",
        slug="courses",
        introduction=CATALOGUE_INTRODUCTION,
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _course(index: CourseIndexPage, spec: dict, media: dict) -> CoursePage:
    course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if course is None:
        lesson_minutes = sum(lesson["minutes"] for lesson in spec["lessons"])
        course = CoursePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            about=" ".join(spec["about"].split()),
            learning_objectives=[("objective", text) for text in spec["objectives"]],
            audience=spec["audience"],
            topic=spec["topic"],
            clock_hours=Decimal(spec["clock_hours"]),
            estimated_minutes=lesson_minutes + spec["quiz_minutes"],
            authors=AUTHORS,
            quiz=list(spec["quiz"]),
            quiz_pass_mark=80,
            quiz_max_attempts=spec["quiz_max_attempts"],
            quiz_questions_per_attempt=spec["quiz_questions_per_attempt"],
        )
        index.add_child(instance=course)
        course.competency_areas.set(
            CompetencyArea.objects.filter(code__in=spec["areas"])
        )
        course.save_revision().publish()
        course = CoursePage.objects.get(pk=course.pk)
    existing = set(LessonPage.objects.child_of(course).values_list("slug", flat=True))
    for lesson_spec in spec["lessons"]:
        if lesson_spec["slug"] in existing:
            continue
        lesson = LessonPage(
            title=lesson_spec["title"],
            slug=lesson_spec["slug"],
            introduction=lesson_spec["introduction"],
            body=_resolve(lesson_spec["body"], media),
            estimated_minutes=lesson_spec["minutes"],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


# --- The demo learners' progress --------------------------------------------------


def _wrong_option(question: dict) -> str:
    return next(o["key"] for o in question["options"] if not o["correct"])


def _complete_course(learner, course: CoursePage) -> None:
    """Enrol, finish every lesson and pass the quiz, with one question missed, the
    way a learner would."""
    enrolment_create(learner=learner, course=course)
    lessons = lessons_for(course=course)
    for lesson in lessons:
        lesson_complete(learner=learner, lesson=lesson)
    first = LessonPage.objects.get(pk=lessons[0].pk)
    check = next(child for child in first.body if child.block_type == "knowledge_check")
    correct = [
        str(number)
        for number, option in enumerate(check.value["options"])
        if option["correct"]
    ]
    knowledge_check_answer(
        learner=learner, lesson=first, block_id=check.id, selected=correct
    )
    prompt = next(child for child in first.body if child.block_type == "reflection")
    reflection_note_save(
        learner=learner,
        lesson=first,
        block_id=prompt.id,
        text=(
            "The baby I visit on Tuesdays keeps looking at her mom during "
            "feeding. Next time I will point that out and wonder aloud with mom "
            "what her daughter is telling her."
        ),
    )
    attempt = quiz_attempt_start(learner=learner, course=course)
    answers = {
        question["id"]: [o["key"] for o in question["options"] if o["correct"]]
        for question in attempt.questions
    }
    missed = next(q for q in attempt.questions if q["kind"] != MULTIPLE)
    answers[missed["id"]] = [_wrong_option(missed)]
    quiz_attempt_submit(
        learner=learner, course=course, attempt_id=attempt.pk, answers=answers
    )
    # The certificate waits on her dashboard; seeding e-mails nobody.
    certificate_email_skip(
        learner=learner, source_type=COURSE_SOURCE_TYPE, source_id=course.pk
    )


def _start_course(learner, course: CoursePage, lessons_done: int) -> None:
    enrolment_create(learner=learner, course=course)
    for lesson in lessons_for(course=course)[:lessons_done]:
        lesson_complete(learner=learner, lesson=lesson)


def _progress(courses: dict[str, CoursePage]) -> list[str]:
    lines = []
    learner = User.objects.filter(email=LEARNER).first()
    facilitator = User.objects.filter(email=FACILITATOR).first()
    plan = [
        (learner, "attachment-and-early-relationships", None),
        (learner, "trauma-informed-care-and-aces", 2),
        (facilitator, "pyramid-model", 0),
    ]
    for user, slug, lessons_done in plan:
        course = courses[slug]
        if (
            user is None
            or Enrolment.objects.filter(learner=user, course=course).exists()
        ):
            continue
        if lessons_done is None:
            _complete_course(user, course)
            lines.append(f"Demo progress: {user.email} completed “{course.title}”.")
        else:
            _start_course(user, course, lessons_done)
            lines.append(
                f"Demo progress: {user.email} enrolled in “{course.title}” "
                f"({lessons_done} lessons done)."
            )
    return lines


@transaction.atomic
def seed() -> list[str]:
    """Build the catalogue, the three demo courses and the demo learners'
    progress; return lines describing what exists."""
    home = HomePage.objects.first()
    if home is None:
        return ["Demo courses skipped: the home page is missing."]
    index = _catalogue(home)
    media = _media()
    courses = {spec["slug"]: _course(index, spec, media) for spec in COURSES}
    lines = [f"Courses: {len(courses)} demo courses in the catalogue at {index.url}"]
    lines.extend(_progress(courses))
    return lines
