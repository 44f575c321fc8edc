"""Case presentations: the services (submit, update, withdraw; accept, return,
schedule, recommendations) and the presenter's pages. A case is seen only by its
presenter and its series' hub team."""

import re
import zoneinfo

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from echo.choices import AgeBand, CaseStatus, HubRole, RegistrationStatus
from echo.models import CasePresentation, HubMember
from echo.services.cases import (
    case_accept,
    case_recommendations_send,
    case_return,
    case_schedule,
    case_submit,
    case_update,
    case_withdraw,
)
from lms.models import LearnerProfile
from tests.factories import UserFactory
from tests.factories import echo as factories

pytestmark = pytest.mark.django_db

CASE = {
    "age_band": AgeBand.YOUNG_TODDLER,
    "caregiving_context": "Lives with her mother and grandmother in a small town.",
    "presenting_concerns": "Biting her baby brother in the late afternoon.",
    "tried_so_far": "Naming feelings during play; a picture routine at hand-over.",
    "question": "How can we help the grandmother see biting as communication?",
}


def form_data(**changes):
    return {**CASE, "session": "", **changes}


@pytest.fixture
def world(site_tree):
    """A series with past and future sessions, a coordinator, an expert, a
    registered presenter, and a facilitator of another series."""
    coordinator = factories.facilitator(first_name="Lee", last_name="Nguyen")
    page = factories.series(sessions=10, facilitators=[coordinator])
    expert = UserFactory()
    HubMember.objects.create(series=page, user=expert, role=HubRole.EXPERT)
    presenter = UserFactory(first_name="Rosa", last_name="Tallchief")
    factories.register(page, presenter)
    outsider = factories.facilitator()
    factories.series(
        title="Other ECHO", slug="other-echo", sessions=1, facilitators=[outsider]
    )
    now = timezone.now()
    sessions = list(page.sessions.order_by("starts_at"))
    return {
        "series": page,
        "coordinator": coordinator,
        "expert": expert,
        "presenter": presenter,
        "outsider": outsider,
        "past": [s for s in sessions if s.ends_at <= now],
        "future": [s for s in sessions if s.starts_at > now],
    }


def submitted(world, **changes):
    return case_submit(world["series"], world["presenter"], data={**CASE, **changes})


# --- Services: the presenter ----------------------------------------------------------


