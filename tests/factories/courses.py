"""Courses for tests: a catalogue under the home page, courses with lessons (each with
text, a knowledge check and a reflection prompt) and a quiz bank."""

from decimal import Decimal

from wagtail.rich_text import RichText

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.models import CompetencyArea, HomePage


def catalogue(home: HomePage | None = None) -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    home = home or HomePage.objects.get()
    index = CourseIndexPage(
        title="Courses", slug="courses", introduction="All courses."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def knowledge_check(*, kind: str = "single") -> dict:
    if kind == "multiple":
        options = [
            {"text": "Eye contact", "correct": True, "feedback": "Yes: a serve."},
            {"text": "Babbling", "correct": True, "feedback": "Yes: a serve too."},
            {"text": "Sleeping", "correct": False, "feedback": "Not a serve."},
        ]
    elif kind == "true_false":
        options = [
            {"text": "True", "correct": False, "feedback": "Science says otherwise."},
            {"text": "False", "correct": True, "feedback": "Right: respond warmly."},
        ]
    else:
        options = [
            {
                "text": "Respond warmly",
                "correct": True,
                "feedback": "That builds trust.",
            },
            {"text": "Wait it out", "correct": False, "feedback": "Babies need you."},
            {"text": "Leave the room", "correct": False, "feedback": "Stay close."},
        ]
    return {"question": f"A {kind} question?", "kind": kind, "options": options}


def quiz_question(number: int, *, kind: str = "single") -> dict:
    value = knowledge_check(kind=kind)
    value["question"] = f"Quiz question {number} ({kind})?"
    value["explanation"] = f"Explanation {number}."
    return value


def lesson_body(number: int) -> list:
    return [
        ("heading", {"text": f"Part {number}", "level": "h2"}),
        ("paragraph", RichText(f"<p>Lesson {number} text about serve and return.</p>")),
        ("knowledge_check", knowledge_check()),
        (
            "reflection",
            {"prompt": f"Think of a baby you know ({number}).", "guidance": ""},
        ),
    ]


QUIZ_KINDS = ("single", "multiple", "true_false")


def course(
    index: CourseIndexPage | None = None,
    *,
    title: str = "Attachment basics",
    lessons: int = 5,
    quiz_questions: int = 3,
    hours: str = "2.5",
    areas: tuple[str, ...] = ("TF-AST",),
    publish: bool = True,
    **fields,
) -> CoursePage:
    index = index or catalogue()
    values = {
        "summary": f"{title}: a short course.",
        "learning_objectives": [("objective", "Describe serve and return.")],
        "audience": "Home visitors and early educators.",
        "topic": "attachment",
        "clock_hours": Decimal(hours),
        "estimated_minutes": 120,
        "quiz_pass_mark": 80,
    }
    values.update(fields)
    page = CoursePage(title=title, live=publish, **values)
    page.quiz = [
        ("question", quiz_question(n, kind=QUIZ_KINDS[n % 3]))
        for n in range(1, quiz_questions + 1)
    ]
    index.add_child(instance=page)
    page.competency_areas.set(CompetencyArea.objects.filter(code__in=areas))
    revision = page.save_revision()
    if publish:
        revision.publish()
    for number in range(1, lessons + 1):
        lesson(page, number=number)
    return CoursePage.objects.get(pk=page.pk)


def lesson(course_page: CoursePage, *, number: int = 1, **fields) -> LessonPage:
    values = {
        "title": f"Lesson {number}",
        "introduction": f"What lesson {number} covers.",
        "body": lesson_body(number),
    }
    values.update(fields)
    page = LessonPage(**values)
    course_page.add_child(instance=page)
    page.save_revision().publish()
    return LessonPage.objects.get(pk=page.pk)


def correct_answers(attempt) -> dict[str, list[str]]:
    """The right answer to every question of an attempt, as a form would post it."""
    return {
        question["id"]: [o["key"] for o in question["options"] if o["correct"]]
        for question in attempt.questions
    }
