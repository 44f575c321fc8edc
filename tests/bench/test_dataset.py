"""The ``make bench`` data set at a tiny scale: the counts it promises, a second build
that replaces the first, and sessions and pages the load generator can use."""

import json
from io import StringIO

import pytest

from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from bench import dataset
from bench.management.commands.bench_dataset import Command
from bench.pages import PAGES, requests_for

SMALL = [
    "--learners=12",
    "--entries=10",
    "--courses=2",
    "--lessons=2",
    "--series=2",
    "--echo-sessions=4",
    "--registrants=4",
    "--certificates=30",
    "--pdfs=1",
    "--pending=2",
]


def bench_counts() -> dict:
    from wagtail.models import Page

    from certificates.choices import CertificateStatus
    from certificates.models import Certificate
    from courses.models import Enrolment, LessonCompletion
    from echo.models import Attendance, EchoSession, HubMember, Registration
    from lms.models import CreditEntry, CreditEntryArea, LearnerProfile, User

    mine = {"learner__email__endswith": f"@{dataset.DOMAIN}"}
    certificates = Certificate.objects.filter(**mine)
    return {
        "users": User.objects.filter(email__endswith=f"@{dataset.DOMAIN}").count(),
        "learners in the group": User.objects.filter(
            email__endswith=f"@{dataset.DOMAIN}", groups__name="Learner"
        ).count(),
        "profiles": LearnerProfile.objects.filter(
            user__email__endswith=f"@{dataset.DOMAIN}"
        ).count(),
        "entries": CreditEntry.objects.filter(**mine).count(),
        "entry areas": CreditEntryArea.objects.filter(
            entry__learner__email__endswith=f"@{dataset.DOMAIN}"
        ).count(),
        "entry kinds": set(
            CreditEntry.objects.filter(**mine).values_list("kind", flat=True)
        ),
        "pages": Page.objects.filter(slug__startswith=dataset.SLUG).count(),
        "enrolments": Enrolment.objects.filter(**mine).count(),
        "completions": LessonCompletion.objects.filter(
            enrolment__learner__email__endswith=f"@{dataset.DOMAIN}"
        ).count(),
        "sessions": EchoSession.objects.filter(
            series__slug__startswith=dataset.SLUG
        ).count(),
        "hub members": HubMember.objects.filter(
            series__slug__startswith=dataset.SLUG
        ).count(),
        "registrations": Registration.objects.filter(**mine).count(),
        "attendance": Attendance.objects.filter(**mine).count(),
        "certificates": certificates.count(),
        "ready": certificates.filter(status=CertificateStatus.READY).count(),
        "pending": certificates.filter(status=CertificateStatus.PENDING).count(),
        "ready without a file": certificates.filter(
            status=CertificateStatus.READY, pdf=""
        ).count(),
    }


@pytest.mark.django_db
def test_builds_what_it_promises_signs_in_learners_and_rebuilds_in_place(tmp_path):
    path = tmp_path / "targets.json"
    out = StringIO()
    call_command(Command(), *SMALL, "--sessions=3", f"--out={path}", stdout=out)
    first = bench_counts()
    assert first == {
        "users": 13,  # 12 learners and the facilitator
        "learners in the group": 12,
        "profiles": 12 + 1,
        "entries": 120,
        "entry areas": 120,
        "entry kinds": {"course", "echo_session", "outside_training", "rsc"},
        "pages": 2 + 2 * 2 + 2,  # courses, lessons, series
        # Everyone in one course, every second learner in another too.
        "enrolments": 12 + 6,
        "completions": first["completions"],
        "sessions": 2 * 4,
        "hub members": 2,
        "registrations": 2 * 4,
        # Two of each series' four weekly sessions are over.
        "attendance": 2 * 4 * 2,
        "certificates": 30,
        "ready": 28,
        "pending": 2,
        "ready without a file": 0,
    }
    assert first["completions"] > 0
    assert "ledger entries: 120" in out.getvalue()

    written = json.loads(path.read_text())
    assert written["counts"]["certificates"] == 30
    targets = written["targets"]
    assert len(targets["learners"]) == 3
    assert len({learner["cookie"] for learner in targets["learners"]}) == 3
    assert len(targets["verification"]) == 30
    # Every page the load generator requests answers 200 with its session.
    client = Client(HTTP_HOST="127.0.0.1")
    requests = requests_for(targets, 1)
    assert [page for page, _path, _cookie in requests] == [*PAGES[1:], PAGES[0]]
    for page, page_path, cookie in requests:
        if page == "verification":
            page_path = targets["verification"][0]
        client.cookies.clear()
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        response = client.get(page_path)
        assert response.status_code == 200, (page, page_path, response.status_code)
    # Signed in as the learner the session names, not as someone else.
    client.cookies.clear()
    name, value = targets["learners"][1]["cookie"].split("=", 1)
    client.cookies[name] = value
    assert (
        client.get("/dashboard/").context["user"].email
        == (targets["learners"][1]["email"])
    )
    # Only learners registered for a series can be signed in (8 here).
    with pytest.raises(ValueError, match="registered learners"):
        dataset.targets(sessions=9)

    # A second build removes the first (and its sessions) and makes the same again.
    call_command(Command(), *SMALL, stdout=StringIO())
    assert bench_counts() == first
    assert not Session.objects.exists()


def test_a_scale_that_cannot_be_built_is_refused():
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command(Command(), "--entries=-1")
    with pytest.raises(CommandError, match="at least 1"):
        call_command(Command(), "--learners=0")
