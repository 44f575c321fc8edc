"""Thin Celery tasks: load by id, call a service, retry. Tasks are acknowledged after
they run (CELERY_TASK_ACKS_LATE), so a worker killed mid-render hands the message back
and another worker renders the certificate; every task is safe to run twice."""

import logging
import random

from celery import shared_task

from django.conf import settings

from lms.tasks import EMAIL_RETRY

from . import services

logger = logging.getLogger(__name__)


def render_backoff(retries: int) -> int:
    """Seconds before retry number ``retries + 1``: 30 s, 1 min, 2 min … up to an
    hour, with jitter so that many failed renders do not come back at once."""
    delay = min(30 * 2**retries, 60 * 60)
    return delay + random.randint(0, delay // 4)  # noqa: S311 -- jitter, not secrets


@shared_task(bind=True, name="certificates.tasks.certificate_render", max_retries=None)
def certificate_render(self, certificate_id: int, force: bool = False) -> str:
    try:
        certificate = services.certificate_render(
            certificate_id=certificate_id, force=force, render_key=self.request.id or ""
        )
    except Exception as error:
        attempts = services.certificate_render_failed(
            certificate_id=certificate_id, error=error
        )
        logger.warning(
            "Certificate %s failed to render (attempt %s): %s",
            certificate_id,
            attempts,
            error,
        )
        if 0 < attempts < settings.CERTIFICATE_RENDER_MAX_ATTEMPTS:
            if self.request.is_eager:
                # Embedded mode has no worker to come back later: try again now
                # (bounded by the attempts counted in the database).
                return self.run(certificate_id, force)
            raise self.retry(
                exc=error, countdown=render_backoff(self.request.retries)
            ) from error
        return "failed"
    return "missing" if certificate is None else certificate.status


@shared_task(name="certificates.tasks.certificates_sweep")
def certificates_sweep() -> int:
    """Queue again what a lost message, a dead worker or a broker outage left
    behind: stuck renders, and bulk issues still waiting to be issued."""
    return services.certificate_batches_sweep() + services.certificates_sweep()


@shared_task(name="certificates.tasks.certificate_email", **EMAIL_RETRY)
def certificate_email(certificate_id: int) -> int:
    return services.certificate_email_send(certificate_id=certificate_id)


@shared_task(name="certificates.tasks.certificate_batch_issue")
def certificate_batch_issue(batch_id: int) -> int:
    batch = services.certificate_batch_issue(batch_id=batch_id)
    return 0 if batch is None else batch.issued_count
