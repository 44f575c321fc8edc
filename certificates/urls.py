from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("issuer.json", views.issuer_profile, name="issuer"),
    path("status/<uuid:uuid>.json", views.credential_status, name="status"),
    path("<uuid:uuid>/download/", views.certificate_download, name="download"),
    path("<uuid:uuid>/badge.json", views.certificate_badge, name="badge"),
]
