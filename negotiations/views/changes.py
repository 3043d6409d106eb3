"""Recent changes: who changed which record, when, and what the fields were before and after."""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations.changes import change_rows, changes_load, kinds
from negotiations.forms import ChangeFilterForm

PAGE_SIZE = 50


def changes(request: HttpRequest) -> HttpResponse:
    """Every change to every record, newest first, filterable by kind, user and time."""
    form = ChangeFilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        rows = change_rows(scopes=form.scopes(), user=data["user"], since=data["since"])
    else:
        rows = change_rows(scopes={})
    context = {"form": form, "page": _page(request, rows), "filter_query": _query(request)}
    return render(request, "negotiations/changes.html", context)


def record_changes(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One record's history, kept after the record is deleted."""
    model = kinds().get(kind)
    if model is None:
        raise Http404("No such kind of record.")
    page = _page(request, change_rows(scopes={model: Q(id=pk)}))
    if not page.object_list:
        raise Http404("This record has no history.")
    context = {
        "page": page,
        "latest": page.object_list[0],
        "kind_label": model._meta.verbose_name,
        "filter_query": _query(request),
    }
    return render(request, "negotiations/changes.html", context)


def _page(request: HttpRequest, rows) -> Page:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = changes_load(page.object_list)
    return page


def _query(request: HttpRequest) -> str:
    """The filters, for the page links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
