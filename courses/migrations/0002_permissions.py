import importlib

from django.db import migrations

roles = importlib.import_module("lms.migrations.0003_roles")

ADMINISTRATOR_PERMISSIONS = ["view_enrolment", "change_enrolment"]


def grant(apps, schema_editor=None):
    """Administrators see enrolments, reports and quiz statistics, and approve or
    decline enrolment requests. Facilitators and learners get none of these."""
    roles.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    for codename in ADMINISTRATOR_PERMISSIONS:
        administrator.permissions.add(roles.permission(apps, "courses", codename))


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_courses")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
