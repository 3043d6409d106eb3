"""Every API route renders in the browsable API (Accept: text/html or ?format=api): no 5xx.

The routes are read from the URL resolver, so a new one is covered without adding it here;
detail routes get a real record's id from the article's data.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from negotiations.frameworks.api import CompareView
from negotiations.models import FrameworkVersion
from tests.test_admin import EXTRA

# The answers a route may give instead of a page, each for a documented reason.
EXPECTED_REFUSALS = {
    "api:token": {405, 406, 404},  # POST only, answered in JSON only (no ?format=api)
    "schema": {404, 406},  # served as OpenAPI YAML or JSON only, not as a page
    "api-docs": {404},  # a page already: ?format=api is not one of its formats
    # Settling a dispute is a POST (with the reason); there is nothing to read.
    "api:account-accept": {405},
    "api:account-reopen": {405},
}
# The whole-dataset exports are being reworked elsewhere: only "no server error" is asserted.
EXPORTS = {"api:popolo"}
# What a route needs in its query to answer a page rather than a 400.
QUERIES = {"api:deletions": {"since": "2025-01-01T00:00:00Z"}}


def api_routes():
    """(url name, pattern, view class) of every named route under /api/."""

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name, pattern

    for path, name, pattern in walk(get_resolver().url_patterns, "", ""):
        if path.startswith("api/"):
            yield name, pattern


ROUTES = list(api_routes())


def view_model(pattern):
    view = getattr(pattern.callback, "cls", None)
    if view is CompareView:
        return FrameworkVersion
    queryset = getattr(view, "queryset", None)
    assert queryset is not None, f"{pattern.name}: which record does its id name?"
    return queryset.model


def url_for(name: str, pattern) -> str:
    kwargs = {}
    for argument in pattern.pattern.regex.groupindex:
        if argument == "format":
            kwargs[argument] = "api"
        else:  # pk, or a comparison's version and other: two real records
            model = view_model(pattern)
            ids = list(model._default_manager.order_by("pk")[:2])
            if not ids:  # a kind the article has none of
                ids = [EXTRA[model._meta.model_name]()]
            kwargs[argument] = ids[0].pk if argument in ("pk", "version") else ids[-1].pk
    return reverse(name, kwargs=kwargs)


def route_id(route) -> str:
    name, pattern = route
    return name + (".format" if "format" in pattern.pattern.regex.groupindex else "")


def test_the_walk_finds_every_kind_of_route():
    names = {name for name, _ in ROUTES}
    assert {
        "api:api-root", "api:changes", "api:timeline", "api:deletions", "api:popolo",
        "api:token", "api:framework-version-compare", "api:meeting-list", "api:meeting-detail",
        "api:citation-detail", "schema", "api-docs",
    } <= names  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_every_api_route_renders_in_the_browsable_api(route, article, analyst):
    name, pattern = route
    url = url_for(name, pattern)
    query = QUERIES.get(name, {})
    signed_in = Client()
    signed_in.force_login(analyst)  # an analyst also gets the API's write forms
    for client in (Client(), signed_in):
        as_page = client.get(url, query, HTTP_ACCEPT="text/html")
        as_api = client.get(url, query if "format" in pattern.pattern.regex.groupindex else {
            **query, "format": "api"
        })  # fmt: skip
        for response in (as_page, as_api):
            assert response.status_code < 500, (url, response.content[:2000])
            if name in EXPORTS:
                continue
            allowed = {200} | EXPECTED_REFUSALS.get(name, set())
            assert response.status_code in allowed, (url, response.content[:2000])
            if response.status_code == 200 and name not in ("schema", "api-docs"):
                assert response["Content-Type"].startswith("text/html")
                assert b"Django REST framework" in response.content


@pytest.mark.django_db
def test_the_changes_list_renders_in_the_browsable_api(article, client):
    """The probe's finding: this one answered 500 ("should either include a queryset")."""
    for response in (
        client.get("/api/v1/changes/", HTTP_ACCEPT="text/html"),
        client.get("/api/v1/changes/", {"format": "api", "kind": "meeting"}),
    ):
        assert response.status_code == 200
        assert "Every change to every record" in response.content.decode()
