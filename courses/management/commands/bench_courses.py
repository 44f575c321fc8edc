"""Measure the throughput of a lesson page for an enrolled learner against the same
content served as a plain Wagtail page, under gunicorn with PostgreSQL, and the
lesson page of wagtail-lms (installed from PyPI in a virtual environment of its own)
with an equivalent course. Prints a Markdown table for docs/benchmarks.md.

The outer process creates and migrates the scratch database with
``lms.settings.bench`` and runs the command again inside those settings. The inner
process builds the course, the plain page and an enrolled learner with a session,
counts each page's queries, starts gunicorn (sync workers, one per core) for this
project and for the wagtail-lms project, warms both up and drives them from a small
threaded HTTP client. The pages are measured in alternating slices of the same run,
so a change in the machine's load touches every page alike. Everything the command
made in the database is deleted at the end; the databases themselves are kept."""

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.html import format_html

from courses.benchmarks.content import (
    IMAGE_TITLE,
    LESSON_INTRODUCTION,
    LESSON_TITLE,
    image_png,
    lesson_rich_text,
    lesson_stream,
    paragraph_words,
)
from courses.benchmarks.load import Sample, Target, drive, free_port, get, load_run

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cradle_bench"
WAGTAIL_LMS_DATABASE = "cradle_bench_wlms"
WAGTAIL_LMS_PACKAGE = "wagtail-lms==0.11.1"
WAGTAIL_LMS_ROOT = Path(tempfile.gettempdir()) / "wlms-bench"
PROJECT_SOURCE = (
    Path(__file__).resolve().parents[2] / "benchmarks" / "wagtail_lms_project"
)
SETTINGS_MODULE = "lms.settings.bench"
SLUG = "bench-courses"
LEARNER_EMAIL = "learner@bench-courses.invalid"
TARGET_RATIO = 0.8
SERVER_START_SECONDS = 90
IMAGE_ID_TOKEN = "IMAGE-ID"  # noqa: S105 -- a placeholder, not a secret
DOCS_START = "<!-- bench_courses: start (the command rewrites this block) -->"
DOCS_END = "<!-- bench_courses: end -->"

PLAIN = "Plain Wagtail page, same content"
LESSON = "Lesson page, enrolled learner"
WAGTAIL_LMS = "wagtail-lms lesson page, enrolled learner"

# --- Report ---------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    sample: Sample | None = None
    queries: int | None = None
    reason: str = ""


