"""The pages of the courses admin that are not Wagtail's generic views: one
enrolment with its history, approving and declining a request, a course's report
with its downloads, and the quiz item analysis.

Each view checks the permission it needs, validates, and calls a service from
``courses.services``, which writes the log entry. Decisions are POST only (and so
CSRF-protected), after a page that says what will happen. A refused staff member is
sent back to the dashboard by Wagtail; a learner never gets past
``AdminAccessMiddleware``."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.log_actions import registry as log_registry

from lms.admin_views import SectionAdminView, hours_text, learner_label, require_perm

from . import admin_selectors, exports, selectors, services
from .admin_forms import EnrolmentApproveForm, EnrolmentDeclineForm
from .choices import EnrolmentStatus

VIEW = "courses.view_enrolment"
CHANGE = "courses.change_enrolment"

ENROLMENTS_INDEX = "course_enrolments:index"
REPORTS_INDEX = "course_reports:index"
# Items answered correctly by fewer than this share of learners are flagged.
ITEM_FLAG_PERCENT = 50


def enrolment_url(enrolment) -> str:
    return reverse("course_enrolments:detail", args=[enrolment.pk])


def report_url(course_id: int) -> str:
    return reverse("course_reports:report", args=[course_id])


def enrolments_url(*, course_id: int | None = None, status: str = "") -> str:
    params = []
    if course_id:
        params.append(f"course={course_id}")
    if status:
        params.append(f"status={status}")
    query = "&".join(params)
    return reverse(ENROLMENTS_INDEX) + (f"?{query}" if query else "")


def pending_count(user) -> int:
    """Requests waiting for approval, for those who may decide them (0 for anyone
    else)."""
    if not (user.has_perm(VIEW) and user.has_perm(CHANGE)):
        return 0
    return admin_selectors.pending_enrolments().count()


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


class CoursesAdminView(SectionAdminView):
    """A page of the courses admin: its permission and its breadcrumbs."""

    permissions: tuple[str, ...] = (VIEW,)
    index_url_name = ENROLMENTS_INDEX
    index_label = gettext_lazy("Enrolments")
    header_icon = "group"


# --- One enrolment ------------------------------------------------------------------


class EnrolmentMixin(CoursesAdminView):
    def load(self, **kwargs):
        self.object = admin_selectors.enrolment_admin_get(pk=kwargs["pk"])
        if self.object is None:
            raise Http404

    def get_page_subtitle(self):
        return f"{learner_label(self.object.learner)} — {self.object.course.title}"

    @cached_property
    def is_pending(self) -> bool:
        return self.object.status == EnrolmentStatus.PENDING


def enrolment_details(enrolment) -> list[tuple[str, str]]:
    profile = getattr(enrolment.learner, "profile", None)

    def when(moment):
        return date_format(moment, "DATETIME_FORMAT") if moment else "—"

    details = [
        (_("Learner"), learner_label(enrolment.learner)),
        (
            _("Discipline"),
            (profile.get_discipline_display() if profile else "") or "—",
        ),
        (_("County"), (profile.county if profile else "") or "—"),
        (_("Course"), enrolment.course.title),
        (_("Status"), enrolment.get_status_display()),
        (_("Requested"), when(enrolment.requested_at)),
    ]
    if enrolment.decided_at:
        details.append(
            (
                _("Decided"),
                _("%(when)s by %(who)s")
                % {
                    "when": when(enrolment.decided_at),
                    "who": enrolment.decided_by or _("a former administrator"),
                },
            )
        )
    if enrolment.decline_reason:
        details.append((_("Reason given"), enrolment.decline_reason))
    details.append((_("Completed"), when(enrolment.completed_at)))
    return details


class EnrolmentDetailView(EnrolmentMixin, TemplateView):
    """Everything about one enrolment, the decision buttons while it is pending,
    and its history."""

    template_name = "courses/admin/enrolment_detail.html"
    page_title = gettext_lazy("Enrolment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolment = self.object
        can_decide = self.is_pending and self.request.user.has_perm(CHANGE)
        pk = enrolment.pk
        context.update(
            {
                "enrolment": enrolment,
                "details": enrolment_details(enrolment),
                "approve_url": reverse("course_enrolments:approve", args=[pk])
                if can_decide
                else "",
                "decline_url": reverse("course_enrolments:decline", args=[pk])
                if can_decide
                else "",
                "report_url": report_url(enrolment.course_id),
                "history": log_registry.get_logs_for_instance(enrolment)
                .select_related("user")
                .order_by("timestamp", "pk"),
            }
        )
        return context


class EnrolmentDecisionView(EnrolmentMixin, FormView):
    """Confirm a decision on a pending request (GET), then make it (POST).
    Subclasses give ``decide(data)`` and ``success_message()``."""

    permissions = (VIEW, CHANGE)
    template_name = "lms/admin/confirm_action.html"
    button_label = ""
    button_class = "button"

    def parent_breadcrumbs(self):
        return [{"url": enrolment_url(self.object), "label": _("Enrolment")}]

    def explanation(self) -> str:
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "is_possible": self.is_pending,
                "explanation": self.explanation(),
                "button_label": self.button_label,
                "button_class": self.button_class,
                "index_url": enrolment_url(self.object),
                "refused_text": _(
                    "This request was already answered (“%(status)s”); nothing more "
                    "can be decided."
                )
                % {"status": self.object.get_status_display()},
                "back_label": _("Back to the enrolment"),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_pending:
            messages.error(request, self.already_answered())
            return redirect(enrolment_url(self.object))
        return super().post(request, *args, **kwargs)

    def already_answered(self) -> str:
        return _("This request was already answered (%(status)s).") % {
            "status": self.object.get_status_display()
        }

    def form_valid(self, form):
        try:
            self.decide(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(enrolments_url(status=EnrolmentStatus.PENDING))

    def form_invalid(self, form):
        problems = " ".join(form.non_field_errors())
        messages.error(
            self.request,
            _("Nothing was changed: %(problems)s") % {"problems": problems}
            if problems
            else _("Nothing was changed. See the problem below."),
        )
        return super().form_invalid(form)

    def names(self) -> dict:
        return {
            "learner": learner_label(self.object.learner),
            "course": self.object.course.title,
        }


class EnrolmentApproveView(EnrolmentDecisionView):
    page_title = gettext_lazy("Approve enrolment")
    form_class = EnrolmentApproveForm
    button_label = gettext_lazy("Approve the enrolment")

    def explanation(self):
        return (
            _(
                "Let %(learner)s into “%(course)s”. They can start the lessons at "
                "once and are told by e-mail."
            )
            % self.names()
        )

    def decide(self, data):
        services.enrolment_approve(enrolment=self.object, by=self.request.user)

    def success_message(self):
        return _("Approved: %(learner)s can now take “%(course)s”.") % self.names()


class EnrolmentDeclineView(EnrolmentDecisionView):
    page_title = gettext_lazy("Decline enrolment")
    form_class = EnrolmentDeclineForm
    button_label = gettext_lazy("Decline the request")
    button_class = "button serious"

    def explanation(self):
        return (
            _(
                "Turn down the request of %(learner)s to join “%(course)s”. They "
                "are told by e-mail, with your reason, and cannot ask again."
            )
            % self.names()
        )

    def decide(self, data):
        services.enrolment_decline(
            enrolment=self.object, by=self.request.user, reason=data["reason"]
        )

    def success_message(self):
        return (
            _("Declined the request of %(learner)s to join “%(course)s”.")
            % self.names()
        )


# --- Course reports -----------------------------------------------------------------


class CourseReportIndexView(CoursesAdminView, TemplateView):
    """Every course with its enrolments by status, each leading to its report."""

    index_url_name = REPORTS_INDEX
    index_label = gettext_lazy("Course reports")
    page_title = gettext_lazy("Course reports")
    header_icon = "table"
    template_name = "courses/admin/course_report_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = [
            {
                "course": course,
                "report_url": report_url(course.pk),
                "pending_url": enrolments_url(
                    course_id=course.pk, status=EnrolmentStatus.PENDING
                ),
            }
            for course in admin_selectors.courses_for_admin()
        ]
        return context


class CourseMixin(CoursesAdminView):
    index_url_name = REPORTS_INDEX
    index_label = gettext_lazy("Course reports")
    header_icon = "table"
    with_quiz = False

    def load(self, **kwargs):
        self.course = admin_selectors.course_for_admin(
            pk=kwargs["pk"], with_quiz=self.with_quiz
        )
        if self.course is None:
            raise Http404

    def get_page_subtitle(self):
        return self.course.title


def download_links(course_id: int) -> list[dict]:
    labels = {
        "enrolments": _("All enrolments"),
        "completions": _("Completions only"),
    }
    return [
        {
            "label": labels[kind],
            "files": [
                {
                    "format": fmt.upper(),
                    "url": reverse(
                        "course_reports:export", args=[course_id, kind, fmt]
                    ),
                }
                for fmt in exports.FORMATS
            ],
        }
        for kind in exports.KINDS
    ]


class CourseReportView(CourseMixin, TemplateView):
    """A course's totals and its downloads."""

    page_title = gettext_lazy("Course report")
    template_name = "courses/admin/course_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.course
        totals = admin_selectors.course_totals(course=course)
        context.update(
            {
                "course": course,
                "totals": totals,
                "downloads": download_links(course.pk),
                "enrolments_url": enrolments_url(course_id=course.pk),
                "pending_url": enrolments_url(
                    course_id=course.pk, status=EnrolmentStatus.PENDING
                ),
                "items_url": reverse("course_reports:items", args=[course.pk])
                if course.has_quiz
                else "",
                "edit_url": reverse("wagtailadmin_pages:edit", args=[course.pk]),
                "hours": hours_text(course.clock_hours),
            }
        )
        return context


