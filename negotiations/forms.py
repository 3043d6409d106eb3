"""Validators shared by the query forms of the pages and the API."""

from django import forms


def decodable(value: str) -> None:
    # Django decodes a query string with errors="replace": U+FFFD marks bytes that were not UTF-8.
    if "\ufffd" in value:
        raise forms.ValidationError("The text is not valid UTF-8.", code="encoding")
