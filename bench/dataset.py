"""The data set ``make bench`` loads: learners with profiles, a ledger of hours each,
three courses with enrolments and lesson progress, two ECHO series with weekly
sessions, registrations and attendance, a facilitator for both series, and
certificates. Rows are written in bulk, in one transaction; everything hangs off a
user at ``DOMAIN`` or a page whose slug starts with ``SLUG``, so a later build first
removes what an earlier one made and nothing else.

``targets`` then creates signed-in sessions directly in the database and returns what
the load generator requests: each learner's cookie and pages, the facilitator's
cookie and roster, and verification codes."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from certificates.management.commands.bench_certificates import FIRST_NAMES, LAST_NAMES

DOMAIN = "bench-data.invalid"
SLUG = "bench-data"
FACILITATOR_EMAIL = f"facilitator@{DOMAIN}"
SESSION_PREFIX = "benchdata"
SESSION_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
# One hash for every learner, computed once (hashing 5,000 passwords would take
# minutes): anyone can sign in as a bench learner with the demo password.
PASSWORD = "Cradle-demo-2026!"  # noqa: S105 -- the published demo password
ZONE = zoneinfo.ZoneInfo("America/Chicago")
COUNTIES = ("Tulsa", "Oklahoma", "Cleveland", "Comanche", "Payne", "Muskogee")
COURSE_TITLES = (
    "Attachment and Early Relationships",
    "Infant and Toddler Development",
    "Reflective Practice in Home Visiting",
)
SERIES_TITLES = (
    "Infant Mental Health ECHO",
    "Perinatal Mood and Anxiety ECHO",
)
# Where a ledger's hours come from, interleaved: courses, ECHO sessions and outside
# training for nine entries in ten; the tenth is reflective supervision/consultation.
SOURCE_MIX = (
    "course", "outside_training", "echo_session", "outside_training", "course",
    "outside_training", "echo_session", "outside_training", "course",
)  # fmt: skip
LEDGER_PROVIDERS = (
    "Cradle",
    "Oklahoma Association for Infant Mental Health",
    "Zero to Three",
    "Local health department",
)
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    learners: int = 5000
    entries: int = 50
    courses: int = 3
    lessons: int = 5
    series: int = 2
    echo_sessions: int = 24
    registrants: int = 300
    certificates: int = 20000
    pdfs: int = 3
    pending: int = 0


def rows_insert(table: str, columns: list[str], rows) -> int:
    """Insert plain tuples into ``table``: with COPY on PostgreSQL (many times faster
    than INSERT for a quarter of a million rows), else with executemany. Returns the
    number of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        statement = f"COPY {quote(table)} ({names}) FROM STDIN"
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join(["%s"] * len(columns))
    statement = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(_adapt(value) for value in row))
            if len(batch) == BATCH:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count


