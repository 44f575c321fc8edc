"""Certificates on the public site: verification (with its rate limit), the learner's
list, downloads and the Open Badges file, with their permissions and query budgets."""

import datetime
import re
import zoneinfo
from unittest import mock

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from certificates import services
from certificates.choices import CertificateStatus
from certificates.codes import code_display
from tests.factories import UserFactory, staff_user
from tests.factories.certificates import CertificateFactory
from tests.factories.hours import PDF_BYTES

pytestmark = pytest.mark.django_db

VERIFY_FORM = reverse("certificates:verify_form")
LIST = reverse("certificates:list")
HOSTILE = "<script>alert(1)</script>"
# Every code below is a real one: ten characters of the verification alphabet.
UNKNOWN_CODE = "ZZZZZ99999"
CENTRAL = zoneinfo.ZoneInfo("America/Chicago")


def verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


def download_url(certificate) -> str:
    return reverse("certificates:download", args=[certificate.uuid])


def badge_url(certificate) -> str:
    return reverse("certificates:badge", args=[certificate.uuid])


def revoke(certificate, reason="Attendance records were entered for the wrong person."):
    return services.certificate_revoke(
        certificate=certificate, by=staff_user("Administrator"), reason=reason
    )


def shown_date(moment: datetime.datetime) -> str:
    """A stored time as the pages print its date, in Central time."""
    day = moment.astimezone(CENTRAL)
    return f"{day:%B} {day.day}, {day.year}"


def text(response) -> str:
    return response.content.decode()


def cards(response) -> list[str]:
    return re.findall(r'<li class="certificate-card[^"]*">', text(response))


@pytest.fixture
def learner(client):
    user = UserFactory(
        first_name="Amara", last_name="Okafor", email="amara@example.org"
    )
    client.force_login(user)
    return user


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator")
    client.force_login(user)
    return user


class TestVerificationForm:
    def test_the_form_names_the_code_and_its_format(self, client):
        response = client.get(VERIFY_FORM)
        body = text(response)
        assert response.status_code == 200
        assert '<label for="id_code">Verification code</label>' in body
        assert "two groups of five" in body and "7KQ2M-X9D4R" in body
        assert 'aria-describedby="id_code_helptext"' in body
        assert 'aria-invalid="true"' not in body

    def test_a_code_typed_any_way_goes_to_its_canonical_page(self, client):
        certificate = CertificateFactory(code="7KQ2MX9D4R")
        response = client.get(VERIFY_FORM, {"code": "  7kq2m-x9d4r "})
        assert response.status_code == 302
        assert response["Location"] == verify_url(certificate.code)

    def test_letters_read_as_digits_are_forgiven(self, client):
        CertificateFactory(code="7KQ2M0X1D4")
        response = client.get(VERIFY_FORM, {"code": "7kq2m-oxid4"})
        assert response["Location"] == verify_url("7KQ2M0X1D4")

    def test_an_empty_code_is_answered_on_the_form(self, client):
        response = client.get(VERIFY_FORM, {"code": "   "})
        body = text(response)
        assert response.status_code == 200
        assert "Enter the verification code printed on the certificate" in body
        assert 'aria-invalid="true"' in body
        assert "<title>Error: Verify a certificate" in body

    def test_something_that_cannot_be_a_code_is_answered_on_the_form(self, client):
        response = client.get(VERIFY_FORM, {"code": "hello"})
        body = text(response)
        assert response.status_code == 200
        assert "That is not a verification code." in body
        assert 'value="hello"' in body

    def test_a_hostile_typed_code_is_escaped(self, client):
        response = client.get(VERIFY_FORM, {"code": HOSTILE})
        assert HOSTILE not in text(response)
        assert "&lt;script&gt;" in text(response)

    def test_a_well_formed_unknown_code_ends_on_the_not_found_page(self, client):
        response = client.get(VERIFY_FORM, {"code": UNKNOWN_CODE}, follow=True)
        assert response.status_code == 404
        assert "No certificate has this code" in text(response)


