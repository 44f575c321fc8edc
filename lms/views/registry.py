"""Placeholder module: every view below is still to be written."""

from django.http import Http404


def registry(request, **kwargs):  # to be written
    raise Http404
