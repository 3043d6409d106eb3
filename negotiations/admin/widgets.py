"""The admin's form widgets and labels, where Django's own fall short of HTML or of a screen reader.

- Django prints an autocomplete's empty choice as an empty <option>, which HTML does not allow
  (the Nu Html Checker's error): ours names it as Django's plain selects do. select2 shows its
  placeholder in its place either way.
- A tabular inline prints each field's label once, as its column's heading, and none beside the
  fields: each field of each row gets its label as `aria-label`, so a screen reader names it.
"""

from django.contrib.admin import widgets
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.text import capfirst

BLANK_LABEL = BLANK_CHOICE_DASH[0][1]


class AutocompleteSelect(widgets.AutocompleteSelect):
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        if value == "" and not label:
            label = BLANK_LABEL
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class ColumnLabelledFormSet:
    """An inline formset whose fields carry their labels (mixed in before Django's formset)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)  # adds the row's "Delete" box too
        for field in form.fields.values():
            if field.widget.is_hidden or not field.label:
                continue
            # The admin wraps a related field's widget (its add and change buttons) and renders
            # the attributes of the one it wraps.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", capfirst(str(field.label)))


def column_labelled(formset: type) -> type:
    return type(formset.__name__, (ColumnLabelledFormSet, formset), {})
