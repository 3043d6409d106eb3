"""A record's own page, found by its slug: what the person, party, issue and framework
pages share."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.models.base import CitedModel


def record_page(
    request: HttpRequest, model: type[CitedModel], slug: str, *related: str | Prefetch, name: str
) -> HttpResponse:
    """The `model` record at `slug`, with its citations and the `related` lists its page shows
    (prefetch_related lookups), rendered as `name` in negotiations/<name>_detail.html."""
    records = model.objects.with_citations().prefetch_related(*related)
    record = get_object_or_404(records, slug=slug)
    return render(request, f"negotiations/{name}_detail.html", {name: record})
