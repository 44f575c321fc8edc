"""The "My certificates" panel on the learner's dashboard (listed in
``settings.DASHBOARD_PANELS``): the newest few certificates and a link to them all."""

from django.db.models import Count, Window
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .selectors import certificates_for_learner

NEWEST = 3


def certificates_panel(request) -> SafeString:
    """One query whatever the number of certificates: the newest few, each carrying
    the learner's total as a window count (worked out before the LIMIT applies)."""
    newest = list(
        certificates_for_learner(learner=request.user).annotate(
            total=Window(Count("pk"))
        )[:NEWEST]
    )
    return render_to_string(
        "certificates/dashboard_panel.html",
        {"certificates": newest, "count": newest[0].total if newest else 0},
        request=request,
    )
