from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

LOG_ACTIONS = (
    ("courses.completed", _("Course completed"), _("Completed the course")),
    ("courses.enrolment_active", _("Enrolment approved"), _("Approved the enrolment")),
    (
        "courses.enrolment_declined",
        _("Enrolment declined"),
        _("Declined the enrolment"),
    ),
)


@hooks.register("register_log_actions")
def register_course_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "CourseLogFormatter",
                (LogFormatter,),
                {"label": label, "format_message": lambda self, entry, m=message: m},
            )
        )
