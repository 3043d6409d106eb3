"""The citations list a record page shows (partials/citations.html, written by the
`citation_items` tag for speed), and the links built from patterns reversed once."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from negotiations.links import pk_links, slug_path
from negotiations.templatetags.negotiations import grade
from tests import factories as f

pytestmark = pytest.mark.django_db

PARTIAL = Template('{% include "negotiations/partials/citations.html" %}')


def test_a_citation_shows_its_excerpt_grade_attribution_source_and_note_escaped():
    source = f.SourceFactory(
        title="<b>Reuters</b>",
        dateline="Kyiv & Miami",
        published_date=datetime.date(2025, 12, 1),
        reliability="B",
    )
    citation = f.CitationFactory(
        source=source,
        excerpt='He said "no" <script>',
        attribution="anonymous",
        credibility="2",
        note="Two officials & one diplomat.",
    )
    bare = f.CitationFactory(source=f.SourceFactory(title="Wire", published_date=None))
    html = PARTIAL.render(Context({"citations": [citation, bare]}))
    grade_b2 = (
        '<span class="badge grade" title="Source B: usually reliable; information 2: probably '
        'true."><span aria-hidden="true">B2</span><span class="visually-hidden">Graded B2. '
        "Source B: usually reliable; information 2: probably true.</span></span>"
    )
    assert html == (
        '\n<ul class="citations">\n  '
        f'\n    <li id="citation-{citation.pk}">\n'
        "      <blockquote>He said &quot;no&quot; &lt;script&gt;</blockquote>\n"
        f'      <p class="attribution">{grade_b2} '
        '<span class="badge">Anonymous sources</span>\n'
        f'        <a href="/sources/{source.pk}/"><bdi>&lt;b&gt;Reuters&lt;/b&gt;</bdi></a>'
        ", <bdi>Kyiv &amp; Miami</bdi>, 1 Dec 2025</p>\n"
        '      <p class="note">Two officials &amp; one diplomat.</p>\n    </li>\n  '
        f'\n    <li id="citation-{bare.pk}">\n'
        "      <blockquote>productive</blockquote>\n"
        f'      <p class="attribution">{grade(bare)} '
        f'<span class="badge">{bare.get_attribution_display()}</span>\n'
        f'        <a href="/sources/{bare.source.pk}/"><bdi>Wire</bdi></a></p>\n'
        "      \n    </li>\n  "
        "\n</ul>\n"
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("negotiations:meeting-detail", "florida-talks"),
        ("negotiations:party-detail", "ukraine"),
    ],
)
def test_a_slug_link_is_what_reverse_gives(name, slug):
    assert slug_path(name, slug) == reverse(name, args=[slug])


def test_a_slug_the_pattern_refuses_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_path("negotiations:meeting-detail", "talks ü")


def test_an_id_link_is_what_reverse_gives():
    assert pk_links("negotiations:source-detail")(42) == reverse(
        "negotiations:source-detail", args=[42]
    )
