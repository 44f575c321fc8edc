"""The learner's own transcript and endorsement portfolio, as a page, a CSV or a PDF.
Both only ever read ``request.user``'s ledger."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..exports import (
    csv_stream,
    local_today,
    portfolio_build,
    portfolio_context,
    portfolio_csv_rows,
    transcript_build,
    transcript_csv_rows,
    transcript_pdf_context,
)
from ..forms.records import TranscriptFilterForm
from ..pdf import render_pdf
from ..selectors import learner_profile_get

ENTRIES_PER_PAGE = 50
PAGE, CSV, PDF = "", "csv", "pdf"


def _unknown_format():
    return HttpResponseBadRequest(
        _(
            "This download format is not available. Use format=csv or format=pdf, "
            "or leave format out to see the page."
        ),
        content_type="text/plain; charset=utf-8",
    )


def _attachment(response, filename: str):
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _csv_response(rows, *, filename: str):
    response = StreamingHttpResponse(
        csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


def _pdf_response(pdf: bytes, *, filename: str):
    return _attachment(HttpResponse(pdf, content_type="application/pdf"), filename)


def _bad_dates(form):
    # A file cannot carry the form's messages, and an unfiltered file in place of
    # the range asked for would mislead; the page shows both instead.
    return HttpResponseBadRequest(
        " ".join(
            f"{form.fields[name].label}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ),
        content_type="text/plain; charset=utf-8",
    )


@login_required
@never_cache
@require_GET
def transcript(request):
    output = request.GET.get("format", PAGE)
    if output not in (PAGE, CSV, PDF):
        return _unknown_format()
    form = TranscriptFilterForm(request.GET)
    is_valid = form.is_valid()
    if not is_valid and output != PAGE:
        return _bad_dates(form)
    # Bad dates on the page: the form explains them and every date is shown.
    start = form.cleaned_data["start"] if is_valid else None
    end = form.cleaned_data["end"] if is_valid else None

    if output == PAGE:
        record = transcript_build(learner=request.user, start=start, end=end)
        page = Paginator(record.entries, ENTRIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        # Download links carry only dates that passed validation.
        dates = {
            key: value.isoformat()
            for key, value in (("start", start), ("end", end))
            if value is not None
        }
        return render(
            request,
            "lms/transcript.html",
            {
                "form": form,
                "page": page,
                "totals": record.total_rows,
                "start": start,
                "end": end,
                "csv_query": urlencode({**dates, "format": CSV}),
                "pdf_query": urlencode({**dates, "format": PDF}),
            },
        )

    profile = learner_profile_get(user=request.user)
    record = transcript_build(
        learner=request.user, start=start, end=end, profile=profile
    )
    filename = f"cradle-transcript-{local_today(profile):%Y-%m-%d}.{output}"
    if output == CSV:
        rows = transcript_csv_rows(entries=record.entries, totals=record.totals)
        return _csv_response(rows, filename=filename)
    pdf = render_pdf(
        "pdf/transcript.html",
        transcript_pdf_context(record),
        title=_("Hours transcript of %(name)s")
        % {"name": profile.name_for_certificates},
    )
    return _pdf_response(pdf, filename=filename)


@login_required
@never_cache
@require_GET
def portfolio(request):
    output = request.GET.get("format", PAGE)
    if output not in (PAGE, CSV, PDF):
        return _unknown_format()
    profile = learner_profile_get(user=request.user)
    record = portfolio_build(learner=request.user, profile=profile)
    filename = f"cradle-portfolio-{record.on:%Y-%m-%d}.{output}"
    if output == CSV:
        return _csv_response(portfolio_csv_rows(record), filename=filename)
    if output == PDF:
        pdf = render_pdf(
            "pdf/portfolio.html",
            portfolio_context(record),
            title=_("Endorsement portfolio of %(name)s")
            % {"name": profile.name_for_certificates},
        )
        return _pdf_response(pdf, filename=filename)
    return render(request, "lms/portfolio.html", portfolio_context(record))
