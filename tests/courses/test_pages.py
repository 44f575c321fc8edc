"""The learner's course pages: the page tree, the catalogue with its filters, a course
page in every enrolment state, enrolling, opening lessons, and the forms on a lesson
(knowledge checks, private notes, marking a lesson complete)."""

import re

import pytest

from django.contrib.auth.models import Group

from certificates.models import Certificate
from courses import services
from courses.choices import EnrolmentStatus
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    KnowledgeCheckResponse,
    LessonCompletion,
    LessonPage,
    ReflectionNote,
)
from courses.selectors import lessons_for
from lms.models import HomePage, StandardPage
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories import courses as factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_tree):
    return factories.catalogue(site_tree)


@pytest.fixture
def course(index):
    return factories.course(index)


@pytest.fixture
def learner():
    return LearnerProfileFactory().user


@pytest.fixture
def administrator():
    return staff_user("Administrator")


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def route(page, name, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


def first_check_id(lesson: LessonPage) -> str:
    return next(
        child.id for child in lesson.body if child.block_type == "knowledge_check"
    )


def first_reflection_id(lesson: LessonPage) -> str:
    return next(child.id for child in lesson.body if child.block_type == "reflection")


def enrol(learner, course) -> Enrolment:
    return services.enrolment_create(learner=learner, course=course)


def complete_course(learner, course) -> Enrolment:
    """Every lesson done and the quiz passed: the course completes."""
    enrolment = Enrolment.objects.filter(learner=learner, course=course).first()
    enrolment = enrolment or enrol(learner, course)
    for lesson in lessons_for(course=course):
        services.lesson_complete(learner=learner, lesson=lesson)
    if course.has_quiz:
        attempt = services.quiz_attempt_start(learner=learner, course=course)
        services.quiz_attempt_submit(
            learner=learner,
            course=course,
            attempt_id=attempt.pk,
            answers=factories.correct_answers(attempt),
        )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    return enrolment


# --- Page tree ----------------------------------------------------------------------


class TestPageTree:
    def test_catalogue_only_under_the_home_page_and_only_one(self, site_tree):
        standard = StandardPage.objects.first()
        assert CourseIndexPage.can_create_at(site_tree)
        assert not CourseIndexPage.can_create_at(standard)
        factories.catalogue(site_tree)
        assert not CourseIndexPage.can_create_at(site_tree)  # max_count = 1

    def test_courses_only_under_the_catalogue(self, index, site_tree):
        assert CoursePage.can_create_at(index)
        assert not CoursePage.can_create_at(site_tree)
        assert index.specific_class.allowed_subpage_models() == [CoursePage]
        assert HomePage in CourseIndexPage.allowed_parent_page_models()

    def test_lessons_only_under_a_course_and_nothing_under_a_lesson(
        self, index, course
    ):
        lesson = lessons_for(course=course)[0]
        assert LessonPage.can_create_at(course)
        assert not LessonPage.can_create_at(index)
        assert not LessonPage.can_create_at(lesson)
        assert CoursePage.allowed_subpage_models() == [LessonPage]
        assert LessonPage.allowed_subpage_models() == []
        assert LessonPage.allowed_parent_page_models() == [CoursePage]


# --- Catalogue --------------------------------------------------------------------


@pytest.fixture
def catalogue_courses(index):
    """Four courses that differ in topic, format, length and competency domain."""
    return {
        "attachment": factories.course(
            index, title="Attachment basics", lessons=1, hours="1.5"
        ),
        "trauma": factories.course(
            index,
            title="Trauma-informed care",
            lessons=1,
            hours="3",
            topic="trauma",
            areas=("DS-OBS",),
        ),
        "pyramid": factories.course(
            index,
            title="Pyramid Model practices",
            lessons=1,
            hours="6",
            topic="pyramid",
            course_format="video",
            summary="Promoting social and emotional competence.",
            areas=("LR-ETH",),
        ),
        "draft": factories.course(
            index, title="Unpublished draft", lessons=1, publish=False
        ),
    }


def card_titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="course-card__title"><a href="[^"]+">([^<]+)</a>', text(response)
    )


class TestCatalogue:
    def test_lists_live_courses_with_their_details(
        self, client, index, catalogue_courses
    ):
        response = client.get(index.url)
        assert response.status_code == 200
        body = text(response)
        assert card_titles(response) == [
            "Attachment basics",
            "Pyramid Model practices",
            "Trauma-informed care",
        ]
        assert "3 courses." in body
        assert "Video series" in body  # format
        assert "Trauma &amp; ACEs" in body  # topic
        assert "<dd>1.5</dd>" in body  # clock hours
        assert "<dd>2 hours</dd>" in body  # estimated time
        assert "courses.css" in body
        for name in ("q", "topic", "domain", "length", "format"):
            assert f'<label for="id_{name}">' in body

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("topic=trauma", ["Trauma-informed care"]),
            ("format=video", ["Pyramid Model practices"]),
            ("length=short", ["Attachment basics"]),
            ("length=medium", ["Trauma-informed care"]),
            ("length=long", ["Pyramid Model practices"]),
            ("domain=DS", ["Trauma-informed care"]),
            ("domain=TF", ["Attachment basics"]),
            ("q=social+emotional", ["Pyramid Model practices"]),
            ("q=trauma&topic=trauma", ["Trauma-informed care"]),
        ],
    )
    def test_filters_and_search(
        self, client, index, catalogue_courses, query, expected
    ):
        response = client.get(f"{index.url}?{query}")
        assert card_titles(response) == expected
        assert "Clear filters" in text(response)

    def test_an_unknown_filter_value_is_ignored(self, client, index, catalogue_courses):
        response = client.get(f"{index.url}?topic=astrology")
        assert len(card_titles(response)) == 3

    def test_empty_state_links_to_clear_the_filters(
        self, client, index, catalogue_courses
    ):
        response = client.get(f"{index.url}?q=nothing-like-this")
        body = text(response)
        assert card_titles(response) == []
        assert "No course matches these filters." in body
        assert f'<a href="{index.url}">Clear the filters' in body
        assert "0 courses match your search." in body

    def test_pages_of_twelve_keep_the_filters(self, client, index):
        for number in range(14):
            factories.course(index, title=f"Course {number:02d}", lessons=0)
        first = client.get(f"{index.url}?topic=attachment")
        assert len(card_titles(first)) == 12
        assert "Page 1 of 2" in text(first)
        assert 'href="?topic=attachment&amp;page=2"' in text(first)
        second = client.get(f"{index.url}?topic=attachment&page=2")
        assert card_titles(second) == ["Course 12", "Course 13"]

    def test_shows_the_learners_status_on_their_courses(
        self, client, index, catalogue_courses, learner
    ):
        enrol(learner, catalogue_courses["trauma"])
        client.force_login(learner)
        body = text(client.get(index.url))
        assert body.count("course-card__status") == 1
        assert "<strong>In progress</strong> — 0% complete" in body


# --- Course page ------------------------------------------------------------------


