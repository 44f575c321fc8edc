"""Reminders: 24 hours and 1 hour before each session, a cancellation notice for a
cancelled one — exactly once per person and kind, whether beat fires twice, two
workers run at once, or a worker died between claiming and sending."""

import datetime
import threading

import pytest

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone

from echo import tasks
from echo.choices import RegistrationStatus, ReminderKind, SessionStatus
from echo.models import ReminderDelivery
from echo.services.notifications import reminders_send
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories import echo as echo_factories

HOUR = datetime.timedelta(hours=1)


def series_with_session(starts_in: datetime.timedelta, **fields):
    """A series with one session starting ``starts_in`` from now."""
    series = echo_factories.series(sessions=0, **fields)
    session = echo_factories.session(series, starts_at=timezone.now() + starts_in)
    return series, session


def learners_for(series, count=2):
    learners = [UserFactory() for _ in range(count)]
    for learner in learners:
        echo_factories.register(series, learner)
    return learners


@pytest.mark.usefixtures("site_tree")
class TestReminders:
    def test_day_before_reminder_goes_once_even_if_beat_fires_twice(self, mailoutbox):
        series, session = series_with_session(20 * HOUR)
        learners = learners_for(series)
        echo_factories.register(
            series, UserFactory(), status=RegistrationStatus.WAITLISTED
        )
        assert tasks.reminders_send() == 2
        assert tasks.reminders_send() == 0
        assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in learners)
        message = mailoutbox[0]
        assert "Tomorrow" in message.subject
        assert series.meeting_url in message.body
        assert message.alternatives[0][1] == "text/html"
        deliveries = ReminderDelivery.objects.filter(session=session)
        assert deliveries.count() == 2
        assert all(d.kind == ReminderKind.DAY_BEFORE and d.sent_at for d in deliveries)

    def test_times_are_in_the_learners_zone_and_the_series_zone(self, mailoutbox):
        series, session = series_with_session(20 * HOUR)
        learner = UserFactory()
        LearnerProfileFactory(user=learner, time_zone="Asia/Tokyo")
        echo_factories.register(series, learner)
        reminders_send()
        (message,) = mailoutbox
        assert "Asia/Tokyo" in message.body
        assert "America/Chicago" in message.body

    def test_windows(self, mailoutbox):
        series, session = series_with_session(30 * HOUR)
        (learner,) = learners_for(series, 1)
        start = session.starts_at
        assert (
            reminders_send(now=start - 24 * HOUR - datetime.timedelta(seconds=1)) == 0
        )
        assert reminders_send(now=start - 24 * HOUR) == 1
        assert reminders_send(now=start - 2 * HOUR) == 0
        assert reminders_send(now=start - HOUR - datetime.timedelta(seconds=1)) == 0
        assert reminders_send(now=start - HOUR) == 1
        assert reminders_send(now=start - datetime.timedelta(minutes=5)) == 0
        assert reminders_send(now=start) == 0
        kinds = ReminderDelivery.objects.filter(learner=learner).values_list(
            "kind", flat=True
        )
        assert sorted(kinds) == ["1h", "24h"]
        assert "Starting in an hour" in mailoutbox[1].subject

    def test_someone_registering_within_the_hour_gets_only_the_hour_reminder(
        self, mailoutbox
    ):
        series, session = series_with_session(datetime.timedelta(minutes=40))
        learners_for(series, 1)
        assert reminders_send() == 1
        assert ReminderDelivery.objects.get().kind == ReminderKind.HOUR_BEFORE

    def test_cancelled_session_gets_a_notice_instead_once(self, mailoutbox):
        series, session = series_with_session(5 * HOUR)
        session.status = SessionStatus.CANCELLED
        session.cancelled_reason = "The hub is closed"
        session.sequence = 1
        session.save()
        learners = learners_for(series)
        assert reminders_send() == 2
        assert reminders_send() == 0
        assert all("cancelled" in m.subject for m in mailoutbox)
        assert "The hub is closed" in mailoutbox[0].body
        assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {
            ReminderKind.CANCELLATION
        }
        assert {m.to[0] for m in mailoutbox} == {u.email for u in learners}

    def test_notice_sent_by_the_cancellation_is_not_repeated_by_the_sweep(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        from echo.services.sessions import session_cancel

        runner = echo_factories.facilitator()
        series, session = series_with_session(5 * HOUR, facilitators=[runner])
        learners_for(series)
        with django_capture_on_commit_callbacks(execute=True):
            session_cancel(session, reason="Storm", by=runner)
        assert len(mailoutbox) == 2
        assert reminders_send() == 0
        assert len(mailoutbox) == 2

    def test_unpublished_series_sends_nothing(self, mailoutbox):
        series, _session = series_with_session(20 * HOUR)
        learners_for(series)
        series.unpublish()
        assert reminders_send() == 0


@pytest.mark.usefixtures("site_tree")
class TestClaims:
    def test_claim_left_by_a_dead_worker_is_retried_once(self, mailoutbox):
        series, session = series_with_session(20 * HOUR)
        dead, alive = learners_for(series)
        orphan = ReminderDelivery.objects.create(
            session=session, learner=dead, kind=ReminderKind.DAY_BEFORE
        )
        ReminderDelivery.objects.filter(pk=orphan.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(minutes=30)
        )
        assert reminders_send() == 2
        assert reminders_send() == 0
        orphan.refresh_from_db()
        assert orphan.sent_at is not None
        assert sorted(m.to[0] for m in mailoutbox) == sorted([dead.email, alive.email])

    def test_a_fresh_claim_belongs_to_a_worker_still_sending(self, mailoutbox):
        series, session = series_with_session(20 * HOUR)
        busy, other = learners_for(series)
        ReminderDelivery.objects.create(
            session=session, learner=busy, kind=ReminderKind.DAY_BEFORE
        )
        assert reminders_send() == 1
        assert [m.to[0] for m in mailoutbox] == [other.email]

    def test_a_failed_send_is_retried_when_its_claim_goes_stale(
        self, mailoutbox, monkeypatch
    ):
        series, session = series_with_session(20 * HOUR)
        (learner,) = learners_for(series, 1)

        def smtp_down(self, fail_silently=False):
            raise ConnectionError("SMTP is down")

        with monkeypatch.context() as patch:
            patch.setattr(EmailMultiAlternatives, "send", smtp_down)
            assert reminders_send() == 0
        claim = ReminderDelivery.objects.get()
        assert claim.sent_at is None
        assert reminders_send() == 0  # not stale yet
        ReminderDelivery.objects.filter(pk=claim.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(minutes=11)
        )
        assert reminders_send() == 1
        assert reminders_send() == 0
        assert [m.to[0] for m in mailoutbox] == [learner.email]

    def test_stale_claim_for_a_withdrawn_learner_is_not_sent(self, mailoutbox):
        series, session = series_with_session(20 * HOUR)
        (learner,) = learners_for(series, 1)
        claim = ReminderDelivery.objects.create(
            session=session, learner=learner, kind=ReminderKind.DAY_BEFORE
        )
        ReminderDelivery.objects.filter(pk=claim.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(hours=1)
        )
        series.registrations.update(status=RegistrationStatus.WITHDRAWN)
        assert reminders_send() == 0
        assert mailoutbox == []


def test_beat_runs_the_reminders_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["echo-reminders"]
    assert entry["task"] == "echo.tasks.reminders_send"
    assert entry["task"] == tasks.reminders_send.name
    assert entry["schedule"].minute == set(range(0, 60, 5))


@pytest.mark.postgres
def test_concurrent_runs_send_each_reminder_once(postgres):
    from lms.demo import seed

    seed()
    series, _session = series_with_session(20 * HOUR)
    learners = learners_for(series, 6)
    mail.outbox = []
    workers = 4
    barrier = threading.Barrier(workers)
    totals, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            totals.append(reminders_send())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(totals) == len(learners)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in learners)
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 6
