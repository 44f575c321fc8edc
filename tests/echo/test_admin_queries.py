"""Fixed query budgets of the ECHO admin's pages, with 10 and with 500
registrants (and report rows): the series page, the roster, the import preview,
the list of series and the series report."""

import datetime
import zoneinfo

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from echo.models import Attendance
from echo.services.attendance import attendance_import_create
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db

# The admin's own queries (session, user, groups and permissions, second factor,
# menu) come to about a dozen; each page adds a fixed number of its own. Measured:
# series page 20, roster 18, preview 21, report 21, index 15 — the same for 10 and
# for 500 registrants.
SERIES_BUDGET = 20
ROSTER_BUDGET = 18
PREVIEW_BUDGET = 21
INDEX_BUDGET = 15
REPORT_BUDGET = 21
SIZES = [10, 500]


@pytest.fixture
def hub(client, site_tree):
    user = echo_factories.facilitator(email="fac@example.org")
    client.force_login(user)
    return user


def populated(hub, size: int, title: str = "Infant Mental Health ECHO"):
    """A series with ``size`` registrants, six sessions, attendance for half of
    them at the first session, and a report of ``size`` rows for it (a tenth
    unmatched)."""
    series = echo_factories.series(title=title, facilitators=[hub], sessions=6)
    learners = echo_factories.registrants(series, size)
    session = series.sessions.order_by("starts_at").first()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, learner=learner, status="present", minutes=75)
            for learner in learners[: size // 2]
        ]
    )
    zone = zoneinfo.ZoneInfo(series.time_zone)
    start = timezone.localtime(session.starts_at, zone)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    leave = (start + datetime.timedelta(minutes=70)).strftime(fmt)
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
    for number, learner in enumerate(learners):
        email = "" if number % 10 == 0 else learner.email
        name = f"Someone {number}" if number % 10 == 0 else learner.get_full_name()
        lines.append(f"{name},{email},{start.strftime(fmt)},{leave},70")
    upload = SimpleUploadedFile("report.csv", "\n".join(lines).encode())
    attendance_import = attendance_import_create(
        session, upload, filename="report.csv", by=hub
    )
    return series, session, attendance_import


def measured(client, url) -> tuple[int, object]:
    client.get(url)  # warm-up: content types, permissions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("size", SIZES)
def test_series_page(client, hub, size, django_assert_max_num_queries):
    series, _session, _import = populated(hub, size)
    url = reverse("echo_admin:series", args=[series.pk])
    client.get(url)
    with django_assert_max_num_queries(SERIES_BUDGET):
        response = client.get(url)
    assert len(response.context["registrations"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
def test_roster(client, hub, size, django_assert_max_num_queries):
    _series, session, _import = populated(hub, size)
    url = reverse("echo_admin:roster", args=[session.pk])
    client.get(url)
    with django_assert_max_num_queries(ROSTER_BUDGET):
        response = client.get(url)
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_import_preview(client, hub, size, django_assert_max_num_queries):
    _series, _session, attendance_import = populated(hub, size)
    url = reverse("echo_admin:import", args=[attendance_import.pk])
    client.get(url)
    with django_assert_max_num_queries(PREVIEW_BUDGET):
        response = client.get(url)
    assert len(response.context["review"]) == size // 10


@pytest.mark.parametrize("size", SIZES)
def test_index_and_report(client, hub, size, django_assert_max_num_queries):
    series, _session, _import = populated(hub, size)
    for url, budget in (
        (reverse("echo_admin:index"), INDEX_BUDGET),
        (reverse("echo_admin:report", args=[series.pk]), REPORT_BUDGET),
    ):
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_same_count_for_small_and_large(client, hub):
    counts = {}
    for size in SIZES:
        series, session, attendance_import = populated(hub, size, f"Series {size}")
        counts[size] = [
            measured(client, url)[0]
            for url in (
                reverse("echo_admin:series", args=[series.pk]),
                reverse("echo_admin:roster", args=[session.pk]),
                reverse("echo_admin:import", args=[attendance_import.pk]),
                reverse("echo_admin:report", args=[series.pk]),
                reverse("echo_admin:index"),
            )
        ]
    print("queries (series, roster, preview, report, index):", counts)
    assert counts[10] == counts[500]
