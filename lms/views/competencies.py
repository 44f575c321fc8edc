"""The public list of competency domains and their areas: what courses, hours and
certificates are tagged with. Open Badges files link each of a certificate's areas to
its anchor here (``#area-<code>``), so this page is what a verifier reads."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..selectors import competency_domains_with_areas


@require_safe
def competencies(request):
    return render(
        request,
        "lms/competencies.html",
        {"domains": competency_domains_with_areas()},
    )
