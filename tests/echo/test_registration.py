"""Registration: places, the waitlist and its automatic promotion, clear refusals,
re-registering after withdrawing, the e-mails (with an .ics invitation), and the
capacity holding under real concurrency on PostgreSQL."""

import datetime
import threading

import pytest
from icalendar import Calendar

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from echo.choices import RegistrationStatus
from echo.models import EchoSession, Registration
from echo.selectors.sessions import (
    is_registered,
    registration_counts,
    registration_for,
    waitlist_position,
)
from echo.services.registration import (
    registration_create,
    registration_promote_waitlisted,
    registration_withdraw,
)
from tests.factories import UserFactory
from tests.factories import echo as echo_factories


def future_series(**fields):
    return echo_factories.series(
        sessions=3,
        first=timezone.now() + datetime.timedelta(days=5),
        interval_days=7,
        **fields,
    )


def calendar_part(message):
    parts = [
        a
        for a in message.attachments
        if getattr(a, "get_content_type", lambda: "")() == "text/calendar"
    ]
    return parts[0] if parts else None


@pytest.mark.usefixtures("site_tree")
class TestRegister:
    def test_registers_and_sends_invitation_with_every_session_to_come(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series()
        learner = UserFactory(first_name="Ada")
        with django_capture_on_commit_callbacks(execute=True):
            registration = registration_create(series, learner)
        assert registration.status == RegistrationStatus.REGISTERED
        assert registration.registered_at is not None
        assert is_registered(series, learner)
        (message,) = mailoutbox
        assert message.to == [learner.email]
        assert "registered" in message.subject
        assert series.meeting_url in message.body
        assert message.alternatives[0][1] == "text/html"
        part = calendar_part(message)
        assert part.get_param("method") == "REQUEST"
        cal = Calendar.from_ical(part.get_payload(decode=True))
        assert cal["method"] == "REQUEST"
        uids = {str(e["uid"]) for e in cal.walk("VEVENT")}
        assert uids == {
            f"{s.uid}@cradle" for s in EchoSession.objects.filter(series=series)
        }

    def test_full_series_puts_people_on_the_waitlist_in_order(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(capacity=1)
        first, second, third = UserFactory(), UserFactory(), UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            registration_create(series, first)
            waiting = registration_create(series, second)
            last = registration_create(series, third)
        assert waiting.status == RegistrationStatus.WAITLISTED
        assert waitlist_position(waiting) == 1
        assert waitlist_position(last) == 2
        assert waitlist_position(registration_for(series, first)) is None
        assert not is_registered(series, second)
        waitlist_mail = [m for m in mailoutbox if "waitlist" in m.subject]
        assert {m.to[0] for m in waitlist_mail} == {second.email, third.email}
        assert all(calendar_part(m) is None for m in waitlist_mail)
        assert "number 2 in line" in next(
            m.body for m in waitlist_mail if m.to == [third.email]
        )
        counts = registration_counts(series)
        assert counts == {
            "registered": 1,
            "waitlisted": 2,
            "withdrawn": 0,
            "capacity": 1,
            "places_left": 0,
            "is_full": True,
        }

    def test_withdrawing_promotes_the_first_waitlisted_who_is_emailed(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        series = future_series(capacity=1)
        holder, next_in_line, later = UserFactory(), UserFactory(), UserFactory()
        registration_create(series, holder)
        registration_create(series, next_in_line)
        registration_create(series, later)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            withdrawn = registration_withdraw(series, holder)
        assert withdrawn.status == RegistrationStatus.WITHDRAWN
        assert withdrawn.withdrawn_at is not None
        assert registration_for(series, next_in_line).status == "registered"
        assert registration_for(series, later).status == "waitlisted"
        assert waitlist_position(registration_for(series, later)) == 1
        (message,) = mailoutbox
        assert message.to == [next_in_line.email]
        assert "place opened up" in message.subject
        assert calendar_part(message).get_param("method") == "REQUEST"

    def test_leaving_the_waitlist_promotes_nobody(self, mailoutbox):
        series = future_series(capacity=1)
        holder, waiting = UserFactory(), UserFactory()
        registration_create(series, holder)
        registration_create(series, waiting)
        registration_withdraw(series, waiting)
        assert registration_counts(series)["registered"] == 1
        assert registration_for(series, waiting).status == "withdrawn"

    def test_raising_the_capacity_promotes_in_order(self):
        series = future_series(capacity=1)
        people = [UserFactory() for _ in range(4)]
        for person in people:
            registration_create(series, person)
        series.capacity = 3
        series.save()
        promoted = registration_promote_waitlisted(series)
        assert [r.learner_id for r in promoted] == [people[1].pk, people[2].pk]
        assert registration_for(series, people[3]).status == "waitlisted"

    def test_re_registering_after_withdrawing_reuses_the_row(self):
        series = future_series()
        learner = UserFactory()
        first = registration_create(series, learner)
        registration_withdraw(series, learner)
        again = registration_create(series, learner)
        assert again.pk == first.pk
        assert again.status == RegistrationStatus.REGISTERED
        assert again.withdrawn_at is None
        assert Registration.objects.filter(series=series, learner=learner).count() == 1

    def test_clear_refusals(self):
        learner = UserFactory()
        series = future_series()
        registration_create(series, learner)
        with pytest.raises(ValidationError, match="already registered"):
            registration_create(series, learner)
        full = future_series(title="Full", capacity=1)
        registration_create(full, UserFactory())
        registration_create(full, learner)
        with pytest.raises(ValidationError, match="already on the waitlist"):
            registration_create(full, learner)
        draft = future_series(title="Draft", publish=False)
        draft.live = False
        draft.save()
        with pytest.raises(ValidationError, match="not open"):
            registration_create(draft, learner)
        later = future_series(
            title="Later",
            registration_opens_at=timezone.now() + datetime.timedelta(days=2),
        )
        with pytest.raises(ValidationError, match="opens on"):
            registration_create(later, learner)
        closed = future_series(
            title="Closed",
            registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        with pytest.raises(ValidationError, match="closed on"):
            registration_create(closed, learner)
        with pytest.raises(ValidationError, match="nothing to withdraw"):
            registration_withdraw(closed, learner)
        assert not Registration.objects.filter(
            series__in=[draft, later, closed], learner=learner
        ).exists()

    def test_withdrawn_before_the_email_went_sends_nothing(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        from echo.tasks import registration_notify

        series = future_series()
        learner = UserFactory()
        registration = registration_create(series, learner)
        registration_withdraw(series, learner)
        assert registration_notify(registration.pk, "registered") == 0
        assert mailoutbox == []


@pytest.mark.postgres
def test_ten_concurrent_registrations_for_three_places(postgres):
    """Ten learners register at the same moment for three places: the row lock on
    the series lets exactly three in; seven wait, in the order they arrived."""
    from lms.demo import seed

    seed()
    series = future_series(capacity=3)
    learners = [UserFactory() for _ in range(10)]
    barrier = threading.Barrier(len(learners))
    errors = []

    def register(learner):
        try:
            barrier.wait(timeout=10)
            registration_create(series, learner)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    counts = registration_counts(series)
    assert counts["registered"] == 3
    assert counts["waitlisted"] == 7
    waiting = Registration.objects.filter(series=series, status="waitlisted")
    positions = sorted(waitlist_position(r) for r in waiting)
    assert positions == list(range(1, 8))
    # Withdrawing one promotes exactly one.
    holder = Registration.objects.filter(series=series, status="registered").first()
    registration_withdraw(series, holder.learner)
    assert registration_counts(series)["registered"] == 3
    assert registration_counts(series)["waitlisted"] == 6
