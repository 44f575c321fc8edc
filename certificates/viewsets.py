"""The "Certificates" area of the Wagtail admin: issued certificates (with their
actions), bulk issues, and the templates that say how certificates look.

Listings, filters and the template editor are Wagtail's generic views; the pages
where an administrator does something to a certificate or a bulk issue live in
``certificates.admin_views``."""

import re

import django_filters

from django import forms
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.side_panels import ChecksSidePanel, PreviewSidePanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.preview import PreviewOnCreate, PreviewOnEdit
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import BooleanRadioSelect, HeaderButton

from lms.admin_views import hours_text, yes_no
from lms.viewsets import (
    HoursIndexView,
    PrefilledCopyView,
    ProtectedDeleteView,
    RestrictedModelViewSet,
)

from . import admin_views
from .choices import BatchStatus, CertificateStatus
from .codes import code_normalise
from .forms import CertificateTemplateForm
from .models import Certificate, CertificateBatch, CertificateTemplate


class CertificatesViewSet(RestrictedModelViewSet):
    """Options shared by the viewsets of this area: only the views a viewset names
    in ``allowed_views`` exist, and every permission of the model can be given to a
    group (Wagtail leaves out "view" when there is no inspect view, but here
    "view" is what opens the listings)."""

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model)
        )


# --- Templates ------------------------------------------------------------------------


class TemplatePreviewMixin:
    """Wagtail's live preview (HTML and PDF modes) on the template editor, as
    snippets have it; the model's ``serve_preview`` draws the sample."""

    preview_url_name = None
    preview_of_saved_object = False

    def get_preview_url(self):
        if self.preview_of_saved_object:
            return reverse(self.preview_url_name, args=[quote(self.object.pk)])
        return reverse(self.preview_url_name)

    def get_side_panels(self):
        panels = list(super().get_side_panels())
        instance = self.form.instance
        if self.preview_url_name and instance.is_previewable():
            panels.append(
                PreviewSidePanel(
                    instance, self.request, preview_url=self.get_preview_url()
                )
            )
            panels.append(ChecksSidePanel(instance, self.request))
        return MediaContainer(panels)


class TemplateCreateView(TemplatePreviewMixin, generic.CreateView):
    pass


class TemplateEditView(TemplatePreviewMixin, generic.EditView):
    preview_of_saved_object = True


class TemplateCopyView(TemplatePreviewMixin, PrefilledCopyView):
    """A new template started from an existing one, under a new name and never
    the default (there is only one default)."""

    def get_initial_form_instance(self):
        original = self.get_object()
        original.pk = None
        original.name = _("%(name)s (copy)") % {"name": original.name}
        original.is_default = False
        return original


class TemplateDeleteView(ProtectedDeleteView):
    def describe_usage(self, instance):
        certificates = Certificate.objects.filter(template=instance).count()
        batches = CertificateBatch.objects.filter(template=instance).count()
        if certificates or batches:
            return _(
                "%(certificates)s certificates and %(batches)s bulk issues use it, "
                "and they are drawn with it whenever they are rendered again. "
                "Edit it instead, or make a copy and change the copy."
            ) % {"certificates": certificates, "batches": batches}
        if instance.is_default:
            return _(
                "It is the default template. Make another template the default "
                "first (tick “default template” on it)."
            )
        return ""


class TemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(certificate_count=Count("certificates"))
        )


class CertificateTemplateViewSet(CertificatesViewSet):
    model = CertificateTemplate
    icon = "form"
    url_prefix = "certificates/templates"
    url_namespace = "certificate_templates"
    menu_label = gettext_lazy("Templates")
    # The live preview's two views are added below.
    allowed_views = ("index", "add", "edit", "copy", "delete", "history")
    index_view_class = TemplateIndexView
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    copy_view_class = TemplateCopyView
    delete_view_class = TemplateDeleteView
    edit_handler = ObjectList(
        CertificateTemplate.panels, base_form_class=CertificateTemplateForm
    )
    search_fields = ["name", "heading"]
    search_backend_name = None
    list_display = [
        "name",
        Column(
            "is_default",
            label=gettext_lazy("Default"),
            accessor=lambda template: yes_no(template.is_default),
            sort_key="is_default",
        ),
        Column(
            "layout",
            label=gettext_lazy("Page"),
            accessor=lambda template: (
                f"{template.get_page_size_display()}, "
                f"{template.get_orientation_display().lower()}"
            ),
        ),
        Column(
            "certificate_count",
            label=gettext_lazy("Certificates"),
            sort_key="certificate_count",
        ),
        DateColumn(
            "updated_at", label=gettext_lazy("Last changed"), sort_key="updated_at"
        ),
    ]

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            preview_url_name=self.get_url_name("preview_on_add"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            preview_url_name=self.get_url_name("preview_on_edit"), **kwargs
        )

    def get_copy_view_kwargs(self, **kwargs):
        return self.get_add_view_kwargs(**kwargs)

    @property
    def preview_on_add_view(self):
        return self.construct_view(PreviewOnCreate, form_class=self.get_form_class())

    @property
    def preview_on_edit_view(self):
        return self.construct_view(
            PreviewOnEdit, form_class=self.get_form_class(for_update=True)
        )

    def get_urlpatterns(self):
        pk = f"<{self.pk_path_converter}:pk>"
        return [
            *super().get_urlpatterns(),
            path("preview/", self.preview_on_add_view, name="preview_on_add"),
            path(f"preview/{pk}/", self.preview_on_edit_view, name="preview_on_edit"),
        ]


