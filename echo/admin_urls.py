"""Addresses of the ECHO admin, under /admin/echo/ (namespace ``echo_admin``)."""

from django.urls import path

from . import admin_views as views

urlpatterns = [
    path("", views.SeriesIndexView.as_view(), name="index"),
    path("reports/", views.AllSeriesReportView.as_view(), name="reports"),
    path("reports.csv", views.AllSeriesReportCsvView.as_view(), name="reports_csv"),
    path("series/<int:pk>/", views.SeriesDetailView.as_view(), name="series"),
    path(
        "series/<int:pk>/sessions/add/",
        views.SessionAddView.as_view(),
        name="session_add",
    ),
    path("series/<int:pk>/cases/", views.CaseQueueView.as_view(), name="cases"),
    path("series/<int:pk>/report/", views.SeriesReportView.as_view(), name="report"),
    path(
        "series/<int:pk>/report.csv",
        views.SeriesReportCsvView.as_view(),
        name="report_csv",
    ),
    path(
        "sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session_edit"
    ),
    path(
        "sessions/<int:pk>/reschedule/",
        views.SessionRescheduleView.as_view(),
        name="session_reschedule",
    ),
    path(
        "sessions/<int:pk>/cancel/",
        views.SessionCancelView.as_view(),
        name="session_cancel",
    ),
    path("sessions/<int:pk>/roster/", views.RosterView.as_view(), name="roster"),
    path("sessions/<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path(
        "sessions/<int:pk>/import/",
        views.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path("imports/<int:pk>/", views.ImportPreviewView.as_view(), name="import"),
    path(
        "imports/<int:pk>/apply/",
        views.ImportApplyView.as_view(),
        name="import_apply",
    ),
    path(
        "imports/<int:pk>/discard/",
        views.ImportDiscardView.as_view(),
        name="import_discard",
    ),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
]