def _adapt(value):
    """A value as Django would send it to a database without native types."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- Removing an earlier build --------------------------------------------------------


def dataset_delete() -> dict[str, int]:
    """Remove what an earlier build made: the big tables in single statements, the
    users with the ORM (which cascades to profiles, enrolments, registrations,
    attendance and the rest), then the pages and the sessions."""
    from django.contrib.sessions.models import Session

    from wagtail.models import Page

    from certificates.models import Certificate
    from lms.models import CreditEntry, CreditEntryArea, User

    users = User.objects.filter(email__endswith=f"@{DOMAIN}")
    counts = {"users": users.count()}
    storage = Certificate._meta.get_field("pdf").storage
    certificates = Certificate.objects.filter(learner__email__endswith=f"@{DOMAIN}")
    names = set(certificates.exclude(pdf="").values_list("pdf", flat=True))
    with transaction.atomic():
        quote = connection.ops.quote_name
        # Names from the models; the pattern is a parameter.
        bench_users = (
            f"SELECT {quote('id')} FROM {quote(User._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('email')} LIKE %s"
        )
        entries = (
            f"SELECT {quote('id')} FROM {quote(CreditEntry._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('learner_id')} IN ({bench_users})"
        )
        pattern = [f"%@{DOMAIN}"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(CreditEntryArea._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('entry_id')} IN ({entries})",
                pattern,
            )
            cursor.execute(
                f"DELETE FROM {quote(CreditEntry._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('learner_id')} IN ({bench_users})",
                pattern,
            )
            counts["ledger entries"] = cursor.rowcount
            cursor.execute(
                f"DELETE FROM {quote(Certificate._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('learner_id')} IN ({bench_users})",
                pattern,
            )
            counts["certificates"] = cursor.rowcount
        Session.objects.filter(session_key__startswith=SESSION_PREFIX).delete()
        users.delete()
        # Courses with their lessons, series with their sessions.
        for page in Page.objects.filter(slug__startswith=SLUG).order_by("-depth"):
            page.delete()
    for name in names:
        storage.delete(name)
    return counts


# --- Building -------------------------------------------------------------------------


def dataset_build(scale: Scale) -> dict[str, int]:
    """Build the data set at ``scale`` (after removing an earlier one). Returns the
    number of rows of each kind."""
    from lms.demo import seed

    if scale.registrants > scale.learners:
        raise ValueError("registrants cannot exceed learners")
    if scale.pending > scale.certificates:
        raise ValueError("pending cannot exceed certificates")
    if scale.certificates and scale.pdfs < 1:
        raise ValueError("certificates need at least one rendered PDF")
    dataset_delete()
    seed()
    with transaction.atomic():
        learners = learners_create(scale.learners)
        facilitator = facilitator_create()
        courses = courses_create(scale)
        enrolments, completions = enrolments_create(learners, courses)
        series = series_create(scale, facilitator)
        registrations, attendance = registrations_create(learners, series, scale)
        entries = ledger_create(learners, scale.entries)
        certificates = certificates_create(learners, courses, series, scale)
    analyze()
    return {
        "learners": len(learners),
        "ledger entries": entries,
        "courses": len(courses),
        "lessons": scale.courses * scale.lessons,
        "enrolments": enrolments,
        "lesson completions": completions,
        "ECHO series": len(series),
        "ECHO sessions": sum(len(sessions) for _page, sessions in series),
        "registrations": registrations,
        "attendance rows": attendance,
        "certificates": certificates,
    }


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would gather soon after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def learner_name(number: int) -> tuple[str, str]:
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, f"{last} {number:05d}"


def learners_create(count: int) -> list:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from lms import roles
    from lms.choices import Discipline
    from lms.models import EndorsementCategory, LearnerProfile, User

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        (
            User(
                email=f"learner{number:05d}@{DOMAIN}",
                first_name=learner_name(number)[0],
                last_name=learner_name(number)[1],
                password=password,
            )
            for number in range(count)
        ),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=roles.LEARNER)
    User.groups.through.objects.bulk_create(
        (User.groups.through(user=user, group=group) for user in users),
        batch_size=BATCH,
    )
    goals = list(EndorsementCategory.objects.filter(is_offered=True))
    disciplines = Discipline.values
    LearnerProfile.objects.bulk_create(
        (
            LearnerProfile(
                user=user,
                certificate_name=f"{user.first_name} {user.last_name}",
                county=COUNTIES[number % len(COUNTIES)],
                discipline=disciplines[number % len(disciplines)],
                goal_category=goals[number % len(goals)]
                if goals and number % 3
                else None,
            )
            for number, user in enumerate(users)
        ),
        batch_size=BATCH,
    )
    return users


def facilitator_create():
    """An ECHO Facilitator with an authenticator app set up, as the admin requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from django.contrib.auth.models import Group

    from lms import roles
    from lms.models import LearnerProfile, User

    user = User.objects.create_user(FACILITATOR_EMAIL, password=PASSWORD)
    user.first_name, user.last_name = "Dana", "Whitfield"
    user.save(update_fields=["first_name", "last_name"])
    user.groups.add(Group.objects.get(name=roles.FACILITATOR))
    LearnerProfile.objects.get_or_create(user=user)
    TOTP.activate(user, generate_totp_secret())
    return user


