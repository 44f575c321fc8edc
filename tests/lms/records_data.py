"""Bulk ledger data and PDF/CSV readers for the transcript and portfolio tests."""

import csv
import datetime
import io
from decimal import Decimal

import pypdf

from lms.models import CreditEntry, CreditEntryArea
from tests.factories.hours import area, category, days_ago


def bulk_ledger(learner, count: int, *, prefix: str = "Bulk training") -> None:
    """``count`` approved entries in one go: mostly training with one or two areas,
    some RSC received and some peer consultation, spread over two years."""
    areas = [area("TF-AST"), area("DS-OBS"), area("RF-SA")]
    providers = [category("IMHS"), category("IFRS")]
    entries = []
    for index in range(count):
        kind = index % 10
        common = {
            "learner": learner,
            "source_type": "tests.bulk",
            "source_id": f"{prefix}-{index}",
            "date": days_ago(index % 700 + 1),
            "hours": Decimal("1.50"),
        }
        if kind < 8:
            entries.append(
                CreditEntry(
                    kind="course",
                    counts_toward="training",
                    title=f"{prefix} {index}",
                    provider="Cradle",
                    dei=kind == 0,
                    rsc_topic=kind == 1,
                    **common,
                )
            )
        else:
            entries.append(
                CreditEntry(
                    kind="rsc",
                    counts_toward="rsc",
                    title=f"{prefix} RSC {index}",
                    provider="A. Supervisor",
                    rsc_format="group" if index % 3 else "individual",
                    rsc_provider_category=providers[index % 2],
                    rsc_is_peer=kind == 9,
                    **common,
                )
            )
    entries = CreditEntry.objects.bulk_create(entries)
    CreditEntryArea.objects.bulk_create(
        CreditEntryArea(entry=entry, area=entry_area)
        for position, entry in enumerate(entries)
        if entry.counts_toward == "training"
        for entry_area in areas[: 1 + position % 2]
    )


def consume(response) -> bytes:
    """The whole body, also of a streaming response (whose queries run only now)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    text = consume(response).decode("utf-8")
    assert text.startswith("\ufeff"), "CSV starts with a byte-order mark for Excel"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def pdf_reader(response) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(consume(response)))


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(response).pages)


def assert_tagged_pdf(response) -> None:
    body = consume(response)
    assert body.startswith(b"%PDF-")
    root = pypdf.PdfReader(io.BytesIO(body)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)


def iso(day: datetime.date) -> str:
    return day.isoformat()
