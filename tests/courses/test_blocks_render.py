"""Lesson blocks: each renders its text alternative (alt text, captions track,
transcript), embeds only YouTube and Vimeo, and refuses to save without what a
learner who cannot see or hear needs."""

import io

import pytest
from PIL import Image as PillowImage

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from courses import services
from courses.blocks import (
    AudioBlock,
    KnowledgeCheckBlock,
    LessonImageBlock,
    QuizQuestionBlock,
    ReflectionPromptBlock,
    ResourceBlock,
    VideoBlock,
)
from courses.templatetags.courses_tags import minutes, video_embed_src
from tests.factories import LearnerProfileFactory
from tests.factories import courses as factories

pytestmark = pytest.mark.django_db

TRANSCRIPT = "<p>The narrator says: watch the baby's cues.</p>"


def picture() -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return Image.objects.create(
        title="Baby and parent", file=ImageFile(buffer, name="baby.png")
    )


def document(name: str, content: bytes = b"data") -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


def render(block, raw: dict, **context) -> str:
    return block.render(block.to_python(raw), context=context)


def errors_of(block, raw: dict) -> dict[str, list[str]]:
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(raw))
    return {
        name: list(error.messages) for name, error in caught.value.block_errors.items()
    }


def video(**values) -> dict:
    raw = {
        "title": "Serve and return",
        "embed_url": "",
        "embed_has_captions": False,
        "video_file": None,
        "captions": None,
        "duration": "6:40",
        "transcript": TRANSCRIPT,
    }
    raw.update(values)
    return raw


# --- Rendering --------------------------------------------------------------------


class TestRendering:
    def test_image_has_its_alt_text_and_caption(self):
        html = render(
            LessonImageBlock(),
            {
                "image": picture().pk,
                "alt_text": "A father smiles back at his babbling daughter.",
                "caption": "Serve and return at bath time.",
            },
        )
        assert 'alt="A father smiles back at his babbling daughter."' in html
        assert "<figcaption" in html and "Serve and return at bath time." in html
        assert "<img" in html

    @pytest.mark.parametrize(
        ("url", "src"),
        [
            (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            ),
            (
                "https://youtu.be/dQw4w9WgXcQ",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            ),
            (
                "https://vimeo.com/76979871",
                "https://player.vimeo.com/video/76979871?dnt=1",
            ),
        ],
    )
    def test_embedded_video_is_a_titled_iframe_with_transcript(self, url, src):
        html = render(VideoBlock(), video(embed_url=url, embed_has_captions=True))
        assert (
            f'<iframe src="{src.replace("&", "&amp;")}" title="Serve and return"'
            in html
        )
        assert "<details" in html and "<summary>Transcript" in html
        assert "watch the baby&#x27;s cues" in html or "watch the baby's cues" in html
        assert "(6:40)" in html

    def test_uploaded_video_has_a_captions_track(self):
        clip = document("clip.mp4")
        captions = document("clip.vtt", b"WEBVTT\n")
        html = render(VideoBlock(), video(video_file=clip.pk, captions=captions.pk))
        assert "<video" in html and "controls" in html
        assert f'<source src="{clip.url}">' in html
        assert (
            f'<track kind="captions" srclang="en" label="English" '
            f'src="{captions.url}" default>'
        ) in html
        assert "<details" in html and "watch the baby" in html

    def test_audio_plays_with_its_transcript(self):
        recording = document("story.mp3")
        html = render(
            AudioBlock(),
            {
                "title": "A parent's story",
                "audio_file": recording.pk,
                "duration": "3:10",
                "transcript": TRANSCRIPT,
            },
        )
        assert 'controls preload="metadata"' in html
        assert '<audio class="media-block__player"' in html
        assert f'src="{recording.url}"' in html
        assert "<details" in html and "watch the baby" in html

    def test_resource_names_its_file_type_and_size(self):
        handout = document("tip-sheet.pdf", b"x" * 2048)
        html = render(
            ResourceBlock(),
            {
                "title": "Tip sheet for families",
                "document": handout.pk,
                "description": "Print it for home visits.",
            },
        )
        assert f'<a href="{handout.url}">Tip sheet for families</a>' in html
        assert "(PDF, 2.0\xa0KB)" in html
        assert "Print it for home visits." in html

    def test_questions_and_prompts_outside_a_lesson_have_no_form(self):
        check = render(KnowledgeCheckBlock(), factories.knowledge_check())
        assert "A single question?" in check and "Respond warmly" in check
        assert "<form" not in check
        assert "That builds trust." not in check
        prompt = render(
            ReflectionPromptBlock(), {"prompt": "Who comes to mind?", "guidance": ""}
        )
        assert "Who comes to mind?" in prompt and "<form" not in prompt


def test_template_filters():
    assert video_embed_src("https://example.com/video.mp4") == ""
    assert video_embed_src("https://vimeo.com/76979871").startswith(
        "https://player.vimeo.com/"
    )
    assert minutes(45) == "45 min"
    assert minutes(120) == "2 hours"
    assert minutes(60) == "1 hour"
    assert minutes(90) == "1 h 30 min"
    assert minutes(None) == ""


