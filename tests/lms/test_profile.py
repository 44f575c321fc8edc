import pytest

from django.urls import reverse
from django.utils import timezone

from lms.models import LearnerProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Ana María",
    "last_name": "López",
    "certificate_name": "Dr. Ana María López, LCSW",
    "discipline": "social_work",
    "organization": "Tulsa Health Department",
    "county": "Tulsa",
    "state": "OK",
    "time_zone": "America/New_York",
    "email_consent": "on",
}


@pytest.mark.parametrize(
    "url_name", ["dashboard", "profile", "account_deletion_request"]
)
def test_learner_pages_need_a_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_shows_clear_empty_states(client):
    client.force_login(UserFactory(first_name="Lena", last_name="Lark"))
    body = client.get(reverse("dashboard")).content.decode()
    assert "Welcome, Lena Lark" in body
    assert "You have not started a course yet" in body
    assert "You are not registered for an ECHO session" in body
    assert "No hours recorded yet" in body
    assert "No certificates yet" in body
    assert "Finish your profile" in body


def test_learner_updates_their_profile(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), VALID)
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user=user)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Ana María", "López")
    assert profile.certificate_name == "Dr. Ana María López, LCSW"
    assert profile.discipline == "social_work"
    assert profile.time_zone == "America/New_York"
    assert profile.email_consent is True
    assert profile.email_consent_changed_at is not None
    changed_at = profile.email_consent_changed_at
    assert client.session["learner_time_zone"] == "America/New_York"
    body = client.get(reverse("dashboard")).content.decode()
    assert "Finish your profile" not in body

    # Saving again without touching the consent keeps the time it was given.
    client.post(reverse("profile"), {**VALID, "county": "Creek"})
    profile.refresh_from_db()
    assert profile.county == "Creek"
    assert profile.email_consent_changed_at == changed_at


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
        ({"certificate_name": ""}, "certificate_name", "This field is required."),
        ({"discipline": "astrology"}, "discipline", "Select a valid choice"),
        ({"state": "XX"}, "state", "Select a valid choice"),
    ],
)
def test_bad_profile_input_changes_nothing(client, changes, field, message):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("profile"))
    before = LearnerProfile.objects.filter(user=user).values().get()
    response = client.post(reverse("profile"), {**VALID, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Please correct the following" in response.content.decode()
    assert LearnerProfile.objects.filter(user=user).values().get() == before


def test_times_are_shown_in_the_learner_time_zone(client):
    user = UserFactory()
    LearnerProfile.objects.create(user=user, time_zone="America/Denver")
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert timezone.get_current_timezone_name() == "America/Denver"


@pytest.mark.parametrize("url_name", ["dashboard", "profile"])
@pytest.mark.parametrize("other_learners", [1, 30])
def test_learner_page_query_budget(
    client, url_name, other_learners, django_assert_max_num_queries
):
    UserFactory.create_batch(other_learners)
    user = UserFactory()
    client.force_login(user)
    client.get(reverse(url_name))
    # The dashboard sums the ledger for its hours panel, lists the learner's courses
    # (their enrolments and the catalogue), the newest certificates and their ECHO
    # sessions, waitlist places and case presentations (with the list of series);
    # the profile lists the endorsement categories a learner can choose as a goal.
    budget = {"dashboard": 15, "profile": 9}[url_name]
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(url_name)).status_code == 200
