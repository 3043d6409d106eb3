"""Names are isolated from the text around them: a right-to-left override (U+202E) in one name
cannot reorder the words after it ("… talks, held" shown backwards). In the page, a name sits in
<bdi>; where only text is allowed (<title>, <option>), between U+2068 and U+2069."""

import re

import pytest

from negotiations.bidi import FSI, PDI
from tests import factories as f

RLO = "\u202e"
PARTY = f"Free {RLO}Republic"
MEETING = f"Talks {RLO}in Lisbon"


@pytest.fixture
def spoofed(db):
    party = f.PartyFactory(name=PARTY, slug="free-republic")
    meeting = f.MeetingFactory(title=MEETING, slug="lisbon-talks")
    f.DelegationFactory(party=party, meeting=meeting)
    f.PositionFactory(party=party, issue=f.StickingIssueFactory(title="Borders"))
    return party, meeting


ISOLATED = re.compile(f"<bdi>.*?</bdi>|{FSI}.*?{PDI}", re.DOTALL)


def assert_isolated(page: str, name: str, url: str) -> None:
    """Every time `name` is printed, it is isolated (maybe inside a longer isolated name)."""
    assert name in page, (url, name)
    assert name not in ISOLATED.sub("", page), (url, name)


@pytest.mark.parametrize(
    "url",
    ["/parties/free-republic/", "/issues/", "/timeline/", "/meetings/lisbon-talks/", "/"],
)
def test_a_name_with_a_right_to_left_override_is_isolated(spoofed, client, url):
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    for name in (PARTY, MEETING):
        if name in page:
            assert_isolated(page, name, url)


def test_the_party_page_list_and_timeline_put_the_party_in_bdi(spoofed, client):
    party_page = client.get("/parties/free-republic/").content.decode()
    assert f"<h1><bdi>{PARTY}</bdi></h1>" in party_page
    assert f"<title>{FSI}{PARTY}{PDI} · " in party_page
    board = client.get("/issues/").content.decode()
    assert f'<a href="/parties/free-republic/"><bdi>{PARTY}</bdi></a>' in board
    timeline = client.get("/timeline/").content.decode()
    assert f"<bdi>{PARTY}</bdi>" in timeline  # the meeting's delegations
    assert f">{FSI}{PARTY}{PDI}</option>" in timeline  # the party filter
    assert f"<bdi>{MEETING}</bdi></a></h3>" in timeline


def test_changes_and_search_isolate_names_too(spoofed, client):
    changes = client.get("/changes/").content.decode()
    assert f"<bdi>{PARTY}</bdi>" in changes
    assert_isolated(changes, PARTY, "/changes/")
    search = client.get("/search/", {"q": "Republic"}).content.decode()
    assert f"<bdi>Free {RLO}<mark>Republic</mark></bdi>" in search
