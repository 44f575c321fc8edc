from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import LessonStreamBlock


class PlainLessonPage(Page):
    """A lesson's content as an ordinary Wagtail page: the same fields and blocks,
    none of the enrolment, progress or response logic. ``bench_courses`` serves it
    beside a real lesson to measure what that logic costs."""

    introduction = models.TextField(max_length=600, blank=True)
    body = StreamField(LessonStreamBlock())

    class Meta:
        verbose_name = "plain lesson page"