def lesson_body(course: int, number: int) -> list:
    from wagtail.rich_text import RichText

    words = (
        "Serve and return interactions shape the architecture of the developing "
        "brain. When a baby babbles, gestures or cries and an adult responds warmly "
        "and consistently, connections form that support later learning, behaviour "
        "and health. "
    )
    return [
        ("heading", {"text": f"Part {number}: what the research says", "level": "h2"}),
        ("paragraph", RichText(f"<p>{words * 6}</p>")),
        ("heading", {"text": "In practice", "level": "h2"}),
        ("paragraph", RichText(f"<p>{words * 4}</p>")),
        (
            "knowledge_check",
            {
                "question": f"Course {course}, lesson {number}: a baby cries. What "
                "builds trust?",
                "kind": "single",
                "options": [
                    {
                        "text": "Respond warmly",
                        "correct": True,
                        "feedback": "That builds trust.",
                    },
                    {
                        "text": "Wait it out",
                        "correct": False,
                        "feedback": "Babies need you.",
                    },
                    {
                        "text": "Leave the room",
                        "correct": False,
                        "feedback": "Stay close.",
                    },
                ],
            },
        ),
        (
            "reflection",
            {"prompt": "Think of a baby you know. How do they ask?", "guidance": ""},
        ),
    ]


def catalogue():
    from courses.models import CourseIndexPage
    from lms.models import HomePage

    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    index = CourseIndexPage(title="Courses", slug="courses", introduction="All.")
    HomePage.objects.get().add_child(instance=index)
    index.save_revision().publish()
    return index


def courses_create(scale: Scale) -> list[tuple]:
    """Published courses, each with its published lessons: [(course, [lessons])]."""
    from courses.models import CoursePage, LessonPage
    from lms.models import CompetencyArea

    index = catalogue()
    areas = list(CompetencyArea.objects.order_by("pk")[:6])
    built = []
    for number in range(scale.courses):
        title = COURSE_TITLES[number % len(COURSE_TITLES)]
        page = CoursePage(
            title=title if number < len(COURSE_TITLES) else f"{title} {number + 1}",
            slug=f"{SLUG}-course-{number + 1}",
            summary=f"{title}: a self-paced course for the IECMH workforce.",
            learning_objectives=[("objective", "Describe serve and return.")],
            audience="Home visitors and early educators.",
            topic="attachment",
            clock_hours=Decimal("2.5"),
            estimated_minutes=150,
        )
        index.add_child(instance=page)
        page.competency_areas.set(areas[number * 2 : number * 2 + 2] or areas[:1])
        page.save_revision().publish()
        lessons = []
        for lesson_number in range(1, scale.lessons + 1):
            lesson = LessonPage(
                title=f"Lesson {lesson_number}",
                slug=f"{SLUG}-lesson-{lesson_number}",
                introduction=f"What lesson {lesson_number} covers.",
                body=lesson_body(number + 1, lesson_number),
            )
            page.add_child(instance=lesson)
            lesson.save_revision().publish()
            lessons.append(LessonPage.objects.get(pk=lesson.pk))
        built.append((CoursePage.objects.get(pk=page.pk), lessons))
    return built


def enrolments_create(learners: list, courses: list[tuple]) -> tuple[int, int]:
    """Every learner in one course (``number % courses``), every second learner in
    the next one too; lessons completed in a spread from none to all, and a quarter
    of the first enrolments complete."""
    from courses.choices import EnrolmentStatus
    from courses.models import Enrolment, LessonCompletion

    now = timezone.now()
    rows, plans = [], []
    for number, learner in enumerate(learners):
        picks = [number % len(courses)]
        if number % 2 and len(courses) > 1:
            picks.append((number + 1) % len(courses))
        for which, course_index in enumerate(picks):
            course, lessons = courses[course_index]
            done = len(lessons) if which == 0 and number % 4 == 0 else number % 4
            complete = done == len(lessons)
            rows.append(
                Enrolment(
                    learner=learner,
                    course=course,
                    status=EnrolmentStatus.COMPLETED
                    if complete
                    else EnrolmentStatus.ACTIVE,
                    requested_at=now - datetime.timedelta(days=30 + number % 200),
                    completed_at=now if complete else None,
                )
            )
            plans.append(lessons[: min(done, len(lessons))])
    enrolments = Enrolment.objects.bulk_create(rows, batch_size=BATCH)
    completions = LessonCompletion.objects.bulk_create(
        (
            LessonCompletion(enrolment=enrolment, lesson=lesson, completed_at=now)
            for enrolment, lessons in zip(enrolments, plans, strict=True)
            for lesson in lessons
        ),
        batch_size=BATCH,
    )
    return len(enrolments), len(completions)