def test_a_lesson_with_every_block_renders_for_its_learner(client, site_tree):
    course = factories.course(factories.catalogue(site_tree), lessons=0)
    clip, captions = document("clip.webm"), document("clip.vtt", b"WEBVTT\n")
    lesson = factories.lesson(
        course,
        body=[
            ("heading", {"text": "Noticing cues", "level": "h2"}),
            (
                "image",
                {"image": picture(), "alt_text": "A baby reaching.", "caption": ""},
            ),
            (
                "video",
                {
                    **video(video_file=clip, captions=captions),
                    "transcript": RichText(TRANSCRIPT),
                },
            ),
            (
                "callout",
                {
                    "kind": "tip",
                    "heading": "Remember",
                    "body": RichText("<p>Go slowly.</p>"),
                },
            ),
            ("reflection", {"prompt": "Who comes to mind?", "guidance": "A family."}),
        ],
    )
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h2>Noticing cues</h2>" in body
    assert 'alt="A baby reaching."' in body
    assert '<track kind="captions"' in body
    assert "callout--tip" in body
    assert "A family." in body


# --- Validation -------------------------------------------------------------------


class TestVideoValidation:
    def test_needs_an_address_or_a_file(self):
        errors = errors_of(VideoBlock(), video())
        assert "not both" in errors["embed_url"][0]

    def test_not_both_an_address_and_a_file(self):
        raw = video(
            embed_url="https://youtu.be/dQw4w9WgXcQ",
            embed_has_captions=True,
            video_file=document("clip.mp4").pk,
        )
        assert "not both" in errors_of(VideoBlock(), raw)["embed_url"][0]

    def test_only_youtube_and_vimeo_embed(self):
        raw = video(embed_url="https://example.com/watch/1", embed_has_captions=True)
        assert "Only YouTube and Vimeo" in errors_of(VideoBlock(), raw)["embed_url"][0]

    def test_embed_needs_captions_ticked(self):
        raw = video(embed_url="https://youtu.be/dQw4w9WgXcQ")
        errors = errors_of(VideoBlock(), raw)
        assert "must have captions" in errors["embed_has_captions"][0]

    def test_upload_needs_a_vtt_captions_file(self):
        raw = video(video_file=document("clip.mp4").pk)
        assert ".vtt" in errors_of(VideoBlock(), raw)["captions"][0]
        raw = video(
            video_file=document("clip.mp4").pk, captions=document("clip.srt").pk
        )
        assert ".vtt" in errors_of(VideoBlock(), raw)["captions"][0]

    def test_a_valid_upload_and_a_valid_embed_pass(self):
        block = VideoBlock()
        upload = video(
            video_file=document("clip.mp4").pk, captions=document("clip.vtt").pk
        )
        assert block.clean(block.to_python(upload))["video_file"].title == "clip.mp4"
        embed = video(embed_url="https://vimeo.com/76979871", embed_has_captions=True)
        assert block.clean(block.to_python(embed))["embed_url"]


def test_audio_refuses_a_file_that_is_not_audio():
    raw = {
        "title": "Story",
        "audio_file": document("story.pdf").pk,
        "duration": "",
        "transcript": TRANSCRIPT,
    }
    assert "audio file" in errors_of(AudioBlock(), raw)["audio_file"][0]


def test_image_needs_alt_text():
    raw = {"image": picture().pk, "alt_text": "", "caption": ""}
    assert "alt_text" in errors_of(LessonImageBlock(), raw)


@pytest.mark.parametrize("block_class", [KnowledgeCheckBlock, QuizQuestionBlock])
class TestQuestionValidation:
    def raw(self, kind: str, correct: list[bool]) -> dict:
        return {
            "question": "Which?",
            "kind": kind,
            "options": [
                {"text": f"Option {n}", "correct": flag, "feedback": "Because."}
                for n, flag in enumerate(correct)
            ],
            "explanation": "",
        }

    def test_no_correct_option(self, block_class):
        errors = errors_of(block_class(), self.raw("single", [False, False]))
        assert errors["options"] == ["Mark exactly one option as correct."]
        errors = errors_of(block_class(), self.raw("multiple", [False, False]))
        assert errors["options"] == ["Mark at least one option as correct."]

    def test_too_many_correct_options(self, block_class):
        errors = errors_of(block_class(), self.raw("single", [True, True, False]))
        assert errors["options"] == ["Mark exactly one option as correct."]

    def test_true_false_has_two_options(self, block_class):
        errors = errors_of(block_class(), self.raw("true_false", [True, False, False]))
        assert errors["options"] == [
            "A true-or-false question has exactly two options."
        ]

    def test_a_good_question_passes(self, block_class):
        block = block_class()
        value = block.clean(block.to_python(self.raw("multiple", [True, True, False])))
        assert len(value["options"]) == 3
