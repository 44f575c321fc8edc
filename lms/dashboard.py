"""Panels that other apps add to the learner's dashboard.

``lms`` imports nothing from the apps built on it; instead each of them names a panel
in ``settings.DASHBOARD_PANELS`` — a callable that takes the request and returns the
panel's HTML (a ``<section class="panel">``). The dashboard shows them in order."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString


def dashboard_panels(request) -> list[SafeString]:
    return [import_string(path)(request) for path in settings.DASHBOARD_PANELS]
