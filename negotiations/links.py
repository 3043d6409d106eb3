"""Links to the tracker's pages and API records, built fast: a page of records links to
thousands of them, and reversing a URL costs far more than formatting a string. Shared by the
API (negotiations.api.fields) and the HTML pages (negotiations.timeline.display)."""

import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import iri_to_uri


def origin(request) -> str:
    """ "https://host" of the request (kept on it), "" without one (a path is enough)."""
    if request is None:
        return ""
    http_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    found = getattr(http_request, "_origin", None)
    if found is None:
        found = http_request._origin = http_request.build_absolute_uri("/")[:-1]
    return found


def record_link(request=None) -> Callable[[object], str]:
    """A record's page (its get_absolute_url), absolute when there is a request."""
    if request is None:
        return lambda record: record.get_absolute_url()
    return lambda record: request.build_absolute_uri(record.get_absolute_url())


# A slug that reverse() and build_absolute_uri() leave as it is (Django's slug converter's).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG = "slug-standing-for-the-slug"


@functools.cache
def _page_path(url_name: str, script_prefix: str, urlconf: str | None = None) -> tuple[str, str]:
    head, _, tail = reverse(url_name, args=[_SLUG], urlconf=urlconf).partition(_SLUG)
    return head, tail


def slug_path(url_name: str, slug: str) -> str:
    """`reverse(url_name, args=[slug])`, from the pattern reversed once: a page links to
    hundreds of records (SlugPage.get_absolute_url). A slug reverse() would quote is reversed."""
    if PLAIN_SLUG.fullmatch(slug):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        head, tail = _page_path(url_name, get_script_prefix(), urlconf)
        if _plain(head, tail):
            return f"{head}{slug}{tail}"
    return reverse(url_name, args=[slug])


@functools.cache
def _plain(head: str, tail: str) -> bool:
    return iri_to_uri(head + tail) == head + tail


def page_links(url_name: str, request=None) -> Callable[[object], str]:
    """The page of records whose page is the URL `url_name` at their slug (models.SlugPage),
    as record_link() builds it, with the origin and the path around the slug found once."""
    head, tail = _page_path(url_name, get_script_prefix())
    head = origin(request) + head
    if iri_to_uri(head + tail) != head + tail:  # never for this project's patterns
        return record_link(request)

    def link(record) -> str:
        slug = record.slug
        if PLAIN_SLUG.fullmatch(slug):
            return f"{head}{slug}{tail}"
        return record_link(request)(record)  # quoted as reverse() quotes it

    return link


_PK = 987654321987654321  # stands for the id while a link's pattern is reversed


@functools.cache
def _pk_path(url_name: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    head, _, tail = reverse(url_name, args=[_PK], urlconf=urlconf).partition(str(_PK))
    return head, tail


def pk_links(url_name: str) -> Callable[[int], str]:
    """The path of the URL `url_name` at a record's id, reversed once: what
    `reverse(url_name, args=[pk])` gives, for the hundreds of records a page links to."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _pk_path(url_name, get_script_prefix(), urlconf)
    return lambda pk: f"{head}{pk}{tail}"
