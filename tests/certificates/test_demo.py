"""The demo content includes certificates in every state a learner can see."""

import pytest

from django.core.management import call_command

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_seed_demo_issues_and_renders_the_demo_certificates(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    learner = Certificate.objects.filter(learner__email="learner@cradle.example")
    assert learner.count() == 3  # two trainings and the attachment course
    assert {certificate.status for certificate in learner} == {"ready"}
    facilitator = Certificate.objects.filter(
        learner__email="facilitator@cradle.example"
    )
    assert sorted(certificate.is_revoked for certificate in facilitator) == [
        False,
        True,
    ]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert Certificate.objects.count() == 5
