"""Case presentations, as the presenter sees them: the form on a series (for its
registered participants), the list of their own cases, one case with its status,
the hub's note and recommendations, and editing a returned case or withdrawing it.

A case is found only among those the person may read (its presenter and the
series' hub team), so anyone else gets a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ..choices import AgeBand, CaseStatus
from ..deidentify import find_identifiers
from ..models import CasePresentation, EchoSeries, EchoSession
from ..selectors.cases import (
    case_for_viewer,
    cases_for_presenter,
    sessions_open_for_cases,
)
from ..selectors.sessions import is_registered

# The series route calls ``case_submit`` here, the view of the same name as the
# service, so services are called through the module.
from ..services import cases as services
from ..services.cases import TEXT_FIELDS, WITHDRAWABLE

PER_PAGE = 20
NO_IDENTIFIERS = gettext_lazy(
    "No names, dates of birth, addresses, phone numbers, e-mail addresses or "
    "record numbers."
)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session: EchoSession) -> str:
        local = timezone.localtime(session.starts_at)
        text = local.strftime("%A, %B %-d, %Y, %H:%M")
        return f"{text} — {session.topic}" if session.topic else text


class CaseForm(forms.Form):
    age_band = forms.ChoiceField(
        label=gettext_lazy("Child's age band"),
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
    )
    caregiving_context = forms.CharField(
        label=gettext_lazy("Caregiving context"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Who cares for the child and where: e.g. “lives with mother and "
            "maternal grandmother in a rural town; attends a family child care "
            "home”. Describe people by their role. "
        )
        + NO_IDENTIFIERS,
    )
    presenting_concerns = forms.CharField(
        label=gettext_lazy("Presenting concerns"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=gettext_lazy(
            "What you and the family are seeing, since when, and in which "
            "situations. Give ages (“14 months”), not dates."
        ),
    )
    tried_so_far = forms.CharField(
        label=gettext_lazy("What has been tried"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Approaches, services and referrals, and how they went."
        ),
    )
    question = forms.CharField(
        label=gettext_lazy("Your question for the hub"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One or two questions the hub team and your peers can answer, e.g. "
            "“How can I help the grandmother see the biting as communication?”"
        ),
    )
    session = SessionChoiceField(
        label=gettext_lazy("Session you would like to present at"),
        queryset=EchoSession.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any session — the hub team will choose"),
        help_text=gettext_lazy(
            "The coordinator confirms the session when the case is scheduled."
        ),
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = EchoSession.objects.filter(
            pk__in=[session.pk for session in sessions]
        ).order_by("starts_at", "pk")

    @staticmethod
    def initial_for(case: CasePresentation) -> dict:
        initial = {field: getattr(case, field) for field in ("age_band", *TEXT_FIELDS)}
        initial["session"] = case.session_id
        return initial


def _add_service_errors(form: CaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the fields it names. The service starts each
    message with the field's label, which the form already shows beside it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        if field not in form.fields:
            form.add_error(None, field_errors)
            continue
        prefix = f"{form.fields[field].label}: "
        service_prefix = (
            f"{CasePresentation._meta.get_field(field).verbose_name.capitalize()}: "
            if field in (*TEXT_FIELDS, "age_band")
            else prefix
        )
        for message in ValidationError(field_errors).messages:
            form.add_error(field, message.removeprefix(service_prefix))


def _highlights(form: CaseForm) -> dict[str, list[dict]]:
    """For each text field refused for identifiers, its text in parts, with the
    offending parts marked, so the presenter sees exactly where they are."""
    result = {}
    if not form.is_bound:
        return result
    for field in TEXT_FIELDS:
        if not form.errors.get(field):
            continue
        text = form.data.get(field, "")
        findings = find_identifiers(text)
        if not findings:
            continue
        parts, position = [], 0
        for finding in findings:
            if finding.start > position:
                parts.append({"text": text[position : finding.start], "flag": False})
            parts.append({"text": text[finding.start : finding.end], "flag": True})
            position = finding.end
        if position < len(text):
            parts.append({"text": text[position:], "flag": False})
        result[field] = parts
    return result


FIELDSETS = (
    (gettext_lazy("The child and the family"), ("age_band", "caregiving_context")),
    (gettext_lazy("The case"), ("presenting_concerns", "tried_so_far")),
    (gettext_lazy("Your question"), ("question", "session")),
)


def _render_form(request, form, *, series, case=None):
    highlights = _highlights(form)
    fieldsets = [
        {
            "legend": legend,
            "fields": [
                {"field": form[name], "parts": highlights.get(name)} for name in names
            ],
        }
        for legend, names in FIELDSETS
    ]
    return render(
        request,
        "echo/case_form.html",
        {
            "form": form,
            "series": series,
            "case": case,
            "fieldsets": fieldsets,
            "series_url": series.get_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
def case_submit(request, series: EchoSeries):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_registered(series, request.user):
        messages.info(
            request,
            _("Register for “%(series)s” to bring a case to its sessions.")
            % {"series": series.title},
        )
        return redirect(f"{series.get_url(request)}#registration")
    sessions = sessions_open_for_cases(series, now=timezone.now())
    form = CaseForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_submit(series, request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your case has been sent to the hub team of “%(series)s”. We "
                    "will e-mail you when it is scheduled or if they ask for changes."
                )
                % {"series": series.title},
            )
            return redirect("echo:case_detail", pk=case.pk)
    return _render_form(request, form, series=series)


@login_required
@require_GET
def case_list(request):
    page_obj = Paginator(cases_for_presenter(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "echo/case_list.html", {"page_obj": page_obj})


def _case_or_404(request, pk) -> CasePresentation:
    case = case_for_viewer(pk, request.user)
    if case is None:
        raise Http404
    return case


def _own_case_or_404(request, pk) -> CasePresentation:
    case = _case_or_404(request, pk)
    if case.presenter_id != request.user.pk:
        raise Http404
    return case


@login_required
@require_GET
def case_detail(request, pk):
    case = _case_or_404(request, pk)
    is_presenter = case.presenter_id == request.user.pk
    return render(
        request,
        "echo/case_detail.html",
        {
            "case": case,
            "is_presenter": is_presenter,
            "can_edit": is_presenter and case.status == CaseStatus.RETURNED,
            "can_withdraw": is_presenter and case.status in WITHDRAWABLE,
            "series_url": case.series.get_url(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = _own_case_or_404(request, pk)
    if case.status != CaseStatus.RETURNED:
        messages.error(
            request,
            _(
                "This case is %(status)s; it can be changed only when the hub team "
                "returns it to you."
            )
            % {"status": case.get_status_display().lower()},
        )
        return redirect("echo:case_detail", pk=case.pk)
    sessions = sessions_open_for_cases(case.series, now=timezone.now())
    form = CaseForm(
        request.POST or None, sessions=sessions, initial=CaseForm.initial_for(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case, request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(
                request, _("Your changes are saved and the case is back with the hub.")
            )
            return redirect("echo:case_detail", pk=case.pk)
    return _render_form(request, form, series=case.series, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def case_withdraw_view(request, pk):
    case = _own_case_or_404(request, pk)
    if case.status not in WITHDRAWABLE:
        messages.error(
            request,
            _("This case is %(status)s and can no longer be withdrawn.")
            % {"status": case.get_status_display().lower()},
        )
        return redirect("echo:case_detail", pk=case.pk)
    if request.method == "POST":
        try:
            services.case_withdraw(case, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("echo:case_detail", pk=case.pk)
        messages.success(request, _("Your case has been withdrawn."))
        return redirect("echo:case_list")
    return render(
        request,
        "echo/case_withdraw.html",
        {"case": case, "cancel_url": reverse("echo:case_detail", args=[case.pk])},
    )


urlpatterns = [
    path("cases/", case_list, name="case_list"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", case_edit, name="case_edit"),
    path("cases/<int:pk>/withdraw/", case_withdraw_view, name="case_withdraw"),
]
