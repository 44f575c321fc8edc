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


# --- Text files (CSV reports and lists) -----------------------------------------------

# Binary formats most often renamed or mistaken for a CSV: spreadsheets (ZIP or OLE),
# PDFs and programs.
_BINARY_SIGNATURES = (
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"%PDF-",
    b"MZ",
    b"\x7fELF",
    b"\x89PNG",
    b"\xff\xd8\xff",
)
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_like_text(head: bytes) -> bool:
    """True if the first bytes of a file can be text: no known binary signature, and
    no zero byte unless the file starts with a UTF-16 or UTF-32 byte-order mark."""
    if head.startswith(_WIDE_BOMS) or head.startswith(b"\x00\x00\xfe\xff"):
        return True
    if head.startswith(_BINARY_SIGNATURES):
        return False
    return b"\x00" not in head


def validate_text_upload(upload, *, extensions: tuple[str, ...], max_bytes: int, what):
    """Accept a text file (CSV or plain text) named with one of ``extensions``, within
    ``max_bytes``. ``what`` names the file in the messages ("the report")."""
    name = upload.name or ""
    if not name.lower().endswith(tuple(f".{extension}" for extension in extensions)):
        raise ValidationError(
            _("Upload %(what)s as a %(kinds)s file (its name ends in %(endings)s).")
            % {
                "what": what,
                "kinds": _(" or ").join(extension.upper() for extension in extensions),
                "endings": _(" or ").join(f".{extension}" for extension in extensions),
            },
            code="text_type",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest we accept is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="text_size",
        )
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if not looks_like_text(head):
        raise ValidationError(
            _(
                "“%(name)s” is not a text file: it looks like a spreadsheet, PDF or "
                "program. Save %(what)s as CSV and upload that."
            )
            % {"name": name, "what": what},
            code="text_content",
        )


# --- Documents of the Wagtail admin (lesson captions, media, handouts) ----------------


def _is_office(extension: str):
    folder = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[extension]

    def check(head: bytes, upload) -> bool:
        import zipfile

        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(
            name.startswith(folder) for name in names
        )

    return check


def _is_text(head: bytes, upload) -> bool:
    return looks_like_text(head)


def _is_webvtt(head: bytes, upload) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def _is_mp4(head: bytes, upload) -> bool:
    return head[4:8] == b"ftyp"


def _is_mp3(head: bytes, upload) -> bool:
    return head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    )


def _starts_with(*signatures: bytes):
    def check(head: bytes, upload) -> bool:
        return head.startswith(signatures)

    return check


DOCUMENT_CONTENT_CHECKS = {
    "pdf": lambda head, upload: b"%PDF-" in head[:1024],
    "docx": _is_office("docx"),
    "xlsx": _is_office("xlsx"),
    "pptx": _is_office("pptx"),
    "txt": _is_text,
    "csv": _is_text,
    "vtt": _is_webvtt,
    "mp4": _is_mp4,
    "m4v": _is_mp4,
    "m4a": _is_mp4,
    "webm": _starts_with(b"\x1a\x45\xdf\xa3"),
    "ogv": _starts_with(b"OggS"),
    "ogg": _starts_with(b"OggS"),
    "oga": _starts_with(b"OggS"),
    "opus": _starts_with(b"OggS"),
    "mp3": _is_mp3,
    "wav": lambda head, upload: head[:4] == b"RIFF" and head[8:12] == b"WAVE",
}


def validate_document_file(upload) -> None:
    """Refuse a document whose content is not what its name says (a program renamed
    .pdf, a web page renamed .vtt). Wagtail checks the extension against
    ``WAGTAILDOCS_EXTENSIONS`` and the size against ``WAGTAILDOCS_MAX_UPLOAD_SIZE``."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    check = DOCUMENT_CONTENT_CHECKS.get(extension)
    if check is None:
        # Not an allowed extension: Wagtail's own check says so.
        return
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if not check(head, upload):
        raise ValidationError(
            _(
                "“%(name)s” is named like a %(kind)s file but its content is not one. "
                "Upload the file itself, saved in the format its name says."
            ),
            code="document_content",
            params={"name": name, "kind": extension.upper()},
        )
