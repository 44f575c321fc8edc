"""The ECHO area of the Wagtail admin (its menu item and addresses), the log
actions it writes, and generating a series' sessions when the series is
published."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_urls
from .models import EchoSeries
from .permissions import is_facilitator
from .services.sessions import sessions_generate

LOG_ACTIONS = (
    ("echo.session_added", _("Session added"), _("Added an extra session")),
    ("echo.session_updated", _("Session edited"), _("Edited the session's details")),
    ("echo.session_rescheduled", _("Session rescheduled"), _("Rescheduled")),
    ("echo.session_cancelled", _("Session cancelled"), _("Cancelled the session")),
    ("echo.attendance_changed", _("Attendance changed"), _("Changed attendance")),
    (
        "echo.attendance_finalised",
        _("Attendance finalised"),
        _("Finalised attendance; hours sent to the ledger"),
    ),
    ("echo.import_uploaded", _("Report uploaded"), _("Uploaded a participant report")),
    ("echo.import_row_linked", _("Report row linked"), _("Linked a report row")),
    (
        "echo.import_row_dismissed",
        _("Report row dismissed"),
        _("Dismissed a report row"),
    ),
    ("echo.import_applied", _("Report applied"), _("Applied a participant report")),
    (
        "echo.import_discarded",
        _("Report discarded"),
        _("Discarded a participant report"),
    ),
    ("echo.case_accepted", _("Case accepted"), _("Accepted the case")),
    ("echo.case_returned", _("Case returned"), _("Returned the case for changes")),
    ("echo.case_scheduled", _("Case scheduled"), _("Scheduled the case")),
    (
        "echo.case_recommendations_sent",
        _("Recommendations sent"),
        _("Sent the hub's recommendations"),
    ),
)


class EchoLogFormatter(LogFormatter):
    """Log lines that carry the reason or note given, when there is one."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        detail = data.get("reason") or data.get("note")
        if detail:
            return f"{self.message}: {detail}"
        return self.message


@hooks.register("register_log_actions")
def register_echo_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "EchoLogFormatter",
                (EchoLogFormatter,),
                {"label": label, "message": message},
            )
        )


@hooks.register("register_admin_urls")
def register_echo_admin_urls():
    return [path("echo/", include((admin_urls, "echo_admin"), namespace="echo_admin"))]


class EchoMenuItem(MenuItem):
    """Shown to ECHO facilitators and administrators."""

    def is_shown(self, request):
        return is_facilitator(request.user)


@hooks.register("register_admin_menu_item")
def register_echo_menu_item():
    return EchoMenuItem(
        _("ECHO"),
        reverse("echo_admin:index"),
        name="echo",
        icon_name="calendar-alt",
        order=250,
    )


def _generate_sessions(page) -> None:
    specific = page.specific
    if isinstance(specific, EchoSeries) and specific.live:
        sessions_generate(specific)


@hooks.register("after_publish_page")
def generate_sessions_on_publish(request, page):
    _generate_sessions(page)


@hooks.register("after_create_page")
def generate_sessions_on_create(request, page):
    # Publishing from the create view runs after_publish_page too; generating is
    # idempotent, so the second call finds nothing to add.
    _generate_sessions(page)
