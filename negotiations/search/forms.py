"""The search page's query."""

from django import forms

from negotiations.forms import decodable


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, validators=[decodable], help_text="Words to find."
    )
