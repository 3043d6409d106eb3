"""The Nu Html Checker (vnu.jar, the W3C's validator) over every kind of page: no errors.

The pages are rendered with the test client on the shipped data, written to files and checked in
one run of the checker (it takes many files; a start of Java per page would cost seconds each).
Errors fail on every page; warnings fail on the public pages (the admin's are Django's markup).
The library pages in LIBRARY_PAGES are not ours.
"""

import json
import subprocess
from pathlib import Path

import pytest

from negotiations.models import Meeting
from tests.factories import AccountFactory
from tests.validators.tools import (
    ADMIN_MEETING_FORM,
    PUBLIC_PAGES,
    VNU_JAR,
    java,
    require,
    vnu_missing,
)

pytestmark = [pytest.mark.validators, pytest.mark.django_db]

PAGES = {**PUBLIC_PAGES, "admin-meeting-form": ADMIN_MEETING_FORM}
STATUS = {"not-found": 404}
_checked: dict[str, list[str]] = {}
_warned: dict[str, list[str]] = {}


def nu_errors(files: dict[str, Path], warnings: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each file's errors, by its name, from one run of the checker over them all; its
    warnings go into `warnings` likewise."""
    run = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(path) for path in files.values()],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    by_file = {path.resolve().as_uri(): name for name, path in files.items()}
    found: dict[str, list[str]] = {name: [] for name in files}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue  # plain information
        name = by_file.get(message.get("url", "").replace("file:/", "file:///", 1))
        where = f"line {message.get('lastLine', '?')}"
        text = f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
        into = warnings if message["type"] == "info" else found
        into.setdefault(name or message.get("url", "?"), []).append(text)
    return found


@pytest.fixture
def checked(article, client, superuser, tmp_path_factory):
    """Every page's errors; rendered and checked once for the module's tests."""
    require(vnu_missing())
    if not _checked:
        # Two accounts of the Florida talks' duration: the meeting page and /disputes/ show a
        # dispute's markup too (the article alone disputes nothing).
        florida = Meeting.objects.get(slug="florida-talks")
        for minutes in (240, 300):
            AccountFactory.of(florida, value=minutes)
        folder = tmp_path_factory.mktemp("nu-html")
        files = {}
        for name, path in PAGES.items():
            if name == "admin-meeting-form":
                client.force_login(superuser)
            response = client.get(path)
            assert response.status_code == STATUS.get(name, 200), f"{path}: {response.status_code}"
            files[name] = folder / f"{name}.html"
            files[name].write_bytes(response.content)
        _checked.update(nu_errors(files, _warned))
    return _checked


@pytest.mark.parametrize("name", PAGES.keys())
def test_page_is_valid_html(checked, name):
    assert checked[name] == [], f"{PAGES[name]}: {len(checked[name])} errors\n" + "\n".join(
        checked[name]
    )


def test_the_checker_found_no_error_outside_the_pages(checked):
    """An error the checker reports on no page of ours (an unreadable file) would hide there."""
    assert set(checked) == set(PAGES), sorted(set(checked) - set(PAGES))


@pytest.mark.parametrize("name", PUBLIC_PAGES.keys())
def test_public_page_has_no_warning(checked, name):
    # e.g. a timeline statement's <article> without a heading
    warnings = _warned.get(name, [])
    assert warnings == [], f"{PAGES[name]}: {len(warnings)} warnings\n" + "\n".join(warnings)
