"""Places, meetings, delegations and their members."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

from negotiations.admin.base import (
    CitedAdmin,
    CountColumn,
    Inline,
    TrackedAdmin,
    dated,
)
from negotiations.admin.conflicts import RevisionCheckedForm
from negotiations.admin.frameworks import VersionMeetingInline
from negotiations.admin.imports import BulkImportMixin
from negotiations.admin.widgets import AutocompleteSelect
from negotiations.models import (
    Delegation,
    DelegationMember,
    Meeting,
    Person,
    Place,
    Statement,
)
from negotiations.services.delegations import delegation_members_check, delegation_set_members


@admin.register(Place)
class PlaceAdmin(CitedAdmin):
    list_display = ["__str__", "venue", "locality", "region", "country_code"]
    list_filter = ["country_code"]
    search_fields = ["venue", "locality", "region"]


# Form fields, not the model's `members` (all of the team, through DelegationMember).
TEAM_ROLES = {
    "team_head": DelegationMember.Role.HEAD,
    "team_members": DelegationMember.Role.MEMBER,
    "team_advisers": DelegationMember.Role.ADVISER,
}


class DelegationTeamForm(RevisionCheckedForm):
    """A delegation row with its team: the head, the members and the advisers, so the team is
    edited from the meeting as well as on the delegation's own page."""

    # Searched as the delegation page's member rows are (the person admin's search fields).
    _person = DelegationMember._meta.get_field("person")
    team_head = forms.ModelChoiceField(
        Person.objects.all(),
        required=False,
        label="Head",
        widget=AutocompleteSelect(_person, admin.site),
    )
    team_members = forms.ModelMultipleChoiceField(
        Person.objects.all(),
        required=False,
        label="Members",
        widget=AutocompleteSelectMultiple(_person, admin.site),
    )
    team_advisers = forms.ModelMultipleChoiceField(
        Person.objects.all(),
        required=False,
        label="Advisers",
        widget=AutocompleteSelectMultiple(_person, admin.site),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            team = {role: [] for role in TEAM_ROLES.values()}
            for membership in self.instance.memberships.all():
                team[membership.role].append(membership.person_id)
            for name, role in TEAM_ROLES.items():
                people = team[role]
                self.initial[name] = people if name != "team_head" else next(iter(people), None)

    def team(self) -> list[dict]:
        """The team as delegation_set_members takes it."""
        head = self.cleaned_data.get("team_head")
        team = [{"person": head, "role": DelegationMember.Role.HEAD}] if head else []
        for name in ("team_members", "team_advisers"):
            team += [{"person": p, "role": TEAM_ROLES[name]} for p in self.cleaned_data[name]]
        return team

    def clean(self):
        cleaned = super().clean()
        if all(name in cleaned for name in TEAM_ROLES):
            try:
                delegation_members_check(self.team())
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cleaned


class DelegationInline(Inline):
    select_related = ("party", "meeting")
    model = Delegation
    form = DelegationTeamForm
    fields = ["party", *TEAM_ROLES, "notes"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")


class StatementInline(Inline):
    select_related = ("person",)
    model = Statement
    fields = ["person", "text", "date", "date_precision", "context"]


@admin.register(Meeting)
class MeetingAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["title", "when", "status", "place", "duration_minutes", "sequence"]
    list_filter = ["status", "date_precision"]
    search_fields = ["title", "summary", "characterisation"]
    date_hierarchy = "date"
    inlines = [DelegationInline, VersionMeetingInline, StatementInline]
    when = dated("date")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Delegation:
            return
        # Each delegation row's team, once the row itself is written (a new one has an id).
        for row in formset.forms:
            deleted = formset.can_delete and formset._should_delete_form(row)
            if deleted or not row.has_changed() or row.instance.pk is None:
                continue
            if any(name in row.changed_data for name in TEAM_ROLES):
                delegation_set_members(delegation=row.instance, members=row.team(), by=request.user)


class DelegationMemberInline(Inline):
    select_related = ("person", "delegation__party", "delegation__meeting")
    model = DelegationMember
    fields = ["person", "role"]


@admin.register(Delegation)
class DelegationAdmin(CitedAdmin):
    list_display = ["__str__", "meeting", "party", CountColumn("memberships", "Members")]
    list_filter = ["party"]
    search_fields = ["party__name", "meeting__title", "members__name"]
    inlines = [DelegationMemberInline]


@admin.register(DelegationMember)
class DelegationMemberAdmin(TrackedAdmin):
    list_display = ["person", "role", "delegation"]
    list_filter = ["role"]
    search_fields = [
        "person__name",
        "delegation__party__name",
        "delegation__meeting__title",
    ]
    list_select_related = ["person", "delegation__party", "delegation__meeting"]
