"""A source's page: its text with every cited excerpt marked and linked to the claims it backs,
then those claims in the order the text gives them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from negotiations import models as m
from negotiations.marked import excerpt_spans, marked_paragraphs
from negotiations.views.queries import query_problems

CLAIMS_PER_PAGE = 100


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(m.Source, pk=pk)
    if problems := query_problems(request, known=[]):
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    # Every excerpt (id and text only) places the marks; the claims list reads in text order,
    # then the excerpts the text no longer holds.
    excerpts = list(
        m.Citation.objects.filter(source=source).order_by("id").values_list("id", "excerpt")
    )
    spans = excerpt_spans(source.text, excerpts)
    order = sorted(spans, key=lambda pk: (spans[pk], pk)) + [
        pk for pk, _ in excerpts if pk not in spans
    ]
    number = {pk: n for n, pk in enumerate(order, start=1)}
    page = Paginator(order, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    on_page = set(page.object_list)
    records = m.Citation.objects.filter(pk__in=on_page).with_records().in_bulk()

    def note(pk: int) -> dict:
        where = "" if pk in on_page else f"?page={(number[pk] - 1) // CLAIMS_PER_PAGE + 1}"
        return {"number": number[pk], "href": f"{where}#citation-{pk}"}

    paragraphs = marked_paragraphs(source.text, spans)
    passage: dict[int, int] = {}  # citation → the passage its excerpt is in
    for paragraph in paragraphs:
        for run in paragraph:
            run.links = [note(pk) for pk in run.notes]
            for pk in run.cited:
                passage.setdefault(pk, run.passage)
    claims = [claim(records[pk], number[pk], passage.get(pk)) for pk in page.object_list]
    return render(
        request,
        "negotiations/source_detail.html",
        {
            "source": source,
            "paragraphs": paragraphs,
            "page": page,
            "claims": claims,
            "unplaced": len(excerpts) - len(spans),
        },
    )


def claim(citation: m.Citation, number: int, passage: int | None) -> dict:
    record = citation.content_object
    return {
        "citation": citation,
        "number": number,
        "record": record,
        "kind": type(record)._meta.verbose_name.capitalize() if record is not None else "",
        "passage": passage,
    }
