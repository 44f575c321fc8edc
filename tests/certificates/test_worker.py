"""Certificates rendered by a real Celery worker (a subprocess, prefork pool of one
process) that takes its tasks from Redis and shares the test's PostgreSQL database and
private-files folder: the normal path, a pool process killed in the middle of the
renders, one killed between storing a PDF and recording it, and a render that really
fails in the worker and is then swept up.

The suite's settings run tasks eagerly, so the ``celery_queue`` fixture points the
Celery app of the test process at Redis and routes the certificate tasks to a queue of
the test's own, which the worker alone consumes."""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import psycopg
import pytest
import redis

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from certificates import services, tasks
from certificates.choices import CertificateStatus
from certificates.management.commands.bench_certificates import (
    child_pids,
    results_forget,
)
from certificates.models import Certificate
from lms.celery import app
from lms.storage import PrivateStorage
from tests.factories import LearnerProfileFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
TITLE = "Attachment and Early Relationships"


def poll_until(condition, *, timeout):
    """Poll ``condition`` until it returns something truthy (returned) or ``timeout``
    seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return None


def wait_for(condition, *, timeout=TIMEOUT, what="the condition", log=None):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    value = poll_until(condition, timeout=timeout)
    if value:
        return value
    tail = "" if log is None else "\nWorker log:\n" + log.read_text(errors="replace")
    pytest.fail(f"Timed out after {timeout} s waiting for {what}{tail}")


def _broker_connections_drop():
    # The app keeps a pool of broker connections (and producers) made from the
    # broker_url of the moment; forget it so the next send uses the current one, as
    # Celery itself does after a fork (Celery._after_fork). The pool is not closed:
    # kombu shares it, by URL, with the next test that uses the same broker.
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def celery_queue(redis_url):
    """Send this test's certificate tasks through Redis to a queue of its own."""
    if isinstance(tasks.certificate_render.delay, mock.NonCallableMock):
        # Patching it from several threads at once can leave the mock in place,
        # and then no render would ever reach the worker.
        pytest.fail("certificates.tasks.certificate_render.delay is still a mock")
    queue = f"cradle-test-{uuid.uuid4().hex[:8]}"
    keys = ("task_always_eager", "broker_url", "task_routes")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=redis_url,
        task_routes={"certificates.tasks.*": {"queue": queue}},
    )
    _broker_connections_drop()
    assert (
        app.amqp.router.route({}, "certificates.tasks.certificate_render")["queue"].name
        == queue
    )
    try:
        yield queue
    finally:
        app.conf.update(saved)
        _broker_connections_drop()
        # Whatever is left in this test's queue (a retry the worker had scheduled
        # and handed back when it stopped) goes with it; other queues are untouched.
        client = redis.Redis.from_url(redis_url)
        try:
            keys = list(client.scan_iter(match=f"*{queue}*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


def database_url_for_worker() -> str:
    """The URL of the database this test runs on (pytest-django's test_<name>)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@contextmanager
def running_worker(*, queue, redis_url, private_root, log):
    """A ``celery worker`` subprocess on the dev settings, sending nothing eagerly,
    on the test database and ``private_root``; stopped (then killed) on the way out."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url_for_worker(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(private_root),
        "WAGTAILADMIN_BASE_URL": "http://testserver",
    }
    with open(log, "w") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",  # "received" lines show redeliveries
                "-Q",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        results_forget(redis_url, log)


RECEIVED = re.compile(
    r"Task certificates\.tasks\.certificate_render\[([0-9a-f-]+)\] received"
)


def redelivered(log: Path) -> set[str]:
    """Ids of the render tasks the worker received more than once."""
    received = Counter(RECEIVED.findall(log.read_text()))
    return {task_id for task_id, times in received.items() if times > 1}


def lost_jobs(log: Path) -> int:
    """How many tasks the worker reported lost with their pool process."""
    return log.read_text().count("Task handler raised error: WorkerLostError")


def learners(count):
    return [LearnerProfileFactory().user for _ in range(count)]


def issue(learner, source_id):
    certificate, created = services.certificate_issue(
        learner=learner,
        title=TITLE,
        hours="6.5",
        source_type="course",
        source_id=source_id,
        email_learner=False,
    )
    assert created
    return certificate


def ready_count(certificates) -> int:
    return Certificate.objects.filter(
        pk__in=[certificate.pk for certificate in certificates],
        status=CertificateStatus.READY,
    ).count()


def stored_files(root: Path, certificates) -> list[Path]:
    """The PDF files under ``root``/certificates/ that belong to these certificates."""
    uuids = {str(certificate.uuid) for certificate in certificates}
    folder = root / "certificates"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name[:36] in uuids)


