"""Conflict-safe admin edits: a save built on a version someone has since changed is refused.

Every tracked record carries `revision`, the number the API's ETag is made of. The admin's
change form, each inline row and each changelist row send back the revision they showed; the
write goes ahead only if the record still has it. The check locks the row (SELECT … FOR UPDATE)
inside the admin's transaction, so a concurrent save waits for the first one to finish and is
then refused, never silently overwriting it.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.html import format_html

from negotiations.models.base import RevisionConflict, revision_check, revisions_current
from negotiations.models.kinds import tracked_models
from negotiations.security import log_security_event

SEEN_FIELD = "seen_revision"
# Changelist rows: one hidden "<pk>:<revision>" per row shown, posted with any bulk action.
BULK_FIELD = "_revision_seen"


def is_tracked(model: type[Model]) -> bool:
    return model in tracked_models()


def form_expected_revision(form: forms.ModelForm, *, changed: bool = False) -> int | None:
    """The revision a form (or inline row) was opened on, for the service's claim: None for a
    form nobody changed, which clean() did not check (`changed`: count it as changed)."""
    if not (changed or form.has_changed()):
        return None
    return form.cleaned_data.get(SEEN_FIELD)


def form_m2m(form: forms.ModelForm) -> dict:
    """The many-to-many fields a form edits, with their cleaned values (as save_m2m sets them)."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in form.instance._meta.many_to_many
        if field.name in form.fields and field.name in form.cleaned_data
    }


def who_changed(model: type[Model], pk) -> str:
    """'alice on 30 Nov 2026 at 10:02 UTC', from the record's latest history entry."""
    entry = (
        model.history.filter(**{model._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if entry is None:
        return "someone"
    user = entry.history_user.get_username() if entry.history_user else "someone (no user recorded)"
    when = timezone.localtime(entry.history_date).strftime("%-d %b %Y at %H:%M:%S %Z")
    return f"{user} on {when}"


def conflict(request, *, model: type[Model], pk, name: str, seen: int, current: int | None) -> str:
    """Log the refused edit and say why it was refused (the history is read once for both)."""
    who = who_changed(model, pk)
    log_security_event(
        "edit_conflict",
        request=request,
        model=model._meta.label_lower,
        pk=str(pk),
        expected_revision=seen,
        current_revision=current,
        changed_by=who,
        via="admin",
    )
    label = model._meta.verbose_name
    if current is None:
        return (
            f"This {label} (“{name}”) was deleted by {who} after you opened it. Nothing was saved."
        )
    return (
        f"This {label} (“{name}”) was changed by {who} after you opened it "
        f"(you opened version {seen}; it is now version {current}). Nothing was saved: reload "
        "the page to see their changes, then apply yours again."
    )


class RevisionCheckedForm(forms.ModelForm):
    """A ModelForm that carries the revision it was shown and refuses a stale save.

    Used for the change form and every inline row. A row nobody touched is not written, so it
    is not checked (and not locked); a stale row always counts as changed, because its hidden
    revision differs from the one just read.
    """

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # Set by the admin for a revert (the form then shows a historic copy, not the current row).
    revision_now: int | None = None
    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_tracked(self._meta.model):
            del self.fields[SEEN_FIELD]
            return
        if self.instance._state.adding:
            return  # a new record (or inline row) has no version to check yet
        shown = self.revision_now if self.revision_now is not None else self.instance.revision
        self.fields[SEEN_FIELD].initial = shown

    def clean(self):
        cleaned = super().clean()
        if SEEN_FIELD not in self.fields or self.instance._state.adding:
            return cleaned
        seen = cleaned.get(SEEN_FIELD)
        if seen is None:
            if SEEN_FIELD not in self.errors:
                raise ValidationError(
                    "This form does not say which version of the record it was opened on. "
                    "Reload the page and apply your changes again."
                )
            return cleaned
        if not self.has_changed():
            return cleaned
        model, pk = type(self.instance), self.instance.pk
        try:
            revision_check(model, pk, seen)  # locks the row until the admin's save is done
        except RevisionConflict as stale:
            message = conflict(
                self.request,
                model=model,
                pk=pk,
                name=str(self.instance),
                seen=seen,
                current=stale.current,
            )
            raise ValidationError(message, code="edit_conflict") from stale
        return cleaned


def with_request(form_class: type[forms.ModelForm], request, **attrs) -> type[forms.ModelForm]:
    """The form class, bound to the request (for the security log) and any `attrs`."""
    return type(form_class.__name__, (form_class,), {"request": request, **attrs})


def revision_fields(fields: list, model: type[Model], has_change: bool) -> list:
    """An inline's field list, plus the hidden revision where the user may save (a tabular
    row prints a hidden field in its first cell, with no label or column)."""
    if not has_change or not is_tracked(model) or SEEN_FIELD in fields:
        return fields
    return [*fields, SEEN_FIELD]


def without_revision(fields: list) -> list:
    """The change form's field list without the revision (which is a declared field, so the
    form has it whatever the list says). In a fieldset it would be a hidden row whose label
    names a hidden input; the change and revert templates print it as a bare hidden input."""
    return [name for name in fields if name != SEEN_FIELD]


def row_checkbox(checkbox: str, obj) -> str:
    """A changelist row's action checkbox, with the revision the row shows."""
    if not is_tracked(type(obj)):
        return checkbox
    return format_html(
        '{}<input type="hidden" name="{}" value="{}:{}">',
        checkbox,
        BULK_FIELD,
        obj.pk,
        obj.revision,
    )


def seen_revisions(request) -> dict[str, int]:
    """{pk: revision} from the changelist rows the user saw ("<pk>:<revision>" each)."""
    seen: dict[str, int] = {}
    for value in request.POST.getlist(BULK_FIELD):
        pk, _, revision = value.rpartition(":")
        if pk and revision.isdigit() and len(revision) <= 18:
            seen[pk] = int(revision)
    return seen


def stale_records(request, *, model: type[Model], records: Iterable[Model]) -> list[str]:
    """Why each record the user saw at another version may not be acted on (empty: none).

    Locks the records' rows (inside a transaction), so the action that follows acts on the
    versions just checked.
    """
    if not is_tracked(model):
        return []
    seen: Mapping[str, int] = seen_revisions(request)
    records = [record for record in records if str(record.pk) in seen]
    current = revisions_current(model, [record.pk for record in records])
    problems = []
    for record in records:
        shown, now = seen[str(record.pk)], current.get(record.pk)
        if shown != now:
            problems.append(
                conflict(
                    request, model=model, pk=record.pk, name=str(record), seen=shown, current=now
                )
            )
    return problems
