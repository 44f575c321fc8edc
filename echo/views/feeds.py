"""Calendar feeds: the public one per series, the private one per learner, and
the invitation for one session; plus the learner's page that shows their private
address and lets them reset it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import ics
from ..selectors.sessions import (
    calendar_feed_owner,
    feed_sessions_for_learner,
    is_registered,
    session_in_series,
    sessions_for,
    upcoming_sessions_for_learner,
)
from ..services.calendar import calendar_token_for, calendar_token_reset

UPCOMING_ON_PAGE = 5


def _calendar_response(data: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        # The address is a secret: keep it out of shared caches and search engines.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def series_feed(request, series):
    """The public calendar of a series: every session, no meeting link."""
    data = ics.series_calendar(series, sessions_for(series), private=False)
    return _calendar_response(data, f"{series.slug}.ics", private=False)


@require_safe
def session_invite(request, series, session_uid):
    """One session as a calendar file. Registered participants get the meeting link
    in it; everyone else gets what the public feed shows."""
    session = session_in_series(series, session_uid)
    if session is None:
        raise Http404(_("There is no such session in this series."))
    private = is_registered(series, request.user)
    data = ics.series_calendar(series, [session], private=private)
    return _calendar_response(
        data, f"{series.slug}-{session.starts_at:%Y-%m-%d}.ics", private=private
    )


@require_safe
def learner_feed(request, token):
    """The private feed behind a learner's secret address: every session of the
    series they are registered for. An unknown or revoked token is a 404."""
    learner = calendar_feed_owner(token)
    if learner is None:
        raise Http404(_("This calendar address does not exist or was reset."))
    data = ics.learner_calendar(learner, feed_sessions_for_learner(learner))
    return _calendar_response(data, "my-echo-sessions.ics", private=True)


def _feed_url(request, token) -> str:
    return request.build_absolute_uri(reverse("echo:calendar_feed", args=[token]))


@login_required
@require_safe
def calendar_page(request):
    """The learner's private calendar address, with a copy button, how to use it,
    and the form that resets it."""
    token = calendar_token_for(request.user)
    feed_url = _feed_url(request, token.token)
    response = render(
        request,
        "echo/calendar.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "token": token,
            "upcoming": upcoming_sessions_for_learner(request.user, UPCOMING_ON_PAGE),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_reset(request):
    calendar_token_reset(request.user)
    messages.success(
        request,
        _(
            "Your calendar address was reset. The old address no longer works: "
            "subscribe again with the new one below."
        ),
    )
    return redirect("echo:calendar")


urlpatterns = [
    path("calendar/", calendar_page, name="calendar"),
    path("calendar/reset/", calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", learner_feed, name="calendar_feed"),
]
