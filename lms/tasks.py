import smtplib
import socket

from celery import shared_task

from django.conf import settings
from django.core import management
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

# Sending e-mail can fail for a while (SMTP down, network); retry with growing,
# jittered delays for about two hours before giving up.
EMAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 60 * 30,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="lms.tasks.health_check")
def health_check(token: str = "") -> dict:
    """A round trip through the broker: returns the token with the worker's host name
    and the time it ran. Used by tests and by monitoring."""
    return {
        "status": "ok",
        "token": token,
        "hostname": socket.gethostname(),
        "at": timezone.now().isoformat(),
    }


@shared_task(name="lms.tasks.sessions_clear_expired")
def sessions_clear_expired() -> None:
    management.call_command("clearsessions")


@shared_task(
    name="lms.tasks.deletion_request_notify_admins",
    **EMAIL_RETRY,
)
def deletion_request_notify_admins(deletion_request_id: int) -> int:
    from .models import AccountDeletionRequest
    from .selectors import administrators_to_notify

    deletion_request = AccountDeletionRequest.objects.filter(
        pk=deletion_request_id
    ).first()
    if deletion_request is None:
        return 0
    recipients = list(administrators_to_notify().values_list("email", flat=True))
    if not recipients:
        return 0
    context = {
        "deletion_request": deletion_request,
        "admin_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("deletion_requests:index"),
    }
    return send_mail(
        subject="[Cradle] Account deletion requested",
        message=render_to_string("lms/email/deletion_request_admin.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


@shared_task(
    name="lms.tasks.deletion_completed_notify",
    **EMAIL_RETRY,
)
def deletion_completed_notify(email: str) -> int:
    """Tell the former learner their account is gone (the address is all we keep)."""
    return send_mail(
        subject="[Cradle] Your account has been deleted",
        message=render_to_string("lms/email/deletion_completed.txt", {"email": email}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


@shared_task(name="lms.tasks.submission_review_notify", **EMAIL_RETRY)
def submission_review_notify(model_label: str, submission_id: int) -> int:
    """Tell the learner how their outside training or RSC log entry was reviewed."""
    from django.apps import apps

    model = apps.get_model(model_label)
    submission = (
        model.objects.select_related("learner").filter(pk=submission_id).first()
    )
    if submission is None:
        return 0
    context = {
        "submission": submission,
        "learner": submission.learner,
        "hours": getattr(submission, "clock_hours", None) or submission.hours,
        "hours_url": settings.WAGTAILADMIN_BASE_URL + reverse("hours"),
    }
    subject = {
        "approved": "[Cradle] Approved: {title}",
        "rejected": "[Cradle] Not approved: {title}",
        "changes_requested": "[Cradle] Please update: {title}",
    }.get(submission.status)
    if subject is None:
        return 0
    return send_mail(
        subject=subject.format(title=str(submission)[:120]),
        message=render_to_string("lms/email/submission_reviewed.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[submission.learner.email],
    )
