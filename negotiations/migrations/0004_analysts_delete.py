"""Analysts also delete domain records (the API's writes); Viewers still only view.

Topics get their permissions too, now that the API serves them.
"""

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


def grant_delete(apps, schema_editor):
    app_config = apps.get_app_config("negotiations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    analysts = Group.objects.get(name="Analysts")
    analysts.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="negotiations",
            codename__in=[f"delete_{model}" for model in DOMAIN_MODELS],
        )
    )


def revoke_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Analysts").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="negotiations", codename__startswith="delete_"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0003_api_support")]

    operations = [migrations.RunPython(grant_delete, revoke_delete)]