def test_a_registered_participant_submits_and_the_hub_is_told(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted(world, session=world["future"][0])
    assert case.status == CaseStatus.SUBMITTED
    assert case.session == world["future"][0]
    assert [mail.to for mail in mailoutbox] == [[world["coordinator"].email]]
    assert "Case presentation to review" in mailoutbox[0].subject
    # The e-mail points at the case; it does not carry its text.
    assert CASE["presenting_concerns"] not in mailoutbox[0].body


@pytest.mark.parametrize(
    "status", [RegistrationStatus.WAITLISTED, RegistrationStatus.WITHDRAWN, None]
)
def test_only_registered_participants_submit(world, status):
    learner = UserFactory()
    if status:
        factories.register(world["series"], learner, status=status)
    with pytest.raises(ValidationError, match="Only registered participants"):
        case_submit(world["series"], learner, data=dict(CASE))
    assert not CasePresentation.objects.exists()


def test_identifiers_are_refused_naming_the_field_and_the_text(world):
    with pytest.raises(ValidationError) as refusal:
        submitted(
            world,
            caregiving_context="Lives with Maria Lopez, born 03/14/2024.",
            question="Call me at 405-555-0123?",
        )
    errors = refusal.value.message_dict
    assert set(errors) == {"caregiving_context", "question"}
    assert errors["caregiving_context"][0].startswith(
        "Caregiving context: “Maria Lopez” looks like a full name."
    )
    assert "“03/14/2024” looks like a full date" in errors["caregiving_context"][1]
    assert errors["question"] == [
        "Question for the hub: “405-555-0123” looks like a phone number. Leave "
        "contact details out of the case."
    ]
    assert not CasePresentation.objects.exists()


def test_missing_fields_and_a_foreign_session_are_refused(world):
    with pytest.raises(ValidationError) as refusal:
        submitted(world, question="  ")
    assert "question" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        submitted(world, session=world["past"][0])
    assert "session" in refusal.value.message_dict


def test_a_returned_case_is_updated_and_goes_back_to_the_hub(world):
    case = submitted(world)
    case_return(case, by=world["coordinator"], note="Please drop the town name.")
    case = case_update(
        case,
        world["presenter"],
        data={**CASE, "caregiving_context": "Lives with her mother."},
    )
    assert case.status == CaseStatus.SUBMITTED
    assert case.caregiving_context == "Lives with her mother."
    with pytest.raises(ValidationError, match="submitted"):
        case_update(case, world["presenter"], data=dict(CASE))
    with pytest.raises(PermissionDenied):
        case_update(case, world["expert"], data=dict(CASE))


def test_withdraw(world):
    case = submitted(world)
    with pytest.raises(PermissionDenied):
        case_withdraw(case, world["coordinator"])
    case = case_withdraw(case, world["presenter"])
    assert case.status == CaseStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        case_withdraw(case, world["presenter"])


# --- Services: the hub ----------------------------------------------------------------


def test_the_hub_accepts_schedules_and_sends_recommendations(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    case = submitted(world)
    coordinator = world["coordinator"]
    case = case_accept(case, by=coordinator)
    assert case.status == CaseStatus.ACCEPTED
    assert case.reviewed_by == coordinator
    with django_capture_on_commit_callbacks(execute=True):
        case = case_schedule(case, world["future"][0], by=coordinator)
    assert case.status == CaseStatus.SCHEDULED
    assert mailoutbox[-1].to == [world["presenter"].email]
    assert "scheduled" in mailoutbox[-1].subject
    # Recommendations only once the case has been presented.
    with pytest.raises(ValidationError, match="once the case has been presented"):
        case_recommendations_send(case, by=coordinator, recommendations="Try X.")
    CasePresentation.objects.filter(pk=case.pk).update(session=world["past"][-1])
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        case_recommendations_send(case, by=coordinator, recommendations="  ")
    with django_capture_on_commit_callbacks(execute=True):
        case = case_recommendations_send(
            case, by=coordinator, recommendations="Offer the grandmother words."
        )
    assert case.status == CaseStatus.COMPLETED
    assert case.recommendations_by == coordinator
    assert case.recommendations_sent_at is not None
    assert "Offer the grandmother words." in mailoutbox[-1].body
    # A correction replaces the text and is sent again.
    case = case_recommendations_send(
        case, by=coordinator, recommendations="Offer the grandmother words, gently."
    )
    assert case.recommendations.endswith("gently.")


def test_returning_needs_a_note_and_tells_the_presenter(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    case = submitted(world)
    with pytest.raises(ValidationError):
        case_return(case, by=world["coordinator"], note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        case = case_return(case, by=world["coordinator"], note="Remove the town.")
    assert case.status == CaseStatus.RETURNED
    assert mailoutbox[-1].to == [world["presenter"].email]
    assert "Remove the town." in mailoutbox[-1].body


def test_scheduling_refuses_past_cancelled_and_foreign_sessions(world):
    case = case_accept(submitted(world), by=world["coordinator"])
    with pytest.raises(ValidationError):
        case_schedule(case, world["past"][0], by=world["coordinator"])
    other = factories.series(title="Third ECHO", slug="third", sessions=0)
    foreign = factories.session(other)
    with pytest.raises(ValidationError):
        case_schedule(case, foreign, by=world["coordinator"])


@pytest.mark.parametrize("who", ["expert", "outsider", "presenter"])
def test_only_the_series_managers_decide(world, who):
    case = submitted(world)
    with pytest.raises(PermissionDenied):
        case_accept(case, by=world[who])
    with pytest.raises(PermissionDenied):
        case_return(case, by=world[who], note="No.")
    assert CasePresentation.objects.get().status == CaseStatus.SUBMITTED


# --- Pages ----------------------------------------------------------------------------


def new_case_url(world) -> str:
    return f"{world['series'].url}cases/new/"


def test_the_form_has_fieldsets_and_de_identification_help(client, world):
    client.force_login(world["presenter"])
    html = client.get(new_case_url(world)).content.decode()
    assert html.count("<fieldset") >= 3
    assert "Keep the case de-identified" in html
    assert "give ages, such as “14 months”" in html
    assert 'name="caregiving_context"' in html


def test_visitors_sign_in_and_non_participants_are_sent_to_register(client, world):
    response = client.get(new_case_url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(UserFactory())
    response = client.get(new_case_url(world), follow=True)
    assert "to bring a case to its sessions" in response.content.decode()


def test_a_refusal_points_at_the_field_and_marks_the_text(client, world):
    client.force_login(world["presenter"])
    response = client.post(
        new_case_url(world),
        form_data(presenting_concerns="Since 03/14/2024 Maria Lopez bites."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_presenting_concerns">Presenting concerns: “03/14/2024”' in html
    assert '<mark class="echo-finding">Maria Lopez</mark>' in html
    assert '<mark class="echo-finding">03/14/2024</mark>' in html
    assert not CasePresentation.objects.exists()


def test_a_missing_age_band_links_to_its_first_choice(client, world):
    client.force_login(world["presenter"])
    html = client.post(new_case_url(world), form_data(age_band="")).content.decode()
    assert 'href="#id_age_band_0"' in html


def test_submitting_then_reading_it_back(client, world):
    client.force_login(world["presenter"])
    session = world["future"][1]
    response = client.post(new_case_url(world), form_data(session=session.pk))
    case = CasePresentation.objects.get()
    assert response.url == reverse("echo:case_detail", args=[case.pk])
    assert case.session == session
    body = client.get(response.url).content.decode()
    assert "Submitted — waiting for the hub" in body
    assert CASE["question"] in body


def test_case_list_shows_own_cases_and_an_empty_state(client, world):
    client.force_login(world["presenter"])
    body = client.get(reverse("echo:case_list")).content.decode()
    assert "You have not submitted a case yet." in body
    submitted(world)
    other = UserFactory()
    factories.register(world["series"], other)
    case_submit(world["series"], other, data={**CASE, "question": "Someone else?"})
    body = client.get(reverse("echo:case_list")).content.decode()
    assert CASE["question"][:40] in body
    assert "Someone else?" not in body


def test_case_list_is_paginated(client, world):
    for number in range(21):
        submitted(world, question=f"Question number {number:02d}?")
    client.force_login(world["presenter"])
    body = client.get(reverse("echo:case_list")).content.decode()
    assert body.count("<tr>") == 21  # the header row and twenty cases
    assert "Page 1 of 2" in body


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("presenter", 200),
        ("expert", 200),
        ("coordinator", 200),
        ("outsider", 404),
        ("stranger", 404),
    ],
)
def test_a_case_is_visible_only_to_its_presenter_and_hub(client, world, who, status):
    case = submitted(world)
    user = UserFactory() if who == "stranger" else world[who]
    client.force_login(user)
    url = reverse("echo:case_detail", args=[case.pk])
    assert client.get(url).status_code == status
    if who != "presenter":
        assert client.get(reverse("echo:case_edit", args=[case.pk])).status_code == 404
        withdraw = reverse("echo:case_withdraw", args=[case.pk])
        assert client.post(withdraw).status_code == 404


def test_visitors_are_sent_to_sign_in_for_a_case(client, world):
    case = submitted(world)
    response = client.get(reverse("echo:case_detail", args=[case.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_returned_case_shows_the_note_and_is_edited(client, world):
    case = submitted(world)
    case_return(case, by=world["coordinator"], note="Please remove the town.")
    client.force_login(world["presenter"])
    detail = client.get(reverse("echo:case_detail", args=[case.pk])).content.decode()
    assert "Please remove the town." in detail
    assert "Edit and resubmit" in detail
    edit = reverse("echo:case_edit", args=[case.pk])
    form = client.get(edit).content.decode()
    assert "The hub team asked you to change" in form
    assert CASE["question"] in form
    response = client.post(edit, form_data(caregiving_context="Lives with mother."))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.caregiving_context == "Lives with mother."


def test_a_submitted_case_cannot_be_edited(client, world):
    case = submitted(world)
    client.force_login(world["presenter"])
    response = client.get(reverse("echo:case_edit", args=[case.pk]), follow=True)
    assert "it can be changed only when the hub team returns it" in (
        response.content.decode()
    )


def test_recommendations_show_on_the_case(client, world):
    case = case_accept(submitted(world), by=world["coordinator"])
    case = case_schedule(case, world["future"][0], by=world["coordinator"])
    CasePresentation.objects.filter(pk=case.pk).update(session=world["past"][-1])
    case.refresh_from_db()
    case_recommendations_send(
        case, by=world["coordinator"], recommendations="Offer the grandmother words."
    )
    client.force_login(world["presenter"])
    body = client.get(reverse("echo:case_detail", args=[case.pk])).content.decode()
    assert "Recommendations from the hub" in body
    assert "Offer the grandmother words." in body
    assert "Presented — recommendations sent" in body


def test_withdrawing_asks_first(client, world):
    case = submitted(world)
    client.force_login(world["presenter"])
    url = reverse("echo:case_withdraw", args=[case.pk])
    assert "Withdraw this case presentation?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("echo:case_list")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN


def test_session_page_mentions_the_presenters_scheduled_case(client, world):
    case = case_accept(submitted(world), by=world["coordinator"])
    session = world["future"][0]
    case_schedule(case, session, by=world["coordinator"])
    client.force_login(world["presenter"])
    html = client.get(f"{world['series'].url}sessions/{session.uid}/").content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "Your case presentation is scheduled for this session" in text
    assert reverse("echo:case_detail", args=[case.pk]) in html


def test_the_case_form_offers_only_future_sessions(client, world):
    client.force_login(world["presenter"])
    html = client.get(new_case_url(world)).content.decode()
    assert f'value="{world["future"][0].pk}"' in html
    assert f'value="{world["past"][0].pk}"' not in html


def test_e_mails_link_to_the_case_and_give_the_time_in_the_presenters_zone(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    LearnerProfile.objects.update_or_create(
        user=world["presenter"], defaults={"time_zone": "America/New_York"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted(world)
    assert f"/admin/echo/cases/{case.pk}/" in mailoutbox[-1].body
    case = case_accept(case, by=world["coordinator"])
    session = world["future"][0]
    with django_capture_on_commit_callbacks(execute=True):
        case_schedule(case, session, by=world["coordinator"])
    body = mailoutbox[-1].body
    assert reverse("echo:case_detail", args=[case.pk]) in body
    local = session.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert local.strftime("%B %-d, %Y") in body
    assert "America/Chicago" in body or "CST" in body or "CDT" in body
