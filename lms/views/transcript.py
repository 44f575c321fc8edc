"""Placeholder module: every view below is still to be written."""

from django.http import Http404


def transcript(request, **kwargs):  # to be written
    raise Http404


def portfolio(request, **kwargs):  # to be written
    raise Http404
