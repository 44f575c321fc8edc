"""A whole Celery worker killed (SIGKILL: the OOM killer, a lost machine) in the
middle of rendering a certificate. Unlike a pool process killed under a living
worker (tests/certificates/test_worker.py), nobody is left to hand the message
back: Redis keeps it unacknowledged until the visibility timeout (an hour) runs
out. The certificate is still finished — by the sweep, on a new worker — and
exactly once: one render recorded, one PDF file, even when the old message comes
back afterwards."""

import os
import signal

import pytest

from certificates import tasks
from certificates.choices import CertificateStatus
from certificates.management.commands.bench_certificates import child_pids
from certificates.models import Certificate
from tests.certificates.test_worker import (
    RECEIVED,
    assert_rendered,
    celery_queue,  # noqa: F401 -- a fixture
    issue,
    learners,
    row_locked,
    running_worker,
    stored_files,
    wait_for,
)

from .helpers import forget_unacked, restore_unacked, unacked

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def kill_whole_worker(worker) -> None:
    """Stop the worker's main process first, so that it cannot notice its pool
    process dying and hand the message back, then kill both for good."""
    children = child_pids(worker.pid)
    os.kill(worker.pid, signal.SIGSTOP)
    for child in children:
        os.kill(child, signal.SIGKILL)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_a_worker_killed_mid_render_leaves_a_certificate_the_sweep_finishes_once(
    postgres,
    redis_url,
    celery_queue,  # noqa: F811 -- the fixture imported above
    tmp_path,
    monkeypatch,
):
    root = tmp_path / "private"
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    # What the workers send themselves (the swept renders) stays in this test's
    # queue too.
    monkeypatch.setenv("CELERY_TASK_DEFAULT_QUEUE", celery_queue)
    (learner,) = learners(1)
    certificate = issue(learner, "fault-killed")  # committed; its render is queued
    try:
        # With the row locked (a concurrent request, say), the render draws and
        # stores its PDF and then waits to record it: the worker dies right there.
        with (
            row_locked(certificate) as release,
            running_worker(
                queue=celery_queue,
                redis_url=redis_url,
                private_root=root,
                log=first_log,
            ) as worker,
        ):
            wait_for(
                lambda: stored_files(root, [certificate]),
                what="the render to store its PDF",
                log=first_log,
            )
            kill_whole_worker(worker)
            release()
        (first_task,) = RECEIVED.findall(first_log.read_text())
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.PENDING
        assert certificate.render_attempts == 0
        assert not certificate.pdf
        (orphan,) = stored_files(root, [certificate])  # stored, never recorded
        # Redis still holds the message, unacknowledged, for the dead worker.
        ((tag, task_id),) = unacked(redis_url, celery_queue).items()
        assert task_id == first_task

        # A new worker does not get that message before the visibility timeout;
        # the sweep (beat's every five minutes; here with no wait for "stuck")
        # queues the certificate again and the new worker renders it.
        monkeypatch.setenv("CERTIFICATE_STUCK_MINUTES", "0")
        with running_worker(
            queue=celery_queue, redis_url=redis_url, private_root=root, log=second_log
        ):
            tasks.certificates_sweep.delay()
            wait_for(
                lambda: Certificate.objects.filter(
                    pk=certificate.pk, status=CertificateStatus.READY
                ).exists(),
                what="the swept render",
                log=second_log,
            )
            certificate.refresh_from_db()
            assert certificate.render_attempts == 1

            # An hour later the old message comes back. Its run finds the
            # certificate ready, renders nothing and deletes the file it had
            # stored before it was killed.
            restore_unacked(redis_url, tag)
            wait_for(
                lambda: (
                    not unacked(redis_url, celery_queue)
                    and len(stored_files(root, [certificate])) == 1
                ),
                what="the old message's run",
                log=second_log,
            )
        assert RECEIVED.findall(second_log.read_text()).count(first_task) == 1
        assert_rendered(certificate, root)
        assert certificate.render_attempts == 1  # one render recorded
        files = stored_files(root, [certificate])
        assert [path.name for path in files] == [certificate.pdf.name.rsplit("/", 1)[1]]
        assert orphan not in files
        output = second_log.read_text()
        assert "Traceback" not in output, output
    finally:
        forget_unacked(redis_url, celery_queue)
