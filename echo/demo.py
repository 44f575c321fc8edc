"""Demo ECHO: the series list and one "Infant Mental Health ECHO" series that meets
every other Wednesday at noon in Oklahoma, about half-way through its twelve
sessions. The demo facilitator runs it with a coordinator and a subject-matter
expert; the demo learner and ten other participants are registered; the sessions
already held have their attendance finalised, so hours are in the ledger; and the
demo learner's de-identified case is scheduled into an upcoming session.

Everything goes through the services a facilitator and a learner use, so the
ledger, sequences and case states arrive the real way. Every demo address is in the
reserved ``cradle.example`` domain, and the e-mails the services send while seeding
(confirmations, invitations, case notices) are discarded. Safe to run any number of
times: what exists is left as it is, what is missing is created."""

import datetime
import zoneinfo
from decimal import Decimal

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from certificates.services import certificate_email_skip
from lms import roles
from lms.models import CompetencyArea, HomePage, LearnerProfile

from .choices import (
    AgeBand,
    CreditRule,
    Frequency,
    HoursCountAs,
    HubRole,
    SessionStatus,
)
from .credit import status_for_minutes
from .models import (
    SERIES_SOURCE_TYPE,
    Attendance,
    CasePresentation,
    EchoIndexPage,
    EchoSeries,
    HubMember,
    Registration,
)
from .services.attendance import attendance_finalise, attendance_set_many
from .services.cases import case_accept, case_schedule, case_submit
from .services.registration import registration_create
from .services.sessions import session_update, sessions_generate

User = get_user_model()

LEARNER = "learner@cradle.example"
FACILITATOR = "facilitator@cradle.example"
SERIES_SLUG = "infant-mental-health-echo"
SERIES_TITLE = "Infant Mental Health ECHO"
TIME_ZONE = "America/Chicago"
SESSIONS = 12
DURATION = 75
# Sessions meet on Wednesdays (Monday is 0).
WEEKDAY = 2

INDEX_INTRODUCTION = (
    "Project ECHO is a way of learning together across distance. A small hub team — "
    "a facilitator, specialists in infant and early childhood mental health and a "
    "coordinator — meets by video with professionals from every corner of the state, "
    "the spokes. Each session pairs a short teaching talk with a real, de-identified "
    "case brought by a participant. The hub does not lecture: everyone asks, "
    "wonders and suggests, because the home visitor in a rural county knows things "
    "the specialist does not. All teach, all learn. Register for a series, add its "
    "sessions to your calendar, and earn clock hours for the sessions you attend."
)

SUMMARY = (
    "Every other Wednesday at noon: a short teaching talk on a core infant mental "
    "health topic, then a de-identified case from a participant, thought through "
    "together with the hub team and colleagues across Oklahoma."
)

DESCRIPTION = """
<p>The Infant Mental Health ECHO brings together people across Oklahoma who work with
babies, toddlers and their families, to think together about the children and
relationships that worry them. It follows the ECHO model: a hub team of
infant and early childhood mental health specialists, and you and your colleagues
as the spokes, each bringing what you see in homes, classrooms, clinics and
courtrooms.</p>
<h3>What a session looks like</h3>
<ul>
<li><b>Welcome and introductions</b> (about 5 minutes).</li>
<li><b>A short teaching talk</b> (about 20 minutes) from a hub member or guest on
that session's topic, with time for questions.</li>
<li><b>A case presentation</b> (about 30 minutes). A participant shares a
de-identified situation and a question. Everyone asks clarifying questions, the
spokes offer ideas first, then the hub adds recommendations, and the facilitator
sums up. The presenter receives the recommendations in writing afterwards.</li>
<li><b>Wrap-up</b> and a short evaluation.</li>
</ul>
<h3>Hours and the series certificate</h3>
<p>Each session you attend earns <b>1.25 clock hours</b> of relationship-based
training toward the Infant Mental Health Endorsement® and its yearly renewal.
Attend the whole session to earn them; arriving up to 15 minutes late or leaving up
to 15 minutes early still counts. Attend at least 80% of the sessions held and you
receive a certificate for the series.</p>
<h3>Bring a case</h3>
<p>Registered participants can submit a case from the series page. Leave out
anything that could identify a family — names, birth dates, addresses, phone
numbers, record numbers — and describe the child by age band. The coordinator
reviews each case and schedules it into a session.</p>
"""

