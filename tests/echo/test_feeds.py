"""Calendar feeds and the learner's calendar page: the public feed of a series, the
private per-learner feed behind an unguessable, revocable token, one session's
invitation, and the page that shows and resets the private address."""

import datetime

import pytest
from icalendar import Calendar

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from echo.choices import RegistrationStatus
from echo.models import CalendarFeedToken, EchoSession
from echo.services.calendar import calendar_token_for, calendar_token_reset
from echo.views.feeds import series_feed, session_invite
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")

MEETING = "https://meet.example.org/j/123456789"


def future_series(title="Infant Mental Health ECHO", sessions=3, **fields):
    return echo_factories.series(
        title=title,
        sessions=sessions,
        first=timezone.now() + datetime.timedelta(days=3),
        interval_days=7,
        **fields,
    )


def uids(response) -> set[str]:
    cal = Calendar.from_ical(response.content)
    return {str(event["uid"]) for event in cal.walk("VEVENT")}


def session_uids(series) -> set[str]:
    return {f"{s.uid}@cradle" for s in EchoSession.objects.filter(series=series)}


class TestPublicFeed:
    # The views are called directly: the page's own routes (models.py) hand them
    # the series.
    def test_series_feed_lists_sessions_without_the_meeting_link(self, rf):
        series = future_series()
        request = rf.get("/")
        request.user = AnonymousUser()
        response = series_feed(request, series)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert uids(response) == session_uids(series)
        assert MEETING.encode() not in response.content
        cal = Calendar.from_ical(response.content)
        assert cal["method"] == "PUBLISH"
        assert cal.walk("VTIMEZONE")

    def test_session_invite_has_the_link_only_for_registered_people(self, rf):
        series = future_series()
        session = EchoSession.objects.filter(series=series).first()
        request = rf.get("/")
        request.user = AnonymousUser()
        response = session_invite(request, series, session.uid)
        assert response.status_code == 200
        assert uids(response) == {f"{session.uid}@cradle"}
        assert MEETING.encode() not in response.content
        learner = UserFactory()
        echo_factories.register(series, learner)
        request.user = learner
        response = session_invite(request, series, session.uid)
        assert MEETING.encode() in response.content
        assert response["Cache-Control"] == "private, no-store"
        other = future_series(title="Other series")
        other_session = EchoSession.objects.filter(series=other).first()
        with pytest.raises(Http404):
            session_invite(request, series, other_session.uid)
        post = rf.post("/")
        post.user = learner
        assert series_feed(post, series).status_code == 405


class TestPrivateFeed:
    def test_token_is_long_random_and_stable_until_reset(self):
        learner = UserFactory()
        token = calendar_token_for(learner)
        assert len(token.token) >= 43  # 32 random bytes, URL-safe base64
        assert calendar_token_for(learner).pk == token.pk
        other = calendar_token_for(UserFactory())
        assert other.token != token.token
        new = calendar_token_reset(learner)
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert new.token != token.token
        assert calendar_token_for(learner).pk == new.pk
        assert (
            CalendarFeedToken.objects.filter(
                learner=learner, revoked_at__isnull=True
            ).count()
            == 1
        )

    def test_feed_holds_only_the_learners_registered_series(self, client):
        mine = future_series(title="Mine")
        waitlisted = future_series(title="Waitlisted")
        withdrawn = future_series(title="Withdrawn")
        future_series(title="Not mine")
        learner = UserFactory()
        echo_factories.register(mine, learner)
        echo_factories.register(
            waitlisted, learner, status=RegistrationStatus.WAITLISTED
        )
        echo_factories.register(withdrawn, learner, status=RegistrationStatus.WITHDRAWN)
        token = calendar_token_for(learner)
        response = client.get(reverse("echo:calendar_feed", args=[token.token]))
        assert response.status_code == 200
        assert uids(response) == session_uids(mine)
        assert MEETING.encode() in response.content
        assert response["Cache-Control"] == "private, no-store"
        assert "noindex" in response["X-Robots-Tag"]

    def test_old_token_is_404_after_reset_and_unknown_tokens_too(self, client):
        learner = UserFactory()
        echo_factories.register(future_series(), learner)
        old = calendar_token_for(learner).token
        assert client.get(reverse("echo:calendar_feed", args=[old])).status_code == 200
        new = calendar_token_reset(learner).token
        assert client.get(reverse("echo:calendar_feed", args=[old])).status_code == 404
        assert client.get(reverse("echo:calendar_feed", args=[new])).status_code == 200
        guess = "A" * 43
        assert (
            client.get(reverse("echo:calendar_feed", args=[guess])).status_code == 404
        )

    def test_cancelled_and_moved_sessions_update_in_the_feed(self, client):
        from echo.services.sessions import session_cancel, session_reschedule

        runner = echo_factories.facilitator()
        series = future_series(facilitators=[runner])
        learner = UserFactory()
        echo_factories.register(series, learner)
        first, second, _third = EchoSession.objects.filter(series=series)
        address = reverse(
            "echo:calendar_feed", args=[calendar_token_for(learner).token]
        )
        before = uids(client.get(address))
        session_cancel(first, reason="Holiday", by=runner)
        session_reschedule(
            second, starts_at=second.starts_at + datetime.timedelta(hours=1), by=runner
        )
        cal = Calendar.from_ical(client.get(address).content)
        events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
        assert set(events) == before
        assert str(events[f"{first.uid}@cradle"]["status"]) == "CANCELLED"
        assert events[f"{first.uid}@cradle"]["sequence"] == 1
        assert events[f"{second.uid}@cradle"]["sequence"] == 1


