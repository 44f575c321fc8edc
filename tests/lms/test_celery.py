import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from django.conf import settings

from lms.celery import app
from lms.tasks import health_check

ROOT = Path(__file__).resolve().parents[2]


def test_health_check_runs_eagerly_in_the_embedded_mode():
    result = health_check.delay("eager")
    assert result.get(timeout=5)["token"] == "eager"
    assert result.get()["status"] == "ok"


def test_reliable_defaults_and_beat_schedule():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert (
        app.conf.worker_max_tasks_per_child
        == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    )
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    # Import every app's tasks module, as a worker does when it starts, so that the
    # check holds whichever tests ran before it.
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_tasks_are_autodiscovered():
    assert {
        "lms.tasks.health_check",
        "lms.tasks.deletion_request_notify_admins",
    } <= set(app.tasks)


@pytest.mark.redis
def test_round_trip_through_redis_with_a_real_worker(redis_url):
    queue = f"cradle-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
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
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery(broker=redis_url, backend=redis_url)
    try:
        token = uuid.uuid4().hex
        result = client.send_task("lms.tasks.health_check", args=[token], queue=queue)
        value = result.get(timeout=60)
        assert value["token"] == token
        assert value["status"] == "ok"
        assert result.status == "SUCCESS"
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        client.close()
    assert "Traceback" not in output, output
