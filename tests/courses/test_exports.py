"""A course's enrolments and completions as CSV and XLSX: what the files hold,
read back; text a learner typed that a spreadsheet would run stays text; and the
downloads make the same queries for 5 learners as for 50."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses import services
from courses.models import Enrolment
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories import courses as course_factories

pytestmark = pytest.mark.django_db

HEADER = [
    "Learner",
    "E-mail",
    "Discipline",
    "County",
    "Status",
    "Requested",
    "Approved",
    "Completed",
    "Lessons done",
    "Lessons in the course",
    "Quiz attempts",
    "Best score (%)",
    "Clock hours awarded",
    "Certificate code",
]
# The admin's own queries (session, user, permissions, second factor, admin profile:
# 7), the course, and the rows: lessons counted, hours and certificates by learner,
# the enrolments (read in chunks of 2,000).
EXPORT_BUDGET = 12


@pytest.fixture
def administrator(client, site_tree):
    user = staff_user("Administrator", email="admin@example.org")
    client.force_login(user)
    return user


def export_url(course, kind: str, fmt: str) -> str:
    return reverse("course_reports:export", args=[course.pk, kind, fmt])


def learner(email, **profile):
    user = UserFactory(email=email, first_name="Ana", last_name="López")
    LearnerProfileFactory(user=user, **profile)
    return user


def finish(user, course, *, wrong: int = 0):
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


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def course_with_learners(site_tree):
    """Three learners: one completed (after failing once), one halfway, one whose
    name and county would be formulas in a spreadsheet."""
    course = course_factories.course(
        title="Trauma-informed care", lessons=2, quiz_questions=4, hours="3.25"
    )
    lessons = list(course.get_children().specific())
    done = learner(
        "done@example.org", certificate_name="Ana María López", county="Tulsa"
    )
    halfway = learner("half@example.org", certificate_name="Ben Okafor", county="")
    sly = learner(
        "sly@example.org",
        certificate_name='=HYPERLINK("http://evil.example","Click")',
        county="+Tulsa",
    )
    for user in (done, halfway, sly):
        services.enrolment_create(learner=user, course=course)
    finish(done, course, wrong=2)  # 50%: not passed
    attempt = finish(done, course)  # 100%: completes the course
    assert attempt.passed
    services.lesson_complete(learner=halfway, lesson=lessons[0])
    return course, done, halfway, sly


class TestContent:
    def test_csv(self, client, administrator, course_with_learners):
        course, done, halfway, sly = course_with_learners
        response = client.get(export_url(course, "enrolments", "csv"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "trauma-informed-care-enrolments-" in response["Content-Disposition"]
        rows = read_csv(response)
        assert rows[0] == HEADER
        by_email = {row[1]: row for row in rows[1:]}
        assert set(by_email) == {
            "done@example.org",
            "half@example.org",
            "sly@example.org",
        }
        certificate = Certificate.objects.get(learner=done)
        today = timezone.localdate().isoformat()
        assert by_email["done@example.org"] == [
            "Ana María López",
            "done@example.org",
            "Social work",
            "Tulsa",
            "Completed",
            today,
            "",
            today,
            "2",
            "2",
            "2",
            "100.00",
            "3.25",
            certificate.code_display,
        ]
        half = by_email["half@example.org"]
        assert half[4:] == [
            "In progress",
            today,
            "",
            "",
            "1",
            "2",
            "0",
            "",
            "",
            "",
        ]
        sly_row = by_email["sly@example.org"]
        assert sly_row[0] == """'=HYPERLINK("http://evil.example","Click")"""
        assert sly_row[3] == "'+Tulsa"

    def test_xlsx(self, client, administrator, course_with_learners):
        course, done, halfway, sly = course_with_learners
        response = client.get(export_url(course, "enrolments", "xlsx"))
        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        assert rows[0] == HEADER
        by_email = {row[1]: row for row in rows[1:]}
        done_row = by_email["done@example.org"]
        today = timezone.localdate()
        assert done_row[0] == "Ana María López"
        assert done_row[5] == datetime.datetime.combine(today, datetime.time())
        assert done_row[8:13] == [2, 2, 2, 100, 3.25]
        assert done_row[13] == Certificate.objects.get(learner=done).code_display
        sly_row = by_email["sly@example.org"]
        # Stored as text, not as a formula the spreadsheet would run.
        assert sly_row[0] == """'=HYPERLINK("http://evil.example","Click")"""
        assert sly_row[3] == "'+Tulsa"
        for row in workbook.worksheets[0].iter_rows():
            for cell in row:
                assert cell.data_type != "f"

    def test_completions_only(self, client, administrator, course_with_learners):
        course, done, halfway, sly = course_with_learners
        csv_rows = read_csv(client.get(export_url(course, "completions", "csv")))
        assert [row[1] for row in csv_rows[1:]] == ["done@example.org"]
        xlsx_rows = read_xlsx(client.get(export_url(course, "completions", "xlsx")))
        assert [row[1] for row in xlsx_rows[1:]] == ["done@example.org"]
        assert xlsx_rows[0][0] == "Learner"

    def test_revoked_hours_and_certificate(
        self, client, administrator, course_with_learners
    ):
        from lms.models import CreditEntry
        from lms.services import credit_revoke

        course, done, halfway, sly = course_with_learners
        entry = CreditEntry.objects.get(learner=done)
        credit_revoke(
            learner=done,
            source_type=entry.source_type,
            source_id=entry.source_id,
            by=administrator,
            reason="Entered by mistake.",
        )
        Certificate.objects.filter(learner=done).update(revoked_at=timezone.now())
        rows = read_csv(client.get(export_url(course, "completions", "csv")))
        assert rows[1][12] == ""
        assert rows[1][13].endswith("(revoked)")

    def test_approved_date_for_a_course_with_approval(self, client, administrator):
        course = course_factories.course(lessons=1, requires_approval=True)
        user = learner("wait@example.org")
        enrolment = services.enrolment_create(learner=user, course=course)
        services.enrolment_approve(enrolment=enrolment, by=administrator)
        other = services.enrolment_create(
            learner=learner("no@example.org"), course=course
        )
        services.enrolment_decline(enrolment=other, by=administrator, reason="No.")
        rows = read_csv(client.get(export_url(course, "enrolments", "csv")))
        by_email = {row[1]: row for row in rows[1:]}
        today = timezone.localdate().isoformat()
        assert by_email["wait@example.org"][4:7] == ["In progress", today, today]
        assert by_email["no@example.org"][4:7] == ["Not approved", today, ""]