# --- Issued certificates --------------------------------------------------------------


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=CertificateStatus.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    needs_attention = django_filters.BooleanFilter(
        label=gettext_lazy("Needs attention (rendering failed for good)"),
        method="filter_needs_attention",
        widget=BooleanRadioSelect,
    )
    revoked = django_filters.BooleanFilter(
        label=gettext_lazy("Revoked"),
        method="filter_revoked",
        widget=BooleanRadioSelect,
    )
    template = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Template"),
        queryset=CertificateTemplate.objects.order_by("name"),
        empty_label=gettext_lazy("All"),
    )
    batch = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Bulk issue"),
        queryset=CertificateBatch.objects.exclude(status=BatchStatus.DRAFT).order_by(
            "-created_at"
        ),
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Certificate
        fields = ["status", "needs_attention", "revoked", "template", "batch"]

    def filter_revoked(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(revoked_at__isnull=not value)

    def filter_needs_attention(self, queryset, name, value):
        attention = Q(
            status=CertificateStatus.FAILED,
            render_attempts__gte=settings.CERTIFICATE_RENDER_MAX_ATTEMPTS,
        )
        if value is None:
            return queryset
        return queryset.filter(attention) if value else queryset.exclude(attention)


class CertificateIndexView(HoursIndexView):
    """Issued certificates, newest first. Search finds a recipient's name or
    e-mail address, a title, or a verification code however it is typed."""

    list_select_related = ("learner",)
    default_ordering = "-issued_on"
    template_name = "certificates/admin/certificate_index.html"

    @cached_property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for word in self.search_query.split()[:5]:
            match = (
                Q(recipient_name__icontains=word)
                | Q(learner__email__icontains=word)
                | Q(learner__first_name__icontains=word)
                | Q(learner__last_name__icontains=word)
                | Q(title__icontains=word)
            )
            bare = re.sub(r"[\s\-–—_.]", "", word)
            if len(bare) >= 4 and bare.isalnum():
                match |= Q(code__icontains=bare)
            if code := code_normalise(word):
                match |= Q(code=code)
            queryset = queryset.filter(match)
        return queryset

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-pk")

    def get_title_url(self, instance):
        return self.get_inspect_url(instance)

    @cached_property
    def header_buttons(self):
        user = self.request.user
        buttons = []
        if user.has_perm(admin_views.ISSUE):
            buttons.append(
                HeaderButton(
                    _("Issue a certificate"),
                    url=reverse("certificates_admin:issue"),
                    icon_name="plus",
                    priority=10,
                )
            )
        if user.has_perm(admin_views.ADD_BATCH):
            buttons.append(
                HeaderButton(
                    _("Bulk issue"),
                    url=reverse("certificate_batches:add"),
                    icon_name="group",
                    priority=20,
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if instance.is_ready:
            buttons.append(
                ListingMenuItem(
                    _("Download PDF"),
                    url=reverse(
                        "certificates_admin:download", args=[quote(instance.pk)]
                    ),
                    icon_name="download",
                    priority=30,
                )
            )
        if not instance.is_revoked and user.has_perm(admin_views.REVOKE):
            buttons.append(
                ListingMenuItem(
                    _("Revoke"),
                    url=reverse("certificates_admin:revoke", args=[quote(instance.pk)]),
                    icon_name="cross",
                    priority=50,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["needs_attention_count"] = admin_views.needs_attention_count(
                self.request.user
            )
            context["needs_attention_url"] = admin_views.needs_attention_url()
        return context


def revoked_text(certificate: Certificate) -> str:
    if certificate.revoked_at is None:
        return _("No")
    return _("Yes, %(date)s") % {
        "date": date_format(certificate.revoked_at, "SHORT_DATE_FORMAT")
    }


class CertificateViewSet(CertificatesViewSet):
    """Certificates are snapshots: there is no form to add or edit one. They are
    issued (one, or in bulk), revoked, rendered again and e-mailed."""

    model = Certificate
    icon = "doc-full-inverse"
    url_prefix = "certificates/issued"
    url_namespace = "certificates_admin"
    menu_label = gettext_lazy("Issued certificates")
    add_to_reference_index = False
    index_view_class = CertificateIndexView
    inspect_view_class = admin_views.CertificateInspectView
    inspect_view_enabled = True
    filterset_class = CertificateFilterSet
    allowed_views = ("index", "inspect")
    list_display = [
        Column(
            "recipient_name",
            label=gettext_lazy("Recipient"),
            accessor=lambda row: f"{row.recipient_name} ({row.learner.email})",
            sort_key="recipient_name",
        ),
        Column("title", label=gettext_lazy("Title"), sort_key="title"),
        Column(
            "hours",
            label=gettext_lazy("Hours"),
            accessor=lambda row: hours_text(row.hours),
            sort_key="hours",
        ),
        DateColumn("issued_on", label=gettext_lazy("Issued on"), sort_key="issued_on"),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            sort_key="status",
        ),
        Column(
            "revoked",
            label=gettext_lazy("Revoked"),
            accessor=revoked_text,
            sort_key="revoked_at",
        ),
        Column("code", label=gettext_lazy("Code"), accessor="code_display"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new/", admin_views.CertificateIssueView.as_view(), name="issue"),
            path(
                "<int:pk>/download/",
                admin_views.certificate_download,
                name="download",
            ),
            path(
                "<int:pk>/revoke/",
                admin_views.CertificateRevokeView.as_view(),
                name="revoke",
            ),
            path(
                "<int:pk>/rerender/", admin_views.certificate_rerender, name="rerender"
            ),
            path("<int:pk>/email/", admin_views.certificate_email, name="email"),
        ]


# --- Bulk issues ----------------------------------------------------------------------


class BatchIndexView(HoursIndexView):
    list_select_related = ("created_by",)
    default_ordering = "-created_at"

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-pk")

    def get_title_url(self, instance):
        return admin_views.batch_url(instance)

    @cached_property
    def add_item_label(self):
        return _("Bulk issue certificates")


class CertificateBatchViewSet(CertificatesViewSet):
    model = CertificateBatch
    icon = "group"
    url_prefix = "certificates/bulk"
    url_namespace = "certificate_batches"
    menu_label = gettext_lazy("Bulk issues")
    add_to_reference_index = False
    index_view_class = BatchIndexView
    # "add" is the bulk issue's first step, a page of our own (below).
    allowed_views = ("index",)
    list_filter = ["status"]
    list_display = [
        Column("title", label=gettext_lazy("Title"), sort_key="title"),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            sort_key="status",
        ),
        Column("total", label=gettext_lazy("Learners"), sort_key="total"),
        Column(
            "issued_count",
            label=gettext_lazy("New certificates"),
            sort_key="issued_count",
        ),
        DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
        Column(
            "created_by",
            label=gettext_lazy("Created by"),
            accessor=lambda batch: str(batch.created_by or "—"),
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = self.get_url_name("add")
        return view_kwargs

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new/", admin_views.BatchCreateView.as_view(), name="add"),
            path("<int:pk>/", admin_views.BatchDetailView.as_view(), name="detail"),
            path("<int:pk>/confirm/", admin_views.batch_confirm, name="confirm"),
            path("<int:pk>/discard/", admin_views.batch_discard, name="discard"),
            path("<int:pk>/progress.json", admin_views.batch_progress, name="progress"),
            path("<int:pk>/certificates.zip", admin_views.batch_zip, name="zip"),
            path("<int:pk>/email/", admin_views.batch_email, name="email"),
        ]


class CertificatesViewSetGroup(ViewSetGroup):
    """Everything about certificates in one menu: what has been issued, bulk
    issues, and how certificates look."""

    menu_label = gettext_lazy("Certificates")
    menu_icon = "doc-full-inverse"
    menu_name = "certificates"
    menu_order = 260
    items = (CertificateViewSet, CertificateBatchViewSet, CertificateTemplateViewSet)
