"""The demo courses: three complete, published courses whose lessons and quizzes pass
the same validation as an editor's, with text alternatives for every picture and
recording, and the demo learners' progress made through the real services."""

import re
from decimal import Decimal
from html import escape, unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.html import strip_tags

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from certificates.models import Certificate
from courses import demo
from courses.choices import EnrolmentStatus
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
)
from courses.selectors import COURSE_SOURCE_TYPE, lessons_for
from lms import demo as lms_demo
from lms.models import CreditEntry

pytestmark = pytest.mark.django_db

User = get_user_model()

ATTACHMENT = "attachment-and-early-relationships"
TRAUMA = "trauma-informed-care-and-aces"
PYRAMID = "pyramid-model"


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    lms_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.seed()
    return lines


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "enrolments": Enrolment.objects.count(),
        "completions": LessonCompletion.objects.count(),
        "attempts": QuizAttempt.objects.count(),
        "credits": CreditEntry.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def words(html: str) -> int:
    return len(re.findall(r"[A-Za-z0-9’'-]+", unescape(strip_tags(html))))


def lesson_words(lesson: LessonPage) -> int:
    total = 0
    for child in lesson.body:
        if child.block_type == "paragraph":
            total += words(child.value.source)
        elif child.block_type == "heading":
            total += words(child.value["text"])
        elif child.block_type == "callout":
            total += words(child.value["body"].source)
    return total


