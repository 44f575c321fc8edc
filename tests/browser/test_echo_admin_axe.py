"""The ECHO admin pages in a browser: no serious or critical axe violations on the
series list, a series' page, the roster, the import preview with rows to review,
a case and a report — on a desktop and on a phone."""

import datetime
import zoneinfo

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from echo.choices import AgeBand
from echo.models import CasePresentation
from echo.services.attendance import attendance_import_create
from tests.browser.conftest import axe_serious_violations
from tests.conftest import restore_migration_data
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_world(transactional_db):
    from lms.demo import seed

    restore_migration_data()
    seed()
    hub = echo_factories.facilitator(email="fac@example.org")
    series = echo_factories.series(facilitators=[hub], sessions=3)
    ana = UserFactory(email="ana@example.org", first_name="Ana", last_name="Diaz")
    echo_factories.register(series, ana)
    echo_factories.registrants(series, 5)
    session = series.sessions.order_by("starts_at").first()
    echo_factories.attend(session, ana, minutes=40)
    zone = zoneinfo.ZoneInfo(series.time_zone)
    start = timezone.localtime(session.starts_at, zone)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    leave = (start + datetime.timedelta(minutes=60)).strftime(fmt)
    report = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Ana Diaz,ana@example.org,{start.strftime(fmt)},{leave},60\n"
        f"Phone user,,{start.strftime(fmt)},{leave},60\n"
    )
    attendance_import = attendance_import_create(
        session,
        SimpleUploadedFile("report.csv", report.encode()),
        filename="report.csv",
        by=hub,
    )
    case = CasePresentation.objects.create(
        series=series,
        presenter=ana,
        age_band=AgeBand.INFANT,
        caregiving_context="Lives with a grandparent.",
        presenting_concerns="Sleep.",
        tried_so_far="Routines.",
        question="What next?",
    )
    return {
        "hub": hub,
        "urls": [
            reverse("echo_admin:index"),
            reverse("echo_admin:series", args=[series.pk]),
            reverse("echo_admin:roster", args=[session.pk]),
            reverse("echo_admin:import", args=[attendance_import.pk]),
            reverse("echo_admin:case", args=[case.pk]),
            reverse("echo_admin:report", args=[series.pk]),
            reverse("echo_admin:session_cancel", args=[series.sessions.last().pk]),
        ],
    }


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}]
)
def test_no_serious_axe_violations(browser, live_server, admin_world, viewport):
    client = Client()
    client.force_login(admin_world["hub"])
    cookie = client.cookies["sessionid"]
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for url in admin_world["urls"]:
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            assert not (found := axe_serious_violations(page)), (url, found)
    finally:
        context.close()