@contextmanager
def row_locked(certificate):
    """Hold the certificate's row lock from another database connection, as a
    concurrent request would (a revocation, say). Yields a function that lets go."""
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    try:
        other.execute(
            f"SELECT id FROM {Certificate._meta.db_table} WHERE id = %s FOR UPDATE",  # noqa: S608
            [certificate.pk],
        )
        yield other.rollback
    finally:
        other.close()


def assert_rendered(certificate, root: Path):
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.READY
    assert certificate.last_error == ""
    assert certificate.pdf.name.startswith(f"certificates/{certificate.uuid}-")
    with PrivateStorage(location=root).open(certificate.pdf.name) as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    assert certificate.pdf_size == len(data)


def test_a_real_worker_renders_certificates_issued_in_a_committed_transaction(
    postgres, redis_url, celery_queue, tmp_path
):
    people = learners(3)
    log = tmp_path / "worker.log"
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    with running_worker(
        queue=celery_queue, redis_url=redis_url, private_root=root, log=log
    ):
        with transaction.atomic():
            certificates = [
                issue(person, f"worker-a-{index}")
                for index, person in enumerate(people)
            ]
        wait_for(
            lambda: ready_count(certificates) == 3,
            what="three certificates to be rendered",
            log=log,
        )
    for certificate in certificates:
        assert_rendered(certificate, root)
        # Through the model's own storage, as the download view reads it.
        with certificate.pdf.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert certificate.render_attempts == 1
    assert len(stored_files(root, certificates)) == 3
    output = log.read_text()
    assert "Traceback" not in output, output
    # The worker's stored results were deleted with it.
    task_ids = RECEIVED.findall(output)
    assert len(task_ids) == 3
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.exists(*(f"celery-task-meta-{i}" for i in task_ids)) == 0
    finally:
        client.close()


def test_a_pool_process_killed_mid_render_hands_its_render_back(
    postgres, redis_url, celery_queue, tmp_path
):
    people = learners(30)
    log = tmp_path / "worker.log"
    root = tmp_path / "private"
    with running_worker(
        queue=celery_queue, redis_url=redis_url, private_root=root, log=log
    ) as worker:
        first_child = wait_for(
            lambda: child_pids(worker.pid), what="the worker's pool process", log=log
        )
        assert len(first_child) == 1  # --concurrency=1: one pool process
        with transaction.atomic():
            certificates = [
                issue(person, f"worker-b-{index}")
                for index, person in enumerate(people)
            ]
        wait_for(
            lambda: ready_count(certificates) >= 3,
            what="the first renders",
            log=log,
        )
        # The pool process is kept busy by the queue. Kill it until a kill lands
        # while it holds a task: the worker then reports the job lost. (A kill
        # just after a render was stored counts as a success, and a kill between
        # two tasks loses nothing; either way, kill the next pool process.)
        killed = []
        while not lost_jobs(log) and len(killed) < 5:
            (child,) = wait_for(
                lambda: child_pids(worker.pid), what="a pool process", log=log
            )
            os.kill(child, signal.SIGKILL)
            killed.append(child)
            wait_for(
                lambda child=child: child_pids(worker.pid) not in ([], [child]),
                what="the worker to start a new pool process",
                log=log,
            )
            poll_until(lambda: lost_jobs(log), timeout=1)
        assert lost_jobs(log), (
            f"none of {len(killed)} kills caught a task in flight:\n" + log.read_text()
        )
        # Handed back to the broker, the message comes to the worker again.
        wait_for(lambda: redelivered(log), what="the lost task's redelivery", log=log)
        wait_for(
            lambda: ready_count(certificates) == 30,
            what="all 30 certificates after the kill",
            log=log,
        )
        assert worker.poll() is None  # the worker itself carried on
    rows = Certificate.objects.filter(learner__in=people)
    assert rows.count() == 30
    assert set(rows.values_list("status", flat=True)) == {CertificateStatus.READY}
    for certificate in certificates:
        assert_rendered(certificate, root)
    # One file each: a render the kill interrupted left nothing behind.
    files = stored_files(root, certificates)
    assert len(files) == 30, sorted(path.name for path in files)
    assert {path.name for path in files} == {
        Path(certificate.pdf.name).name for certificate in rows
    }
    # The only errors the worker reported are the lost pool processes.
    lost_reports = re.compile(
        # The message, then the traceback quoted between two lines of three quotes.
        r'Task handler raised error: WorkerLostError.*?^"""$.*?^"""$',
        re.DOTALL | re.MULTILINE,
    )
    others = lost_reports.sub("", log.read_text())
    assert "Traceback" not in others, others


