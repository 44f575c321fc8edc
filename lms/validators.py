"""Checks on uploaded files. The name a browser sends and the content type it claims
are both the sender's word; only the bytes are checked here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def validate_evidence_file(upload) -> str:
    """Accept a PDF, PNG or JPEG certificate within the size limit whose content is
    what its name says. Returns the content type."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file. Upload the certificate "
                "as one of those."
            ),
            code="evidence_type",
            params={"name": name},
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="evidence_empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest we accept is %(limit)s."),
            code="evidence_size",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    content_type = EVIDENCE_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    wrong = ValidationError(
        _(
            "“%(name)s” is named like a %(kind)s but its content is not one. Upload "
            "the certificate itself as a PDF, PNG or JPEG."
        ),
        code="evidence_content",
        params={"name": name, "kind": extension.upper()},
    )
    if content_type == "application/pdf":
        # Some generators put a few bytes before the header; readers accept it
        # within the first kilobyte.
        if b"%PDF-" not in head[:1024]:
            raise wrong
    elif not head.startswith(_SIGNATURES[content_type]):
        raise wrong
    else:
        _check_image(upload, wrong)
    return content_type


def _check_image(upload, wrong: ValidationError) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise wrong from error
    finally:
        upload.seek(0)
