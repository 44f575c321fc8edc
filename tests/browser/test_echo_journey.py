"""Infant Mental Health ECHO in the browser. A learner finds the demo series,
registers, downloads the invitation for the next session and subscribes to her
private calendar feed (both parsed back with icalendar), then brings a case — first
refused for an identifier, then sent. A facilitator imports the meeting's participant
report in the admin, links the one row it could not match, applies and finalises;
the learner then finds the hours on her hours page. axe checks every learner page on
the way and the facilitator's admin pages."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from echo.models import SESSION_SOURCE_TYPE, CasePresentation, EchoSeries, EchoSession
from echo.services.registration import registration_create
from lms.models import CreditEntry, LearnerProfile, User
from tests.browser.conftest import (
    DEMO_PASSWORD,
    admin_sign_in,
    axe_serious_violations,
    new_page,
    sign_in,
)
from tests.factories.echo import session as make_session

pytestmark = pytest.mark.browser

SERIES = "Infant Mental Health ECHO"
REPORT_TIME = "%m/%d/%Y %I:%M:%S %p"


@pytest.fixture
def newcomer(seeded):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email="nia@cradle.example",
        password=DEMO_PASSWORD,
        first_name="Nia",
        last_name="Thompson",
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={
            "certificate_name": "Nia Thompson",
            "discipline": "early_education",
            "county": "Tulsa",
        },
    )
    return user


def next_session(series) -> EchoSession:
    return (
        EchoSession.objects.filter(series=series, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_a_learner_registers_adds_the_sessions_to_a_calendar_and_brings_a_case(
    browser, live_server, newcomer
):
    problems = {}
    context, page = new_page(browser, accept_downloads=True)

    def audit(label):
        if found := axe_serious_violations(page):
            problems[label] = found

    sign_in(page, live_server, newcomer.email)
    page.wait_for_url("**/dashboard/")

    # The list of series, then the series.
    page.goto(live_server.url + "/echo/")
    assert page.locator("h1").inner_text() == SERIES
    audit("ECHO index")
    page.get_by_role("heading", level=2, name=SERIES).get_by_role("link").click()
    series = EchoSeries.objects.get(title=SERIES)
    page.wait_for_url(re.compile(re.escape(series.url) + "$"))
    assert page.locator("h1").inner_text() == SERIES
    audit("series page")
    assert series.meeting_url not in page.content()

    # Register: the box turns into the participant's one, with the meeting link.
    mail.outbox.clear()
    page.locator("#registration").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Your registration").wait_for()
    assert page.get_by_role("link", name="Join the meeting").first.is_visible()
    audit("series page (registered)")
    confirmation = next(m for m in mail.outbox if m.to == [newcomer.email])
    invitation = next(
        part.get_payload(decode=True)
        for part in confirmation.message().walk()
        if part.get_content_type() == "text/calendar"
    )
    assert Calendar.from_ical(invitation)["METHOD"] == "REQUEST"
    upcoming = EchoSession.objects.filter(
        series=series, ends_at__gt=timezone.now()
    ).count()
    assert len(events(invitation)) == upcoming

    # The invitation for the next session, downloaded from the box.
    session = next_session(series)
    link = page.get_by_role("link", name="Invitation for the next session")
    assert link.get_attribute("download") is not None
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    event = events(response.body())
    assert len(event) == 1
    assert str(event[0]["UID"]) == f"{session.uid}@cradle"
    assert event[0].decoded("DTSTART") == session.starts_at
    assert event[0]["DTSTART"].params["TZID"] == "America/Chicago"
    assert str(event[0]["LOCATION"]) == series.meeting_url

    # The private calendar page and its feed.
    page.get_by_role("link", name="Your private calendar feed").click()
    page.wait_for_url("**/my-echo/calendar/")
    assert page.locator("h1").inner_text() == "My ECHO calendar"
    audit("calendar page")
    feed_url = page.get_by_role("textbox", name="Calendar address").input_value()
    assert feed_url.startswith(live_server.url + "/my-echo/calendar/")
    anonymous = browser.new_context()
    response = anonymous.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.body())
    uids = {str(item["UID"]) for item in feed.walk("VEVENT")}
    assert uids == {f"{s.uid}@cradle" for s in series.sessions.all()}
    assert all(
        str(item["LOCATION"]) == series.meeting_url
        for item in feed.walk("VEVENT")
        if item.decoded("DTSTART") > timezone.now()
    )
    # The public feed of the series never carries the meeting link.
    public = anonymous.request.get(live_server.url + series.url + "calendar.ics")
    assert public.ok
    assert series.meeting_url.encode() not in public.body()
    anonymous.close()

    # The next session's own page.
    page.goto(live_server.url + series.url + f"sessions/{session.uid}/")
    assert session.topic in page.locator("h1, main").first.inner_text()
    audit("session page")

    # A case: refused while it names someone, then sent.
    page.goto(live_server.url + series.url)
    page.get_by_role("link", name="Submit a case").click()
    page.wait_for_url("**/cases/new/")
    audit("case form")
    page.get_by_role("radio", name=re.compile("Young toddler")).check()
    page.get_by_label("Caregiving context").fill(
        "A toddler living with her father and two older siblings; she started at "
        "a child care center three months ago."
    )
    page.get_by_label("Presenting concerns").fill(
        "Since the move, drop-off ends in long crying and she pushes away the "
        "teacher, Maria Lopez, who tries to comfort her."
    )
    page.get_by_label("What has been tried").fill(
        "A goodbye routine with a photo of her father; a shorter first week."
    )
    page.get_by_label("Your question for the hub").fill(
        "How can the teacher become a secure base for her during the day?"
    )
    page.get_by_role("button", name="Send to the hub").click()
    summary = page.get_by_role("alert")
    assert "Maria Lopez" in summary.inner_text()
    assert not CasePresentation.objects.filter(presenter=newcomer).exists()
    audit("case form (identifier found)")
    page.get_by_label("Presenting concerns").fill(
        "Since the move, drop-off ends in long crying and she pushes away the "
        "teacher who tries to comfort her."
    )
    page.get_by_role("button", name="Send to the hub").click()
    page.wait_for_url(re.compile(r"/my-echo/cases/\d+/$"))
    case = CasePresentation.objects.get(presenter=newcomer)
    assert case.status == "submitted"
    audit("case page")
    page.goto(live_server.url + "/my-echo/cases/")
    assert page.locator("h1").count() == 1
    audit("my cases")

    # On a phone, the series page fits the screen.
    phone_context, phone = new_page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    sign_in(phone, live_server, newcomer.email)
    phone.wait_for_url("**/dashboard/")
    phone.goto(live_server.url + series.url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    if found := axe_serious_violations(phone):
        problems["series page on a phone"] = found
    phone_context.close()
    context.close()
    assert problems == {}


def participant_report(session, rows) -> str:
    """A per-join participant report with its meeting header block, times written
    in the series' zone as the video platform does."""
    zone = zoneinfo.ZoneInfo(session.series.time_zone)

    def at(minutes):
        moment = session.starts_at + datetime.timedelta(minutes=minutes)
        return moment.astimezone(zone).strftime(REPORT_TIME)

    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),"
        "Participants",
        f"405 555 0100,{session.series.title},{at(-5)},{at(80)},"
        f"facilitator@cradle.example,85,{len(rows)}",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
    ]
    for name, email, joined, left in rows:
        lines.append(
            f"{name},{email},{at(joined)},{at(left)},{left - joined},"
            f"{'No' if email else 'Yes'}"
        )
    return "\r\n".join(lines) + "\r\n"