def echo_index():
    from echo.models import EchoIndexPage
    from lms.models import HomePage

    existing = EchoIndexPage.objects.first()
    if existing is not None:
        return existing
    index = EchoIndexPage(
        title="Infant Mental Health ECHO", slug="echo", introduction="All series."
    )
    HomePage.objects.get().add_child(instance=index)
    index.save_revision().publish()
    return index


def series_create(scale: Scale, facilitator) -> list[tuple]:
    """Published series of weekly sessions, half of them past: [(series, [sessions])].
    The facilitator is on every series' hub team."""
    from echo.choices import HubRole
    from echo.models import EchoSeries, EchoSession, HubMember
    from lms.models import CompetencyArea

    index = echo_index()
    areas = list(CompetencyArea.objects.order_by("pk")[:2])
    today = datetime.datetime.now(ZONE).date()
    built = []
    for number in range(scale.series):
        first_day = today - datetime.timedelta(
            weeks=scale.echo_sessions // 2, days=-number
        )
        page = EchoSeries(
            title=SERIES_TITLES[number % len(SERIES_TITLES)]
            + ("" if number < len(SERIES_TITLES) else f" {number + 1}"),
            slug=f"{SLUG}-series-{number + 1}",
            summary="Case-based learning for the IECMH workforce.",
            audience="Professionals who work with infants and their families.",
            time_zone="America/Chicago",
            interval_weeks=1,
            first_date=first_day,
            session_count=scale.echo_sessions,
            start_time=datetime.time(12, 0),
            duration_minutes=75,
            meeting_url="https://meet.example.org/j/123456789",
            hours_per_session=Decimal("1.25"),
        )
        index.add_child(instance=page)
        page.competency_areas.set(areas)
        page.save_revision().publish()
        page.refresh_from_db()
        HubMember.objects.create(
            series=page, user=facilitator, role=HubRole.FACILITATOR
        )
        sessions = []
        for week in range(scale.echo_sessions):
            wall = datetime.datetime.combine(
                first_day + datetime.timedelta(weeks=week),
                datetime.time(12, 0),
                tzinfo=ZONE,
            )
            start = wall.astimezone(datetime.UTC)
            sessions.append(
                EchoSession(
                    series=page,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=75),
                    original_starts_at=start,
                    topic=f"Week {week + 1}: case presentation and didactic",
                    presenter="Dr. Amara Lindqvist",
                )
            )
        built.append((page, EchoSession.objects.bulk_create(sessions)))
    return built


def registrations_create(
    learners: list, series: list[tuple], scale: Scale
) -> tuple[int, int]:
    """The first ``registrants`` learners of each series' share registered (series
    ``n`` takes learners ``n``, ``n + series`` …), with attendance for every past
    session: most present, some partly, a few absent."""
    from echo.choices import AttendanceSource, AttendanceStatus, RegistrationStatus
    from echo.models import Attendance, Registration

    now = timezone.now()
    registrations, attendance = [], []
    for number, (page, sessions) in enumerate(series):
        chosen = learners[number :: len(series)][: scale.registrants]
        past = [session for session in sessions if session.ends_at < now]
        for position, learner in enumerate(chosen):
            registrations.append(
                Registration(
                    series=page,
                    learner=learner,
                    status=RegistrationStatus.REGISTERED,
                    registered_at=now - datetime.timedelta(days=100),
                )
            )
            for week, session in enumerate(past):
                kind = (position + week) % 10
                status, minutes = (
                    (AttendanceStatus.ABSENT, 0)
                    if kind == 0
                    else (AttendanceStatus.PARTIAL, 40)
                    if kind == 1
                    else (AttendanceStatus.PRESENT, 75)
                )
                attendance.append(
                    Attendance(
                        session=session,
                        learner=learner,
                        status=status,
                        minutes=minutes,
                        source=AttendanceSource.IMPORT,
                    )
                )
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    return len(registrations), len(attendance)


