import datetime
import threading
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from lms.models import CreditEntry
from lms.services import credit_award, credit_revoke
from tests.factories import UserFactory
from tests.factories.hours import area, category, days_ago


def award(learner, **overrides):
    values = {
        "learner": learner,
        "kind": "course",
        "source_type": "courses.coursecompletion",
        "source_id": 7,
        "title": "Attachment and Early Relationships",
        "provider": "Cradle",
        "date": days_ago(1),
        "hours": Decimal("4.5"),
        "competency_areas": [area("TF-AST"), area("TF-DEV")],
    }
    values.update(overrides)
    return credit_award(**values)


@pytest.mark.django_db
def test_awarding_twice_in_a_row_makes_one_entry():
    learner = UserFactory()
    first, created = award(learner)
    again, created_again = award(learner, hours=Decimal("9"), title="Changed")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert CreditEntry.objects.filter(learner=learner).count() == 1
    entry = CreditEntry.objects.get()
    assert (entry.hours, entry.title, entry.status) == (
        Decimal("4.50"),
        "Attachment and Early Relationships",
        "approved",
    )
    assert sorted(a.code for a in entry.competency_areas.all()) == ["TF-AST", "TF-DEV"]


@pytest.mark.django_db
def test_the_same_source_counts_separately_for_each_learner():
    award(UserFactory())
    award(UserFactory())
    assert CreditEntry.objects.count() == 2


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_row_for_a_source():
    entry, _ = award(UserFactory())
    duplicate = CreditEntry(
        learner=entry.learner,
        kind="course",
        source_type=entry.source_type,
        source_id=entry.source_id,
        title="again",
        date=entry.date,
        hours=Decimal(1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours": Decimal(0)}, "hours", "more than zero"),
        ({"hours": Decimal(-2)}, "hours", "more than zero"),
        ({"hours": Decimal("1.1")}, "hours", "quarter-hour steps"),
        ({"hours": Decimal(1000)}, "hours", "more than one entry can hold"),
        ({"date": days_ago(-2)}, "date", "future"),
        ({"competency_areas": []}, "competency_areas", "at least one competency"),
        ({"title": "  "}, "title", "needs a title"),
    ],
)
def test_bad_awards_are_refused_and_save_nothing(overrides, field, message):
    learner = UserFactory()
    with pytest.raises(ValidationError) as error:
        award(learner, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not CreditEntry.objects.exists()


@pytest.mark.django_db
def test_rsc_awards_need_a_format_and_no_areas():
    learner = UserFactory()
    with pytest.raises(ValidationError) as error:
        award(learner, kind="rsc", competency_areas=[area()])
    assert set(error.value.message_dict) == {"competency_areas", "rsc_format"}
    entry, created = award(
        learner,
        kind="rsc",
        competency_areas=[],
        rsc_format="group",
        rsc_provider_category=category("IMHS"),
    )
    assert created
    assert (entry.counts_toward, entry.rsc_format) == ("rsc", "group")


@pytest.mark.django_db
def test_revoking_marks_the_entry_and_keeps_it():
    learner, admin = UserFactory(), UserFactory()
    entry, _ = award(learner)
    revoked = credit_revoke(
        learner=learner,
        source_type=entry.source_type,
        source_id=entry.source_id,
        by=admin,
        reason="Course completed in error",
    )
    assert revoked.pk == entry.pk
    entry.refresh_from_db()
    assert entry.status == "revoked"
    assert entry.revoked_by == admin
    assert entry.revoked_at <= timezone.now()
    assert "Course completed in error" in entry.note
    stamp = entry.revoked_at

    # Twice changes nothing; awarding again does not bring it back silently.
    credit_revoke(
        learner=learner,
        source_type=entry.source_type,
        source_id=entry.source_id,
        reason="again",
    )
    _, created = award(learner)
    entry.refresh_from_db()
    assert (entry.status, entry.revoked_at, created) == ("revoked", stamp, False)
    assert CreditEntry.objects.count() == 1


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_tolerates_unknown_sources():
    learner = UserFactory()
    with pytest.raises(ValidationError):
        credit_revoke(learner=learner, source_type="x", source_id=1, reason=" ")
    assert (
        credit_revoke(learner=learner, source_type="x", source_id=1, reason="r") is None
    )


@pytest.mark.postgres
def test_concurrent_awards_make_one_entry(postgres):
    learner = UserFactory()
    barrier = threading.Barrier(6)
    outcomes = []

    def complete():
        try:
            barrier.wait(timeout=5)
            _, created = award(learner, date=datetime.date(2026, 1, 5))
            outcomes.append(created)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=complete) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False] * 5 + [True]
    assert CreditEntry.objects.filter(learner=learner).count() == 1
