import zoneinfo

from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import user_is_staff_role


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


TIME_ZONE_SESSION_KEY = "learner_time_zone"
ADMIN_PREFIX = "/admin/"


class LearnerTimezoneMiddleware:
    """Show times in the learner's own time zone. The zone is read from the profile
    once per session and kept there (the profile page refreshes it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_name = None
        if request.user.is_authenticated:
            zone_name = request.session.get(TIME_ZONE_SESSION_KEY)
            if zone_name is None:
                from .models import LearnerProfile

                zone_name = (
                    LearnerProfile.objects.filter(user=request.user)
                    .values_list("time_zone", flat=True)
                    .first()
                ) or "America/Chicago"
                request.session[TIME_ZONE_SESSION_KEY] = zone_name
        if zone_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class AdminAccessMiddleware:
    """The Wagtail admin is for ECHO Facilitators and Administrators, and only after
    they have set up a second factor. Sign-in always goes through the site's own
    (rate-limited, MFA-aware) login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(ADMIN_PREFIX):
            return self.get_response(request)

        if path.startswith(f"{ADMIN_PREFIX}login/"):
            next_url = request.GET.get("next") or ADMIN_PREFIX
            return redirect(_with_next("account_login", next_url))
        if path.startswith(f"{ADMIN_PREFIX}logout/"):
            return redirect("account_logout")

        user = request.user
        if not user.is_authenticated:
            return redirect(_with_next("account_login", request.get_full_path()))
        if not user.has_perm("wagtailadmin.access_admin"):
            return render(request, "lms/admin_refused.html", status=403)
        if (
            user_is_staff_role(user)
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _(
                    "Set up two-factor authentication before using the admin: scan the "
                    "code with an authenticator app and enter the six digits it shows."
                ),
            )
            return redirect(_with_next("mfa_activate_totp", request.get_full_path()))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under /admin/
    (``settings.ADMIN_CONTENT_SECURITY_POLICY``) and the site's everywhere else. A
    view that sets its own policy with django-csp's decorators keeps it."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIX)
        ):
            parts.config = default_config(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``: the browser features no page uses are
    turned off, for the page and for anything it frames."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault(
                "Permissions-Policy", settings.PERMISSIONS_POLICY
            )
        return response
