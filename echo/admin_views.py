"""The ECHO admin: the series a facilitator runs (every series, for an
administrator), each series' sessions and registrations, the roster of a session,
the import of a participant report, the case queue, and the reports.

Every page finds its series first and asks ``echo.permissions.can_manage_series``:
a facilitator of another series gets 403 (not Wagtail's redirect to the
dashboard, which would hide the refusal). Views validate, call the service of
``echo.services`` that does the work, and write the action to Wagtail's log.
Changes are POST only, and so CSRF-protected."""

import datetime
import logging
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from lms.admin_views import hours_text, learner_label

from . import exports, reports
from .admin_forms import (
    CaseRecommendationsForm,
    CaseScheduleForm,
    ImportUploadForm,
    ReasonForm,
    RosterForm,
    RowDismissForm,
    RowLinkForm,
    SessionAddForm,
    SessionDetailsForm,
    SessionRescheduleForm,
)
from .choices import (
    CaseStatus,
    ImportRowStatus,
    ImportStatus,
    RegistrationStatus,
    SessionStatus,
)
from .models import AttendanceImport, CasePresentation, EchoSeries, EchoSession
from .permissions import (
    can_manage_series,
    is_echo_administrator,
    is_facilitator,
    managed_series,
)
from .selectors.attendance import adjustments_for, roster_for
from .selectors.sessions import registered_learners
from .services.attendance import (
    attendance_finalise,
    attendance_import_apply,
    attendance_import_create,
    attendance_import_discard,
    attendance_import_summary,
    attendance_set_many,
    import_row_dismiss,
    import_row_link,
)
from .services.cases import (
    case_accept,
    case_recommendations_send,
    case_return,
    case_schedule,
)
from .services.sessions import (
    session_add,
    session_cancel,
    session_reschedule,
    session_update,
)

INDEX = "echo_admin:index"
PER_PAGE = 25
HISTORY_PER_PAGE = 50
# Cases the hub can still return or (re)schedule.
OPEN_CASE = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.SCHEDULED)

logger = logging.getLogger(__name__)


def database_error_message() -> str:
    """What a person is told when the database refused a change half-way: the whole
    change was rolled back, so they may simply try again."""
    return _(
        "The database could not save this, so nothing was saved. Try again in a "
        "moment; if it happens again, tell the site's technical contact."
    )


# --- Addresses ------------------------------------------------------------------------


def series_url(series) -> str:
    return reverse("echo_admin:series", args=[series.pk])


def roster_url(session) -> str:
    return reverse("echo_admin:roster", args=[session.pk])


def import_url(attendance_import) -> str:
    return reverse("echo_admin:import", args=[attendance_import.pk])


def cases_url(series, *, status: str = "") -> str:
    url = reverse("echo_admin:cases", args=[series.pk])
    return f"{url}?{urlencode({'status': status})}" if status else url


def case_url(case) -> str:
    return reverse("echo_admin:case", args=[case.pk])


def report_url(series) -> str:
    return reverse("echo_admin:report", args=[series.pk])


# --- Shared helpers -------------------------------------------------------------------


def series_zone(series) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(series.time_zone)


