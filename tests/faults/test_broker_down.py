"""Redis (the Celery broker) down, or restarted and its queue lost, while an
administrator issues certificates — one, and in bulk. Nobody sees an error, every
certificate row is written (pending), and once Redis answers again the sweep has a
real worker finish all of them, each rendered once."""

from decimal import Decimal

import pytest
import redis

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import tasks
from certificates.choices import BatchStatus, CertificateStatus
from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_batch_create
from tests.certificates.test_admin_certificates import ISSUE, issue_form
from tests.certificates.test_worker import (
    assert_rendered,
    celery_queue,  # noqa: F401 -- a fixture
    learners,
    running_worker,
    stored_files,
    wait_for,
)
from tests.factories import staff_user
from tests.factories.certificates import default_template

from .helpers import broker_unreachable

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def checked_batch(people, title) -> CertificateBatch:
    return certificate_batch_create(
        template=default_template(),
        title=title,
        hours="2.5",
        issued_on=timezone.localdate(),
        learners=people,
        recipient_source="filter",
        report=[],
        email_learners=False,
        created_by=None,
    )


def confirm(client, batch):
    return client.post(
        reverse("certificate_batches:confirm", args=[batch.pk]), follow=True
    )


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_certificates_issued_while_the_broker_is_down_are_finished_once_it_is_back(
    postgres,
    redis_url,
    celery_queue,  # noqa: F811 -- the fixture imported above
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("CELERY_TASK_DEFAULT_QUEUE", celery_queue)
    client = Client()
    client.force_login(staff_user("Administrator", email="admin@example.org"))
    single, *cohort = learners(4)
    single.email = "ana@example.org"  # the address the issue form names
    single.save(update_fields=["email"])
    lost_cohort = learners(2)

    with broker_unreachable():
        # One certificate, from the admin form.
        data = issue_form(client, title="Home visiting essentials")
        del data["email_learner"]
        response = client.post(ISSUE, data, follow=True)
        assert response.status_code == 200
        assert messages_of(response)[0].startswith("Issued “Home visiting essentials”")
        # A bulk issue: confirmed, and — no worker being reachable — issued at
        # once, so that its certificates exist too.
        batch = checked_batch(cohort, "Spring cohort")
        response = confirm(client, batch)
        assert response.status_code == 200
        assert messages_of(response) == [
            "Issuing 3 certificates. This page shows the progress."
        ]
    one = Certificate.objects.get(learner=single)
    batch.refresh_from_db()
    assert (batch.status, batch.issued_count) == (BatchStatus.ISSUED, 3)
    issued = [one, *Certificate.objects.filter(batch=batch)]
    assert len(issued) == 4
    assert {c.status for c in issued} == {CertificateStatus.PENDING}

    # Redis is back, but restarted without its data: a bulk issue confirmed just
    # before the restart has lost its message and would wait for ever.
    lost = checked_batch(lost_cohort, "Summer cohort")
    confirm(client, lost)
    client_redis = redis.Redis.from_url(redis_url)
    try:
        assert client_redis.delete(celery_queue) == 1  # the queued message, gone
    finally:
        client_redis.close()
    lost.refresh_from_db()
    assert lost.status == BatchStatus.QUEUED
    assert not Certificate.objects.filter(batch=lost).exists()

    # The sweep, on a worker (beat's every five minutes; here with no wait for
    # "stuck"), queues the stuck renders and the lost bulk issue again.
    monkeypatch.setenv("CERTIFICATE_STUCK_MINUTES", "0")
    root = tmp_path / "private"
    log = tmp_path / "worker.log"
    with running_worker(
        queue=celery_queue, redis_url=redis_url, private_root=root, log=log
    ):
        tasks.certificates_sweep.delay()
        wait_for(
            lambda: (
                Certificate.objects.filter(status=CertificateStatus.READY).count() == 6
            ),
            what="all six certificates to be ready",
            log=log,
        )
    lost.refresh_from_db()
    assert (lost.status, lost.issued_count) == (BatchStatus.ISSUED, 2)
    everything = list(Certificate.objects.all())
    assert len(everything) == 6  # nothing lost, nothing doubled
    for certificate in everything:
        assert_rendered(certificate, root)
        assert certificate.render_attempts == 1
    assert one.hours == Decimal("6.5")
    assert len(stored_files(root, everything)) == 6
    output = log.read_text()
    assert "Certificate sweep queued 1 bulk issues again" in output
    assert "Certificate sweep queued 4 renders again" in output
    assert "Traceback" not in output, output
