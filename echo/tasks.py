"""Thin Celery tasks of the ECHO app: load by id, call a service, retry. Every task
is safe to run twice: registration and change e-mails check the row's state first,
and reminders and cancellation notices are claimed in the database before sending."""

from celery import shared_task

from lms.tasks import EMAIL_RETRY

from .services import cases, notifications


@shared_task(name="echo.tasks.registration_notify", **EMAIL_RETRY)
def registration_notify(registration_id: int, kind: str) -> int:
    """Confirmation, waitlist or promotion e-mail for one registration."""
    return notifications.registration_email_send(
        registration_id=registration_id, kind=kind
    )


@shared_task(name="echo.tasks.sessions_changed_notify", **EMAIL_RETRY)
def sessions_changed_notify(session_ids: list[int], kind: str) -> int:
    """An updated invitation for sessions that moved or were added."""
    return notifications.sessions_changed_email_send(session_ids=session_ids, kind=kind)


@shared_task(name="echo.tasks.case_notify", **EMAIL_RETRY)
def case_notify(case_id: int, kind: str) -> int:
    """An e-mail about a case presentation: to the hub when it is submitted, to the
    presenter when it is returned, scheduled or answered."""
    return cases.case_email_send(case_id=case_id, kind=kind)


@shared_task(name="echo.tasks.session_cancelled_notify")
def session_cancelled_notify(session_id: int) -> int:
    """Cancellation notices; a failed send is retried by ``reminders_send``."""
    return notifications.cancellation_notices_send(session_id=session_id)


@shared_task(name="echo.tasks.reminders_send")
def reminders_send() -> int:
    """Run by beat every five minutes (``echo-reminders``)."""
    return notifications.reminders_send()
