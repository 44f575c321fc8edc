import pytest

from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client, site_tree):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


def test_administrator_screens_open(client, administrator, site_tree):
    learner = UserFactory(email="learner-x@example.org")
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{site_tree.pk}/",
        f"/admin/pages/{site_tree.pk}/edit/",
        "/admin/users/",
        f"/admin/users/edit/{learner.pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/deletion-requests/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


def test_administrator_edits_the_home_page_hero(client, administrator, site_tree):
    response = client.get(f"/admin/pages/{site_tree.pk}/edit/")
    assert b"hero_heading" in response.content


def test_administrator_gives_someone_the_facilitator_role(client, administrator):
    from django.contrib.auth.models import Group

    person = UserFactory(email="fern@example.org", first_name="Fern", last_name="Oak")
    facilitator = Group.objects.get(name="ECHO Facilitator")
    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": "fern@example.org",
            "first_name": "Fern",
            "last_name": "Oak",
            "is_active": "on",
            "groups": [facilitator.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(person.groups.values_list("name", flat=True)) == {"ECHO Facilitator"}


def test_facilitator_cannot_manage_users_or_pages(client, site_tree):
    facilitator = staff_user("ECHO Facilitator")
    client.force_login(facilitator)
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/users/", f"/admin/pages/{site_tree.pk}/edit/"):
        response = client.get(path)
        # Wagtail answers a refused admin view by sending the user to the dashboard.
        assert (response.status_code, response.url) == (302, "/admin/"), path
