"""The "Hours" area of the Wagtail admin: the competency taxonomy, endorsement
categories with their dated requirements, the review queues for outside training and
RSC, endorsements and the ledger itself.

Listings, filters and the taxonomy's forms are Wagtail's generic views; the pages
where an administrator decides something live in ``lms.admin_views``."""

import django_filters

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, NullAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import (
    ButtonsColumnMixin,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.log_actions import LogFormatter

from .admin_views import (
    UNIT_SHORT,
    CreditRevokeView,
    EndorsementConfirmView,
    EndorsementLapseView,
    OutsideTrainingReviewView,
    RscLogReviewView,
    date_range_text,
    hours_text,
    learner_label,
    outside_training_evidence,
    split_words_search,
    yes_no,
)
from .choices import (
    CreditKind,
    CreditStatus,
    DeliveryMode,
    EndorsementStatus,
    RscFormat,
    SubmissionStatus,
)
from .models import (
    CategoryRequirement,
    CompetencyArea,
    CompetencyDomain,
    CreditEntry,
    CreditEntryArea,
    Endorsement,
    EndorsementCategory,
    OutsideTraining,
    OutsideTrainingArea,
    RenewalRule,
    RscLogEntry,
)

PER_PAGE = 25
REVIEW_STATUSES = [
    choice for choice in SubmissionStatus.choices if choice[0] != SubmissionStatus.DRAFT
]


# --- Shared building blocks --------------------------------------------------------


class ActionsTitleColumn(ButtonsColumnMixin, TitleColumn):
    """A title column that links where the view says and carries the row's action
    buttons (Wagtail builds one only from a field name)."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class HoursIndexView(generic.IndexView):
    """Wagtail's listing, with related rows fetched in the same query and, when
    ``get_title_url`` says so, a first column linking to a page of our own."""

    list_select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    get_title_url = None

    @cached_property
    def columns(self):
        columns = super().columns
        if self.get_title_url is not None:
            first = columns[0]
            columns[0] = ActionsTitleColumn(
                first.name,
                label=first.label,
                accessor=first.accessor,
                sort_key=first.sort_key,
                get_url=self.get_title_url,
                get_buttons=self.get_list_buttons,
            )
        return columns

    def search_words(self, queryset, fields: list[str]):
        if not self.is_searching:
            return queryset
        return split_words_search(queryset, self.search_query, fields)


# Admin lists of learners' records find them by the learner's e-mail and names.
LEARNER_SEARCH_FIELDS = ["learner__email", "learner__first_name", "learner__last_name"]


class PrefilledCopyView(generic.CopyView):
    """Wagtail's copy: a create form pre-filled from an existing row. Its form posts
    to the add view; a POST here would save over the row being copied, so only GET
    is allowed."""

    http_method_names = ["get", "head", "options"]


class RestrictedModelViewSet(ModelViewSet):
    """A model viewset that builds only the views named in ``allowed_views`` (index,
    add, edit, delete, history, copy, inspect). Wagtail would otherwise construct every
    view, and some need forms that read-only or snapshot models do not have."""

    copy_view_class = PrefilledCopyView
    list_per_page = PER_PAGE
    allowed_views = ("index", "add", "edit", "delete", "history", "copy")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["usage_url_name"] = None
        for name in ("add", "edit", "delete", "history", "copy"):
            if name not in self.allowed_views:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    @cached_property
    def copy_view_enabled(self):
        return "copy" in self.allowed_views

    @property
    def url_finder_class(self):
        # Where the history reports link an object to: its edit view, else its
        # inspect view, else nowhere (a viewset without either would make the site
        # history report fail on the missing "edit" address).
        if "edit" in self.allowed_views:
            return super().url_finder_class
        if not self.inspect_view_enabled:
            return NullAdminURLFinder
        return type(
            "_InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_urlpatterns(self):
        pk = f"<{self.pk_path_converter}:pk>"
        candidates = [
            # (view kept when allowed_views has…, route, viewset attribute, name)
            ("index", "", "index_view", "index"),
            ("index", "results/", "index_results_view", "index_results"),
            ("add", "new/", "add_view", "add"),
            ("edit", f"edit/{pk}/", "edit_view", "edit"),
            ("delete", f"delete/{pk}/", "delete_view", "delete"),
            ("history", f"history/{pk}/", "history_view", "history"),
            (
                "history",
                f"history-results/{pk}/",
                "history_results_view",
                "history_results",
            ),
            ("copy", f"copy/{pk}/", "copy_view", "copy"),
            ("inspect", f"inspect/{pk}/", "inspect_view", "inspect"),
        ]
        return [
            path(route, getattr(self, attribute), name=name)
            for kind, route, attribute, name in candidates
            if kind in self.allowed_views
            or (kind == "inspect" and self.inspect_view_enabled)
        ]


class HoursViewSet(RestrictedModelViewSet):
    """A model viewset with the options shared across the Hours area. These rows are
    referred to by foreign keys the reference index does not track (the ledger, the
    submissions), so Wagtail's usage counts would say "unused" when they are not;
    usage is checked against the database instead (see ``ProtectedDeleteView``)."""

    index_view_class = HoursIndexView
    add_to_reference_index = False
    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related,
            page_title=self.menu_label,
            **kwargs,
        )


class ProtectedDeleteView(generic.DeleteView):
    """Wagtail's delete view, refusing with an explanation when rows elsewhere still
    point at the object through a PROTECT foreign key (the database would refuse
    anyway; this says why and what to do instead)."""

    template_name = "lms/admin/confirm_delete.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.protected_reason = self.describe_usage(self.object)

    def describe_usage(self, instance) -> str:
        """Why ``instance`` cannot be deleted, or "" if it can."""
        return ""

    def form_valid(self, form):
        if not self.protected_reason:
            try:
                return super().form_valid(form)
            except ProtectedError:
                # Something started using it between the check and the delete.
                self.protected_reason = _("Something else now uses it.")
        messages.error(
            self.request,
            _("“%(object)s” was not deleted. %(reason)s")
            % {"object": self.object, "reason": self.protected_reason},
        )
        return redirect(reverse(self.index_url_name))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["protected_reason"] = self.protected_reason
        context["is_protected"] = bool(self.protected_reason)
        return context


# --- Competency domains and areas ---------------------------------------------------


class CompetencyAreaDeleteView(ProtectedDeleteView):
    def describe_usage(self, instance):
        entries = CreditEntryArea.objects.filter(area=instance).count()
        trainings = OutsideTrainingArea.objects.filter(area=instance).count()
        if not entries and not trainings:
            return ""
        return _(
            "It is named on %(entries)s ledger entries and %(trainings)s outside "
            "training submissions, which must keep it. Retire it instead: tick "
            "“retired” on its edit page, and learners will no longer be offered it."
        ) % {"entries": entries, "trainings": trainings}


class CompetencyDomainDeleteView(ProtectedDeleteView):
    def describe_usage(self, instance):
        areas = CompetencyArea.objects.filter(domain=instance).count()
        if not areas:
            return ""
        return _(
            "%(count)s competency areas belong to it. Move or delete them first; "
            "areas in use can only be retired."
        ) % {"count": areas}


class CompetencyDomainViewSet(HoursViewSet):
    model = CompetencyDomain
    icon = "folder-open-1"
    url_prefix = "hours/domains"
    url_namespace = "lms_domains"
    menu_label = gettext_lazy("Competency domains")
    list_display = [
        "name",
        "code",
        "sort_order",
        Column(
            "mentor_only",
            label=gettext_lazy("Mentor categories only"),
            accessor=lambda domain: yes_no(domain.mentor_only),
        ),
    ]
    list_filter = ["mentor_only"]
    search_fields = ["name", "code"]
    allowed_views = ("index", "add", "edit", "delete", "history")
    delete_view_class = CompetencyDomainDeleteView


class CompetencyAreaViewSet(HoursViewSet):
    model = CompetencyArea
    icon = "tag"
    url_prefix = "hours/areas"
    url_namespace = "lms_areas"
    menu_label = gettext_lazy("Competency areas")
    list_display = [
        "name",
        "code",
        "domain",
        Column(
            "retired",
            label=gettext_lazy("Retired"),
            accessor=lambda area: yes_no(area.retired),
            sort_key="retired",
        ),
    ]
    list_filter = ["domain", "retired"]
    list_select_related = ("domain",)
    search_fields = ["name", "code"]
    # The model is indexed for Wagtail search, but the listing searches name and code
    # with the ORM so that codes such as "TF-AST" match too.
    search_backend_name = None
    allowed_views = ("index", "add", "edit", "delete", "history")
    delete_view_class = CompetencyAreaDeleteView


# --- Endorsement categories, requirements and renewal rules -------------------------


class EndorsementCategoryViewSet(HoursViewSet):
    model = EndorsementCategory
    icon = "pick"
    url_prefix = "hours/categories"
    url_namespace = "lms_categories"
    menu_label = gettext_lazy("Endorsement categories")
    list_display = [
        "code",
        "name",
        "track",
        Column(
            "is_offered",
            label=gettext_lazy("Offered"),
            accessor=lambda category: yes_no(category.is_offered),
        ),
    ]
    list_filter = ["track", "is_offered"]
    search_fields = ["code", "name"]
    # Categories, requirements and rules are never deleted: learners' goals,
    # endorsements and past progress refer to them. Rules change by a new dated row.
    allowed_views = ("index", "add", "edit", "history")


class CategoryRequirementViewSet(HoursViewSet):
    model = CategoryRequirement
    icon = "list-ul"
    url_prefix = "hours/requirements"
    url_namespace = "lms_requirements"
    menu_label = gettext_lazy("Category requirements")
    list_display = [
        "category",
        DateColumn(
            "effective_from",
            label=gettext_lazy("In force from"),
            sort_key="effective_from",
        ),
        Column(
            "min_training_hours",
            label=gettext_lazy("Training hours"),
            accessor=lambda row: hours_text(row.min_training_hours),
        ),
        Column(
            "rsc_hours_required",
            label=gettext_lazy("RSC hours"),
            accessor=lambda row: hours_text(row.rsc_hours_required),
        ),
        Column(
            "exam_required",
            label=gettext_lazy("Exam"),
            accessor=lambda row: yes_no(row.exam_required),
        ),
    ]
    list_filter = ["category"]
    list_select_related = ("category",)
    # "Copy" starts a new dated row from an existing one: the way rules change.
    allowed_views = ("index", "add", "edit", "history", "copy")


class RenewalRuleViewSet(HoursViewSet):
    model = RenewalRule
    icon = "repeat"
    url_prefix = "hours/renewal-rules"
    url_namespace = "lms_renewal_rules"
    menu_label = gettext_lazy("Renewal rules")
    list_display = [
        "category",
        DateColumn(
            "effective_from",
            label=gettext_lazy("In force from"),
            sort_key="effective_from",
        ),
        Column(
            "training_hours",
            label=gettext_lazy("Training hours per period"),
            accessor=lambda row: hours_text(row.training_hours),
        ),
        Column(
            "rsc_received_hours",
            label=gettext_lazy("RSC hours per period"),
            accessor=lambda row: hours_text(row.rsc_received_hours),
        ),
    ]
    list_filter = ["category"]
    list_select_related = ("category",)
    allowed_views = ("index", "add", "edit", "history", "copy")


# --- Review queues -------------------------------------------------------------------


class ReviewQueueFilterSet(WagtailFilterSet):
    """Filters shared by both queues; the status filter starts on "waiting for
    review" (see ``ReviewQueueIndexView.get_filterset_kwargs``)."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=REVIEW_STATUSES,
        empty_label=gettext_lazy("All"),
        initial=SubmissionStatus.PENDING,
        widget=forms.RadioSelect,
    )