class TestVerificationPage:
    def test_a_valid_certificate_shows_what_it_prints_and_nothing_more(self, client):
        learner = UserFactory(email="private.person@example.org")
        certificate = CertificateFactory(
            learner=learner,
            recipient_name="Amara Okafor",
            title="Attachment and Early Relationships",
            hours="6.50",
            issued_on=datetime.date(2025, 3, 14),
            issuer_name="Oklahoma Association for Infant Mental Health",
        )
        response = client.get(verify_url(certificate.code))
        body = text(response)
        assert response.status_code == 200
        assert "Valid" in body and "has not been revoked" in body
        assert "Revoked" not in body
        for shown in (
            "Amara Okafor",
            "Attachment and Early Relationships",
            "<dd>6.5</dd>",
            "March 14, 2025",
            "Oklahoma Association for Infant Mental Health",
            code_display(certificate.code),
        ):
            assert shown in body
        assert "private.person@example.org" not in body
        assert "@example.org" not in body
        assert str(certificate.uuid) not in body
        assert f"/{learner.pk}/" not in body

    def test_a_code_in_lower_case_with_a_dash_shows_the_same_page(self, client):
        CertificateFactory(code="7KQ2MX9D4R", recipient_name="Jo Bell")
        response = client.get(verify_url("7kq2m-x9d4r"))
        assert response.status_code == 200
        assert "Jo Bell" in text(response)
        canonical = (
            f'<link rel="canonical" href="http://testserver{verify_url("7KQ2MX9D4R")}">'
        )
        assert canonical in text(response)

    def test_a_certificate_still_being_rendered_is_valid(self, client):
        certificate = CertificateFactory(status=CertificateStatus.PENDING)
        response = client.get(verify_url(certificate.code))
        assert response.status_code == 200
        assert "has not been revoked" in text(response)

    def test_a_revoked_certificate_says_so_with_the_date_but_not_the_reason(
        self, client
    ):
        certificate = CertificateFactory()
        revoked = revoke(certificate, reason="Issued to the wrong learner by mistake.")
        response = client.get(verify_url(certificate.code))
        body = text(response)
        assert response.status_code == 200
        assert "Revoked" in body
        assert "has not been revoked" not in body
        assert shown_date(revoked.revoked_at) in body
        assert "Issued to the wrong learner by mistake." not in body

    def test_an_unknown_code_is_a_404_with_a_way_back(self, client):
        response = client.get(verify_url(UNKNOWN_CODE))
        body = text(response)
        assert response.status_code == 404
        assert "No certificate has this code" in body
        assert f'href="{VERIFY_FORM}"' in body

    def test_an_impossible_code_in_the_address_is_a_404(self, client):
        response = client.get(verify_url("not-a-code"))
        assert response.status_code == 404
        assert "No certificate has this code" in text(response)

    def test_a_hostile_recipient_name_is_escaped(self, client):
        certificate = CertificateFactory(recipient_name=HOSTILE, title=HOSTILE)
        body = text(client.get(verify_url(certificate.code)))
        assert HOSTILE not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body

    @pytest.mark.parametrize("others", [2, 40])
    def test_the_page_keeps_to_its_query_budget(
        self, client, django_assert_max_num_queries, others
    ):
        CertificateFactory.create_batch(others)
        certificate = CertificateFactory()
        client.get(verify_url(certificate.code))  # warm-up: site and caches
        with django_assert_max_num_queries(3):
            response = client.get(verify_url(certificate.code))
        assert response.status_code == 200


class TestRateLimit:
    @pytest.fixture(autouse=True)
    def _three_a_minute(self, settings):
        settings.CERTIFICATE_VERIFY_RATE = 3

    def test_the_fourth_look_up_in_a_minute_waits(self, client):
        certificate = CertificateFactory()
        for _ in range(3):
            assert client.get(verify_url(certificate.code)).status_code == 200
        response = client.get(verify_url(certificate.code))
        assert response.status_code == 429
        wait = int(response["Retry-After"])
        assert 1 <= wait <= 60
        assert "Too many look-ups" in text(response)
        assert f"try again in {wait} second" in text(response)
        # Unknown codes count too, so codes cannot be guessed by the hundred.
        assert client.get(verify_url(UNKNOWN_CODE)).status_code == 429

    def test_form_submissions_count_and_are_refused_over_the_limit(self, client):
        certificate = CertificateFactory()
        assert client.get(VERIFY_FORM, {"code": "bad"}).status_code == 200
        assert client.get(VERIFY_FORM, {"code": "worse"}).status_code == 200
        response = client.get(VERIFY_FORM, {"code": certificate.code})
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
        refused = client.get(VERIFY_FORM, {"code": certificate.code})
        assert refused.status_code == 429
        assert refused["Retry-After"]
        assert client.get(VERIFY_FORM, {"code": "bad"}).status_code == 429

    def test_opening_the_empty_form_is_not_a_look_up(self, client):
        certificate = CertificateFactory()
        for _ in range(5):
            assert client.get(VERIFY_FORM).status_code == 200
        assert client.get(verify_url(certificate.code)).status_code == 200

    def test_each_client_address_has_its_own_allowance(self, client):
        certificate = CertificateFactory()
        url = verify_url(certificate.code)
        for _ in range(3):
            client.get(url, REMOTE_ADDR="203.0.113.7")
        assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 429
        assert client.get(url, REMOTE_ADDR="198.51.100.4").status_code == 200

    def test_the_wait_counts_down_and_the_allowance_returns_after_a_minute(
        self, client
    ):
        certificate = CertificateFactory()
        url = verify_url(certificate.code)
        now = [1_800_000_000.0]
        # The cache's expiry reads the same clock, so the window really ends.
        with mock.patch("time.time", side_effect=lambda: now[0]):
            for _ in range(3):
                assert client.get(url).status_code == 200
            assert client.get(url)["Retry-After"] == "60"
            now[0] += 45.5
            response = client.get(url)
            assert response.status_code == 429
            assert response["Retry-After"] == "15"
            now[0] += 15
            assert client.get(url).status_code == 200