def item_flag(item) -> str:
    """Why a question needs a look, or "" when it does not."""
    percent = item.percent_correct
    if percent is None:
        return _("Nobody has answered it yet")
    if percent < ITEM_FLAG_PERCENT:
        return _("Under %(percent)s%% correct") % {"percent": ITEM_FLAG_PERCENT}
    return ""


class QuizItemAnalysisView(CourseMixin, TemplateView):
    """Percent correct per question of the bank, over every submitted attempt."""

    page_title = gettext_lazy("Quiz item analysis")
    template_name = "courses/admin/item_analysis.html"
    with_quiz = True

    def parent_breadcrumbs(self):
        return [{"url": report_url(self.course.pk), "label": self.course.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statistics = selectors.quiz_item_analysis(course=self.course)
        in_bank = [
            {"number": number, "item": item, "flag": item_flag(item)}
            for number, item in enumerate(
                (item for item in statistics if item.in_bank), start=1
            )
        ]
        context.update(
            {
                "course": self.course,
                "items": in_bank,
                "flagged_count": sum(1 for row in in_bank if row["flag"]),
                "removed": [item for item in statistics if not item.in_bank],
                "report_url": report_url(self.course.pk),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.course.pk]),
                "flag_percent": ITEM_FLAG_PERCENT,
            }
        )
        return context


@require_GET
def course_export(request, pk, kind, fmt):
    """All enrolments, or only the completions, of a course as CSV or XLSX."""
    require_perm(request, VIEW)
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    course = admin_selectors.course_for_admin(pk=pk)
    if course is None:
        raise Http404
    rows = admin_selectors.course_export_rows(
        course=course, completed_only=kind == "completions"
    )
    name = exports.filename(course, kind, fmt)
    if fmt == "csv":
        return exports.csv_response(rows, name)
    title = _("Completions") if kind == "completions" else _("Enrolments")
    return exports.xlsx_response(rows, name, title=title)
