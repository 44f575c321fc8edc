"""Build the wagtail-lms side of ``bench_courses``: migrate, then one course with
``lessons`` H5P lesson pages holding the lesson as rich text (wagtail-lms lessons
have rich-text and H5P blocks only), under a plain page so that the lesson sits at
the same depth as Cradle's, and an enrolled learner who has completed the lessons
before the measured one, with a session. Prints one line of JSON: the lesson's
path, the session cookie and the queries of one request after a first.

Usage: python -m wlms_bench.build LESSON_JSON [--delete]
(--delete only removes what an earlier run built.)"""

import json
import sys
from pathlib import Path

import django

SLUG = "bench-courses"


def delete(content: dict) -> None:
    """Remove what an earlier run built: pages, image, learner and sessions."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from wagtail.images.models import Image
    from wagtail.models import Page

    for page in Page.objects.filter(slug__startswith=SLUG, depth=3):
        page.delete()
    Image.objects.filter(title=content["image_title"]).delete()
    Session.objects.all().delete()
    get_user_model().objects.filter(username="bench-learner").delete()


def main(content_path: str, *, delete_only: bool = False) -> None:
    django.setup()

    from wagtail_lms.models import (
        CourseEnrollment,
        CoursePage,
        H5PLessonCompletion,
        H5PLessonPage,
    )

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail.images.models import Image
    from wagtail.models import Page, Site

    content = json.loads(Path(content_path).read_text())
    call_command("migrate", interactive=False, verbosity=0)
    delete(content)
    if delete_only:
        return

    slug = SLUG

    home = Site.objects.get(is_default_site=True).root_page
    with Path(content["image_png"]).open("rb") as handle:
        image = Image(title=content["image_title"])
        image.file = ImageFile(handle, name="bench-courses-parent-baby.png")
        image.save()
    body = [
        ("paragraph", html.replace(content["image_id_token"], str(image.pk)))
        for html in content["paragraphs"]
    ]

    catalogue = Page(title="Courses", slug=f"{slug}-catalogue")
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    course = CoursePage(
        title="Attachment and Early Relationships (benchmark)",
        slug=f"{slug}-course",
        description="<p>Serve and return, responding to cries, secure base.</p>",
    )
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    lessons = []
    measured_number = content["lessons"] // 2 + 1
    for number in range(1, content["lessons"] + 1):
        lesson = H5PLessonPage(
            title=content["title"] if number == measured_number else f"Lesson {number}",
            slug=f"{slug}-lesson-{number}",
            intro=content["intro"],
            body=body,
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        lessons.append(H5PLessonPage.objects.get(pk=lesson.pk))
    measured = lessons[measured_number - 1]

    learner = get_user_model().objects.create_user(
        "bench-learner", "learner@bench-courses.invalid", None
    )
    CourseEnrollment.objects.create(user=learner, course=course)
    for lesson in lessons[: measured_number - 1]:
        H5PLessonCompletion.objects.create(user=learner, lesson=lesson)

    session = SessionStore()
    session[SESSION_KEY] = str(learner.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
    session.create()

    path = measured.url
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path} answered {first.status_code}, not 200.")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(  # noqa: T201
        json.dumps(
            {
                "path": path,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "queries": len(queries),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], delete_only="--delete" in sys.argv[2:])
