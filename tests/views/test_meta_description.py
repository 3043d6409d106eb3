"""Every kind of page describes itself for search engines and link previews: a
<meta name="description"> from its record (record pages) or of its list (lists)."""

import re
from html import unescape

import pytest

from negotiations.bidi import FSI, PDI

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
COMPARE = "/frameworks/us-peace-framework/compare/28-point-draft/19-point-revision/"

# Each page, and words of its own record it must say (the lists' descriptions: their subject).
PAGES = {
    "/": ["meetings", "sticking issues"],
    "/timeline/": ["in date order"],
    "/meetings/florida-talks/": [
        "US–Ukraine talks in Florida",
        "held",
        "Hallandale",
        "closed-door",
    ],
    "/people/marco-rubio/": ["Marco Rubio"],
    "/parties/ukraine/": ["Ukraine", "state"],
    "/frameworks/us-peace-framework/": ["US peace framework", "A US-authored framework"],
    COMPARE: ["Revised framework", "28-point draft", "point by point"],
    "/issues/": ["latest recorded stance"],
    "/issues/occupied-territories/": ["Future status of occupied territories", "Territorial"],
    "/search/?q=Rubio": ["“Rubio”"],
    "/search/": ["Search the peace-negotiation tracker"],
    "/sources/1/": ["US and Ukraine officials meet in Florida", "news report"],
    "/changes/": ["Every change"],
    "/changes/meeting/2/": ["History of", "US–Ukraine talks in Florida"],
}


def description(page: str) -> str:
    [content] = DESCRIPTION.findall(page)
    return unescape(content).replace(FSI, "").replace(PDI, "")


@pytest.mark.django_db
def test_each_kind_of_page_has_its_own_description(article, client):
    default = description(client.get("/meetings/no-such-meeting/").content.decode())
    assert "Peace negotiations" in default  # the error pages keep the site's own
    seen = {}
    for url, words in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = description(response.content.decode())
        assert text.strip(), url
        assert text != default, f"{url} has only the site's default description"
        assert "\n" not in text, url
        assert len(text) <= 300, (url, len(text))
        for word in words:
            assert word in text, (url, word, text)
        assert text not in seen, f"{url} describes itself as {seen.get(text)} does"
        seen[text] = url
