"""Competing accounts of a record's facts; Analysts add, change and delete them, Viewers view."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_ACTIONS = {"Analysts": ["add", "change", "delete", "view"], "Viewers": ["view"]}


def grant_accounts(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); make them now.
    app_config = apps.get_app_config("negotiations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUP_ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="negotiations",
                    codename__in=[f"{action}_account" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("negotiations", "0010_source_grading"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalAccount",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "revision",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Goes up by one on every change; the API's ETag.",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("as_of", "as of"),
                            ("date", "date"),
                            ("declared_points", "declared points"),
                            ("duration_minutes", "duration minutes"),
                            ("end_date", "end date"),
                            ("place", "place"),
                            ("stance", "stance"),
                            ("start_date", "start date"),
                            ("status", "status"),
                            ("text", "text"),
                        ],
                        help_text="The fact of the record this account gives.",
                        max_length=40,
                    ),
                ),
                (
                    "value",
                    models.JSONField(
                        help_text='The value it gives, as the API writes the field; a date as {"date": "2025-11-30", "precision": "day"}.'
                    ),
                ),
                ("value_text", models.TextField(default="", editable=False)),
                (
                    "accepted_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="When an analyst accepted this account as the record's value.",
                        null=True,
                    ),
                ),
                (
                    "accepted_reason",
                    models.TextField(
                        blank=True, editable=False, help_text="Why this account was accepted."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "citation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The citation of the record that reports this value.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.citation",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical account",
                "verbose_name_plural": "historical accounts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "revision",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Goes up by one on every change; the API's ETag.",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("as_of", "as of"),
                            ("date", "date"),
                            ("declared_points", "declared points"),
                            ("duration_minutes", "duration minutes"),
                            ("end_date", "end date"),
                            ("place", "place"),
                            ("stance", "stance"),
                            ("start_date", "start date"),
                            ("status", "status"),
                            ("text", "text"),
                        ],
                        help_text="The fact of the record this account gives.",
                        max_length=40,
                    ),
                ),
                (
                    "value",
                    models.JSONField(
                        help_text='The value it gives, as the API writes the field; a date as {"date": "2025-11-30", "precision": "day"}.'
                    ),
                ),
                ("value_text", models.TextField(default="", editable=False)),
                (
                    "accepted_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="When an analyst accepted this account as the record's value.",
                        null=True,
                    ),
                ),
                (
                    "accepted_reason",
                    models.TextField(
                        blank=True, editable=False, help_text="Why this account was accepted."
                    ),
                ),
                (
                    "citation",
                    models.ForeignKey(
                        help_text="The citation of the record that reports this value.",
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="accounts",
                        to="negotiations.citation",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "ordering": ["content_type_id", "object_id", "field", "id"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "field"], name="account_fact_idx"
                    ),
                    models.Index(fields=["created_at"], name="account_created_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "field__in",
                                [
                                    "as_of",
                                    "date",
                                    "declared_points",
                                    "duration_minutes",
                                    "end_date",
                                    "place",
                                    "stance",
                                    "start_date",
                                    "status",
                                    "text",
                                ],
                            )
                        ),
                        name="account_field_valid",
                        violation_error_message="Unknown field: accounts speak to facts only.",
                    ),
                    models.UniqueConstraint(
                        fields=("citation", "field"),
                        name="account_one_per_citation_and_field",
                        violation_error_message="This citation already gives an account of this fact.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("accepted_at__isnull", False)),
                        fields=("content_type", "object_id", "field"),
                        name="account_one_accepted_per_fact",
                        violation_error_message="Another account of this fact is accepted.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("accepted_at__isnull", True), ("accepted_reason", "")),
                            models.Q(
                                ("accepted_at__isnull", False),
                                models.Q(("accepted_reason", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="account_accepted_with_reason",
                        violation_error_message="An accepted account says why it was accepted.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_accounts, migrations.RunPython.noop),
    ]
