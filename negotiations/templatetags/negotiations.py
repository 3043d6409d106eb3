import functools
import html
import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from negotiations import bidi
from negotiations.dates import format_precise_date
from negotiations.disputes.display import record_disputes
from negotiations.links import pk_links
from negotiations.models import Citation, Source
from negotiations.text import duration_words, excerpt

register = template.Library()


@register.simple_tag
def precise_date(value, precision: str) -> str:
    """`{% precise_date meeting.date meeting.date_precision %}` → "week of 1 Dec 2025"."""
    return format_precise_date(value, precision)


@register.inclusion_tag("negotiations/partials/record_links.html", takes_context=True)
def record_links(context, record) -> dict:
    """Links to the record's JSON, its history and, for those who may change it, its admin
    page."""
    opts = record._meta
    user = context["request"].user
    can_change = user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    return {
        "api_url": reverse(f"api:{opts.model_name}-detail", args=[record.pk]),
        "history_url": reverse("negotiations:record-changes", args=[opts.model_name, record.pk]),
        "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        if can_change
        else None,
    }


@register.filter
def bdi(value) -> SafeString:
    """`{{ party|bdi }}`: a user-supplied name, escaped, in <bdi>, so right-to-left text or an
    override character (U+202E) in it cannot reorder the words printed around it."""
    if value is None or value == "":
        return SafeString("")
    # As format_html("<bdi>{}</bdi>", value), without its lazy-string wrapping: a page prints
    # hundreds of names.
    text = value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
    return SafeString(f"<bdi>{text}</bdi>")


@register.filter
def isolate(value) -> str:
    """`{{ meeting.title|isolate }}` in <title> or <option>, which take text only: the same
    isolation as `bdi`, by Unicode's isolate characters, for names that need it (see
    negotiations.bidi). Escaped by the template as usual."""
    if value is None or value == "":
        return ""
    return bidi.isolate(str(value))


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """`text`, escaped, with each word of `query` it contains wrapped in <mark>."""
    words = [re.escape(word) for word in (query or "").split() if len(word) > 1]
    if not words:
        return escape(text or "")
    # Split the raw text on the matches, so escaping never cuts through an entity.
    parts = re.split(f"({'|'.join(words)})", text or "", flags=re.IGNORECASE)
    return SafeString(
        "".join(
            format_html("<mark>{}</mark>", part) if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )


@register.filter
def excerpt_around(text: str, query: str, width: int = 160) -> str:
    """The part of `text` around the first word of `query` it contains (its start if none),
    cut between words."""
    text = text or ""
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in (query or "").split()]
    positions = [p for p in positions if p >= 0]
    return excerpt(text, min(positions, default=0), width)


@register.filter
def duration(minutes: int | None) -> str:
    """240 → "4 hours"; 90 → "1 hour 30 minutes"."""
    return duration_words(minutes)


@register.filter
def attribute(record, name: str):
    """`record|attribute:"summary"`: a field chosen by the view."""
    return getattr(record, name, "")


@register.filter
def attributions(citations) -> str:
    """`{{ point.citations.all|attributions }}` → "reported, anonymous sources": how the
    citations attribute what they back, each kind once, in the order they come."""
    labels = dict.fromkeys(citation.get_attribution_display().lower() for citation in citations)
    return ", ".join(labels)


@functools.lru_cache(maxsize=4096)
def _day(day, language: str) -> str:
    # As `{{ day|date:"j M Y" }}` prints it in `language` (the filter costs a tenth of a
    # millisecond, and sources share their dates), escaped.
    return conditional_escape(date_filter(day, "j M Y"))


@register.simple_tag
def citation_items(citations) -> SafeString:
    """`{% citation_items citations %}`: partials/citations.html's list, each citation's
    verbatim excerpt, grade, attribution, source and note. Written here, not as a template
    loop: the framework page lists a thousand citations, and the loop's lookups were most of
    its time. The markup is the template's, byte for byte (tests/views/test_citation_items.py)."""
    source_url = pk_links("negotiations:source-detail")
    parts = ['\n<ul class="citations">\n  ']
    for citation in citations:
        source = citation.source
        parts.append(
            f'\n    <li id="citation-{citation.pk}">\n'
            f"      <blockquote>{conditional_escape(citation.excerpt)}</blockquote>\n"
            f'      <p class="attribution">{grade(citation)} '
            f'<span class="badge">{conditional_escape(citation.get_attribution_display())}</span>\n'
            f'        <a href="{source_url(source.pk)}">{bdi(source.title)}</a>'
        )
        if source.dateline:
            parts.append(f", {bdi(source.dateline)}")
        if source.published_date:
            parts.append(f", {_day(source.published_date, get_language())}")
        parts.append("</p>\n      ")
        if citation.note:
            parts.append(f'<p class="note">{conditional_escape(citation.note)}</p>')
        parts.append("\n    </li>\n  ")
    parts.append("\n</ul>\n")
    return SafeString("".join(parts))


@register.simple_tag
def grade(citation) -> SafeString:
    """`{% grade citation %}`: the citation's Admiralty grade as a badge, "F6" (the source's
    reliability, the information's credibility), its meaning on hover and for screen readers."""
    return _grade_badge(citation.source.reliability, citation.credibility)


@functools.lru_cache(maxsize=64)
def _grade_badge(reliability: str, credibility: str) -> SafeString:
    # Each of the 36 grades reads the same everywhere: built once (a page shows hundreds).
    citation = Citation(source=Source(reliability=reliability), credibility=credibility)
    meaning = citation.grade_meaning
    return format_html(
        '<span class="badge grade" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">Graded {}. {}</span></span>',
        meaning,
        citation.grade,
        citation.grade,
        meaning,
    )


@register.inclusion_tag("negotiations/partials/grading.html")
def grading_legend() -> dict:
    """`{% grading_legend %}`: what the two scales of a citation's grade mean."""
    return {
        "reliability": Source.Reliability.choices,
        "credibility": Citation.Credibility.choices,
    }


@register.filter
def citations(record):
    """`{% with citations=record|citations %}`: the record's citations with their sources, as
    a view read them (a plain list, `citation_list`) or prefetched (`with_citations()`)."""
    found = getattr(record, "citation_list", None)
    return record.citations.all() if found is None else found


@register.filter
def disputes(record) -> dict:
    """`{% with disputed=meeting|disputes %}`: fact name → its dispute (DisputeView), for the
    record's disputed facts, read from its accounts (`account_list` or `with_accounts()`)."""
    return record_disputes(record)
