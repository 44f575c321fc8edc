import datetime
from decimal import Decimal

import factory

from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.codes import code_generate
from certificates.models import Certificate, CertificateTemplate

from . import UserFactory
from .hours import PDF_BYTES


def default_template() -> CertificateTemplate:
    """The template the migration seeds (created again if a flush removed it)."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        import importlib

        from django.apps import apps

        importlib.import_module("certificates.migrations.0002_default_template").seed(
            apps
        )
        template = CertificateTemplate.objects.get(is_default=True)
    return template


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    heading = "Certificate of Attendance"
    body = "This certifies that\n\n{recipient_name}\n\nattended {title} ({hours} h)."


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row written directly, already ready with a tiny stored PDF —
    for pages and permissions. Tests of issuing itself call certificate_issue."""

    class Meta:
        model = Certificate

    learner = factory.SubFactory(UserFactory)
    template = factory.LazyFunction(default_template)
    code = factory.LazyFunction(code_generate)
    title = factory.Sequence(lambda n: f"Attachment and Early Relationships {n}")
    recipient_name = factory.LazyAttribute(
        lambda o: o.learner.get_full_name() or "Jordan Rivera"
    )
    hours = Decimal("6.5")
    issuer_name = "Oklahoma Association for Infant Mental Health"
    issued_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3)
    )
    source_type = "admin"
    source_id = factory.Sequence(lambda n: f"factory-{n}")
    status = CertificateStatus.READY
    render_attempts = 1
    email_on_ready = False
    pdf = factory.LazyAttribute(
        lambda o: (
            ContentFile(PDF_BYTES, name="certificates/factory.pdf")
            if o.status == CertificateStatus.READY
            else ""
        )
    )
    pdf_size = len(PDF_BYTES)
    competency_area_snapshot = factory.LazyFunction(
        lambda: [{"code": "TF-PEP", "name": "Pregnancy and early parenthood"}]
    )
