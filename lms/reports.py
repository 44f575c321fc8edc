"""Reports on hours, under the admin's Reports menu: hours per learner, what waits for
review, and learners close to their goal. Built on Wagtail's ``ReportView``, so every
report pages, filters and exports to CSV (streamed) and XLSX.

Each report is one SQL query for its rows however many learners and entries there
are: totals are aggregates (``Sum(..., filter=...)``) or subqueries, never a query
per row."""

import datetime
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

import django_filters

from django.core.exceptions import PermissionDenied
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet

from . import roles
from .admin_views import hours_text, split_words_search
from .choices import CountsToward, CreditStatus, Discipline, SubmissionStatus
from .models import (
    CategoryRequirement,
    CreditEntry,
    EndorsementCategory,
    LearnerProfile,
    OutsideTraining,
    RscLogEntry,
    User,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
HOURS_FIELD = DecimalField(max_digits=12, decimal_places=2)
# "Close to a goal": at most this many training hours short of the minimum.
CLOSE_TO_GOAL_HOURS = Decimal(5)
DISCIPLINES = dict(Discipline.choices)


def discipline_label(row) -> str:
    return str(DISCIPLINES.get(row.discipline, row.discipline))


def learners() -> QuerySet[User]:
    return User.objects.filter(groups__name=roles.LEARNER)


class HoursReportView(ReportView):
    """A report for those holding ``permission``. Rows are built by
    ``get_queryset`` alone (filtered, searched and ordered there), so that the
    aggregates are computed once, after the filters."""

    permission = "lms.view_creditentry"
    paginate_by = 50
    search_fields: list[str] = []
    row_name = gettext_lazy("learner")
    rows_name = gettext_lazy("learners")

    def dispatch(self, request, *args, **kwargs):
        permissions = (
            self.permission
            if isinstance(self.permission, tuple)
            else (self.permission,)
        )
        if not any(request.user.has_perm(codename) for codename in permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the file: building the listing's context first would
            # read every row once more just to count them.
            rows = self.decorate_paginated_queryset(self.get_filtered_queryset())
            return self.as_spreadsheet(rows, request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        # "3 learners", not "3 users": the rows are not always one model's.
        paginator.verbose_name = self.row_name
        paginator.verbose_name_plural = self.rows_name
        return paginator

    @cached_property
    def is_searchable(self):
        return bool(self.search_fields)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return split_words_search(queryset, self.search_query, self.search_fields)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def to_row_dict(self, item):
        row = OrderedDict()
        for field in self.list_export:
            value = getattr(item, field)
            if isinstance(value, Decimal):
                value = value.quantize(CENT)
            row[field] = value
        return row

    def stream_csv(self, queryset):
        # Read rows from the database in chunks as the response streams, rather than
        # loading every learner into memory first.
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(chunk_size=2000)
        return super().stream_csv(queryset)

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


# --- Hours per learner ----------------------------------------------------------------


def county_choices():
    counties = (
        LearnerProfile.objects.exclude(county="")
        .order_by("county")
        .values_list("county", flat=True)
        .distinct()
    )
    seen, choices = set(), []
    for county in counties:
        key = county.strip().lower()
        if key not in seen:
            seen.add(key)
            choices.append((county.strip(), county.strip()))
    return choices


class HoursPerLearnerFilterSet(WagtailFilterSet):
    county = django_filters.ChoiceFilter(
        label=gettext_lazy("County"),
        field_name="profile__county",
        lookup_expr="iexact",
        choices=county_choices,
        empty_label=gettext_lazy("All"),
    )
    discipline = django_filters.ChoiceFilter(
        label=gettext_lazy("Discipline"),
        field_name="profile__discipline",
        choices=Discipline.choices,
        empty_label=gettext_lazy("All"),
    )
    goal = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Goal"),
        field_name="profile__goal_category",
        queryset=EndorsementCategory.objects.filter(is_offered=True),
        empty_label=gettext_lazy("All"),
    )
    # The date range narrows the entries summed, not the learners listed; the view
    # reads it (see HoursPerLearnerReportView.entries_in_range).
    entry_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Entries dated"),
        widget=DateRangePickerWidget,
        method="keep_all_learners",
    )

    class Meta:
        model = User
        fields = ["county", "discipline", "goal", "entry_date"]

    def keep_all_learners(self, queryset, name, value):
        return queryset


class HoursPerLearnerReportView(HoursReportView):
    page_title = gettext_lazy("Hours per learner")
    header_icon = "time"
    index_url_name = "hours_reports:per_learner"
    index_results_url_name = "hours_reports:per_learner_results"
    filterset_class = HoursPerLearnerFilterSet
    search_fields = ["email", "first_name", "last_name"]
    default_ordering = "last_name"
    export_filename = "hours-per-learner"
    list_export = [
        "name",
        "email",
        "county",
        "discipline_label",
        "goal",
        "training_hours",
        "rsc_hours",
        "dei_hours",
        "entry_count",
    ]
    export_headings = {
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("E-mail"),
        "county": gettext_lazy("County"),
        "discipline_label": gettext_lazy("Discipline"),
        "goal": gettext_lazy("Goal"),
        "training_hours": gettext_lazy("Training hours"),
        "rsc_hours": gettext_lazy("RSC hours (not peer)"),
        "dei_hours": gettext_lazy("DEI hours"),
        "entry_count": gettext_lazy("Entries"),
    }
    columns = [
        Column(
            "name",
            label=gettext_lazy("Name"),
            accessor="get_full_name",
            sort_key="last_name",
        ),
        Column("email", label=gettext_lazy("E-mail"), sort_key="email"),
        Column("county", label=gettext_lazy("County"), sort_key="county"),
        Column(
            "discipline", label=gettext_lazy("Discipline"), accessor=discipline_label
        ),
        Column("goal", label=gettext_lazy("Goal"), sort_key="goal"),
        Column(
            "training_hours",
            label=gettext_lazy("Training hours"),
            accessor=lambda row: hours_text(row.training_hours),
            sort_key="training_hours",
        ),
        Column(
            "rsc_hours",
            label=gettext_lazy("RSC hours (not peer)"),
            accessor=lambda row: hours_text(row.rsc_hours),
            sort_key="rsc_hours",
        ),
        Column(
            "dei_hours",
            label=gettext_lazy("DEI hours"),
            accessor=lambda row: hours_text(row.dei_hours),
            sort_key="dei_hours",
        ),
        Column("entry_count", label=gettext_lazy("Entries"), sort_key="entry_count"),
    ]

    def entries_in_range(self) -> Q:
        """Approved entries dated within the chosen range (all of them if none)."""
        condition = Q(credit_entries__status=CreditStatus.APPROVED)
        dates = None
        if self.filters is not None and self.filters.is_valid():
            dates = self.filters.form.cleaned_data.get("entry_date")
        if dates:
            if dates.start:
                condition &= Q(credit_entries__date__gte=dates.start)
            if dates.stop:
                condition &= Q(credit_entries__date__lte=dates.stop)
        return condition

    def get_queryset(self):
        in_range = self.entries_in_range()
        training = in_range & Q(credit_entries__counts_toward=CountsToward.TRAINING)
        self.learners_listed = self.search_queryset(self.filter_queryset(learners()))
        rows = self.learners_listed.annotate(
            county=Coalesce(F("profile__county"), Value("")),
            discipline=Coalesce(F("profile__discipline"), Value("")),
            goal=Coalesce(
                F("profile__goal_category__code"), Value(""), output_field=CharField()
            ),
            training_hours=self.hours_sum(training),
            rsc_hours=self.hours_sum(
                in_range
                & Q(credit_entries__counts_toward=CountsToward.RSC)
                & Q(credit_entries__rsc_is_peer=False)
            ),
            dei_hours=self.hours_sum(training & Q(credit_entries__dei=True)),
            entry_count=Count("credit_entries", filter=in_range),
        )
        ordering = self.ordering
        return rows.order_by(ordering, "pk") if ordering else rows.order_by("pk")

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        # The totals never add or remove rows, so count the learners alone rather
        # than computing every learner's totals once more just to count them.
        paginator.count = self.learners_listed.count()
        return paginator

    @staticmethod
    def hours_sum(condition: Q) -> Coalesce:
        return Coalesce(
            Sum("credit_entries__hours", filter=condition),
            Value(ZERO),
            output_field=HOURS_FIELD,
        )

    def to_row_dict(self, item):
        item.name = item.get_full_name()
        item.discipline_label = discipline_label(item)
        return super().to_row_dict(item)


# --- Pending reviews ----------------------------------------------------------------


@dataclass(frozen=True)
class PendingRow:
    kind: str
    type_label: str
    pk: int
    learner: str
    email: str
    title: str
    provider: str
    hours: Decimal
    submitted_at: datetime.datetime | None
    days_waiting: int | None
    review_url: str


class PendingReviewsReportView(HoursReportView):
    """Both review queues in one list, oldest first, with how long each has waited."""

    permission = ("lms.review_outsidetraining", "lms.review_rsclogentry")
    row_name = gettext_lazy("submission")
    rows_name = gettext_lazy("submissions")
    page_title = gettext_lazy("Pending reviews")
    header_icon = "tasks"
    index_url_name = "hours_reports:pending"
    index_results_url_name = "hours_reports:pending_results"
    export_filename = "pending-reviews"
    list_export = [
        "type_label",
        "learner",
        "email",
        "title",
        "provider",
        "hours",
        "submitted_at",
        "days_waiting",
    ]
    export_headings = {
        "type_label": gettext_lazy("Type"),
        "learner": gettext_lazy("Learner"),
        "email": gettext_lazy("E-mail"),
        "title": gettext_lazy("Title"),
        "provider": gettext_lazy("Provider"),
        "hours": gettext_lazy("Clock hours"),
        "submitted_at": gettext_lazy("Submitted"),
        "days_waiting": gettext_lazy("Days waiting"),
    }
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            get_url=lambda row: row.review_url,
        ),
        Column("type_label", label=gettext_lazy("Type")),
        Column("learner", label=gettext_lazy("Learner")),
        Column("provider", label=gettext_lazy("Provider")),
        Column(
            "hours",
            label=gettext_lazy("Clock hours"),
            accessor=lambda row: hours_text(row.hours),
        ),
        DateColumn("submitted_at", label=gettext_lazy("Submitted")),
        Column("days_waiting", label=gettext_lazy("Days waiting")),
    ]
    custom_field_preprocess = {
        # In the administrator's time zone, to the minute, rather than in UTC.
        "submitted_at": {
            ReportView.FORMAT_CSV: lambda value: (
                timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
            ),
            ReportView.FORMAT_XLSX: lambda value: (
                timezone.make_naive(timezone.localtime(value)) if value else None
            ),
        }
    }
    FIELDS = [
        "row_kind",
        "row_pk",
        "row_first_name",
        "row_last_name",
        "row_email",
        "row_title",
        "row_provider",
        "row_hours",
        "row_submitted_at",
    ]

    def get_queryset(self):
        # One UNION query over both queues, so that the list pages and sorts in SQL.
        # Every column is an annotation, named alike on both sides, so both SELECT
        # lists line up.
        def columns(kind, title, provider, hours):
            return {
                "row_kind": Value(kind, output_field=CharField()),
                "row_pk": F("pk"),
                "row_first_name": F("learner__first_name"),
                "row_last_name": F("learner__last_name"),
                "row_email": F("learner__email"),
                "row_title": title,
                "row_provider": provider,
                "row_hours": hours,
                "row_submitted_at": F("submitted_at"),
            }

        trainings = (
            OutsideTraining.objects.filter(status=SubmissionStatus.PENDING)
            .order_by()
            .annotate(
                **columns("training", F("title"), F("provider"), F("clock_hours"))
            )
            .values_list(*self.FIELDS)
        )
        rsc = (
            RscLogEntry.objects.filter(status=SubmissionStatus.PENDING)
            .order_by()
            .annotate(
                **columns(
                    "rsc",
                    Value(
                        _("Reflective supervision/consultation"),
                        output_field=CharField(),
                    ),
                    F("provider_name"),
                    F("hours"),
                )
            )
            .values_list(*self.FIELDS)
        )
        return trainings.union(rsc, all=True).order_by(
            "row_submitted_at", "row_kind", "row_pk"
        )

    def paginate_queryset(self, queryset, page_size):
        # The table is built from the page's rows before ReportView decorates them,
        # so turn the page's tuples into rows here.
        paginator, page, object_list, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = self.decorate_paginated_queryset(object_list)
        return paginator, page, page.object_list, is_paginated

    def decorate_paginated_queryset(self, object_list):
        if isinstance(object_list, list):
            return object_list  # already rows
        now = timezone.now()
        labels = {
            "training": _("Outside training"),
            "rsc": _("RSC"),
        }
        urls = {
            "training": "outside_training_review:review",
            "rsc": "rsc_review:review",
        }
        rows = []
        for (
            kind,
            pk,
            first,
            last,
            email,
            title,
            provider,
            hours,
            submitted,
        ) in object_list:
            name = f"{first} {last}".strip()
            rows.append(
                PendingRow(
                    kind=kind,
                    type_label=labels[kind],
                    pk=pk,
                    learner=name or email,
                    email=email,
                    title=title,
                    provider=provider,
                    hours=Decimal(hours),
                    submitted_at=submitted,
                    days_waiting=(now - submitted).days if submitted else None,
                    review_url=reverse(urls[kind], args=[pk]),
                )
            )
        return rows


