"""What a bulk-import file may hold for each kind of record (django-import-export resources).

Related records are named by slugs analysts can type, never by database ids, and each resource
finds the record a row updates by its natural key, so importing a file twice changes nothing.
Every row goes through the model's full_clean (constraints included) and is saved by the service
layer (negotiations.services.record_save), one instance at a time with its many-to-many columns,
so that django-simple-history records each change with its user and reason.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model
from import_export import resources
from import_export.fields import Field
from import_export.widgets import ManyToManyWidget

from negotiations.imports.widgets import (
    FactValueWidget,
    NameListWidget,
    OptionWidget,
    PlaceWidget,
    PointWidget,
    SlugListWidget,
    SlugWidget,
    SourceWidget,
    VersionWidget,
    fact_value,
)
from negotiations.models import (
    Account,
    Citation,
    FrameworkPoint,
    Meeting,
    Option,
    OptionStance,
    Party,
    Person,
    Position,
    Role,
    StickingIssue,
    Topic,
)
from negotiations.services import record_delete, record_save


def change_reason(file_name: str | None) -> str:
    return f"Bulk import from {file_name or 'a file'}"


class TrackedResource(resources.ModelResource):
    """Shared behaviour: validation, atomic imports, history with user and reason."""

    class Meta:
        clean_model_instances = True  # full_clean: choices, date/precision and other constraints
        skip_unchanged = True  # an unchanged row writes nothing, not even a history entry
        report_skipped = True
        use_transactions = True

    def import_data(self, dataset, *args, **kwargs):
        # One invalid row rolls back the whole file, good rows included (import-export's
        # default keeps the valid rows).
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unknown slug in the natural key: treat the row as new, so import_instance
            # reports the bad column as a validation error on the row.
            return None

    def import_instance(self, instance: Model, row, **kwargs) -> None:
        errors: dict[str, ValidationError] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # import-export leaves many-to-many columns to save_m2m; check their slugs now so
        # an unknown one rejects the row instead of crashing the import.
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance: Model, is_create: bool, row, **kwargs) -> None:
        # Instead of import-export's instance.save() and its separate save_m2m: the service
        # writes the row and its many-to-many columns, with the history user and reason.
        # (Imports always run in a transaction, so a dry run is rolled back, not skipped.)
        self.before_save_instance(instance, row, **kwargs)
        m2m = {
            field.attribute: field.clean(row)
            for field in self.get_import_fields()
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row
        }
        record_save(record=instance, by=_user(kwargs), reason=_reason(kwargs), m2m=m2m)
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance: Model, row, **kwargs) -> None:
        pass  # written with the record, in save_instance

    def delete_instance(self, instance: Model, row, **kwargs) -> None:
        self.before_delete_instance(instance, row, **kwargs)
        record_delete(record=instance, by=_user(kwargs), reason=_reason(kwargs))
        self.after_delete_instance(instance, row, **kwargs)


def _user(kwargs: dict):
    user = kwargs.get("user")
    return user if user is not None and user.is_authenticated else None


def _reason(kwargs: dict) -> str:
    return change_reason(kwargs.get("file_name"))


class BySlug:
    """Meta for records with a slug of their own: a row updates the record of its slug."""

    import_id_fields = ["slug"]


class MeetingResource(TrackedResource):
    place = Field(attribute="place", column_name="place", widget=PlaceWidget())

    class Meta(BySlug):
        model = Meeting
        name = "Meetings (by slug)"
        fields = [
            *BySlug.import_id_fields,
            "title",
            "date",
            "date_precision",
            "end_date",
            "start_time",
            "duration_minutes",
            "status",
            "place",
            "sequence",
            "summary",
            "characterisation",
        ]


class PersonResource(TrackedResource):
    other_names = Field(attribute="other_names", column_name="other_names", widget=NameListWidget())

    class Meta(BySlug):
        model = Person
        name = "People (by slug)"
        fields = [*BySlug.import_id_fields, "name", "other_names"]


class RoleResource(TrackedResource):
    person = Field(attribute="person", column_name="person", widget=SlugWidget(Person))
    party = Field(attribute="party", column_name="party", widget=SlugWidget(Party))

    class Meta:
        model = Role
        name = "Roles (by person, party, body and title)"
        # A role has no slug: who holds which title where is what tells two roles apart.
        import_id_fields = ["person", "party", "body", "title"]
        fields = [
            *import_id_fields,
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "has_ended",
        ]


class PointResource(TrackedResource):
    framework = Field(attribute="version__framework__slug", column_name="framework", readonly=True)
    version = Field(attribute="version", column_name="version", widget=VersionWidget())
    topics = Field(attribute="topics", column_name="topics", widget=SlugListWidget(Topic))

    class Meta:
        model = FrameworkPoint
        name = "Framework points (by framework, version and number)"
        import_id_fields = ["version", "number"]
        fields = ["framework", "version", "number", "title", "text", "status", "topics"]

    def get_instance(self, instance_loader, row):
        # A point is found by its number in its version, or by its title when it has none.
        try:
            version = self.fields["version"].clean(row)
            number = self.fields["number"].clean(row)
        except ValueError:
            return None
        if version is None:
            return None
        lookup = {"number": number} if number is not None else {"title": row.get("title")}
        return FrameworkPoint.objects.filter(version=version, **lookup).first()


class PositionResource(TrackedResource):
    party = Field(attribute="party", column_name="party", widget=SlugWidget(Party))
    issue = Field(attribute="issue", column_name="issue", widget=SlugWidget(StickingIssue))
    point = Field(attribute="point", column_name="point", widget=PointWidget())

    class Meta:
        model = Position
        name = "Positions (by party, subject and date)"
        # A party's stance on one subject as of one date; a later date is a new position.
        import_id_fields = ["party", "issue", "point", "as_of"]
        fields = [*import_id_fields, "as_of_precision", "stance", "stated_position"]


class MeetingAccountResource(TrackedResource):
    """One outlet's account of a meeting's fact, with the excerpt that gives it: loading a
    second outlet's version of the same meetings opens a dispute wherever it differs."""

    meeting = Field(column_name="meeting", widget=SlugWidget(Meeting))
    source = Field(column_name="source", widget=SourceWidget())
    value = Field(attribute="value", column_name="value", widget=FactValueWidget())
    precision = Field(column_name="precision")
    excerpt = Field(column_name="excerpt")
    attribution = Field(column_name="attribution")
    credibility = Field(column_name="credibility")

    class Meta:
        model = Account
        name = "Accounts of meeting facts (by meeting, field and source)"
        import_id_fields = ["meeting", "field", "source"]
        fields = [
            "meeting",
            "field",
            "value",
            "precision",
            "source",
            "excerpt",
            "attribution",
            "credibility",
        ]

    def get_instance(self, instance_loader, row):
        try:
            meeting = self.fields["meeting"].clean(row)
            source = self.fields["source"].clean(row)
        except ValueError:
            return None
        if meeting is None or source is None:
            return None
        return (
            Account.objects.of_records([meeting])
            .filter(field=_cell(row, "field"), citation__source=source)
            .select_related("citation")
            .first()
        )

    def import_instance(self, instance: Model, row, **kwargs) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            meeting = self.fields["meeting"].clean(row)
            source = self.fields["source"].clean(row)
        except ValueError as error:
            raise ValidationError({**errors, "meeting": [str(error)]}) from None
        if meeting is None or source is None:
            raise ValidationError({**errors, "meeting": ["Name the meeting and the source."]})
        instance.record = meeting
        instance.value = fact_value(
            "meeting", instance.field, instance.value, _cell(row, "precision")
        )
        if errors:
            raise ValidationError(errors)
        # The citation the account quotes: the meeting's excerpt of that source, added if new
        # (in the import's transaction, so a dry run or a refused file leaves none behind).
        excerpt = _cell(row, "excerpt")
        citation = meeting.citations.filter(source=source, excerpt=excerpt).first()
        if citation is None:
            citation = _row_citation(row, source=source, excerpt=excerpt, record=meeting)
            try:
                record_save(record=citation, by=_user(kwargs), reason=_reason(kwargs))
            except ValidationError as error:
                raise ValidationError({"excerpt": error.messages}) from None
        instance.citation = citation


