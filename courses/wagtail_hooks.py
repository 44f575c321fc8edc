from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from .admin_selectors import pending_enrolments
from .admin_views import CHANGE, VIEW, enrolment_url, enrolments_url, report_url
from .choices import EnrolmentStatus
from .models import CoursePage
from .viewsets import CoursesViewSetGroup

LOG_ACTIONS = (
    ("courses.completed", _("Course completed"), _("Completed the course")),
    ("courses.enrolment_active", _("Enrolment approved"), _("Approved the enrolment")),
    (
        "courses.enrolment_declined",
        _("Enrolment declined"),
        _("Declined the enrolment"),
    ),
)

# Requests named on the dashboard; the panel links to the rest.
PENDING_SHOWN = 5


class CourseLogFormatter(LogFormatter):
    """Log lines that carry the reason given for a declined request."""

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if reason:
            return f"{self.message}: {reason}"
        return self.message


@hooks.register("register_log_actions")
def register_course_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "CourseLogFormatter",
                (CourseLogFormatter,),
                {"label": label, "message": message},
            )
        )


@hooks.register("register_admin_viewset")
def register_course_viewsets():
    return CoursesViewSetGroup()


class PendingEnrolmentsPanel(Component):
    """On the admin dashboard: enrolment requests waiting for an administrator,
    oldest first."""

    name = "course_enrolments_pending"
    order = 80
    template_name = "courses/admin/pending_panel.html"

    def __init__(self, enrolments: list, count: int):
        self.enrolments = enrolments
        self.count = count

    def get_context_data(self, parent_context=None):
        return {
            "count": self.count,
            "rows": [
                {"enrolment": enrolment, "url": enrolment_url(enrolment)}
                for enrolment in self.enrolments
            ],
            "url": enrolments_url(status=EnrolmentStatus.PENDING),
        }


@hooks.register("construct_homepage_panels")
def add_pending_enrolments_panel(request, panels):
    user = request.user
    if not (user.has_perm(VIEW) and user.has_perm(CHANGE)):
        return
    shown = list(pending_enrolments()[:PENDING_SHOWN])
    if not shown:
        return
    count = len(shown) if len(shown) < PENDING_SHOWN else pending_enrolments().count()
    panels.append(PendingEnrolmentsPanel(shown, count))


def _report_button(page, user, priority):
    if page.specific_class is not CoursePage or not user.has_perm(VIEW):
        return []
    return [
        PageMenuItem(
            _("Enrolments and report"),
            url=report_url(page.pk),
            icon_name="table",
            priority=priority,
            page=page,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def course_report_listing_button(page, user, next_url=None):
    return _report_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def course_report_header_button(page, user, view_name, next_url=None):
    return _report_button(page, user, priority=64)


@hooks.register("insert_global_admin_css")
def courses_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/courses-admin.css")
    )