def local_text(moment: datetime.datetime | None, zone) -> str:
    """E.g. "Tue 3 Mar 2026, 12:00" in ``zone``; the zone is named by the page."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment, zone)
    return f"{date_format(local, 'D j M Y')}, {local:%H:%M}"


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def forbidden(request) -> TemplateResponse:
    """A plain 403 inside the admin: the page exists, but not for this person."""
    return TemplateResponse(
        request,
        "echo/admin/forbidden.html",
        {
            "page_title": _("Not one of your series"),
            "header_title": _("Not one of your series"),
            "header_icon": "warning",
            "index_url": reverse(INDEX),
        },
        status=403,
    )


def page_of(request, items, *, per_page: int = PER_PAGE, param: str = "p"):
    return Paginator(items, per_page).get_page(request.GET.get(param))


# --- Base views -----------------------------------------------------------------------


class EchoAdminView(WagtailAdminTemplateMixin, TemplateView):
    """A page of the ECHO admin. ``load`` finds what the page is about and sets
    ``self.series``; anyone who may not run that series gets 403."""

    header_icon = "calendar-alt"
    series: EchoSeries | None = None

    def dispatch(self, request, *args, **kwargs):
        if not is_facilitator(request.user):
            return forbidden(request)
        self.load(**kwargs)
        if self.series is not None and not can_manage_series(request.user, self.series):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch what the page is about (and its series)."""

    def parent_breadcrumbs(self) -> list[dict]:
        return []

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse(INDEX), "label": _("ECHO")}]
        if self.series is not None:
            items.append({"url": series_url(self.series), "label": self.series.title})
        return [
            *items,
            *self.parent_breadcrumbs(),
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    @cached_property
    def zone(self):
        return series_zone(self.series)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series"] = self.series
        if self.series is not None:
            context["zone_name"] = self.series.time_zone
            context["series_url"] = series_url(self.series)
        return context


class SeriesMixin(EchoAdminView):
    def load(self, **kwargs):
        self.series = get_object_or_404(EchoSeries, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.series.title


class SessionMixin(EchoAdminView):
    def load(self, **kwargs):
        self.session = get_object_or_404(
            EchoSession.objects.select_related("series", "attendance_finalised_by"),
            pk=kwargs["pk"],
        )
        self.series = self.session.series

    def get_page_subtitle(self):
        return self.session_label

    @cached_property
    def session_label(self) -> str:
        text = local_text(self.session.starts_at, self.zone)
        return f"{text} ({self.series.time_zone})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "session": self.session,
                "session_label": self.session_label,
                "roster_url": roster_url(self.session),
            }
        )
        return context


class SessionFormView(SessionMixin, FormView):
    """A form about one session that ends in a service call and a log entry."""

    template_name = "echo/admin/session_form.html"
    button_label = ""
    button_class = "button"
    log_action = ""
    explanation = ""
    refused_text = ""

    def is_possible(self) -> bool:
        return True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.extra_form_kwargs())
        return kwargs

    def extra_form_kwargs(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "is_possible": self.is_possible(),
                "explanation": self.explanation,
                "refused_text": self.refused_text,
                "button_label": self.button_label,
                "button_class": self.button_class,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_possible():
            messages.error(request, self.refused_text)
            return redirect(series_url(self.series))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                data = self.perform(form)
                log(
                    instance=self.session,
                    action=self.log_action,
                    user=self.request.user,
                    data=data,
                )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(series_url(self.series))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was changed. See the problems below."))
        return super().form_invalid(form)


# --- The series -----------------------------------------------------------------------


class SeriesIndexView(EchoAdminView):
    """The series this person runs: next session, registrations and cases waiting."""

    page_title = gettext_lazy("ECHO series")
    template_name = "echo/admin/series_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("ECHO")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = page_of(self.request, reports.series_overview(managed_series(user)))
        context.update(
            {
                "page_obj": page,
                "rows": [
                    {
                        "series": series,
                        "url": series_url(series),
                        "next": local_text(series.next_starts_at, series_zone(series))
                        if series.next_starts_at
                        else "",
                        "cases_url": cases_url(series),
                    }
                    for series in page
                ],
                "is_administrator": is_echo_administrator(user),
                "all_reports_url": reverse("echo_admin:reports"),
            }
        )
        return context


class SeriesDetailView(SeriesMixin):
    """Sessions in the series' time zone with their actions, and the registrations
    (paginated, filtered by status)."""

    page_title = gettext_lazy("Series")
    template_name = "echo/admin/series_detail.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX), "label": _("ECHO")},
            {"url": "", "label": self.series.title},
        ]

    def session_rows(self) -> list[dict]:
        now = timezone.now()
        rows = []
        for session in reports.sessions_for_admin(self.series):
            is_cancelled = session.status == SessionStatus.CANCELLED
            has_ended = session.ends_at <= now
            if is_cancelled:
                state = _("Cancelled")
            elif session.attendance_finalised_at:
                state = _("Finalised (%(attended)s attended)") % {
                    "attended": session.attended_count
                }
            elif session.import_waiting:
                state = _("Report waiting for review")
            elif session.marked_count:
                state = _("%(marked)s marked, not finalised") % {
                    "marked": session.marked_count
                }
            elif has_ended:
                state = _("Not taken yet")
            else:
                state = _("Not held yet")
            pk = session.pk
            rows.append(
                {
                    "session": session,
                    "when": local_text(session.starts_at, self.zone),
                    "is_cancelled": is_cancelled,
                    "is_extra": session.original_starts_at is None,
                    "state": state,
                    "edit_url": reverse("echo_admin:session_edit", args=[pk]),
                    "reschedule_url": ""
                    if is_cancelled or has_ended
                    else reverse("echo_admin:session_reschedule", args=[pk]),
                    "cancel_url": ""
                    if is_cancelled or has_ended
                    else reverse("echo_admin:session_cancel", args=[pk]),
                    "roster_url": "" if is_cancelled else roster_url(session),
                    "import_url": ""
                    if is_cancelled
                    else reverse("echo_admin:import_upload", args=[pk]),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = self.series
        status = self.request.GET.get("status", "")
        if status not in RegistrationStatus.values:
            status = ""
        counts = reports.registration_status_counts(series)
        page = page_of(
            self.request, reports.registrations_for_admin(series, status=status)
        )
        base = series_url(series)
        context.update(
            {
                "sessions": self.session_rows(),
                "add_url": reverse("echo_admin:session_add", args=[series.pk]),
                "registrations": page,
                "status": status,
                "status_filters": [
                    {
                        "label": _("All"),
                        "count": sum(counts.values()),
                        "url": base,
                        "current": status == "",
                    },
                    *(
                        {
                            "label": label,
                            "count": counts[value],
                            "url": f"{base}?{urlencode({'status': value})}",
                            "current": status == value,
                        }
                        for value, label in RegistrationStatus.choices
                    ),
                ],
                "counts": counts,
                "cases_url": cases_url(series),
                "report_url": report_url(series),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[series.pk])
                if series.permissions_for_user(self.request.user).can_edit()
                else "",
            }
        )
        return context


# --- Sessions -------------------------------------------------------------------------


class SessionAddView(SeriesMixin, FormView):
    page_title = gettext_lazy("Add an extra session")
    template_name = "echo/admin/session_form.html"
    form_class = SessionAddForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "series": self.series}

    def get_initial(self):
        return {"duration_minutes": self.series.duration_minutes}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "is_possible": True,
                "explanation": _(
                    "An extra session outside the series' recurrence. Registered "
                    "participants receive an invitation for it by e-mail."
                ),
                "button_label": _("Add the session"),
                "button_class": "button",
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                session = session_add(
                    self.series,
                    starts_at=form.starts_at(),
                    duration_minutes=data["duration_minutes"],
                    topic=data["topic"],
                    presenter=data["presenter"],
                    by=self.request.user,
                )
                log(
                    instance=session,
                    action="echo.session_added",
                    user=self.request.user,
                    data={"topic": data["topic"]},
                )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Added a session on %(when)s (%(zone)s).")
            % {
                "when": local_text(session.starts_at, self.zone),
                "zone": self.series.time_zone,
            },
        )
        return redirect(series_url(self.series))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was added. See the problems below."))
        return super().form_invalid(form)


