"""What every admin page shares: history with revert, citations and accounts, precise dates."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib import messages as django_messages
from django.contrib.admin.actions import delete_selected
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from negotiations.admin.conflicts import (
    RevisionCheckedForm,
    form_expected_revision,
    form_m2m,
    revision_fields,
    row_checkbox,
    seen_revisions,
    stale_records,
    with_request,
    without_revision,
)
from negotiations.admin.widgets import AutocompleteSelect, column_labelled
from negotiations.dates import format_precise_date
from negotiations.models import Account, Citation
from negotiations.models.accounts import FACTS
from negotiations.models.base import revisions_current
from negotiations.services import (
    record_delete,
    record_revert,
    record_save,
    records_delete,
    records_set_status,
)


class PickedByDefault:
    """Unless an admin lists its own, every link to a searchable record is picked with an
    autocomplete, and a slug is filled in from the title (or name) as it is typed."""

    def get_autocomplete_fields(self, request):
        if self.autocomplete_fields:
            return self.autocomplete_fields
        registry = self.admin_site._registry
        return [
            field.name
            for field in self.model._meta.get_fields()
            if field.is_relation
            and not field.auto_created  # links from other records are not edited here
            and field.editable
            and getattr(registry.get(field.related_model), "search_fields", None)
            and (not field.many_to_many or field.remote_field.through._meta.auto_created)
        ]

    def get_prepopulated_fields(self, request, obj=None):
        if self.prepopulated_fields:
            return self.prepopulated_fields
        names = {field.name for field in self.model._meta.get_fields()}
        source = next((name for name in ("title", "name") if name in names), None)
        return {"slug": [source]} if "slug" in names and source else {}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The chosen records are listed by name: load what their names read in that query.
        related = getattr(db_field.related_model, "name_related", ())
        if related and "queryset" not in kwargs:
            manager = db_field.related_model._default_manager.using(kwargs.get("using"))
            kwargs["queryset"] = manager.select_related(*related)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Django's autocomplete, with an empty choice that HTML allows (admin/widgets.py).
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RevisionCheckedInline(PickedByDefault):
    """Inline rows carry their revision too: a stale row is refused, not overwritten."""

    form = RevisionCheckedForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return revision_fields(fields, self.model, self.has_change_permission(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = with_request(self.form, request)
        # Each row's fields named for screen readers: the labels are only column headings.
        kwargs["formset"] = column_labelled(kwargs.get("formset", self.formset))
        return super().get_formset(request, obj, **kwargs)


class CitationInline(RevisionCheckedInline, GenericTabularInline):
    model = Citation
    fields = ["source", "excerpt", "attribution", "credibility", "note"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class AccountInline(RevisionCheckedInline, GenericTabularInline):
    """The record's accounts of its facts; each quotes one of the record's own citations."""

    model = Account
    fields = ["field", "value", "citation", "accepted_at", "accepted_reason", "settle"]
    readonly_fields = ["accepted_at", "accepted_reason", "settle"]
    extra = 0
    show_change_link = True

    @admin.display(description="Accept or re-open")
    def settle(self, account) -> str:
        """A link to the accounts list showing this fact's accounts, where the accept and
        re-open actions are (they ask for the reason)."""
        if account.pk is None:
            return ""
        query = urlencode(
            {
                "content_type__id__exact": account.content_type_id,
                "object_id": account.object_id,
                "field__exact": account.field,
            }
        )
        url = reverse("admin:negotiations_account_changelist")
        return format_html('<a href="{}?{}">This fact’s accounts</a>', url, query)

    def get_autocomplete_fields(self, request):
        return []  # the citation is one of the record's few, a plain choice

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("citation__source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        citations = Citation.objects.none()
        if obj is not None and obj.pk is not None:
            citations = obj.citations.select_related("source")
        formset.form.base_fields["citation"].queryset = citations
        return formset


class Inline(RevisionCheckedInline, admin.TabularInline):
    """A tabular inline that loads, with its rows, what each row's name needs."""

    select_related: tuple[str, ...] = ()
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class TrackedAdmin(PickedByDefault, SimpleHistoryAdmin):
    """History (with revert) and read-only timestamps for every model.

    Records with a `status` get one bulk action per status; like every admin write, each
    change lands in the history with the user.
    """

    form = RevisionCheckedForm
    readonly_fields = ["created_at", "updated_at"]
    history_list_display = ["history_change_reason"]
    delete_selected_confirmation_template = "admin/negotiations/delete_selected_confirmation.html"
    # The change form's revision is a hidden input outside the fieldsets, on the revert page too
    # (templates/admin/negotiations/: change_form.html, object_history_form.html).
    object_history_form_template = "admin/negotiations/object_history_form.html"

    class Media:
        # Links told apart from text by more than colour (axe's link-in-text-block), and
        # select2's search boxes named for screen readers.
        css = {"all": ["negotiations/admin_a11y.css"]}
        js = ["negotiations/admin_a11y.js"]

    def get_fields(self, request, obj=None):
        return without_revision(list(super().get_fields(request, obj)))

    def get_queryset(self, request):
        columns = [column for column in self.list_display if isinstance(column, CountColumn)]
        # Two counted relations join each other's rows: count distinct ids, not rows.
        distinct = len(columns) > 1
        counts = {column.name: Count(column.relation, distinct=distinct) for column in columns}
        queryset = super().get_queryset(request)
        return queryset.annotate(**counts) if counts else queryset

    def get_list_select_related(self, request):
        # Unless the admin says otherwise, the list loads the records its autocompletes pick
        # (the columns that name them).
        if self.list_select_related is not False:
            return self.list_select_related
        picked = [
            name
            for name in self.get_autocomplete_fields(request)
            if self.model._meta.get_field(name).many_to_one
        ]
        return picked or False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {}
        if getattr(request, "_reverting_to", None) is not None and obj is not None:
            # The revert page shows a historic copy: the version it was opened on is today's.
            attrs["revision_now"] = revisions_current(type(obj), [obj.pk], lock=False).get(obj.pk)
        return with_request(form, request, **attrs)

    def action_checkbox(self, obj):
        return row_checkbox(super().action_checkbox(obj), obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_checked, name, description)
        if not self.has_change_permission(request):
            return actions
        try:
            status = self.model._meta.get_field("status")
        except FieldDoesNotExist:
            return actions
        for value, label in status.choices:
            name = f"mark_{value}"
            description = f"Mark selected {self.model._meta.verbose_name_plural} as {label.lower()}"
            actions[name] = (status_action(value, label), name, description)
        return actions

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._reverting_to = version_id  # read by get_form and save_model
        if request.method in ("GET", "HEAD"):
            return super().history_form_view(request, object_id, version_id, extra_context)
        # simple-history checks only the view permission here and merely hides the button
        # from users who may not change the record: anything but a read needs that permission.
        # (handler403 logs the refusal as a permission_denied security event.)
        if not self.has_change_permission(request) or self.revert_disabled(request):
            raise PermissionDenied(
                f"Reverting a {self.model._meta.verbose_name} needs the permission to change it."
            )
        # As Django's own change view: the version check's row lock lasts until the save.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    # Every admin write goes through the service layer: the record with its many-to-many
    # fields (save_model), its inline rows (save_formset), deletes one by one or in bulk.
    def save_model(self, request, obj, form, change):
        expected = form_expected_revision(form) if change else None
        m2m = form_m2m(form)
        # The service sets the links with the record; Django's save_related and
        # simple-history's revert view call this afterwards.
        form.save_m2m = lambda: None
        version_id = getattr(request, "_reverting_to", None)
        if version_id is not None:
            record_revert(
                record=obj, history_id=version_id, expected=expected, by=request.user, m2m=m2m
            )
        else:
            record_save(record=obj, expected=expected, by=request.user, m2m=m2m)

    def delete_model(self, request, obj):
        record_delete(record=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        records_delete(records=queryset, by=request.user)

    def save_formset(self, request, form, formset, change):
        save_formset(request, formset)


def save_formset(request, formset) -> None:
    """Write an inline formset's changes through the service layer, each row checked
    against the revision it showed."""
    formset.save(commit=False)  # fills new_objects, changed_objects and deleted_objects
    forms = {id(row.instance): row for row in formset.forms}
    for obj in formset.deleted_objects:
        row = forms.get(id(obj))
        expected = form_expected_revision(row, changed=True) if row is not None else None
        record_delete(record=obj, expected=expected, by=request.user)
    for obj in [*(obj for obj, _ in formset.changed_objects), *formset.new_objects]:
        row = forms[id(obj)]
        expected = None if obj._state.adding else form_expected_revision(row)
        record_save(record=obj, expected=expected, by=request.user, m2m=form_m2m(row))


def refuse_stale(modeladmin, request, queryset) -> bool:
    """Refuse the action (with a message) if a selected record changed since the list was shown.

    Call inside a transaction: the rows stay locked until the action is done.
    """
    problems = stale_records(request, model=queryset.model, records=queryset)
    if problems:
        modeladmin.message_user(
            request, "Nothing was changed. " + " ".join(problems), level=django_messages.ERROR
        )
    return bool(problems)


def status_action(value: str, label: str):
    def action(modeladmin, request, queryset):
        try:
            with transaction.atomic(using=router.db_for_write(queryset.model)):
                if refuse_stale(modeladmin, request, queryset):
                    return
                count = records_set_status(
                    records=queryset,
                    status=value,
                    by=request.user,
                    reason=f"Marked {label.lower()} (admin bulk action)",
                )
        except ValidationError as error:
            messages = "; ".join(error.messages)
            modeladmin.message_user(
                request, f"Nothing was changed: {messages}", level=django_messages.ERROR
            )
            return
        modeladmin.message_user(request, f"{count} marked {label.lower()}.")

    return action


def delete_checked(modeladmin, request, queryset):
    """Django's bulk delete, refused if a selected record changed since the list was shown."""
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        if refuse_stale(modeladmin, request, queryset):
            return None
        response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse):
        # The confirmation page sends the versions on, so "Yes" is checked against them too.
        response.context_data["revisions_seen"] = [
            f"{pk}:{revision}" for pk, revision in seen_revisions(request).items()
        ]
    return response


