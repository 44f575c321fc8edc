import importlib

from django.db import migrations

roles = importlib.import_module("lms.migrations.0003_roles")

DEFAULT_BODY = """This certifies that

{recipient_name}

has completed {title}, earning {hours} clock hours of professional development.

Competency areas: {competency_areas}"""

ADMINISTRATOR_PERMISSIONS = [
    "add_certificatetemplate",
    "change_certificatetemplate",
    "view_certificatetemplate",
    "delete_certificatetemplate",
    "view_certificate",
    "issue_certificate",
    "revoke_certificate",
    "add_certificatebatch",
    "view_certificatebatch",
]


def seed(apps, schema_editor=None):
    """The default certificate template and the administrators' permissions."""
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    if not CertificateTemplate.objects.exists():
        CertificateTemplate.objects.create(
            name="Cradle standard",
            heading="Certificate of Completion",
            body=DEFAULT_BODY,
            page_size="letter",
            orientation="landscape",
            accent_colour="#1f5c4a",
            is_default=True,
        )
    roles.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    for codename in ADMINISTRATOR_PERMISSIONS:
        administrator.permissions.add(roles.permission(apps, "certificates", codename))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_certificates"),
        ("lms", "0006_revoke_permission"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
