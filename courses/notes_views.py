"""The learner's own reflection notes, gathered from every lesson in one place."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import CoursePage
from .selectors import reflection_notes_for

PER_PAGE = 20


def _courses_by_path(notes) -> dict[str, CoursePage]:
    """The courses the lessons of a page of notes belong to, by their tree path, in
    one query."""
    step = CoursePage.steplen
    paths = {note.lesson.path[:-step] for note in notes}
    if not paths:
        return {}
    courses = CoursePage.objects.filter(path__in=paths).defer_streamfields()
    return {course.path: course for course in courses}


@login_required
@require_safe
def reflection_notes(request):
    """Every note the learner has written, grouped by course and lesson in the
    order the courses and lessons come in, each linking back to its prompt."""
    notes = (
        reflection_notes_for(learner=request.user)
        .defer("lesson__body")
        .order_by("lesson__path", "created_at", "pk")
    )
    page_obj = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    notes_on_page = list(page_obj.object_list)
    courses = _courses_by_path(notes_on_page)
    step = CoursePage.steplen
    groups = []
    for note in notes_on_page:
        course = courses.get(note.lesson.path[:-step])
        if not groups or groups[-1]["course"] != course:
            groups.append({"course": course, "lessons": []})
        lessons = groups[-1]["lessons"]
        if not lessons or lessons[-1]["lesson"].pk != note.lesson_id:
            lessons.append({"lesson": note.lesson, "notes": []})
        lessons[-1]["notes"].append(note)
    return render(
        request,
        "courses/reflection_notes.html",
        {"page_obj": page_obj, "groups": groups},
    )
