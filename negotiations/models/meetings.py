"""Where and when the sides meet: places, meetings (rounds of talks), delegations."""

from __future__ import annotations

from urllib.parse import quote

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from negotiations.models.actors import Party, Person
from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    DatePrecision,
    TrackedModel,
    field_indexes,
    last_possible_day,
    positive_check,
    precision_check,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import optional_link, precise_date
from negotiations.models.named import SlugPage, TitledModel


class Place(CitedModel):
    indexed_fields = ("venue", "locality", "region")
    venue = models.CharField(max_length=200, blank=True, help_text="As the sources describe it.")
    locality = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    country_code = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, upper case."
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["locality", "venue"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country_code="")
                | Q(
                    Exact(Length("country_code"), 2),
                    Exact(Upper("country_code"), F("country_code")),
                ),
                name="place_country_code_alpha2",
                violation_error_message="A country code is two upper-case letters.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_valid",
                violation_error_message="Give both coordinates, within ±90° and ±180°.",
            ),
            models.CheckConstraint(
                condition=~Q(venue="", locality="", region=""),
                name="place_named",
                violation_error_message="Give at least a venue, a locality or a region.",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.venue, self.locality, self.region) if part)

    def get_absolute_url(self) -> str:
        # A place has no page of its own: the search lists its meetings.
        name = self.locality or self.venue or self.region
        return f"{reverse('negotiations:search')}?q={quote(name)}"


MeetingStatus = text_choices("MeetingStatus", "scheduled held postponed cancelled")


class MeetingQuerySet(CitedQuerySet):
    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.HELD)

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED])

    def involving(self, party: Party | int) -> MeetingQuerySet:
        """Meetings where the party has a delegation."""
        return self.filter(delegations__party=party).distinct()


class Meeting(SlugPage, TitledModel):
    """A round of talks."""

    Status = MeetingStatus
    page = "negotiations:meeting-detail"

    indexed_fields = ("title", "summary", "characterisation")
    date, date_precision = precise_date(help_text="First day, at the precision below.")
    end_date = models.DateField(null=True, blank=True, help_text="Last day of a multi-day round.")
    start_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    place = optional_link(Place, on_delete=models.PROTECT, related_name="meetings")
    summary = models.TextField(blank=True)
    characterisation = models.TextField(
        blank=True, help_text="How the sides characterised the meeting."
    )
    sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="Order in the process (1 = first round)."
    )
    # The API list's order and cursor position: the date (undated last) and the id, as one
    # string (negotiations.timeline.table.MEETING_SORT_KEY), written with every meeting write.
    sort_key = models.CharField(max_length=64, default="", editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["sequence", "date", "title"]
        indexes = field_indexes("meeting", "date", "status", "sort_key")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="meeting_slug_unique"),
            status_check("status", MeetingStatus, "meeting"),
            *precision_check("date", "meeting"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(date__isnull=False, end_date__gte=F("date")),
                name="meeting_ends_after_start",
                violation_error_message="A meeting cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(date_precision=DatePrecision.DAY),
                name="meeting_start_time_needs_day",
                violation_error_message="A start time needs a date known to the day.",
            ),
            positive_check(
                "duration_minutes",
                name="meeting_duration_positive",
                message="A duration is a positive number of minutes.",
            ),
        ]

    @property
    def date_passed(self) -> bool:
        """Still "scheduled" although every day its date can mean is over: the outcome is not
        recorded yet ("date passed, outcome not recorded"), which is not "upcoming"."""
        if self.status != MeetingStatus.SCHEDULED:
            return False
        last = self.end_date or last_possible_day(self.date, self.date_precision)
        return last is not None and last < timezone.localdate()


class Delegation(CitedModel):
    """One party's team at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="delegations")
    notes = models.TextField(blank=True)
    members = models.ManyToManyField(
        Person, through="DelegationMember", related_name="delegations", blank=True
    )

    class Meta:
        ordering = ["meeting__sequence", "meeting__date", "meeting_id", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "party"],
                name="delegation_party_unique_in_meeting",
                violation_error_message="This party already has a delegation at this meeting.",
            )
        ]

    name_related = ("party", "meeting")

    def __str__(self) -> str:
        return f"{self.party} at {self.meeting}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#delegation-{self.pk}"


DelegationRole = text_choices("DelegationRole", "head member adviser")


class DelegationMember(TrackedModel):
    Role = DelegationRole

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="delegation_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["delegation_id", "person__name"]
        constraints = [
            status_check("role", DelegationRole, "delegation_member"),
            models.UniqueConstraint(
                fields=["delegation", "person"],
                name="delegation_member_unique",
                violation_error_message="This person is already in the delegation.",
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role="head"),
                name="delegation_single_head",
                violation_error_message="A delegation has one head.",
            ),
        ]

    name_related = ("person", "delegation__party", "delegation__meeting")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display().lower()}), {self.delegation}"

    def get_absolute_url(self) -> str:
        return self.delegation.get_absolute_url()
