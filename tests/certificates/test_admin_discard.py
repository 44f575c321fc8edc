"""Discarding a checked bulk issue instead of confirming it."""

import pytest

from django.core.exceptions import ValidationError

from certificates.choices import BatchStatus
from certificates.models import Certificate
from certificates.services import certificate_batch_discard
from tests.certificates.test_admin_bulk import (  # noqa: F401
    administrator,
    check,
    cohort,
    step_one,
    url,
)

pytestmark = pytest.mark.django_db


def test_a_draft_can_be_discarded_and_then_never_issued(
    client,
    administrator,  # noqa: F811
    cohort,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    batch = check(client, step_one())
    preview = client.get(url("detail", batch)).content.decode()
    assert "Discard this bulk issue" in preview

    response = client.post(url("discard", batch), follow=True)
    assert "no certificate was issued" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED

    page = client.get(url("detail", batch)).content.decode()
    assert "This bulk issue was discarded" in page
    assert "Issue 3 certificates" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("confirm", batch), {"skip_problems": "on"})
    assert not Certificate.objects.exists()
    # Discarding again is harmless.
    assert client.post(url("discard", batch)).status_code == 302


def test_a_confirmed_bulk_issue_cannot_be_discarded(
    client,
    administrator,  # noqa: F811
    cohort,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    batch = check(client, step_one())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("confirm", batch))
    response = client.post(url("discard", batch), follow=True)
    assert "cannot be discarded" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ISSUED
    assert Certificate.objects.filter(batch=batch).count() == 3
    with pytest.raises(ValidationError):
        certificate_batch_discard(batch=batch, by=None)


def test_discarding_needs_the_permission_and_a_post(
    client,
    administrator,  # noqa: F811
    cohort,  # noqa: F811
):
    batch = check(client, step_one())
    assert client.get(url("discard", batch)).status_code == 405
    from tests.factories import staff_user

    client.force_login(staff_user("ECHO Facilitator"))
    client.post(url("discard", batch))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT
