"""Courses in the admin: the enrolments listing with its filters, search and pages,
approving and declining requests, the course report, the quiz item analysis, the
dashboard panel, and who may use them."""

import datetime

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from courses import services
from courses.choices import EnrolmentStatus
from courses.models import Enrolment
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories import courses as course_factories

pytestmark = pytest.mark.django_db

INDEX = reverse("course_enrolments:index")
REPORTS = reverse("course_reports:index")
# The admin's own queries (session, user, permissions, menu), the filter's course
# choices, the pending count, and the listing: a count and one page of rows.
INDEX_BUDGET = 16
# The admin's own queries (session, user, permissions, second factor, menu: 11),
# the course, and its totals (two).
REPORT_BUDGET = 14


@pytest.fixture
def administrator(client, site_tree):
    user = staff_user("Administrator", email="admin@example.org")
    client.force_login(user)
    return user


def learner(email: str, first: str = "Ana", last: str = "López", **profile):
    user = UserFactory(email=email, first_name=first, last_name=last)
    LearnerProfileFactory(user=user, **profile)
    return user


def enrol(course, user):
    return services.enrolment_create(learner=user, course=course)


def detail_url(enrolment) -> str:
    return reverse("course_enrolments:detail", args=[enrolment.pk])


def approve_url(enrolment) -> str:
    return reverse("course_enrolments:approve", args=[enrolment.pk])


def decline_url(enrolment) -> str:
    return reverse("course_enrolments:decline", args=[enrolment.pk])


def report_url(course) -> str:
    return reverse("course_reports:report", args=[course.pk])


def items_url(course) -> str:
    return reverse("course_reports:items", args=[course.pk])


def listed(response) -> list[int]:
    return [enrolment.pk for enrolment in response.context["object_list"]]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The listing ----------------------------------------------------------------------


class TestListing:
    def test_columns(self, client, administrator):
        course = course_factories.course(title="Attachment basics", lessons=2)
        ana = learner("ana@example.org")
        enrolment = enrol(course, ana)
        lesson = course.get_children().first().specific
        services.lesson_complete(learner=ana, lesson=lesson)
        response = client.get(INDEX)
        assert response.status_code == 200
        html = response.content.decode()
        for text in (
            "Ana López (ana@example.org)",
            "Attachment basics",
            "In progress",
            detail_url(enrolment),
        ):
            assert text in html
        row = response.context["object_list"][0]
        assert (row.lessons_done, row.attempts) == (1, 0)

    def test_filters_by_course_and_status(self, client, administrator):
        first = course_factories.course(title="First", lessons=1)
        second = course_factories.course(
            title="Second", lessons=1, requires_approval=True
        )
        one = enrol(first, learner("one@example.org"))
        two = enrol(second, learner("two@example.org"))
        three = enrol(second, learner("three@example.org"))
        services.enrolment_approve(enrolment=three, by=administrator)

        assert set(listed(client.get(INDEX))) == {one.pk, two.pk, three.pk}
        by_course = client.get(INDEX, {"course": second.pk})
        assert set(listed(by_course)) == {two.pk, three.pk}
        # Filtered to one course, the header leads to its report.
        assert report_url(second) in by_course.content.decode()
        pending = client.get(INDEX, {"course": second.pk, "status": "pending"})
        assert listed(pending) == [two.pk]
        active = client.get(INDEX, {"status": "active"})
        assert set(listed(active)) == {one.pk, three.pk}

    def test_search_by_name_and_email(self, client, administrator):
        course = course_factories.course(lessons=1)
        ana = enrol(course, learner("ana@example.org", "Ana", "López"))
        ben = enrol(course, learner("ben@example.org", "Ben", "Okafor"))
        assert listed(client.get(INDEX, {"q": "okafor"})) == [ben.pk]
        assert listed(client.get(INDEX, {"q": "ana lópez"})) == [ana.pk]
        assert listed(client.get(INDEX, {"q": "ben@example"})) == [ben.pk]
        assert listed(client.get(INDEX, {"q": "nobody"})) == []

    def test_pages_of_25_newest_first(self, client, administrator):
        course = course_factories.course(lessons=1)
        start = timezone.now() - datetime.timedelta(days=40)
        enrolments = []
        for number in range(30):
            enrolment = enrol(course, learner(f"l{number}@example.org"))
            Enrolment.objects.filter(pk=enrolment.pk).update(
                requested_at=start + datetime.timedelta(days=number)
            )
            enrolments.append(enrolment.pk)
        first = client.get(INDEX)
        assert listed(first) == list(reversed(enrolments))[:25]
        second = client.get(INDEX, {"p": 2})
        assert listed(second) == list(reversed(enrolments))[25:]

    def test_pending_count_and_row_actions(self, client, administrator):
        course = course_factories.course(lessons=1, requires_approval=True)
        enrolments = [enrol(course, learner(f"p{n}@example.org")) for n in range(3)]
        html = client.get(INDEX).content.decode()
        assert "3 enrolment requests are waiting for approval." in html
        assert approve_url(enrolments[0]) in html
        assert decline_url(enrolments[0]) in html

    @pytest.mark.parametrize("size", [5, 50])
    def test_query_budget(
        self, client, administrator, size, django_assert_max_num_queries
    ):
        course = course_factories.course(lessons=3, requires_approval=True)
        for number in range(size):
            enrol(course, learner(f"b{number}@example.org"))
        client.get(INDEX)  # warm-up: content types, permissions
        with django_assert_max_num_queries(INDEX_BUDGET):
            response = client.get(INDEX, {"course": course.pk})
        assert response.status_code == 200
        assert len(response.context["object_list"]) == min(size, 25)

    def test_query_count_is_equal_for_small_and_large(self, client, administrator):
        course = course_factories.course(lessons=3)

        def count():
            client.get(INDEX)
            with CaptureQueriesContext(connection) as queries:
                client.get(INDEX)
            return len(queries)

        for number in range(5):
            enrol(course, learner(f"s{number}@example.org"))
        small = count()
        for number in range(45):
            enrol(course, learner(f"t{number}@example.org"))
        assert count() == small


