"""The fixture world of the authorization matrix: six people and one of everything
that can be reached by an id, owned by "learner" (the owner) or by ECHO series A.

Roles, in the order every matrix row lists them:

- ``anon``: not signed in;
- ``learner``: a Learner who owns every learner-side object below;
- ``other``: another Learner, who must never reach the owner's objects;
- ``fac_a``: an ECHO Facilitator (with an authenticator app) on series A's hub;
- ``fac_b``: an ECHO Facilitator (with an authenticator app) on series B's hub only;
- ``admin``: an Administrator with an authenticator app.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from certificates.choices import RecipientSource
from certificates.models import Certificate, CertificateBatch, CertificateTemplate
from certificates.services import certificate_batch_create
from courses import services as course_services
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from echo.choices import AgeBand, CaseStatus, ImportVariant
from echo.models import (
    AttendanceImport,
    CasePresentation,
    EchoIndexPage,
    EchoSeries,
    EchoSession,
)
from echo.services.calendar import calendar_token_for
from lms.models import (
    AccountDeletionRequest,
    CategoryRequirement,
    CompetencyArea,
    CompetencyDomain,
    CreditEntry,
    Endorsement,
    EndorsementCategory,
    LearnerProfile,
    OutsideTraining,
    RenewalRule,
    RscLogEntry,
    User,
)
from tests.factories import UserFactory, staff_user
from tests.factories import courses as course_factories
from tests.factories import echo as echo_factories
from tests.factories.certificates import CertificateFactory, default_template
from tests.factories.hours import (
    CreditEntryFactory,
    EndorsementFactory,
    OutsideTrainingFactory,
    RscLogEntryFactory,
)

ROLES = ("anon", "learner", "other", "fac_a", "fac_b", "admin")

# Words only the owner's private records contain: no answer to anon, "other" or
# fac_b may show any of them (unless its row says the address is public).
SECRETS = {
    "training": "Owner workshop QX7",
    "rsc": "Owner supervisor WK2",
    "credit": "Owner credit PZ4",
    "certificate": "Owner certificate TB1",
    "note": "Owner reflection KM8",
    "case": "Owner case question JV3?",
}


@dataclass
class World:
    users: dict[str, User | None]
    # Learner side, all owned by users["learner"].
    training: OutsideTraining
    rsc: RscLogEntry
    endorsement: Endorsement
    credit: CreditEntry
    certificate: Certificate
    calendar_token: str
    case: CasePresentation
    # Courses.
    catalogue: CourseIndexPage
    course: CoursePage
    lesson: LessonPage
    check_block: str
    reflection_block: str
    enrolment: Enrolment
    quiz_number: int
    # ECHO: series A (run by fac_a, the learner registered) and series B (fac_b).
    echo_index: EchoIndexPage
    series_a: EchoSeries
    series_b: EchoSeries
    past_a: EchoSession
    future_a: EchoSession
    import_a: AttendanceImport
    # Administration.
    template: CertificateTemplate
    batch: CertificateBatch
    deletion_request: AccountDeletionRequest
    domain: CompetencyDomain
    area: CompetencyArea
    category: EndorsementCategory
    requirement: CategoryRequirement
    renewal_rule: RenewalRule

    @property
    def learner(self) -> User:
        return self.users["learner"]


def _learner(email: str, first: str, last: str) -> User:
    user = UserFactory(email=email, first_name=first, last_name=last)
    LearnerProfile.objects.create(
        user=user,
        certificate_name=f"{first} {last}",
        discipline="social_work",
        county="Tulsa",
    )
    return user


def build_world() -> World:
    """Everything the matrix reaches. Expects the migrations' data (roles, seeded
    categories and areas, the default certificate template) to be present."""
    from lms.demo import seed

    seed()
    learner = _learner("owner@example.org", "Olive", "Owner")
    other = _learner("other@example.org", "Otto", "Other")
    fac_a = echo_factories.facilitator(
        email="fac-a@example.org", first_name="Alma", last_name="Hub"
    )
    fac_b = echo_factories.facilitator(
        email="fac-b@example.org", first_name="Bert", last_name="Hub"
    )
    admin = staff_user(
        "Administrator", email="admin@example.org", first_name="Ada", last_name="Min"
    )

    # Hours: one of each submission kind, owned by the learner.
    training = OutsideTrainingFactory(
        learner=learner, status="changes_requested", title=SECRETS["training"]
    )
    rsc = RscLogEntryFactory(
        learner=learner,
        status="changes_requested",
        provider_name=SECRETS["rsc"],
    )
    endorsement = EndorsementFactory(learner=learner, status="recorded")
    credit = CreditEntryFactory(learner=learner, title=SECRETS["credit"])
    certificate = CertificateFactory(learner=learner, title=SECRETS["certificate"])

    # Courses: a catalogue with one course; the learner is enrolled, has a submitted
    # quiz attempt and a reflection note.
    catalogue = course_factories.catalogue()
    course = course_factories.course(catalogue, lessons=2)
    lesson = course.get_children().specific().first()
    check_block = next(c.id for c in lesson.body if c.block_type == "knowledge_check")
    reflection_block = next(c.id for c in lesson.body if c.block_type == "reflection")
    enrolment = course_services.enrolment_create(learner=learner, course=course)
    for each in course.get_children().specific():
        course_services.lesson_complete(learner=learner, lesson=each)
    attempt = course_services.quiz_attempt_start(learner=learner, course=course)
    course_services.quiz_attempt_submit(
        learner=learner,
        course=course,
        attempt_id=attempt.pk,
        answers=course_factories.correct_answers(attempt),
    )
    course_services.reflection_note_save(
        learner=learner,
        lesson=lesson,
        block_id=reflection_block,
        text=SECRETS["note"],
    )

    # ECHO: two series with their own hubs; the learner is registered for A and has
    # a case there, returned for changes (so its presenter may edit it).
    index = echo_factories.echo_index()
    series_a = echo_factories.series(title="Series A", facilitators=[fac_a])
    series_b = echo_factories.series(title="Series B", facilitators=[fac_b])
    echo_factories.register(series_a, learner)
    past_a = series_a.sessions.filter(ends_at__lt=timezone.now()).first()
    future_a = echo_factories.session(series_a)
    import_a = AttendanceImport.objects.create(
        session=past_a,
        uploaded_by=fac_a,
        filename="report.csv",
        variant=ImportVariant.PER_JOIN,
    )
    case = CasePresentation.objects.create(
        series=series_a,
        presenter=learner,
        age_band=AgeBand.INFANT,
        caregiving_context="Lives with a grandparent.",
        presenting_concerns="Feeding difficulties.",
        tried_so_far="Routines.",
        question=SECRETS["case"],
        status=CaseStatus.RETURNED,
    )
    token = calendar_token_for(learner).token

    template = default_template()
    batch = certificate_batch_create(
        template=template,
        title="Bulk workshop",
        hours=Decimal("2"),
        issued_on=timezone.localdate() - datetime.timedelta(days=1),
        learners=[learner],
        recipient_source=RecipientSource.CSV,
        report=[],
        created_by=admin,
    )
    deletion_request = AccountDeletionRequest.objects.create(
        user=other, email=other.email, reason="Moving on."
    )

    return World(
        users={
            "anon": None,
            "learner": learner,
            "other": other,
            "fac_a": fac_a,
            "fac_b": fac_b,
            "admin": admin,
        },
        training=training,
        rsc=rsc,
        endorsement=endorsement,
        credit=credit,
        certificate=certificate,
        calendar_token=token,
        case=case,
        catalogue=catalogue,
        course=course,
        lesson=lesson,
        check_block=check_block,
        reflection_block=reflection_block,
        enrolment=enrolment,
        quiz_number=1,
        echo_index=index,
        series_a=series_a,
        series_b=series_b,
        past_a=past_a,
        future_a=future_a,
        import_a=import_a,
        template=template,
        batch=batch,
        deletion_request=deletion_request,
        domain=CompetencyDomain.objects.order_by("pk").first(),
        area=CompetencyArea.objects.order_by("pk").first(),
        category=EndorsementCategory.objects.order_by("pk").first(),
        requirement=CategoryRequirement.objects.order_by("pk").first(),
        renewal_rule=RenewalRule.objects.order_by("pk").first(),
    )
