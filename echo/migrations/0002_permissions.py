import importlib

from django.db import migrations

roles = importlib.import_module("lms.migrations.0003_roles")

ADMINISTRATOR_PERMISSIONS = [
    "change_echoseries",
    "view_echoseries",
    "view_echosession",
    "change_echosession",
    "view_attendance",
    "change_attendance",
    "view_casepresentation",
    "change_casepresentation",
]


def grant(apps, schema_editor=None):
    """Administrators run every ECHO series: sessions, rosters, imports, cases and
    reports. Facilitators get no model permission: they run only the series whose hub
    team lists them (echo.permissions), which a permission cannot express."""
    roles.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    for codename in ADMINISTRATOR_PERMISSIONS:
        administrator.permissions.add(roles.permission(apps, "echo", codename))


class Migration(migrations.Migration):
    dependencies = [("echo", "0001_echo")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