AUDIENCE = (
    "Home visitors, early care and education teachers and directors, child care "
    "consultants, early intervention providers, nurses, pediatric and family "
    "medicine clinicians, child welfare workers and mental health clinicians in "
    "Oklahoma who work with children from before birth to age five and their "
    "families. No experience with ECHO is needed: come ready to listen, ask and "
    "share what you see in your work."
)

AREAS = ("TF-RFP", "TF-AST", "DS-OBS", "DS-SPR", "RF-PP")

# One per session, in order: the didactic topic and who teaches it.
TOPICS = (
    (
        "Seeing the baby in the room: the infant mental health lens",
        "Fern Facilitator, LCSW",
    ),
    (
        "Serve and return in home visiting: noticing what already works",
        "Maya Holloway, PhD, infant mental health specialist",
    ),
    (
        "Crying, sleep and feeding: regulation in the first year",
        "Jenna Cole, APRN, pediatric nurse practitioner",
    ),
    (
        "Perinatal depression and the parent–infant relationship",
        "Samuel Okafor, MD, perinatal psychiatrist",
    ),
    (
        "Big feelings in toddlers: co-regulation in everyday routines",
        "Lauren Pierce, M.Ed., Pyramid Model coach",
    ),
    (
        "Trauma in the first years: what ACE scores do and do not tell us",
        "Maya Holloway, PhD, infant mental health specialist",
    ),
    (
        "Honoring family and tribal culture in infant mental health practice",
        "Cheryl Deerinwater, LPC",
    ),
    (
        "Parallel process: noticing our own reactions to families",
        "Fern Facilitator, LCSW",
    ),
    (
        "Social-emotional screening in primary care and early intervention",
        "Daniel Reyes, MD, pediatrician",
    ),
    (
        "Very young children in foster care: visits, transitions and attachment",
        "Tasha Greene, LCSW, child welfare consultant",
    ),
    (
        "Preventing preschool expulsion: a consultation approach",
        "Lauren Pierce, M.Ed., Pyramid Model coach",
    ),
    (
        "Caring for the carers: secondary stress and staying in the work",
        "Maya Holloway, PhD, infant mental health specialist",
    ),
)

# The hub team besides the demo facilitator: e-mail, first and last name, role.
HUB = (
    ("marisol.vega@cradle.example", "Marisol", "Vega", HubRole.COORDINATOR),
    ("maya.holloway@cradle.example", "Maya", "Holloway", HubRole.EXPERT),
)

# Ten participants besides the demo learner: e-mail, first, last name, discipline,
# county, organisation.
PARTICIPANTS = (
    ("dana.harjo", "Dana", "Harjo", "child_development", "Okmulgee", "Home visiting"),
    ("marcus.bell", "Marcus", "Bell", "early_education", "Oklahoma", "Child care"),
    ("priya.raman", "Priya", "Raman", "nursing", "Cleveland", "Pediatric clinic"),
    ("luis.ortega", "Luis", "Ortega", "psychology", "Tulsa", "Family counseling"),
    (
        "keisha.franklin",
        "Keisha",
        "Franklin",
        "early_education",
        "Comanche",
        "Early learning center",
    ),
    ("thao.nguyen", "Thao", "Nguyen", "social_work", "Oklahoma", "Hospital NICU"),
    (
        "rachel.goodnight",
        "Rachel",
        "Goodnight",
        "child_development",
        "Payne",
        "SoonerStart",
    ),
    ("jess.whitfield", "Jess", "Whitfield", "social_work", "Garfield", "Child welfare"),
    (
        "amber.tiger",
        "Amber",
        "Tiger",
        "early_education",
        "Okfuskee",
        "Tribal child care",
    ),
    ("caleb.summers", "Caleb", "Summers", "pediatrics", "Tulsa", "Pediatric residency"),
)

# Minutes each participant spent in the first six sessions (75 is all of it).
MINUTES = {
    LEARNER: (75, 70, 62, 40, 75, 74),
    "dana.harjo": (75, 75, 75, 75, 0, 75),
    "marcus.bell": (75, 68, 0, 75, 75, 50),
    "priya.raman": (75, 75, 75, 75, 75, 75),
    "luis.ortega": (60, 75, 75, 0, 0, 75),
    "keisha.franklin": (75, 75, 45, 75, 75, 75),
    "thao.nguyen": (0, 0, 75, 75, 75, 75),
    "rachel.goodnight": (75, 75, 75, 75, 75, 66),
    "jess.whitfield": (75, 30, 0, 0, 75, 0),
    "amber.tiger": (75, 75, 75, 72, 75, 75),
    "caleb.summers": (75, 75, 0, 75, 75, 75),
}

