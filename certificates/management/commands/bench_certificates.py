"""Time certificate rendering on this machine. Prints Markdown tables for
docs/benchmarks.md:

1. the project's pipeline (template → context with the QR code → HTML → lms/pdf.py)
   against WeasyPrint called directly on the same final HTML, interleaved;
2. a bulk issue of ``--bulk`` certificates rendered by one Celery worker with a
   prefork pool of ``--workers`` processes through Redis, against the ideal
   (bulk × one render ÷ workers);
3. the size of those PDFs and the memory of the worker processes over the run.

The bulk part runs the command again in a subprocess on a PostgreSQL database of its
own (see ``help``), with a real worker and Redis; it cleans up after itself.
``--skip-bulk`` runs only the first part, in this process, on whatever database the
settings name (it reads the default certificate template and writes nothing)."""

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from lms.procstat import child_pids, rss_mb

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cradle_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
BENCH_DOMAIN = "bench-certificates.invalid"
BENCH_TITLE = "Benchmark: Attachment and Early Relationships"
BENCH_HOURS = Decimal("6.5")
WARM_UPS = 3
POLL_SECONDS = 0.2
WORKER_START_SECONDS = 60
# Targets from the certificates specification.
TARGET_PIPELINE_RATIO = 0.9
TARGET_BULK_RATIO = 1.2
TARGET_PDF_KB = 100
FLAT_GROWTH_MB = 10

FIRST_NAMES = (
    "Jordan", "Avery", "Morgan", "Riley", "Casey", "Rowan", "Emerson", "Quinn",
    "Harper", "Skyler", "Dakota", "Peyton", "Marisol", "Thandiwe", "Siobhan",
    "Oluwaseun",
)  # fmt: skip
LAST_NAMES = (
    "Rivera", "Okafor", "Lindqvist", "Nakamura", "Running-Bear", "Delacroix",
    "O'Connell", "Haddad", "Kowalczyk", "Mbatha", "Castellanos", "Fitzgerald-Moore",
)  # fmt: skip

