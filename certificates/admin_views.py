"""The pages of the certificates admin that are not Wagtail's generic views: one
certificate's page and its actions (download, revoke, re-render, e-mail), issuing
one certificate, and the bulk issue from its first step to the finished batch.

Each view checks the permission it needs, validates, and calls a service from
``certificates.services``; the services write the audit log. Actions that change
something are POST only (and so CSRF-protected). A refused staff member is sent back
to the dashboard by Wagtail; a learner never gets past ``AdminAccessMiddleware``."""

import logging
import tempfile

from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.forms import Form
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.log_actions import registry as log_registry

from lms.admin_views import (
    SectionAdminView,
    hours_text,
    learner_label,
    require_perm,
    yes_no,
)

from . import selectors, services
from .choices import (
    NOTE_OUTCOMES,
    PROBLEM_OUTCOMES,
    SOURCE_ADMIN,
    BatchStatus,
    CertificateStatus,
)
from .forms import (
    BatchForm,
    CertificateIssueForm,
    CertificateRevokeForm,
)
from .models import Certificate, CertificateBatch
from .recipients import OUTCOME_LABELS
from .zipfiles import batch_zip_write

VIEW = "certificates.view_certificate"
ISSUE = "certificates.issue_certificate"
REVOKE = "certificates.revoke_certificate"
VIEW_BATCH = "certificates.view_certificatebatch"
ADD_BATCH = "certificates.add_certificatebatch"

CERTIFICATES_INDEX = "certificates_admin:index"
BATCHES_INDEX = "certificate_batches:index"
FAILURES_SHOWN = 20

logger = logging.getLogger(__name__)


def certificate_url(certificate: Certificate) -> str:
    return reverse("certificates_admin:inspect", args=[quote(certificate.pk)])


def batch_url(batch: CertificateBatch) -> str:
    return reverse("certificate_batches:detail", args=[batch.pk])


def needs_attention_url() -> str:
    return reverse(CERTIFICATES_INDEX) + "?needs_attention=true"