CASE = {
    "age_band": AgeBand.YOUNG_TODDLER,
    "caregiving_context": (
        "A 20-month-old girl who lives with her mother, her four-month-old brother "
        "and her maternal grandmother in a small town in the southeast of the state. "
        "Her mother works evening shifts at a nursing home, and her grandmother cares "
        "for both children from mid-afternoon until bedtime. The family has had "
        "weekly home visits for five months. The children's father is not involved "
        "at present."
    ),
    "presenting_concerns": (
        "Over the last two months the little girl has started biting her baby "
        "brother and, at times, her grandmother, most often in the late afternoon. "
        "She wakes two or three times a night and settles only when her mother is "
        "home. During visits she moves quickly from toy to toy and rarely brings "
        "things to show the adults. Her grandmother calls her jealous and says she "
        "does it on purpose; her mother is exhausted and worried that her daughter "
        "is turning mean."
    ),
    "tried_so_far": (
        "We have talked about biting as communication at this age and practised "
        "naming feelings during play (you are cross, the baby has your blanket). "
        "The grandmother tried short time-outs, and the biting became more frequent. "
        "We made a picture routine for the hand-over between mother and grandmother "
        "at shift change. Her mother has begun ten minutes of special time with her "
        "daughter before work two days a week, and says those afternoons go better."
    ),
    "question": (
        "How can I help the grandmother see the biting as a signal rather than "
        "defiance, and what could the family try at the afternoon hand-over, when "
        "the biting is most likely?"
    ),
}

MEETING_URL = "https://meet.example.org/j/4055550100"
RECORDING_URL = "https://video.example.org/imh-echo/session-{number}"
ATTENDANCE_REASON = "Attendance taken from the meeting's participant list."


def _first_date(today: datetime.date) -> datetime.date:
    """A Wednesday 71 to 77 days ago: with sessions every 14 days, six sessions lie
    in the past (the last one at least a day ago) and six ahead (the next at least a
    week away), whatever day the demo is seeded."""
    first = today - datetime.timedelta(days=71)
    return first - datetime.timedelta(days=(first.weekday() - WEEKDAY) % 7)