class TestCoursePage:
    def test_anonymous_visitor_sees_the_course_and_a_sign_in_link(self, client, course):
        response = client.get(course.url)
        assert response.status_code == 200
        body = text(response)
        assert course.summary in body
        assert "Describe serve and return." in body  # objectives
        assert course.audience in body
        assert "<dd>2.5</dd>" in body
        assert 'href="/competencies/#area-TF-AST"' in body
        assert f"/accounts/login/?next={course.url}" in body
        assert "Lesson 5" in body
        assert route(course, "enrol") not in body

    def test_signed_in_learner_can_enrol(self, client, course, learner):
        client.force_login(learner)
        body = text(client.get(course.url))
        assert f'action="{route(course, "enrol")}"' in body
        assert ">Enrol</button>" in body
        assert "Your progress" not in body

    def test_approval_course_asks_to_join(self, client, index, learner):
        course = factories.course(index, requires_approval=True, lessons=1)
        client.force_login(learner)
        assert ">Ask to join</button>" in text(client.get(course.url))

    def test_pending_enrolment(self, client, index, learner):
        course = factories.course(index, requires_approval=True, lessons=1)
        enrol(learner, course)
        client.force_login(learner)
        body = text(client.get(course.url))
        assert "Waiting for approval." in body
        assert route(course, "enrol") not in body

    def test_declined_enrolment_shows_the_reason(
        self, client, index, learner, administrator
    ):
        course = factories.course(index, requires_approval=True, lessons=1)
        services.enrolment_decline(
            enrolment=enrol(learner, course),
            by=administrator,
            reason="This course is for Tulsa home visitors.",
        )
        client.force_login(learner)
        body = text(client.get(course.url))
        assert "Your request to join was not approved." in body
        assert "This course is for Tulsa home visitors." in body

    def test_active_enrolment_shows_progress_and_continue(
        self, client, course, learner
    ):
        enrol(learner, course)
        lessons = lessons_for(course=course)
        for lesson in lessons[:2]:
            services.lesson_complete(learner=learner, lesson=lesson)
        client.force_login(learner)
        body = text(client.get(course.url))
        # 2 of 5 lessons and a quiz: 2 of 6 steps.
        assert 'max="100" value="33"' in body
        assert "<strong>33%</strong> complete — 2 of 5 required lessons" in body
        assert f'href="{lessons[2].url}">Continue: Lesson 3</a>' in body
        assert body.count("lesson-outline__item--done") == 2
        assert "Pass mark: 80%" in body
        assert "The quiz opens once you have completed the required lessons." in body

    def test_lessons_done_leads_to_the_quiz(self, client, course, learner):
        enrol(learner, course)
        for lesson in lessons_for(course=course):
            services.lesson_complete(learner=learner, lesson=lesson)
        client.force_login(learner)
        body = text(client.get(course.url))
        assert f'href="{route(course, "quiz")}">Continue: take the quiz</a>' in body

    def test_optional_lessons_are_marked(self, client, index, learner):
        course = factories.course(index, lessons=1)
        factories.lesson(course, number=2, required=False)
        client.force_login(learner)
        body = text(client.get(course.url))
        assert body.count(">optional</span>") == 1

    def test_completed_course_links_its_certificate(self, client, course, learner):
        complete_course(learner, course)
        certificate = Certificate.objects.get(learner=learner)
        client.force_login(learner)
        body = text(client.get(course.url))
        assert "Completed</strong> on" in body
        assert "Your certificate is being prepared" in body
        Certificate.objects.filter(pk=certificate.pk).update(status="ready")
        body = text(client.get(course.url))
        assert f'href="/certificates/{certificate.uuid}/download/"' in body
        assert "Claim your certificate" not in body

    def test_completed_without_a_name_claims_the_certificate_later(
        self, client, course
    ):
        learner = UserFactory(first_name="", last_name="")
        complete_course(learner, course)
        assert not Certificate.objects.filter(learner=learner).exists()
        client.force_login(learner)
        body = text(client.get(course.url))
        assert ">Claim your certificate</button>" in body

        response = client.post(route(course, "certificate"), follow=True)
        assert any("Add the name" in each for each in messages_of(response))
        assert not Certificate.objects.filter(learner=learner).exists()

        learner.first_name, learner.last_name = "Ada", "Lovelace"
        learner.save()
        response = client.post(route(course, "certificate"))
        assert response.status_code == 302
        assert Certificate.objects.filter(learner=learner).count() == 1

    def test_missing_prerequisite_is_shown_and_enrolment_withheld(
        self, client, index, learner
    ):
        first = factories.course(index, title="Foundations", lessons=1)
        second = factories.course(index, title="Next steps", lessons=1)
        second.prerequisites.add(first)
        second.save()
        client.force_login(learner)
        body = text(client.get(second.url))
        assert "Foundations</a> — <strong>not completed yet" in body
        assert "You can enrol once you have completed" in body
        assert route(second, "enrol") not in body

        complete_course(learner, first)
        body = text(client.get(second.url))
        assert (
            'Foundations</a> — <strong><span aria-hidden="true">✓ </span>completed'
            in body
        )
        assert f'action="{route(second, "enrol")}"' in body


# --- Enrolling --------------------------------------------------------------------


