"""Certificates on the public site: the learner's list, downloads and Open Badges
files, and the verification pages and documents anyone may open.

Certificates are looked up through the selectors: a learner reaches only their own
(anything else is a 404, so nobody learns that it exists), administrators reach all.
The public pages show only what the certificate itself prints — never an e-mail
address or an account."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import badges
from .codes import code_normalise
from .ratelimit import verification_blocked, verification_hit
from .rendering import verification_url
from .selectors import (
    certificate_for_verification,
    certificate_status_public,
    certificate_viewable_by,
    certificates_for_learner,
)

PER_PAGE = 20
VERIFY_FORM_TEMPLATE = "certificates/verify_form.html"
CODE_MAX_LENGTH = 40


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _json(document: dict, *, content_type: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _rate_limited(request, retry_after: int, *, code: str = ""):
    response = render(
        request,
        VERIFY_FORM_TEMPLATE,
        {"code": code, "retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _can_see_every_certificate(user) -> bool:
    return user.has_perm("certificates.view_certificate")


def _not_ready_message(certificate, user) -> str:
    if certificate.learner_id != user.pk:
        message = _(
            "The certificate “%(title)s” for %(name)s is still being prepared, so "
            "there is no PDF to download yet."
        )
    elif certificate.email_on_ready:
        message = _(
            "Your certificate “%(title)s” is still being prepared. It will be "
            "ready to download here shortly, and we will e-mail it to you."
        )
    else:
        message = _(
            "Your certificate “%(title)s” is still being prepared. It will be "
            "ready to download here shortly."
        )
    return message % {"title": certificate.title, "name": certificate.recipient_name}


# The learner's own certificates


@login_required
@require_safe
def certificate_list(request):
    page = Paginator(certificates_for_learner(learner=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"certificate": certificate, "share_url": verification_url(certificate.code)}
        for certificate in page.object_list
    ]
    return render(
        request,
        "certificates/certificate_list.html",
        {"page_obj": page, "rows": rows},
    )


@login_required
@require_safe
def certificate_download(request, uuid):
    certificate = certificate_viewable_by(user=request.user, uuid=uuid)
    if certificate is None:
        raise Http404
    if certificate.is_revoked and not _can_see_every_certificate(request.user):
        raise Http404
    if not certificate.is_ready:
        messages.info(request, _not_ready_message(certificate, request.user))
        return redirect("certificates:list")
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return _private(
        FileResponse(
            handle,
            as_attachment=True,
            filename=certificate.download_filename,
            content_type="application/pdf",
        )
    )


@login_required
@require_safe
def certificate_badge(request, uuid):
    """The Open Badges 3.0 file, for the learner to add to a wallet or backpack."""
    certificate = certificate_viewable_by(user=request.user, uuid=uuid)
    if certificate is None:
        raise Http404
    if certificate.is_revoked and not _can_see_every_certificate(request.user):
        raise Http404
    response = _private(
        _json(
            badges.open_badge_credential(certificate),
            content_type="application/ld+json",
        )
    )
    response["Content-Disposition"] = (
        f'attachment; filename="cradle-badge-{certificate.code_display}.json"'
    )
    return response


# Public verification


@require_safe
def verify_form(request):
    """The form to type a code. A code that cannot be one is answered here; any other
    goes to its verification page, which counts the look-up."""
    if "code" not in request.GET:
        return render(request, VERIFY_FORM_TEMPLATE, {"code": ""})
    typed = request.GET["code"].strip()[:CODE_MAX_LENGTH]
    retry_after = verification_blocked(request)
    if retry_after is not None:
        return _rate_limited(request, retry_after, code=typed)
    code = code_normalise(typed)
    if code is not None:
        return redirect("certificates:verify", code=code)
    retry_after = verification_hit(request)
    if retry_after is not None:
        return _rate_limited(request, retry_after, code=typed)
    if not typed:
        error = _(
            "Enter the verification code printed on the certificate, under the QR code."
        )
    else:
        error = _(
            "That is not a verification code. A code has ten letters and digits, "
            "printed like 7KQ2M-X9D4R. Check it against the certificate and try again."
        )
    return render(request, VERIFY_FORM_TEMPLATE, {"code": typed, "error": error})


@require_safe
def verify(request, code):
    retry_after = verification_hit(request)
    if retry_after is not None:
        return _rate_limited(request, retry_after, code=code[:CODE_MAX_LENGTH])
    normalised = code_normalise(code)
    certificate = certificate_for_verification(code=normalised) if normalised else None
    if certificate is None:
        return render(
            request,
            "certificates/verify_not_found.html",
            {"code": code[:CODE_MAX_LENGTH]},
            status=404,
        )
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "canonical_url": verification_url(certificate.code),
        },
    )


@require_safe
def issuer_profile(request):
    response = _json(badges.issuer_profile(), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def credential_status(request, uuid):
    """Whether an Open Badges credential has been revoked — for wallets and
    verifiers, so public; it says nothing about whose it is or why."""
    certificate = certificate_status_public(uuid=uuid)
    if certificate is None:
        raise Http404
    response = _json(
        badges.credential_status(certificate), content_type="application/json"
    )
    response["Cache-Control"] = "no-cache"
    return response
