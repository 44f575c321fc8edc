"""Time the import of a large participant report and count its queries.

Builds a finished series with one session and --registrants registered learners,
writes a per-join report of --rows rows (first joins, rejoins, phones that were not
signed in, guests), imports it through ``attendance_import_create`` and prints the
rows, seconds and queries. Everything runs in one transaction that is rolled back at
the end, so the database is left as it was. Runs on the configured database
(SQLite by default; PostgreSQL with DATABASE_URL)."""

import csv
import datetime
import io
import json
import time
import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

TARGET_SECONDS = 5.0
ZONE = zoneinfo.ZoneInfo("America/Chicago")


class _Rollback(Exception):
    pass


def report_rows(learners, rows: int, starts: datetime.datetime) -> list[list[str]]:
    """``rows`` report lines: each learner's first join, a rejoin for every second
    learner, a phone without e-mail (same name) for every fourth, then guests."""

    def at(minutes: float) -> str:
        return (starts + datetime.timedelta(minutes=minutes)).strftime(
            "%m/%d/%Y %I:%M:%S %p"
        )

    lines = []
    for number, learner in enumerate(learners):
        name = f"{learner.first_name} {learner.last_name}"
        lines.append([name, learner.email, at(-2), at(40 + number % 30), "Yes"])
        if number % 2 == 0:
            lines.append([name, learner.email, at(45), at(78), "Yes"])
        if number % 4 == 0:
            lines.append([name, "", at(35), at(50), "Yes"])
    guest = 0
    while len(lines) < rows:
        guest += 1
        lines.append([f"Guest {guest}", "", at(guest % 20), at(60), "Yes"])
    return lines[:rows]


class Command(BaseCommand):
    help = (
        "Import a generated participant report of --rows rows and print rows, "
        "seconds and queries. Leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument(
            "--registrants",
            type=int,
            default=None,
            help="Registered learners (default two fifths of --rows).",
        )
        parser.add_argument(
            "--json",
            dest="json_path",
            metavar="PATH",
            default="",
            help="Also write the results to this JSON file.",
        )

    def handle(self, *args, rows, registrants, json_path, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        registrants = rows * 2 // 5 if registrants is None else registrants
        if not 1 <= registrants <= rows:
            raise CommandError("--registrants must be between 1 and --rows.")
        result = {}
        try:
            with transaction.atomic():
                result = self.measure(rows=rows, registrants=registrants)
                raise _Rollback
        except _Rollback:
            pass
        met = "met" if result["seconds"] < TARGET_SECONDS else "NOT met"
        self.stdout.write(
            f"Database: {connection.vendor}\n"
            f"rows: {result['rows']}\n"
            f"people after merging: {result['people']} "
            f"(matched {result['matched']}, unmatched {result['unmatched']})\n"
            f"seconds: {result['seconds']:.2f} "
            f"(target < {TARGET_SECONDS:.0f} s: {met})\n"
            f"queries: {result['queries']}"
        )
        if json_path:
            Path(json_path).write_text(
                json.dumps({"database": connection.vendor, **result}, indent=1)
            )

    def measure(self, *, rows: int, registrants: int) -> dict:
        from wagtail.models import Page

        from echo.choices import ImportRowStatus, RegistrationStatus
        from echo.models import EchoIndexPage, EchoSeries, EchoSession, Registration
        from echo.services.attendance import attendance_import_create
        from lms.models import CompetencyArea, HomePage, User

        index = EchoIndexPage.objects.first()
        if index is None:
            # A fresh database has no home page yet; the tree is rolled back anyway.
            parent = HomePage.objects.first() or Page.get_first_root_node()
            if parent is None:
                raise CommandError("The page tree is empty: run migrate first.")
            index = EchoIndexPage(title="ECHO", slug="bench-echo-index")
            parent.add_child(instance=index)
        day = datetime.datetime.now(ZONE).date() - datetime.timedelta(days=7)
        starts = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=ZONE)
        series = EchoSeries(
            title="Import benchmark series",
            slug="bench-echo-import",
            summary="Benchmark.",
            audience="Benchmark.",
            first_date=day,
            session_count=1,
            start_time=datetime.time(12, 0),
            duration_minutes=75,
            hours_per_session="1.25",
        )
        index.add_child(instance=series)
        series.competency_areas.set(CompetencyArea.objects.all()[:1])
        start_utc = starts.astimezone(datetime.UTC)
        session = EchoSession.objects.create(
            series=series,
            starts_at=start_utc,
            ends_at=start_utc + datetime.timedelta(minutes=75),
            original_starts_at=start_utc,
        )
        learners = User.objects.bulk_create(
            [
                User(
                    email=f"bench-echo-{number}@cradle.invalid",
                    first_name=f"Bench{number}",
                    last_name="Participant",
                )
                for number in range(registrants)
            ],
            batch_size=500,
        )
        now = datetime.datetime.now(datetime.UTC)
        Registration.objects.bulk_create(
            [
                Registration(
                    series=series,
                    learner=learner,
                    status=RegistrationStatus.REGISTERED,
                    registered_at=now,
                )
                for learner in learners
            ],
            batch_size=500,
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Guest"]
        )
        writer.writerows(report_rows(learners, rows, starts))
        content = buffer.getvalue().encode()
        session = EchoSession.objects.select_related("series").get(pk=session.pk)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            imp = attendance_import_create(
                session, content, filename="bench.csv", by=None
            )
            seconds = time.perf_counter() - started
        statuses = dict.fromkeys(ImportRowStatus.values, 0)
        for status in imp.rows.values_list("status", flat=True):
            statuses[status] += 1
        return {
            "rows": imp.raw_row_count,
            "people": sum(statuses.values()),
            "matched": statuses[ImportRowStatus.MATCHED],
            "unmatched": statuses[ImportRowStatus.UNMATCHED],
            "seconds": seconds,
            "queries": len(queries),
        }
