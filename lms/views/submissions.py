"""Placeholder module: every view below is still to be written."""

from django.http import Http404


def outside_training_list(request, **kwargs):  # to be written
    raise Http404


def outside_training_create(request, **kwargs):  # to be written
    raise Http404


def outside_training_detail(request, **kwargs):  # to be written
    raise Http404


def outside_training_update(request, **kwargs):  # to be written
    raise Http404


def outside_training_submit(request, **kwargs):  # to be written
    raise Http404


def outside_training_withdraw(request, **kwargs):  # to be written
    raise Http404


def outside_training_evidence(request, **kwargs):  # to be written
    raise Http404


def rsc_log_list(request, **kwargs):  # to be written
    raise Http404


def rsc_log_create(request, **kwargs):  # to be written
    raise Http404


def rsc_log_update(request, **kwargs):  # to be written
    raise Http404


def rsc_log_withdraw(request, **kwargs):  # to be written
    raise Http404


def endorsement_list(request, **kwargs):  # to be written
    raise Http404


def endorsement_create(request, **kwargs):  # to be written
    raise Http404


def endorsement_consent(request, **kwargs):  # to be written
    raise Http404


def endorsement_withdraw(request, **kwargs):  # to be written
    raise Http404
