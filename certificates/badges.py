"""Open Badges 3.0 documents for certificates, so learners can keep them in a wallet
or a backpack and anyone can check them.

- ``open_badge_credential(certificate)`` is an ``OpenBadgeCredential`` (a W3C
  Verifiable Credential, data model 2.0): the achievement with its name, description,
  criteria, clock hours as credits and an alignment to each competency area, the
  issuer's profile, ``validFrom`` (the issue date at midnight, Central time) and a
  ``credentialStatus`` whose endpoint says whether it has been revoked.
- ``issuer_profile()`` is the issuer's ``Profile``, served at
  ``/certificates/issuer.json``.

The credential is not signed yet: it carries no ``proof``, so a verifier learns that
it is genuine by following ``credentialStatus`` or the verification page, not from a
signature. Signing (a Data Integrity proof or VC-JWT with a published key) can be
added later without changing anything else in the document.

The recipient is identified by their certificate name and by a salted SHA-256 hash of
their e-mail address (the spec's ``IdentityObject``); the address itself never
appears."""

import datetime
import hashlib
import zoneinfo

from django.urls import reverse

from lms.templatetags.hours_format import hours as hours_text

from .rendering import issuer_name, public_url, verification_url

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    # Defines the 1EdTechRevocationList status type used below.
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]
# Certificates carry a date, not a time; the credential becomes valid at the start of
# that day where the issuer is.
ISSUER_TIME_ZONE = zoneinfo.ZoneInfo("America/Chicago")
FRAMEWORK = "Competency Guidelines"
# Not one of the spec's AlignmentTargetType values, so an extension term ("ext:").
AREA_TARGET_TYPE = "ext:CompetencyArea"
STATUS_TYPE = "1EdTechRevocationList"


def _issuer(name: str) -> dict:
    return {
        "id": public_url(reverse("certificates:issuer")),
        "type": ["Profile"],
        "name": name,
        "url": public_url("/"),
    }


def issuer_profile() -> dict:
    """The issuer's profile as a document of its own (what ``issuer.id`` points to)."""
    return {"@context": CONTEXT[:2], **_issuer(issuer_name())}


def credential_id(certificate) -> str:
    return f"urn:uuid:{certificate.uuid}"


def status_url(certificate) -> str:
    return public_url(reverse("certificates:status", args=[certificate.uuid]))


def valid_from(issued_on: datetime.date) -> str:
    """The issue date at 00:00 in the issuer's time zone, e.g.
    2025-03-14T00:00:00-05:00."""
    return datetime.datetime.combine(
        issued_on, datetime.time.min, tzinfo=ISSUER_TIME_ZONE
    ).isoformat()


def hours_phrase(hours) -> str:
    text = hours_text(hours)
    return f"{text} clock hour" if text == "1" else f"{text} clock hours"


def email_identity(email: str, *, salt: str) -> dict:
    """The e-mail address as the spec's hashed identity: sha256 over the address
    (lower case, UTF-8) followed by the salt, in hexadecimal."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def alignment(area: dict) -> dict:
    return {
        "type": ["Alignment"],
        "targetName": area["name"],
        "targetCode": area["code"],
        "targetUrl": public_url(reverse("competencies")) + f"#area-{area['code']}",
        "targetFramework": FRAMEWORK,
        "targetType": AREA_TARGET_TYPE,
    }


def achievement(certificate) -> dict:
    hours = hours_phrase(certificate.hours)
    document = {
        "id": verification_url(certificate.code) + "#achievement",
        "type": ["Achievement"],
        "name": certificate.title,
        "description": f"{certificate.title}: {hours} of training.",
        "criteria": {
            "narrative": (
                f"Awarded by {certificate.issuer_name} for completing "
                f"{certificate.title} ({hours})."
            )
        },
        "creditsAvailable": float(certificate.hours),
        "achievementType": "Certificate",
    }
    areas = [alignment(area) for area in certificate.competency_area_snapshot]
    if areas:
        document["alignment"] = areas
    return document


def open_badge_credential(certificate) -> dict:
    """The certificate as an OpenBadgeCredential (unsigned; see the module's notes).
    Reads ``certificate.learner``: select it with the certificate."""
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.recipient_name,
        }
    ]
    if certificate.learner.email:
        # A salt of its own per credential, so hashes cannot be matched across
        # credentials or looked up in a precomputed table.
        identifiers.append(
            email_identity(certificate.learner.email, salt=certificate.uuid.hex)
        )
    return {
        "@context": CONTEXT,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title,
        "issuer": _issuer(certificate.issuer_name),
        "validFrom": valid_from(certificate.issued_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement(certificate),
            "creditsEarned": float(certificate.hours),
        },
        "credentialStatus": {"id": status_url(certificate), "type": STATUS_TYPE},
    }


def credential_status(certificate) -> dict:
    """What the public status endpoint says about one credential: whether and when it
    was revoked, and nothing else (no reason, no name). ``revokedCredentials`` lists
    it once revoked, as a 1EdTech revocation list covering this one credential."""
    revoked_at = certificate.revoked_at
    document = {
        "id": credential_id(certificate),
        "issuer": public_url(reverse("certificates:issuer")),
        "revoked": revoked_at is not None,
        "revokedAt": revoked_at.isoformat() if revoked_at else None,
        "revokedCredentials": [],
    }
    if revoked_at is not None:
        document["revokedCredentials"].append(
            {"id": credential_id(certificate), "revoked": True}
        )
    return document
