"""Any API list as CSV (`?format=csv` or `Accept: text/csv`): the whole filtered list, streamed.

One row per record, one column per field the list's serializer shows, flattened for a
spreadsheet:

- a related record (`{id, url, name}`) is its name; a list of them, the names joined by "; ";
- a citation is its source's title (the distinct titles, joined by "; ");
- a delegation is its party with its head and members ("United States: Marco Rubio (head),
  Steve Witkoff (member)"); a member, a version's meeting, a point read likewise;
- dates and times are ISO text as in the JSON; true/false as "true"/"false"; null as empty.

Formula injection: a text cell starting with =, +, -, @, a tab or a carriage return would run as
a formula in a spreadsheet, so it gets a leading apostrophe (OWASP's advice). Plain numbers
("-33.5") are left as they are: they cannot be formulas.

The rows are read with the list's own read-optimised queryset, chunk by chunk (its prefetches
run once per chunk), so memory stays bounded and the queries grow with chunks, not rows. An
anonymous client is limited in how often it downloads, and to one download at a time
(negotiations.exports.limits).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer

from negotiations.exports import limits

CHUNK_SIZE = 500
BUFFER_SIZE = 64 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


class CSVRenderer(BaseRenderer):
    """Renders what a list is not streaming: errors ({"field": ["message"]}) as CSV rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        rows: list[list[str]] = []
        if isinstance(data, dict):
            rows.append(["field", "message"])
            for field, messages in data.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    rows.append([safe(str(field)), safe(cell(message))])
        else:
            rows.extend([safe(cell(value))] for value in data)
        return "".join(csv_lines(rows)).encode(self.charset)


class CSVListMixin:
    """For a list view: CSV next to JSON on the list only (elsewhere `?format=csv` is a 404)."""

    csv_chunk_size = CHUNK_SIZE

    csv_query_params = ("bom",)  # what the list takes besides its filters (StrictQueryMixin)

    def get_renderers(self):
        renderers = super().get_renderers()
        # A viewset lists under the "list" action; a plain list view has no action.
        if getattr(self, "action", "list") == "list":
            renderers.append(CSVRenderer())
        return renderers

    def list(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(self.paginator, CursorPagination):  # the order its pages have
            queryset = queryset.order_by(*self.paginator.get_ordering(request, queryset, self))
        # The whole list costs what the data holds: limited per anonymous client.
        limits.check_api_rate(request)
        bom = request.query_params.get("bom", "0")
        if bom not in ("0", "1"):
            raise ValidationError({"bom": ["Enter 1 (a byte order mark first, for Excel) or 0."]})
        release = limits.claim_api_stream(request)
        try:
            chunks = chunked(queryset.iterator(chunk_size=self.csv_chunk_size), self.csv_chunk_size)
            # Read the first chunk now: a query the database refuses is still a 4xx, not a cut
            # file.
            first = next(chunks, [])
            header = self.csv_header()
        except BaseException:
            release()
            raise
        rows = (
            [safe(cell(item.get(name))) for name in header]
            for chunk in itertools.chain([first], chunks)
            for item in self.csv_serialize(chunk)
        )
        lines = csv_lines(itertools.chain([header], rows))
        if bom == "1":  # Excel reads a CSV as the system's code page unless it starts with one
            lines = itertools.chain(["\ufeff"], lines)
        response = StreamingHttpResponse(
            limits.Released(buffered(lines), release),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{csv_filename(request)}"'
        return response

    def csv_header(self) -> list[str]:
        fields = self.get_serializer().fields
        return [name for name, field in fields.items() if not field.write_only]

    def csv_serialize(self, records: list) -> list[dict]:
        # `csv` in the context: a serializer may read only what the CSV shows (see
        # serializers.meeting_embeds).
        context = {**self.get_serializer_context(), "csv": True}
        return self.get_serializer(records, many=True, context=context).data


def buffered(lines: Iterable[str], size: int = BUFFER_SIZE) -> Iterator[str]:
    """The lines joined into pieces of about `size` characters: each piece a response yields
    is a write to the socket (and a pass through the middleware's wrappers), so a row each
    would cost a system call per row."""
    pending: list[str] = []
    length = 0
    for line in lines:
        pending.append(line)
        length += len(line)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


def csv_filename(request) -> str:
    """ "meetings.csv" for /api/v1/meetings/."""
    return request.path.rstrip("/").split("/")[-1] + ".csv"


def chunked(records: Iterable, size: int) -> Iterator[list]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class _Echo:
    """A file that hands back what is written, for csv.writer to stream (Django's how-to)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    return (writer.writerow(row) for row in rows)


def safe(text: str) -> str:
    """Neutralise a spreadsheet formula by a leading apostrophe."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return describe(value)
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) and "source_title" in item for item in value):
            value = list(dict.fromkeys(item["source_title"] for item in value))  # citations
        return "; ".join(cell(item) for item in value)
    return str(value)


def describe(value: dict) -> str:
    """A nested object in a few words (see the module's docstring)."""
    if "summary" in value and "field" in value:  # a disputed fact
        return f"{value['field']} ({value['summary']})"
    if "name" in value:  # a related record
        return str(value["name"])
    if "source_title" in value:  # a citation
        return str(value["source_title"])
    if "party" in value:  # a delegation
        members = ", ".join(describe(member) for member in value.get("members", []))
        return f"{cell(value['party'])}: {members}" if members else cell(value["party"])
    if "person" in value:  # a delegation member
        return f"{cell(value['person'])} ({value.get('role', '')})"
    if "meeting" in value:  # a version's meeting
        return f"{cell(value['meeting'])} ({value.get('kind', '')})"
    if "title" in value:  # a point
        number = value.get("number")
        return f"{number}. {value['title']}" if number is not None else str(value["title"])
    return "; ".join(f"{key}: {cell(item)}" for key, item in value.items())


CSV_SCHEMA = {
    "type": "string",
    "description": (
        "The whole filtered list as CSV (not one page): a header row of the JSON fields, then "
        'one row per record; related records by name, lists joined by "; ".'
    ),
}


def describe_csv_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: a CSV answer is text, not the paginated JSON."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for code, response in operation.get("responses", {}).items():
                # Errors are rows of messages (negotiations.api.schema documents them).
                if code.startswith("2") and "text/csv" in response.get("content", {}):
                    response["content"]["text/csv"] = {"schema": CSV_SCHEMA}
    return result
