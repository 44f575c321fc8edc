"""Time the learner's hours pages for a learner with few and with many ledger entries,
and count their queries. Prints a Markdown table for docs/benchmarks.md.

Creates two throw-away learners (20 and --entries entries) and deletes them at the end,
so run it against a scratch database."""

import datetime
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = (
    ("/dashboard/", "dashboard"),
    ("/hours/", "hours"),
    ("/hours/transcript/", "transcript (HTML)"),
    ("/hours/transcript/?format=csv", "transcript (CSV)"),
    ("/hours/transcript/?format=pdf", "transcript (PDF)"),
    ("/hours/portfolio/", "portfolio (HTML)"),
)


def timed(function, repeat):
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def make_learner(email: str, entries: int):
    from lms.models import (
        CompetencyArea,
        CreditEntry,
        CreditEntryArea,
        EndorsementCategory,
        LearnerProfile,
        User,
    )

    User.objects.filter(email=email).delete()
    user = User.objects.create_user(
        email=email, password=None, first_name="Bench", last_name="Learner"
    )
    LearnerProfile.objects.create(
        user=user,
        certificate_name="Bench Learner",
        goal_category=EndorsementCategory.objects.get(code="IMHS"),
    )
    imhs = EndorsementCategory.objects.get(code="IMHS")
    areas = list(CompetencyArea.objects.all())
    start = datetime.date(2020, 1, 1)
    rows = []
    for index in range(entries):
        is_rsc = index % 5 == 0
        rows.append(
            CreditEntry(
                learner=user,
                kind="rsc" if is_rsc else "outside_training",
                counts_toward="rsc" if is_rsc else "training",
                source_type="bench",
                source_id=str(index),
                title=f"Bench entry {index}",
                provider="Bench provider",
                date=start + datetime.timedelta(days=index % 2000),
                hours=Decimal("1.50"),
                dei=index % 7 == 0,
                rsc_format="individual" if is_rsc else "",
                rsc_provider_category=imhs if is_rsc else None,
            )
        )
    created = CreditEntry.objects.bulk_create(rows, batch_size=1000)
    links = [
        CreditEntryArea(entry=entry, area=areas[(n + k) % len(areas)])
        for n, entry in enumerate(created)
        if entry.counts_toward == "training"
        for k in range(2)
    ]
    CreditEntryArea.objects.bulk_create(links, batch_size=2000)
    return user


class Command(BaseCommand):
    help = "Measure the hours pages with few and many ledger entries."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=2000)
        parser.add_argument("--repeat", type=int, default=10)

    def handle(self, *args, entries, repeat, **options):
        sizes = (20, entries)
        users = [
            make_learner(f"bench-hours-{size}@cradle.invalid", size) for size in sizes
        ]
        results = {}
        try:
            for size, user in zip(sizes, users, strict=True):
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(user)
                client.get("/dashboard/")  # the time zone is read once per session
                for path, label in PAGES:
                    reset_queries()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(path)
                        if getattr(response, "streaming", False):
                            b"".join(response.streaming_content)
                    if response.status_code != 200:
                        raise CommandError(f"{path} answered {response.status_code}")

                    def fetch(path=path, client=client):
                        response = client.get(path)
                        if getattr(response, "streaming", False):
                            b"".join(response.streaming_content)

                    results[(label, size)] = (
                        timed(fetch, repeat),
                        len(queries),
                    )
        finally:
            for user in users:
                user.delete()
        self.stdout.write(f"Database: {connection.vendor}; repeat: {repeat}\n")
        small, large = sizes
        self.stdout.write(
            f"| page | queries ({small}) | queries ({large}) | median ms ({small}) "
            f"| median ms ({large}) |"
        )
        self.stdout.write("|---|---|---|---|---|")
        for _path, label in PAGES:
            ms_small, q_small = results[(label, small)]
            ms_large, q_large = results[(label, large)]
            self.stdout.write(
                f"| {label} | {q_small} | {q_large} | {ms_small:.1f} | {ms_large:.1f} |"
            )