class TestQueries:
    def fill(self, course, size: int, prefix: str = "x"):
        users = [
            UserFactory(email=f"{prefix}{number}@example.org") for number in range(size)
        ]
        for user in users:
            LearnerProfileFactory(user=user)
        Enrolment.objects.bulk_create(
            [Enrolment(learner=user, course=course) for user in users]
        )

    @pytest.mark.parametrize("size", [5, 50])
    @pytest.mark.parametrize("kind", ["enrolments", "completions"])
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_budget(
        self, client, administrator, size, kind, fmt, django_assert_max_num_queries
    ):
        course = course_factories.course(lessons=3, quiz_questions=2)
        self.fill(course, size)
        Enrolment.objects.filter(course=course).update(
            status="completed", completed_at=timezone.now()
        )
        client.get(export_url(course, kind, fmt))  # warm-up
        with django_assert_max_num_queries(EXPORT_BUDGET):
            response = client.get(export_url(course, kind, fmt))
            body = b"".join(response.streaming_content)
        if fmt == "csv":
            assert body.decode("utf-8").count("\n") == size + 1
        else:
            sheet = load_workbook(io.BytesIO(body)).worksheets[0]
            assert sheet.max_row == size + 1

    def test_same_count_for_small_and_large(self, client, administrator):
        course = course_factories.course(lessons=3, quiz_questions=2)

        def count():
            client.get(export_url(course, "enrolments", "csv"))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(export_url(course, "enrolments", "csv"))
                b"".join(response.streaming_content)
            return len(queries)

        self.fill(course, 5)
        small = count()
        Enrolment.objects.filter(course=course).delete()
        self.fill(course, 50, prefix="y")
        assert count() == small
