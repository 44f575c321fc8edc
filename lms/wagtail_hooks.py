from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .choices import DeletionRequestStatus
from .models import AccountDeletionRequest
from .reports import HoursReportsViewSet, report_menu_item
from .services import account_deletion_request_complete
from .viewsets import HoursViewSetGroup
from .viewsets import register_log_actions as register_hours_log_actions


class DeletionRequestIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if (
            instance.status == DeletionRequestStatus.PENDING
            and self.request.user.has_perm("lms.delete_user")
        ):
            buttons.append(
                ListingMenuItem(
                    _("Carry out"),
                    url=reverse("deletion_requests:carry_out", args=[instance.pk]),
                    icon_name="bin",
                    priority=50,
                )
            )
        return buttons


class AccountDeletionRequestViewSet(ModelViewSet):
    model = AccountDeletionRequest
    index_view_class = DeletionRequestIndexView
    icon = "user"
    menu_label = gettext_lazy("Deletion requests")
    menu_order = 900
    add_to_settings_menu = True
    url_prefix = "deletion-requests"
    url_namespace = "deletion_requests"
    list_display = [
        "email",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        DateColumn("requested_at", label=gettext_lazy("Requested")),
        DateColumn("resolved_at", label=gettext_lazy("Resolved")),
    ]
    list_filter = ["status"]
    search_fields = ["email"]
    inspect_view_enabled = True
    inspect_view_fields = ["email", "reason", "status", "requested_at", "resolved_at"]
    form_fields = ["reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/carry-out/", self.carry_out_view, name="carry_out"),
        ]

    def carry_out_view(self, request, pk):
        if not request.user.has_perm("lms.delete_user"):
            raise PermissionDenied
        deletion_request = get_object_or_404(AccountDeletionRequest, pk=pk)
        if request.method == "POST":
            try:
                account_deletion_request_complete(
                    deletion_request=deletion_request, by=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                log(instance=deletion_request, action="lms.account_deleted")
                messages.success(
                    request,
                    _("The account of %(email)s has been deleted.")
                    % {"email": deletion_request.email},
                )
            return redirect(reverse("deletion_requests:index"))
        return TemplateResponse(
            request,
            "lms/admin/deletion_request_carry_out.html",
            {
                "deletion_request": deletion_request,
                "is_pending": deletion_request.status == DeletionRequestStatus.PENDING,
                "header_title": _("Delete the account of %(email)s")
                % {"email": deletion_request.email},
            },
        )


deletion_request_viewset = AccountDeletionRequestViewSet("deletion_requests")


@hooks.register("register_admin_viewset")
def register_deletion_request_viewset():
    return deletion_request_viewset


@hooks.register("register_admin_viewset")
def register_hours_viewsets():
    return HoursViewSetGroup()


@hooks.register("register_admin_viewset")
def register_hours_reports():
    return HoursReportsViewSet()


@hooks.register("register_reports_menu_item")
def register_hours_per_learner_report():
    return report_menu_item("per_learner")


@hooks.register("register_reports_menu_item")
def register_pending_reviews_report():
    return report_menu_item("pending")


@hooks.register("register_reports_menu_item")
def register_close_to_goal_report():
    return report_menu_item("close_to_goal")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "lms.account_deleted", _("Delete account"), _("Account deleted on request")
    )
    register_hours_log_actions(actions)


@hooks.register("register_admin_menu_item")
def register_site_link():
    return AdminMenuItem(
        gettext_lazy("View the site"), "/", icon_name="site", order=10000
    )
