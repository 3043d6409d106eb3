"""Client generators can follow the schema: it passes openapi-spec-validator, openapi-python-client
generates a client from it without a warning, and that client reads the API without credentials
and parses its error bodies (the flat `Error`: `detail`, or messages per field)."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.slow  # runs the generator in a subprocess

PACKAGE = "tracker_client"


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--file", str(target))
    return target


@pytest.fixture(scope="module")
def generated(schema_file, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The client openapi-python-client generates into a temporary folder, and its run."""
    folder = tmp_path_factory.mktemp("client")
    config = folder / "config.yml"
    config.write_text("post_hooks: []\n")  # no ruff over the generated code: offline and faster
    run = subprocess.run(
        [
            *(sys.executable, "-m", "openapi_python_client", "generate"),
            *("--path", str(schema_file), "--meta", "none", "--config", str(config)),
            *("--output-path", str(folder / PACKAGE)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return folder, run


@pytest.fixture
def tracker_client(generated, monkeypatch):
    folder, run = generated
    assert (folder / PACKAGE / "client.py").is_file(), run.stdout + run.stderr
    monkeypatch.syspath_prepend(str(folder))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_the_schema_passes_openapi_spec_validator(schema_file):
    validate(yaml.safe_load(schema_file.read_text()))


def test_openapi_python_client_generates_the_whole_client_without_a_warning(generated):
    folder, run = generated
    output = run.stdout + run.stderr

    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    # The error bodies are a model of their own, not dropped from every operation.
    assert (folder / PACKAGE / "models" / "error.py").is_file()


def test_the_generated_client_reads_anonymously_and_parses_errors(
    live_server, committed_article, tracker_client
):
    from tracker_client.api.v1 import v1_meetings_list, v1_meetings_retrieve, v1_timeline_list
    from tracker_client.models import Error, Meeting, PaginatedMeetingList, TimelineEntry

    client = tracker_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    meetings = v1_meetings_list.sync(client=client)
    assert isinstance(meetings, PaginatedMeetingList)
    florida = next(meeting for meeting in meetings.results if meeting.slug == "florida-talks")
    meeting = v1_meetings_retrieve.sync(florida.id, client=client)
    assert isinstance(meeting, Meeting)
    assert meeting.title == florida.title
    assert {delegation.party.name for delegation in meeting.delegations} >= {"Ukraine"}
    timeline = v1_timeline_list.sync(client=client)
    assert timeline.results
    assert all(isinstance(entry, TimelineEntry) for entry in timeline.results)

    bad_filter = v1_meetings_list.sync_detailed(client=client, party=-1)
    assert bad_filter.status_code == 400
    assert isinstance(bad_filter.parsed, Error)
    assert bad_filter.parsed.additional_keys == ["party"]
    assert bad_filter.parsed["party"]
    missing = v1_meetings_retrieve.sync_detailed(99999, client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Error)
    assert missing.parsed.detail
