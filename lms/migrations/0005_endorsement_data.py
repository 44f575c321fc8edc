"""Seed the Competency Guidelines® domains and areas (names and codes only — the
Guidelines' text is copyrighted by MI-AIMH), the endorsement categories with their
requirements and renewal rules as OK-AIMH applies them, and the Administrator's
permissions on the new models. Every number here is data that administrators can edit
in the admin; a change of rules is a new row with a later effective date."""

import datetime
import importlib
from decimal import Decimal

from django.db import migrations

roles = importlib.import_module("lms.migrations.0003_roles")

DOMAINS = [
    ("TF", "Theoretical Foundations", False, [
        ("TF-PEP", "Pregnancy and early parenthood"),
        ("TF-DEV", "Infant/very young child development and behavior"),
        ("TF-FCP", "Infant/very young child and family-centered practice"),
        ("TF-RFP", "Relationship-focused practice"),
        ("TF-FRD", "Family relationships and dynamics"),
        ("TF-AST", "Attachment, separation, trauma, grief and loss"),
        ("TF-CC", "Cultural competence"),
        ("TF-DIS", "Disorders of infancy/early childhood"),
    ]),
    ("LR", "Law, Regulation and Agency Policy", False, [
        ("LR-ETH", "Ethical practice"),
        ("LR-GOV", "Government, law and regulation"),
        ("LR-AP", "Agency policy"),
    ]),
    ("SE", "Systems Expertise", False, [
        ("SE-SDS", "Service delivery systems"),
        ("SE-CR", "Community resources"),
    ]),
    ("DS", "Direct Service Skills", False, [
        ("DS-OBS", "Observation and listening"),
        ("DS-SCR", "Screening and assessment"),
        ("DS-EMP", "Responding with empathy"),
        ("DS-PLN", "Intervention/treatment planning"),
        ("DS-DG", "Developmental guidance"),
        ("DS-SPR", "Supporting parent–infant/child relationships"),
        ("DS-SAF", "Safety"),
        ("DS-ADV", "Advocacy"),
    ]),
    ("WO", "Working with Others", False, [
        ("WO-REL", "Building and maintaining relationships"),
        ("WO-SUP", "Supporting others"),
        ("WO-COL", "Collaborating"),
        ("WO-CON", "Resolving conflict"),
        ("WO-MEN", "Mentoring"),
        ("WO-CNS", "Consulting"),
    ]),
    ("CM", "Communicating", False, [
        ("CM-LIS", "Listening"),
        ("CM-SPK", "Speaking"),
        ("CM-WRI", "Writing"),
        ("CM-GRP", "Group process"),
    ]),
    ("TH", "Thinking", False, [
        ("TH-ANA", "Analyzing information"),
        ("TH-SOL", "Solving problems"),
        ("TH-JUD", "Exercising sound judgment"),
        ("TH-PER", "Maintaining perspective"),
        ("TH-PLN", "Planning and organizing"),
    ]),
    ("RF", "Reflection", False, [
        ("RF-CON", "Contemplation"),
        ("RF-SA", "Self-awareness"),
        ("RF-CUR", "Curiosity"),
        ("RF-PD", "Professional/personal development"),
        ("RF-ER", "Emotional response"),
        ("RF-PP", "Parallel process"),
    ]),
    ("AD", "Administration", True, [
        ("AD-LEAD", "Leading"),
        ("AD-MOT", "Motivating"),
        ("AD-ADV", "Advocacy"),
        ("AD-PRG", "Program development and evaluation"),
    ]),
]

# (code, name, track, offered, mentor). OK-AIMH offers the infant categories; the
# Early Childhood ones are here for associations that offer them.
CATEGORIES = [
    ("IFA", "Infant Family Associate", "infant", True, False),
    ("IFS", "Infant Family Specialist", "infant", True, False),
    ("IFRS", "Infant Family Reflective Supervisor", "infant", True, False),
    ("IMHS", "Infant Mental Health Specialist", "infant", True, False),
    ("IMHM-C", "Infant Mental Health Mentor – Clinical", "infant", True, True),
    ("IMHM-P", "Infant Mental Health Mentor – Policy", "infant", True, True),
    ("IMHM-RF", "Infant Mental Health Mentor – Research/Faculty", "infant", True, True),
    ("ECFA", "Early Childhood Family Associate", "early_childhood", False, False),
    ("ECFS", "Early Childhood Family Specialist", "early_childhood", False, False),
    ("ECFRS", "Early Childhood Family Reflective Supervisor", "early_childhood", False, False),
    ("ECMHS", "Early Childhood Mental Health Specialist", "early_childhood", False, False),
    ("ECMHM-C", "Early Childhood Mental Health Mentor – Clinical", "early_childhood", False, True),
    ("ECMHM-P", "Early Childhood Mental Health Mentor – Policy", "early_childhood", False, True),
    ("ECMHM-RF", "Early Childhood Mental Health Mentor – Research/Faculty", "early_childhood", False, True),
]
EC_EQUIVALENT = {
    "IFA": "ECFA", "IFS": "ECFS", "IFRS": "ECFRS", "IMHS": "ECMHS",
    "IMHM-C": "ECMHM-C", "IMHM-P": "ECMHM-P", "IMHM-RF": "ECMHM-RF",
}

