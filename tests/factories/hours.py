import datetime
from decimal import Decimal

import factory

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms.models import (
    CompetencyArea,
    CreditEntry,
    Endorsement,
    EndorsementCategory,
    OutsideTraining,
    RscLogEntry,
)

from . import UserFactory

# The smallest files that are what they say they are.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def evidence_pdf(name="certificate.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def category(code: str) -> EndorsementCategory:
    """A category seeded by the migrations (IFA, IFS, IFRS, IMHS, IMHM-C, …)."""
    return EndorsementCategory.objects.get(code=code)


def area(code: str = "TF-AST") -> CompetencyArea:
    """A competency area seeded by the migrations (e.g. TF-AST, DS-OBS, RF-SA)."""
    return CompetencyArea.objects.get(code=code)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class CreditEntryFactory(factory.django.DjangoModelFactory):
    """An approved training entry. Pass ``areas=[...]`` for its competency areas
    (default: one area); for RSC use ``rsc_entry(...)``."""

    class Meta:
        model = CreditEntry
        skip_postgeneration_save = True

    learner = factory.SubFactory(UserFactory)
    kind = "course"
    counts_toward = "training"
    source_type = "tests.source"
    source_id = factory.Sequence(lambda n: str(n))
    title = factory.Sequence(lambda n: f"Training {n}")
    provider = "Cradle"
    date = factory.LazyFunction(lambda: days_ago(30))
    hours = Decimal("1.00")

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and self.counts_toward == "training":
            self.competency_areas.set(extracted or [area()])


def rsc_entry(learner, *, date, hours, provider="IMHS", peer=False, about=False):
    return CreditEntryFactory(
        learner=learner,
        kind="rsc",
        counts_toward="rsc",
        title="Reflective supervision/consultation (individual)",
        provider="A. Supervisor",
        rsc_format="individual",
        rsc_provider_category=category(provider) if provider else None,
        rsc_is_peer=peer,
        rsc_about_providing=about,
        date=date,
        hours=Decimal(hours),
    )


class OutsideTrainingFactory(factory.django.DjangoModelFactory):
    """A submitted outside training, pending review, with a PDF as evidence."""

    class Meta:
        model = OutsideTraining
        skip_postgeneration_save = True

    learner = factory.SubFactory(UserFactory)
    status = "pending"
    title = factory.Sequence(lambda n: f"Outside workshop {n}")
    provider = "Oklahoma Association for Infant Mental Health"
    presenter = "Dr. R. Example"
    start_date = factory.LazyFunction(lambda: days_ago(10))
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    delivery_mode = "in_person"
    hours_entered = Decimal("6")
    hours_unit = "clock"
    clock_hours = Decimal("6.00")
    evidence = factory.LazyFunction(evidence_pdf)
    evidence_name = "certificate.pdf"
    evidence_content_type = "application/pdf"
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.competency_areas.set(extracted or [area()])


class RscLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RscLogEntry

    learner = factory.SubFactory(UserFactory)
    status = "pending"
    date = factory.LazyFunction(lambda: days_ago(7))
    hours = Decimal("1.50")
    format = "individual"
    provider_name = "Jordan Rivers"
    provider_category = factory.LazyFunction(lambda: category("IMHS"))
    submitted_at = factory.LazyFunction(timezone.now)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    learner = factory.SubFactory(UserFactory)
    category = factory.LazyFunction(lambda: category("IFS"))
    endorsed_on = datetime.date(2024, 5, 1)
    status = "confirmed"
    registry_consent = True
