"""Sessions: generated from the recurrence (idempotent), then moved, cancelled,
added and edited — each keeping its calendar identity and raising its sequence —
with registered participants told by e-mail once the change commits."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from echo.choices import ReminderKind, SessionStatus
from echo.models import EchoSession, ReminderDelivery
from echo.services.sessions import (
    REMOVED_FROM_SCHEDULE,
    session_add,
    session_cancel,
    session_reschedule,
    session_update,
    sessions_generate,
)
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def runner():
    return echo_factories.facilitator()


def future_series(runner=None, **fields):
    """A published series of four weekly sessions starting next week, no sessions
    written yet (generate makes them)."""
    day = timezone.localdate(timezone.now(), CHICAGO) + datetime.timedelta(days=7)
    series = echo_factories.series(
        sessions=0,
        first=datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=CHICAGO),
        facilitators=[runner] if runner else (),
        **fields,
    )
    series.session_count = fields.get("session_count", 4)
    series.save()
    return series


def invitation_in(message) -> Calendar:
    (part,) = [
        a
        for a in message.attachments
        if getattr(a, "get_content_type", lambda: "")() == "text/calendar"
    ]
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    return Calendar.from_ical(part.get_payload(decode=True))


class TestGenerate:
    def test_generates_once_and_again_changes_nothing(self):
        series = future_series()
        created = sessions_generate(series)
        assert len(created) == 4
        assert all(s.original_starts_at == s.starts_at for s in created)
        local = {s.starts_at.astimezone(CHICAGO).time() for s in created}
        assert local == {datetime.time(12, 0)}
        uids = set(EchoSession.objects.values_list("uid", flat=True))
        assert sessions_generate(series) == []
        assert set(EchoSession.objects.values_list("uid", flat=True)) == uids

    def test_leaves_moved_extra_and_past_sessions_and_cancels_dropped_ones(
        self, runner, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(runner)
        first, second, third, fourth = sessions_generate(series)
        moved = session_reschedule(
            second, starts_at=second.starts_at + datetime.timedelta(hours=2), by=runner
        )
        extra = session_add(
            series,
            starts_at=fourth.starts_at + datetime.timedelta(days=30),
            by=runner,
        )
        learner = UserFactory()
        echo_factories.register(series, learner)
        series.session_count = 2
        series.save()
        with django_capture_on_commit_callbacks(execute=True):
            assert sessions_generate(series) == []
        statuses = dict(EchoSession.objects.values_list("pk", "status"))
        assert statuses[first.pk] == SessionStatus.SCHEDULED
        assert statuses[moved.pk] == SessionStatus.SCHEDULED
        assert statuses[extra.pk] == SessionStatus.SCHEDULED
        for dropped in (third, fourth):
            dropped.refresh_from_db()
            assert dropped.status == SessionStatus.CANCELLED
            assert dropped.cancelled_reason == REMOVED_FROM_SCHEDULE
            assert dropped.sequence == 1
        assert EchoSession.objects.filter(series=series).count() == 5
        # Each dropped session is announced once to the registered learner.
        cancelled = [m for m in mailoutbox if "cancelled" in m.subject]
        assert len(cancelled) == 2
        assert {m.to[0] for m in cancelled} == {learner.email}

    def test_past_sessions_are_not_cancelled_when_the_schedule_shrinks(self):
        series = echo_factories.series(sessions=3, interval_days=7)
        series.session_count = 3
        series.save()
        # The factory's rows match the recurrence: nothing new.
        assert sessions_generate(series) == []
        series.session_count = 1
        series.save()
        sessions_generate(series)
        past = EchoSession.objects.filter(series=series, starts_at__lt=timezone.now())
        assert not past.filter(status=SessionStatus.CANCELLED).exists()


class TestReschedule:
    def test_keeps_uid_raises_sequence_and_sends_updated_invitation(
        self, runner, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        learner = UserFactory()
        LearnerProfileFactory(user=learner, time_zone="America/Los_Angeles")
        echo_factories.register(series, learner)
        ReminderDelivery.objects.create(
            session=session, learner=learner, kind=ReminderKind.DAY_BEFORE
        )
        uid = session.uid
        new_start = session.starts_at + datetime.timedelta(days=1, hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            moved = session_reschedule(session, starts_at=new_start, by=runner)
        assert moved.uid == uid
        assert moved.sequence == 1
        assert moved.starts_at == new_start
        assert moved.ends_at - moved.starts_at == datetime.timedelta(minutes=75)
        assert moved.original_starts_at != moved.starts_at
        # The reminder for the old time does not count for the new one.
        assert not ReminderDelivery.objects.filter(session=session).exists()
        (message,) = mailoutbox
        assert message.to == [learner.email]
        assert "moved" in message.subject
        body = message.body
        assert "America/Los_Angeles" in body and "America/Chicago" in body
        assert "11:00 AM" in body  # 1 p.m. Chicago is 11 a.m. in Los Angeles
        assert message.alternatives[0][1] == "text/html"
        cal = invitation_in(message)
        (event,) = cal.walk("VEVENT")
        assert str(event["uid"]) == f"{uid}@cradle"
        assert event["sequence"] == 1
        assert event.decoded("dtstart") == new_start

    def test_refuses_bad_moves(self, runner):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        with pytest.raises(ValidationError, match="still to come"):
            session_reschedule(
                session,
                starts_at=timezone.now() - datetime.timedelta(hours=1),
                by=runner,
            )
        with pytest.raises(ValidationError, match="end after it starts"):
            session_reschedule(
                session,
                starts_at=session.starts_at,
                ends_at=session.starts_at,
                by=runner,
            )
        with pytest.raises(ValidationError, match="time zone"):
            session_reschedule(
                session, starts_at=session.starts_at.replace(tzinfo=None), by=runner
            )
        other = echo_factories.facilitator()
        with pytest.raises(PermissionDenied):
            session_reschedule(
                session,
                starts_at=session.starts_at + datetime.timedelta(hours=1),
                by=other,
            )
        session.refresh_from_db()
        assert session.sequence == 0

    def test_same_time_changes_nothing(self, runner, mailoutbox):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        session_reschedule(session, starts_at=session.starts_at, by=runner)
        session.refresh_from_db()
        assert session.sequence == 0


class TestCancel:
    def test_marks_keeps_and_notifies_once(
        self, runner, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        learners = [UserFactory() for _ in range(2)]
        for learner in learners:
            echo_factories.register(series, learner)
        waitlisted = UserFactory()
        echo_factories.register(series, waitlisted, status="waitlisted")
        with django_capture_on_commit_callbacks(execute=True):
            cancelled = session_cancel(session, reason="Snow day", by=runner)
        assert cancelled.status == SessionStatus.CANCELLED
        assert cancelled.sequence == 1
        assert EchoSession.objects.filter(pk=session.pk).exists()
        assert sorted(m.to[0] for m in mailoutbox) == sorted(
            learner.email for learner in learners
        )
        message = mailoutbox[0]
        assert "Snow day" in message.body
        cal = invitation_in(message)
        assert cal["method"] == "CANCEL"
        (event,) = cal.walk("VEVENT")
        assert str(event["status"]) == "CANCELLED"
        assert event["sequence"] == 1
        assert (
            ReminderDelivery.objects.filter(
                session=session, kind=ReminderKind.CANCELLATION, sent_at__isnull=False
            ).count()
            == 2
        )
        with pytest.raises(ValidationError, match="already cancelled"):
            session_cancel(session, reason="Again", by=runner)
        with pytest.raises(ValidationError, match="add an extra session"):
            session_reschedule(
                session,
                starts_at=session.starts_at + datetime.timedelta(days=1),
                by=runner,
            )

    def test_needs_a_reason_and_a_future_session(self, runner):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        with pytest.raises(ValidationError) as caught:
            session_cancel(session, reason="  ", by=runner)
        assert "reason" in caught.value.message_dict
        past = echo_factories.session(
            series, starts_at=timezone.now() - datetime.timedelta(days=2)
        )
        with pytest.raises(ValidationError, match="already started"):
            session_cancel(past, reason="Too late", by=runner)
        with pytest.raises(PermissionDenied):
            session_cancel(session, reason="Not mine", by=UserFactory())


class TestAddAndUpdate:
    def test_add_extra_session_invites_participants(
        self, runner, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(runner)
        learner = UserFactory()
        echo_factories.register(series, learner)
        start = timezone.now() + datetime.timedelta(days=40)
        with django_capture_on_commit_callbacks(execute=True):
            extra = session_add(
                series, starts_at=start, duration_minutes=60, topic="Q&A", by=runner
            )
        assert extra.original_starts_at is None
        assert extra.duration_minutes == 60
        (message,) = mailoutbox
        assert "added" in message.subject
        assert "Q&A" in message.body
        (event,) = invitation_in(message).walk("VEVENT")
        assert str(event["uid"]) == f"{extra.uid}@cradle"
        # Generating again leaves the extra session alone.
        sessions_generate(series)
        extra.refresh_from_db()
        assert extra.status == SessionStatus.SCHEDULED
        with pytest.raises(ValidationError):
            session_add(series, starts_at=start, duration_minutes=5, by=runner)

    def test_update_raises_sequence_only_for_what_calendars_show(self, runner):
        series = future_series(runner)
        session = sessions_generate(series)[0]
        updated = session_update(session, by=runner, topic="Attachment", presenter="")
        assert updated.topic == "Attachment"
        assert updated.sequence == 1
        again = session_update(session, by=runner, topic="Attachment")
        assert again.sequence == 1
        session_update(session, by=runner, recording_url="https://v.example.org/1")
        session.refresh_from_db()
        assert session.sequence == 2
        with pytest.raises(ValidationError):
            session_update(session, by=runner, materials_url="not a link")
        with pytest.raises(TypeError):
            session_update(session, by=runner, starts_at=timezone.now())
        with pytest.raises(PermissionDenied):
            session_update(session, by=UserFactory(), topic="Mine")


def test_generated_series_keeps_noon_local_across_both_dst_changes():
    series = echo_factories.series(
        sessions=0,
        first=datetime.datetime(2026, 10, 20, 12, 0, tzinfo=CHICAGO),
    )
    series.frequency = "weekly"
    series.interval_weeks = 1
    series.session_count = 24  # 20 October 2026 to 30 March 2027
    series.save()
    created = sessions_generate(series)
    assert len(created) == 24
    local = {s.starts_at.astimezone(CHICAGO).time() for s in created}
    assert local == {datetime.time(12, 0)}
    utc = {s.starts_at.date().isoformat(): s.starts_at.hour for s in created}
    assert utc["2026-10-27"] == 17
    assert utc["2026-11-03"] == 18
    assert utc["2027-03-09"] == 18
    assert utc["2027-03-16"] == 17
    assert {s.ends_at - s.starts_at for s in created} == {
        datetime.timedelta(minutes=75)
    }


def test_nothing_is_sent_before_the_change_commits(
    runner, django_capture_on_commit_callbacks, mailoutbox
):
    series = future_series(runner)
    session = sessions_generate(series)[0]
    echo_factories.register(series, UserFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_cancel(session, reason="Closed", by=runner)
    assert len(callbacks) == 1
    assert mailoutbox == []
    callbacks[0]()
    assert len(mailoutbox) == 1
