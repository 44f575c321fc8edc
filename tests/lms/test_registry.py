"""The public registry: only confirmed, current endorsements of active people who
said yes, never an e-mail address, with search, filters and pagination."""

import datetime

import pytest

from django.urls import reverse

from lms.models import Endorsement, LearnerProfile, User
from lms.services import endorsement_consent_set, endorsement_lapse
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories.hours import EndorsementFactory, category

pytestmark = pytest.mark.django_db

URL = reverse("registry")

# The chosen category, the listings' count and page, the category choices, and the
# site chrome (menu pages).
# The same for 10 listings as for 500.
QUERY_BUDGET = 6


def listed(
    first,
    last,
    *,
    code="IFS",
    county="Tulsa",
    discipline="social_work",
    certificate_name=None,
    email=None,
    **endorsement,
):
    """Someone with a confirmed endorsement who agreed to be listed (unless told
    otherwise through ``endorsement`` fields)."""
    user_fields = {"first_name": first, "last_name": last}
    if email:
        user_fields["email"] = email
    profile = LearnerProfileFactory(
        user=UserFactory(**user_fields),
        certificate_name=f"{first} {last}" if certificate_name is None else "",
        county=county,
        discipline=discipline,
    )
    if certificate_name:
        profile.certificate_name = certificate_name
        profile.save()
    return EndorsementFactory(
        learner=profile.user, category=category(code), **endorsement
    )


def names(response) -> list[str]:
    return [listing.name for listing in response.context["listings"]]


class TestWhoIsListed:
    def test_public_and_shows_the_listing_details(self, client):
        listed(
            "Ana",
            "López",
            code="IMHS",
            county="Creek",
            discipline="psychology",
            certificate_name="Dr. Ana López, PhD",
            endorsed_on=datetime.date(2023, 9, 14),
        )
        response = client.get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "<h1>Registry of endorsed professionals</h1>" in body
        assert "Dr. Ana López, PhD" in body
        assert "IMHS</span> Infant Mental Health Specialist" in body
        assert "Psychology" in body
        assert "Creek" in body
        assert "Sep 14, 2023" in body
        assert "1 listing." in body
        assert "only with their consent" in body
        assert "after an administrator has confirmed" in body

    def test_never_shows_an_e_mail_address(self, client):
        listed("Bea", "Bright", email="bea.bright@example.org")
        # No name at all: the certificate name would fall back to the address.
        nameless = UserFactory(
            first_name="", last_name="", email="nameless.person@example.org"
        )
        LearnerProfileFactory(user=nameless, certificate_name="")
        EndorsementFactory(learner=nameless)
        body = client.get(URL).content.decode()
        assert "Bea Bright" in body
        assert "Name not given" in body
        assert "@example.org" not in body
        assert "bea.bright" not in body
        assert "nameless.person" not in body

    def test_nobody_is_listed_without_consent(self, client):
        listed("Carl", "Consent", registry_consent=False)
        body = client.get(URL).content.decode()
        assert "Carl Consent" not in body
        assert "No one is listed yet." in body

    def test_a_recorded_but_unconfirmed_endorsement_is_not_listed(self, client):
        listed("Una", "Unconfirmed", status="recorded")
        assert "Una Unconfirmed" not in client.get(URL).content.decode()

    def test_an_inactive_account_is_not_listed(self, client):
        endorsement = listed("Ina", "Inactive")
        User.objects.filter(pk=endorsement.learner_id).update(is_active=False)
        assert "Ina Inactive" not in client.get(URL).content.decode()

    def test_withdrawing_consent_removes_the_listing_at_once(self, client):
        endorsement = listed("Wanda", "Withdrawn")
        assert "Wanda Withdrawn" in client.get(URL).content.decode()
        endorsement_consent_set(
            endorsement=endorsement, learner=endorsement.learner, consent=False
        )
        assert "Wanda Withdrawn" not in client.get(URL).content.decode()

    def test_a_lapsed_endorsement_disappears_at_once(self, client):
        endorsement = listed("Larry", "Lapsed")
        assert "Larry Lapsed" in client.get(URL).content.decode()
        endorsement_lapse(endorsement=endorsement, by=staff_user("Administrator"))
        body = client.get(URL).content.decode()
        assert "Larry Lapsed" not in body
        assert Endorsement.objects.get(pk=endorsement.pk).registry_consent is True

    def test_the_page_invites_endorsed_people_to_be_listed(self, client):
        body = client.get(URL).content.decode()
        assert f'href="{reverse("endorsements")}"' in body


