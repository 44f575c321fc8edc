"""Open Badges 3.0: the credential and the issuer profile validated against 1EdTech's
JSON Schemas (copied into tests/certificates/data), and the public status endpoint
that tells verifiers a credential was revoked."""

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft201909Validator

from django.urls import reverse

from certificates import services
from certificates.badges import issuer_profile, open_badge_credential
from tests.factories import UserFactory, staff_user
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
AREAS = [
    {"code": "TF-AST", "name": "Attachment, separation, trauma, grief and loss"},
    {"code": "DS-OBS", "name": "Observation and listening"},
]
# Terms the W3C credentials v2 context defines (the Open Badges context adds the rest).
VC_TERMS = {
    "id",
    "type",
    "name",
    "description",
    "issuer",
    "validFrom",
    "credentialSubject",
    "credentialStatus",
    "url",
}


def absolute(name: str, *args) -> str:
    return f"http://testserver{reverse(name, args=args)}"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def errors(document: dict, schema_name: str) -> list[str]:
    schema = load(schema_name)
    Draft201909Validator.check_schema(schema)
    validator = Draft201909Validator(
        schema, format_checker=Draft201909Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def keys(value) -> set[str]:
    if isinstance(value, dict):
        found = set(value)
        for item in value.values():
            found |= keys(item)
        return found
    if isinstance(value, list):
        return set().union(*(keys(item) for item in value)) if value else set()
    return set()


def served(document: dict) -> dict:
    """The document as a wallet reads it: through JSON and back."""
    return json.loads(json.dumps(document))


@pytest.fixture
def certificate():
    learner = UserFactory(email="Amara.Okafor@Example.org")
    return CertificateFactory(
        learner=learner,
        recipient_name="Amara Okafor",
        title="Attachment and Early Relationships",
        hours=Decimal("6.50"),
        issued_on=datetime.date(2025, 3, 14),
        issuer_name="Oklahoma Association for Infant Mental Health",
        competency_area_snapshot=AREAS,
    )


class TestCredential:
    def test_a_certificate_with_areas_is_a_valid_open_badge_credential(
        self, certificate
    ):
        document = served(open_badge_credential(certificate))
        assert errors(document, "ob_v3p0_achievementcredential_schema.json") == []
        assert document["@context"][:2] == [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ]
        assert document["id"] == f"urn:uuid:{certificate.uuid}"
        assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert document["name"] == "Attachment and Early Relationships"
        assert "proof" not in document  # not signed yet; see certificates/badges.py

    def test_a_certificate_without_areas_is_valid_too(self):
        certificate = CertificateFactory(competency_area_snapshot=[])
        document = served(open_badge_credential(certificate))
        assert errors(document, "ob_v3p0_achievementcredential_schema.json") == []
        assert "alignment" not in document["credentialSubject"]["achievement"]

    def test_a_broken_credential_is_caught_by_the_schema(self, certificate):
        # The validation above can fail: a credential without its subject does.
        document = served(open_badge_credential(certificate))
        del document["credentialSubject"]
        document["type"] = ["VerifiableCredential"]
        assert len(errors(document, "ob_v3p0_achievementcredential_schema.json")) == 2

    def test_the_achievement_carries_title_hours_and_areas(self, certificate):
        achievement = open_badge_credential(certificate)["credentialSubject"][
            "achievement"
        ]
        verify = absolute("certificates:verify", certificate.code)
        assert achievement["id"] == f"{verify}#achievement"
        assert achievement["type"] == ["Achievement"]
        assert achievement["name"] == "Attachment and Early Relationships"
        assert achievement["description"] == (
            "Attachment and Early Relationships: 6.5 clock hours of training."
        )
        assert "6.5 clock hours" in achievement["criteria"]["narrative"]
        assert achievement["creditsAvailable"] == 6.5
        assert achievement["achievementType"] == "Certificate"
        competencies = absolute("competencies")
        assert achievement["alignment"] == [
            {
                "type": ["Alignment"],
                "targetName": "Attachment, separation, trauma, grief and loss",
                "targetCode": "TF-AST",
                "targetUrl": f"{competencies}#area-TF-AST",
                "targetFramework": "Competency Guidelines",
                "targetType": "ext:CompetencyArea",
            },
            {
                "type": ["Alignment"],
                "targetName": "Observation and listening",
                "targetCode": "DS-OBS",
                "targetUrl": f"{competencies}#area-DS-OBS",
                "targetFramework": "Competency Guidelines",
                "targetType": "ext:CompetencyArea",
            },
        ]
        subject = open_badge_credential(certificate)["credentialSubject"]
        assert subject["creditsEarned"] == 6.5

    def test_one_hour_is_singular(self):
        certificate = CertificateFactory(title="Safe Sleep", hours=Decimal("1.00"))
        achievement = open_badge_credential(certificate)["credentialSubject"][
            "achievement"
        ]
        assert achievement["description"] == "Safe Sleep: 1 clock hour of training."

    def test_alignments_point_at_the_areas_on_the_public_competencies_page(
        self, client, certificate
    ):
        alignment = open_badge_credential(certificate)["credentialSubject"][
            "achievement"
        ]["alignment"][0]
        address = urlsplit(alignment["targetUrl"])
        page = client.get(address.path)
        assert page.status_code == 200
        assert f'id="{address.fragment}"' in page.content.decode()

    @pytest.mark.parametrize(
        ("issued_on", "expected"),
        [
            (datetime.date(2025, 3, 14), "2025-03-14T00:00:00-05:00"),
            (datetime.date(2025, 1, 6), "2025-01-06T00:00:00-06:00"),
        ],
    )
    def test_valid_from_is_the_start_of_the_issue_day_in_central_time(
        self, issued_on, expected
    ):
        document = open_badge_credential(CertificateFactory(issued_on=issued_on))
        assert document["validFrom"] == expected
        parsed = datetime.datetime.fromisoformat(document["validFrom"])
        assert parsed.utcoffset() is not None

    def test_the_issuer_is_embedded_with_the_name_printed_on_the_certificate(
        self, certificate
    ):
        issuer = open_badge_credential(certificate)["issuer"]
        assert issuer == {
            "id": absolute("certificates:issuer"),
            "type": ["Profile"],
            "name": "Oklahoma Association for Infant Mental Health",
            "url": "http://testserver/",
        }

    def test_the_recipient_e_mail_is_only_ever_hashed(self, certificate):
        document = open_badge_credential(certificate)
        text = json.dumps(document).lower()
        assert "amara.okafor@example.org" not in text
        assert "example.org" not in text
        identifiers = document["credentialSubject"]["identifier"]
        email = next(i for i in identifiers if i["identityType"] == "emailAddress")
        assert email["hashed"] is True
        salt = email["salt"]
        assert salt == certificate.uuid.hex
        digest = hashlib.sha256(f"amara.okafor@example.org{salt}".encode()).hexdigest()
        assert email["identityHash"] == f"sha256${digest}"
        name = next(i for i in identifiers if i["identityType"] == "name")
        assert name == {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Amara Okafor",
        }

    def test_every_term_used_is_defined_by_a_context(self, certificate):
        context = load("ob_v3p0_context-3.0.3.json")
        defined = keys(context) | VC_TERMS
        used = keys(open_badge_credential(certificate)) - {"@context"}
        assert used - defined == set()

    def test_the_status_reference_is_a_revocation_list_endpoint(
        self, client, certificate
    ):
        status = open_badge_credential(certificate)["credentialStatus"]
        assert status["type"] == "1EdTechRevocationList"
        assert status["id"] == absolute("certificates:status", certificate.uuid)
        response = client.get(urlsplit(status["id"]).path)
        assert response.status_code == 200
        assert response.json()["id"] == f"urn:uuid:{certificate.uuid}"


class TestIssuerProfile:
    def test_the_profile_is_valid_and_served_publicly(self, client, settings):
        settings.CERTIFICATE_ISSUER_NAME = "Oklahoma Association for IMH"
        profile = served(issuer_profile())
        assert errors(profile, "ob_v3p0_profile_schema.json") == []
        assert profile["name"] == "Oklahoma Association for IMH"
        response = client.get(reverse("certificates:issuer"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ld+json"
        assert response.json() == profile
        assert (
            response.json()["id"] == f"http://testserver{response.request['PATH_INFO']}"
        )

    def test_a_profile_without_its_type_is_caught_by_the_schema(self):
        profile = served(issuer_profile())
        profile["type"] = ["Organization"]
        assert errors(profile, "ob_v3p0_profile_schema.json") != []


class TestStatusEndpoint:
    def url(self, certificate) -> str:
        return reverse("certificates:status", args=[certificate.uuid])

    def test_a_valid_credential_is_not_revoked(self, client, certificate):
        response = client.get(self.url(certificate))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "id": f"urn:uuid:{certificate.uuid}",
            "issuer": absolute("certificates:issuer"),
            "revoked": False,
            "revokedAt": None,
            "revokedCredentials": [],
        }

    def test_revocation_shows_without_the_reason_or_the_name(self, client, certificate):
        revoked = services.certificate_revoke(
            certificate=certificate,
            by=staff_user("Administrator"),
            reason="Issued to the wrong learner by mistake.",
        )
        response = client.get(self.url(certificate))
        body = response.json()
        assert body["revoked"] is True
        assert datetime.datetime.fromisoformat(body["revokedAt"]) == revoked.revoked_at
        assert body["revokedCredentials"] == [
            {"id": f"urn:uuid:{certificate.uuid}", "revoked": True}
        ]
        text = response.content.decode()
        assert "wrong learner" not in text
        assert "Amara" not in text and "Okafor" not in text

    def test_an_unknown_credential_is_a_404(self, client):
        url = reverse(
            "certificates:status", args=["00000000-0000-4000-8000-000000000000"]
        )
        assert client.get(url).status_code == 404

    def test_the_badge_file_is_the_credential(self, client, certificate):
        client.force_login(certificate.learner)
        response = client.get(reverse("certificates:badge", args=[certificate.uuid]))
        assert response.json() == served(open_badge_credential(certificate))
