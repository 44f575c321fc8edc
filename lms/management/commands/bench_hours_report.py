"""Time the "Hours per learner" report (the page and its CSV export) and the other
hours reports through the full Django stack, as an administrator.

With ``--create`` it first writes a data set of its own into the current database
(by default 5,000 learners with 50 ledger entries each, with bulk_create) and removes
it afterwards; without it, it times whatever data is there. Prints a Markdown table
for docs/benchmarks.md."""

import datetime
import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms import roles
from lms.choices import CountsToward, CreditKind, Discipline
from lms.models import (
    CreditEntry,
    EndorsementCategory,
    LearnerProfile,
    User,
)

# Every row this command creates hangs off a user at this domain, so clean-up can
# find them all and never touches anything else.
BENCH_DOMAIN = "bench-hours.invalid"
ADMIN_EMAIL = f"bench-admin@{BENCH_DOMAIN}"
COUNTIES = ["Tulsa", "Oklahoma", "Cleveland", "Comanche", "Payne", "Muskogee"]


def timed(function, repeat: int) -> tuple[float, float]:
    function()  # warm caches and templates
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


class Command(BaseCommand):
    help = "Time the hours reports, optionally on a generated data set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create learners and entries first (and delete them afterwards).",
        )
        parser.add_argument("--learners", type=int, default=5000)
        parser.add_argument("--entries", type=int, default=50)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Allow --create when DEBUG is off (a database that may matter).",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Leave the created data in place."
        )

    def handle(self, *args, create, learners, entries, repeat, yes, keep, **options):
        if create and not settings.DEBUG and not yes:
            raise CommandError(
                "DEBUG is off, so this may be a database that matters. Add --yes to "
                f"write {learners} learners × {entries} entries into "
                f"{connection.settings_dict['NAME']} (removed again afterwards)."
            )
        if create and User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").exists():
            raise CommandError(
                f"Rows from an earlier run are still there (users @{BENCH_DOMAIN}); "
                "remove them first."
            )
        try:
            if create:
                started = time.perf_counter()
                self.create_data(learners, entries)
                self.stdout.write(
                    f"Created {learners} learners × {entries} entries in "
                    f"{time.perf_counter() - started:.1f} s."
                )
                self.analyze()
            self.report(repeat)
        finally:
            User.objects.filter(email=ADMIN_EMAIL).delete()
            if create and not keep:
                self.clean_up()

    def create_data(self, learners: int, entries: int) -> None:
        goals = list(EndorsementCategory.objects.filter(is_offered=True))
        unusable = make_password(None)
        disciplines = Discipline.values
        today = timezone.localdate()
        with transaction.atomic():
            users = User.objects.bulk_create(
                (
                    User(
                        email=f"learner{n:05d}@{BENCH_DOMAIN}",
                        first_name="Bench",
                        last_name=f"Learner {n:05d}",
                        password=unusable,  # nobody signs in as these
                    )
                    for n in range(learners)
                ),
                batch_size=2000,
            )
            learner_group = Group.objects.get(name=roles.LEARNER)
            User.groups.through.objects.bulk_create(
                (User.groups.through(user=u, group=learner_group) for u in users),
                batch_size=5000,
            )
            LearnerProfile.objects.bulk_create(
                (
                    LearnerProfile(
                        user=user,
                        county=COUNTIES[n % len(COUNTIES)],
                        discipline=disciplines[n % len(disciplines)],
                        goal_category=goals[n % len(goals)] if n % 3 else None,
                    )
                    for n, user in enumerate(users)
                ),
                batch_size=2000,
            )
            rows = (
                CreditEntry(
                    learner=user,
                    kind=CreditKind.RSC if n % 10 == 0 else CreditKind.COURSE,
                    counts_toward=(
                        CountsToward.RSC if n % 10 == 0 else CountsToward.TRAINING
                    ),
                    rsc_format="individual" if n % 10 == 0 else "",
                    rsc_is_peer=n % 40 == 0,
                    dei=n % 7 == 0,
                    source_type="bench.hours",
                    source_id=f"{user.pk}-{n}",
                    title=f"Bench training {n}",
                    date=today - datetime.timedelta(days=(n * 13) % 700),
                    hours=Decimal("0.75") * (1 + n % 4),
                    status="revoked" if n % 25 == 0 else "approved",
                )
                for user in users
                for n in range(entries)
            )
            CreditEntry.objects.bulk_create(rows, batch_size=5000)

    def analyze(self) -> None:
        # Fresh statistics, as autovacuum would gather shortly after a bulk load.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def report(self, repeat: int) -> None:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        admin = User.objects.create_user(ADMIN_EMAIL, password=None)
        admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
        TOTP.activate(admin, generate_totp_secret())
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)

        def fetch(path):
            response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            if response.streaming:
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            return body

        rows = []
        for label, path in (
            ("Hours per learner, page 1", "/admin/reports/hours/per-learner/"),
            (
                "Hours per learner, sorted by training hours",
                "/admin/reports/hours/per-learner/?ordering=-training_hours",
            ),
            (
                "Hours per learner, county + date range",
                "/admin/reports/hours/per-learner/?county=Tulsa"
                "&entry_date_from=2025-01-01",
            ),
            (
                "Hours per learner, CSV (all rows)",
                "/admin/reports/hours/per-learner/?export=csv",
            ),
            (
                "Hours per learner, XLSX (all rows)",
                "/admin/reports/hours/per-learner/?export=xlsx",
            ),
            ("Close to a goal, page 1", "/admin/reports/hours/close-to-goal/"),
            ("Pending reviews, page 1", "/admin/reports/hours/pending/"),
        ):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                body = fetch(path)
            # Count now: the captured list is a view of the connection's query log,
            # which the next request empties.
            query_count = len(queries)
            median, worst = timed(lambda path=path: fetch(path), repeat)
            rows.append((label, median, worst, query_count, len(body)))

        learners = User.objects.filter(groups__name=roles.LEARNER).count()
        entries = CreditEntry.objects.count()
        self.stdout.write(
            f"Database: {connection.vendor}; learners: {learners}; ledger entries: "
            f"{entries}; repeat: {repeat}\n"
        )
        self.stdout.write("| what | median ms | max ms | queries | bytes |")
        self.stdout.write("|---|---|---|---|---|")
        for label, median, worst, queries, size in rows:
            self.stdout.write(
                f"| {label} | {median:.0f} | {worst:.0f} | {queries} | {size} |"
            )

    def clean_up(self) -> None:
        bench_users = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
        quote = connection.ops.quote_name
        # Ledger rows first, in one statement: deleting them through the ORM would
        # load every entry into memory to cascade. The benchmark's entries have no
        # competency-area rows pointing at them.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(CreditEntry._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('learner_id')} IN (SELECT {quote('id')} FROM "
                f"{quote(User._meta.db_table)} WHERE {quote('email')} LIKE %s)",
                [f"%@{BENCH_DOMAIN}"],
            )
            deleted_entries = cursor.rowcount
            deleted_users, _ = bench_users.delete()
        if deleted_entries or deleted_users:
            self.stdout.write(
                f"Removed {deleted_entries} entries and {deleted_users} rows of "
                "learners, profiles and memberships created for the benchmark."
            )
