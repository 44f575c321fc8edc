"""The same completion posted twenty times at once — a learner's impatient clicks,
a flaky connection's retries, or a facilitator's — through the real views, each
request on its own PostgreSQL connection: one ledger entry, one certificate."""

import threading

import pytest

from django.db import connections
from django.test import Client
from django.urls import reverse

from certificates.choices import CertificateStatus
from certificates.models import Certificate
from courses import selectors, services
from courses.choices import EnrolmentStatus
from courses.models import Enrolment, LessonCompletion
from courses.selectors import COURSE_SOURCE_TYPE
from echo.models import SERIES_SOURCE_TYPE, SESSION_SOURCE_TYPE
from lms.models import CreditEntry
from tests.factories import LearnerProfileFactory
from tests.factories import courses as course_factories
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.postgres

REQUESTS = 20


def post_together(clients: list[Client], url: str) -> list[int]:
    """POST ``url`` from every client at the same moment, each in a thread of its
    own (and so on a database connection of its own). Returns the status codes."""
    barrier = threading.Barrier(len(clients))
    codes, errors = [], []

    def run(client):
        try:
            barrier.wait(timeout=20)
            codes.append(client.post(url).status_code)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return codes


def clients_for(user) -> list[Client]:
    clients = []
    for _ in range(REQUESTS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def site(postgres):
    from lms.demo import seed

    seed()


def test_the_last_lesson_completed_twenty_times_at_once_completes_the_course_once(
    site,
):
    course = course_factories.course(title="No quiz", lessons=2, quiz_questions=0)
    learner = LearnerProfileFactory().user
    services.enrolment_create(learner=learner, course=course)
    first, last = selectors.lessons_for(course=course)
    services.lesson_complete(learner=learner, lesson=first)

    complete = last.url + last.reverse_subpage("complete")
    codes = post_together(clients_for(learner), complete)

    assert codes == [302] * REQUESTS  # every click answered, none with an error
    assert LessonCompletion.objects.filter(lesson=last).count() == 1
    enrolment = Enrolment.objects.get(learner=learner, course=course)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    entries = CreditEntry.objects.filter(
        learner=learner, source_type=COURSE_SOURCE_TYPE, source_id=str(course.pk)
    )
    assert entries.count() == 1
    assert entries.get().hours == course.clock_hours
    certificate = Certificate.objects.get(learner=learner)
    assert (certificate.source_type, certificate.source_id) == (
        COURSE_SOURCE_TYPE,
        str(course.pk),
    )
    assert certificate.status == CertificateStatus.READY  # rendered once, after commit
    assert certificate.render_attempts == 1


def test_a_session_finalised_twenty_times_at_once_awards_each_participant_once(
    site,
):
    facilitator = echo_factories.facilitator(email="fac@example.org")
    series = echo_factories.series(facilitators=[facilitator], sessions=1)
    session = series.sessions.get()
    people = [LearnerProfileFactory().user for _ in range(3)]
    for person in people:
        echo_factories.register(series, person)
        echo_factories.attend(session, person, minutes=75)

    codes = post_together(
        clients_for(facilitator), reverse("echo_admin:finalise", args=[session.pk])
    )

    assert codes == [302] * REQUESTS
    for person in people:
        assert (
            CreditEntry.objects.filter(
                learner=person,
                source_type=SESSION_SOURCE_TYPE,
                source_id=str(session.pk),
            ).count()
            == 1
        )
        # The series had one session, so finalising it completed the series.
        assert (
            Certificate.objects.filter(
                learner=person, source_type=SERIES_SOURCE_TYPE, source_id=str(series.pk)
            ).count()
            == 1
        )
    assert CreditEntry.objects.count() == 3
    assert Certificate.objects.count() == 3
