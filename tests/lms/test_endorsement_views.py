"""The endorsements a learner holds: recording one, the registry opt-in, and
removing one recorded by mistake."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from lms.models import Endorsement, LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import EndorsementFactory, category

pytestmark = pytest.mark.django_db


def endorsement_data(**changes):
    data = {
        "category": category("IFS").pk,
        "endorsed_on": "2024-05-01",
        "endorsement_number": "OK-IFS-0042",
        "registry_consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("url_name", ["endorsements", "endorsement_create"])
def test_pages_need_a_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("endorsement_consent", "post"),
        ("endorsement_withdraw", "get"),
        ("endorsement_withdraw", "post"),
    ],
)
def test_another_learners_endorsement_is_not_found(client, learner, url_name, method):
    endorsement = EndorsementFactory(status="recorded", registry_consent=True)
    url = reverse(url_name, args=[endorsement.pk])
    data = {"consent": "false"} if method == "post" else None
    assert getattr(client, method)(url, data).status_code == 404
    endorsement.refresh_from_db()
    assert endorsement.registry_consent is True

    client.logout()
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Endorsement.objects.filter(pk=endorsement.pk).exists()


def test_the_list_says_what_the_registry_shows(client, learner):
    body = client.get(reverse("endorsements")).content.decode()
    assert "You have not recorded an endorsement" in body
    assert "only endorsements an administrator has confirmed" in body
    assert (
        "your name, the category, your discipline, your county and the date you "
        "were endorsed" in body
    )


def test_recording_an_endorsement(client, learner):
    response = client.post(reverse("endorsement_create"), endorsement_data())
    assert response.status_code == 302
    assert response.url == reverse("endorsements")
    endorsement = Endorsement.objects.get(learner=learner)
    assert endorsement.category == category("IFS")
    assert endorsement.endorsed_on == datetime.date(2024, 5, 1)
    assert endorsement.endorsement_number == "OK-IFS-0042"
    assert endorsement.status == "recorded"
    assert endorsement.registry_consent is True
    body = client.get(reverse("endorsements")).content.decode()
    assert "IFS — Infant Family Specialist" in body
    assert "Waiting for an administrator to confirm" in body
    assert "You said yes; it will be listed once it is confirmed" in body
    assert reverse("endorsement_withdraw", args=[endorsement.pk]) in body


def test_recording_the_goal_clears_it(client, learner):
    LearnerProfileFactory(user=learner, goal_category=category("IFS"))
    client.post(reverse("endorsement_create"), endorsement_data())
    assert LearnerProfile.objects.get(user=learner).goal_category is None


def test_the_form_offers_only_offered_categories(client, learner):
    body = client.get(reverse("endorsement_create")).content.decode()
    assert "IFRS — Infant Family Reflective Supervisor" in body
    assert "ECFA" not in body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"category": "ECFA"},
            "category",
            "ECFA is not offered by the association, so it cannot be held or "
            "chosen here.",
        ),
        (
            {"category": "IFA"},
            "category",
            "You have already recorded a IFA endorsement.",
        ),
        (
            {
                "endorsed_on": (
                    timezone.localdate() + datetime.timedelta(days=2)
                ).isoformat()
            },
            "endorsed_on",
            "The endorsement date cannot be in the future.",
        ),
        ({"endorsed_on": "May 2024"}, "endorsed_on", "Enter the date as a date"),
        ({"category": None}, "category", "Choose the category you hold."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    client, learner, changes, field, message
):
    EndorsementFactory(learner=learner, category=category("IFA"), status="confirmed")
    changes = dict(changes)
    if changes.get("category") in {"ECFA", "IFA"}:
        changes["category"] = category(changes["category"]).pk
    response = client.post(reverse("endorsement_create"), endorsement_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Please correct the following" in response.content.decode()
    assert Endorsement.objects.filter(learner=learner).count() == 1


def test_opting_in_and_out_of_the_registry(client, learner):
    endorsement = EndorsementFactory(
        learner=learner, status="confirmed", registry_consent=False
    )
    url = reverse("endorsement_consent", args=[endorsement.pk])
    body = client.get(reverse("endorsements")).content.decode()
    assert "Not listed" in body
    assert "List me in the registry" in body

    response = client.post(url, {"consent": "true"}, follow=True)
    endorsement.refresh_from_db()
    assert endorsement.registry_consent is True
    assert endorsement.is_listed
    body = response.content.decode()
    assert "Your IFS endorsement is now listed in the registry." in body
    assert "Listed in the public registry" in body
    assert "Remove me from the registry" in body

    response = client.post(url, {"consent": "false"}, follow=True)
    endorsement.refresh_from_db()
    assert endorsement.registry_consent is False
    assert "is no longer listed in the registry" in response.content.decode()


def test_consent_needs_a_post(client, learner):
    endorsement = EndorsementFactory(learner=learner, registry_consent=False)
    url = reverse("endorsement_consent", args=[endorsement.pk])
    assert client.get(url, {"consent": "true"}).status_code == 405
    endorsement.refresh_from_db()
    assert endorsement.registry_consent is False


def test_a_recorded_endorsement_can_be_removed(client, learner):
    endorsement = EndorsementFactory(learner=learner, status="recorded")
    url = reverse("endorsement_withdraw", args=[endorsement.pk])
    assert "Remove your IFS endorsement?" in client.get(url).content.decode()
    assert Endorsement.objects.filter(pk=endorsement.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Endorsement.objects.filter(pk=endorsement.pk).exists()


def test_a_confirmed_endorsement_stays(client, learner):
    endorsement = EndorsementFactory(learner=learner, status="confirmed")
    url = reverse("endorsement_withdraw", args=[endorsement.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, follow=True)
    assert "A confirmed endorsement can be changed only by an administrator." in (
        response.content.decode()
    )
    assert Endorsement.objects.filter(pk=endorsement.pk).exists()
    body = client.get(reverse("endorsements")).content.decode()
    assert reverse("endorsement_withdraw", args=[endorsement.pk]) not in body
