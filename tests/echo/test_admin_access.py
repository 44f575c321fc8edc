"""Who may use the ECHO admin: the series' own facilitators and coordinators, and
administrators. A facilitator of another series gets 403 on every page of the
series (and on every action), a learner cannot reach the admin at all, and the
menu item shows only to those who may use it."""

import pytest

from django.urls import reverse
from django.utils import timezone

from echo.choices import AgeBand, HubRole, ImportVariant
from echo.models import AttendanceImport, CasePresentation, HubMember
from tests.factories import UserFactory, staff_user
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    own = echo_factories.facilitator(email="own@example.org")
    other = echo_factories.facilitator(email="other@example.org")
    series = echo_factories.series(title="Own series", facilitators=[own])
    echo_factories.series(title="Other series", facilitators=[other])
    learner = UserFactory(email="learner@example.org")
    echo_factories.register(series, learner)
    past = series.sessions.filter(ends_at__lt=timezone.now()).first()
    future = echo_factories.session(series)
    attendance_import = AttendanceImport.objects.create(
        session=past,
        uploaded_by=own,
        filename="report.csv",
        variant=ImportVariant.PER_JOIN,
    )
    case = CasePresentation.objects.create(
        series=series,
        presenter=learner,
        age_band=AgeBand.INFANT,
        caregiving_context="Lives with a grandparent.",
        presenting_concerns="Feeding difficulties.",
        tried_so_far="Routines.",
        question="How to support the caregiver?",
    )
    return {
        "own": own,
        "other": other,
        "learner": learner,
        "series": series,
        "past": past,
        "future": future,
        "import": attendance_import,
        "case": case,
    }


def series_urls(world) -> list[tuple[str, str]]:
    """(method, url) for every page and action about the world's series."""
    series, past, future = world["series"], world["past"], world["future"]
    imp, case = world["import"], world["case"]
    return [
        ("get", reverse("echo_admin:series", args=[series.pk])),
        ("get", reverse("echo_admin:session_add", args=[series.pk])),
        ("post", reverse("echo_admin:session_add", args=[series.pk])),
        ("get", reverse("echo_admin:cases", args=[series.pk])),
        ("get", reverse("echo_admin:report", args=[series.pk])),
        ("get", reverse("echo_admin:report_csv", args=[series.pk])),
        ("get", reverse("echo_admin:session_edit", args=[future.pk])),
        ("post", reverse("echo_admin:session_edit", args=[future.pk])),
        ("get", reverse("echo_admin:session_reschedule", args=[future.pk])),
        ("post", reverse("echo_admin:session_reschedule", args=[future.pk])),
        ("get", reverse("echo_admin:session_cancel", args=[future.pk])),
        ("post", reverse("echo_admin:session_cancel", args=[future.pk])),
        ("get", reverse("echo_admin:roster", args=[past.pk])),
        ("post", reverse("echo_admin:roster", args=[past.pk])),
        ("post", reverse("echo_admin:finalise", args=[past.pk])),
        ("get", reverse("echo_admin:import_upload", args=[past.pk])),
        ("post", reverse("echo_admin:import_upload", args=[past.pk])),
        ("get", reverse("echo_admin:import", args=[imp.pk])),
        ("post", reverse("echo_admin:import", args=[imp.pk])),
        ("post", reverse("echo_admin:import_apply", args=[imp.pk])),
        ("post", reverse("echo_admin:import_discard", args=[imp.pk])),
        ("get", reverse("echo_admin:case", args=[case.pk])),
        ("post", reverse("echo_admin:case", args=[case.pk])),
    ]


def test_a_facilitator_of_another_series_gets_403_everywhere(client, world):
    client.force_login(world["other"])
    for method, url in series_urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
        assert "Not one of your series" in response.content.decode()
    # Nothing was done on their behalf.
    world["future"].refresh_from_db()
    assert world["future"].status == "scheduled"
    world["import"].refresh_from_db()
    assert world["import"].status == "preview"


def test_a_facilitator_of_another_series_cannot_see_the_all_series_report(
    client, world
):
    client.force_login(world["own"])
    for name in ("echo_admin:reports", "echo_admin:reports_csv"):
        assert client.get(reverse(name)).status_code == 403


def test_the_series_own_facilitator_opens_every_page(client, world):
    client.force_login(world["own"])
    for method, url in series_urls(world):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 200, url


def test_a_coordinator_runs_the_series_but_an_expert_does_not(client, world):
    coordinator = echo_factories.facilitator(email="coord@example.org")
    expert = echo_factories.facilitator(email="expert@example.org")
    HubMember.objects.create(
        series=world["series"], user=coordinator, role=HubRole.COORDINATOR
    )
    HubMember.objects.create(series=world["series"], user=expert, role=HubRole.EXPERT)
    url = reverse("echo_admin:series", args=[world["series"].pk])
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.force_login(expert)
    assert client.get(url).status_code == 403


def test_an_administrator_sees_everything(client, world):
    client.force_login(staff_user("Administrator", email="admin@example.org"))
    for method, url in series_urls(world):
        if method == "get":
            assert client.get(url).status_code == 200, url
    index = client.get(reverse("echo_admin:index")).content.decode()
    assert "Own series" in index and "Other series" in index
    assert client.get(reverse("echo_admin:reports")).status_code == 200
    assert client.get(reverse("echo_admin:reports_csv")).status_code == 200


def test_a_learner_cannot_reach_the_admin(client, world):
    client.force_login(world["learner"])
    for method, url in [
        ("get", reverse("echo_admin:index")),
        ("get", reverse("echo_admin:reports")),
        *series_urls(world),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "The admin is for facilitators and administrators" in (
            response.content.decode()
        )


def test_the_index_lists_only_the_series_one_runs(client, world):
    client.force_login(world["own"])
    html = client.get(reverse("echo_admin:index")).content.decode()
    assert "Own series" in html
    assert "Other series" not in html
    assert reverse("echo_admin:reports") not in html


def test_the_menu_shows_echo_to_facilitators_and_administrators_only(client, world):
    client.force_login(world["own"])
    assert reverse("echo_admin:index") in client.get("/admin/").content.decode()
    editor = staff_user("Administrator", email="a2@example.org")
    client.force_login(editor)
    assert reverse("echo_admin:index") in client.get("/admin/").content.decode()


def test_missing_objects_are_404(client, world):
    client.force_login(world["own"])
    for name in ("series", "roster", "import", "case"):
        assert client.get(reverse(f"echo_admin:{name}", args=[99999])).status_code == (
            404
        )