def ledger_create(learners: list, per_learner: int) -> int:
    """``per_learner`` entries for every learner over the last two years, from all
    four kinds of source; a few revoked, peer RSC now and then; each entry covers one
    competency area (written with one INSERT … SELECT)."""
    from lms.choices import CountsToward, CreditKind, RscFormat
    from lms.models import CompetencyArea, CreditEntry, CreditEntryArea, User

    today = timezone.localdate()
    kinds = {
        "course": CreditKind.COURSE,
        "echo_session": CreditKind.ECHO_SESSION,
        "outside_training": CreditKind.OUTSIDE_TRAINING,
    }

    now = timezone.now()
    rsc_formats = RscFormat.values

    def entry(user_id: int, number: int) -> tuple:
        rsc = number % 10 == 9
        source = "rsc" if rsc else SOURCE_MIX[number % len(SOURCE_MIX)]
        return (
            user_id,
            CreditKind.RSC.value if rsc else kinds[source].value,
            CountsToward.RSC.value if rsc else CountsToward.TRAINING.value,
            f"bench.{source}",
            str(number),
            f"{source.replace('_', ' ').capitalize()} {number + 1}",
            LEDGER_PROVIDERS[number % len(LEDGER_PROVIDERS)],
            today - datetime.timedelta(days=(number * 13 + user_id) % 700),
            Decimal("0.75") * (1 + number % 4),
            number % 7 == 0,
            False,
            rsc_formats[number % len(rsc_formats)] if rsc else "",
            rsc and number % 40 == 19,
            False,
            "revoked" if number % 25 == 24 else "approved",
            "",
            now,
        )

    columns = [
        "learner_id", "kind", "counts_toward", "source_type", "source_id", "title",
        "provider", "date", "hours", "dei", "rsc_topic", "rsc_format", "rsc_is_peer",
        "rsc_about_providing", "status", "note", "created_at",
    ]  # fmt: skip
    created = rows_insert(
        CreditEntry._meta.db_table,
        columns,
        (entry(user.pk, number) for user in learners for number in range(per_learner)),
    )
    areas = list(CompetencyArea.objects.order_by("pk").values_list("pk", flat=True))
    if areas and created:
        quote = connection.ops.quote_name
        cases = " ".join(
            f"WHEN {index} THEN {pk}" for index, pk in enumerate(areas[:8])
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(CreditEntryArea._meta.db_table)} "  # noqa: S608
                f"({quote('entry_id')}, {quote('area_id')}) "
                f"SELECT e.{quote('id')}, CASE e.{quote('id')} %% {len(areas[:8])} "
                f"{cases} END FROM {quote(CreditEntry._meta.db_table)} e "
                f"JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = "
                f"e.{quote('learner_id')} WHERE u.{quote('email')} LIKE %s",
                [f"%@{DOMAIN}"],
            )
    return created


