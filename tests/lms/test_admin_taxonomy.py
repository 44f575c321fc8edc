"""The competency taxonomy and the endorsement rules in the admin: listing,
retiring areas, refusing to delete what is in use, and changing requirements by
adding a dated row."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.utils import timezone

from lms.models import CategoryRequirement, CompetencyArea, CompetencyDomain, User
from lms.selectors import competency_areas_for_choice, requirement_in_force
from tests.factories import PASSWORD, UserFactory, staff_user
from tests.factories.hours import (
    CreditEntryFactory,
    OutsideTrainingFactory,
    area,
    category,
)

pytestmark = pytest.mark.django_db

AREAS = "/admin/hours/areas/"
DOMAINS = "/admin/hours/domains/"
REQUIREMENTS = "/admin/hours/requirements/"


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


def area_form(instance: CompetencyArea, **changes) -> dict:
    data = {
        "domain": instance.domain_id,
        "code": instance.code,
        "name": instance.name,
        "sort_order": instance.sort_order,
    }
    if instance.retired:
        data["retired"] = "on"
    data.update(changes)
    return data


class TestAreaListing:
    def test_filters_by_domain_and_retired(self, client, administrator):
        attachment = area("TF-AST")
        observation = area("DS-OBS")
        CompetencyArea.objects.filter(pk=observation.pk).update(retired=True)

        by_domain = client.get(AREAS, {"domain": attachment.domain_id}).content
        assert attachment.name.encode() in by_domain
        assert observation.name.encode() not in by_domain

        retired = client.get(AREAS, {"retired": "true"}).content.decode()
        assert observation.name in retired
        assert attachment.name not in retired

    def test_search_by_name_or_code(self, client, administrator):
        attachment = area("TF-AST")
        by_code = client.get(AREAS, {"q": "TF-AST"}).content.decode()
        assert attachment.name in by_code
        assert area("DS-OBS").name not in by_code
        by_name = client.get(AREAS, {"q": attachment.name.split()[0]}).content
        assert attachment.name.encode() in by_name

    def test_domains_list_and_search(self, client, administrator):
        page = client.get(DOMAINS).content.decode()
        for domain in CompetencyDomain.objects.all():
            assert domain.name in page
        first = CompetencyDomain.objects.first()
        found = client.get(DOMAINS, {"q": first.code}).content.decode()
        assert first.name in found


class TestRetiringAndDeleting:
    def test_retiring_an_area_keeps_it_on_entries(self, client, administrator):
        attachment = area("TF-AST")
        entry = CreditEntryFactory(areas=[attachment])
        training = OutsideTrainingFactory(areas=[attachment])

        response = client.post(
            f"{AREAS}edit/{attachment.pk}/", area_form(attachment, retired="on")
        )
        assert response.status_code == 302, response.content.decode()[:2000]

        attachment.refresh_from_db()
        assert attachment.retired is True
        assert list(entry.competency_areas.all()) == [attachment]
        assert list(training.competency_areas.all()) == [attachment]
        assert attachment not in competency_areas_for_choice()

    def test_an_unused_area_can_be_deleted(self, client, administrator):
        unused = area("DS-OBS")
        confirm = client.get(f"{AREAS}delete/{unused.pk}/").content.decode()
        assert "Yes, delete" in confirm
        response = client.post(f"{AREAS}delete/{unused.pk}/")
        assert (response.status_code, response.url) == (302, AREAS)
        assert not CompetencyArea.objects.filter(pk=unused.pk).exists()

    @pytest.mark.parametrize("used_by", ["ledger", "submission"])
    def test_an_area_in_use_cannot_be_deleted(self, client, administrator, used_by):
        attachment = area("TF-AST")
        if used_by == "ledger":
            CreditEntryFactory(areas=[attachment])
        else:
            OutsideTrainingFactory(areas=[attachment])

        confirm = client.get(f"{AREAS}delete/{attachment.pk}/").content.decode()
        assert "cannot be deleted" in confirm
        assert "Retire it instead" in confirm
        assert "Yes, delete" not in confirm

        response = client.post(f"{AREAS}delete/{attachment.pk}/", follow=True)
        assert response.status_code == 200
        assert "was not deleted" in response.content.decode()
        assert CompetencyArea.objects.filter(pk=attachment.pk).exists()

    def test_a_domain_with_areas_cannot_be_deleted(self, client, administrator):
        domain = area("TF-AST").domain
        confirm = client.get(f"{DOMAINS}delete/{domain.pk}/").content.decode()
        assert "cannot be deleted" in confirm
        client.post(f"{DOMAINS}delete/{domain.pk}/")
        assert CompetencyDomain.objects.filter(pk=domain.pk).exists()

    def test_adding_an_area(self, client, administrator):
        domain = area("TF-AST").domain
        response = client.post(
            f"{AREAS}new/",
            {
                "domain": domain.pk,
                "code": "TF-NEW",
                "name": "New area",
                "sort_order": 99,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        created = CompetencyArea.objects.get(code="TF-NEW")
        assert created in competency_areas_for_choice()


class TestRequirements:
    def test_listing_shows_the_numbers_and_filters_by_category(
        self, client, administrator
    ):
        ifs = category("IFS")
        response = client.get(REQUIREMENTS, {"category": ifs.pk})
        page = response.content.decode()
        rows = list(response.context["object_list"])
        assert rows and {row.category for row in rows} == {ifs}
        requirement = CategoryRequirement.objects.filter(category=ifs).first()
        assert str(ifs) in page
        for column in ("In force from", "Training hours", "RSC hours", "Exam"):
            assert column in page
        assert f"{requirement.min_training_hours.normalize():f}" in page

    def test_a_rule_changes_by_a_new_dated_row(self, client, administrator):
        ifa = category("IFA")
        old = requirement_in_force(category=ifa, on=timezone.localdate())
        start = timezone.localdate() - datetime.timedelta(days=1)

        listing = client.get(REQUIREMENTS).content.decode()
        assert f"{REQUIREMENTS}copy/{old.pk}/" in listing
        copy_page = client.get(f"{REQUIREMENTS}copy/{old.pk}/")
        assert copy_page.status_code == 200
        assert f'action="{REQUIREMENTS}new/"' in copy_page.content.decode()
        response = client.post(
            f"{REQUIREMENTS}new/",
            {
                "category": ifa.pk,
                "effective_from": start.isoformat(),
                "min_training_hours": "35",
                "min_dei_hours": "3",
                "min_rsc_topic_hours": "0",
                "rsc_hours_required": "0",
                "rsc_about_providing_hours": "0",
                "rsc_window_min_months": "12",
                "rsc_window_max_months": "24",
                "source": "okaimh.org",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]

        new = requirement_in_force(category=ifa, on=timezone.localdate())
        assert new.pk != old.pk
        assert new.min_training_hours == 35
        assert requirement_in_force(category=ifa, on=old.effective_from) == old
        old_values = CategoryRequirement.objects.get(pk=old.pk)
        assert old_values.min_training_hours == old.min_training_hours

    def test_copying_never_saves_over_the_original(self, client, administrator):
        old = CategoryRequirement.objects.first()
        response = client.post(
            f"{REQUIREMENTS}copy/{old.pk}/", {"effective_from": "2030-01-01"}
        )
        assert response.status_code == 405
        assert CategoryRequirement.objects.get(pk=old.pk).effective_from == (
            old.effective_from
        )

    def test_two_rows_for_the_same_date_are_refused(self, client, administrator):
        old = CategoryRequirement.objects.first()
        count = CategoryRequirement.objects.count()
        response = client.post(
            f"{REQUIREMENTS}new/",
            {
                "category": old.category_id,
                "effective_from": old.effective_from.isoformat(),
                "min_training_hours": "30",
                "min_dei_hours": "0",
                "min_rsc_topic_hours": "0",
                "rsc_hours_required": "0",
                "rsc_about_providing_hours": "0",
                "rsc_window_min_months": "12",
                "rsc_window_max_months": "24",
            },
        )
        assert response.status_code == 200
        assert CategoryRequirement.objects.count() == count

    @pytest.mark.parametrize(
        "prefix",
        ["/admin/hours/categories/", REQUIREMENTS, "/admin/hours/renewal-rules/"],
    )
    def test_rules_and_categories_are_never_deleted(self, client, prefix):
        # Not even a superuser, who holds every permission, is offered deletion.
        root = User.objects.create_superuser("root@example.org", PASSWORD)
        TOTP.activate(root, generate_totp_secret())
        client.force_login(root)
        listing = client.get(prefix)
        assert listing.status_code == 200
        assert "/delete/" not in listing.content.decode()
        assert client.get(f"{prefix}delete/1/").status_code == 404


def test_facilitator_and_learner_are_refused(client):
    attachment = area("TF-AST")
    urls = [
        AREAS,
        f"{AREAS}edit/{attachment.pk}/",
        f"{AREAS}delete/{attachment.pk}/",
        DOMAINS,
        REQUIREMENTS,
        "/admin/hours/categories/",
        "/admin/hours/renewal-rules/",
    ]
    client.force_login(staff_user("ECHO Facilitator"))
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/"), url
    response = client.post(f"{AREAS}delete/{attachment.pk}/")
    assert (response.status_code, response.url) == (302, "/admin/")
    assert CompetencyArea.objects.filter(pk=attachment.pk).exists()

    client.force_login(UserFactory(role="Learner"))
    for url in urls:
        assert client.get(url).status_code == 403, url
