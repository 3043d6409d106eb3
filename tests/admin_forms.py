"""Builds the POST data an admin change page would submit, from the page as rendered."""

import datetime
from decimal import Decimal


def _encode(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time | Decimal | int):
        return str(value)
    return value


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_encode(item.pk if hasattr(item, "pk") else item) for item in value]
        else:
            data[key] = _encode(value.pk if hasattr(value, "pk") else value)
    return data


def change_form_data(response) -> dict:
    """The main form plus every inline formset, exactly as shown."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data
