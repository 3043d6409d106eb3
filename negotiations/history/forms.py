"""The filters of the changes page, its feed and the API's changes list (one definition)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from negotiations.models.kinds import tracked_kinds


class ChangeFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, help_text="Only changes to this kind of record.")
    user = forms.CharField(
        required=False, max_length=150, help_text="Only changes made by this user (username)."
    )
    since = forms.DateTimeField(required=False, help_text="Only changes at or after this time.")
    record = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Only changes to the record with this id (give its kind too).",
    )

    def __init__(self, *args, editors_visible: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Who may see editors' names may filter by them (history.changes.editors_visible).
        self.editors_visible = editors_visible
        self.fields["kind"].choices = [("", "All kinds")] + [
            (name, kind.label.capitalize()) for name, kind in sorted(tracked_kinds().items())
        ]

    def clean_user(self) -> str:
        username = self.cleaned_data["user"].strip()
        if username and not self.editors_visible:
            # Refused, not ignored: "No user is called …" would tell which usernames exist.
            raise forms.ValidationError("Sign in to filter by user.", code="sign_in")
        if username and not get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(f"No user is called “{username}”.")
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("record") and not data.get("kind"):
            self.add_error("record", "Give the record's kind too.")
        return data

    def scopes(self) -> dict | None:
        """The `change_rows` scopes the chosen kind and record stand for (None: everything)."""
        kind, record = self.cleaned_data.get("kind"), self.cleaned_data.get("record")
        if not kind:
            return None
        return {tracked_kinds()[kind].model: Q(id=record) if record else Q()}
