from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..dashboard import dashboard_panels
from ..forms import AccountDeletionRequestForm, ProfileForm
from ..middleware import TIME_ZONE_SESSION_KEY
from ..selectors import (
    deletion_request_pending_for,
    endorsement_progress,
    learner_profile_get,
    ledger_totals,
)
from ..services import (
    account_deletion_request_cancel,
    account_deletion_request_create,
    learner_profile_update,
)

# The two requirements the dashboard shows; the hours page shows them all.
DASHBOARD_CHECKS = {"training", "rsc"}


@login_required
def dashboard(request):
    profile = learner_profile_get(user=request.user)
    goal = profile.goal_category
    context = {"profile": profile, "goal": goal, "panels": dashboard_panels(request)}
    if goal is not None:
        progress = endorsement_progress(learner=request.user, category=goal)
        context["progress"] = progress
        context["goal_checks"] = [
            check for check in progress.checks if check.key in DASHBOARD_CHECKS
        ]
    else:
        context["totals"] = ledger_totals(learner=request.user)
    return render(request, "lms/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_update(request):
    profile = learner_profile_get(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            profile = learner_profile_update(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[TIME_ZONE_SESSION_KEY] = profile.time_zone
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    return render(request, "lms/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def account_deletion_request(request):
    pending = deletion_request_pending_for(user=request.user)
    form = AccountDeletionRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            account_deletion_request_create(
                user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. An administrator will delete your "
                    "account and e-mail you when it is done."
                ),
            )
            return redirect("account_deletion_request")
    return render(
        request,
        "lms/account_deletion_request.html",
        {"form": form, "pending": pending},
    )


@login_required
@require_POST
def account_deletion_request_withdraw(request):
    try:
        account_deletion_request_cancel(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your deletion request has been withdrawn."))
    return redirect("account_deletion_request")