class SessionEditView(SessionFormView):
    page_title = gettext_lazy("Edit session details")
    form_class = SessionDetailsForm
    button_label = gettext_lazy("Save the details")
    log_action = "echo.session_updated"
    explanation = gettext_lazy(
        "The topic, presenter, materials and recording of this session. "
        "Participants' calendars show the new topic at their next refresh."
    )

    def get_initial(self):
        session = self.session
        return {
            "topic": session.topic,
            "presenter": session.presenter,
            "materials_url": session.materials_url,
            "materials_document": session.materials_document_id,
            "recording_url": session.recording_url,
        }

    def perform(self, form):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if changed:
            session_update(self.session, by=self.request.user, **changed)
        return {"fields": sorted(changed)}

    def success_message(self):
        return _("Saved the details of the session on %(when)s.") % {
            "when": self.session_label
        }


class SessionRescheduleView(SessionFormView):
    page_title = gettext_lazy("Reschedule session")
    form_class = SessionRescheduleForm
    button_label = gettext_lazy("Reschedule")
    log_action = "echo.session_rescheduled"
    explanation = gettext_lazy(
        "Move this session to another date or time. It keeps its place in "
        "participants' calendars, and registered participants receive the updated "
        "invitation by e-mail."
    )
    refused_text = gettext_lazy(
        "Only a session that is scheduled and has not ended can be rescheduled."
    )

    def is_possible(self):
        session = self.session
        return (
            session.status == SessionStatus.SCHEDULED
            and session.ends_at > timezone.now()
        )

    def extra_form_kwargs(self):
        return {"series": self.series}

    def get_initial(self):
        local = timezone.localtime(self.session.starts_at, self.zone)
        return {
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": self.session.duration_minutes,
        }

    def perform(self, form):
        before = self.session.starts_at
        session_reschedule(
            self.session,
            starts_at=form.starts_at(),
            ends_at=form.ends_at(),
            by=self.request.user,
        )
        return {"from": before.isoformat(), "to": form.starts_at().isoformat()}

    def success_message(self):
        self.session.refresh_from_db()
        return _("Rescheduled to %(when)s (%(zone)s); participants are told.") % {
            "when": local_text(self.session.starts_at, self.zone),
            "zone": self.series.time_zone,
        }


