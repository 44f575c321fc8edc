"""The pages of the Hours admin that are not Wagtail's generic views: reviewing a
submission, downloading its evidence, and the one-step decisions on endorsements and
ledger entries.

Each page checks the user's permission itself (``request.user.has_perm``), then
validates and calls a service from ``lms.services``, and writes the decision to
Wagtail's log. A refused staff member is sent back to the dashboard by Wagtail; a
learner never gets past ``AdminAccessMiddleware``."""

from decimal import Decimal

from django import forms
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    SuspiciousFileOperation,
    ValidationError,
)
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from .choices import CreditStatus, EndorsementStatus, HoursUnit, SubmissionStatus
from .hours import convert_to_clock_hours
from .models import CreditEntry, Endorsement, OutsideTraining, RscLogEntry
from .services import (
    credit_revoke,
    endorsement_confirm,
    endorsement_lapse,
    submission_approve,
    submission_reject,
    submission_return,
)

UNIT_SHORT = {
    HoursUnit.CLOCK: gettext_lazy("clock hours"),
    HoursUnit.CONTACT: gettext_lazy("contact hours"),
    HoursUnit.CEU: gettext_lazy("CEUs"),
}


def yes_no(value) -> str:
    # Words, not icons: the meaning must not rest on a tick's shape or colour.
    return _("Yes") if value else _("No")


def learner_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


def hours_text(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def date_range_text(start, end) -> str:
    if start == end:
        return date_format(start, "SHORT_DATE_FORMAT")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} – " + date_format(
        end, "SHORT_DATE_FORMAT"
    )


def split_words_search(queryset, query: str, fields: list[str]):
    """Every word must match one of the fields, so "ana lopez" finds Ana López by
    first and last name together."""
    for word in query.split()[:5]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def require_perm(request, codenames: str | tuple[str, ...]) -> None:
    if isinstance(codenames, str):
        codenames = (codenames,)
    if not all(request.user.has_perm(codename) for codename in codenames):
        raise PermissionDenied


