"""Placeholder module: every view below is still to be written."""

from django.http import Http404


def hours_overview(request, **kwargs):  # to be written
    raise Http404