def certificates_create(
    learners: list, courses: list[tuple], series: list[tuple], scale: Scale
) -> int:
    """``certificates`` rows spread over the learners, for the courses and series.
    ``pdfs`` of them are rendered here for real; the others are ready and share
    those files (their verification page reads no file). The last ``pending`` rows
    are left pending, for a Celery worker to render."""
    from django.core.files.base import ContentFile

    from certificates.choices import CertificateStatus
    from certificates.codes import code_generate
    from certificates.models import Certificate
    from certificates.rendering import certificate_pdf, issuer_name
    from certificates.services import template_default

    if not scale.certificates:
        return 0
    template = template_default()
    issuer = issuer_name()
    titles = [course.title for course, _lessons in courses] + [
        page.title for page, _sessions in series
    ]
    today = timezone.localdate()
    codes: set[str] = set()
    rows = []
    for index in range(scale.certificates):
        learner = learners[index % len(learners)]
        title = titles[(index // len(learners)) % len(titles)]
        code = code_generate()
        while code in codes:
            code = code_generate()
        codes.add(code)
        rows.append(
            Certificate(
                code=code,
                learner=learner,
                template=template,
                title=title,
                recipient_name=f"{learner.first_name} {learner.last_name}",
                hours=Decimal("2.50"),
                competency_area_snapshot=[
                    {"code": "TF-1", "name": "Pregnancy and early parenthood"}
                ],
                issuer_name=issuer,
                issued_on=today - datetime.timedelta(days=index % 365),
                source_type="bench.certificate",
                source_id=str(index),
                status=CertificateStatus.PENDING,
                email_on_ready=False,
            )
        )
    # Rendered before the rows are written, so that every row goes in once, ready.
    storage = Certificate._meta.get_field("pdf").storage
    files = []
    for certificate in rows[: scale.pdfs]:
        data = certificate_pdf(certificate)
        name = storage.save(
            f"certificates/{certificate.uuid}-{SLUG}.pdf", ContentFile(data)
        )
        files.append((name, len(data)))
    now = timezone.now()
    for index, certificate in enumerate(rows[: len(rows) - scale.pending]):
        certificate.pdf.name, certificate.pdf_size = files[index % len(files)]
        certificate.status = CertificateStatus.READY
        certificate.rendered_at = now
        certificate.render_attempts = 1
    rows = Certificate.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# --- Sessions and the pages to request ------------------------------------------------


def session_create(user) -> str:
    """A signed-in session for ``user``, stored directly; returns the Cookie value."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lms.middleware import TIME_ZONE_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # As the time-zone middleware would keep it after the first request.
    session[TIME_ZONE_SESSION_KEY] = "America/Chicago"
    # A key of the data set's own, so that the next build finds its sessions
    # without decoding anyone else's.
    session._session_key = SESSION_PREFIX + get_random_string(24, SESSION_CHARACTERS)
    session.save(must_create=True)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def targets(*, sessions: int, codes: int = 500) -> dict:
    """Sign in ``sessions`` learners who are enrolled in a course and registered for
    a series, and the facilitator; return every page the load generator requests."""
    from certificates.models import Certificate
    from courses.models import CoursePage, Enrolment, LessonPage
    from echo.models import EchoSession, Registration
    from lms.models import User

    learners = list(
        User.objects.filter(
            email__endswith=f"@{DOMAIN}",
            email__startswith="learner",
            echo_registrations__isnull=False,
        )
        .distinct()
        .order_by("pk")[:sessions]
    )
    if len(learners) < sessions:
        raise ValueError(
            f"Only {len(learners)} registered learners for {sessions} sessions."
        )
    catalogue_page = catalogue()
    rows = []
    for learner in learners:
        enrolment = Enrolment.objects.filter(learner=learner).order_by("pk").first()
        course = CoursePage.objects.get(pk=enrolment.course_id)
        lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
        lesson = lessons[len(lessons) // 2]
        registration = Registration.objects.filter(learner=learner).first()
        rows.append(
            {
                "email": learner.email,
                "cookie": session_create(learner),
                "course": course.url,
                "lesson": lesson.url,
                "series": registration.series.url,
            }
        )
    facilitator = User.objects.get(email=FACILITATOR_EMAIL)
    now = timezone.now()
    past = (
        EchoSession.objects.filter(series__slug__startswith=SLUG, ends_at__lt=now)
        .order_by("-starts_at")
        .first()
    )
    verification = list(
        Certificate.objects.filter(learner__email__endswith=f"@{DOMAIN}")
        .order_by("?")
        .values_list("code", flat=True)[:codes]
    )
    return {
        "home": "/",
        "catalogue": catalogue_page.url,
        "dashboard": "/dashboard/",
        "hours": "/hours/",
        "transcript": "/hours/transcript/",
        "learners": rows,
        "facilitator": {
            "cookie": session_create(facilitator),
            "roster": f"/admin/echo/sessions/{past.pk}/roster/",
        },
        "verification": [f"/certificates/verify/{code}/" for code in verification],
    }