def test_seeding_twice_creates_nothing_new(seeded, django_capture_on_commit_callbacks):
    first = counts()
    assert first["certificates"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.seed()
    assert counts() == first
    assert not any(line.startswith("Demo progress") for line in lines)


def test_three_live_courses_with_valid_lessons_and_quizzes(seeded):
    index = CourseIndexPage.objects.get()
    assert index.live and index.slug == "courses"
    courses = list(CoursePage.objects.child_of(index).live().order_by("path"))
    assert [course.slug for course in courses] == [ATTACHMENT, TRAUMA, PYRAMID]
    assert [course.topic for course in courses] == ["attachment", "trauma", "pyramid"]
    assert [course.clock_hours for course in courses] == [
        Decimal("2.75"),
        Decimal("3"),
        Decimal("3.25"),
    ]
    assert [
        (course.quiz_max_attempts, course.quiz_questions_per_attempt)
        for course in courses
    ] == [(None, None), (3, 8), (3, None)]
    lesson_block = LessonPage.body.field.stream_block
    for course in courses:
        course.full_clean()
        assert not course.requires_approval
        assert not course.prerequisites.exists()
        assert course.competency_areas.count() >= 5
        assert 4 <= len(course.learning_objectives) <= 6
        assert course.quiz_pass_mark == 80
        assert len(course.quiz) >= 8 and course.quiz_size == len(course.quiz)
        assert {child.value["kind"] for child in course.quiz} == {
            "single",
            "multiple",
            "true_false",
        }
        assert all(child.value["explanation"] for child in course.quiz)
        CoursePage.quiz.field.stream_block.clean(course.quiz)

        lessons = [lesson.specific for lesson in lessons_for(course=course)]
        assert len(lessons) >= 4
        assert course.estimated_minutes > sum(
            lesson.estimated_minutes for lesson in lessons
        )
        minutes_per_hour = course.estimated_minutes / course.clock_hours
        assert 55 <= minutes_per_hour <= 65
        for lesson in lessons:
            lesson.full_clean()
            lesson_block.clean(lesson.body)
            kinds = [child.block_type for child in lesson.body]
            assert "knowledge_check" in kinds, lesson.title
            assert "reflection" in kinds and "callout" in kinds, lesson.title
            assert 500 <= lesson_words(lesson) <= 900, (
                lesson.title,
                lesson_words(lesson),
            )
            for child in lesson.body:
                if child.block_type == "knowledge_check":
                    assert all(o["feedback"] for o in child.value["options"])


def test_every_picture_and_recording_has_its_text_alternative(seeded):
    media_blocks = {"image": 0, "audio": 0, "video": 0, "resource": 0}
    for lesson in LessonPage.objects.live():
        for child in lesson.body:
            value = child.value
            if child.block_type == "image":
                assert len(value["alt_text"]) > 40
                assert default_storage.exists(value["image"].file.name)
            elif child.block_type == "audio":
                assert words(value["transcript"].source) > 60
                assert default_storage.exists(value["audio_file"].file.name)
            elif child.block_type == "video":
                assert words(value["transcript"].source) > 60
                assert value["captions"].file.name.endswith(".vtt")
                for document in (value["video_file"], value["captions"]):
                    assert default_storage.exists(document.file.name)
            elif child.block_type == "resource":
                assert default_storage.exists(value["document"].file.name)
                with value["document"].file.open("rb") as handle:
                    pdf = PdfReader(handle)
                    assert len(pdf.pages) == 1
                    assert "Cradle" in pdf.pages[0].extract_text()
            else:
                continue
            media_blocks[child.block_type] += 1
    assert media_blocks == {"image": 3, "audio": 2, "video": 1, "resource": 3}
    for course in CoursePage.objects.all():
        kinds = {
            child.block_type
            for lesson in LessonPage.objects.child_of(course)
            for child in lesson.body
        }
        assert "image" in kinds and kinds & {"audio", "video"}, course.title


def test_the_transcript_is_the_narration_and_the_captions_follow_it(seeded):
    video = next(
        child.value
        for lesson in LessonPage.objects.live()
        for child in lesson.body
        if child.block_type == "video"
    )
    transcript = unescape(strip_tags(video["transcript"].source))
    with video["captions"].file.open("rb") as handle:
        vtt = handle.read().decode()
    assert vtt.startswith("WEBVTT")
    cues = [cue.splitlines() for cue in vtt.split("\n\n")[1:] if cue.strip()]
    ends = []
    for number, cue in enumerate(cues, start=1):
        assert cue[0] == str(number)
        start, end = cue[1].split(" --> ")
        assert start < end
        ends.append(end)
        assert 1 <= len(cue[2:]) <= 2
        assert all(len(line) <= 42 for line in cue[2:])
    assert ends == sorted(ends)
    assert " ".join(" ".join(cue[2:]) for cue in cues) == transcript
    media = Path(demo.__file__).parent / "demo_media"
    for path in media.iterdir():
        if path.suffix in {".ogg", ".webm"}:
            assert path.stat().st_size < (
                1_000_000 if path.suffix == ".webm" else 250_000
            )


def test_the_demo_learners_progress(seeded):
    learner = User.objects.get(email="learner@cradle.example")
    attachment = CoursePage.objects.get(slug=ATTACHMENT)
    trauma = CoursePage.objects.get(slug=TRAUMA)
    pyramid = CoursePage.objects.get(slug=PYRAMID)

    completed = Enrolment.objects.get(learner=learner, course=attachment)
    assert completed.status == EnrolmentStatus.COMPLETED
    assert completed.lesson_completions.count() == len(lessons_for(course=attachment))
    attempt = completed.quiz_attempts.get()
    assert attempt.passed and attempt.score == Decimal("90.00")

    credit = CreditEntry.objects.get(learner=learner, kind="course")
    assert (credit.source_type, credit.source_id) == (
        COURSE_SOURCE_TYPE,
        str(attachment.pk),
    )
    assert credit.hours == attachment.clock_hours
    certificate = Certificate.objects.get(
        learner=learner, source_type=COURSE_SOURCE_TYPE
    )
    assert certificate.source_id == str(attachment.pk)
    assert (certificate.title, certificate.hours) == (attachment.title, credit.hours)
    assert certificate.status == "ready"

    in_progress = Enrolment.objects.get(learner=learner, course=trauma)
    assert in_progress.status == EnrolmentStatus.ACTIVE
    done = set(in_progress.lesson_completions.values_list("lesson_id", flat=True))
    assert done == {lesson.pk for lesson in lessons_for(course=trauma)[:2]}
    assert not Enrolment.objects.filter(learner=learner, course=pyramid).exists()

    facilitator = Enrolment.objects.get(
        learner__email="facilitator@cradle.example", course=pyramid
    )
    assert facilitator.status == EnrolmentStatus.ACTIVE
    assert not facilitator.lesson_completions.exists()


def test_catalogue_course_and_lesson_pages_render_for_the_demo_learners(seeded, client):
    """The demo learner opens the catalogue, every course and the lessons of the
    two courses she is enrolled in; the facilitator the lessons of the third."""
    learner = User.objects.get(email="learner@cradle.example")
    facilitator = User.objects.get(email="facilitator@cradle.example")
    visits = [(learner, CourseIndexPage.objects.get())]
    for course in CoursePage.objects.order_by("path"):
        visits.append((learner, course))
        reader = facilitator if course.slug == PYRAMID else learner
        visits.extend((reader, lesson) for lesson in lessons_for(course=course))
    assert len(visits) == 1 + 3 + 15
    for user, page in visits:
        client.force_login(user)
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title) in response.content.decode(), page.url


def test_the_site_menu_leads_to_the_catalogue(client, seeded):
    response = client.get("/")
    nav = response.content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/courses/"' in nav
