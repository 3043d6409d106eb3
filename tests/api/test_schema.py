"""The OpenAPI schema is valid, typed, documents errors, and its docs page needs no CDN."""

import re

import pytest
import yaml
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    assert "/api/v1/timeline/" in paths
    assert "/api/v1/framework-versions/{id}/compare/{other_pk}/" in paths
    patch = paths["/api/v1/meetings/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "428"} <= set(patch["responses"])
    # Related records read as {id, url, name} and are written as ids.
    meeting = schema["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["place"]["allOf"] == [{"$ref": "#/components/schemas/Ref"}]
    request = schema["components"]["schemas"]["MeetingRequest"]["properties"]
    assert request["place"]["type"] == "integer"


@pytest.mark.django_db
def test_interactive_docs_are_served_by_the_app(client):
    page = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("drf_spectacular_sidecar" in asset for asset in assets)
    assert not [asset for asset in assets if asset.startswith(("http://", "https://", "//"))]


@pytest.mark.django_db
def test_schema_endpoint_answers(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Peace-negotiation tracker API"
