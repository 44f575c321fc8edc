"""Finalising a session's attendance into ledger hours, keeping the ledger in step
when attendance changes afterwards, and the series certificate."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certificates.models import Certificate
from echo.choices import AttendanceStatus, CreditRule, HoursCountAs, SessionStatus
from echo.models import SERIES_SOURCE_TYPE, SESSION_SOURCE_TYPE, EchoSession
from echo.services.attendance import (
    attendance_finalise,
    attendance_import_apply,
    attendance_import_create,
    attendance_set,
    series_certificates_issue,
)
from lms.choices import CountsToward, CreditKind, CreditStatus, RscFormat
from lms.models import CreditEntry, EndorsementCategory
from tests.echo.attendance_cast import STARTS_AT, cast, report
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")


def entries(session, learner=None):
    found = CreditEntry.objects.filter(
        source_type=SESSION_SOURCE_TYPE, source_id=str(session.pk)
    )
    if learner is not None:
        found = found.filter(learner=learner)
    return found


def entry(session, learner) -> CreditEntry:
    return entries(session, learner).get()


def mark(people, learner, status, minutes, reason="Corrected from the chat log"):
    return attendance_set(
        people.session,
        learner,
        status=status,
        minutes=minutes,
        by=people.facilitator,
        reason=reason,
    )


@pytest.fixture
def people():
    return cast(certificate_threshold_percent=100)


def test_finalising_awards_hours_by_the_rule_once(people):
    echo_factories.attend(people.session, people["avery"])  # 75
    echo_factories.attend(people.session, people["bianca"], minutes=60)  # tolerance
    echo_factories.attend(people.session, people["wei"], minutes=59)  # one short
    echo_factories.attend(people.session, people["kim"], minutes=0)
    result = attendance_finalise(people.session, by=people.facilitator)
    assert (result.ledger.awarded, result.ledger.unchanged) == (2, 2)
    avery = entry(people.session, people["avery"])
    assert avery.hours == Decimal("1.25")
    assert avery.kind == CreditKind.ECHO_SESSION
    assert avery.counts_toward == CountsToward.TRAINING
    assert avery.title == f"{people.series.title}: Topic 1"
    assert avery.date == datetime.date(2025, 11, 4)
    assert list(avery.competency_areas.all()) == list(
        people.series.competency_areas.all()
    )
    assert entry(people.session, people["bianca"]).hours == Decimal("1.25")
    assert not entries(people.session, people["wei"]).exists()
    people.session.refresh_from_db()
    assert people.session.attendance_finalised_by == people.facilitator
    stamped = people.session.attendance_finalised_at

    again = attendance_finalise(people.session, by=people.facilitator)
    assert (again.ledger.awarded, again.ledger.changed) == (0, 0)
    assert entries(people.session).count() == 2
    people.session.refresh_from_db()
    assert people.session.attendance_finalised_at == stamped


def test_percentage_rule_in_the_ledger():
    people = cast(credit_rule=CreditRule.PERCENTAGE, credit_minimum_percent=50)
    echo_factories.attend(people.session, people["avery"], minutes=50)
    echo_factories.attend(people.session, people["bianca"], minutes=30)
    attendance_finalise(people.session, by=people.facilitator)
    # 1.25 × 50/75 = 0.8333 → 0.75; 30 minutes is 40 %, under the floor.
    assert entry(people.session, people["avery"]).hours == Decimal("0.75")
    assert not entries(people.session, people["bianca"]).exists()


def test_minimum_minutes_rule_in_the_ledger():
    people = cast(credit_rule=CreditRule.MINIMUM_MINUTES, credit_minimum_minutes=45)
    echo_factories.attend(people.session, people["avery"], minutes=45)
    echo_factories.attend(people.session, people["bianca"], minutes=44)
    attendance_finalise(people.session, by=people.facilitator)
    assert entry(people.session, people["avery"]).hours == Decimal("1.25")
    assert not entries(people.session, people["bianca"]).exists()


def test_a_correction_after_finalising_changes_revokes_and_restores_one_entry():
    people = cast(credit_rule=CreditRule.PERCENTAGE, credit_minimum_percent=50)
    echo_factories.attend(people.session, people["avery"])
    attendance_finalise(people.session, by=people.facilitator)
    assert entry(people.session, people["avery"]).hours == Decimal("1.25")

    # Fewer minutes: the same entry's hours change at once.
    mark(people, people["avery"], AttendanceStatus.PARTIAL, 50)
    changed = entry(people.session, people["avery"])
    assert (changed.hours, changed.status) == (Decimal("0.75"), CreditStatus.APPROVED)
    assert "1.25 → 0.75" in changed.note

    # Absent after all: the entry is revoked, not deleted.
    mark(people, people["avery"], AttendanceStatus.ABSENT, 0, reason="Left at once")
    revoked = entry(people.session, people["avery"])
    assert revoked.status == CreditStatus.REVOKED
    assert revoked.revoked_by == people.facilitator

    # Present again: the same entry counts again.
    mark(people, people["avery"], AttendanceStatus.PRESENT, None, reason="Mix-up")
    restored = entry(people.session, people["avery"])
    assert (restored.hours, restored.status) == (
        Decimal("1.25"),
        CreditStatus.APPROVED,
    )
    assert restored.pk == changed.pk
    assert entries(people.session).count() == 1

    # Someone marked for the first time after finalising is awarded at once.
    mark(people, people["kim"], AttendanceStatus.PRESENT, None)
    assert entry(people.session, people["kim"]).hours == Decimal("1.25")
    # Finalising again changes nothing more.
    result = attendance_finalise(people.session, by=people.facilitator)
    assert (result.ledger.awarded, result.ledger.changed, result.ledger.revoked) == (
        0,
        0,
        0,
    )
    assert entries(people.session).count() == 2


def test_an_import_applied_after_finalising_resyncs_the_ledger(people):
    echo_factories.attend(people.session, people["wei"], minutes=0)
    attendance_import_apply(
        attendance_import_create(
            people.session,
            report("bom.csv"),
            filename="bom.csv",
            by=people.facilitator,
        ),
        by=people.facilitator,
    )
    attendance_finalise(people.session, by=people.facilitator)
    assert entry(people.session, people["avery"]).hours == Decimal("1.25")
    assert not entries(people.session, people["bianca"]).exists()  # 45 min

    imp = attendance_import_create(
        people.session,
        report("recording_consent.csv"),
        filename="recording_consent.csv",
        by=people.facilitator,
    )
    attendance_import_apply(imp, by=people.facilitator)
    # Avery is missing from the second report: absent, the entry revoked. Bianca
    # stayed 74 minutes this time: awarded. Never a second entry.
    assert entry(people.session, people["avery"]).status == CreditStatus.REVOKED
    assert entry(people.session, people["bianca"]).hours == Decimal("1.25")
    assert entries(people.session, people["avery"]).count() == 1


def test_group_rsc_series_write_rsc_entries():
    category = EndorsementCategory.objects.get(code="IMHS")
    people = cast(
        hours_count_as=HoursCountAs.GROUP_RSC,
        rsc_provider_category=category,
        areas=0,
    )
    echo_factories.attend(people.session, people["avery"])
    attendance_finalise(people.session, by=people.facilitator)
    rsc = entry(people.session, people["avery"])
    assert (rsc.counts_toward, rsc.rsc_format, rsc.rsc_provider_category) == (
        CountsToward.RSC,
        RscFormat.GROUP,
        category,
    )
    assert not rsc.competency_areas.exists()


def test_training_without_competency_areas_is_refused_clearly():
    people = cast(areas=0)
    echo_factories.attend(people.session, people["avery"])
    with pytest.raises(ValidationError, match="at least one competency area"):
        attendance_finalise(people.session, by=people.facilitator)
    people.session.refresh_from_db()
    assert people.session.attendance_finalised_at is None


def test_finalising_is_refused_when_it_cannot_be_right(people):
    upcoming = echo_factories.session(people.series)
    with pytest.raises(ValidationError, match="not ended"):
        attendance_finalise(upcoming, by=people.facilitator)
    running = echo_factories.session(
        people.series, starts_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    with pytest.raises(ValidationError, match="not ended"):
        attendance_finalise(running, by=people.facilitator)
    cancelled = echo_factories.session(
        people.series,
        starts_at=STARTS_AT + datetime.timedelta(days=7),
        status=SessionStatus.CANCELLED,
    )
    with pytest.raises(ValidationError, match="cancelled"):
        attendance_finalise(cancelled, by=people.facilitator)
    with pytest.raises(PermissionDenied):
        attendance_finalise(people.session, by=echo_factories.facilitator())
    attendance_import_create(
        people.session, report("bom.csv"), filename="bom.csv", by=people.facilitator
    )
    with pytest.raises(ValidationError, match="waiting for review"):
        attendance_finalise(people.session, by=people.facilitator)


# --- The series certificate ---------------------------------------------------------


@pytest.fixture
def course_of_three():
    """A finished series of three sessions (a fourth cancelled), 80 % threshold."""
    facilitator = echo_factories.facilitator()
    series = echo_factories.series(
        title="Infant Mental Health ECHO Autumn cohort",
        sessions=4,
        first=STARTS_AT,
        interval_days=7,
        facilitators=[facilitator],
        certificate_threshold_percent=66,
    )
    sessions = list(EchoSession.objects.filter(series=series).order_by("starts_at"))
    sessions[3].status = SessionStatus.CANCELLED
    sessions[3].save()
    learners = {}
    for key, first in (("all", "Ana"), ("two", "Ben"), ("one", "Cy"), ("noname", "")):
        learner = UserFactory(first_name=first, last_name="Lee" if first else "")
        echo_factories.register(series, learner)
        learners[key] = learner
    LearnerProfileFactory(user=learners["all"], certificate_name="Dr. Ana Lee")
    for session in sessions[:3]:
        echo_factories.attend(session, learners["all"])
        echo_factories.attend(session, learners["noname"])
    echo_factories.attend(sessions[0], learners["two"])
    echo_factories.attend(sessions[1], learners["two"], minutes=70)
    echo_factories.attend(sessions[2], learners["two"], minutes=20)  # earns nothing
    echo_factories.attend(sessions[0], learners["one"])
    return series, sessions[:3], facilitator, learners


def certificates(series):
    return Certificate.objects.filter(
        source_type=SERIES_SOURCE_TYPE, source_id=str(series.pk)
    )


def test_the_last_finalisation_issues_series_certificates(course_of_three):
    series, sessions, facilitator, learners = course_of_three
    for session in sessions[:2]:
        assert attendance_finalise(session, by=facilitator).certificates is None
    assert not certificates(series).exists()
    result = attendance_finalise(sessions[2], by=facilitator)
    issued = result.certificates
    assert issued.held_sessions == 3
    assert {c.learner for c in issued.issued} == {learners["all"], learners["two"]}
    assert issued.below_threshold == [learners["one"]]
    assert issued.missing_name == [learners["noname"]]
    ana = certificates(series).get(learner=learners["all"])
    assert (ana.title, ana.hours, ana.recipient_name) == (
        series.title,
        Decimal("3.75"),
        "Dr. Ana Lee",
    )
    # Two sessions earned (the third's 20 minutes earned nothing): 2.5 h.
    assert certificates(series).get(learner=learners["two"]).hours == Decimal("2.50")
    assert ana.issued_on == datetime.date(2025, 11, 18)

    # Again, by finalising again or directly: nobody gets a second certificate.
    again = attendance_finalise(sessions[2], by=facilitator).certificates
    assert again.issued == [] and len(again.already_issued) == 2
    direct = series_certificates_issue(series, by=facilitator)
    assert direct.issued == []
    assert certificates(series).count() == 2


def test_exactly_at_the_threshold_earns_the_certificate_once(course_of_three):
    series, sessions, facilitator, learners = course_of_three
    series.certificate_threshold_percent = 67  # 2 of 3 is 66.7 %: below
    series.save()
    for session in sessions:
        attendance_finalise(session, by=facilitator)
    assert not certificates(series).filter(learner=learners["two"]).exists()
    series.certificate_threshold_percent = 66  # 66.7 % is at or over
    series.save()
    for _ in range(2):
        series_certificates_issue(series, by=facilitator)
    assert certificates(series).filter(learner=learners["two"]).count() == 1


def test_series_certificates_wait_for_every_session(course_of_three):
    series, sessions, facilitator, _learners = course_of_three
    attendance_finalise(sessions[0], by=facilitator)
    with pytest.raises(ValidationError, match="2 to go"):
        series_certificates_issue(series, by=facilitator)
    future = echo_factories.session(series)
    with pytest.raises(ValidationError, match="still to meet"):
        series_certificates_issue(series, by=facilitator)
    future.delete()
    with pytest.raises(PermissionDenied):
        series_certificates_issue(series, by=UserFactory())