class CitedAdmin(TrackedAdmin):
    """Adds the record's citations as an inline, after the admin's own `inlines`."""

    class Media:
        # The citation inline's excerpt and note (and a meeting's statements) fit the form.
        css = {"all": ["negotiations/admin_inlines.css"]}

    def get_inlines(self, request, obj):
        inlines = [*super().get_inlines(request, obj), CitationInline]
        if self.model._meta.model_name in FACTS:
            inlines.append(AccountInline)
        return inlines


def related_filter(*related: str):
    """A related-field filter whose choices load in one query, with what their names need."""

    class SelectRelatedFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin):
            queryset = field.related_model._default_manager.select_related(*related)
            ordering = self.field_admin_ordering(field, request, model_admin)
            if ordering:
                queryset = queryset.order_by(*ordering)
            return [(obj.pk, str(obj)) for obj in queryset]

    return SelectRelatedFilter


class CountColumn:
    """A list_display column: how many `relation` a record has, counted in the list's own
    query (TrackedAdmin.get_queryset annotates it under the column's name)."""

    def __init__(self, relation: str, description: str):
        self.relation = relation
        self.short_description = description
        # The admin names a callable column (its CSS class, its sort) by __name__.
        self.__name__ = self.name = self.admin_order_field = f"{relation}_count"

    def __call__(self, obj) -> int:
        return getattr(obj, self.name)


def dated(field: str, description: str = "Date"):
    """A list_display column printing a date at its precision."""

    @admin.display(description=description, ordering=field)
    def column(self, obj) -> str:
        return format_precise_date(getattr(obj, field), getattr(obj, f"{field}_precision"))

    return column