class TestCalendarPage:
    def test_needs_login(self, client):
        response = client.get(reverse("echo:calendar"))
        assert response.status_code == 302
        assert "login" in response["Location"]
        response = client.post(reverse("echo:calendar_reset"))
        assert response.status_code == 302
        assert not CalendarFeedToken.objects.exists()

    def test_shows_address_copy_button_explanation_and_reset(self, client):
        learner = UserFactory()
        series = future_series()
        echo_factories.register(series, learner)
        client.force_login(learner)
        response = client.get(reverse("echo:calendar"))
        assert response.status_code == 200
        token = CalendarFeedToken.objects.get(learner=learner, revoked_at=None)
        html = response.content.decode()
        assert token.token in html
        assert 'data-copy-target="calendar-feed-url"' in html
        assert 'for="calendar-feed-url"' in html
        assert "Reset my calendar address" in html
        assert "stops working" in html
        assert series.title in html
        assert response["Cache-Control"] == "private, no-store"

    def test_empty_state_without_registrations(self, client):
        client.force_login(UserFactory())
        response = client.get(reverse("echo:calendar"))
        assert "not registered for any sessions" in response.content.decode()

    def test_reset_form_gives_a_new_address(self, client):
        learner = UserFactory()
        client.force_login(learner)
        client.get(reverse("echo:calendar"))
        old = CalendarFeedToken.objects.get(learner=learner).token
        response = client.post(reverse("echo:calendar_reset"), follow=True)
        assert response.status_code == 200
        new = CalendarFeedToken.objects.get(learner=learner, revoked_at=None).token
        html = response.content.decode()
        assert new != old
        assert new in html and old not in html
        assert "was reset" in html
        assert client.get(reverse("echo:calendar_reset")).status_code == 405

    @pytest.mark.parametrize("size", [10, 500])
    def test_page_and_feeds_run_a_fixed_number_of_queries(
        self, client, rf, django_assert_max_num_queries, size
    ):
        learner = UserFactory()
        series = [future_series(title=f"Series {n}", sessions=4) for n in range(3)]
        for page in series:
            echo_factories.register(page, learner)
            echo_factories.registrants(page, size)
        client.force_login(learner)
        client.get(reverse("echo:calendar"))  # the token exists from here on
        with django_assert_max_num_queries(10):
            assert client.get(reverse("echo:calendar")).status_code == 200
        token = CalendarFeedToken.objects.get(learner=learner).token
        with django_assert_max_num_queries(5):
            response = client.get(reverse("echo:calendar_feed", args=[token]))
        assert len(uids(response)) == 12
        request = rf.get("/")
        request.user = AnonymousUser()
        with django_assert_max_num_queries(3):
            assert series_feed(request, series[0]).status_code == 200


class TestAddresses:
    """The page routes that name a file are reached at their public addresses, with
    or without the closing slash."""

    def test_series_feed_and_invitation_are_served_at_their_addresses(self, client):
        series = future_series()
        learner = UserFactory()
        echo_factories.register(series, learner)
        for address in (series.url + "calendar.ics/", series.url + "calendar.ics"):
            response = client.get(address)
            assert response.status_code == 200, address
            assert uids(response) == session_uids(series)
        session = EchoSession.objects.filter(series=series).first()
        client.force_login(learner)
        response = client.get(f"{series.url}sessions/{session.uid}/invite.ics/")
        assert response.status_code == 200
        assert uids(response) == {f"{session.uid}@cradle"}

    def test_other_dotted_addresses_are_still_not_found(self, client):
        series = future_series()
        assert client.get(series.url + "calendar.txt/").status_code == 404
        assert client.get(series.url + "nothing.ics/").status_code == 404