class TestMyCertificates:
    def test_signing_in_is_required(self, client):
        response = client.get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_nothing_yet(self, client, learner):
        response = client.get(LIST)
        assert response.status_code == 200
        assert "You have no certificates yet." in text(response)
        assert cards(response) == []

    def test_a_ready_certificate_can_be_downloaded_shared_and_kept_as_a_badge(
        self, client, learner
    ):
        certificate = CertificateFactory(
            learner=learner,
            title="Attachment and Early Relationships",
            hours="6.5",
            issued_on=datetime.date(2025, 3, 14),
        )
        body = text(client.get(LIST))
        assert "Attachment and Early Relationships" in body
        assert "March 14, 2025" in body
        assert "<dd>6.5</dd>" in body
        assert code_display(certificate.code) in body
        assert f'href="{download_url(certificate)}"' in body
        assert f'href="{badge_url(certificate)}"' in body
        assert "Open Badges file" in body
        share = f"http://testserver{verify_url(certificate.code)}"
        field_id = f"share-{certificate.uuid}"
        assert f'<label for="{field_id}">Link to share' in body
        assert re.search(
            rf'<input type="text" id="{field_id}"[^>]*value="{share}" readonly', body
        )
        # The copy button needs JavaScript, so the page ships it hidden.
        assert re.search(rf'data-copy-target="{field_id}" hidden>Copy link', body)
        assert "js/copy-link.js" in body

    def test_a_pending_certificate_is_being_prepared(self, client, learner):
        certificate = CertificateFactory(
            learner=learner, status=CertificateStatus.PENDING, email_on_ready=True
        )
        body = text(client.get(LIST))
        assert "Being prepared — it will appear here and by e-mail shortly." in body
        assert download_url(certificate) not in body

    def test_a_failed_render_never_shows_the_error(self, client, learner):
        certificate = CertificateFactory(
            learner=learner,
            status=CertificateStatus.FAILED,
            last_error="OSError: font cache at /var/lib/weasyprint is read-only",
        )
        body = text(client.get(LIST))
        assert "We could not prepare this PDF yet; our team has been told." in body
        assert "OSError" not in body and "weasyprint" not in body
        assert download_url(certificate) not in body

    def test_a_revoked_certificate_shows_when_and_why_and_cannot_be_downloaded(
        self, client, learner
    ):
        certificate = CertificateFactory(learner=learner)
        revoked = revoke(certificate, reason="The course was retaken; see the new one.")
        body = text(client.get(LIST))
        date = shown_date(revoked.revoked_at)
        assert re.search(
            rf"Revoked on <time[^>]*>{date}</time>:</strong> "
            r"The course was retaken; see the new one\.",
            body,
        )
        assert download_url(certificate) not in body
        assert badge_url(certificate) not in body

    def test_only_the_learners_own_certificates_are_listed(self, client, learner):
        CertificateFactory(learner=learner, title="Mine")
        CertificateFactory(title="Someone else's")
        response = client.get(LIST)
        assert len(cards(response)) == 1
        assert "Someone else" not in text(response)

    def test_twenty_a_page(self, client, learner):
        CertificateFactory.create_batch(23, learner=learner)
        first = client.get(LIST)
        assert len(cards(first)) == 20
        assert "Page 1 of 2" in text(first)
        assert 'href="?page=2"' in text(first)
        second = client.get(LIST, {"page": 2})
        assert len(cards(second)) == 3

    def test_a_hostile_recipient_name_is_escaped(self, client, learner):
        CertificateFactory(learner=learner, recipient_name=HOSTILE, title=HOSTILE)
        body = text(client.get(LIST))
        assert HOSTILE not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body

    @pytest.mark.parametrize("size", [2, 40])
    def test_the_page_keeps_to_its_query_budget(
        self, client, learner, django_assert_max_num_queries, size
    ):
        CertificateFactory.create_batch(size, learner=learner)
        revoke(CertificateFactory(learner=learner))
        CertificateFactory(learner=learner, status=CertificateStatus.PENDING)
        client.get(LIST)  # warm-up: session, time zone, site
        with django_assert_max_num_queries(8):
            response = client.get(LIST)
        assert response.status_code == 200
        assert len(cards(response)) == min(size + 2, 20)


