"""The "My certificates" panel on the learner's dashboard."""

import datetime
import re

import pytest

from django.test import RequestFactory
from django.urls import reverse

from certificates import services
from certificates.choices import CertificateStatus
from certificates.dashboard import certificates_panel
from tests.factories import UserFactory, staff_user
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
EMPTY = (
    "No certificates yet. Each one you earn appears here, ready to download and share."
)


def panel_for(user) -> str:
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    return certificates_panel(request)


def titles(html: str) -> list[str]:
    return re.findall(
        r'<span class="certificate-panel-list__title">([^<]*)</span>', html
    )


def days_ago(days: int) -> datetime.date:
    return datetime.date(2025, 6, 30) - datetime.timedelta(days=days)


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_panel_is_a_labelled_section():
    html = panel_for(UserFactory())
    assert html.lstrip().startswith(
        '<section class="panel" aria-labelledby="certificates-heading">'
    )
    assert '<h2 id="certificates-heading">My certificates</h2>' in html


def test_nothing_yet_says_what_will_appear():
    html = panel_for(UserFactory())
    assert EMPTY in html
    assert reverse("certificates:list") not in html


def test_the_three_newest_and_a_link_to_all_with_the_count(learner):
    for days, title in [(40, "Oldest"), (30, "Older"), (20, "Middle"), (10, "Newest")]:
        CertificateFactory(learner=learner, title=title, issued_on=days_ago(days))
    CertificateFactory(title="Someone else's", issued_on=days_ago(1))
    html = panel_for(learner)
    assert titles(html) == ["Newest", "Middle", "Older"]
    assert f'href="{reverse("certificates:list")}"' in html
    assert "See all your certificates (4)" in html
    assert EMPTY not in html


def test_each_shows_its_date_and_where_its_pdf_stands(learner):
    ready = CertificateFactory(learner=learner, issued_on=datetime.date(2025, 3, 14))
    CertificateFactory(
        learner=learner,
        status=CertificateStatus.PENDING,
        email_on_ready=False,
        issued_on=datetime.date(2025, 3, 10),
    )
    revoked = CertificateFactory(learner=learner, issued_on=datetime.date(2025, 3, 1))
    services.certificate_revoke(
        certificate=revoked, by=staff_user("Administrator"), reason="Issued twice."
    )
    html = panel_for(learner)
    assert "March 14, 2025" in html
    assert f'href="{reverse("certificates:download", args=[ready.uuid])}"' in html
    assert "Being prepared — it will appear here shortly." in html
    assert "Issued twice." in html
    assert reverse("certificates:download", args=[revoked.uuid]) not in html


def test_the_panel_is_on_the_dashboard(client, learner):
    CertificateFactory(learner=learner, title="Circle of Security Parenting")
    body = client.get(DASHBOARD).content.decode()
    assert body.count('aria-labelledby="certificates-heading"') == 1
    assert "Circle of Security Parenting" in body


def test_a_hostile_title_is_escaped(learner):
    CertificateFactory(learner=learner, title="<script>alert(1)</script>")
    html = panel_for(learner)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("size", [2, 40])
def test_one_query_however_many_certificates(learner, django_assert_num_queries, size):
    CertificateFactory.create_batch(size, learner=learner)
    panel_for(learner)  # warm-up
    with django_assert_num_queries(1):
        html = panel_for(learner)
    assert len(titles(html)) == min(size, 3)
    assert f"See all your certificates ({size})" in html


def test_no_certificates_is_one_query(learner, django_assert_num_queries):
    with django_assert_num_queries(1):
        panel_for(learner)