# Relative static references in the PDF templates ("static/fonts/...").
STATIC_REFERENCE = re.compile(r"""url\((["']?)static/""")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_s(pid: int, *, reaped_children: bool = False) -> float:
    """CPU seconds ``pid`` has used (user + system), with, if asked, those of its
    children it has reaped; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    # After the name: state, ppid … utime (field 14), stime, cutime, cstime.
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def pids_named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def cpu_snapshot(worker_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the machine and by each party to the benchmark.
    PostgreSQL and Redis are counted with the children they have reaped, so that
    the connection processes that come and go during the run are included."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return {
        "busy": (user + nice + system + irq + softirq) / CLOCK_TICKS,
        "steal": steal / CLOCK_TICKS,
        "pool": sum(process_cpu_s(pid) for pid in child_pids(worker_pid)),
        "worker main": process_cpu_s(worker_pid),
        "PostgreSQL": sum(
            process_cpu_s(pid, reaped_children=True) for pid in pids_named("postgres")
        ),
        "Redis": sum(process_cpu_s(pid) for pid in pids_named("redis-server")),
        "this process": process_cpu_s(os.getpid()),
    }


def sample_certificate():
    """An unsaved certificate on the default template, as a learner would get it."""
    from certificates.codes import code_generate
    from certificates.models import Certificate
    from certificates.rendering import issuer_name
    from certificates.services import template_default

    return Certificate(
        template=template_default(),
        code=code_generate(),
        title="Attachment and Early Relationships",
        recipient_name="Jordan Rivera-Okafor",
        hours=BENCH_HOURS,
        competency_area_snapshot=[
            {"code": "TF-1", "name": "Pregnancy and early parenthood"},
            {"code": "TF-2", "name": "Attachment, separation, trauma, grief and loss"},
        ],
        issuer_name=issuer_name(),
        issued_on=timezone.localdate(),
    )


def html_for_direct_weasyprint(html: str) -> tuple[str, str]:
    """The final HTML with its static references turned into file:// URLs, so that
    WeasyPrint's own fetcher loads the same font files lms/pdf.py serves. Returns the
    HTML and the base URL (the static folder)."""
    static = (Path(settings.BASE_DIR) / "static").resolve()
    base_url = static.as_uri() + "/"
    rewritten, count = STATIC_REFERENCE.subn(
        lambda match: f"url({match.group(1)}{base_url}", html
    )
    if not count:
        raise CommandError(
            "The certificate HTML refers to no static files (fonts); the direct "
            "WeasyPrint run would not embed the same fonts, so the comparison would "
            "not be fair. Check templates/pdf/base.html."
        )
    return rewritten, base_url


@dataclass
class PipelineResult:
    renders: int
    pipeline_s: list[float]
    direct_s: list[float]
    pipeline_bytes: int
    direct_bytes: int

    @property
    def pipeline_median_ms(self) -> float:
        return statistics.median(self.pipeline_s) * 1000

    @property
    def direct_median_ms(self) -> float:
        return statistics.median(self.direct_s) * 1000

    # Throughput from the medians: one slow render (a garbage collection, another
    # process on the machine) moves a mean far more than it moves the typical render.
    @property
    def pipeline_rate(self) -> float:
        return 1000 / self.pipeline_median_ms

    @property
    def direct_rate(self) -> float:
        return 1000 / self.direct_median_ms

    @property
    def ratio(self) -> float:
        return self.pipeline_rate / self.direct_rate


def pipeline_compare(renders: int) -> PipelineResult:
    """Render one certificate ``renders`` times each way, alternating (pipeline,
    direct, pipeline, direct …) so that both meet the same machine load."""
    import weasyprint

    from certificates.rendering import (
        certificate_context,
        certificate_html,
        certificate_pdf,
    )

    certificate = sample_certificate()
    final_html = certificate_html(certificate_context(certificate))
    direct_html, base_url = html_for_direct_weasyprint(final_html)

    def pipeline() -> bytes:
        return certificate_pdf(certificate)

    def direct() -> bytes:
        return weasyprint.HTML(string=direct_html, base_url=base_url).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    for _ in range(WARM_UPS):
        pipeline_bytes = len(pipeline())
        direct_bytes = len(direct())
    pipeline_s, direct_s = [], []
    for _ in range(renders):
        for function, samples in ((pipeline, pipeline_s), (direct, direct_s)):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
    return PipelineResult(renders, pipeline_s, direct_s, pipeline_bytes, direct_bytes)


def met(condition: bool) -> str:
    return "met" if condition else "NOT met"


@dataclass
class BulkResult:
    count: int
    concurrency: int
    warm_ups: int
    wall_s: float
    issue_s: float
    sizes: list[int]
    early_ready: int
    rss_early: dict[int, float | None]
    rss_end: dict[int, float | None]
    files: int
    rendered_twice: int
    cpu: dict[str, float]
    service_ms: float


class Command(BaseCommand):
    help = (
        "Measure certificate rendering: the pipeline against WeasyPrint called "
        "directly, and a bulk issue rendered by Celery workers through Redis; print "
        "Markdown tables. The bulk part needs PostgreSQL and Redis shared with the "
        "worker, so the command runs itself again in a subprocess with "
        "DJANGO_SETTINGS_MODULE=lms.settings.dev and DATABASE_URL=--database-url "
        "(creating that database if it is missing and migrating it), and gives that "
        "process and the worker a temporary private-files folder, removed at the "
        "end. Run it from any shell; it deletes the learners, certificates and bulk "
        "issue it made, purges the Celery queue it used and deletes its tasks' "
        "results — point --redis-url at a Redis database no other Celery uses. "
        "--skip-bulk runs only the pipeline "
        "comparison, here, on the database the settings name."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--renders",
            type=int,
            default=30,
            help="Renders of each kind in the pipeline comparison (default 30).",
        )
        parser.add_argument(
            "--bulk",
            type=int,
            default=1000,
            help="Certificates in the bulk issue (default 1000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help=(
                "Processes rendering the bulk issue: one worker with a prefork pool "
                "of this many (default 2)."
            ),
        )
        parser.add_argument(
            "--skip-bulk",
            action="store_true",
            help="Only compare the pipeline with WeasyPrint called directly.",
        )
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            help=(
                "PostgreSQL database for the bulk issue; created if missing and "
                f"migrated (default $BENCH_DATABASE_URL or {DEFAULT_DATABASE_URL})."
            ),
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            help=(
                "Redis database used as the Celery broker and result store; its "
                "default queue is purged before and after "
                f"(default $BENCH_REDIS_URL or {DEFAULT_REDIS_URL})."
            ),
        )
        parser.add_argument(
            "--json",
            dest="json_path",
            metavar="PATH",
            default="",
            help="Also write the ratios against the targets to this JSON file.",
        )
        # Set when the command has been started again against the bench database.
        parser.add_argument(
            "--in-bench-database", action="store_true", help=argparse.SUPPRESS
        )

    def handle(self, *args, **options):
        for name in ("renders", "bulk", "workers"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if options["skip_bulk"]:
            self.report_header()
            self.report_pipeline(pipeline_compare(options["renders"]))
        elif options["in_bench_database"]:
            self.run_in_bench_database(**options)
        else:
            self.relaunch(**options)

    # --- The outer process: prepare the database, run again inside it ------------

    def relaunch(
        self, *, database_url, redis_url, renders, bulk, workers, json_path, **options
    ):
        import environ

        config = environ.Env.db_url_config(database_url)
        if "postgresql" not in config["ENGINE"]:
            raise CommandError(
                f"--database-url must name a PostgreSQL database, not {database_url!r}"
                " (the worker and this command must share it)."
            )
        self.database_create_if_missing(config)
        private_root = tempfile.mkdtemp(prefix="cradle-bench-private-")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url,
            # Keep connections as production does (lms/settings/production.py).
            "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PRIVATE_MEDIA_ROOT": private_root,
            "PYTHONUNBUFFERED": "1",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        try:
            migrated = subprocess.run(  # noqa: S603 -- our own manage.py
                [*manage, "migrate", "--noinput", "-v0"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if migrated.returncode:
                raise CommandError(
                    f"Migrating {config['NAME']} failed:\n"
                    f"{migrated.stdout}{migrated.stderr}"
                )
            inner = subprocess.Popen(  # noqa: S603 -- our own manage.py
                [
                    *manage,
                    "bench_certificates",
                    "--in-bench-database",
                    f"--renders={renders}",
                    f"--bulk={bulk}",
                    f"--workers={workers}",
                    f"--redis-url={redis_url}",
                    *([f"--json={json_path}"] if json_path else []),
                ],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for line in inner.stdout:
                self.stdout.write(line.rstrip("\n"))
            if inner.wait():
                raise CommandError(f"The benchmark failed (exit {inner.returncode}).")
        finally:
            shutil.rmtree(private_root, ignore_errors=True)

    def database_create_if_missing(self, config: dict) -> None:
        import psycopg
        from psycopg import sql

        try:
            with psycopg.connect(
                dbname="postgres",
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                autocommit=True,
            ) as admin:
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
                ).fetchone()
                if not exists:
                    admin.execute(
                        sql.SQL("CREATE DATABASE {}").format(
                            sql.Identifier(config["NAME"])
                        )
                    )
                    self.stdout.write(f"Created the database {config['NAME']}.")
        except psycopg.Error as error:
            raise CommandError(
                f"Could not reach PostgreSQL to prepare {config['NAME']}: {error}"
            ) from error

    # --- The inner process: on the bench database, with a real worker -------------

    def run_in_bench_database(
        self, *, renders, bulk, workers, redis_url, json_path, **options
    ):
        from lms.celery import app

        if connection.vendor != "postgresql" or app.conf.task_always_eager:
            raise CommandError(
                "The bulk benchmark runs on PostgreSQL with Celery tasks sent to a "
                "worker; start it without --in-bench-database."
            )
        self.report_header()
        result = pipeline_compare(renders)
        self.report_pipeline(result)
        self.stdout.write("")
        bulk_result = self.bulk_measure(
            count=bulk, concurrency=workers, redis_url=redis_url
        )
        self.report_bulk(bulk_result, single_ms=result.pipeline_median_ms)
        if json_path:
            results_write(json_path, result, bulk_result)

    def bulk_measure(self, *, count: int, concurrency: int, redis_url: str):
        from lms.celery import app

        rows_delete()
        app.control.purge()
        log = Path(settings.PRIVATE_MEDIA_ROOT) / "worker.log"
        hostname = f"bench-certificates-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        with open(log, "w") as log_file:
            worker = subprocess.Popen(  # noqa: S603 -- the project's own Celery app
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "lms",
                    "worker",
                    "--pool=prefork",
                    f"--concurrency={concurrency}",
                    "--max-tasks-per-child=100000",
                    # INFO names each task, so that its result can be deleted after.
                    "--loglevel=INFO",
                    "--hostname",
                    hostname,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=settings.BASE_DIR,
                env=os.environ.copy(),
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            pool = self.worker_wait_ready(app, worker, hostname, concurrency, log)
            return self.bulk_run(count, concurrency, worker, pool, log)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            app.control.purge()
            results_forget(redis_url, log)
            rows_delete()

    def worker_wait_ready(self, app, worker, hostname, concurrency, log) -> list[int]:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise CommandError(
                    f"The Celery worker exited with {worker.returncode}:\n"
                    f"{log_tail(log)}"
                )
            replies = app.control.ping(destination=[hostname], timeout=0.5)
            pool = child_pids(worker.pid)
            if replies and len(pool) >= concurrency:
                return pool
        raise CommandError(
            f"The Celery worker did not answer within {WORKER_START_SECONDS} s:\n"
            f"{log_tail(log)}"
        )

    def bulk_run(self, count, concurrency, worker, pool, log) -> BulkResult:
        from certificates import services
        from certificates.choices import RecipientSource
        from certificates.models import Certificate

        # Each pool process renders a few first, as long-running workers have: the
        # single render time it is compared with is a warm one too.
        warm_learners = learners_create("warm-up", concurrency * 2)
        with transaction.atomic():
            for learner in warm_learners:
                services.certificate_issue(
                    learner=learner,
                    title=BENCH_TITLE,
                    hours=BENCH_HOURS,
                    source_type="benchmark",
                    source_id="warm-up",
                    email_learner=False,
                )
        warm = Certificate.objects.filter(learner__in=warm_learners)
        self.wait_all_ready(warm, len(warm_learners), worker, log)
        service_ms = service_render_ms(warm.first().pk)

        learners = learners_create("learner", count)
        batch = services.certificate_batch_create(
            template=services.template_default(),
            title=BENCH_TITLE,
            hours=BENCH_HOURS,
            issued_on=timezone.localdate(),
            learners=learners,
            recipient_source=RecipientSource.FILTER,
            report=[],
            description="Benchmark learners",
            email_learners=False,
            created_by=None,
        )
        certificates = Certificate.objects.filter(batch=batch)
        early_at = max(1, count // 10)
        early_ready, rss_early = 0, {}
        cpu_before = cpu_snapshot(worker.pid)
        started = time.perf_counter()
        services.certificate_batch_start(batch=batch, by=None)
        while True:
            ready = self.ready_count(certificates, worker, log, started, count)
            if not rss_early and ready >= early_at:
                early_ready = ready
                rss_early = {pid: rss_mb(pid) for pid in pool}
            if ready >= count:
                break
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
        cpu_after = cpu_snapshot(worker.pid)
        rss_end = {pid: rss_mb(pid) for pid in child_pids(worker.pid)}
        batch.refresh_from_db()
        if batch.issued_count != count:
            raise CommandError(
                f"The bulk issue made {batch.issued_count} certificates, not {count}."
            )
        sizes = list(certificates.values_list("pdf_size", flat=True))
        uuids = {str(value) for value in certificates.values_list("uuid", flat=True)}
        folder = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates"
        files = sum(1 for path in folder.iterdir() if path.name[:36] in uuids)
        return BulkResult(
            count=count,
            concurrency=concurrency,
            warm_ups=len(warm_learners),
            wall_s=wall,
            issue_s=(batch.finished_at - batch.started_at).total_seconds(),
            sizes=sizes,
            early_ready=early_ready,
            rss_early=rss_early,
            rss_end=rss_end,
            files=files,
            rendered_twice=certificates.filter(render_attempts__gt=1).count(),
            cpu={key: cpu_after[key] - cpu_before[key] for key in cpu_before},
            service_ms=service_ms,
        )

    def wait_all_ready(self, queryset, count, worker, log):
        started = time.perf_counter()
        while self.ready_count(queryset, worker, log, started, count) < count:
            time.sleep(POLL_SECONDS)

    def ready_count(self, queryset, worker, log, started, count) -> int:
        """How many are ready; stops the benchmark if the worker died, a render
        failed or it is taking far longer than it should."""
        from django.db.models import Count, Q

        from certificates.choices import CertificateStatus

        counts = queryset.aggregate(
            ready=Count("pk", filter=Q(status=CertificateStatus.READY)),
            failed=Count("pk", filter=Q(status=CertificateStatus.FAILED)),
        )
        if counts["failed"]:
            error = (
                queryset.filter(status=CertificateStatus.FAILED)
                .values_list("last_error", flat=True)
                .first()
            )
            raise CommandError(
                f"{counts['failed']} certificates failed to render; the first "
                f"error: {error}\n{log_tail(log)}"
            )
        if worker.poll() is not None:
            raise CommandError(
                f"The Celery worker exited with {worker.returncode}:\n{log_tail(log)}"
            )
        # A generous bound: two seconds a render, where a render takes ~50 ms.
        if time.perf_counter() - started > 60 + 2 * count:
            raise CommandError(
                f"Only {counts['ready']} of {count} certificates were ready after "
                f"{time.perf_counter() - started:.0f} s:\n{log_tail(log)}"
            )
        return counts["ready"]

    # --- Output --------------------------------------------------------------------

    def report_header(self):
        import weasyprint

        from lms import pdf

        subsetter = (
            "HarfBuzz (libharfbuzz-subset)"
            if pdf.harfbuzz_subsetter_available()
            else "fontTools (pure Python; install libharfbuzz-subset0)"
        )
        self.stdout.write(
            f"Run on {timezone.localdate():%Y-%m-%d}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
            f"font subsetter: {subsetter}, database: {connection.vendor}"
        )
        self.stdout.write("")

    def report_pipeline(self, result: PipelineResult):
        self.stdout.write(
            f"Pipeline against WeasyPrint called directly on the same final HTML "
            f"({result.renders} renders each, alternating, after {WARM_UPS} "
            f"warm-ups; renders/s = 1000 ÷ median ms):"
        )
        self.stdout.write("")
        self.stdout.write("| what | median ms | renders/s | PDF bytes |")
        self.stdout.write("|---|---|---|---|")
        self.stdout.write(
            "| pipeline: template → context and QR code → HTML → lms/pdf.py | "
            f"{result.pipeline_median_ms:.1f} | {result.pipeline_rate:.1f} | "
            f"{result.pipeline_bytes:,} |"
        )
        self.stdout.write(
            "| WeasyPrint directly on the same HTML (same fonts, PDF/UA-1) | "
            f"{result.direct_median_ms:.1f} | {result.direct_rate:.1f} | "
            f"{result.direct_bytes:,} |"
        )
        self.stdout.write("")
        self.stdout.write(
            f"Pipeline throughput ÷ direct throughput: {result.ratio:.2f} "
            f"(target ≥ {TARGET_PIPELINE_RATIO:.2f}: "
            f"{met(result.ratio >= TARGET_PIPELINE_RATIO)})"
        )

    def report_bulk(self, result: BulkResult, *, single_ms: float):
        ideal = result.count * single_ms / 1000 / result.concurrency
        ratio = result.wall_s / ideal
        service_ideal = result.count * result.service_ms / 1000 / result.concurrency
        median_kb = statistics.median(result.sizes) / 1024
        max_kb = max(result.sizes) / 1024
        growth = [
            result.rss_end[pid] - early
            for pid, early in result.rss_early.items()
            if early is not None and result.rss_end.get(pid) is not None
        ]
        same_processes = len(growth) == result.concurrency
        flat = same_processes and max(growth) < FLAT_GROWTH_MB
        self.stdout.write(
            f"Bulk issue of {result.count:,} certificates: one Celery worker with a "
            f"prefork pool of {result.concurrency} processes, through Redis (max "
            f"tasks per child 100000; the pool first rendered {result.warm_ups} "
            "warm-up certificates):"
        )
        self.stdout.write("")
        self.stdout.write("| measure | value | target |")
        self.stdout.write("|---|---|---|")
        rows = [
            ("wall time, bulk issue confirmed → all ready", f"{result.wall_s:.1f} s"),
            (
                "of which the batch task inserting the rows",
                f"{result.issue_s:.2f} s",
            ),
            (
                f"ideal: {result.count:,} × {single_ms:.1f} ms ÷ {result.concurrency}",
                f"{ideal:.1f} s",
            ),
            (
                "wall time ÷ ideal",
                f"{ratio:.2f}×",
                f"≤ {TARGET_BULK_RATIO:.1f}× ({met(ratio <= TARGET_BULK_RATIO)})",
            ),
            ("throughput", f"{result.count / result.wall_s:.1f} renders/s"),
            (
                "for comparison: one certificate_render call in this process "
                "(load, render, store, record; connection kept open)",
                f"{result.service_ms:.1f} ms",
            ),
            (
                f"wall time ÷ ({result.count:,} × {result.service_ms:.1f} ms ÷ "
                f"{result.concurrency})",
                f"{result.wall_s / service_ideal:.2f}×",
            ),
            (
                "PDF size, median / max",
                f"{median_kb:.1f} KB / {max_kb:.1f} KB",
                f"< {TARGET_PDF_KB} KB ({met(max_kb < TARGET_PDF_KB)})",
            ),
            (
                f"worker RSS after {result.early_ready:,} renders, per process",
                mb_list(result.rss_early.values()),
            ),
            (
                "worker RSS at the end, per process",
                mb_list(result.rss_end.values()),
            ),
            (
                "RSS growth, largest",
                f"{max(growth):.1f} MB" if same_processes else "pool processes changed",
                f"< {FLAT_GROWTH_MB} MB ({met(flat)})",
            ),
            (
                "PDF files stored / certificates",
                f"{result.files:,} / {result.count:,}",
                "equal (no orphans)",
            ),
            ("certificates rendered more than once", str(result.rendered_twice), "0"),
            *self.cpu_rows(result, single_ms=single_ms),
        ]
        for row in rows:
            label, value, *target = row
            self.stdout.write(f"| {label} | {value} | {target[0] if target else ''} |")

    def cpu_rows(self, result: BulkResult, *, single_ms: float) -> list[tuple]:
        """Where the machine's CPU went during the run: a wall time above the ideal
        is explained by renders costing more in the worker than alone, or by the
        pool not getting its share of the cores."""
        cpu = result.cpu
        parties = ("pool", "worker main", "PostgreSQL", "Redis", "this process")
        others = cpu["busy"] - sum(cpu[party] for party in parties)
        capacity = (os.cpu_count() or 1) * result.wall_s
        return [
            (
                "worker pool CPU per certificate",
                f"{cpu['pool'] * 1000 / result.count:.1f} ms",
                f"(one render alone: {single_ms:.1f} ms)",
            ),
            (
                "machine CPU busy / available during the run",
                f"{cpu['busy']:.1f} / {capacity:.1f} core-s "
                f"(stolen by the host: {cpu['steal']:.1f} s)",
            ),
            (
                "of which pool / worker main / PostgreSQL / Redis / this process / "
                "other programs",
                " / ".join(f"{cpu[party]:.1f}" for party in parties)
                + f" / {others:.1f} core-s",
            ),
        ]


def results_write(path: str, pipeline: PipelineResult, bulk: BulkResult) -> None:
    """The figures the targets are about, as JSON, for ``make bench``."""
    import json

    ideal = bulk.count * pipeline.pipeline_median_ms / 1000 / bulk.concurrency
    service_ideal = bulk.count * bulk.service_ms / 1000 / bulk.concurrency
    Path(path).write_text(
        json.dumps(
            {
                "pipeline_ratio": pipeline.ratio,
                "pipeline_ms": pipeline.pipeline_median_ms,
                "direct_ms": pipeline.direct_median_ms,
                "bulk": bulk.count,
                "bulk_wall_s": bulk.wall_s,
                "bulk_ratio": bulk.wall_s / ideal,
                "service_ratio": bulk.wall_s / service_ideal,
                "pdf_max_bytes": max(bulk.sizes),
            },
            indent=1,
        )
    )


def mb_list(values) -> str:
    return " / ".join(
        "gone" if value is None else f"{value:.1f} MB" for value in values
    )


TASK_LINE = re.compile(r"Task [\w.]+\[([0-9a-f-]{36})\] (?:received|succeeded)")


def results_forget(redis_url: str, log: Path) -> int:
    """Delete the stored results of the tasks a worker's log names (INFO level),
    and no other key. Returns how many were deleted."""
    import redis

    try:
        ids = set(TASK_LINE.findall(log.read_text(errors="replace")))
    except OSError:
        return 0
    if not ids:
        return 0
    client = redis.Redis.from_url(redis_url)
    try:
        return client.delete(*(f"celery-task-meta-{task_id}" for task_id in ids))
    finally:
        client.close()


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no worker log)"


def service_render_ms(certificate_id: int, repeat: int = 10) -> float:
    """Median time of the render service itself, in this process, on a certificate
    the worker has rendered: what a task does, without Celery and without opening a
    database connection."""
    from certificates import services

    samples = []
    for index in range(WARM_UPS + repeat):
        started = time.perf_counter()
        services.certificate_render(certificate_id=certificate_id, force=True)
        if index >= WARM_UPS:
            samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def learners_create(prefix: str, count: int) -> list:
    """``count`` learners with names and profiles, in a few queries."""
    from django.contrib.auth.hashers import make_password

    from lms.models import LearnerProfile, User

    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}-{index:05d}@{BENCH_DOMAIN}",
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)],
                password=make_password(None),
            )
            for index in range(count)
        ],
        batch_size=1000,
    )
    profiles = LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(user=user, certificate_name=user.get_full_name())
            for user in users
        ],
        batch_size=1000,
    )
    for user, profile in zip(users, profiles, strict=True):
        user.profile = profile
    return users


def rows_delete() -> None:
    """Delete everything a run made (also what an interrupted run left)."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    from certificates.models import Certificate, CertificateBatch
    from lms.models import User

    learners = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    certificates = Certificate.objects.filter(learner__in=learners)
    batches = CertificateBatch.objects.filter(title=BENCH_TITLE)
    storage = Certificate._meta.get_field("pdf").storage
    for name in certificates.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(name)
    for model, queryset in ((Certificate, certificates), (CertificateBatch, batches)):
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in queryset.values_list("pk", flat=True)],
        ).delete()
    certificates.delete()
    batches.delete()
    learners.delete()