# --- Approving and declining --------------------------------------------------------


@pytest.fixture
def request_pending(site_tree):
    course = course_factories.course(
        title="Working with families", lessons=1, requires_approval=True
    )
    return enrol(course, learner("ana@example.org"))


class TestDecisions:
    def test_approve_asks_first_then_approves(
        self, client, administrator, request_pending, django_capture_on_commit_callbacks
    ):
        page = client.get(approve_url(request_pending))
        assert page.status_code == 200
        assert "Let Ana López (ana@example.org) into" in page.content.decode()
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.PENDING  # GET changes nothing

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(approve_url(request_pending), follow=True)
        assert "Approved: Ana López (ana@example.org) can now take" in " ".join(
            messages_of(response)
        )
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.ACTIVE
        assert request_pending.decided_by == administrator
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["ana@example.org"]
        assert "You can start: Working with families" in mail.outbox[0].subject

    def test_decline_needs_a_reason(self, client, administrator, request_pending):
        response = client.post(decline_url(request_pending), {"reason": "  "})
        assert response.status_code == 200
        assert "Give a reason: the learner will see it." in response.content.decode()
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.PENDING

    def test_decline_with_a_reason(
        self, client, administrator, request_pending, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                decline_url(request_pending),
                {"reason": "This course is for home visitors only."},
            )
        assert response.status_code == 302
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.DECLINED
        assert (
            request_pending.decline_reason == "This course is for home visitors only."
        )
        assert "Not approved" in mail.outbox[0].subject
        assert "This course is for home visitors only." in mail.outbox[0].body

        html = client.get(detail_url(request_pending)).content.decode()
        assert "Declined the enrolment: This course is for home visitors only." in html
        assert approve_url(request_pending) not in html

    def test_a_second_decision_is_refused(self, client, administrator, request_pending):
        client.post(approve_url(request_pending))
        response = client.post(
            decline_url(request_pending), {"reason": "Changed my mind."}, follow=True
        )
        assert "This request was already answered (In progress)." in " ".join(
            messages_of(response)
        )
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.ACTIVE
        assert request_pending.decline_reason == ""
        again = client.post(approve_url(request_pending), follow=True)
        assert "already answered" in " ".join(messages_of(again))
        assert (
            ModelLogEntry.objects.filter(
                object_id=str(request_pending.pk),
                action="courses.enrolment_active",
            ).count()
            == 1
        )

    def test_detail_page_shows_the_history(
        self, client, administrator, request_pending
    ):
        page = client.get(detail_url(request_pending)).content.decode()
        assert "No decision recorded yet." in page
        assert approve_url(request_pending) in page
        client.post(approve_url(request_pending))
        page = client.get(detail_url(request_pending)).content.decode()
        assert "Approved the enrolment" in page
        assert "Working with families" in page

    def test_decisions_are_post_only_and_need_csrf(
        self, administrator, request_pending
    ):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(administrator)
        assert strict.post(approve_url(request_pending)).status_code == 403
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.PENDING

    def test_broker_down_does_not_fail_the_decision(
        self,
        client,
        administrator,
        request_pending,
        monkeypatch,
        django_capture_on_commit_callbacks,
    ):
        from courses import tasks

        def broker_down(*args, **kwargs):
            raise ConnectionError("broker unreachable")

        monkeypatch.setattr(tasks.enrolment_decision_notify, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(approve_url(request_pending))
        assert response.status_code == 302
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.ACTIVE


# --- Who may use them -----------------------------------------------------------------


class TestPermissions:
    def urls(self, enrolment):
        course = enrolment.course
        return [
            INDEX,
            detail_url(enrolment),
            approve_url(enrolment),
            decline_url(enrolment),
            REPORTS,
            report_url(course),
            items_url(course),
            reverse("course_reports:export", args=[course.pk, "enrolments", "csv"]),
            reverse("course_reports:export", args=[course.pk, "completions", "xlsx"]),
        ]

    def test_facilitator_is_sent_back_to_the_dashboard(self, client, request_pending):
        client.force_login(staff_user("ECHO Facilitator"))
        for url in self.urls(request_pending):
            response = client.get(url)
            assert (response.status_code, response.url) == (302, "/admin/"), url
        response = client.post(approve_url(request_pending))
        assert (response.status_code, response.url) == (302, "/admin/")
        response = client.post(decline_url(request_pending), {"reason": "No"})
        assert (response.status_code, response.url) == (302, "/admin/")
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.PENDING
        home = client.get("/admin/").content.decode()
        assert INDEX not in home
        assert "Enrolment requests" not in home

    def test_learner_is_refused(self, client, request_pending):
        client.force_login(request_pending.learner)
        for url in self.urls(request_pending):
            assert client.get(url).status_code == 403, url
        assert client.post(approve_url(request_pending)).status_code == 403
        request_pending.refresh_from_db()
        assert request_pending.status == EnrolmentStatus.PENDING

    def test_administrator_sees_the_menu_and_the_dashboard_panel(
        self, client, administrator, request_pending
    ):
        home = client.get("/admin/").content.decode()
        assert INDEX in home
        assert REPORTS in home
        assert "Enrolment requests" in home
        assert "1 learner is waiting for approval to join a course." in home
        assert detail_url(request_pending) in home

    def test_course_page_links_to_its_report(
        self, client, administrator, request_pending
    ):
        course = request_pending.course
        explorer = client.get(
            reverse("wagtailadmin_explore", args=[course.get_parent().pk])
        )
        assert report_url(course) in explorer.content.decode()
        own = client.get(reverse("wagtailadmin_explore", args=[course.pk]))
        assert report_url(course) in own.content.decode()


# --- The course report ---------------------------------------------------------------


def complete_course(user, course, *, wrong: int = 0):
    """Do every lesson and pass (or, with ``wrong`` answers, maybe fail) the quiz."""
    for lesson in course.get_children().specific():
        services.lesson_complete(learner=user, lesson=lesson)
    attempt = services.quiz_attempt_start(learner=user, course=course)
    answers = course_factories.correct_answers(attempt)
    for question in attempt.questions[:wrong]:
        answers[question["id"]] = [
            next(o["key"] for o in question["options"] if not o["correct"])
        ]
    return services.quiz_attempt_submit(
        learner=user, course=course, attempt_id=attempt.pk, answers=answers
    )


class TestReport:
    def test_totals(self, client, administrator):
        course = course_factories.course(
            title="Pyramid Model", lessons=2, quiz_questions=4, requires_approval=True
        )
        people = [learner(f"r{n}@example.org") for n in range(6)]
        enrolments = [enrol(course, person) for person in people]
        for enrolment in enrolments[:4]:
            services.enrolment_approve(enrolment=enrolment, by=administrator)
        services.enrolment_decline(
            enrolment=enrolments[4], by=administrator, reason="Not eligible."
        )
        complete_course(people[0], course)  # 100
        complete_course(people[1], course, wrong=0)  # 100
        failed = complete_course(people[2], course, wrong=2)  # 50, not passed
        assert not failed.passed
        # Left: people[3] active, people[5] pending.
        response = client.get(report_url(course))
        assert response.status_code == 200
        totals = response.context["totals"]
        assert (totals.enrolled, totals.in_progress, totals.completed) == (4, 2, 2)
        assert (totals.pending, totals.declined) == (1, 1)
        assert str(totals.completion_rate) == "50.0"
        assert str(totals.average_passed_score) == "100.0"
        html = response.content.decode()
        for kind in ("enrolments", "completions"):
            for fmt in ("csv", "xlsx"):
                url = reverse("course_reports:export", args=[course.pk, kind, fmt])
                assert url in html
        assert items_url(course) in html

        index = client.get(REPORTS).content.decode()
        assert report_url(course) in index
        assert "Pyramid Model" in index

    def test_an_empty_course(self, client, administrator):
        course = course_factories.course(lessons=1, quiz_questions=0)
        response = client.get(report_url(course))
        totals = response.context["totals"]
        assert totals.completion_rate is None
        assert totals.average_passed_score is None
        assert items_url(course) not in response.content.decode()

    def test_unknown_course_or_download(self, client, administrator):
        course = course_factories.course(lessons=1)
        assert client.get(reverse("course_reports:report", args=[99999])).status_code
        assert (
            client.get(
                reverse("course_reports:export", args=[course.pk, "notes", "csv"])
            ).status_code
            == 404
        )
        assert (
            client.get(
                reverse("course_reports:export", args=[course.pk, "enrolments", "pdf"])
            ).status_code
            == 404
        )

    @pytest.mark.parametrize("size", [5, 50])
    def test_query_budget(
        self, client, administrator, size, django_assert_max_num_queries
    ):
        course = course_factories.course(lessons=2, quiz_questions=2)
        for number in range(size):
            enrol(course, learner(f"q{number}@example.org"))
        client.get(report_url(course))
        with django_assert_max_num_queries(REPORT_BUDGET):
            response = client.get(report_url(course))
        assert response.context["totals"].in_progress == size


# --- Quiz item analysis --------------------------------------------------------------


class TestItemAnalysis:
    def test_numbers_against_hand_worked_data(self, client, administrator):
        course = course_factories.course(lessons=1, quiz_questions=4)
        bank = [child.id for child in course.quiz]
        # Answer by question id, whatever order each attempt drew them in.
        plan = {  # learner: the questions they get wrong
            "a@example.org": set(),
            "b@example.org": {bank[0]},
            "c@example.org": {bank[0], bank[1]},
        }
        for email, wrong in plan.items():
            user = learner(email)
            enrol(course, user)
            for lesson in course.get_children().specific():
                services.lesson_complete(learner=user, lesson=lesson)
            attempt = services.quiz_attempt_start(learner=user, course=course)
            answers = course_factories.correct_answers(attempt)
            for question in attempt.questions:
                if question["id"] in wrong:
                    answers[question["id"]] = [
                        next(o["key"] for o in question["options"] if not o["correct"])
                    ]
            services.quiz_attempt_submit(
                learner=user, course=course, attempt_id=attempt.pk, answers=answers
            )
        # An editor removes the fourth question and adds a fifth nobody has seen.
        page = course.get_latest_revision_as_object()
        del page.quiz[3]
        page.quiz.append(("question", course_factories.quiz_question(5, kind="single")))
        page.save_revision().publish()

        response = client.get(items_url(course))
        assert response.status_code == 200
        rows = response.context["items"]
        assert [row["item"].question_id for row in rows[:3]] == bank[:3]
        numbers = [
            (row["item"].answered, row["item"].correct, row["item"].percent_correct)
            for row in rows
        ]
        assert [(a, c, str(p) if p is not None else None) for a, c, p in numbers] == [
            (3, 1, "33.3"),
            (3, 2, "66.7"),
            (3, 3, "100.0"),
            (0, 0, None),
        ]
        assert [bool(row["flag"]) for row in rows] == [True, False, False, True]
        assert response.context["flagged_count"] == 2
        removed = response.context["removed"]
        assert [
            (item.question_id, item.answered, item.correct) for item in removed
        ] == [(bank[3], 3, 3)]
        html = response.content.decode()
        assert "Questions since removed from the bank" in html
        assert "Quiz question 4 (multiple)?" in html
        assert "Nobody has answered it yet" in html
        assert "Under 50% correct" in html