def table_lines(rows: list[Row]) -> list[str]:
    """The Markdown table, with each page's throughput as a ratio to the plain
    page's (the first row)."""
    base = rows[0].sample.rate if rows and rows[0].sample else 0.0
    lines = [
        "| page | requests/s | p50 ms | p95 ms | ÷ plain page | queries | bytes |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.sample is None:
            lines.append(f"| {row.label} | not measured: {row.reason} | | | | | |")
            continue
        sample = row.sample
        ratio = f"{sample.rate / base:.2f}" if base else "–"
        queries = "–" if row.queries is None else str(row.queries)
        lines.append(
            f"| {row.label} | {sample.rate:.1f} | {sample.percentile_ms(0.5):.1f} | "
            f"{sample.percentile_ms(0.95):.1f} | {ratio} | {queries} | "
            f"{sample.size:,} |"
        )
    return lines


def ratio_of(rows: list[Row]) -> float:
    """The lesson page's throughput over the plain page's."""
    plain = next(row for row in rows if row.label == PLAIN).sample
    lesson = next(row for row in rows if row.label == LESSON).sample
    return lesson.rate / plain.rate if plain.rate else 0.0


def verdict_line(rows: list[Row]) -> str:
    ratio = ratio_of(rows)
    met = "met" if ratio >= TARGET_RATIO else "NOT met"
    return (
        f"Lesson page throughput ÷ plain page throughput: {ratio:.2f} "
        f"(target ≥ {TARGET_RATIO:.2f}: {met})"
    )


def docs_replace(text: str, block: str) -> str:
    """``text`` (docs/benchmarks.md) with the command's block of the Courses section
    replaced by ``block``; the section is added at the end if it is missing."""
    start, end = text.find(DOCS_START), text.find(DOCS_END)
    generated = f"{DOCS_START}\n{block.strip()}\n{DOCS_END}"
    if start != -1 and end > start:
        return text[:start] + generated + text[end + len(DOCS_END) :]
    if "\n## Courses" in text:
        raise CommandError(
            "docs/benchmarks.md has a Courses section without the command's markers; "
            f"add {DOCS_START!r} and {DOCS_END!r} where the figures go."
        )
    return f"{text.rstrip()}\n\n## Courses: lesson page throughput\n\n{generated}\n"


# --- The command ----------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Measure lesson-page throughput under gunicorn with PostgreSQL against the "
        "same content as a plain Wagtail page and against wagtail-lms; print a "
        "Markdown table. Creates and migrates --database-url with "
        "lms.settings.bench, runs itself again in those settings, and deletes the "
        "pages, learner and session it made when it ends."
    )

    def add_arguments(self, parser):
        cores = os.cpu_count() or 1
        parser.add_argument(
            "--requests",
            type=int,
            default=2000,
            help="Measured requests per page (default 2000).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=10,
            help="Slices each page's requests are split into, pages in turn "
            "(default 10).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=2 * cores,
            help=f"Client threads (default twice the cores: {2 * cores}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=cores,
            help=f"gunicorn sync workers per server (default the cores: {cores}).",
        )
        parser.add_argument(
            "--warmup",
            type=int,
            default=100,
            help="Unmeasured requests per page first (default 100).",
        )
        parser.add_argument(
            "--lessons",
            type=int,
            default=5,
            help="Lessons in the course; the middle one is measured (default 5).",
        )
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            help="PostgreSQL database for this project; created if missing and "
            f"migrated (default $BENCH_DATABASE_URL or {DEFAULT_DATABASE_URL}). "
            f"wagtail-lms uses the database {WAGTAIL_LMS_DATABASE} on the same "
            "server.",
        )
        parser.add_argument(
            "--wagtail-lms-root",
            default=str(WAGTAIL_LMS_ROOT),
            help="Folder for wagtail-lms's virtual environment and project "
            f"(default {WAGTAIL_LMS_ROOT}).",
        )
        parser.add_argument(
            "--wagtail-lms-package",
            default=WAGTAIL_LMS_PACKAGE,
            help="What pip installs for wagtail-lms: a requirement or a wheel file "
            f"(default {WAGTAIL_LMS_PACKAGE}).",
        )
        parser.add_argument(
            "--skip-wagtail-lms",
            action="store_true",
            help="Measure only this project's two pages.",
        )
        parser.add_argument(
            "--write-docs",
            action="store_true",
            help="Also rewrite the command's block in docs/benchmarks.md.",
        )
        parser.add_argument(
            "--json",
            metavar="PATH",
            default="",
            help="Also write the results (command, table, ratio) to this JSON file.",
        )
        parser.add_argument(
            "--in-bench-settings", action="store_true", help=argparse.SUPPRESS
        )

    def handle(self, *args, **options):
        for name in ("requests", "rounds", "concurrency", "workers", "lessons"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if options["warmup"] < 0:
            raise CommandError("--warmup cannot be negative.")
        if options["rounds"] > options["requests"]:
            raise CommandError("--rounds cannot exceed --requests.")
        if options["in_bench_settings"]:
            self.run_in_bench_settings(**options)
        else:
            self.relaunch(**options)

    # --- The outer process: prepare the database, run again inside it --------------

    def relaunch(self, *, database_url, **options):
        config = database_config(database_url)
        database_create_if_missing(config, config["NAME"], self.stdout)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        migrated = subprocess.run(  # noqa: S603 -- our own manage.py
            [*manage, "migrate", "--noinput", "-v0"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if migrated.returncode:
            output = migrated.stdout + migrated.stderr
            raise CommandError(f"Migrating {config['NAME']} failed:\n{output}")
        arguments = [
            "bench_courses",
            "--in-bench-settings",
            f"--database-url={database_url}",
        ]
        for name in (
            "requests",
            "rounds",
            "concurrency",
            "workers",
            "warmup",
            "lessons",
            "wagtail_lms_root",
            "wagtail_lms_package",
            "json",
        ):
            arguments.append(f"--{name.replace('_', '-')}={options[name]}")
        for flag in ("skip_wagtail_lms", "write_docs"):
            if options[flag]:
                arguments.append(f"--{flag.replace('_', '-')}")
        inner = subprocess.Popen(  # noqa: S603 -- our own manage.py
            [*manage, *arguments], env=env, stdout=subprocess.PIPE, text=True
        )
        for line in inner.stdout:
            self.stdout.write(line.rstrip("\n"))
        if inner.wait():
            raise CommandError(f"The benchmark failed (exit {inner.returncode}).")

    # --- The inner process: build, count queries, serve, load -----------------------

    def run_in_bench_settings(self, **options):
        from django.db import connection

        if connection.vendor != "postgresql" or "courses_bench" not in {
            app.label for app in _app_configs()
        }:
            raise CommandError(
                f"Run without --in-bench-settings: the measurement needs "
                f"{SETTINGS_MODULE} on PostgreSQL."
            )
        dataset = dataset_build(lessons=options["lessons"])
        servers: list[tuple[Server, Target]] = []
        versions = None
        wagtail_lms_cleanup = None
        try:
            rows = [
                Row(
                    PLAIN,
                    queries=page_queries(dataset["plain_path"], dataset["cookie"]),
                ),
                Row(
                    LESSON,
                    queries=page_queries(dataset["lesson_path"], dataset["cookie"]),
                ),
                Row(WAGTAIL_LMS),
            ]
            ours = server_start(
                Path(sys.executable).parent / "gunicorn",
                "lms.wsgi:application",
                port=free_port(),
                workers=options["workers"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE},
                cwd=settings.BASE_DIR,
            )
            targets = [
                Target(PLAIN, ours.port, dataset["plain_path"], dataset["cookie"]),
                Target(LESSON, ours.port, dataset["lesson_path"], dataset["cookie"]),
            ]
            servers.append((ours, targets[0]))
            if options["skip_wagtail_lms"]:
                rows[2].reason = "skipped (--skip-wagtail-lms)"
            else:
                try:
                    prepared = wagtail_lms_prepare(
                        root=Path(options["wagtail_lms_root"]),
                        package=options["wagtail_lms_package"],
                        database_url=options["database_url"],
                        workers=options["workers"],
                        lessons=options["lessons"],
                        out=self.stdout,
                    )
                except WagtailLmsUnavailable as error:
                    rows[2].reason = str(error)
                    self.stderr.write(f"wagtail-lms not measured: {error}")
                else:
                    theirs = prepared["server"]
                    wagtail_lms_cleanup = prepared
                    rows[2].queries = prepared["queries"]
                    versions = prepared["versions"]
                    targets.append(
                        Target(
                            WAGTAIL_LMS,
                            theirs.port,
                            prepared["path"],
                            prepared["cookie"],
                        )
                    )
                    servers.append((theirs, targets[-1]))
            server_wait(*servers[0])
            if len(servers) > 1:
                try:
                    server_wait(*servers[1])
                except CommandError as error:
                    # The comparison row is reported as not measured; ours goes on.
                    server_stop(servers[1][0])
                    targets.remove(servers.pop()[1])
                    rows[2].queries = None
                    rows[2].reason = f"its gunicorn did not serve the lesson: {error}"
                    versions = None
                    self.stderr.write(f"wagtail-lms not measured: {error}")
            warmup = max(options["warmup"], options["concurrency"])
            for target in targets:
                warm = drive(
                    target, requests=warmup, concurrency=options["concurrency"]
                )
                if warm.failures:
                    raise CommandError(
                        f"{target.label} ({target.path}) failed {warm.failures} of "
                        f"{warm.requests} warm-up requests."
                    )
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            results = load_run(
                targets,
                requests=options["requests"],
                concurrency=options["concurrency"],
                rounds=options["rounds"],
            )
            wall = time.perf_counter() - started
            load = (load_before, os.getloadavg()[0])
            for row in rows:
                row.sample = results.get(row.label)
        finally:
            for server, _target in servers:
                server_stop(server)
            dataset_delete()
            if wagtail_lms_cleanup is not None:
                subprocess.run(  # noqa: S603 -- the benchmark's own script
                    wagtail_lms_cleanup["delete"],
                    env=wagtail_lms_cleanup["env"],
                    cwd=wagtail_lms_cleanup["root"],
                    capture_output=True,
                    check=False,
                )
        self.report(rows, options, dataset, wall, load, versions)

    def report(self, rows, options, dataset, wall, load, versions):
        import gunicorn

        import django
        from django.db import connection

        import wagtail

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0].split()[0]
        command = (
            "python manage.py bench_courses"
            f" --requests {options['requests']} --rounds {options['rounds']}"
            f" --concurrency {options['concurrency']} --workers {options['workers']}"
            f" --lessons {options['lessons']}"
            + (" --skip-wagtail-lms" if options["skip_wagtail_lms"] else "")
        )
        lines = [
            "```sh",
            f".venv/bin/{command}",
            "```",
            "",
            f"Run on {timezone.localdate():%Y-%m-%d}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, Django {django.__version__}, "
            f"Wagtail {wagtail.__version__}, PostgreSQL {postgres}, gunicorn "
            f"{gunicorn.__version__} with {options['workers']} sync workers per "
            f"server, {options['concurrency']} client threads on the same machine.",
        ]
        if versions:
            lines.append(
                f"wagtail-lms {versions['wagtail-lms']} in its own virtual "
                f"environment (Wagtail {versions['wagtail']}, Django "
                f"{versions['Django']}), its own gunicorn and database."
            )
        lines += [
            "",
            f"{options['requests']:,} measured requests per page in "
            f"{options['rounds']} alternating slices after "
            f"{max(options['warmup'], options['concurrency'])} warm-up requests each "
            f"({wall:.0f} s in all); the lesson is number "
            f"{dataset['lesson_number']} of {options['lessons']}, with the learner "
            f"enrolled and the lessons before it completed; the lesson body has "
            f"{paragraph_words()} words of paragraphs, headings, an image, a "
            "callout, a knowledge check and a reflection prompt. Queries: one "
            "request in-process after a first, counted with CaptureQueriesContext. "
            "Bytes: the response body. The machine's one-minute load average was "
            f"{load[0]:.1f} when the measured requests began and {load[1]:.1f} when "
            "they ended (the run's own gunicorn workers, PostgreSQL and client "
            "count in it).",
            "",
            *table_lines(rows),
            "",
            verdict_line(rows),
        ]
        failures = sum(row.sample.failures for row in rows if row.sample)
        if failures:
            lines += ["", f"Responses other than 200: {failures} (the run is void)."]
        block = "\n".join(lines)
        self.stdout.write(block)
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(
                    {
                        "command": f".venv/bin/{command}",
                        "summary": "\n".join(
                            lines[4 : lines.index(table_lines(rows)[0])]
                        ).strip(),
                        "table": "\n".join(table_lines(rows)),
                        "ratio": ratio_of(rows),
                        "failures": sum(
                            row.sample.failures for row in rows if row.sample
                        ),
                    },
                    indent=1,
                )
            )
        if options["write_docs"]:
            docs = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
            docs.write_text(docs_replace(docs.read_text(), block))
            self.stdout.write(f"\nWrote the figures into {docs}.")
        if failures:
            raise CommandError(f"{failures} responses were not 200.")


def _app_configs():
    from django.apps import apps

    return apps.get_app_configs()


# --- Databases ------------------------------------------------------------------------


def database_config(database_url: str) -> dict:
    import environ

    config = environ.Env.db_url_config(database_url)
    if "postgresql" not in config["ENGINE"]:
        raise CommandError(
            f"--database-url must name a PostgreSQL database, not {database_url!r}."
        )
    return config


def database_create_if_missing(config: dict, name: str, out) -> None:
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
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                admin.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
                out.write(f"Created the database {name}.")
    except psycopg.Error as error:
        raise CommandError(
            f"Could not reach PostgreSQL to prepare {name}: {error}"
        ) from error


# --- This project's pages -------------------------------------------------------------


def dataset_delete() -> None:
    from django.contrib.sessions.models import Session

    from wagtail.images.models import Image
    from wagtail.models import Page

    from lms.models import User

    for page in Page.objects.filter(slug__startswith=SLUG, depth=3):
        page.delete()
    # A course made under a catalogue the command did not make (its lessons go with
    # it, so each page is looked up again before it is deleted).
    for pk in (
        Page.objects.filter(slug__startswith=SLUG)
        .order_by("path")
        .values_list("pk", flat=True)
    ):
        page = Page.objects.filter(pk=pk).first()
        if page is not None:
            page.delete()
    for image in Image.objects.filter(title=IMAGE_TITLE):
        image.delete()
    learners = User.objects.filter(email=LEARNER_EMAIL)
    Session.objects.filter(
        session_key__in=[
            session.session_key
            for session in Session.objects.all()
            if str(session.get_decoded().get("_auth_user_id"))
            in {str(pk) for pk in learners.values_list("pk", flat=True)}
        ]
    ).delete()
    learners.delete()


def dataset_build(*, lessons: int) -> dict:
    """One course of ``lessons`` lessons with the full lesson body, the same body as
    a plain page at the same depth of the page tree, and an enrolled learner who has
    completed the lessons before the measured one. Returns the two pages' paths, the
    session cookie and the measured lesson's number."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.images import ImageFile

    from wagtail.images.models import Image

    from courses.benchmarks.models import PlainLessonPage
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from courses.services import enrolment_create, lesson_complete
    from lms.demo import seed
    from lms.middleware import TIME_ZONE_SESSION_KEY
    from lms.models import CompetencyArea, HomePage, LearnerProfile, User

    dataset_delete()
    seed()
    home = HomePage.objects.get()
    image = Image(title=IMAGE_TITLE)
    image.file = ImageFile(BytesIO(image_png()), name="bench-courses-parent-baby.png")
    image.save()
    body = lesson_stream(image)

    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            title="Courses", slug=f"{SLUG}-catalogue", introduction="All courses."
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    course = CoursePage(
        title="Attachment and Early Relationships (benchmark)",
        slug=f"{SLUG}-course",
        summary="Serve and return, responding to cries, secure base and safe haven.",
        learning_objectives=[("objective", "Describe serve and return.")],
        audience="Home visitors and early educators.",
        topic="attachment",
        clock_hours="2.5",
        estimated_minutes=150,
    )
    catalogue.add_child(instance=course)
    course.competency_areas.set(CompetencyArea.objects.all()[:2])
    course.save_revision().publish()
    measured_number = lessons // 2 + 1
    pages = []
    for number in range(1, lessons + 1):
        title = LESSON_TITLE if number == measured_number else f"Lesson {number}"
        lesson = LessonPage(
            title=title,
            slug=f"{SLUG}-lesson-{number}",
            introduction=LESSON_INTRODUCTION,
            body=body,
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        pages.append(LessonPage.objects.get(pk=lesson.pk))
    measured = pages[measured_number - 1]

    # Plain pages at the same depths as catalogue → course → lesson, so that
    # routing down the tree costs the same.
    parent = home
    for slug in ("plain", "plain-course"):
        page = PlainLessonPage(title=slug, slug=f"{SLUG}-{slug}", body=[])
        parent.add_child(instance=page)
        page.save_revision().publish()
        parent = page
    plain = PlainLessonPage(
        title=LESSON_TITLE,
        slug=f"{SLUG}-plain-lesson",
        introduction=LESSON_INTRODUCTION,
        body=body,
    )
    parent.add_child(instance=plain)
    plain.save_revision().publish()

    learner = User.objects.create_user(LEARNER_EMAIL, password=None)
    learner.first_name, learner.last_name = "Jordan", "Rivera"
    learner.save()
    LearnerProfile.objects.get_or_create(user=learner)
    enrolment_create(learner=learner, course=CoursePage.objects.get(pk=course.pk))
    for lesson in pages[: measured_number - 1]:
        lesson_complete(learner=learner, lesson=lesson)

    session = SessionStore()
    session[SESSION_KEY] = str(learner.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
    session[TIME_ZONE_SESSION_KEY] = "America/Chicago"
    session.create()
    return {
        "plain_path": PlainLessonPage.objects.get(pk=plain.pk).url,
        "lesson_path": measured.url,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "lesson_number": measured_number,
    }


def page_queries(path: str, cookie: str) -> int:
    """Queries for one request of ``path`` through the whole stack, in-process,
    after a first request has warmed the caches."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    name, value = cookie.split("=", 1)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[name] = value
    first = client.get(path)
    if first.status_code != 200:
        raise CommandError(f"{path} answered {first.status_code}, not 200.")
    if LESSON_TITLE not in first.content.decode():
        raise CommandError(f"{path} does not show the lesson {LESSON_TITLE!r}.")
    reset_queries()  # the log is capped; a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


# --- Servers --------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    label: str


def gunicorn_options(port: int, workers: int, log: Path) -> list[str]:
    return [
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=60",
        f"--error-logfile={log}",
        "--log-level=warning",
    ]


def server_start(
    executable: Path, application: str, *, port: int, workers: int, env: dict, cwd
) -> Server:
    """Start gunicorn with sync workers on ``port`` in a session of its own; its
    error log goes to a file next to the run's other files."""
    log = Path(tempfile.gettempdir()) / f"bench-courses-gunicorn-{port}.log"
    log.write_text("")
    process = subprocess.Popen(  # noqa: S603 -- gunicorn from a known environment
        [str(executable), application, *gunicorn_options(port, workers, log)],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Server(process=process, port=port, log=log, label=application)


def server_wait(server: Server, target: Target) -> None:
    """Wait until the server answers ``target`` with a 200."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise CommandError(
                f"gunicorn ({server.label}) stopped (exit {server.process.returncode}):"
                f"\n{log_tail(server.log)}"
            )
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            status, _size = get(connection, target)
        except OSError:
            time.sleep(0.3)
            continue
        finally:
            connection.close()
        if status != 200:
            raise CommandError(
                f"{target.label} ({target.path}) answered {status}:\n"
                f"{log_tail(server.log)}"
            )
        return
    raise CommandError(f"gunicorn ({server.label}) did not answer in time.")


def server_stop(server: Server) -> None:
    if server.process.poll() is not None:
        return
    server.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text().splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- wagtail-lms, side by side --------------------------------------------------------


class WagtailLmsUnavailable(Exception):
    """wagtail-lms could not be installed, built or started here; the message says
    why and the row is reported as not measured."""


def run_checked(command: list[str], *, env=None, cwd=None, what: str) -> str:
    done = subprocess.run(  # noqa: S603 -- fixed programs of the benchmark
        command, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode:
        output = (done.stdout + done.stderr).strip().splitlines()[-12:]
        raise WagtailLmsUnavailable(f"{what} failed: " + " / ".join(output))
    return done.stdout


def wagtail_lms_prepare(
    *, root: Path, package: str, database_url: str, workers: int, lessons: int, out
) -> dict:
    """Install wagtail-lms in a virtual environment under ``root`` (once), copy the
    small project in ``courses/benchmarks/wagtail_lms_project`` there, build the
    equivalent course in its own database and start its gunicorn."""
    import django

    import wagtail

    root.mkdir(parents=True, exist_ok=True)
    venv = root / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        run_checked([sys.executable, "-m", "venv", str(venv)], what="Creating a venv")
    versions_script = (
        "import importlib.metadata as m, json; print(json.dumps({name: "
        "m.version(name) for name in ('wagtail-lms', 'wagtail', 'Django', "
        "'gunicorn', 'psycopg')}))"
    )
    try:
        versions = json.loads(
            run_checked([str(python), "-c", versions_script], what="Reading versions")
        )
    except WagtailLmsUnavailable:
        out.write(f"Installing {package} in {venv} …")
        # The same Wagtail and Django as this project, which wagtail-lms supports.
        run_checked(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                package,
                f"wagtail=={wagtail.__version__}",
                f"Django=={django.__version__}",
                "gunicorn",
                "psycopg[binary]",
            ],
            what=f"pip install {package}",
        )
        versions = json.loads(
            run_checked([str(python), "-c", versions_script], what="Reading versions")
        )
    project = root / "wlms_bench"
    shutil.copytree(PROJECT_SOURCE, project, dirs_exist_ok=True)

    config = database_config(database_url)
    try:
        database_create_if_missing(config, WAGTAIL_LMS_DATABASE, out)
    except CommandError as error:
        raise WagtailLmsUnavailable(str(error)) from error
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "wlms_bench.settings",
        "WLMS_DB_NAME": WAGTAIL_LMS_DATABASE,
        "WLMS_DB_USER": config.get("USER") or "",
        "WLMS_DB_PASSWORD": config.get("PASSWORD") or "",
        "WLMS_DB_HOST": config.get("HOST") or "",
        "WLMS_DB_PORT": str(config.get("PORT") or ""),
        "WLMS_MEDIA_ROOT": str(root / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    content = root / "lesson.json"
    content.write_text(
        json.dumps(
            {
                "title": LESSON_TITLE,
                "lessons": lessons,
                "intro": format_html("<p>{}</p>", LESSON_INTRODUCTION),
                "paragraphs": lesson_rich_text(IMAGE_ID_TOKEN),
                "image_id_token": IMAGE_ID_TOKEN,
                "image_title": IMAGE_TITLE,
                "image_png": str(root / "bench-image.png"),
            }
        )
    )
    (root / "bench-image.png").write_bytes(image_png())
    built = run_checked(
        [str(python), "-m", "wlms_bench.build", str(content)],
        env=env,
        cwd=root,
        what="Building the wagtail-lms course",
    )
    result = json.loads(built.strip().splitlines()[-1])
    server = server_start(
        venv / "bin" / "gunicorn",
        "wlms_bench.wsgi:application",
        port=free_port(),
        workers=workers,
        env=env,
        cwd=root,
    )
    return {
        "delete": [str(python), "-m", "wlms_bench.build", str(content), "--delete"],
        "env": env,
        "root": root,
        "server": server,
        "path": result["path"],
        "cookie": result["cookie"],
        "queries": result["queries"],
        "versions": versions,
    }
