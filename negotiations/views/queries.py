"""Query strings of the HTML pages, checked: a parameter the page does not know, a page number
that is not one, or a filter value it cannot use is the client's mistake. The page says so and
answers 400, listing nothing rather than everything."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest

from negotiations.queries import unknown_params, unknown_params_message

PAGE = "page"
MAX_PAGE_DIGITS = 9


def query_problems(
    request: HttpRequest,
    *,
    known: Iterable[str],
    form: forms.Form | None = None,
    numbered: bool = True,
) -> list[str]:
    """What is wrong with the request's query string, one message each (empty: nothing).
    `numbered`: the page takes a page number (a page that pages by key lists its own)."""
    takes = [*sorted(known), *([PAGE] if numbered else [])]
    problems = []
    if unknown := unknown_params(sorted(request.GET), known=takes):
        problems.append(unknown_params_message(unknown, takes=takes, voice="page"))
    page = request.GET.get(PAGE)
    if page is not None and page != "last" and not _page_number(page):
        problems.append("page: give a page number (1, 2, …) or “last”.")
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            prefix = "" if field == NON_FIELD_ERRORS else f"{field}: "
            problems += [prefix + error for error in errors]
    return problems


def _page_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS and int(value) > 0