class OutsideTrainingFilterSet(ReviewQueueFilterSet):
    delivery_mode = django_filters.ChoiceFilter(
        label=gettext_lazy("Delivery"),
        choices=DeliveryMode.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("First day of the training"),
        widget=DateRangePickerWidget,
    )
    dei = django_filters.BooleanFilter(
        label=gettext_lazy("Covers DEI"), widget=BooleanRadioSelect
    )
    rsc_topic = django_filters.BooleanFilter(
        label=gettext_lazy("About providing RSC"), widget=BooleanRadioSelect
    )

    class Meta:
        model = OutsideTraining
        fields = ["status", "delivery_mode", "start_date", "dei", "rsc_topic"]


class RscLogFilterSet(ReviewQueueFilterSet):
    format = django_filters.ChoiceFilter(
        label=gettext_lazy("Individual or group"),
        choices=RscFormat.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )
    is_peer = django_filters.BooleanFilter(
        label=gettext_lazy("Peer consultation"), widget=BooleanRadioSelect
    )
    about_providing = django_filters.BooleanFilter(
        label=gettext_lazy("About the RSC the learner provides"),
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = RscLogEntry
        fields = ["status", "format", "date", "is_peer", "about_providing"]


class ReviewQueueIndexView(HoursIndexView):
    """A queue of submissions. Drafts are the learner's business and never shown;
    the list starts on what is waiting, oldest first, so nothing waits forever."""

    review_url_name = None
    queue_search_fields: list[str] = []

    def get_base_queryset(self):
        return super().get_base_queryset().exclude(status=SubmissionStatus.DRAFT)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        data.setdefault("status", SubmissionStatus.PENDING)
        kwargs["data"] = data
        return kwargs

    def get_ordering(self):
        ordering = self.request.GET.get("ordering")
        if ordering in self.get_valid_orderings():
            return ordering
        if self.request.GET.get("status", SubmissionStatus.PENDING) == (
            SubmissionStatus.PENDING
        ):
            return "submitted_at"
        return "-submitted_at"

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "pk")

    @cached_property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        return self.search_words(queryset, self.queue_search_fields)

    def get_title_url(self, instance):
        return reverse(self.review_url_name, args=[quote(instance.pk)])


