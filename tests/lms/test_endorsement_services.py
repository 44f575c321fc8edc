import datetime

import pytest

from django.core.exceptions import ValidationError

from lms.models import Endorsement, EndorsementCategory
from lms.selectors import registry_listings
from lms.services import (
    endorsement_confirm,
    endorsement_consent_set,
    endorsement_lapse,
    endorsement_record,
    endorsement_withdraw,
    learner_goal_set,
)
from tests.factories import LearnerProfileFactory, UserFactory
from tests.factories.hours import EndorsementFactory, category, days_ago

pytestmark = pytest.mark.django_db


def test_seeded_categories_are_the_ok_aimh_set():
    offered = set(
        EndorsementCategory.objects.filter(is_offered=True).values_list(
            "code", flat=True
        )
    )
    assert offered == {"IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-RF"}
    assert EndorsementCategory.objects.filter(track="early_childhood").count() == 7


def test_recording_an_endorsement_clears_the_same_goal():
    profile = LearnerProfileFactory(goal_category=category("IFS"))
    endorsement = endorsement_record(
        learner=profile.user, category=category("IFS"), endorsed_on=days_ago(100)
    )
    assert endorsement.status == "recorded"
    profile.refresh_from_db()
    assert profile.goal_category is None


@pytest.mark.parametrize(
    ("code", "endorsed_on", "field", "message"),
    [
        ("ECFS", days_ago(10), "category", "not offered"),
        ("IFS", days_ago(-1), "endorsed_on", "future"),
    ],
)
def test_bad_endorsements_are_refused(code, endorsed_on, field, message):
    learner = UserFactory()
    with pytest.raises(ValidationError) as error:
        endorsement_record(
            learner=learner, category=category(code), endorsed_on=endorsed_on
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Endorsement.objects.exists()


def test_the_same_category_cannot_be_recorded_twice_unless_it_lapsed():
    learner = UserFactory()
    first = endorsement_record(
        learner=learner, category=category("IFS"), endorsed_on=days_ago(400)
    )
    with pytest.raises(ValidationError, match="already recorded"):
        endorsement_record(
            learner=learner, category=category("IFS"), endorsed_on=days_ago(10)
        )
    endorsement_lapse(endorsement=first, by=UserFactory())
    endorsement_record(
        learner=learner, category=category("IFS"), endorsed_on=days_ago(10)
    )
    assert Endorsement.objects.filter(learner=learner).count() == 2


def test_a_goal_must_be_offered_and_not_already_held():
    profile = LearnerProfileFactory()
    with pytest.raises(ValidationError, match="not offered"):
        learner_goal_set(profile=profile, category=category("ECMHS"))
    EndorsementFactory(learner=profile.user, category=category("IFS"))
    with pytest.raises(ValidationError, match="already hold IFS"):
        learner_goal_set(profile=profile, category=category("IFS"))
    profile.refresh_from_db()
    assert profile.goal_category is None
    learner_goal_set(profile=profile, category=category("IMHS"))
    profile.refresh_from_db()
    assert profile.goal_category.code == "IMHS"


def test_registry_lists_only_confirmed_consenting_current_endorsements():
    listed = EndorsementFactory()
    unconfirmed = EndorsementFactory(status="recorded")
    no_consent = EndorsementFactory(registry_consent=False)
    assert list(registry_listings()) == [listed]

    endorsement_confirm(endorsement=unconfirmed, by=UserFactory())
    endorsement_consent_set(
        endorsement=no_consent, learner=no_consent.learner, consent=True
    )
    assert set(registry_listings()) == {listed, unconfirmed, no_consent}

    # Withdrawing consent, or a lapse, removes the listing at once.
    endorsement_consent_set(endorsement=listed, learner=listed.learner, consent=False)
    endorsement_lapse(endorsement=unconfirmed, by=UserFactory())
    assert list(registry_listings()) == [no_consent]
    listed.refresh_from_db()
    assert listed.registry_consent_changed_at is not None


def test_only_the_holder_changes_consent_and_only_recorded_ones_are_withdrawn():
    endorsement = EndorsementFactory()
    with pytest.raises(ValidationError, match="someone else"):
        endorsement_consent_set(
            endorsement=endorsement, learner=UserFactory(), consent=False
        )
    with pytest.raises(ValidationError, match="only by an administrator"):
        endorsement_withdraw(endorsement=endorsement, learner=endorsement.learner)
    recorded = EndorsementFactory(status="recorded")
    endorsement_withdraw(endorsement=recorded, learner=recorded.learner)
    assert not Endorsement.objects.filter(pk=recorded.pk).exists()


def test_confirming_twice_is_refused():
    endorsement = EndorsementFactory(
        status="recorded", endorsed_on=datetime.date(2023, 1, 1)
    )
    endorsement_confirm(endorsement=endorsement, by=UserFactory())
    with pytest.raises(ValidationError, match="Only a recorded endorsement"):
        endorsement_confirm(endorsement=endorsement, by=UserFactory())
