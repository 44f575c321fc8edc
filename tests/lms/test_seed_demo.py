import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Page, Site

from lms.models import HomePage, LearnerProfile, StandardPage, User

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("url_path", "title", "live", "content_type__model")
        ),
        "sites": sorted(Site.objects.values_list("hostname", "root_page__url_path")),
        "users": sorted(
            User.objects.values_list("email", "first_name", "is_active", "is_superuser")
        ),
        "roles": sorted(User.objects.values_list("email", "groups__name")),
        "emails": sorted(
            EmailAddress.objects.values_list("email", "verified", "primary")
        ),
        "profiles": sorted(
            LearnerProfile.objects.values_list("user__email", "certificate_name")
        ),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


def test_seed_demo_twice_gives_the_same_state(capsys):
    call_command("seed_demo")
    first = snapshot()
    out = capsys.readouterr().out
    call_command("seed_demo")
    assert snapshot() == first

    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert set(StandardPage.objects.values_list("slug", flat=True)) == {
        "about",
        "resources",
        "crisis-support",
    }
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    for email in (
        "learner@cradle.example",
        "facilitator@cradle.example",
        "admin@cradle.example",
    ):
        assert email in out
    assert "Cradle-demo-2026!" in out
    assert dict(User.objects.values_list("email", "groups__name")) == {
        "learner@cradle.example": "Learner",
        "facilitator@cradle.example": "ECHO Facilitator",
        "admin@cradle.example": "Administrator",
    }


def test_demo_accounts_can_sign_in(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": "learner@cradle.example", "password": "Cradle-demo-2026!"},
    )
    assert response.status_code == 302
    assert response.url == "/dashboard/"