def needs_attention_count(user) -> int:
    """How many renders have failed for good, for those who may see certificates
    (0 for anyone else)."""
    if not user.has_perm(VIEW):
        return 0
    return selectors.certificates_needing_attention().count()


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: under its field where the form
    has one, else at the top."""
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def database_error_message() -> str:
    return _(
        "The database could not save this, so nothing was saved. Try again in a "
        "moment; if it happens again, tell the site's technical contact."
    )


def private_pdf_response(certificate: Certificate, filename: str) -> FileResponse:
    """The stored PDF as a download. Private storage has no URL, so a view is the
    only way to it."""
    if not certificate.pdf:
        raise Http404
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class CertificatesAdminView(SectionAdminView):
    """A page of the certificates admin: its permission and its breadcrumbs."""

    permissions: tuple[str, ...] = ()
    index_url_name = CERTIFICATES_INDEX
    index_label = gettext_lazy("Certificates")
    header_icon = "doc-full-inverse"


# --- One certificate ------------------------------------------------------------------


def certificate_details(certificate: Certificate) -> list[tuple[str, object]]:
    source = f"{certificate.source_type}: {certificate.source_id}"
    details = [
        (_("Recipient"), certificate.recipient_name),
        (_("Learner's account"), learner_label(certificate.learner)),
        (_("Title"), certificate.title),
        (_("Clock hours"), hours_text(certificate.hours)),
        (_("Competency areas"), ", ".join(certificate.area_names) or "—"),
        (_("Issued on"), date_format(certificate.issued_on, "DATE_FORMAT")),
        (_("Issuer"), certificate.issuer_name),
        (_("Verification code"), certificate.code_display),
        (_("UUID"), str(certificate.uuid)),
        (_("Template"), str(certificate.template)),
        (_("Issued by"), str(certificate.issued_by or "—")),
        (_("Source"), source),
        (_("Bulk issue"), str(certificate.batch) if certificate.batch_id else "—"),
        (_("Created"), date_format(certificate.created_at, "DATETIME_FORMAT")),
        (_("Status"), certificate.get_status_display()),
        (_("Render attempts"), certificate.render_attempts),
        (
            _("Rendered"),
            date_format(certificate.rendered_at, "DATETIME_FORMAT")
            if certificate.rendered_at
            else "—",
        ),
        (
            _("PDF size"),
            _("%(size)s KB") % {"size": round(certificate.pdf_size / 1024, 1)}
            if certificate.pdf_size
            else "—",
        ),
        (
            _("E-mailed"),
            ngettext(
                "%(count)s time, last on %(when)s",
                "%(count)s times, last on %(when)s",
                certificate.email_count,
            )
            % {
                "count": certificate.email_count,
                "when": date_format(certificate.emailed_at, "DATETIME_FORMAT"),
            }
            if certificate.emailed_at
            else _("Not yet"),
        ),
        (
            _("Will be e-mailed when ready"),
            yes_no(certificate.email_on_ready and not certificate.is_ready),
        ),
    ]
    return details


class CertificateInspectView(generic.InspectView):
    """Everything about one certificate, what can be done with it, and its history."""

    template_name = "certificates/admin/certificate_inspect.html"
    page_title = gettext_lazy("Certificate")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Certificate.objects.select_related(
                "learner", "template", "issued_by", "revoked_by", "batch"
            ),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    def get_fields_context(self):
        return [
            {"label": label, "value": value}
            for label, value in certificate_details(self.object)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        user = self.request.user
        pk = quote(certificate.pk)
        can_issue = user.has_perm(ISSUE)
        context.update(
            {
                "certificate": certificate,
                "needs_attention": certificate.status == CertificateStatus.FAILED
                and certificate.render_attempts
                >= settings.CERTIFICATE_RENDER_MAX_ATTEMPTS,
                "history": log_registry.get_logs_for_instance(certificate)
                .select_related("user")
                .order_by("-timestamp", "-pk"),
                "download_url": reverse("certificates_admin:download", args=[pk])
                if certificate.is_ready
                else "",
                "revoke_url": reverse("certificates_admin:revoke", args=[pk])
                if user.has_perm(REVOKE)
                else "",
                "rerender_url": reverse("certificates_admin:rerender", args=[pk])
                if can_issue
                else "",
                "email_url": reverse("certificates_admin:email", args=[pk])
                if can_issue and not certificate.is_revoked
                else "",
                "verify_url": reverse("certificates:verify", args=[certificate.code]),
                "batch_url": batch_url(certificate.batch)
                if certificate.batch_id
                else "",
            }
        )
        return context


@require_GET
def certificate_download(request, pk):
    require_perm(request, VIEW)
    certificate = get_object_or_404(Certificate, pk=pk)
    filename = f"{slugify(certificate.recipient_name) or 'certificate'}-" + (
        certificate.download_filename
    )
    return private_pdf_response(certificate, filename)


class CertificateRevokeView(CertificatesAdminView, FormView):
    permissions = (VIEW, REVOKE)
    page_title = gettext_lazy("Revoke certificate")
    template_name = "certificates/admin/certificate_revoke.html"
    form_class = CertificateRevokeForm

    def load(self, **kwargs):
        self.object = get_object_or_404(
            Certificate.objects.select_related("learner", "revoked_by"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.object)

    def parent_breadcrumbs(self):
        return [{"url": certificate_url(self.object), "label": str(self.object)}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "certificate": self.object,
                "learner": learner_label(self.object.learner),
                "certificate_url": certificate_url(self.object),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.object.is_revoked:
            messages.info(request, self.already_revoked_message())
            return redirect(certificate_url(self.object))
        return super().post(request, *args, **kwargs)

    def already_revoked_message(self) -> str:
        return _("This certificate was already revoked on %(date)s.") % {
            "date": date_format(self.object.revoked_at, "DATETIME_FORMAT")
        }

    def form_valid(self, form):
        try:
            services.certificate_revoke(
                certificate=self.object,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Revoked “%(title)s” of %(name)s. The verification page now says it "
                "was revoked, and the learner sees your reason."
            )
            % {"title": self.object.title, "name": self.object.recipient_name},
        )
        return redirect(certificate_url(self.object))


@require_POST
def certificate_rerender(request, pk):
    require_perm(request, (VIEW, ISSUE))
    certificate = get_object_or_404(Certificate, pk=pk)
    services.certificate_rerender(certificate=certificate, by=request.user)
    messages.success(
        request,
        _(
            "The PDF of “%(title)s” for %(name)s is being rendered again from the "
            "template as it is now. The code and all details stay the same."
        )
        % {"title": certificate.title, "name": certificate.recipient_name},
    )
    return redirect(certificate_url(certificate))


@require_POST
def certificate_email(request, pk):
    require_perm(request, (VIEW, ISSUE))
    certificate = get_object_or_404(
        Certificate.objects.select_related("learner"), pk=pk
    )
    try:
        sent_now = services.certificate_email_request(
            certificate=certificate, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(certificate_url(certificate))
    if sent_now:
        text = _("The certificate is being e-mailed to %(email)s now.")
    else:
        text = _(
            "The certificate is still being prepared; it will be e-mailed to "
            "%(email)s as soon as it is ready."
        )
    messages.success(request, text % {"email": certificate.learner.email})
    return redirect(certificate_url(certificate))


class CertificateIssueView(CertificatesAdminView, FormView):
    """Issue one certificate to one learner."""

    permissions = (VIEW, ISSUE)
    page_title = gettext_lazy("Issue a certificate")
    template_name = "certificates/admin/certificate_issue.html"
    form_class = CertificateIssueForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            certificate, created = services.certificate_issue(
                learner=data["learner"],
                title=data["title"],
                hours=data["hours"],
                source_type=SOURCE_ADMIN,
                source_id=data["token"],
                template=data["template"],
                competency_areas=data["competency_areas"],
                issued_on=data["issued_on"],
                issued_by=self.request.user,
                email_learner=data["email_learner"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        except DatabaseError:
            logger.exception("Issuing a certificate failed in the database")
            form.add_error(None, database_error_message())
            return self.form_invalid(form)
        values = {"title": certificate.title, "name": certificate.recipient_name}
        if created:
            messages.success(
                self.request,
                _(
                    "Issued “%(title)s” to %(name)s. The PDF is being prepared; this "
                    "page shows when it is ready."
                )
                % values,
            )
        else:
            messages.info(
                self.request,
                _(
                    "This form was already sent: “%(title)s” was issued to %(name)s "
                    "then, and nothing new was issued."
                )
                % values,
            )
        return redirect(certificate_url(certificate))

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("Nothing was issued. Correct the problems below and try again."),
        )
        return super().form_invalid(form)


# --- Bulk issue -----------------------------------------------------------------------


def report_rows(report: list[dict]) -> list[dict]:
    """The report for display: problems first, then rows skipped without harm, then
    the learners who will get a certificate, each in file order."""
    rank = dict.fromkeys(PROBLEM_OUTCOMES, 0) | dict.fromkeys(NOTE_OUTCOMES, 1)
    rows = [
        {**row, "label": OUTCOME_LABELS.get(row["outcome"], row["outcome"])}
        for row in report
    ]
    return sorted(rows, key=lambda row: (rank.get(row["outcome"], 2), row["line"]))


def report_context(report: list[dict]) -> dict:
    rows = report_rows(report)
    problems = [row for row in rows if row["outcome"] in PROBLEM_OUTCOMES]
    notes = [row for row in rows if row["outcome"] in NOTE_OUTCOMES]
    matched = [row for row in rows if row["outcome"] == "ok"]
    return {
        "problem_rows": problems,
        "note_rows": notes,
        "matched_rows": matched,
        "has_problems": bool(problems),
    }


def batch_summary(batch: CertificateBatch, progress: dict) -> str:
    """One sentence on where a bulk issue stands (also read out by screen readers
    as it changes)."""
    if batch.status == BatchStatus.DRAFT:
        return _("Checked; nothing is issued until the bulk issue is confirmed.")
    if batch.status == BatchStatus.FAILED:
        return _("The bulk issue failed and nothing was issued.")
    if batch.status in (BatchStatus.QUEUED, BatchStatus.ISSUING) or (
        not batch.finished_at
    ):
        return _("Issuing %(total)s certificates…") % {"total": batch.total}
    text = _(
        "%(ready)s of %(issued)s certificates ready, %(pending)s being prepared, "
        "%(failed)s failed."
    ) % {
        "ready": progress["ready"],
        "issued": progress["issued"],
        "pending": progress["pending"],
        "failed": progress["failed"],
    }
    if batch.existing_count:
        text += " " + ngettext(
            "%(count)s learner already had this certificate.",
            "%(count)s learners already had this certificate.",
            batch.existing_count,
        ) % {"count": batch.existing_count}
    return text


def batch_state(batch: CertificateBatch) -> dict:
    progress = selectors.batch_progress(batch=batch)
    return {
        **progress,
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "summary": batch_summary(batch, progress),
        "error": batch.error if batch.status == BatchStatus.FAILED else "",
        "done": progress["done"] or batch.status == BatchStatus.FAILED,
    }


class BatchCreateView(CertificatesAdminView, FormView):
    """Step one: what the certificates say and who gets them. Checking the learners
    makes a draft; nothing is issued until step two is confirmed."""

    permissions = (ADD_BATCH,)
    index_url_name = BATCHES_INDEX
    index_label = gettext_lazy("Bulk issues")
    page_title = gettext_lazy("Bulk issue certificates")
    header_icon = "group"
    template_name = "certificates/admin/batch_form.html"
    form_class = BatchForm

    def form_valid(self, form):
        data = form.cleaned_data
        report = form.report
        try:
            batch = services.certificate_batch_create(
                template=data["template"],
                title=data["title"],
                hours=data["hours"],
                issued_on=data["issued_on"],
                learners=report.learners,
                recipient_source=data["source"],
                report=report.as_report(),
                description=report.description,
                competency_areas=data["competency_areas"],
                email_learners=data["email_learners"],
                created_by=self.request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        return redirect(batch_url(batch))

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("Nothing was checked or issued. Correct the problems below."),
        )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = getattr(context["form"], "report", None)
        if report is not None:
            context["report"] = report_context(report.as_report())
            context["encoding"] = report.encoding
        return context


class BatchObjectMixin(CertificatesAdminView):
    index_url_name = BATCHES_INDEX
    index_label = gettext_lazy("Bulk issues")
    header_icon = "group"

    def load(self, **kwargs):
        self.object = get_object_or_404(
            CertificateBatch.objects.select_related("template", "created_by"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.object.title


class BatchDetailView(BatchObjectMixin, TemplateView):
    """Step two while the batch is a draft (the report and the confirm button); the
    batch's progress and results once it is confirmed."""

    permissions = (VIEW_BATCH,)

    def get_template_names(self):
        if self.is_draft or self.object.status == BatchStatus.CANCELLED:
            return ["certificates/admin/batch_preview.html"]
        return ["certificates/admin/batch_detail.html"]

    @cached_property
    def is_draft(self) -> bool:
        return self.object.status == BatchStatus.DRAFT

    def get_page_title(self):
        if self.is_draft:
            return _("Check and confirm the bulk issue")
        if self.object.status == BatchStatus.CANCELLED:
            return _("Discarded bulk issue")
        return _("Bulk issue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        user = self.request.user
        pk = batch.pk
        context.update(
            {
                "batch": batch,
                "areas": ", ".join(
                    batch.competency_areas.order_by("code").values_list(
                        "name", flat=True
                    )
                )
                or "—",
                "hours": hours_text(batch.hours),
                "index_url": reverse(BATCHES_INDEX),
            }
        )
        if self.is_draft:
            context.update(report_context(batch.report))
            context["can_confirm"] = user.has_perm(ADD_BATCH)
            context["confirm_url"] = reverse("certificate_batches:confirm", args=[pk])
            context["discard_url"] = reverse("certificate_batches:discard", args=[pk])
            context["new_url"] = reverse("certificate_batches:add")
            return context
        if batch.status == BatchStatus.CANCELLED:
            context.update(report_context(batch.report))
            context["discarded"] = True
            context["new_url"] = reverse("certificate_batches:add")
            return context
        state = batch_state(batch)
        context.update(
            {
                "state": state,
                "progress_url": reverse("certificate_batches:progress", args=[pk]),
                "failures": list(
                    Certificate.objects.filter(
                        batch=batch, status=CertificateStatus.FAILED
                    )
                    .select_related("learner")
                    .order_by("recipient_name", "pk")[:FAILURES_SHOWN]
                ),
                "failures_url": reverse(CERTIFICATES_INDEX)
                + f"?batch={pk}&status={CertificateStatus.FAILED}",
                "certificates_url": reverse(CERTIFICATES_INDEX) + f"?batch={pk}",
                "zip_url": reverse("certificate_batches:zip", args=[pk])
                if user.has_perm(VIEW)
                else "",
                "email_url": reverse("certificate_batches:email", args=[pk])
                if user.has_perm(ISSUE) and user.has_perm(VIEW)
                else "",
                "history": log_registry.get_logs_for_instance(batch)
                .select_related("user")
                .order_by("-timestamp", "-pk"),
            }
        )
        return context


@require_POST
def batch_confirm(request, pk):
    """Step three: issue. Rows that match nobody must be knowingly skipped (the
    tick), whatever the browser sent; confirming twice starts the issue once."""
    require_perm(request, ADD_BATCH)
    batch = get_object_or_404(CertificateBatch, pk=pk)
    if batch.status != BatchStatus.DRAFT:
        messages.info(
            request,
            _("This bulk issue was already confirmed; nothing more was issued."),
        )
        return redirect(batch_url(batch))
    try:
        services.certificate_batch_start(
            batch=batch,
            by=request.user,
            skip_problems=request.POST.get("skip_problems") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(batch_url(batch))
    except DatabaseError:
        logger.exception("Confirming bulk issue %s failed in the database", batch.pk)
        messages.error(request, database_error_message())
        return redirect(batch_url(batch))
    batch.refresh_from_db(fields=["status"])
    if batch.status == BatchStatus.FAILED:
        # Issued at once (no worker) and refused by the database: say so here.
        messages.error(request, _("The bulk issue failed and nothing was issued."))
        return redirect(batch_url(batch))
    messages.success(
        request,
        ngettext(
            "Issuing %(count)s certificate. This page shows the progress.",
            "Issuing %(count)s certificates. This page shows the progress.",
            batch.total,
        )
        % {"count": batch.total},
    )
    return redirect(batch_url(batch))


@require_POST
def batch_discard(request, pk):
    """Throw away a checked bulk issue instead of confirming it."""
    require_perm(request, ADD_BATCH)
    batch = get_object_or_404(CertificateBatch, pk=pk)
    try:
        services.certificate_batch_discard(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(batch_url(batch))
    messages.success(
        request, _("The bulk issue was discarded; no certificate was issued.")
    )
    return redirect(reverse(BATCHES_INDEX))


@require_GET
def batch_progress(request, pk):
    require_perm(request, VIEW_BATCH)
    batch = get_object_or_404(CertificateBatch, pk=pk)
    response = JsonResponse(batch_state(batch))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def batch_zip(request, pk):
    require_perm(request, (VIEW_BATCH, VIEW))
    batch = get_object_or_404(CertificateBatch, pk=pk)
    if batch.status == BatchStatus.DRAFT:
        raise Http404
    # Deleted when the response closes it, after the last byte is sent.
    archive = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 -- see above
    batch_zip_write(batch, archive)
    archive.seek(0)
    filename = f"certificates-{slugify(batch.title)[:60] or 'batch'}-{batch.pk}.zip"
    response = FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def batch_email(request, pk):
    """E-mail every ready, valid certificate of the batch to its learner."""
    require_perm(request, (VIEW_BATCH, VIEW, ISSUE))
    batch = get_object_or_404(CertificateBatch, pk=pk)
    sent, left_out = services.certificate_batch_email(batch=batch, by=request.user)
    if not sent:
        messages.warning(
            request,
            _(
                "Nothing was sent: no certificate of this bulk issue is ready and "
                "valid yet. Try again once they are ready."
            ),
        )
        return redirect(batch_url(batch))
    text = ngettext(
        "E-mailing %(count)s certificate to its learner.",
        "E-mailing %(count)s certificates, each to its learner.",
        sent,
    ) % {"count": sent}
    if left_out:
        text += " " + ngettext(
            "%(count)s not ready or revoked was not sent.",
            "%(count)s not ready or revoked were not sent.",
            left_out,
        ) % {"count": left_out}
    messages.success(request, text)
    return redirect(batch_url(batch))