# The date from which Cradle applies the rules that held before the 2024 changes.
BASE = datetime.date(2000, 1, 1)
CHANGES_2024 = datetime.date(2024, 1, 1)
SOURCES = {
    "training": "mi-aimh.org/endorsement/specialized-in-service-training/ ; "
    "ct-aimh.org/important-changes-to-the-endorsement-requirements",
    "rsc": "mi-aimh.org/endorsement/faqs/reflective-supervision-consultation/",
    "renewal": "pa-aimh.org/annual-renewal.html ; okaimh.org/endorsement-faqs.php",
}

# (code, effective from, training, DEI, RSC topic, RSC to receive, of which about
# providing, exam, providers)
REQUIREMENTS = [
    ("IFA", BASE, 30, 0, 0, 0, 0, False, []),
    ("IFS", BASE, 30, 0, 0, 24, 0, False, ["IFRS", "IMHS", "IMHM-C"]),
    ("IFRS", BASE, 48, 3, 15, 24, 0, False, ["IFRS", "IMHS", "IMHM-C"]),
    ("IMHS", BASE, 30, 0, 0, 50, 0, True, ["IMHS", "IMHM-C"]),
    ("IMHM-C", BASE, 30, 0, 0, 50, 25, True, ["IMHM-C"]),
    ("IMHM-C", CHANGES_2024, 48, 3, 15, 50, 25, True, ["IMHM-C"]),
    ("IMHM-P", BASE, 30, 0, 0, 0, 0, True, []),
    ("IMHM-P", CHANGES_2024, 33, 3, 0, 0, 0, True, []),
    ("IMHM-RF", BASE, 30, 0, 0, 0, 0, True, []),
    ("IMHM-RF", CHANGES_2024, 33, 3, 0, 0, 0, True, []),
]
PROVIDES_RSC = {"IFRS", "IMHS", "IMHM-C"}
RECEIVES_RSC = {"IFS", "IFRS", "IMHS", "IMHM-C"}


def seed_competencies(apps, schema_editor=None):
    Domain = apps.get_model("lms", "CompetencyDomain")
    Area = apps.get_model("lms", "CompetencyArea")
    for order, (code, name, mentor_only, areas) in enumerate(DOMAINS, start=1):
        domain, _ = Domain.objects.get_or_create(
            code=code,
            defaults={"name": name, "sort_order": order, "mentor_only": mentor_only},
        )
        for area_order, (area_code, area_name) in enumerate(areas, start=1):
            Area.objects.get_or_create(
                code=area_code,
                defaults={"domain": domain, "name": area_name, "sort_order": area_order},
            )


def seed_categories(apps, schema_editor=None):
    Category = apps.get_model("lms", "EndorsementCategory")
    Requirement = apps.get_model("lms", "CategoryRequirement")
    RenewalRule = apps.get_model("lms", "RenewalRule")
    by_code = {}
    for order, (code, name, track, offered, mentor) in enumerate(CATEGORIES, start=1):
        by_code[code], _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "track": track,
                "sort_order": order,
                "is_offered": offered,
                "is_mentor": mentor,
            },
        )
    for code, since, training, dei, topic, rsc, about, exam, providers in REQUIREMENTS:
        for track_code, track_providers in (
            (code, providers),
            (EC_EQUIVALENT[code], [EC_EQUIVALENT[p] for p in providers] + providers),
        ):
            requirement, created = Requirement.objects.get_or_create(
                category=by_code[track_code],
                effective_from=since,
                defaults={
                    "min_training_hours": Decimal(training),
                    "min_dei_hours": Decimal(dei),
                    "min_rsc_topic_hours": Decimal(topic),
                    "rsc_hours_required": Decimal(rsc),
                    "rsc_about_providing_hours": Decimal(about),
                    "exam_required": exam,
                    "source": SOURCES["training"] + (" ; " + SOURCES["rsc"] if rsc else ""),
                },
            )
            if created:
                requirement.qualifying_providers.set(
                    [by_code[p] for p in track_providers]
                )
    for code in EC_EQUIVALENT:
        for track_code in (code, EC_EQUIVALENT[code]):
            RenewalRule.objects.get_or_create(
                category=by_code[track_code],
                effective_from=BASE,
                defaults={
                    "training_hours": Decimal(15),
                    "dei_hours": Decimal(1),
                    "rsc_topic_hours": Decimal(3 if code in PROVIDES_RSC else 0),
                    "rsc_received_hours": Decimal(12 if code in RECEIVES_RSC else 0),
                    "source": SOURCES["renewal"],
                },
            )


ADMINISTRATOR_PERMISSIONS = [
    ("lms", f"{verb}_{model}")
    for model in ("competencydomain", "competencyarea")
    for verb in ("add", "change", "delete", "view")
] + [
    ("lms", f"{verb}_{model}")
    for model in ("endorsementcategory", "categoryrequirement", "renewalrule")
    for verb in ("add", "change", "view")
] + [
    ("lms", "view_endorsement"),
    ("lms", "change_endorsement"),
    ("lms", "view_creditentry"),
    ("lms", "view_outsidetraining"),
    ("lms", "review_outsidetraining"),
    ("lms", "view_rsclogentry"),
    ("lms", "review_rsclogentry"),
]


def grant_permissions(apps, schema_editor=None):
    roles.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        administrator.permissions.add(roles.permission(apps, app_label, codename))


def seed(apps, schema_editor=None):
    seed_competencies(apps)
    seed_categories(apps)
    grant_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [("lms", "0004_hours_ledger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
