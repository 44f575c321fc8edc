"""The "Courses" area of the Wagtail admin: enrolments (with the requests waiting
for approval) and a report per course with its downloads and quiz item analysis.

Courses and lessons themselves are pages, built in the page tree. The listing and
its filters are Wagtail's generic views; the pages where an administrator decides
something or reads a report live in ``courses.admin_views``."""

import django_filters

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets import HeaderButton

from lms.admin_views import learner_label
from lms.viewsets import (
    LEARNER_SEARCH_FIELDS,
    HoursIndexView,
    RestrictedModelViewSet,
)

from . import admin_selectors, admin_views
from .choices import EnrolmentStatus
from .models import CoursePage, Enrolment


def course_choices(request):
    return CoursePage.objects.defer_streamfields().order_by("title", "pk")


class EnrolmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        queryset=course_choices,
        empty_label=gettext_lazy("All"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=EnrolmentStatus.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Enrolment
        fields = ["course", "status"]


class EnrolmentIndexView(HoursIndexView):
    """Enrolments, newest request first. Search finds a learner by name or e-mail;
    the filters narrow to one course or one status (such as the requests waiting
    for approval)."""

    default_ordering = "-requested_at"
    template_name = "courses/admin/enrolment_index.html"

    def get_base_queryset(self):
        return admin_selectors.enrolments_admin()

    @cached_property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        return self.search_words(
            queryset,
            [*LEARNER_SEARCH_FIELDS, "learner__profile__certificate_name"],
        )

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-pk")

    def get_title_url(self, instance):
        return admin_views.enrolment_url(instance)

    @cached_property
    def filtered_course_id(self) -> int | None:
        filters = self.filters
        if filters is None or not filters.is_valid():
            return None
        course = filters.form.cleaned_data.get("course")
        return course.pk if course else None

    @cached_property
    def header_buttons(self):
        if self.filtered_course_id is None:
            return []
        return [
            HeaderButton(
                _("Report and downloads for this course"),
                url=admin_views.report_url(self.filtered_course_id),
                icon_name="table",
                priority=10,
            )
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == EnrolmentStatus.PENDING and self.request.user.has_perm(
            admin_views.CHANGE
        ):
            buttons.append(
                ListingMenuItem(
                    _("Approve"),
                    url=reverse("course_enrolments:approve", args=[instance.pk]),
                    icon_name="check",
                    priority=40,
                )
            )
            buttons.append(
                ListingMenuItem(
                    _("Decline"),
                    url=reverse("course_enrolments:decline", args=[instance.pk]),
                    icon_name="cross",
                    priority=50,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["pending_count"] = admin_views.pending_count(self.request.user)
            context["pending_url"] = admin_views.enrolments_url(
                course_id=self.filtered_course_id, status=EnrolmentStatus.PENDING
            )
        return context


class EnrolmentViewSet(RestrictedModelViewSet):
    """Enrolments are made by learners and decided here: there is no form to add
    or edit one."""

    model = Enrolment
    icon = "group"
    url_prefix = "courses/enrolments"
    url_namespace = "course_enrolments"
    menu_label = gettext_lazy("Enrolments")
    add_to_reference_index = False
    index_view_class = EnrolmentIndexView
    filterset_class = EnrolmentFilterSet
    allowed_views = ("index",)
    list_display = [
        Column(
            "learner",
            label=gettext_lazy("Learner"),
            accessor=lambda row: learner_label(row.learner),
            sort_key="learner__last_name",
        ),
        Column(
            "course",
            label=gettext_lazy("Course"),
            accessor="course.title",
            sort_key="course__title",
        ),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            sort_key="status",
        ),
        DateColumn(
            "requested_at", label=gettext_lazy("Requested"), sort_key="requested_at"
        ),
        Column(
            "lessons_done",
            label=gettext_lazy("Lessons done"),
            sort_key="lessons_done",
        ),
        Column("attempts", label=gettext_lazy("Quiz attempts"), sort_key="attempts"),
        DateColumn(
            "completed_at", label=gettext_lazy("Completed"), sort_key="completed_at"
        ),
    ]

    def get_permissions_to_register(self):
        # "view" opens the listing and the reports, "change" decides requests.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Enrolment),
            codename__in=["view_enrolment", "change_enrolment"],
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/",
                admin_views.EnrolmentDetailView.as_view(),
                name="detail",
            ),
            path(
                "<int:pk>/approve/",
                admin_views.EnrolmentApproveView.as_view(),
                name="approve",
            ),
            path(
                "<int:pk>/decline/",
                admin_views.EnrolmentDeclineView.as_view(),
                name="decline",
            ),
        ]


class PermissionMenuItem(MenuItem):
    permission = admin_views.VIEW

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class CourseReportViewSet(ViewSet):
    """A report per course: totals, downloads and the quiz item analysis."""

    icon = "table"
    url_prefix = "courses/reports"
    url_namespace = "course_reports"
    menu_label = gettext_lazy("Course reports")
    menu_item_class = PermissionMenuItem

    @property
    def menu_url(self):
        return reverse(admin_views.REPORTS_INDEX)

    def get_urlpatterns(self):
        return [
            path("", admin_views.CourseReportIndexView.as_view(), name="index"),
            path("<int:pk>/", admin_views.CourseReportView.as_view(), name="report"),
            path(
                "<int:pk>/items/",
                admin_views.QuizItemAnalysisView.as_view(),
                name="items",
            ),
            path(
                "<int:pk>/<slug:kind>.<slug:fmt>",
                admin_views.course_export,
                name="export",
            ),
        ]


class CoursesViewSetGroup(ViewSetGroup):
    """Enrolments and reports in one menu. The courses themselves are pages."""

    menu_label = gettext_lazy("Courses")
    menu_icon = "clipboard-list"
    menu_name = "courses"
    menu_order = 240
    items = (EnrolmentViewSet, CourseReportViewSet)