class SectionAdminView(WagtailAdminTemplateMixin):
    """A page of one section of the admin (certificates, courses…): checks its
    permissions before anything is read, then loads what the page is about, and
    builds breadcrumbs from the section's index down to the page."""

    permissions: tuple[str, ...] = ()
    index_url_name = ""
    index_label = ""

    def dispatch(self, request, *args, **kwargs):
        require_perm(request, self.permissions)
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch what the page is about (once the permission is checked)."""

    def parent_breadcrumbs(self) -> list[dict]:
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            *self.parent_breadcrumbs(),
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]


# --- Reviewing outside training and RSC ----------------------------------------------


class ReviewDecisionForm(forms.Form):
    APPROVE, RETURN, REJECT = "approve", "return", "reject"

    decision = forms.ChoiceField(
        choices=[
            (APPROVE, gettext_lazy("Approve")),
            (RETURN, gettext_lazy("Return for changes")),
            (REJECT, gettext_lazy("Reject")),
        ]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the learner"),
        help_text=gettext_lazy(
            "Required to return or reject. The learner sees it in the e-mail and on "
            "their hours page."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SubmissionReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One submission with everything a reviewer needs, and the decision form:
    approve, return for changes or reject — each through ``lms.services``."""

    model = None
    view_permission = ""
    review_permission = ""
    index_url_name = ""
    template_name = "lms/admin/submission_review.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Review")
    select_related = ("learner", "reviewed_by")

    def dispatch(self, request, *args, **kwargs):
        require_perm(request, self.view_permission)
        queryset = self.model.objects.exclude(
            status=SubmissionStatus.DRAFT
        ).select_related(*self.select_related)
        self.object = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def can_review(self) -> bool:
        return self.request.user.has_perm(self.review_permission)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": self.model._meta.verbose_name_plural.capitalize(),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def details(self) -> list[tuple[str, object]]:
        raise ImproperlyConfigured(f"{type(self).__name__} must define details().")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        is_pending = submission.status == SubmissionStatus.PENDING
        context.update(
            {
                "submission": submission,
                "learner": learner_label(submission.learner),
                "details": [
                    {"label": label, "value": value, "is_list": isinstance(value, list)}
                    for label, value in self.details()
                ],
                "is_pending": is_pending,
                "is_own": submission.learner_id == self.request.user.pk,
                "can_review": self.can_review,
                "form": kwargs.get("form") or ReviewDecisionForm(),
                "history": log_registry.get_logs_for_instance(submission)
                .select_related("user")
                .order_by("-timestamp"),
                "index_url": reverse(self.index_url_name),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        require_perm(request, self.review_permission)
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            reason = form.cleaned_data["reason"]
            try:
                with transaction.atomic():
                    self.decide(decision, reason)
            except ValidationError as error:
                self.show_errors(form, error)
            else:
                messages.success(request, self.success_message(decision))
                return redirect(reverse(self.index_url_name))
        problems = " ".join(
            [*form.non_field_errors(), *form.errors.get("decision", [])]
        )
        if problems:
            # Also in the message: the form is not shown once the submission has
            # been decided, or when it is the reviewer's own.
            messages.error(
                request, _("Nothing was decided: %(problems)s") % {"problems": problems}
            )
        else:
            messages.error(
                request,
                _("Nothing was decided. Correct the problem below and try again."),
            )
        return self.render_to_response(self.get_context_data(form=form))

    def decide(self, decision: str, reason: str) -> None:
        submission, by = self.object, self.request.user
        if decision == ReviewDecisionForm.APPROVE:
            submission_approve(submission=submission, by=by)
            action = "lms.submission_approved"
        elif decision == ReviewDecisionForm.RETURN:
            submission_return(submission=submission, by=by, reason=reason)
            action = "lms.submission_returned"
        else:
            submission_reject(submission=submission, by=by, reason=reason)
            action = "lms.submission_rejected"
        log(
            instance=submission,
            action=action,
            user=by,
            data={"reason": reason.strip()},
        )

    @staticmethod
    def show_errors(form: forms.Form, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            form.add_error(None, error.messages)

    def success_message(self, decision: str) -> str:
        texts = {
            ReviewDecisionForm.APPROVE: _(
                "Approved “%(title)s” for %(learner)s; the hours are on their "
                "record and they have been told."
            ),
            ReviewDecisionForm.RETURN: _(
                "Returned “%(title)s” to %(learner)s for changes; they have been told "
                "why."
            ),
            ReviewDecisionForm.REJECT: _(
                "Rejected “%(title)s” from %(learner)s; they have been told why."
            ),
        }
        return texts[decision] % {
            "title": self.object,
            "learner": learner_label(self.object.learner),
        }


class OutsideTrainingReviewView(SubmissionReviewView):
    model = OutsideTraining
    view_permission = "lms.view_outsidetraining"
    review_permission = "lms.review_outsidetraining"
    index_url_name = "outside_training_review:index"

    def details(self):
        training = self.object
        areas = [str(area) for area in training.competency_areas.all()]
        conversion = convert_to_clock_hours(training.hours_entered, training.hours_unit)
        return [
            (_("Title of the training"), training.title),
            (_("Sponsor or provider"), training.provider),
            (_("Presenter"), training.presenter or "—"),
            (_("Dates"), date_range_text(training.start_date, training.end_date)),
            (_("Delivery"), training.get_delivery_mode_display()),
            (
                _("Hours on the certificate"),
                f"{hours_text(training.hours_entered)} "
                f"{UNIT_SHORT[training.hours_unit]}",
            ),
            (_("Conversion"), conversion.explanation),
            (_("Clock hours to credit"), hours_text(training.clock_hours)),
            (_("Competency areas"), areas),
            (_("Covers diversity, equity and inclusion"), yes_no(training.dei)),
            (_("About providing RSC"), yes_no(training.rsc_topic)),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.evidence:
            context["evidence_url"] = reverse(
                "outside_training_review:evidence", args=[self.object.pk]
            )
            context["evidence_name"] = self.object.evidence_name or _("certificate")
        return context


class RscLogReviewView(SubmissionReviewView):
    model = RscLogEntry
    view_permission = "lms.view_rsclogentry"
    review_permission = "lms.review_rsclogentry"
    index_url_name = "rsc_review:index"
    select_related = ("learner", "reviewed_by", "provider_category")

    def details(self):
        entry = self.object
        details = [
            (_("Date"), date_format(entry.date, "SHORT_DATE_FORMAT")),
            (_("Clock hours"), hours_text(entry.hours)),
            (_("Individual or group"), entry.get_format_display()),
            (_("Provider's name"), entry.provider_name),
            (
                _("Provider's endorsement category"),
                str(entry.provider_category) if entry.provider_category else "—",
            ),
            (_("Peer consultation"), yes_no(entry.is_peer)),
            (_("About the RSC the learner provides"), yes_no(entry.about_providing)),
            (_("Note"), entry.note or "—"),
        ]
        if entry.is_peer:
            details.append(
                (
                    _("Counts"),
                    _("No: peer consultation is recorded but never counts."),
                )
            )
        return details


def outside_training_evidence(request, pk):
    """The learner's certificate, as a download. Private storage has no URL, so
    this view is the only way to it; it is sent as an attachment that browsers
    must not sniff into something executable."""
    require_perm(request, "lms.view_outsidetraining")
    training = get_object_or_404(
        OutsideTraining.objects.exclude(status=SubmissionStatus.DRAFT), pk=pk
    )
    if not training.evidence:
        raise Http404
    try:
        handle = training.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = training.evidence.name.rsplit(".", 1)[-1]
    try:
        filename = get_valid_filename(training.evidence_name)
    except SuspiciousFileOperation:
        filename = ""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename or f"evidence-{training.pk}.{extension}",
        content_type=training.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- One-step decisions: endorsements and ledger entries ---------------------------


class ActionForm(forms.Form):
    """The confirmation form of a one-step action; ``reason`` is added when the
    action needs one."""

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_reason:
            self.fields["reason"] = forms.CharField(
                label=gettext_lazy("Reason"),
                help_text=gettext_lazy(
                    "Kept on the entry, with your name and the time."
                ),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": gettext_lazy("Give a reason for revoking the hours.")
                },
            )


class ObjectActionView(WagtailAdminTemplateMixin, TemplateView):
    """A page that explains an action on one object and carries it out on POST,
    through a service, with a log entry."""

    model = None
    permission = ""
    index_url_name = ""
    template_name = "lms/admin/confirm_action.html"
    needs_reason = False
    button_label = ""
    button_class = "button"
    log_action = ""

    def dispatch(self, request, *args, **kwargs):
        require_perm(request, self.permission)
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.all()

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": self.model._meta.verbose_name_plural.capitalize(),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def explanation(self) -> str:
        return ""

    def is_possible(self) -> bool:
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "explanation": self.explanation(),
                "is_possible": self.is_possible(),
                "form": kwargs.get("form")
                or ActionForm(needs_reason=self.needs_reason),
                "button_label": self.button_label,
                "button_class": self.button_class,
                "index_url": reverse(self.index_url_name),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ActionForm(request.POST, needs_reason=self.needs_reason)
        if form.is_valid():
            reason = form.cleaned_data.get("reason", "")
            try:
                with transaction.atomic():
                    self.perform(reason)
                    log(
                        instance=self.object,
                        action=self.log_action,
                        user=request.user,
                        data={"reason": reason.strip()} if reason else {},
                    )
            except ValidationError as error:
                form.add_error(
                    "reason" if "reason" in form.fields else None, error.messages
                )
            else:
                messages.success(request, self.success_message())
                return redirect(reverse(self.index_url_name))
        problems = " ".join(form.non_field_errors())
        if problems:
            messages.error(
                request,
                _("Nothing was changed: %(problems)s") % {"problems": problems},
            )
        else:
            messages.error(request, _("Nothing was changed. See the problem below."))
        return self.render_to_response(self.get_context_data(form=form))

    def perform(self, reason: str) -> None:
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform().")

    def success_message(self) -> str:
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define success_message()."
        )


class EndorsementActionView(ObjectActionView):
    model = Endorsement
    permission = "lms.change_endorsement"
    index_url_name = "lms_endorsements:index"

    def get_queryset(self):
        return Endorsement.objects.select_related("learner", "category")


class EndorsementConfirmView(EndorsementActionView):
    page_title = gettext_lazy("Confirm endorsement")
    button_label = gettext_lazy("Confirm the endorsement")
    log_action = "lms.endorsement_confirmed"

    def explanation(self):
        endorsement = self.object
        return _(
            "%(learner)s recorded %(category)s, endorsed on %(date)s (number: "
            "%(number)s). Confirm it once you have checked it with the association; "
            "only confirmed endorsements can appear in the public registry."
        ) % {
            "learner": learner_label(endorsement.learner),
            "category": endorsement.category,
            "date": date_format(endorsement.endorsed_on, "SHORT_DATE_FORMAT"),
            "number": endorsement.endorsement_number or _("not given"),
        }

    def is_possible(self):
        return self.object.status == EndorsementStatus.RECORDED

    def perform(self, reason):
        endorsement_confirm(endorsement=self.object, by=self.request.user)

    def success_message(self):
        return _("Confirmed the %(category)s endorsement of %(learner)s.") % {
            "category": self.object.category.code,
            "learner": learner_label(self.object.learner),
        }


class EndorsementLapseView(EndorsementActionView):
    page_title = gettext_lazy("Mark endorsement lapsed")
    button_label = gettext_lazy("Mark it lapsed")
    button_class = "button serious"
    log_action = "lms.endorsement_lapsed"

    def explanation(self):
        return _(
            "Mark the %(category)s endorsement of %(learner)s as lapsed (not renewed). "
            "Any registry listing ends at once. The learner can record it again once "
            "it is renewed."
        ) % {
            "category": self.object.category.code,
            "learner": learner_label(self.object.learner),
        }

    def is_possible(self):
        return self.object.status != EndorsementStatus.LAPSED

    def perform(self, reason):
        endorsement_lapse(endorsement=self.object, by=self.request.user)

    def success_message(self):
        return _("Marked the %(category)s endorsement of %(learner)s lapsed.") % {
            "category": self.object.category.code,
            "learner": learner_label(self.object.learner),
        }


class CreditRevokeView(ObjectActionView):
    model = CreditEntry
    # Revoking takes back hours a reviewer (or a course or ECHO session) granted, so
    # it is for those who may see the ledger and review submissions.
    permission = ("lms.view_creditentry", "lms.revoke_creditentry")
    index_url_name = "lms_ledger:index"
    page_title = gettext_lazy("Revoke hours")
    button_label = gettext_lazy("Revoke these hours")
    button_class = "button serious"
    needs_reason = True
    log_action = "lms.credit_revoked"

    def get_queryset(self):
        return CreditEntry.objects.select_related("learner")

    def explanation(self):
        entry = self.object
        return _(
            "%(hours)s hours of “%(title)s” (%(date)s) stop counting toward the "
            "endorsement and renewal of %(learner)s. The entry stays on the ledger, "
            "marked revoked, with your reason."
        ) % {
            "hours": hours_text(entry.hours),
            "title": entry.title,
            "date": date_format(entry.date, "SHORT_DATE_FORMAT"),
            "learner": learner_label(entry.learner),
        }

    def is_possible(self):
        return self.object.status == CreditStatus.APPROVED

    def perform(self, reason):
        entry = self.object
        credit_revoke(
            learner=entry.learner,
            source_type=entry.source_type,
            source_id=entry.source_id,
            by=self.request.user,
            reason=reason,
        )

    def success_message(self):
        return _("Revoked %(hours)s hours of “%(title)s” for %(learner)s.") % {
            "hours": hours_text(self.object.hours),
            "title": self.object.title,
            "learner": learner_label(self.object.learner),
        }
