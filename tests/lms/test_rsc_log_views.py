"""The reflective supervision/consultation log as the learner sees it."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from lms.models import RscLogEntry
from tests.factories import UserFactory
from tests.factories.hours import RscLogEntryFactory, category, days_ago, rsc_entry

pytestmark = pytest.mark.django_db


def rsc_data(**changes):
    data = {
        "date": days_ago(3).isoformat(),
        "hours": "1.5",
        "format": "individual",
        "provider_name": "Jordan Rivers",
        "provider_category": category("IMHS").pk,
        "about_providing": "on",
        "note": "Talked about a family's move.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("url_name", ["rsc_log", "rsc_log_create"])
def test_pages_need_a_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("rsc_log_update", "get"),
        ("rsc_log_update", "post"),
        ("rsc_log_withdraw", "get"),
        ("rsc_log_withdraw", "post"),
    ],
)
def test_another_learners_entry_is_not_found(client, learner, url_name, method):
    entry = RscLogEntryFactory(status="changes_requested")
    url = reverse(url_name, args=[entry.pk])
    data = rsc_data(provider_name="Taken over") if method == "post" else None
    assert getattr(client, method)(url, data).status_code == 404
    entry.refresh_from_db()
    assert entry.provider_name == "Jordan Rivers"
    assert entry.status == "changes_requested"

    client.logout()
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_form_explains_that_peer_consultation_never_counts(client, learner):
    body = client.get(reverse("rsc_log_create")).content.decode()
    assert "This was peer consultation" in body
    assert "Peer consultation is recorded but never counts" in body
    assert "It concerned the RSC I provide to others" in body
    assert "None — the provider holds no endorsement" in body
    # Any category may be named as the provider's, offered here or not.
    assert "ECMHS — Early Childhood Mental Health Specialist" in body


def test_logging_sends_the_entry_for_review(client, learner):
    response = client.post(reverse("rsc_log_create"), rsc_data())
    assert response.status_code == 302
    assert response.url == reverse("rsc_log")
    entry = RscLogEntry.objects.get(learner=learner)
    assert entry.status == "pending"
    assert entry.hours == Decimal("1.50")
    assert entry.provider_category == category("IMHS")
    assert entry.about_providing is True
    assert entry.is_peer is False
    body = client.get(reverse("rsc_log")).content.decode()
    assert "Waiting for review" in body
    assert "Jordan Rivers" in body
    assert "About the RSC I provide" in body


def test_a_provider_without_an_endorsement_and_peer_consultation(client, learner):
    client.post(
        reverse("rsc_log_create"),
        rsc_data(provider_category="", is_peer="on", about_providing=None),
    )
    entry = RscLogEntry.objects.get(learner=learner)
    assert entry.provider_category is None
    assert entry.is_peer is True
    body = client.get(reverse("rsc_log")).content.decode()
    assert "No endorsement" in body
    assert "Peer consultation — does not count" in body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "0"}, "hours", "Hours must be more than zero."),
        ({"hours": "-1"}, "hours", "Hours must be more than zero."),
        ({"hours": "24.25"}, "hours", "is more than a day holds"),
        ({"hours": "1.3"}, "hours", "Enter hours in quarter-hour steps"),
        ({"hours": "an hour"}, "hours", "Enter the hours as a number"),
        (
            {
                "date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            },
            "date",
            "This date is in the future",
        ),
        ({"date": "1900-01-01"}, "date", "Check the year: 1900-01-01 is too long ago."),
        (
            {"provider_name": " "},
            "provider_name",
            "Enter the name of the person who provided it.",
        ),
        ({"format": "triad"}, "format", "Select a valid choice"),
        ({"format": None}, "format", "Say whether the supervision/consultation"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    client, learner, changes, field, message
):
    response = client.post(reverse("rsc_log_create"), rsc_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Please correct the following" in response.content.decode()
    assert RscLogEntry.objects.count() == 0


def test_the_list_shows_totals_that_count_and_peer_hours_apart(client, learner):
    rsc_entry(learner, date=days_ago(20), hours="2.5")
    rsc_entry(learner, date=days_ago(10), hours="1.25")
    rsc_entry(learner, date=days_ago(5), hours="4", peer=True)
    rsc_entry(UserFactory(), date=days_ago(5), hours="9")
    body = client.get(reverse("rsc_log")).content.decode()
    assert "<dt>Approved RSC that counts</dt><dd>3.75 h</dd>" in body
    assert "<dt>Peer consultation (does not count)</dt><dd>4 h</dd>" in body
    assert "Nothing logged yet" in body


def test_the_list_shows_reasons_and_is_paginated(client, learner):
    RscLogEntryFactory(
        learner=learner,
        status="changes_requested",
        review_reason="The category of the provider is missing.",
        date=days_ago(1),
    )
    for index in range(25):
        RscLogEntryFactory(learner=learner, date=days_ago(10 + index))
    RscLogEntryFactory(provider_name="Someone else")
    first = client.get(reverse("rsc_log"))
    body = first.content.decode()
    assert "Returned for changes" in body
    assert "The category of the provider is missing." in body
    assert "Someone else" not in body
    assert len(first.context["page_obj"].object_list) == 25
    second = client.get(reverse("rsc_log"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 1


def test_a_returned_entry_can_be_corrected(client, learner):
    entry = RscLogEntryFactory(
        learner=learner, status="changes_requested", review_reason="Wrong date."
    )
    url = reverse("rsc_log_update", args=[entry.pk])
    body = client.get(url).content.decode()
    assert "Wrong date." in body
    assert 'value="Jordan Rivers"' in body
    response = client.post(url, rsc_data(hours="2", date=days_ago(8).isoformat()))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.00")
    assert entry.date == days_ago(8)
    assert entry.status == "pending"
    assert entry.review_reason == ""


def test_bad_input_on_correction_changes_nothing(client, learner):
    entry = RscLogEntryFactory(learner=learner, status="changes_requested")
    before = RscLogEntry.objects.filter(pk=entry.pk).values().get()
    response = client.post(
        reverse("rsc_log_update", args=[entry.pk]), rsc_data(hours="0")
    )
    assert response.status_code == 200
    assert "Hours must be more than zero." in " ".join(
        response.context["form"].errors["hours"]
    )
    assert RscLogEntry.objects.filter(pk=entry.pk).values().get() == before


@pytest.mark.parametrize("status", ["pending", "approved", "rejected"])
def test_only_a_returned_entry_can_be_edited(client, learner, status):
    entry = RscLogEntryFactory(learner=learner, status=status)
    url = reverse("rsc_log_update", args=[entry.pk])
    response = client.get(url, follow=True)
    assert "Only an entry returned for changes can be edited" in (
        response.content.decode()
    )
    client.post(url, rsc_data(provider_name="Changed"))
    entry.refresh_from_db()
    assert entry.provider_name == "Jordan Rivers"
    assert entry.status == status


@pytest.mark.parametrize("status", ["pending", "changes_requested"])
def test_an_entry_not_yet_reviewed_can_be_withdrawn(client, learner, status):
    entry = RscLogEntryFactory(learner=learner, status=status)
    url = reverse("rsc_log_withdraw", args=[entry.pk])
    assert "Withdraw this entry?" in client.get(url).content.decode()
    assert RscLogEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not RscLogEntry.objects.filter(pk=entry.pk).exists()


def test_an_approved_entry_stays(client, learner):
    entry = RscLogEntryFactory(learner=learner, status="approved")
    url = reverse("rsc_log_withdraw", args=[entry.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, follow=True)
    assert "A submission that has been reviewed stays on your record." in (
        response.content.decode()
    )
    assert RscLogEntry.objects.filter(pk=entry.pk).exists()
