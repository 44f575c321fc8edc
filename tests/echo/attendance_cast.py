"""The people in the participant reports under tests/echo/data/: one session on
4 November 2025, 12:00–13:15 America/Chicago (18:00–19:15 UTC), its hub team and its
registered learners."""

import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from echo.choices import HubRole
from echo.models import EchoSeries, EchoSession, HubMember
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

DATA = Path(__file__).parent / "data"
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
STARTS_AT = datetime.datetime(2025, 11, 4, 12, 0, tzinfo=CHICAGO)
ENDS_AT = STARTS_AT + datetime.timedelta(minutes=75)

LEARNERS = {
    "avery": ("Avery", "Johnson", "avery.johnson@okfamilies.example"),
    "bianca": ("Bianca", "Morales", "bmorales@tulsahv.example"),
    "wei": ("Wei", "Chen", "wei.chen@ouhsc.example"),
    "darnell": ("Darnell", "Brooks", "dbrooks@headstart-ok.example"),
    "esperanza": ("Esperanza", "Ruiz-López", "eruizlopez@wichild.example"),
    "kim": ("Kim", "Nguyen", "knguyen@okdhs.example"),
    # Two registrants share a name: a row with that name and no e-mail is ambiguous.
    "sam_a": ("Sam", "Taylor", "sam.taylor@okchildcare.example"),
    "sam_b": ("Sam", "Taylor", "staylor@tulsaschools.example"),
}


def report(name: str) -> bytes:
    return (DATA / name).read_bytes()


@dataclass
class Cast:
    series: EchoSeries
    session: EchoSession
    facilitator: object
    expert: object
    learners: dict

    def __getitem__(self, key):
        return self.learners[key]


def cast(**series_fields) -> Cast:
    """The series (one session, already held), hub team and registered learners."""
    facilitator = echo_factories.facilitator(
        first_name="Fern", last_name="Okafor", email="fern.okafor@cradle.example"
    )
    expert = UserFactory(
        first_name="Maya", last_name="Thompson", email="maya.thompson@ouhsc.example"
    )
    series = echo_factories.series(
        sessions=1, first=STARTS_AT, facilitators=[facilitator], **series_fields
    )
    HubMember.objects.create(series=series, user=expert, role=HubRole.EXPERT)
    learners = {}
    for key, (first, last, email) in LEARNERS.items():
        learner = UserFactory(first_name=first, last_name=last, email=email)
        echo_factories.register(series, learner)
        learners[key] = learner
    return Cast(
        series=series,
        session=EchoSession.objects.get(series=series),
        facilitator=facilitator,
        expert=expert,
        learners=learners,
    )
