from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from .views import accounts, competencies, hours, registry, submissions, transcript

hours_patterns = [
    path("", hours.hours_overview, name="hours"),
    path("transcript/", transcript.transcript, name="transcript"),
    path("portfolio/", transcript.portfolio, name="portfolio"),
    path(
        "training/",
        submissions.outside_training_list,
        name="outside_training_list",
    ),
    path(
        "training/new/",
        submissions.outside_training_create,
        name="outside_training_create",
    ),
    path(
        "training/<int:pk>/",
        submissions.outside_training_detail,
        name="outside_training_detail",
    ),
    path(
        "training/<int:pk>/edit/",
        submissions.outside_training_update,
        name="outside_training_update",
    ),
    path(
        "training/<int:pk>/submit/",
        submissions.outside_training_submit,
        name="outside_training_submit",
    ),
    path(
        "training/<int:pk>/withdraw/",
        submissions.outside_training_withdraw,
        name="outside_training_withdraw",
    ),
    path(
        "training/<int:pk>/evidence/",
        submissions.outside_training_evidence,
        name="outside_training_evidence",
    ),
    path("rsc/", submissions.rsc_log_list, name="rsc_log"),
    path("rsc/new/", submissions.rsc_log_create, name="rsc_log_create"),
    path("rsc/<int:pk>/edit/", submissions.rsc_log_update, name="rsc_log_update"),
    path(
        "rsc/<int:pk>/withdraw/",
        submissions.rsc_log_withdraw,
        name="rsc_log_withdraw",
    ),
    path("endorsements/", submissions.endorsement_list, name="endorsements"),
    path(
        "endorsements/new/",
        submissions.endorsement_create,
        name="endorsement_create",
    ),
    path(
        "endorsements/<int:pk>/registry/",
        submissions.endorsement_consent,
        name="endorsement_consent",
    ),
    path(
        "endorsements/<int:pk>/withdraw/",
        submissions.endorsement_withdraw,
        name="endorsement_withdraw",
    ),
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", accounts.profile_update, name="profile"),
    path(
        "accounts/delete/",
        accounts.account_deletion_request,
        name="account_deletion_request",
    ),
    path(
        "accounts/delete/withdraw/",
        accounts.account_deletion_request_withdraw,
        name="account_deletion_request_withdraw",
    ),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", accounts.dashboard, name="dashboard"),
    path("hours/", include(hours_patterns)),
    path("registry/", registry.registry, name="registry"),
    path("competencies/", competencies.competencies, name="competencies"),
    path("certificates/", include("certificates.urls")),
    path("notes/", include("courses.urls")),
    path("my-echo/", include("echo.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's own pattern takes letters, digits and "-" only; pages' routes that name
    # a file (an ECHO series' "calendar.ics/", a session's "invite.ics/") need the dot.
    re_path(
        r"^((?:[\w\-]+/)*[\w\-]+\.ics/?)$", wagtail_serve, name="wagtail_serve_file"
    ),
    path("", include(wagtail_urls)),
]
