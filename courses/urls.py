from django.urls import path

from . import notes_views

app_name = "courses"

urlpatterns = [
    path("", notes_views.reflection_notes, name="reflection_notes"),
]