class OutsideTrainingQueueView(ReviewQueueIndexView):
    review_url_name = "outside_training_review:review"
    queue_search_fields = [*LEARNER_SEARCH_FIELDS, "title"]


class RscLogQueueView(ReviewQueueIndexView):
    review_url_name = "rsc_review:review"
    queue_search_fields = [*LEARNER_SEARCH_FIELDS, "provider_name"]


def learner_column():
    return Column(
        "learner",
        label=gettext_lazy("Learner"),
        accessor=lambda row: learner_label(row.learner),
        sort_key="learner__last_name",
    )


def status_column():
    return Column(
        "status",
        label=gettext_lazy("Status"),
        accessor="get_status_display",
        sort_key="status",
    )


def submitted_column():
    return DateColumn(
        "submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"
    )


class OutsideTrainingReviewViewSet(HoursViewSet):
    model = OutsideTraining
    icon = "doc-full"
    url_prefix = "hours/outside-training"
    url_namespace = "outside_training_review"
    menu_label = gettext_lazy("Outside training to review")
    index_view_class = OutsideTrainingQueueView
    filterset_class = OutsideTrainingFilterSet
    list_select_related = ("learner",)
    allowed_views = ("index",)
    list_display = [
        Column("title", label=gettext_lazy("Title"), sort_key="title"),
        learner_column(),
        Column("provider", label=gettext_lazy("Provider")),
        Column(
            "dates",
            label=gettext_lazy("Dates"),
            accessor=lambda row: date_range_text(row.start_date, row.end_date),
            sort_key="start_date",
        ),
        Column(
            "hours_entered",
            label=gettext_lazy("Hours entered"),
            accessor=lambda row: (
                f"{hours_text(row.hours_entered)} {UNIT_SHORT[row.hours_unit]}"
            ),
        ),
        Column(
            "clock_hours",
            label=gettext_lazy("Clock hours"),
            accessor=lambda row: hours_text(row.clock_hours),
            sort_key="clock_hours",
        ),
        status_column(),
        submitted_column(),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/review/", OutsideTrainingReviewView.as_view(), name="review"
            ),
            path("<int:pk>/evidence/", outside_training_evidence, name="evidence"),
        ]