class TestDownload:
    def test_the_owner_gets_the_pdf_as_a_private_attachment(self, client, learner):
        certificate = CertificateFactory(learner=learner)
        response = client.get(download_url(certificate))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{certificate.download_filename}"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"

    def test_another_learner_gets_a_404(self, client, learner):
        certificate = CertificateFactory()
        assert client.get(download_url(certificate)).status_code == 404

    def test_a_visitor_is_sent_to_sign_in(self, client):
        certificate = CertificateFactory()
        response = client.get(download_url(certificate))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_an_administrator_may_download_any(self, client, administrator):
        certificate = CertificateFactory()
        response = client.get(download_url(certificate))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES

    def test_a_facilitator_may_not(self, client):
        client.force_login(staff_user("ECHO Facilitator"))
        assert client.get(download_url(CertificateFactory())).status_code == 404

    def test_a_revoked_certificate_is_gone_for_its_learner_but_not_for_admins(
        self, client, learner
    ):
        certificate = CertificateFactory(learner=learner)
        revoke(certificate)
        assert client.get(download_url(certificate)).status_code == 404
        client.force_login(staff_user("Administrator"))
        assert client.get(download_url(certificate)).status_code == 200

    @pytest.mark.parametrize(
        "status", [CertificateStatus.PENDING, CertificateStatus.FAILED]
    )
    def test_one_not_ready_sends_the_learner_back_with_a_message(
        self, client, learner, status
    ):
        certificate = CertificateFactory(
            learner=learner, status=status, title="Circle of Security"
        )
        response = client.get(download_url(certificate), follow=True)
        assert response.redirect_chain == [(LIST, 302)]
        assert (
            "Your certificate “Circle of Security” is still being prepared. It will "
            "be ready to download here shortly." in text(response)
        )

    def test_the_message_promises_an_e_mail_only_when_one_will_be_sent(
        self, client, learner
    ):
        certificate = CertificateFactory(
            learner=learner, status=CertificateStatus.PENDING, email_on_ready=True
        )
        response = client.get(download_url(certificate), follow=True)
        assert "and we will e-mail it to you." in text(response)

    def test_an_administrator_is_told_whose_certificate_is_not_ready(
        self, client, administrator
    ):
        certificate = CertificateFactory(
            status=CertificateStatus.PENDING,
            title="Circle of Security",
            recipient_name="Jo Bell",
        )
        response = client.get(download_url(certificate), follow=True)
        assert (
            "The certificate “Circle of Security” for Jo Bell is still being "
            "prepared, so there is no PDF to download yet." in text(response)
        )

    def test_an_unknown_certificate_is_a_404(self, client, learner):
        url = reverse(
            "certificates:download", args=["00000000-0000-4000-8000-000000000000"]
        )
        assert client.get(url).status_code == 404

    def test_a_learner_given_the_view_permission_may_download_any(self, client):
        # The permission, not the role's name, is what the check reads.
        group = Group.objects.create(name="Certificate auditors")
        group.permissions.add(
            *Group.objects.get(name="Administrator").permissions.filter(
                codename="view_certificate"
            )
        )
        auditor = UserFactory()
        auditor.groups.add(group)
        client.force_login(auditor)
        assert client.get(download_url(CertificateFactory())).status_code == 200


class TestBadgeFile:
    def test_the_owner_gets_an_open_badges_attachment(self, client, learner):
        certificate = CertificateFactory(learner=learner)
        response = client.get(badge_url(certificate))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ld+json"
        assert response["Content-Disposition"] == (
            f'attachment; filename="cradle-badge-{certificate.code_display}.json"'
        )
        assert response["Cache-Control"] == "private, no-store"
        assert response.json()["id"] == f"urn:uuid:{certificate.uuid}"
        assert "amara@example.org" not in text(response)

    def test_a_pending_certificate_has_a_badge_already(self, client, learner):
        certificate = CertificateFactory(
            learner=learner, status=CertificateStatus.PENDING
        )
        assert client.get(badge_url(certificate)).status_code == 200

    def test_another_learner_gets_a_404(self, client, learner):
        assert client.get(badge_url(CertificateFactory())).status_code == 404

    def test_a_visitor_is_sent_to_sign_in(self, client):
        response = client.get(badge_url(CertificateFactory()))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_an_administrator_may_open_any(self, client, administrator):
        assert client.get(badge_url(CertificateFactory())).status_code == 200

    def test_a_revoked_certificate_has_no_badge_for_its_learner(self, client, learner):
        certificate = CertificateFactory(learner=learner)
        revoke(certificate)
        assert client.get(badge_url(certificate)).status_code == 404