class TestEnrol:
    def test_enrols(self, client, course, learner):
        client.force_login(learner)
        response = client.post(route(course, "enrol"))
        assert response.status_code == 302
        assert response["Location"] == course.url
        enrolment = Enrolment.objects.get(learner=learner, course=course)
        assert enrolment.status == EnrolmentStatus.ACTIVE

    def test_twice_says_so(self, client, course, learner):
        client.force_login(learner)
        client.post(route(course, "enrol"))
        response = client.post(route(course, "enrol"), follow=True)
        assert "You are already enrolled in this course." in messages_of(response)
        assert Enrolment.objects.filter(learner=learner).count() == 1

    def test_missing_prerequisite_refused_with_a_message(self, client, index, learner):
        first = factories.course(index, title="Foundations", lessons=1)
        second = factories.course(index, title="Next steps", lessons=1)
        second.prerequisites.add(first)
        second.save()
        client.force_login(learner)
        response = client.post(route(second, "enrol"), follow=True)
        assert "Complete “Foundations” first" in " ".join(messages_of(response))
        assert not Enrolment.objects.filter(learner=learner).exists()

    def test_approval_required_leaves_it_pending(self, client, index, learner):
        course = factories.course(index, requires_approval=True, lessons=1)
        client.force_login(learner)
        response = client.post(route(course, "enrol"), follow=True)
        assert "has been sent" in " ".join(messages_of(response))
        assert Enrolment.objects.get(learner=learner).status == EnrolmentStatus.PENDING

    def test_anonymous_goes_to_sign_in(self, client, course):
        response = client.post(route(course, "enrol"))
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={course.url}"
        assert not Enrolment.objects.exists()

    def test_get_is_not_allowed(self, client, course, learner):
        client.force_login(learner)
        assert client.get(route(course, "enrol")).status_code == 405
        assert client.get(route(course, "certificate")).status_code == 405


# --- Lessons ----------------------------------------------------------------------


@pytest.fixture
def lessons(course):
    return lessons_for(course=course)


