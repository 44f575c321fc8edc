"""Create the three roles with their permissions. Later migrations add the permissions
for models that arrive later; this one covers the platform core and Wagtail."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("lms", "add_user"),
    ("lms", "change_user"),
    ("lms", "delete_user"),
    ("lms", "view_user"),
    ("lms", "change_learnerprofile"),
    ("lms", "view_learnerprofile"),
    ("lms", "view_accountdeletionrequest"),
    ("auth", "view_group"),
    ("auth", "change_group"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
FACILITATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
]
ADMINISTRATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = {
    "Administrator": [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    ],
    "ECHO Facilitator": [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations have run; create them now
    # so that the groups below can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, codename):
    """The permission, created if the app's own migrations have not made it yet. The
    model name is the codename's last part ("choose_image" -> "image")."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    verb, model = codename.split("_", 1)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {verb} {model}"},
    )
    return found


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's sample groups are replaced by the platform's own roles.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    Group.objects.get_or_create(name="Learner")
    facilitator, _ = Group.objects.get_or_create(name="ECHO Facilitator")
    administrator, _ = Group.objects.get_or_create(name="Administrator")

    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        administrator.permissions.add(permission(apps, app_label, codename))
    for app_label, codename in FACILITATOR_PERMISSIONS:
        facilitator.permissions.add(permission(apps, app_label, codename))

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in ADMINISTRATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=administrator,
                page=root_page,
                permission=permission(apps, "wagtailcore", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for group in (administrator, facilitator):
            for app_label, codename in COLLECTION_PERMISSIONS[group.name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, codename),
                )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Learner", "ECHO Facilitator", "Administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
