"""The "Infant Mental Health ECHO" panel on the learner's dashboard (listed in
``settings.DASHBOARD_PANELS``): the next sessions of the learner's series with the
meeting link, their places on waitlists, and case presentations with news —
recommendations received or a request for changes."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from .models import EchoIndexPage
from .selectors.cases import cases_for_dashboard
from .selectors.pages import waitlist_positions, waitlisted_registrations
from .selectors.sessions import upcoming_sessions_for_learner

NEXT_SESSIONS = 4


def echo_panel(request) -> SafeString:
    """Four queries whatever the number of series and sessions (one more when the
    learner is on a waitlist): sessions, waitlist places, cases and the list page;
    the links share the request's site with the rest of the dashboard."""
    learner = request.user
    now = timezone.now()
    sessions = upcoming_sessions_for_learner(learner, NEXT_SESSIONS)
    rows = []
    for session in sessions:
        series_url = session.series.get_url(request) or ""
        if series_url and not series_url.endswith("/"):
            series_url += "/"
        rows.append(
            {
                "session": session,
                "series": session.series,
                "url": series_url
                + session.series.reverse_subpage(
                    "session", kwargs={"session_uid": session.uid}
                ),
                "is_live": session.starts_at <= now < session.ends_at,
            }
        )
    waiting = waitlisted_registrations(learner)
    positions = waitlist_positions(waiting)
    index = EchoIndexPage.objects.live().first()
    context = {
        "session_rows": rows,
        "waitlist": [
            {"registration": registration, "position": positions.get(registration.pk)}
            for registration in waiting
        ],
        "cases": cases_for_dashboard(learner),
        "index_url": index.get_url(request) if index else "",
    }
    return render_to_string("echo/dashboard_panel.html", context, request=request)
