"""Turning a certificate into its page: the values that fill the template's
placeholders, the QR code, the images, and the HTML that ``lms.pdf`` makes a PDF of.

The PDF is built from the same HTML the admin's live preview shows, so what an editor
sees is what learners get."""

import base64
import datetime
import functools
import io
import logging
from decimal import Decimal

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lms import pdf
from lms.templatetags.hours_format import hours as hours_text

from .choices import Orientation, PageSize
from .codes import code_display
from .placeholders import paragraphs_fill, placeholders_fill

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "certificates/pdf/certificate.html"
IMAGE_RENDITION = "max-600x240|format-png"
SAMPLE_CODE = "7KQ2MX9D4R"


def public_url(path: str) -> str:
    """An absolute address on the public site (used in PDFs, e-mails and badges)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def verification_url(code: str) -> str:
    return public_url(reverse("certificates:verify", args=[code]))


def issuer_name() -> str:
    return settings.CERTIFICATE_ISSUER_NAME


def qr_png_data_uri(url: str) -> str:
    """The URL as a QR code: a small 1-bit PNG (one pixel per module), scaled up by
    the stylesheet without smoothing, so the PDF stays small and sharp. The mask is
    fixed rather than chosen by trying all eight (any mask is valid and readers
    decode them all), which makes the code about six times faster to build."""
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=1, border=4, mask_pattern=0
    )
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.new("1", (size, size))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def image_data_uri(image) -> str | None:
    """A Wagtail image (logo, signature) as a data: URI of a PNG rendition. The PDF
    fetcher loads nothing from disk outside static files, so images travel inline."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(IMAGE_RENDITION)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as error:
        # A missing image file must not stop certificates being issued; the page
        # is drawn without it and the problem logged for an administrator.
        logger.warning("Certificate image %s could not be read: %s", image.pk, error)
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode()


def placeholder_values(
    *,
    recipient_name: str,
    title: str,
    hours: Decimal,
    issued_on: datetime.date,
    area_names: list[str],
    code: str,
    issuer: str,
) -> dict[str, str]:
    return {
        "recipient_name": recipient_name,
        "title": title,
        "hours": hours_text(hours),
        "date": date_format(issued_on, "F j, Y"),
        "competency_areas": ", ".join(area_names),
        "verification_code": code_display(code),
        "issuer": issuer,
    }


# Paper sizes in millimetres (short side, long side) and the page margin. The sheet
# is given the exact printable height with overflow hidden, so a certificate is
# always one page whatever is typed into it.
PAPER_MM = {PageSize.LETTER: (215.9, 279.4), PageSize.A4: (210.0, 297.0)}
MARGIN_MM = 10


@functools.lru_cache(maxsize=32)
def seal_data_uri(colour: str) -> str:
    """The default seal drawn in the template's accent colour (used without a logo)."""
    rays = "".join(
        f'<rect x="49" y="4" width="2" height="9" rx="1" '
        f'transform="rotate({angle} 50 50)"/>'
        for angle in range(0, 360, 15)
    )
    ring = '<circle cx="50" cy="50" r="{r}" fill="none" stroke-width="{w}"/>'
    heart = "M50 67c-9-7-16-12-16-20a8 8 0 0 1 16-3a8 8 0 0 1 16 3c0 8-7 13-16 20z"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<g fill="{colour}">{rays}<path d="{heart}"/></g>'
        f'<g stroke="{colour}">{ring.format(r=33, w=3)}{ring.format(r=27, w=1)}</g>'
        "</svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def page_context(template, values: dict[str, str], *, code: str) -> dict:
    url = verification_url(code)
    landscape = template.orientation == Orientation.LANDSCAPE
    size = "A4" if template.page_size == PageSize.A4 else "Letter"
    short, long = PAPER_MM.get(template.page_size, PAPER_MM[PageSize.LETTER])
    width, height = (long, short) if landscape else (short, long)
    logo_uri = image_data_uri(template.logo_image)
    return {
        "template": template,
        "title": f"{values['title']} — {values['recipient_name']}",
        "author": values["issuer"],
        "heading": placeholders_fill(template.heading, values),
        "paragraphs": paragraphs_fill(template.body, values),
        "values": values,
        "page_size": f"{size} {'landscape' if landscape else 'portrait'}",
        "landscape": landscape,
        "accent": template.accent_colour,
        "qr_uri": qr_png_data_uri(url),
        "verification_url": url,
        "margin_mm": MARGIN_MM,
        "sheet_height_mm": round(height - 2 * MARGIN_MM, 1),
        "sheet_width_mm": round(width - 2 * MARGIN_MM, 1),
        "logo_uri": logo_uri or seal_data_uri(template.accent_colour),
        "logo_is_seal": logo_uri is None,
        "signature_uri": image_data_uri(template.signature_image),
    }


def certificate_context(certificate) -> dict:
    values = placeholder_values(
        recipient_name=certificate.recipient_name,
        title=certificate.title,
        hours=certificate.hours,
        issued_on=certificate.issued_on,
        area_names=certificate.area_names,
        code=certificate.code,
        issuer=certificate.issuer_name,
    )
    return page_context(certificate.template, values, code=certificate.code)


def sample_context(template) -> dict:
    from lms.models import CompetencyArea

    areas = list(
        CompetencyArea.objects.active()
        .order_by("domain__sort_order", "sort_order")
        .values_list("name", flat=True)[:3]
    )
    values = placeholder_values(
        recipient_name="Jordan Rivera",
        title="Attachment and Early Relationships",
        hours=Decimal("6.5"),
        issued_on=timezone.localdate(),
        area_names=areas or ["Attachment, separation, trauma, grief and loss"],
        code=SAMPLE_CODE,
        issuer=issuer_name(),
    )
    return page_context(template, values, code=SAMPLE_CODE)


def certificate_html(context: dict) -> str:
    return render_to_string(PDF_TEMPLATE, context)


def certificate_pdf(certificate) -> bytes:
    """The certificate's PDF bytes: one page, tagged, fonts embedded."""
    return pdf.html_to_pdf(certificate_html(certificate_context(certificate)))


def sample_preview_response(template, request, mode_name: str) -> HttpResponse:
    """The admin's live preview: the page as HTML, or the real PDF."""
    context = sample_context(template)
    if mode_name == "pdf":
        return HttpResponse(
            pdf.html_to_pdf(certificate_html(context)),
            content_type="application/pdf",
            headers={"Content-Disposition": 'inline; filename="preview.pdf"'},
        )
    html = certificate_html({**context, "screen_preview": True})
    return HttpResponse(html)