def _user(email: str, first_name: str, last_name: str, role: str, **profile):
    """A demo person for the roster (a hub member or a participant), made once
    and without a password: nobody signs in as them."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={
            "certificate_name": f"{first_name} {last_name}",
            "state": "OK",
            **profile,
        },
    )
    return user


def _hub_user(email: str, first_name: str, last_name: str, role: str):
    # Coordinators run the series with the facilitator, so they need the
    # facilitator role; an expert only takes part.
    coordinator = role == HubRole.COORDINATOR
    return _user(
        email,
        first_name,
        last_name,
        roles.FACILITATOR if coordinator else roles.LEARNER,
        discipline="social_work" if coordinator else "psychology",
        organization="Infant Mental Health ECHO hub",
    )


def _index(home: HomePage) -> EchoIndexPage:
    index = EchoIndexPage.objects.first()
    if index is not None:
        return index
    index = EchoIndexPage(
        title="Infant Mental Health ECHO",
        slug="echo",
        introduction=INDEX_INTRODUCTION,
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _series(index: EchoIndexPage, facilitator, hub) -> tuple[EchoSeries, bool]:
    series = EchoSeries.objects.child_of(index).filter(slug=SERIES_SLUG).first()
    if series is not None:
        return series, False
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(TIME_ZONE)).date()
    members = [HubMember(user=facilitator, role=HubRole.FACILITATOR)]
    members += [HubMember(user=user, role=role) for user, role in hub]
    series = EchoSeries(
        title=SERIES_TITLE,
        slug=SERIES_SLUG,
        summary=SUMMARY,
        description=" ".join(DESCRIPTION.split()),
        audience=AUDIENCE,
        time_zone=TIME_ZONE,
        frequency=Frequency.WEEKLY,
        interval_weeks=2,
        first_date=_first_date(today),
        session_count=SESSIONS,
        start_time=datetime.time(12, 0),
        duration_minutes=DURATION,
        meeting_url=MEETING_URL,
        capacity=40,
        hours_per_session=Decimal("1.25"),
        credit_rule=CreditRule.ALL_OR_NOTHING,
        credit_tolerance_minutes=15,
        hours_count_as=HoursCountAs.TRAINING,
        certificate_threshold_percent=80,
        hub_members=members,
    )
    index.add_child(instance=series)
    series.competency_areas.set(CompetencyArea.objects.filter(code__in=AREAS))
    series.save_revision().publish()
    return EchoSeries.objects.get(pk=series.pk), True


def _sessions(series: EchoSeries, facilitator) -> list:
    """Generate the sessions from the recurrence and give each its topic; recordings
    for the ones already held."""
    sessions_generate(series)
    sessions = list(
        series.sessions.filter(status=SessionStatus.SCHEDULED).order_by("starts_at")
    )
    now = timezone.now()
    for number, (session, (topic, presenter)) in enumerate(
        zip(sessions, TOPICS, strict=False), start=1
    ):
        fields = {"topic": topic, "presenter": presenter}
        if session.ends_at <= now:
            fields["recording_url"] = RECORDING_URL.format(number=number)
        session_update(session, by=facilitator, **fields)
    return sessions


def _register(series: EchoSeries, learners: list) -> int:
    registered = set(
        Registration.objects.filter(series=series).values_list("learner_id", flat=True)
    )
    created = 0
    for learner in learners:
        if learner.pk not in registered:
            registration_create(series, learner, notify=False)
            created += 1
    return created


def _attendance(series: EchoSeries, participants: dict, facilitator) -> int:
    """Record and finalise attendance for the demo's sessions that have ended, as a
    facilitator would after each one. Returns how many sessions it finalised."""
    held = list(
        series.sessions.filter(
            status=SessionStatus.SCHEDULED, ends_at__lte=timezone.now()
        ).order_by("starts_at")[: len(MINUTES[LEARNER])]
    )
    finalised = 0
    for number, session in enumerate(held):
        if session.attendance_finalised_at is not None:
            continue
        marked = set(
            Attendance.objects.filter(session=session).values_list(
                "learner_id", flat=True
            )
        )
        changes = []
        for key, learner in participants.items():
            if learner.pk not in marked:
                minutes = MINUTES[key][number]
                status = status_for_minutes(series, minutes, session.duration_minutes)
                changes.append((learner.pk, status, minutes))
        if changes:
            attendance_set_many(
                session, changes, by=facilitator, reason=ATTENDANCE_REASON
            )
        attendance_finalise(session, by=facilitator)
        finalised += 1
    # A series certificate (once every session is held) waits on the dashboard.
    for learner in participants.values():
        certificate_email_skip(
            learner=learner, source_type=SERIES_SOURCE_TYPE, source_id=series.pk
        )
    return finalised


def _case(series: EchoSeries, learner, coordinator, facilitator) -> CasePresentation:
    case = CasePresentation.objects.filter(series=series, presenter=learner).first()
    if case is not None:
        return case
    upcoming = (
        series.sessions.filter(
            status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    case = case_submit(series, learner, data=dict(CASE), notify=False)
    case = case_accept(case, by=coordinator)
    if upcoming is not None:
        case = case_schedule(case, upcoming, by=facilitator, notify=False)
    return case


@transaction.atomic
def seed() -> list[str]:
    """Build the ECHO list, the demo series, its registrations, attendance and a
    case; return lines describing what exists. Sends no e-mail: the services are
    told not to notify anyone."""
    home = HomePage.objects.first()
    learner = User.objects.filter(email=LEARNER).first()
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if home is None or learner is None or facilitator is None:
        return ["Demo ECHO skipped: the home page or the demo accounts are missing."]
    hub = [
        (_hub_user(email, first, last, role), role) for email, first, last, role in HUB
    ]
    coordinator = hub[0][0]
    participants = {LEARNER: learner}
    for key, first, last, discipline, county, organisation in PARTICIPANTS:
        participants[key] = _user(
            f"{key}@cradle.example",
            first,
            last,
            roles.LEARNER,
            discipline=discipline,
            county=county,
            organization=organisation,
        )

    index = _index(home)
    series, created = _series(index, facilitator, hub)
    if created:
        _sessions(series, facilitator)
    registered = _register(series, list(participants.values()))
    finalised = _attendance(series, participants, facilitator)
    case = _case(series, learner, coordinator, facilitator)

    lines = [
        f"ECHO: “{series.title}” at {series.url} "
        f"({series.sessions.count()} sessions, "
        f"{Registration.objects.filter(series=series).count()} registered)."
    ]
    if registered:
        lines.append(f"Demo ECHO: {registered} participants registered.")
    if finalised:
        lines.append(f"Demo ECHO: attendance finalised for {finalised} sessions.")
    if case.session_id:
        lines.append(
            f"Demo ECHO: {learner.email}'s case is scheduled for "
            f"{case.session.starts_at:%Y-%m-%d}."
        )
    return lines
