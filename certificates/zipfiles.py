"""A bulk issue's certificates as one ZIP file, for printing or handing on.

The archive is written to a temporary file, never held whole in memory, and holds
only certificates that are ready and valid; a README.txt says what was left out and
why, so nobody mistakes a short archive for a complete one."""

import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Certificate, CertificateBatch


@dataclass
class ZipSummary:
    included: int = 0
    not_ready: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def archive_name(certificate: Certificate) -> str:
    """The recipient's name first, so the files sort by person; the code keeps
    two people of the same name apart."""
    person = slugify(certificate.recipient_name) or "certificate"
    return f"{person}-{certificate.download_filename}"


def batch_zip_write(batch: CertificateBatch, target: BinaryIO) -> ZipSummary:
    """Write the batch's ready, valid PDFs and a README.txt into ``target``."""
    summary = ZipSummary()
    certificates = (
        Certificate.objects.filter(batch=batch)
        .only("pk", "code", "recipient_name", "status", "pdf", "revoked_at")
        .order_by("recipient_name", "pk")
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates.iterator(chunk_size=500):
            label = f"{certificate.recipient_name} ({certificate.code_display})"
            if certificate.is_revoked:
                summary.revoked.append(label)
                continue
            if not certificate.is_ready:
                summary.not_ready.append(label)
                continue
            try:
                with certificate.pdf.open("rb") as handle:
                    archive.writestr(archive_name(certificate), handle.read())
            except FileNotFoundError:
                summary.missing.append(label)
                continue
            summary.included += 1
        archive.writestr("README.txt", readme_text(batch, summary))
    return summary


def readme_text(batch: CertificateBatch, summary: ZipSummary) -> str:
    lines = [
        _("Certificates: %(title)s") % {"title": batch.title},
        _("Issued on %(date)s to %(total)s learners.")
        % {
            "date": date_format(batch.issued_on, "DATE_FORMAT"),
            "total": batch.total,
        },
        _("Archive made %(when)s.")
        % {"when": date_format(timezone.localtime(), "DATETIME_FORMAT")},
        "",
        _("%(count)s certificates are in this archive.") % {"count": summary.included},
    ]
    skipped = len(summary.not_ready) + len(summary.revoked) + len(summary.missing)
    if not skipped:
        lines.append(_("None were left out."))
    else:
        lines.append(_("%(count)s were left out:") % {"count": skipped})
    for heading, names in (
        (
            _(
                "Not ready yet (still being prepared, or the PDF failed to render; "
                "download the archive again later):"
            ),
            summary.not_ready,
        ),
        (_("Revoked (no longer valid):"), summary.revoked),
        (
            _("PDF file missing from storage (re-render these in the admin):"),
            summary.missing,
        ),
    ):
        if names:
            lines.extend(["", heading, *(f"- {name}" for name in names)])
    return "\r\n".join(lines) + "\r\n"
