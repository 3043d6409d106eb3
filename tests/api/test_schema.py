"""The OpenAPI schema is valid, typed, documents errors, and its docs page needs no CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    assert "/api/v1/timeline/" in paths
    assert "/api/v1/framework-versions/{version}/compare/{other}/" in paths
    patch = paths["/api/v1/meetings/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "428"} <= set(patch["responses"])
    # Related records read as {id, url, name} and are written as ids.
    meeting = schema["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["place"]["allOf"] == [{"$ref": "#/components/schemas/Ref"}]
    request = schema["components"]["schemas"]["MeetingRequest"]["properties"]
    assert request["place"]["type"] == "integer"


def test_reads_declare_anonymous_access_and_writes_need_credentials():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    wrong = []
    for path, path_item in schema["paths"].items():
        for method, operation in path_item.items():
            security = operation["security"]
            # Anyone reads, and may sign in; the token or the session stay on offer.
            anonymous = method == "get" or path.endswith("/auth/token/")
            if {"tokenAuth": []} not in security or ({} in security) != anonymous:
                wrong.append(f"{method.upper()} {path}: {security}")
    assert not wrong, "\n".join(wrong)


def test_an_error_is_flat_so_client_generators_can_follow_it():
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    error = schemas["Error"]
    assert error["properties"]["detail"]["type"] == "string"
    # Any other key is a field's or a dotted path's list of messages; nothing refers back.
    assert error["additionalProperties"]["type"] == "array"
    assert error["additionalProperties"]["items"] == {"type": "string"}
    assert "$ref" not in str(error)
    assert "FieldErrors" not in schemas


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