def test_a_render_that_fails_in_the_worker_is_kept_then_the_sweep_renders_it(
    postgres, redis_url, celery_queue, tmp_path
):
    log = tmp_path / "worker.log"
    root = tmp_path / "private"
    root.mkdir()
    # A file where the certificates folder should be: the worker's storage cannot
    # create the folder and saving the PDF raises, as with a full or broken disk.
    # (Permissions would not do: the suite may run as root, who ignores them.)
    blocker = root / "certificates"
    blocker.write_text("not a folder")
    (learner,) = learners(1)
    with running_worker(
        queue=celery_queue, redis_url=redis_url, private_root=root, log=log
    ):
        certificate = issue(learner, "worker-c")
        wait_for(
            lambda: Certificate.objects.filter(
                pk=certificate.pk, status=CertificateStatus.FAILED
            ).exists(),
            what="the render to fail",
            log=log,
        )
        certificate.refresh_from_db()
        assert certificate.render_attempts == 1
        # The error as the worker met it: its type, and the path it could not use.
        assert re.match(r"\w+Error: ", certificate.last_error)
        assert str(blocker) in certificate.last_error
        assert not certificate.pdf

        blocker.unlink()
        # The task retries on its own after 30 s or more; the sweep, run as beat
        # would run it once the certificate counts as stuck, does not wait.
        later = timezone.now() + datetime.timedelta(
            minutes=settings.CERTIFICATE_STUCK_MINUTES + 1
        )
        assert services.certificates_sweep(now=later) == 1
        wait_for(
            lambda: Certificate.objects.filter(
                pk=certificate.pk, status=CertificateStatus.READY
            ).exists(),
            what="the swept render",
            log=log,
        )
    assert_rendered(certificate, root)
    assert certificate.render_attempts == 2
    assert len(stored_files(root, [certificate])) == 1
    output = log.read_text()
    assert f"Certificate {certificate.pk} failed to render (attempt 1)" in output
    assert "Traceback" not in output, output


def test_a_render_killed_between_storing_and_recording_its_file_leaves_none_behind(
    postgres, redis_url, celery_queue, tmp_path
):
    log = tmp_path / "worker.log"
    root = tmp_path / "private"
    (learner,) = learners(1)
    certificate = issue(learner, "worker-d")  # its render waits in the queue
    # With the row locked, the render stores its file and then waits to record it:
    # the pool process is killed in exactly that gap.
    with (
        row_locked(certificate) as release,
        running_worker(
            queue=celery_queue, redis_url=redis_url, private_root=root, log=log
        ) as worker,
    ):
        wait_for(
            lambda: stored_files(root, [certificate]),
            what="the render to store its file",
            log=log,
        )
        (child,) = child_pids(worker.pid)
        os.kill(child, signal.SIGKILL)
        wait_for(lambda: lost_jobs(log), what="the lost task to be reported", log=log)
        release()
        wait_for(
            lambda: Certificate.objects.filter(
                pk=certificate.pk, status=CertificateStatus.READY
            ).exists(),
            what="the redelivered render",
            log=log,
        )
    assert redelivered(log)
    assert_rendered(certificate, root)
    files = stored_files(root, [certificate])
    assert [path.name for path in files] == [Path(certificate.pdf.name).name]