class TestLessonAccess:
    def test_anonymous_goes_to_sign_in(self, client, lessons):
        response = client.get(lessons[0].url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={lessons[0].url}"

    @pytest.mark.parametrize("status", ["none", "pending", "declined"])
    def test_not_enrolled_goes_back_to_the_course(
        self, client, course, lessons, learner, administrator, status
    ):
        if status != "none":
            CoursePage.objects.filter(pk=course.pk).update(requires_approval=True)
            course.refresh_from_db()
            enrolment = enrol(learner, course)
            if status == "declined":
                services.enrolment_decline(
                    enrolment=enrolment, by=administrator, reason="Not this term."
                )
        client.force_login(learner)
        response = client.get(lessons[0].url, follow=True)
        assert response.redirect_chain == [(course.url, 302)]
        expected = {
            "none": "Enrol in “Attachment basics” to open its lessons.",
            "pending": "waiting for an administrator's approval",
            "declined": "was not approved",
        }[status]
        assert expected in " ".join(messages_of(response))

    def test_enrolled_learner_reads_the_lesson(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        response = client.get(lessons[1].url)
        assert response.status_code == 200
        body = text(response)
        assert "Lesson 2 of 5" in body
        assert "Lesson 2 text about serve and return." in body
        assert f'href="{course.url}">Attachment basics</a>' in body  # breadcrumb
        assert f'href="{lessons[0].url}" rel="prev"' in body
        assert f'href="{lessons[2].url}" rel="next"' in body
        assert 'aria-current="page">Lesson 2</a>' in body  # outline
        assert f'action="{route(lessons[1], "complete")}"' in body
        assert 'id="lesson-progress"' in body

    def test_administrator_reads_without_enrolling_and_without_forms(
        self, client, lessons, administrator
    ):
        client.force_login(administrator)
        response = client.get(lessons[0].url)
        assert response.status_code == 200
        body = text(response)
        assert "Lesson 1 text about serve and return." in body
        assert "reading this lesson as a member of staff" in body
        assert '<form method="post" action="/courses' not in body
        assert "A single question?" in body
        assert not Enrolment.objects.exists()

    def test_facilitator_with_admin_access_may_read(self, client, lessons):
        facilitator = staff_user("ECHO Facilitator")
        assert facilitator.has_perm("wagtailadmin.access_admin")
        client.force_login(facilitator)
        assert client.get(lessons[0].url).status_code == 200

    def test_preview_renders_without_enrolment(self, lessons, rf):
        lesson = LessonPage.objects.get(pk=lessons[0].pk)
        response = lesson.make_preview_request()
        assert response.status_code == 200
        assert "Lesson 1 text about serve and return." in response.rendered_content

    def test_preview_of_a_lesson_not_yet_saved(self, course, lessons):
        draft = LessonPage(
            title="Draft lesson", slug="draft", body=factories.lesson_body(9)
        )
        draft.depth = course.depth + 1
        draft.path = lessons[-1]._inc_path()
        response = draft.make_preview_request()
        assert response.status_code == 200
        body = response.rendered_content
        assert "Lesson 9 text about serve and return." in body
        assert "reading this lesson as a member of staff" not in body
        assert "Lesson 1 of" not in body

    def test_anonymous_answers_go_to_sign_in(self, client, lessons):
        lesson = lessons[0]
        response = client.post(
            route(lesson, "check", first_check_id(lesson)), {"answer": ["0"]}
        )
        assert response["Location"] == f"/accounts/login/?next={lesson.url}"
        assert not KnowledgeCheckResponse.objects.exists()

    def test_post_to_the_lesson_is_not_allowed(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        assert client.post(lessons[0].url).status_code == 405
        for name, args in (
            ("complete", ()),
            ("check", (first_check_id(lessons[0]),)),
            ("reflection", (first_reflection_id(lessons[0]),)),
        ):
            assert client.get(route(lessons[0], name, *args)).status_code == 405


class TestKnowledgeCheck:
    def test_feedback_only_after_answering_and_only_for_the_choice(
        self, client, course, lessons, learner
    ):
        enrol(learner, course)
        client.force_login(learner)
        lesson = lessons[0]
        block_id = first_check_id(lesson)
        body = text(client.get(lesson.url))
        assert "<legend>A single question?</legend>" in body
        assert 'type="radio" name="answer" value="0"' in body
        for feedback in ("That builds trust.", "Babies need you.", "Stay close."):
            assert feedback not in body
        assert "correct" not in body.lower()  # no flag in markup, data or classes

        response = client.post(route(lesson, "check", block_id), {"answer": ["1"]})
        assert response.status_code == 302
        assert response["Location"] == f"{lesson.url}#check-{block_id}"
        answer = KnowledgeCheckResponse.objects.get(block_id=block_id)
        assert answer.selected == ["1"] and not answer.correct

        body = text(client.get(lesson.url))
        assert "Not quite." in body
        assert "Babies need you." in body
        assert "That builds trust." not in body  # the right answer stays hidden
        assert "Stay close." not in body
        assert 'value="1" id="check-' + block_id + '-1" checked' in body

        client.post(route(lesson, "check", block_id), {"answer": ["0"]})
        body = text(client.get(lesson.url))
        assert "That is right." in body
        assert "That builds trust." in body
        assert "Babies need you." not in body
        assert KnowledgeCheckResponse.objects.get(block_id=block_id).tries == 2

    def test_multiple_choice_uses_checkboxes(self, client, index, learner):
        course = factories.course(index, lessons=0)
        lesson = factories.lesson(
            course,
            body=[("knowledge_check", factories.knowledge_check(kind="multiple"))],
        )
        enrol(learner, course)
        client.force_login(learner)
        body = text(client.get(lesson.url))
        assert body.count('type="checkbox" name="answer"') == 3
        assert "Choose all that apply." in body
        assert "<fieldset" in body

    def test_no_answer_is_refused_with_a_message(
        self, client, course, lessons, learner
    ):
        enrol(learner, course)
        client.force_login(learner)
        block_id = first_check_id(lessons[0])
        response = client.post(route(lessons[0], "check", block_id), follow=True)
        assert "Choose an answer first." in messages_of(response)
        assert not KnowledgeCheckResponse.objects.exists()

    def test_not_enrolled_learner_cannot_answer(self, client, lessons, learner):
        client.force_login(learner)
        block_id = first_check_id(lessons[0])
        client.post(route(lessons[0], "check", block_id), {"answer": ["0"]})
        assert not KnowledgeCheckResponse.objects.exists()


class TestReflection:
    def test_save_shows_the_note_and_clear_deletes_it(
        self, client, course, lessons, learner
    ):
        enrol(learner, course)
        client.force_login(learner)
        lesson = lessons[0]
        block_id = first_reflection_id(lesson)
        body = text(client.get(lesson.url))
        assert f'<label for="reflection-{block_id}-text">' in body
        assert "only you can read it" in body

        response = client.post(
            route(lesson, "reflection", block_id),
            {"text": "I think of my niece <b>Rosa</b>."},
        )
        assert response["Location"] == f"{lesson.url}#reflection-{block_id}"
        note = ReflectionNote.objects.get(learner=learner)
        assert note.text == "I think of my niece <b>Rosa</b>."
        response = client.get(lesson.url)
        assert "Your note is saved. Only you can read it." in messages_of(response)
        assert ">I think of my niece &lt;b&gt;Rosa&lt;/b&gt;.</textarea>" in text(
            response
        )

        response = client.post(
            route(lesson, "reflection", block_id), {"text": "  "}, follow=True
        )
        assert "Your note was cleared." in messages_of(response)
        assert not ReflectionNote.objects.exists()

    def test_another_learner_never_sees_the_note(
        self, client, course, lessons, learner
    ):
        enrol(learner, course)
        block_id = first_reflection_id(lessons[0])
        services.reflection_note_save(
            learner=learner, lesson=lessons[0], block_id=block_id, text="Private."
        )
        other = LearnerProfileFactory().user
        enrol(other, course)
        client.force_login(other)
        assert "Private." not in text(client.get(lessons[0].url))


class TestLessonComplete:
    def test_goes_on_to_the_next_lesson(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        response = client.post(route(lessons[0], "complete"))
        assert response.status_code == 302
        assert response["Location"] == lessons[1].url
        assert LessonCompletion.objects.filter(lesson=lessons[0]).exists()
        body = text(client.get(lessons[0].url))
        assert "Completed.</strong>" in body
        assert "Mark lesson complete" not in body

    def test_last_lesson_leads_to_the_quiz(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        for lesson in lessons[:-1]:
            client.post(route(lesson, "complete"))
        response = client.post(route(lessons[-1], "complete"))
        assert response["Location"] == route(course, "quiz")

    def test_a_skipped_lesson_is_offered_before_the_quiz(
        self, client, course, lessons, learner
    ):
        enrol(learner, course)
        client.force_login(learner)
        response = client.post(route(lessons[-1], "complete"))
        assert response["Location"] == lessons[0].url

    def test_course_without_quiz_completes_with_hours_message(
        self, client, index, learner
    ):
        course = factories.course(index, lessons=2, quiz_questions=0)
        lessons = lessons_for(course=course)
        enrol(learner, course)
        client.force_login(learner)
        client.post(route(lessons[0], "complete"))
        response = client.post(route(lessons[1], "complete"), follow=True)
        assert response.redirect_chain == [(course.url, 302)]
        assert (
            "Course complete — 2.5 clock hours added to your record, and your "
            "certificate for “Attachment basics” is on its way."
        ) in messages_of(response)
        assert Enrolment.objects.get(learner=learner).status == "completed"

    def test_pending_learner_cannot_complete(self, client, index, learner):
        course = factories.course(index, lessons=1, requires_approval=True)
        enrol(learner, course)
        client.force_login(learner)
        lesson = lessons_for(course=course)[0]
        response = client.post(route(lesson, "complete"), follow=True)
        assert "waiting for an administrator's approval" in " ".join(
            messages_of(response)
        )
        assert not LessonCompletion.objects.exists()


def test_learner_group_cannot_reach_the_admin(learner):
    # The lesson pages let staff read without enrolling; learners are not staff.
    assert Group.objects.get(name="Learner") in learner.groups.all()
    assert not learner.has_perm("wagtailadmin.access_admin")
