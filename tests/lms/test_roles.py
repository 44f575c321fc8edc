import pytest

from django.contrib.auth.models import Group

from lms.roles import user_is_staff_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Learner",
        "ECHO Facilitator",
        "Administrator",
    }
    learner = Group.objects.get(name="Learner")
    facilitator = Group.objects.get(name="ECHO Facilitator")
    administrator = Group.objects.get(name="Administrator")

    assert learner.permissions.count() == 0
    assert set(facilitator.permissions.values_list("codename", flat=True)) == {
        "access_admin"
    }
    admin_codenames = set(administrator.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_user", "view_accountdeletionrequest"} <= (
        admin_codenames
    )
    assert set(
        administrator.page_permissions.values_list("permission__codename", flat=True)
    ) >= {"add_page", "change_page", "publish_page"}
    assert facilitator.page_permissions.count() == 0
    assert set(
        facilitator.collection_permissions.values_list(
            "permission__codename", flat=True
        )
    ) == {"add_image", "choose_image", "add_document", "choose_document"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Learner", False), ("ECHO Facilitator", True), ("Administrator", True)],
)
def test_staff_roles(role, expected):
    assert user_is_staff_role(UserFactory(role=role)) is expected