class TestSearchAndFilters:
    @pytest.fixture
    def people(self):
        listed("Maya", "Okafor", code="IFS", county="Tulsa", discipline="nursing")
        listed("Noah", "Okafor", code="IMHS", county="Creek", discipline="psychology")
        listed("Ruth", "Tran", code="IFS", county="Creek", discipline="social_work")

    def test_search_by_name(self, client, people):
        response = client.get(URL, {"search": "okafor"})
        assert names(response) == ["Maya Okafor", "Noah Okafor"]
        assert "2 listings match your search." in response.content.decode()
        assert names(client.get(URL, {"search": "maya okafor"})) == ["Maya Okafor"]

    def test_filter_by_category(self, client, people):
        ifs = category("IFS").pk
        assert names(client.get(URL, {"category": ifs})) == ["Maya Okafor", "Ruth Tran"]

    def test_filter_by_county_whatever_its_case(self, client, people):
        assert names(client.get(URL, {"county": " creek "})) == [
            "Noah Okafor",
            "Ruth Tran",
        ]

    def test_filter_by_discipline(self, client, people):
        assert names(client.get(URL, {"discipline": "nursing"})) == ["Maya Okafor"]

    def test_filters_combine(self, client, people):
        response = client.get(
            URL, {"category": category("IFS").pk, "county": "Creek", "search": "tran"}
        )
        assert names(response) == ["Ruth Tran"]

    def test_no_one_matches(self, client, people):
        response = client.get(URL, {"search": "zzyzx"})
        body = response.content.decode()
        assert names(response) == []
        assert "0 listings match your search." in body
        assert "No one matches your search." in body
        assert "<table" not in body

    def test_the_form_has_labels_and_offers_only_offered_categories(
        self, client, people
    ):
        body = client.get(URL).content.decode()
        for field in ("search", "category", "county", "discipline"):
            assert f'<label for="id_{field}">' in body
        assert "IFS — Infant Family Specialist" in body
        assert "ECFS" not in body  # not offered by the association

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            (lambda: {"category": "999999"}, "Choose a category from the list."),
            # A real category, but not one the association offers.
            (
                lambda: {"category": category("ECFS").pk},
                "Choose a category from the list.",
            ),
            (lambda: {"discipline": "astrology"}, "Choose a discipline from the list."),
        ],
    )
    def test_a_bad_filter_is_explained_and_everyone_shown(
        self, client, people, params, message
    ):
        response = client.get(URL, params())
        body = response.content.decode()
        assert message in body
        assert "The search could not be used, so everyone listed is shown below." in (
            body
        )
        assert len(names(response)) == 3


class TestPagination:
    def test_25_per_page_and_links_keep_the_filters(self, client):
        for index in range(30):
            listed(f"Person{index:02d}", "Creekside", county="Creek")
        listed("Tulsa", "Person", county="Tulsa")
        response = client.get(URL, {"county": "Creek"})
        body = response.content.decode()
        assert len(names(response)) == 25
        assert "30 listings match your search." in body
        assert "Showing 1 to 25." in body
        assert 'href="?county=Creek&amp;page=2"' in body
        second = client.get(URL, {"county": "Creek", "page": 2})
        assert len(names(second)) == 5
        assert "Tulsa Person" not in second.content.decode()
        assert 'href="?county=Creek&amp;page=1"' in second.content.decode()

    def test_a_page_out_of_range_shows_the_last(self, client):
        listed("Only", "One")
        response = client.get(URL, {"page": 99})
        assert names(response) == ["Only One"]


class TestQueryBudget:
    @pytest.mark.parametrize("size", [10, 500])
    def test_the_same_queries_for_10_and_500_listings(
        self, client, django_assert_max_num_queries, size
    ):
        users = User.objects.bulk_create(
            User(
                email=f"bulk{index}@example.org",
                first_name="Bulk",
                last_name=f"{index}",
            )
            for index in range(size)
        )
        LearnerProfile.objects.bulk_create(
            LearnerProfile(user=user, certificate_name=f"Bulk {user.last_name}")
            for user in users
        )
        Endorsement.objects.bulk_create(
            Endorsement(
                learner=user,
                category=category("IFS"),
                endorsed_on=datetime.date(2024, 1, 1),
                status="confirmed",
                registry_consent=True,
            )
            for user in users
        )
        ifs = category("IFS").pk
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get(URL, {"category": ifs})
        assert response.status_code == 200
        assert len(names(response)) == min(size, 25)
        assert response.context["page"].paginator.count == size
