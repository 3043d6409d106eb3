"""Pages of a list. A page size, page number or cursor the list cannot honour is a 400 naming
the parameter, never silently replaced by a default; a page past the last one is a 404."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

DIGITS = re.compile(r"[0-9]+")
# Beyond any page a database holds, and short enough to convert (Python limits int("9" * 5000)).
MAX_PAGE_DIGITS = 18
INVALID_CURSOR = "Invalid cursor: use the next or previous link of an earlier page."


class StrictPageSizeMixin:
    """`page_size` is a whole number from 1 to max_page_size; empty means the default."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = int(raw) if DIGITS.fullmatch(raw) and len(raw) <= MAX_PAGE_DIGITS else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give a whole number from 1 to {self.max_page_size} (got {raw[:40]!r})."
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Number of results per page, 1 to {self.max_page_size} "
                    f"(default {self.page_size})."
                )
        return parameters


class PagePagination(StrictPageSizeMixin, PageNumberPagination):
    """Numbered pages: `page` is a whole number from 1 (`last` is not taken: the schema says
    integer); past the last page is a 404."""

    last_page_strings = ()

    def get_page_number(self, request, paginator) -> int:
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "":
            return 1
        digits = raw.lstrip("0")
        if not DIGITS.fullmatch(raw) or not digits:
            raise ValidationError(
                {self.page_query_param: [f"Give a whole number from 1 (got {raw[:40]!r})."]}
            )
        if len(digits) > MAX_PAGE_DIGITS:
            raise NotFound(self.invalid_page_message)
        return int(digits)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = "A page number, from 1; past the last page is a 404."
        return parameters


class DateCursorPagination(StrictPageSizeMixin, CursorPagination):
    """Stable pages through a date-ordered list, however it changes between requests.

    `sort_key` is one unique string per row, persisted and indexed (see timeline.ordering_key).
    A cursor is opaque: one that does not decode, or whose position does not fit the ordering
    field, is a 400 (DRF's default is a 404, which would read as "no such list").
    """

    ordering = ("sort_key",)
    invalid_cursor_message = INVALID_CURSOR

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
        if cursor is not None and cursor.position is not None and "\x00" in cursor.position:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return cursor

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, DjangoValidationError) as error:
            # A forged position that is not a value of the ordering field (`?ordering=id` with
            # a text position): Django refuses it while building the WHERE clause.
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["description"] = (
                    "Opaque: take it from a page's next or previous link; a malformed one is a 400."
                )
        return parameters


class TimelineCursorPagination(DateCursorPagination):
    # The entry's sort key, or its party link's copy (negotiations.timeline.selectors).
    ordering = ("cursor_key",)