class RscLogReviewViewSet(HoursViewSet):
    model = RscLogEntry
    icon = "group"
    url_prefix = "hours/rsc"
    url_namespace = "rsc_review"
    menu_label = gettext_lazy("RSC to review")
    index_view_class = RscLogQueueView
    filterset_class = RscLogFilterSet
    list_select_related = ("learner", "provider_category")
    allowed_views = ("index",)
    list_display = [
        DateColumn("date", label=gettext_lazy("Date"), sort_key="date"),
        learner_column(),
        Column(
            "hours",
            label=gettext_lazy("Hours"),
            accessor=lambda row: hours_text(row.hours),
            sort_key="hours",
        ),
        Column("format", label=gettext_lazy("Format"), accessor="get_format_display"),
        Column("provider_name", label=gettext_lazy("Provider")),
        Column(
            "provider_category",
            label=gettext_lazy("Provider's category"),
            accessor=lambda row: (
                row.provider_category.code if row.provider_category else "—"
            ),
        ),
        Column(
            "is_peer",
            label=gettext_lazy("Peer"),
            accessor=lambda row: yes_no(row.is_peer),
        ),
        Column(
            "about_providing",
            label=gettext_lazy("About providing"),
            accessor=lambda row: yes_no(row.about_providing),
        ),
        status_column(),
        submitted_column(),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/review/", RscLogReviewView.as_view(), name="review"),
        ]


