"""The blocks editors build lessons and quizzes from. Every piece of media carries its
text alternative (alt text, captions, transcript) and the block refuses to save
without it."""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from lms.blocks import CalloutBlock, HeadingBlock

from .choices import QuestionKind

CAPTION_EXTENSIONS = (".vtt",)
VIDEO_EXTENSIONS = (".mp4", ".webm", ".ogv", ".m4v")
AUDIO_EXTENSIONS = (".mp3", ".ogg", ".oga", ".opus", ".m4a", ".wav")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")


def video_embed_src(url: str) -> str | None:
    """The player address for a YouTube or Vimeo link, or None for anything else.
    The page builds the player itself, so the server never fetches a third-party
    address to show a lesson."""
    parsed = urlparse(url or "")
    if parsed.scheme not in {"http", "https"}:
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0"
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/")
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parsed.path.rstrip("/").split("/")[-1]
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


def _has_extension(document, extensions) -> bool:
    return bool(document) and document.file.name.lower().endswith(extensions)


def _struct_error(**errors):
    return blocks.StructBlockValidationError(
        block_errors={
            name: ValidationError(message) for name, message in errors.items()
        }
    )


class LessonImageBlock(blocks.StructBlock):
    """A picture with the words a screen-reader user hears instead of it."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alt text"),
        help_text=_(
            "Describe what the picture shows for someone who cannot see it. Required."
        ),
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    """A video from YouTube or Vimeo, or an uploaded file with a WebVTT captions
    track; always with a transcript on the page."""

    title = blocks.CharBlock(max_length=160)
    embed_url = blocks.URLBlock(
        required=False,
        label=_("YouTube or Vimeo address"),
        help_text=_("Or upload a video file below."),
    )
    embed_has_captions = blocks.BooleanBlock(
        required=False,
        label=_("The embedded video has captions"),
        help_text=_("Check the player shows closed captions before you tick this."),
    )
    video_file = DocumentChooserBlock(
        required=False, help_text=_("An MP4 or WebM file.")
    )
    captions = DocumentChooserBlock(
        required=False,
        label=_("Captions track"),
        help_text=_("A WebVTT (.vtt) file; required with an uploaded video."),
    )
    duration = blocks.CharBlock(
        max_length=20, required=False, help_text=_("For example 6:40.")
    )
    transcript = blocks.RichTextBlock(
        features=["bold", "italic", "ul", "ol"],
        help_text=_("Everything said and shown, for people who cannot watch or hear."),
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        url, upload = value.get("embed_url"), value.get("video_file")
        if bool(url) == bool(upload):
            raise _struct_error(
                embed_url=_(
                    "Give a YouTube or Vimeo address or upload a file, not both."
                )
            )
        if url:
            if video_embed_src(url) is None:
                raise _struct_error(
                    embed_url=_(
                        "Only YouTube and Vimeo addresses can be embedded; upload "
                        "other videos as a file."
                    )
                )
            if not value.get("embed_has_captions"):
                raise _struct_error(
                    embed_has_captions=_(
                        "Embedded videos must have captions; tick this once you "
                        "have checked."
                    )
                )
        else:
            if not _has_extension(upload, VIDEO_EXTENSIONS):
                raise _struct_error(
                    video_file=_("Upload an MP4, WebM, OGV or M4V video file.")
                )
            if not _has_extension(value.get("captions"), CAPTION_EXTENSIONS):
                raise _struct_error(
                    captions=_("An uploaded video needs a WebVTT (.vtt) captions file.")
                )
        return value


class AudioBlock(blocks.StructBlock):
    """A recording (a narrated story, a parent's voice, a short talk) with its
    transcript."""

    title = blocks.CharBlock(max_length=160)
    audio_file = DocumentChooserBlock(
        help_text=_("An MP3, OGG, Opus, M4A or WAV file.")
    )
    duration = blocks.CharBlock(max_length=20, required=False)
    transcript = blocks.RichTextBlock(features=["bold", "italic", "ul", "ol"])

    class Meta:
        icon = "media"
        template = "courses/blocks/audio_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not _has_extension(value.get("audio_file"), AUDIO_EXTENSIONS):
            raise _struct_error(
                audio_file=_("Upload an MP3, OGG, Opus, M4A or WAV audio file.")
            )
        return value


class ReflectionPromptBlock(blocks.StructBlock):
    """A question for the learner to think about. What they write is a private note
    kept on their account; nobody else reads it."""

    prompt = blocks.TextBlock(max_length=600)
    guidance = blocks.TextBlock(
        max_length=600,
        required=False,
        help_text=_("Optional hints, such as what to notice or who to think of."),
    )

    class Meta:
        icon = "edit"
        template = "courses/blocks/reflection_block.html"


class ResourceBlock(blocks.StructBlock):
    """A document to download: a handout, a checklist, a tip sheet for families."""

    title = blocks.CharBlock(max_length=160)
    document = DocumentChooserBlock()
    description = blocks.TextBlock(max_length=400, required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/resource_block.html"


class QuestionBlockMixin:
    """Rules shared by knowledge checks and quiz questions."""

    def clean(self, value):
        value = super().clean(value)
        options = list(value.get("options") or [])
        correct = sum(1 for option in options if option.get("correct"))
        kind = value.get("kind")
        message = None
        if len(options) < 2:
            message = _("Give at least two options.")
        elif kind == QuestionKind.TRUE_FALSE and len(options) != 2:
            message = _("A true-or-false question has exactly two options.")
        elif kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
            message = _("Mark exactly one option as correct.")
        elif kind == QuestionKind.MULTIPLE and correct < 1:
            message = _("Mark at least one option as correct.")
        if message:
            raise _struct_error(options=message)
        return value


class KnowledgeCheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(
        max_length=600, help_text=_("What the learner reads after choosing this.")
    )

    class Meta:
        icon = "radio-empty"


class KnowledgeCheckBlock(QuestionBlockMixin, blocks.StructBlock):
    """A practice question inside a lesson. Learners answer as often as they like and
    read the feedback for what they chose; it does not count toward the quiz."""

    question = blocks.TextBlock(max_length=600)
    kind = blocks.ChoiceBlock(choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    options = blocks.ListBlock(KnowledgeCheckOptionBlock(), min_num=2, max_num=8)

    class Meta:
        icon = "help"
        template = "courses/blocks/knowledge_check_block.html"


class QuizOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(
        max_length=600,
        required=False,
        help_text=_("Shown with the results, after the attempt is submitted."),
    )

    class Meta:
        icon = "radio-empty"


class QuizQuestionBlock(QuestionBlockMixin, blocks.StructBlock):
    """One question of a course's final quiz. Correct answers never reach the page
    before the attempt is submitted."""

    question = blocks.TextBlock(max_length=600)
    kind = blocks.ChoiceBlock(choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    options = blocks.ListBlock(QuizOptionBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        max_length=800,
        required=False,
        help_text=_("Why the answer is right; shown with the results."),
    )

    class Meta:
        icon = "help"


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ul", "ol", "document-link"]
    )
    image = LessonImageBlock()
    video = VideoBlock()
    audio = AudioBlock()
    callout = CalloutBlock()
    reflection = ReflectionPromptBlock()
    resource = ResourceBlock()
    knowledge_check = KnowledgeCheckBlock()


class QuizStreamBlock(blocks.StreamBlock):
    question = QuizQuestionBlock()
