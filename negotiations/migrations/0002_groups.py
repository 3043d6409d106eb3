"""Creates the Analysts (add, change, view) and Viewers (view) groups on the domain models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DOMAIN_MODELS = [
    "citation",
    "delegation",
    "delegationmember",
    "development",
    "framework",
    "frameworkpoint",
    "frameworkversion",
    "meeting",
    "party",
    "person",
    "place",
    "pointlineage",
    "position",
    "role",
    "source",
    "statement",
    "stickingissue",
    "topic",
    "versionmeeting",
]

GROUP_ACTIONS = {"Analysts": ["add", "change", "view"], "Viewers": ["view"]}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); make them now.
    app_config = apps.get_app_config("negotiations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for action in actions for model in DOMAIN_MODELS]
        permissions = Permission.objects.filter(
            content_type__app_label="negotiations", codename__in=codenames
        )
        assert permissions.count() == len(codenames), "missing permissions"
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
