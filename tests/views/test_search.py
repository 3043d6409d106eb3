"""The search page as an analyst reads it: records found by their context, human labels, one row
per excerpt, snippets cut between words. The same on SQLite and PostgreSQL."""

import html
import re
from collections import Counter

import pytest

from negotiations.models import Citation, Position, SearchDocument, Statement
from negotiations.templatetags.negotiations import excerpt_around
from negotiations.text import shorten
from tests import factories as f


def results(client, query: str) -> dict[str, list]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return {group["label"]: group["results"] for group in response.context["groups"]}


@pytest.mark.django_db
def test_a_position_is_found_by_the_title_of_its_issue(article, client, api_client):
    # Ukraine's own words are "security commitments"; its issue is the security guarantees.
    ukraine = Position.objects.get(party__slug="ukraine", issue__slug="security-guarantees")
    assert "guarantees" not in ukraine.stated_position

    assert ukraine in results(client, "security guarantees")["Positions"]
    found = api_client.get("/api/v1/positions/", {"search": "security guarantees"}).json()
    assert ukraine.pk in {position["id"] for position in found["results"]}
    # Still every word of the query, in the record's text or in one record of its context.
    assert ukraine not in results(client, "guarantees xylophone")["Positions"]


@pytest.mark.django_db
def test_a_statement_is_found_by_its_speaker_and_the_speakers_party_once(article, client):
    rubio = set(Statement.objects.filter(person__slug="marco-rubio"))
    assert rubio
    assert all("Rubio" not in statement.text for statement in rubio)
    assert rubio <= set(results(client, "Rubio")["Statements"])

    speaker = f.PersonFactory(name="Ivan Petrenko", slug="ivan-petrenko")
    party = f.PartyFactory(name="Freedonia", slug="freedonia")
    f.RoleFactory(person=speaker, party=party, title="Envoy")
    f.RoleFactory(person=speaker, party=party, title="Minister")  # two roles, one result
    said = f.StatementFactory(person=speaker, text="We will see.")

    assert results(client, "Freedonia")["Statements"] == [said]


@pytest.mark.django_db
def test_citations_say_what_they_back_in_words_once_per_excerpt(article, client):
    response = client.get("/search/", {"q": "security guarantees"})
    page = response.content.decode()
    citations = next(g for g in response.context["groups"] if g["label"] == "Citations")

    shown = Counter((c.source_id, c.excerpt) for c in citations["results"])
    assert shown
    assert max(shown.values()) == 1
    # The article quotes one sentence for both issues: one row naming both.
    quoted = Citation.objects.filter(excerpt__startswith="Sources close to the talks").first()
    assert Citation.objects.filter(source=quoted.source, excerpt=quoted.excerpt).count() == 2
    (row,) = [c for c in citations["results"] if c.excerpt == quoted.excerpt]
    assert [(label, [str(r) for r in records]) for label, records in row.backs] == [
        (
            "sticking issues",
            ["Future status of occupied territories", "Ukraine’s long-term security guarantees"],
        )
    ]
    assert "Backs: sticking issues “" in page
    assert "Backs: framework version “" in page
    assert not re.search(r"Backs: (stickingissue|frameworkversion) ", page)


@pytest.mark.django_db
def test_snippets_and_shortened_names_end_between_words(article, client):
    text = Citation.objects.filter(excerpt__startswith="Sources close to the talks")[0].excerpt
    words = set(text.replace("—", " ").split())

    assert shorten(text, 60) == "Sources close to the talks indicate that two fundamental…"
    snippet = excerpt_around(text, "security", width=80)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert set(snippet.strip("…").replace("—", " ").split()) <= words
    assert "security" in snippet

    # On the page, each word beside an ellipsis is a whole word of the texts searched.
    indexed = " ".join(SearchDocument.objects.values_list("text", flat=True))
    whole = set(re.split(r"[\s—]+", indexed)) | words
    page = html.unescape(client.get("/search/", {"q": "security guarantees"}).content.decode())
    beside = []
    for shown in re.findall(r'<span class="when">(.*?)</span>|“(.*?)”', page):
        plain = re.sub(r"<[^>]+>", "", "".join(shown))
        beside += [w for w in re.findall(r"(\S+)…|…(\S+)", plain) for w in w if w]
    assert beside
    assert [word for word in beside if word not in whole] == []
