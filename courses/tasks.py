"""Thin Celery tasks of the courses app: load by id, do one thing, retry."""

from celery import shared_task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lms.tasks import EMAIL_RETRY

from .choices import EnrolmentStatus
from .models import Enrolment


@shared_task(name="courses.tasks.enrolment_decision_notify", **EMAIL_RETRY)
def enrolment_decision_notify(enrolment_id: int) -> int:
    """Tell the learner whether their request to join a course was approved."""
    enrolment = (
        Enrolment.objects.select_related("learner", "course")
        .defer("course__about", "course__learning_objectives", "course__quiz")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or enrolment.status == EnrolmentStatus.PENDING:
        return 0
    declined = enrolment.status == EnrolmentStatus.DECLINED
    title = enrolment.course.title[:120]
    subject = (
        _("[Cradle] Not approved: %(title)s")
        if declined
        else _("[Cradle] You can start: %(title)s")
    ) % {"title": title}
    context = {
        "learner": enrolment.learner,
        "enrolment": enrolment,
        "course": enrolment.course,
        "course_url": enrolment.course.get_full_url(),
    }
    template = (
        "courses/email/enrolment_declined.txt"
        if declined
        else "courses/email/enrolment_approved.txt"
    )
    return send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[enrolment.learner.email],
    )