def test_a_facilitator_imports_a_report_and_the_learner_sees_the_hours(
    browser, live_server, newcomer, tmp_path
):
    series = EchoSeries.objects.get(title=SERIES)
    registration_create(series, newcomer)
    # An extra session that met this morning, not yet recorded.
    extra = make_session(
        series,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        topic="Open consultation: questions from the field",
        presenter="Fern Facilitator, LCSW",
    )
    report = tmp_path / "participants_4055550100.csv"
    report.write_text(
        "\ufeff"
        + participant_report(
            extra,
            [
                ("Fern Facilitator", "facilitator@cradle.example", -5, 80),
                ("Lena Learner", "learner@cradle.example", 1, 40),
                # Lena's connection dropped; she rejoined before leaving the first.
                ("Lena Learner", "learner@cradle.example", 38, 75),
                ("Dana Harjo", "dana.harjo@cradle.example", 0, 75),
                # Nia joined from her phone without signing in.
                ("Nia T (iPhone)", "", 2, 74),
            ],
        ),
        encoding="utf-8",
    )
    problems = {}
    context, admin = admin_sign_in(browser, live_server, "facilitator@cradle.example")

    def audit(label):
        if found := axe_serious_violations(admin):
            problems[label] = found

    admin.goto(live_server.url + "/admin/echo/")
    audit("admin: series list")
    admin.get_by_role("link", name=SERIES).first.click()
    admin.wait_for_url(f"**/admin/echo/series/{series.pk}/")
    audit("admin: series")

    admin.goto(live_server.url + f"/admin/echo/sessions/{extra.pk}/roster/")
    audit("admin: roster")
    admin.get_by_role("link", name="Import a participant report").click()
    admin.wait_for_url(f"**/admin/echo/sessions/{extra.pk}/import/")
    audit("admin: import upload")
    admin.get_by_label("Participant report (CSV)").set_input_files(str(report))
    admin.get_by_role("button", name="Read the report").click()
    admin.wait_for_url(re.compile(r"/admin/echo/imports/\d+/$"))
    audit("admin: import preview")
    review = admin.locator("article").filter(has_text="Nia T (iPhone)")
    assert review.count() == 1
    assert "Member of the hub team" in admin.content()
    assert not admin.get_by_role("button", name="Apply to the roster").count()

    review.get_by_label("Registered learner").select_option(
        label="Nia Thompson (nia@cradle.example)"
    )
    review.get_by_label("Note").fill("Her phone, per the chat log")
    review.get_by_role("button", name=re.compile("^Link")).click()
    admin.get_by_text("Every row is matched, linked or dismissed.").wait_for()
    audit("admin: import preview (resolved)")
    admin.get_by_role("button", name="Apply to the roster").click()
    admin.wait_for_url(f"**/admin/echo/sessions/{extra.pk}/roster/")
    audit("admin: roster (applied)")
    admin.get_by_role("button", name="Finalise attendance").click()
    admin.get_by_text(re.compile("Attendance finalised")).first.wait_for()

    entry = CreditEntry.objects.get(
        learner=newcomer, source_type=SESSION_SOURCE_TYPE, source_id=str(extra.pk)
    )
    assert entry.hours == Decimal("1.25")
    # Lena's two joins overlap: their union, not their sum, is her time.
    assert CreditEntry.objects.filter(
        learner__email="learner@cradle.example",
        source_type=SESSION_SOURCE_TYPE,
        source_id=str(extra.pk),
    ).exists()

    admin.goto(live_server.url + f"/admin/echo/series/{series.pk}/cases/")
    audit("admin: cases")
    case = CasePresentation.objects.get(presenter__email="learner@cradle.example")
    admin.goto(live_server.url + f"/admin/echo/cases/{case.pk}/")
    audit("admin: case")
    admin.goto(live_server.url + f"/admin/echo/series/{series.pk}/report/")
    assert "Open consultation: questions from the field" in admin.content()
    audit("admin: report")
    context.close()

    # The learner finds the hours on her record.
    learner_context, learner = new_page(browser)
    sign_in(learner, live_server, newcomer.email)
    learner.wait_for_url("**/dashboard/")
    learner.goto(live_server.url + "/hours/")
    assert entry.title in learner.content()
    learner_context.close()
    assert problems == {}