# --- Close to a goal ------------------------------------------------------------------


class CloseToGoalReportView(HoursReportView):
    """Learners a few training hours short of the minimum for the category they are
    working toward, under the requirement in force today — worth a nudge."""

    page_title = gettext_lazy("Close to a goal")
    header_icon = "pick"
    index_url_name = "hours_reports:close_to_goal"
    index_results_url_name = "hours_reports:close_to_goal_results"
    search_fields = ["email", "first_name", "last_name"]
    export_filename = "close-to-goal"
    list_export = ["name", "email", "goal", "training_hours", "missing"]
    export_headings = {
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("E-mail"),
        "goal": gettext_lazy("Goal"),
        "training_hours": gettext_lazy("Training hours"),
        "missing": gettext_lazy("Hours missing"),
    }
    columns = [
        Column("name", label=gettext_lazy("Name"), accessor="get_full_name"),
        Column("email", label=gettext_lazy("E-mail")),
        Column("goal", label=gettext_lazy("Goal")),
        Column(
            "training_hours",
            label=gettext_lazy("Training hours"),
            accessor=lambda row: hours_text(row.training_hours),
        ),
        Column(
            "missing",
            label=gettext_lazy("Hours missing"),
            accessor=lambda row: hours_text(row.missing),
        ),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        minimum = (
            CategoryRequirement.objects.filter(
                category=OuterRef("profile__goal_category"),
                effective_from__lte=today,
            )
            .order_by("-effective_from")
            .values("min_training_hours")[:1]
        )
        # The same total the learner's progress page shows: approved training dated
        # up to today. A subquery per learner (on the ledger's index) rather than a
        # join, so that the requirement subquery needs no GROUP BY.
        total = (
            CreditEntry.objects.training()
            .filter(learner=OuterRef("pk"), date__lte=today)
            .order_by()
            .values("learner")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        rows = (
            learners()
            .filter(profile__goal_category__isnull=False)
            .annotate(
                goal=F("profile__goal_category__code"),
                required=Subquery(minimum, output_field=HOURS_FIELD),
                training_hours=Coalesce(
                    Subquery(total, output_field=HOURS_FIELD),
                    Value(ZERO),
                    output_field=HOURS_FIELD,
                ),
            )
            .annotate(missing=F("required") - F("training_hours"))
            .filter(missing__gt=0, missing__lte=CLOSE_TO_GOAL_HOURS)
        )
        return self.search_queryset(rows).order_by("missing", "last_name", "pk")

    def to_row_dict(self, item):
        item.name = item.get_full_name()
        return super().to_row_dict(item)


# --- Registration -------------------------------------------------------------------


class HoursReportsViewSet(ViewSet):
    """The URLs of the hours reports; their menu items go under Reports."""

    name = "hours_reports"
    url_prefix = "reports/hours"
    REPORTS = [
        ("per-learner/", "per_learner", HoursPerLearnerReportView),
        ("pending/", "pending", PendingReviewsReportView),
        ("close-to-goal/", "close_to_goal", CloseToGoalReportView),
    ]

    def get_urlpatterns(self):
        patterns = []
        for route, name, view_class in self.REPORTS:
            patterns += [
                path(route, view_class.as_view(), name=name),
                path(
                    f"{route}results/",
                    view_class.as_view(results_only=True),
                    name=f"{name}_results",
                ),
            ]
        return patterns


class ReportMenuItem(MenuItem):
    def __init__(self, *args, permissions: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return any(request.user.has_perm(codename) for codename in self.permissions)


MENU_ITEMS = {
    "per_learner": (
        gettext_lazy("Hours per learner"),
        "time",
        100,
        ("lms.view_creditentry",),
    ),
    "pending": (
        gettext_lazy("Pending reviews"),
        "tasks",
        110,
        PendingReviewsReportView.permission,
    ),
    "close_to_goal": (
        gettext_lazy("Close to a goal"),
        "pick",
        120,
        ("lms.view_creditentry",),
    ),
}


def report_menu_item(name: str) -> MenuItem:
    label, icon, order, permissions = MENU_ITEMS[name]
    return ReportMenuItem(
        label,
        reverse(f"hours_reports:{name}"),
        name=name.replace("_", "-"),
        icon_name=icon,
        order=order,
        permissions=permissions,
    )
