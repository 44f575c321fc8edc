"""What learners record themselves: outside training (with its certificate), the
reflective supervision/consultation they receive, and the endorsements they hold.

Every object is looked up among the learner's own, so another learner's gets a 404.
The views validate the form, call a service and put the service's messages back on
the form's fields."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

# Some views share their URL's name with the service they call, so services are
# always called through the module.
from .. import services
from ..choices import EndorsementStatus, SubmissionStatus
from ..forms import (
    EndorsementConsentForm,
    EndorsementForm,
    OutsideTrainingForm,
    RscLogForm,
)
from ..hours import convert_to_clock_hours
from ..selectors import (
    endorsements_for,
    ledger_totals,
    outside_trainings_for,
    rsc_log_for,
)

PER_PAGE = 25
WITHDRAWABLE = {
    SubmissionStatus.DRAFT,
    SubmissionStatus.PENDING,
    SubmissionStatus.CHANGES_REQUESTED,
}


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the fields it names, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


# Outside training


@login_required
@require_GET
def outside_training_list(request):
    return render(
        request,
        "lms/outside_training_list.html",
        {"page_obj": _page(request, outside_trainings_for(learner=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outside_training_create(request):
    form = OutsideTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.outside_training_save(
                learner=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved as a draft. Check the hours, then submit it for review."),
            )
            return redirect("outside_training_detail", pk=training.pk)
    return render(
        request, "lms/outside_training_form.html", {"form": form, "training": None}
    )


@login_required
@require_GET
def outside_training_detail(request, pk):
    training = get_object_or_404(outside_trainings_for(learner=request.user), pk=pk)
    return render(
        request,
        "lms/outside_training_detail.html",
        {
            "training": training,
            "conversion": convert_to_clock_hours(
                training.hours_entered, training.hours_unit
            ),
            "can_withdraw": training.status in WITHDRAWABLE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outside_training_update(request, pk):
    training = get_object_or_404(outside_trainings_for(learner=request.user), pk=pk)
    if not training.is_editable:
        messages.error(
            request,
            _("This training is %(status)s and can no longer be changed.")
            % {"status": training.get_status_display().lower()},
        )
        return redirect("outside_training_detail", pk=training.pk)
    form = OutsideTrainingForm(
        request.POST or None,
        request.FILES or None,
        training=training,
        initial=OutsideTrainingForm.initial_for(training),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outside_training_save(
                learner=request.user, training=training, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your changes are saved. Check them, then submit.")
            )
            return redirect("outside_training_detail", pk=training.pk)
    return render(
        request,
        "lms/outside_training_form.html",
        {"form": form, "training": training},
    )


@login_required
@require_POST
def outside_training_submit(request, pk):
    training = get_object_or_404(outside_trainings_for(learner=request.user), pk=pk)
    try:
        services.outside_training_submit(training=training, learner=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Submitted for review. We will e-mail you when an administrator has "
                "looked at it."
            ),
        )
    return redirect("outside_training_detail", pk=training.pk)


@login_required
@require_http_methods(["GET", "POST"])
def outside_training_withdraw(request, pk):
    training = get_object_or_404(outside_trainings_for(learner=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.submission_withdraw(submission=training, learner=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("outside_training_detail", pk=training.pk)
        messages.success(
            request,
            _("“%(title)s” has been deleted.") % {"title": training.title}
            if training.status == SubmissionStatus.DRAFT
            else _("“%(title)s” has been withdrawn.") % {"title": training.title},
        )
        return redirect("outside_training_list")
    if training.status not in WITHDRAWABLE:
        messages.error(
            request, _("A submission that has been reviewed stays on your record.")
        )
        return redirect("outside_training_detail", pk=training.pk)
    return render(request, "lms/outside_training_withdraw.html", {"training": training})


@login_required
@require_GET
def outside_training_evidence(request, pk):
    """The learner's own certificate, from private storage. Administrators open
    evidence from the review screens in the admin."""
    training = get_object_or_404(outside_trainings_for(learner=request.user), pk=pk)
    if not training.evidence:
        raise Http404
    try:
        handle = training.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=training.evidence_name or training.evidence.name.rsplit("/", 1)[-1],
        content_type=training.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Reflective supervision/consultation


@login_required
@require_GET
def rsc_log_list(request):
    return render(
        request,
        "lms/rsc_log_list.html",
        {
            "page_obj": _page(request, rsc_log_for(learner=request.user)),
            "totals": ledger_totals(learner=request.user),
            "withdrawable": WITHDRAWABLE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rsc_log_create(request):
    form = RscLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rsc_log_save(learner=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Logged and sent for review. It counts once an administrator "
                    "approves it."
                ),
            )
            return redirect("rsc_log")
    return render(request, "lms/rsc_log_form.html", {"form": form, "entry": None})


@login_required
@require_http_methods(["GET", "POST"])
def rsc_log_update(request, pk):
    entry = get_object_or_404(rsc_log_for(learner=request.user), pk=pk)
    if entry.status != SubmissionStatus.CHANGES_REQUESTED:
        messages.error(
            request,
            _(
                "Only an entry returned for changes can be edited; this one is "
                "%(status)s."
            )
            % {"status": entry.get_status_display().lower()},
        )
        return redirect("rsc_log")
    form = RscLogForm(request.POST or None, initial=RscLogForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.rsc_log_save(
                learner=request.user, entry=entry, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Corrected and sent for review again."))
            return redirect("rsc_log")
    return render(request, "lms/rsc_log_form.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def rsc_log_withdraw(request, pk):
    entry = get_object_or_404(rsc_log_for(learner=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.submission_withdraw(submission=entry, learner=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The entry has been withdrawn."))
        return redirect("rsc_log")
    if entry.status not in WITHDRAWABLE:
        messages.error(
            request, _("A submission that has been reviewed stays on your record.")
        )
        return redirect("rsc_log")
    return render(request, "lms/rsc_log_withdraw.html", {"entry": entry})


# Endorsements


@login_required
@require_GET
def endorsement_list(request):
    return render(
        request,
        "lms/endorsement_list.html",
        {"endorsements": endorsements_for(learner=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_create(request):
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endorsement = services.endorsement_record(
                learner=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your %(code)s endorsement is recorded. An administrator will "
                    "confirm it."
                )
                % {"code": endorsement.category.code},
            )
            return redirect("endorsements")
    return render(request, "lms/endorsement_form.html", {"form": form})


@login_required
@require_POST
def endorsement_consent(request, pk):
    endorsement = get_object_or_404(endorsements_for(learner=request.user), pk=pk)
    form = EndorsementConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to be listed, then try again."))
        return redirect("endorsements")
    consent = form.cleaned_data["consent"]
    try:
        endorsement = services.endorsement_consent_set(
            endorsement=endorsement, learner=request.user, consent=consent
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not consent:
            messages.success(
                request,
                _("Your %(code)s endorsement is no longer listed in the registry.")
                % {"code": endorsement.category.code},
            )
        elif endorsement.status == EndorsementStatus.CONFIRMED:
            messages.success(
                request,
                _("Your %(code)s endorsement is now listed in the registry.")
                % {"code": endorsement.category.code},
            )
        else:
            messages.success(
                request,
                _(
                    "Your %(code)s endorsement will be listed in the registry once an "
                    "administrator confirms it."
                )
                % {"code": endorsement.category.code},
            )
    return redirect("endorsements")


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_withdraw(request, pk):
    endorsement = get_object_or_404(endorsements_for(learner=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.endorsement_withdraw(endorsement=endorsement, learner=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your %(code)s endorsement has been removed.")
                % {"code": endorsement.category.code},
            )
        return redirect("endorsements")
    if endorsement.status != EndorsementStatus.RECORDED:
        messages.error(
            request,
            _("A confirmed endorsement can be changed only by an administrator."),
        )
        return redirect("endorsements")
    return render(
        request, "lms/endorsement_withdraw.html", {"endorsement": endorsement}
    )
