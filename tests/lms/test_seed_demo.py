from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Page, Site

from lms.models import (
    CreditEntry,
    Endorsement,
    HomePage,
    LearnerProfile,
    OutsideTraining,
    StandardPage,
    User,
)

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
        "ledger": sorted(
            CreditEntry.objects.values_list("learner__email", "title", "hours")
        ),
        "trainings": sorted(
            OutsideTraining.objects.values_list("title", "status", "clock_hours")
        ),
        "endorsements": sorted(
            Endorsement.objects.values_list(
                "learner__email", "category__code", "status"
            )
        ),
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
    accounts = {
        "learner@cradle.example": "Learner",
        "facilitator@cradle.example": "ECHO Facilitator",
        "admin@cradle.example": "Administrator",
    }
    assert (
        dict(
            User.objects.filter(email__in=accounts).values_list("email", "groups__name")
        )
        == accounts
    )
    # The other demo people (ECHO participants and hub team) cannot sign in.
    others = User.objects.exclude(email__in=accounts)
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)


def test_demo_accounts_can_sign_in(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": "learner@cradle.example", "password": "Cradle-demo-2026!"},
    )
    assert response.status_code == 302
    assert response.url == "/dashboard/"


def test_demo_learner_has_hours_toward_ifs_and_one_training_to_review():
    from lms.selectors import endorsement_progress, registry_listings

    call_command("seed_demo")
    learner = User.objects.get(email="learner@cradle.example")
    assert learner.profile.goal_category.code == "IFS"
    progress = endorsement_progress(
        learner=learner, category=learner.profile.goal_category
    )
    # 6 + 3 + 10 (12 contact hours) + 2.75 (the completed attachment course)
    # + 6.25 (five ECHO sessions attended at 1.25 h)
    assert progress.training_hours == Decimal("28.00")
    assert progress.rsc_window.hours == 15
    assert not progress.is_met
    assert OutsideTraining.objects.filter(status="pending").count() == 1
    assert [e.learner.email for e in registry_listings()] == [
        "facilitator@cradle.example"
    ]