# --- Endorsements and the ledger ----------------------------------------------------


class EndorsementIndexView(HoursIndexView):
    @cached_property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        return self.search_words(
            queryset,
            [*LEARNER_SEARCH_FIELDS, "endorsement_number"],
        )

    def get_title_url(self, instance):
        return self.get_inspect_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.request.user.has_perm("lms.change_endorsement"):
            return buttons
        if instance.status == EndorsementStatus.RECORDED:
            buttons.append(
                ListingMenuItem(
                    _("Confirm"),
                    url=reverse("lms_endorsements:confirm", args=[instance.pk]),
                    icon_name="check",
                    priority=40,
                )
            )
        if instance.status != EndorsementStatus.LAPSED:
            buttons.append(
                ListingMenuItem(
                    _("Mark lapsed"),
                    url=reverse("lms_endorsements:lapse", args=[instance.pk]),
                    icon_name="warning",
                    priority=50,
                )
            )
        return buttons


class EndorsementViewSet(HoursViewSet):
    """Endorsements as learners recorded them. Read-only apart from the two
    decisions an administrator makes: confirm, and mark lapsed."""

    model = Endorsement
    icon = "success"
    url_prefix = "hours/endorsements"
    url_namespace = "lms_endorsements"
    menu_label = gettext_lazy("Endorsements")
    index_view_class = EndorsementIndexView
    allowed_views = ("index",)
    inspect_view_enabled = True
    inspect_view_fields = [
        "learner",
        "category",
        "endorsed_on",
        "endorsement_number",
        "status",
        "registry_consent",
        "confirmed_by",
        "confirmed_at",
        "lapsed_at",
        "created_at",
    ]
    list_select_related = ("learner", "category")
    list_filter = ["status", "category"]
    list_display = [
        learner_column(),
        Column(
            "category",
            label=gettext_lazy("Category"),
            accessor="category.code",
            sort_key="category__code",
        ),
        DateColumn(
            "endorsed_on", label=gettext_lazy("Endorsed on"), sort_key="endorsed_on"
        ),
        Column("endorsement_number", label=gettext_lazy("Number")),
        status_column(),
        Column(
            "registry_consent",
            label=gettext_lazy("Registry consent"),
            accessor=lambda row: yes_no(row.registry_consent),
        ),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/confirm/", EndorsementConfirmView.as_view(), name="confirm"),
            path("<int:pk>/lapse/", EndorsementLapseView.as_view(), name="lapse"),
        ]


class CreditEntryFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"),
        choices=CreditKind.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=CreditStatus.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = CreditEntry
        fields = ["kind", "status", "date"]


