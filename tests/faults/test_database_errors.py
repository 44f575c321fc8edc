"""The database refusing a write half-way through an operation: a trigger makes
PostgreSQL fail the Nth insert into a table (as a full disk would). Whatever the
operation — reading a participant report, applying it to the roster, finalising a
session, issuing one certificate or a bulk issue — it leaves no partial rows, the
admin page says what happened instead of an error 500, and what the person sent is
still there to try again."""

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_batch_create
from echo.choices import ImportStatus
from echo.models import (
    SESSION_SOURCE_TYPE,
    Attendance,
    AttendanceImport,
    AttendanceImportRow,
)
from lms.models import CreditEntry, User
from tests.certificates.test_admin_certificates import ISSUE, issue_form
from tests.conftest import restore_migration_data
from tests.echo.test_admin_attendance import report_csv, upload
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories import echo as echo_factories
from tests.factories.certificates import default_template
from tests.factories.hours import area

from .helpers import failing_insert, require_postgresql

pytestmark = pytest.mark.postgres

NOTHING_SAVED = "The database could not save this, so nothing was saved."
TABLES = (
    AttendanceImport,
    AttendanceImportRow,
    Attendance,
    CreditEntry,
    Certificate,
    Certificate.competency_areas.through,
    CertificateBatch,
    ModelLogEntry,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def site(db):
    """The demo site on PostgreSQL. Each test runs in a transaction of its own (no
    flush to wait for): the operations' own atomic blocks become savepoints, which
    PostgreSQL rolls back just as it rolls back a transaction."""
    require_postgresql()
    from lms.demo import seed

    restore_migration_data()  # gone if a transactional test flushed them
    seed()


@pytest.fixture
def hub(site):
    """An ECHO facilitator's admin client."""
    client = Client()
    client.force_login(echo_factories.facilitator(email="fac@example.org"))
    return client


@pytest.fixture
def setting(hub):
    facilitator = User.objects.get(email="fac@example.org")
    series = echo_factories.series(facilitators=[facilitator], sessions=1)
    people = [
        UserFactory(email=f"{name.lower()}@example.org", first_name=name, last_name="X")
        for name in ("Ana", "Ben", "Cleo", "Dev")
    ]
    for person in people:
        echo_factories.register(series, person)
    return {"session": series.sessions.get(), "people": people}


def full_report(session, people) -> bytes:
    return report_csv(session, [(f"{p.first_name} X", p.email, 75) for p in people])


def test_each_step_of_an_attendance_import_rolls_back_whole_on_a_database_error(
    hub, setting
):
    session, people = setting["session"], setting["people"]

    # 1. Reading the report: the third of its four rows is refused.
    before = counts()
    with failing_insert(AttendanceImportRow, nth=3) as fault:
        response = upload(hub, session, full_report(session, people))
    assert response.status_code == 200
    assert counts() == before  # not the import, not its first rows, not the log
    (error,) = response.context["form"].errors["report"]
    assert error.startswith(NOTHING_SAVED)
    assert "participants.csv" in error  # which file to choose again
    assert messages_of(response) == ["The report was not imported."]
    assert fault not in response.content.decode()  # no database internals shown
    # The trigger is gone: the same upload now works.
    assert upload(hub, session, full_report(session, people)).status_code == 302
    attendance_import = AttendanceImport.objects.get()
    assert attendance_import.rows.count() == 4

    # 2. Applying it to the roster: the third attendance is refused.
    apply_url = reverse("echo_admin:import_apply", args=[attendance_import.pk])
    before = counts()
    with failing_insert(Attendance, nth=3):
        response = hub.post(apply_url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "echo_admin:import", args=[attendance_import.pk]
    )
    assert messages_of(response)[-1].startswith(f"Nothing was changed: {NOTHING_SAVED}")
    assert counts() == before
    attendance_import.refresh_from_db()
    assert attendance_import.status == ImportStatus.PREVIEW  # still there to apply
    assert response.context["can_apply"]
    hub.post(apply_url)
    attendance_import.refresh_from_db()
    assert attendance_import.status == ImportStatus.APPLIED
    assert Attendance.objects.filter(session=session).count() == 4

    # 3. Finalising: the third ledger entry is refused.
    finalise = reverse("echo_admin:finalise", args=[session.pk])
    before = counts()
    with failing_insert(CreditEntry, nth=3):
        response = hub.post(finalise, follow=True)
    assert response.status_code == 200
    assert messages_of(response)[-1].startswith(
        f"Attendance was not finalised: {NOTHING_SAVED}"
    )
    assert counts() == before
    session.refresh_from_db()
    assert session.attendance_finalised_at is None
    hub.post(finalise)
    session.refresh_from_db()
    assert session.attendance_finalised_at is not None
    assert (
        CreditEntry.objects.filter(
            source_type=SESSION_SOURCE_TYPE, source_id=str(session.pk)
        ).count()
        == 4
    )


def administrator_client() -> Client:
    client = Client()
    client.force_login(staff_user("Administrator", email="admin@example.org"))
    return client


def named(email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last)
    LearnerProfileFactory(user=user, certificate_name=f"{first} {last}")
    return user


def test_issuing_one_certificate_that_fails_in_the_database_keeps_the_form(db):
    require_postgresql()
    restore_migration_data()
    administrator = administrator_client()
    named("ana@example.org", "Ana", "López")
    data = issue_form(administrator, title="Home visiting essentials")
    before = counts()
    with failing_insert(Certificate, nth=1):
        response = administrator.post(ISSUE, data)
    assert response.status_code == 200
    assert counts() == before
    form = response.context["form"]
    assert form.non_field_errors()[0].startswith(NOTHING_SAVED)
    assert form["title"].value() == "Home visiting essentials"  # nothing to retype
    assert form["token"].value() == data["token"]  # a retry stays one certificate
    assert "Nothing was issued." in messages_of(response)[0]
    response = administrator.post(ISSUE, data)
    assert response.status_code == 302
    assert Certificate.objects.count() == 1


def test_a_bulk_issue_that_fails_in_the_database_issues_none(postgres):
    # Committed for real (the postgres fixture), so the issue runs when the
    # confirmation commits, as it does with a worker, and the page can tell.
    administrator = administrator_client()
    cohort = [
        named(f"learner{number}@example.org", "Learner", f"Number{number}")
        for number in range(5)
    ]
    batch = certificate_batch_create(
        template=default_template(),
        title="Spring cohort: Attachment",
        hours="2.5",
        issued_on=timezone.localdate(),
        learners=cohort,
        recipient_source="filter",
        report=[],
        competency_areas=[area("TF-AST"), area("DS-OBS")],
        email_learners=False,
        created_by=None,
    )
    before = counts()
    confirm = reverse("certificate_batches:confirm", args=[batch.pk])
    with failing_insert(Certificate, nth=3) as fault:
        response = administrator.post(confirm, follow=True)
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert fault in batch.error  # kept on the batch for the administrator
    after = counts()
    # No certificate, no competency link, no "issued" log entry: only the batch's
    # own change of state and its "confirmed" entry were written.
    assert after["Certificate"] == before["Certificate"]
    assert (
        after["Certificate_competency_areas"] == before["Certificate_competency_areas"]
    )
    assert not ModelLogEntry.objects.filter(action="certificates.issued").exists()
    assert "The bulk issue failed and nothing was issued." in messages_of(response)
    page = response.content.decode()
    assert "Correct the cause, then start a new bulk issue." in page
    assert batch.recipients.count() == 5  # the list of learners is kept
