"""The "My courses" panel on the learner's dashboard (listed in
``settings.DASHBOARD_PANELS``): courses in progress with a continue button, requests
waiting for approval, and completed courses with their certificates."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .choices import EnrolmentStatus
from .models import CourseIndexPage
from .selectors import learner_courses


def courses_panel(request) -> SafeString:
    """Five queries whatever the number of courses and lessons: the four of
    ``learner_courses`` and the catalogue page."""
    cards = learner_courses(learner=request.user)
    catalogue = CourseIndexPage.objects.live().first()
    context = {
        "in_progress": [
            card for card in cards if card.enrolment.status == EnrolmentStatus.ACTIVE
        ],
        "pending": [
            card for card in cards if card.enrolment.status == EnrolmentStatus.PENDING
        ],
        "completed": [
            card for card in cards if card.enrolment.status == EnrolmentStatus.COMPLETED
        ],
        "catalogue_url": catalogue.get_url(request) if catalogue else "",
    }
    return render_to_string("courses/dashboard_panel.html", context, request=request)
