"""A delegation's team (head, members, advisers) edited from the meeting's admin page."""

import pytest
from django.urls import reverse

from negotiations.models import Delegation, Meeting, Person
from tests.admin_forms import change_form_data


def florida(client):
    meeting = Meeting.objects.get(slug="florida-talks")
    url = reverse("admin:negotiations_meeting_change", args=[meeting.pk])
    return url, change_form_data(client.get(url))


def row_prefix(data: dict, party: str) -> str:
    """The form prefix ("delegations-1") of the row for `party`'s delegation."""
    delegation = Delegation.objects.get(meeting__slug="florida-talks", party__slug=party)
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(delegation.pk))
    return key[: -len("-id")]


@pytest.mark.django_db
def test_the_meeting_form_shows_each_delegations_team(article, analyst_client):
    _, data = florida(analyst_client)
    us = row_prefix(data, "united-states")
    people = dict(Person.objects.values_list("slug", "pk"))
    assert data[f"{us}-team_head"] == str(people["marco-rubio"])
    assert sorted(data[f"{us}-team_members"]) == sorted(
        [str(people["steve-witkoff"]), str(people["jared-kushner"])]
    )
    assert data[f"{us}-team_advisers"] == []


@pytest.mark.django_db
def test_a_team_changed_on_the_meeting_form_is_saved_with_history(article, analyst_client, analyst):
    url, data = florida(analyst_client)
    ukraine = row_prefix(data, "ukraine")
    people = dict(Person.objects.values_list("slug", "pk"))
    data[f"{ukraine}-team_advisers"] = [str(people["volodymyr-zelenskyy"])]

    response = analyst_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    delegation = Delegation.objects.get(meeting__slug="florida-talks", party__slug="ukraine")
    team = {m.person.slug: m.role for m in delegation.memberships.select_related("person")}
    assert team == {"rustem-umerov": "head", "volodymyr-zelenskyy": "adviser"}
    added = delegation.memberships.get(person__slug="volodymyr-zelenskyy")
    assert added.history.get().history_user == analyst


@pytest.mark.django_db
def test_one_person_in_two_roles_is_a_form_error_and_nothing_is_saved(article, analyst_client):
    url, data = florida(analyst_client)
    us = row_prefix(data, "united-states")
    data[f"{us}-team_advisers"] = [data[f"{us}-team_head"]]  # Rubio as head and adviser
    data["summary"] = "Not to be saved."

    response = analyst_client.post(url, data)

    assert response.status_code == 200
    assert "A person appears twice in the delegation." in response.content.decode()
    assert Meeting.objects.get(slug="florida-talks").summary != "Not to be saved."
    us_delegation = Delegation.objects.get(
        meeting__slug="florida-talks", party__slug="united-states"
    )
    assert us_delegation.memberships.count() == 3