class SessionCancelView(SessionFormView):
    page_title = gettext_lazy("Cancel session")
    form_class = ReasonForm
    button_label = gettext_lazy("Cancel the session")
    button_class = "button serious"
    log_action = "echo.session_cancelled"
    explanation = gettext_lazy(
        "Registered participants receive a cancellation with your reason, and "
        "the session is marked cancelled in their calendars. It stays in the list."
    )
    refused_text = gettext_lazy(
        "Only a session that is scheduled and has not ended can be cancelled."
    )

    def is_possible(self):
        return SessionRescheduleView.is_possible(self)

    def extra_form_kwargs(self):
        return {
            "label": _("Reason for participants"),
            "help_text": _("Sent in the cancellation e-mail."),
            "required_message": _("Say why the session is cancelled."),
        }

    def perform(self, form):
        reason = form.cleaned_data["reason"].strip()
        session_cancel(self.session, reason=reason, by=self.request.user)
        return {"reason": reason}

    def success_message(self):
        return _("Cancelled the session on %(when)s; participants are told.") % {
            "when": self.session_label
        }


# --- Roster ---------------------------------------------------------------------------


class RosterView(SessionMixin):
    """Everyone registered plus anyone with attendance: mark present, partly present
    or absent with minutes; the hours each will get; the history of changes; and
    finalising, which sends the hours to the ledger."""

    page_title = gettext_lazy("Roster")
    template_name = "echo/admin/roster.html"

    @cached_property
    def rows(self):
        return list(roster_for(self.session))

    def get_form(self, data=None):
        return RosterForm(
            data, rows=self.rows, duration_minutes=self.session.duration_minutes
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            changes = form.cleaned_data["changes"]
            if not changes:
                messages.warning(
                    request, _("Nothing changed: the roster is as it was.")
                )
                return redirect(roster_url(self.session))
            reason = form.cleaned_data["reason"].strip()
            try:
                with transaction.atomic():
                    attendance_set_many(
                        self.session, changes, by=request.user, reason=reason
                    )
                    log(
                        instance=self.session,
                        action="echo.attendance_changed",
                        user=request.user,
                        data={"count": len(changes), "reason": reason},
                    )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Saved attendance for %(count)s people.")
                    % {"count": len(changes)},
                )
                return redirect(roster_url(self.session))
        messages.error(request, _("Nothing was saved. See the problems below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        form = kwargs.get("form") or self.get_form()
        history = page_of(
            self.request,
            adjustments_for(session),
            per_page=HISTORY_PER_PAGE,
            param="history",
        )
        ended = session.ends_at <= timezone.now()
        is_cancelled = session.status == SessionStatus.CANCELLED
        context.update(
            {
                "form": form,
                "error_fields": [
                    field for field in form if field.errors and field.name != "reason"
                ],
                "rows": list(form.bound_rows()),
                "status_choices": form.status_choices(),
                "history": history,
                "is_cancelled": is_cancelled,
                "can_finalise": ended and not is_cancelled,
                "has_ended": ended,
                "finalise_url": reverse("echo_admin:finalise", args=[session.pk]),
                "import_url": reverse("echo_admin:import_upload", args=[session.pk]),
                "finalised_by": learner_label(session.attendance_finalised_by)
                if session.attendance_finalised_by
                else "",
                "hours_total": hours_text(
                    sum((row.hours or 0 for row in self.rows), 0)
                ),
            }
        )
        return context


def finalised_message(result) -> str:
    ledger = result.ledger
    text = _(
        "Attendance finalised: hours awarded to %(awarded)s, changed for "
        "%(changed)s, taken back from %(revoked)s; %(unchanged)s unchanged."
    ) % {
        "awarded": ledger.awarded,
        "changed": ledger.changed,
        "revoked": ledger.revoked,
        "unchanged": ledger.unchanged,
    }
    certificates = result.certificates
    if certificates is not None:
        text += " " + _(
            "Series certificates: %(issued)s issued, %(below)s below the threshold."
        ) % {
            "issued": len(certificates.issued),
            "below": len(certificates.below_threshold),
        }
        if certificates.missing_name:
            text += " " + _(
                "Not issued for lack of a name on the account: %(people)s."
            ) % {
                "people": ", ".join(
                    learner_label(learner) for learner in certificates.missing_name
                )
            }
    return text


class FinaliseView(SessionMixin):
    """POST only: finalise the session's attendance (hours to the ledger)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                result = attendance_finalise(self.session, by=request.user)
                ledger = result.ledger
                log(
                    instance=self.session,
                    action="echo.attendance_finalised",
                    user=request.user,
                    data={
                        "awarded": ledger.awarded,
                        "changed": ledger.changed,
                        "revoked": ledger.revoked,
                    },
                )
        except ValidationError as error:
            messages.error(
                request,
                _("Attendance was not finalised: %(problems)s")
                % {"problems": " ".join(error.messages)},
            )
        except DatabaseError:
            logger.exception("Finalising session %s failed", self.session.pk)
            messages.error(
                request,
                _("Attendance was not finalised: %(problem)s")
                % {"problem": database_error_message()},
            )
        else:
            messages.success(request, finalised_message(result))
        return redirect(roster_url(self.session))


# --- Import of a participant report ---------------------------------------------------


class ImportUploadView(SessionMixin, FormView):
    page_title = gettext_lazy("Import a participant report")
    template_name = "echo/admin/import_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = [
            {"import": item, "url": import_url(item)}
            for item in AttendanceImport.objects.filter(session=self.session)
            .select_related("uploaded_by")
            .order_by("-created_at", "-pk")[:10]
        ]
        context["is_cancelled"] = self.session.status == SessionStatus.CANCELLED
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["report"]
        try:
            with transaction.atomic():
                attendance_import = attendance_import_create(
                    self.session, upload, filename=upload.name, by=self.request.user
                )
                log(
                    instance=self.session,
                    action="echo.import_uploaded",
                    user=self.request.user,
                    data={"filename": upload.name, "import": attendance_import.pk},
                )
        except ValidationError as error:
            form.add_error("report", error.messages)
            return self.form_invalid(form)
        except DatabaseError:
            logger.exception("Importing %s failed", upload.name)
            form.add_error(
                "report",
                _("%(problem)s Choose “%(name)s” again to retry.")
                % {"problem": database_error_message(), "name": upload.name},
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Read “%(name)s”. Check the preview before applying it.")
            % {"name": upload.name},
        )
        return redirect(import_url(attendance_import))

    def form_invalid(self, form):
        messages.error(self.request, _("The report was not imported."))
        return super().form_invalid(form)


class ImportMixin(SessionMixin):
    def load(self, **kwargs):
        self.attendance_import = get_object_or_404(
            AttendanceImport.objects.select_related(
                "session__series", "uploaded_by", "applied_by"
            ),
            pk=kwargs["pk"],
        )
        self.session = self.attendance_import.session
        self.series = self.session.series

    def parent_breadcrumbs(self):
        return [{"url": roster_url(self.session), "label": _("Roster")}]

    @property
    def is_preview(self) -> bool:
        return self.attendance_import.status == ImportStatus.PREVIEW


class ImportPreviewView(ImportMixin):
    """Counts, the matched rows, the rows to review (link each to a registered
    learner, or dismiss it with a reason), the hand-marked attendance that will be
    kept — then apply or discard. Nothing reaches the roster before applying."""

    page_title = gettext_lazy("Report preview")
    template_name = "echo/admin/import_preview.html"

    @cached_property
    def learner_choices(self) -> list[tuple[int, str]]:
        return sorted(
            (
                (learner.pk, learner_label(learner))
                for learner in registered_learners(self.series)
            ),
            key=lambda choice: choice[1].casefold(),
        )

    def post(self, request, *args, **kwargs):
        if not self.is_preview:
            messages.error(request, _("This report was already applied or discarded."))
            return redirect(import_url(self.attendance_import))
        row_id = request.POST.get("row", "")
        if not row_id.isdigit():
            raise Http404
        row = get_object_or_404(
            self.attendance_import.rows.select_related("learner"), pk=int(row_id)
        )
        action = request.POST.get("action")
        if action == "link":
            form = RowLinkForm(
                request.POST,
                prefix=f"row{row.pk}",
                learner_choices=self.learner_choices,
            )
        elif action == "dismiss":
            form = RowDismissForm(request.POST, prefix=f"row{row.pk}")
        else:
            raise Http404
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.resolve(row, action, form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                return redirect(f"{import_url(self.attendance_import)}#review-heading")
        messages.error(request, _("That row was not changed. See the problem below."))
        context = self.get_context_data(bound_row=row.pk, bound_form=form)
        return self.render_to_response(context)

    def resolve(self, row, action, data):
        by = self.request.user
        if action == "link":
            learner = next(
                (
                    learner
                    for learner in registered_learners(self.series)
                    if learner.pk == data["learner"]
                ),
                None,
            )
            if learner is None:
                raise ValidationError(
                    {"learner": _("Choose a learner registered for this series.")}
                )
            import_row_link(row, learner, by=by, note=data["note"].strip())
            log(
                instance=self.session,
                action="echo.import_row_linked",
                user=by,
                data={"row": row.name or row.email, "learner": learner.email},
            )
            messages.success(
                self.request,
                _("Linked “%(row)s” to %(learner)s.")
                % {"row": row.name or row.email, "learner": learner_label(learner)},
            )
        else:
            reason = data["reason"].strip()
            import_row_dismiss(row, by=by, reason=reason)
            log(
                instance=self.session,
                action="echo.import_row_dismissed",
                user=by,
                data={"row": row.name or row.email, "reason": reason},
            )
            messages.success(
                self.request,
                _("Dismissed “%(row)s”.") % {"row": row.name or row.email},
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendance_import = self.attendance_import
        rows = list(attendance_import.rows.select_related("learner", "resolved_by"))
        bound_row = kwargs.get("bound_row")
        review = []
        for row in rows:
            if row.status != ImportRowStatus.UNMATCHED:
                continue
            link_form = RowLinkForm(
                prefix=f"row{row.pk}", learner_choices=self.learner_choices
            )
            dismiss_form = RowDismissForm(prefix=f"row{row.pk}")
            if bound_row == row.pk:
                bound = kwargs["bound_form"]
                if isinstance(bound, RowLinkForm):
                    link_form = bound
                else:
                    dismiss_form = bound
            review.append(
                {"row": row, "link_form": link_form, "dismiss_form": dismiss_form}
            )
        summary = attendance_import_summary(attendance_import)
        context.update(
            {
                "hand_marked": reports.hand_marked_learners(self.session)
                if self.is_preview
                else [],
                "attendance_import": attendance_import,
                "summary": summary,
                "matched": [
                    row
                    for row in rows
                    if row.status in (ImportRowStatus.MATCHED, ImportRowStatus.LINKED)
                ],
                "review": review,
                "dismissed": [
                    row for row in rows if row.status == ImportRowStatus.DISMISSED
                ],
                "is_preview": self.is_preview,
                "can_apply": self.is_preview and not review,
                "apply_url": reverse(
                    "echo_admin:import_apply", args=[attendance_import.pk]
                ),
                "discard_url": reverse(
                    "echo_admin:import_discard", args=[attendance_import.pk]
                ),
            }
        )
        return context


class ImportDecisionView(ImportMixin):
    """POST only: apply the report to the roster, or discard it. Subclasses give
    ``decide`` (the service), ``success_message`` and ``next_url``."""

    http_method_names = ["post"]
    log_action = ""

    def post(self, request, *args, **kwargs):
        attendance_import = self.attendance_import
        if not self.is_preview:
            messages.error(request, _("This report was already applied or discarded."))
            return redirect(import_url(attendance_import))
        try:
            with transaction.atomic():
                result = self.decide(attendance_import, by=request.user)
                log(
                    instance=self.session,
                    action=self.log_action,
                    user=request.user,
                    data={"filename": attendance_import.filename},
                )
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was changed: %(problems)s")
                % {"problems": " ".join(error.messages)},
            )
            return redirect(import_url(attendance_import))
        except DatabaseError:
            logger.exception(
                "%s of import %s failed", self.log_action, attendance_import.pk
            )
            messages.error(
                request,
                _("Nothing was changed: %(problems)s")
                % {"problems": database_error_message()},
            )
            return redirect(import_url(attendance_import))
        messages.success(request, self.success_message(result))
        return redirect(self.next_url())


class ImportApplyView(ImportDecisionView):
    decide = staticmethod(attendance_import_apply)
    log_action = "echo.import_applied"

    def success_message(self, result):
        return _(
            "Applied “%(name)s” to the roster. Registered learners missing from the "
            "report are marked absent; attendance marked by hand was kept."
        ) % {"name": self.attendance_import.filename}

    def next_url(self):
        return roster_url(self.session)


class ImportDiscardView(ImportDecisionView):
    decide = staticmethod(attendance_import_discard)
    log_action = "echo.import_discarded"

    def success_message(self, result):
        return _("Discarded “%(name)s”; the roster is unchanged.") % {
            "name": self.attendance_import.filename
        }

    def next_url(self):
        return reverse("echo_admin:import_upload", args=[self.session.pk])


# --- Case presentations ---------------------------------------------------------------


class CaseQueueView(SeriesMixin):
    page_title = gettext_lazy("Case presentations")
    template_name = "echo/admin/case_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = self.series
        status = self.request.GET.get("status", "")
        if status not in CaseStatus.values:
            status = ""
        counts = reports.case_status_counts(series)
        page = page_of(self.request, reports.cases_for_admin(series, status=status))
        context.update(
            {
                "cases": [
                    {
                        "case": case,
                        "url": case_url(case),
                        "submitted": local_text(case.submitted_at, self.zone),
                        "session": local_text(case.session.starts_at, self.zone)
                        if case.session
                        else "",
                    }
                    for case in page
                ],
                "page_obj": page,
                "status": status,
                "status_filters": [
                    {
                        "label": _("All"),
                        "count": sum(counts.values()),
                        "url": cases_url(series),
                        "current": status == "",
                    },
                    *(
                        {
                            "label": label,
                            "count": counts[value],
                            "url": cases_url(series, status=value),
                            "current": status == value,
                        }
                        for value, label in CaseStatus.choices
                    ),
                ],
            }
        )
        return context


class CaseDetailView(EchoAdminView):
    """One case with the hub's decisions: accept, return with a note, schedule into
    a session, and write and send the recommendations."""

    page_title = gettext_lazy("Case presentation")
    template_name = "echo/admin/case_detail.html"
    ACTIONS = ("accept", "return", "schedule", "recommend")

    def load(self, **kwargs):
        self.case = get_object_or_404(
            CasePresentation.objects.select_related(
                "series",
                "session",
                "presenter",
                "reviewed_by",
                "recommendations_by",
            ),
            pk=kwargs["pk"],
        )
        self.series = self.case.series

    def get_page_subtitle(self):
        return self.case.get_age_band_display()

    def parent_breadcrumbs(self):
        return [{"url": cases_url(self.series), "label": _("Case presentations")}]

    @cached_property
    def session_choices(self) -> list[tuple[int, str]]:
        sessions = EchoSession.objects.filter(
            series=self.series,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=timezone.now(),
        ).order_by("starts_at")
        return [
            (
                session.pk,
                f"{local_text(session.starts_at, self.zone)}"
                + (f" — {session.topic}" if session.topic else ""),
            )
            for session in sessions
        ]

    def forms(self, data=None, action=None) -> dict:
        def bound(name):
            return data if action == name else None

        return {
            "return": ReasonForm(
                bound("return"),
                prefix="return",
                label=_("What should the presenter change?"),
                help_text=_("Sent to the presenter with the case."),
                required_message=_("Say what the presenter should change."),
            ),
            "schedule": CaseScheduleForm(
                bound("schedule"),
                prefix="schedule",
                session_choices=self.session_choices,
            ),
            "recommend": CaseRecommendationsForm(
                bound("recommend"),
                prefix="recommend",
                initial={"recommendations": self.case.recommendations},
            ),
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            raise Http404
        forms = self.forms(request.POST, action)
        form = forms.get(action)
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                with transaction.atomic():
                    message = self.decide(action, data)
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                    return redirect(case_url(self.case))
                errors_to_form(form, error)
            else:
                messages.success(request, message)
                return redirect(case_url(self.case))
        messages.error(request, _("Nothing was changed. See the problem below."))
        return self.render_to_response(self.get_context_data(forms=forms))

    def decide(self, action: str, data: dict) -> str:
        case, by = self.case, self.request.user
        if action == "accept":
            case_accept(case, by=by)
            log(instance=case, action="echo.case_accepted", user=by)
            return _("Accepted the case. Schedule it into a session next.")
        if action == "return":
            note = data["reason"].strip()
            case_return(case, by=by, note=note)
            log(
                instance=case, action="echo.case_returned", user=by, data={"note": note}
            )
            return _("Returned the case to the presenter with your note.")
        if action == "schedule":
            session = EchoSession.objects.filter(
                series=self.series, pk=data["session"]
            ).first()
            if session is None:
                raise ValidationError(
                    {"session": _("Choose a session of this series.")}
                )
            case_schedule(case, session, by=by)
            log(
                instance=case,
                action="echo.case_scheduled",
                user=by,
                data={"session": session.starts_at.isoformat()},
            )
            return _("Scheduled the case for %(when)s (%(zone)s).") % {
                "when": local_text(session.starts_at, self.zone),
                "zone": self.series.time_zone,
            }
        case_recommendations_send(
            case, by=by, recommendations=data["recommendations"].strip()
        )
        log(instance=case, action="echo.case_recommendations_sent", user=by)
        return _("Sent the recommendations to the presenter.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case
        status = case.status
        context.update(
            {
                "case": case,
                "forms": kwargs.get("forms") or self.forms(),
                "can_accept": status == CaseStatus.SUBMITTED,
                "can_return": status in OPEN_CASE,
                "can_schedule": status in OPEN_CASE,
                "can_recommend": status in (CaseStatus.SCHEDULED, CaseStatus.COMPLETED)
                and case.session is not None
                and case.session.starts_at <= timezone.now(),
                "recommend_later": status == CaseStatus.SCHEDULED
                and case.session is not None
                and case.session.starts_at > timezone.now(),
                "submitted": local_text(case.submitted_at, self.zone),
                "session_when": local_text(case.session.starts_at, self.zone)
                if case.session
                else "",
                "recommendations_sent": local_text(
                    case.recommendations_sent_at, self.zone
                )
                if case.recommendations_sent_at
                else "",
                "presenter": learner_label(case.presenter),
            }
        )
        return context


# --- Reports --------------------------------------------------------------------------


class SeriesReportView(SeriesMixin):
    page_title = gettext_lazy("Report")
    template_name = "echo/admin/series_report.html"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = reports.series_report(self.series)
        context.update(
            {
                "report": report,
                "lines": [
                    {
                        "line": line,
                        "when": local_text(line.session.starts_at, self.zone),
                    }
                    for line in report.sessions
                ],
                "participant_hours": hours_text(report.participant_hours),
                "csv_url": reverse("echo_admin:report_csv", args=[self.series.pk]),
                "cases_url": cases_url(self.series),
            }
        )
        return context


class SeriesReportCsvView(SeriesMixin):
    def get(self, request, *args, **kwargs):
        report = reports.series_report(self.series)
        return exports.csv_response(
            exports.series_csv_rows(report), exports.filename(self.series.title)
        )


class AdministratorView(EchoAdminView):
    """For administrators only: every series at once."""

    def dispatch(self, request, *args, **kwargs):
        if not is_echo_administrator(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class AllSeriesReportView(AdministratorView):
    page_title = gettext_lazy("Report across all series")
    template_name = "echo/admin/all_series_report.html"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = reports.all_series_report()
        context.update(
            {
                "report": report,
                "rows": [
                    {
                        "row": row,
                        "url": report_url(row.series),
                        "hours": hours_text(row.participant_hours),
                    }
                    for row in report.rows
                ],
                "totals": {
                    "held": report.total("sessions_held"),
                    "cancelled": report.total("sessions_cancelled"),
                    "registered": report.registrations(RegistrationStatus.REGISTERED),
                    "waitlisted": report.registrations(RegistrationStatus.WAITLISTED),
                    "hours": hours_text(report.participant_hours),
                    "cases": report.total("cases_total"),
                },
                "csv_url": reverse("echo_admin:reports_csv"),
            }
        )
        return context


class AllSeriesReportCsvView(AdministratorView):
    def get(self, request, *args, **kwargs):
        return exports.csv_response(
            exports.all_series_csv_rows(reports.all_series_report()),
            exports.filename("echo-all-series"),
        )
