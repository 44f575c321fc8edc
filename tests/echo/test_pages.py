"""The learner's ECHO pages: the list of series, a series page with its
registration box in every state, registering and withdrawing, and a session page."""

import datetime
import re
from decimal import Decimal

import pytest

from django.utils import timezone

from echo.choices import (
    AttendanceStatus,
    Frequency,
    HubRole,
    RegistrationStatus,
    SessionStatus,
)
from echo.models import EchoSeries, HubMember, Registration
from echo.selectors.pages import schedule_in_words, zone_label
from echo.views.public import SERIES_PER_PAGE
from lms.models import LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories import echo as factories

pytestmark = pytest.mark.django_db

NOW = timezone.now


def future_series(title="Infant Mental Health ECHO", **fields):
    """A series whose first session is in two days at 12:00 Chicago time."""
    zone = datetime.timezone(datetime.timedelta(hours=-6))
    day = (NOW() + datetime.timedelta(days=2)).date()
    first = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=zone)
    return factories.series(title=title, first=first, **fields)


@pytest.fixture
def index(site_tree):
    return factories.echo_index(site_tree)


@pytest.fixture
def learner():
    return LearnerProfileFactory(
        user=UserFactory(first_name="Rosa", last_name="Tallchief")
    ).user


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def text(body: str) -> str:
    """The page's words, without tags or runs of white space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# --- Schedule in words ----------------------------------------------------------------


def test_schedule_in_words_every_other_week(index):
    page = future_series(interval_days=14)
    page.first_date = datetime.date(2026, 3, 3)  # a Tuesday
    assert schedule_in_words(page) == (
        "Every other week on Tuesdays, 12:00–13:15 Central Time"
    )


@pytest.mark.parametrize(
    ("first_date", "words"),
    [
        (datetime.date(2026, 3, 10), "Monthly on the second Tuesday"),
        (datetime.date(2026, 3, 31), "Monthly on the last Tuesday"),
    ],
)
def test_schedule_in_words_monthly(index, first_date, words):
    page = future_series()
    page.frequency = Frequency.MONTHLY
    page.first_date = first_date
    page.duration_minutes = 90
    assert schedule_in_words(page) == f"{words}, 12:00–13:30 Central Time"


def test_schedule_in_words_weekly_and_every_three_weeks(index):
    page = future_series()
    page.first_date = datetime.date(2026, 3, 4)
    page.interval_weeks = 1
    assert schedule_in_words(page).startswith("Every week on Wednesdays, ")
    page.interval_weeks = 3
    assert schedule_in_words(page).startswith("Every 3 weeks on Wednesdays, ")


def test_zone_labels():
    assert zone_label("America/New_York") == "Eastern Time"
    assert zone_label("Europe/Isle_of_Man") == "Europe/Isle of Man"


# --- The list of series ---------------------------------------------------------------


def test_index_empty_state(client, index):
    body = page_of(client, index.url)
    assert "There is no ECHO series to join at the moment" in body


def test_index_card_shows_schedule_next_session_places_and_state(
    client, index, learner
):
    page = future_series(capacity=3)
    factories.registrants(page, 2)
    ended = factories.series(title="Earlier cohort", sessions=2, slug="earlier")
    body = text(page_of(client, index.url))
    assert "Every other week on " in body
    assert "12:00–13:15 Central Time" in body
    assert "1 of 3 places left" in body
    assert "Registration is open." in body
    assert "This series has ended." in body
    # Series still to meet come first.
    assert body.index(page.title) < body.index(ended.title)
    next_start = page.sessions.order_by("starts_at").first().starts_at
    assert timezone.localtime(next_start).strftime("%b %-d, %Y, 12:00") in body


def test_index_card_for_a_full_series_and_the_learner_on_its_waitlist(
    client, index, learner
):
    page = future_series(capacity=1)
    factories.registrants(page, 1)
    factories.register(
        page, UserFactory(), status=RegistrationStatus.WAITLISTED, waitlisted_at=NOW()
    )
    factories.register(
        page, learner, status=RegistrationStatus.WAITLISTED, waitlisted_at=NOW()
    )
    client.force_login(learner)
    body = text(page_of(client, index.url))
    assert "Full — 2 on the waitlist" in body
    assert "You are on the waitlist — number 2 in line." in body


def test_index_is_paginated_by_twelve(client, index):
    for number in range(SERIES_PER_PAGE + 1):
        future_series(title=f"Cohort {number:02d}", sessions=1)
    first = page_of(client, index.url)
    assert first.count('class="echo-card"') == SERIES_PER_PAGE
    assert "Page 1 of 2" in first
    second = page_of(client, f"{index.url}?page=2")
    assert second.count('class="echo-card"') == 1


def test_index_lists_only_live_series(client, index):
    draft = future_series(title="Draft cohort", slug="draft-cohort")
    draft.unpublish()
    assert "Draft cohort" not in page_of(client, index.url)


# --- A series page: what everyone sees ------------------------------------------------


def test_series_page_shows_description_audience_team_and_sessions(client, index):
    expert = UserFactory(first_name="Amara", last_name="Okafor")
    coordinator = factories.facilitator(first_name="Lee", last_name="Nguyen")
    page = future_series(audience="Home visitors and early interventionists.")
    HubMember.objects.create(series=page, user=expert, role=HubRole.EXPERT)
    HubMember.objects.create(series=page, user=coordinator, role=HubRole.COORDINATOR)
    sessions = list(page.sessions.order_by("starts_at"))
    sessions[1].status = SessionStatus.CANCELLED
    sessions[1].cancelled_reason = "Holiday week."
    sessions[1].save()
    moved = sessions[2]
    moved.starts_at += datetime.timedelta(days=1)
    moved.ends_at += datetime.timedelta(days=1)
    moved.topic = "Sleep in the first year"
    moved.presenter = "A. Specialist, PhD"
    moved.save()
    body = text(page_of(client, page.url))
    assert "Home visitors and early interventionists." in body
    assert "Amara Okafor — Subject-matter expert" in body
    assert "Lee Nguyen — Coordinator" in body
    assert "Cancelled Holiday week." in body
    assert "Rescheduled Moved from" in body
    assert "Sleep in the first year — A. Specialist, PhD" in body
    assert "Times are in Central Time" in body
    # Meeting links are for registered participants only.
    assert "meet.example.org" not in body


def test_series_page_shows_times_in_the_viewers_zone_and_names_the_series_zone(
    client, index, learner
):
    LearnerProfile.objects.filter(user=learner).update(time_zone="America/New_York")
    page = future_series()
    client.force_login(learner)
    body = text(page_of(client, page.url))
    assert "Times are in Eastern Time, your time zone" in body
    assert "The series meets on Central Time." in body
    # 12:00 in Chicago is 13:00 in New York.
    assert "13:00–14:15 (12:00 Central Time)" in body


def test_visitor_is_asked_to_sign_in(client, index):
    page = future_series()
    body = text(page_of(client, page.url))
    assert "Sign in to register" in body
    assert "/accounts/login/?next=" in page_of(client, page.url)


def test_visitor_sees_sign_in_to_join_the_waitlist_when_full(client, index):
    page = future_series(capacity=1)
    factories.registrants(page, 1)
    body = text(page_of(client, page.url))
    assert "Sign in to join the waitlist" in body


# --- The registration box in each state -----------------------------------------------


def test_registration_not_open_yet(client, index, learner):
    opens = NOW() + datetime.timedelta(days=5)
    page = future_series(registration_opens_at=opens)
    client.force_login(learner)
    body = text(page_of(client, page.url))
    assert "Registration opens" in body
    assert 'action="' + page.url + 'register/"' not in page_of(client, page.url)


def test_registration_closed(client, index, learner):
    page = future_series(
        registration_opens_at=NOW() - datetime.timedelta(days=10),
        registration_closes_at=NOW() - datetime.timedelta(days=1),
    )
    client.force_login(learner)
    body = text(page_of(client, page.url))
    assert "Registration is closed." in body
    assert "Registration closed" in body
    assert "</button>" not in page_of(client, page.url).split('id="registration"')[1]


def test_registration_open_with_places_left(client, index, learner):
    page = future_series(capacity=20)
    factories.registrants(page, 5)
    client.force_login(learner)
    html = page_of(client, page.url)
    assert "15 of 20 places left" in text(html)
    assert f'action="{page.url}register/"' in html
    assert ">Register</button>" in html


def test_full_series_offers_the_waitlist(client, index, learner):
    page = future_series(capacity=2)
    factories.registrants(page, 2)
    client.force_login(learner)
    html = page_of(client, page.url)
    assert "Join the waitlist</button>" in html


def test_registering_and_the_participant_box(
    client, index, learner, mailoutbox, django_capture_on_commit_callbacks
):
    page = future_series(capacity=10)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{page.url}register/")
    assert response.status_code == 302
    assert response.url.endswith("#registration")
    assert Registration.objects.get(series=page, learner=learner).status == (
        RegistrationStatus.REGISTERED
    )
    html = client.get(response.url.split("#")[0]).content.decode()
    body = text(html)
    assert "You are registered for" in body  # the flash message
    assert "You are registered." in body
    assert "https://meet.example.org/j/123456789" in html
    assert "/my-echo/calendar/" in html
    assert f'href="{page.url}calendar.ics/"' in html
    assert "invite.ics" in html
    assert f'href="{page.url}cases/new/"' in html
    assert "Withdraw from this series" in body


def test_joining_the_waitlist_tells_the_position(client, index, learner):
    page = future_series(capacity=1)
    factories.registrants(page, 1)
    client.force_login(learner)
    response = client.post(f"{page.url}register/", follow=True)
    body = text(response.content.decode())
    assert "you are on the waitlist (number 1 in line)" in body
    assert "You are on the waitlist — number 1 in line." in body
    assert "Leave the waitlist" in body
    assert "meet.example.org" not in body


def test_register_refusal_is_shown(client, index, learner):
    page = future_series(registration_closes_at=NOW() - datetime.timedelta(hours=1))
    client.force_login(learner)
    response = client.post(f"{page.url}register/", follow=True)
    assert "Registration for this series closed on" in response.content.decode()
    assert not Registration.objects.filter(learner=learner).exists()


def test_register_needs_a_login_and_a_post(client, index, learner):
    page = future_series()
    response = client.post(f"{page.url}register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(learner)
    assert client.get(f"{page.url}register/").status_code == 405


def test_withdraw_asks_first_then_frees_the_place(client, index, learner):
    page = future_series(capacity=1)
    factories.register(page, learner)
    waiting = UserFactory()
    factories.register(
        page, waiting, status=RegistrationStatus.WAITLISTED, waitlisted_at=NOW()
    )
    client.force_login(learner)
    confirm = page_of(client, f"{page.url}withdraw/")
    assert "Withdraw from this series?" in confirm
    assert Registration.objects.get(learner=learner).status == "registered"
    response = client.post(f"{page.url}withdraw/", follow=True)
    body = text(response.content.decode())
    assert "You have withdrawn from" in body
    assert "You withdrew on" in body
    assert "Full" in body  # the waitlisted learner took the place
    assert Registration.objects.get(learner=waiting).status == "registered"


def test_withdrawn_learner_can_register_again(client, index, learner):
    page = future_series()
    factories.register(
        page, learner, status=RegistrationStatus.WITHDRAWN, withdrawn_at=NOW()
    )
    client.force_login(learner)
    html = page_of(client, page.url)
    assert "Register again</button>" in html
    client.post(f"{page.url}register/")
    assert Registration.objects.get(learner=learner).status == "registered"


def test_withdraw_without_a_registration_explains(client, index, learner):
    page = future_series()
    client.force_login(learner)
    response = client.get(f"{page.url}withdraw/", follow=True)
    assert "You are not registered for this series." in response.content.decode()


# --- Participants: past sessions ------------------------------------------------------


def test_participant_sees_recordings_and_their_own_attendance_and_hours(
    client, index, learner
):
    page = factories.series(sessions=4, hours=Decimal("1.25"))
    factories.register(page, learner)
    first, second, third, _fourth = list(page.sessions.order_by("starts_at"))
    first.recording_url = "https://video.example.org/rec-1"
    first.attendance_finalised_at = NOW()
    first.save()
    second.attendance_finalised_at = NOW()
    second.save()
    factories.attend(first, learner)
    factories.attend(second, learner, minutes=10, status=AttendanceStatus.PARTIAL)
    factories.attend(third, learner)
    client.force_login(learner)
    html = page_of(client, page.url)
    body = text(html)
    assert "https://video.example.org/rec-1" in html
    assert "Your attendance: Present, 75 minutes — 1.25 clock hours" in body
    assert "Your attendance: Partly present, 10 minutes — 0 clock hours" in body
    assert "hours once the facilitator confirms attendance" in body
    assert "Your hours from this series so far: 1.25" in body


def test_other_learners_see_no_recording(client, index, learner):
    page = factories.series(sessions=2)
    session = page.sessions.first()
    session.recording_url = "https://video.example.org/rec-1"
    session.save()
    client.force_login(learner)
    assert "rec-1" not in page_of(client, page.url)


# --- A session page -------------------------------------------------------------------


def test_session_page_for_a_participant(client, index, learner):
    page = future_series()
    factories.register(page, learner)
    session = page.sessions.order_by("starts_at").first()
    session.topic = "Biting as communication"
    session.save()
    client.force_login(learner)
    html = page_of(client, f"{page.url}sessions/{session.uid}/")
    assert "<h1>Biting as communication</h1>" in html
    assert "Join the meeting" in html
    assert f"{page.url}sessions/{session.uid}/invite.ics" in html


def test_session_page_for_a_visitor_hides_the_link(client, index):
    page = future_series()
    session = page.sessions.order_by("starts_at").first()
    html = page_of(client, f"{page.url}sessions/{session.uid}/")
    assert "meet.example.org" not in html
    assert "The meeting link is shown to registered participants." in html


def test_cancelled_session_page(client, index, learner):
    page = future_series()
    session = page.sessions.order_by("starts_at").first()
    session.status = SessionStatus.CANCELLED
    session.cancelled_reason = "Storm closures."
    session.save()
    factories.register(page, learner)
    client.force_login(learner)
    body = text(page_of(client, f"{page.url}sessions/{session.uid}/"))
    assert "This session is cancelled. Storm closures." in body
    assert "Join the meeting" not in body


def test_unknown_or_other_series_session_is_404(client, index):
    page = future_series()
    other = future_series(title="Other cohort", slug="other")
    foreign = other.sessions.first()
    assert client.get(f"{page.url}sessions/{foreign.uid}/").status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"{page.url}sessions/{missing}/").status_code == 404


def test_series_page_for_a_series_without_sessions(client, index):
    page = factories.series(sessions=0, title="Planned cohort", slug="planned")
    assert isinstance(page, EchoSeries)
    body = text(page_of(client, page.url))
    assert "The dates of the sessions will be published soon." in body
    assert "The hub team will be announced soon." in body
