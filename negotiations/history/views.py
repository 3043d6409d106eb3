"""Recent changes: who changed which record, when, and what the fields were before and after."""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations.history.changes import change_rows, changes_load, editors_visible
from negotiations.history.forms import ChangeFilterForm
from negotiations.models.kinds import tracked_kinds
from negotiations.views.queries import query_problems

PAGE_SIZE = 50


def changes(request: HttpRequest) -> HttpResponse:
    """Every change to every record, newest first, filterable by kind, user and time."""
    form = ChangeFilterForm(request.GET, editors_visible=editors_visible(request))
    problems = query_problems(request, known=form.fields, form=form)
    if problems:
        rows = change_rows(scopes={})
    else:
        data = form.cleaned_data
        rows = change_rows(scopes=form.scopes(), user=data["user"], since=data["since"])
    context = {
        "form": form,
        "page": _page(request, rows, problems),
        "filter_query": _query(request),
        "problems": problems,
    }
    return render(request, "negotiations/changes.html", context, status=400 if problems else 200)


def record_changes(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One record's history, kept after the record is deleted."""
    record_kind = tracked_kinds().get(kind)
    if record_kind is None:
        raise Http404("No such kind of record.")
    problems = query_problems(request, known=[])
    rows = change_rows(scopes={record_kind.model: Q(id=pk)})
    page = _page(request, rows, problems)
    # The newest change names the record (with a bad query, the page itself lists none).
    latest = (
        changes_load(rows[:1], show_editors=editors_visible(request))
        if problems
        else page.object_list
    )
    if latest:
        subject = latest[0]
    else:
        # Loaded without history (loaddata alone): the record's page still links here.
        record = (
            record_kind.model._default_manager.select_related(*record_kind.live_related)
            .filter(pk=pk)
            .first()
        )
        if record is None:
            raise Http404("No such record.")
        subject = {"name": str(record), "record": record, "html_url": record.get_absolute_url()}
    context = {
        "page": page,
        "latest": subject,
        "kind_label": record_kind.label,
        "filter_query": _query(request),
        "problems": problems,
    }
    return render(request, "negotiations/changes.html", context, status=400 if problems else 200)


def _page(request: HttpRequest, rows, problems: list[str]) -> Page:
    # With a bad query the page lists nothing (and counts nothing).
    if problems:
        return Paginator([], PAGE_SIZE).get_page(1)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = changes_load(page.object_list, show_editors=editors_visible(request))
    return page


def _query(request: HttpRequest) -> str:
    """The filters, for the page links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