class CreditEntryIndexView(HoursIndexView):
    @cached_property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        return self.search_words(
            queryset,
            [*LEARNER_SEARCH_FIELDS, "title"],
        )

    def get_title_url(self, instance):
        return self.get_inspect_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if (
            instance.status == CreditStatus.APPROVED
            and user.has_perm("lms.view_creditentry")
            and user.has_perm("lms.revoke_creditentry")
        ):
            buttons.append(
                ListingMenuItem(
                    _("Revoke"),
                    url=reverse("lms_ledger:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=50,
                )
            )
        return buttons


class CreditEntryViewSet(HoursViewSet):
    """The ledger, read-only: entries are written by services (course completion,
    ECHO attendance, approvals) and only ever revoked here, never edited."""

    model = CreditEntry
    icon = "list-ol"
    url_prefix = "hours/ledger"
    url_namespace = "lms_ledger"
    menu_label = gettext_lazy("Ledger entries")
    index_view_class = CreditEntryIndexView
    filterset_class = CreditEntryFilterSet
    allowed_views = ("index",)
    inspect_view_enabled = True
    inspect_view_fields = [
        "learner",
        "kind",
        "counts_toward",
        "title",
        "provider",
        "date",
        "hours",
        "competency_areas",
        "dei",
        "rsc_topic",
        "rsc_format",
        "rsc_provider_category",
        "rsc_is_peer",
        "rsc_about_providing",
        "status",
        "reviewed_by",
        "reviewed_at",
        "revoked_by",
        "revoked_at",
        "note",
        "source_type",
        "source_id",
        "created_at",
    ]
    list_select_related = ("learner",)
    list_display = [
        Column("title", label=gettext_lazy("Title"), sort_key="title"),
        learner_column(),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        DateColumn("date", label=gettext_lazy("Date"), sort_key="date"),
        Column(
            "hours",
            label=gettext_lazy("Hours"),
            accessor=lambda row: hours_text(row.hours),
            sort_key="hours",
        ),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/revoke/", CreditRevokeView.as_view(), name="revoke"),
        ]


class HoursViewSetGroup(ViewSetGroup):
    """Everything about hours in one menu: what counts (taxonomy, categories and
    their dated rules), what waits for review, and the ledger."""

    menu_label = gettext_lazy("Hours")
    menu_icon = "time"
    menu_name = "hours"
    menu_order = 250
    items = (
        OutsideTrainingReviewViewSet,
        RscLogReviewViewSet,
        EndorsementViewSet,
        CreditEntryViewSet,
        CompetencyDomainViewSet,
        CompetencyAreaViewSet,
        EndorsementCategoryViewSet,
        CategoryRequirementViewSet,
        RenewalRuleViewSet,
    )


class ReasonLogFormatter(LogFormatter):
    """Log lines that say why, for decisions that need a reason."""

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if reason:
            return _("%(message)s: %(reason)s") % {
                "message": self.message,
                "reason": reason,
            }
        return self.message


LOG_ACTIONS = [
    (
        "lms.submission_approved",
        gettext_lazy("Approve submission"),
        gettext_lazy("Approved; the hours entered the ledger"),
    ),
    (
        "lms.submission_returned",
        gettext_lazy("Return submission for changes"),
        gettext_lazy("Returned to the learner for changes"),
    ),
    (
        "lms.submission_rejected",
        gettext_lazy("Reject submission"),
        gettext_lazy("Rejected"),
    ),
    (
        "lms.endorsement_confirmed",
        gettext_lazy("Confirm endorsement"),
        gettext_lazy("Endorsement confirmed"),
    ),
    (
        "lms.endorsement_lapsed",
        gettext_lazy("Mark endorsement lapsed"),
        gettext_lazy("Endorsement marked lapsed"),
    ),
    (
        "lms.credit_revoked",
        gettext_lazy("Revoke hours"),
        gettext_lazy("Hours revoked"),
    ),
]


def register_log_actions(actions) -> None:
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "HoursLogFormatter",
                (ReasonLogFormatter,),
                {"label": label, "message": message},
            )
        )