class OptionResource(TrackedResource):
    issue = Field(attribute="issue", column_name="issue", widget=SlugWidget(StickingIssue))

    class Meta:
        model = Option
        name = "Options on sticking issues (by issue and title)"
        import_id_fields = ["issue", "title"]
        fields = [*import_id_fields, "description"]


class OptionStanceResource(TrackedResource):
    """An analyst's spreadsheet of stances on options, each row with the excerpt that backs
    it: a party's stance on one option as of one date (a later date is a new stance)."""

    # Read by the option's widget to find the option on its issue; exported, never written.
    issue = Field(attribute="option__issue__slug", column_name="issue", readonly=True)
    option = Field(attribute="option", column_name="option", widget=OptionWidget())
    party = Field(attribute="party", column_name="party", widget=SlugWidget(Party))
    source = Field(column_name="source", widget=SourceWidget())
    excerpt = Field(column_name="excerpt")
    attribution = Field(column_name="attribution")
    credibility = Field(column_name="credibility")

    class Meta:
        model = OptionStance
        name = "Stances on options (by issue, option, party and date)"
        import_id_fields = ["option", "party", "as_of"]
        fields = [
            "issue",
            *import_id_fields,
            "as_of_precision",
            "stance",
            "condition",
            "stated_position",
            "source",
            "excerpt",
            "attribution",
            "credibility",
        ]

    def import_instance(self, instance: Model, row, **kwargs) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The citation the row quotes, checked now so a bad one rejects the row; written
        # after the stance (it cites it), in the import's transaction.
        instance._import_citation = None
        try:
            source = self.fields["source"].clean(row)
        except ValueError as error:
            errors["source"] = [str(error)]
            source = None
        excerpt = _cell(row, "excerpt")
        if bool(source) != bool(excerpt):
            errors["excerpt"] = ["Give the source and its excerpt together, or neither."]
        elif source is not None:
            citation = _row_citation(row, source=source, excerpt=excerpt)
            try:
                citation.full_clean(exclude=["content_type", "object_id"])
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            instance._import_citation = citation
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance: Model, row, **kwargs) -> None:
        citation = getattr(instance, "_import_citation", None)
        if citation is None:
            return
        if instance.citations.filter(source=citation.source, excerpt=citation.excerpt).exists():
            return
        citation.content_object = instance
        record_save(record=citation, by=_user(kwargs), reason=_reason(kwargs))


def _row_citation(row, *, source, excerpt: str, record: Model | None = None) -> Citation:
    """The citation a row quotes (unsaved), with its attribution and credibility if given;
    the model's defaults otherwise."""
    citation = Citation(source=source, excerpt=excerpt)
    if record is not None:
        citation.content_object = record
    for name in ("attribution", "credibility"):
        if _cell(row, name):
            setattr(citation, name, _cell(row, name))
    return citation


def _cell(row, name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


# The names the import_records command takes.
RESOURCES: dict[str, type[TrackedResource]] = {
    "meetings": MeetingResource,
    "people": PersonResource,
    "roles": RoleResource,
    "points": PointResource,
    "positions": PositionResource,
    "meeting-accounts": MeetingAccountResource,
    "options": OptionResource,
    "option-stances": OptionStanceResource,
}
