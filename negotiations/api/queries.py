"""Strict query strings in the API (the rule is negotiations.queries): a parameter a view does
not understand is a 400. What a view understands is what its schema documents: the filterset's
filters, the other filter backends' parameters (`search`, `ordering`), its paginator's (`page`,
`page_size` or `cursor`), `format`, and `extra_query_params` for views that read the query
themselves.
"""

import functools

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from negotiations.queries import unknown_params, unknown_params_message

SAFE = ("GET", "HEAD")


class StrictQueryMixin:
    """For an API view: GET and HEAD with an unknown query parameter answer 400."""

    extra_query_params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in SAFE:
            self.check_query_params(request)

    def check_query_params(self, request) -> None:
        allowed = self.query_param_names()
        if unknown := unknown_params(request.query_params, known=allowed):
            message = unknown_params_message(unknown, takes=sorted(allowed), voice="api")
            raise ValidationError({"detail": message})

    def query_param_names(self) -> set[str]:
        names = {api_settings.URL_FORMAT_OVERRIDE, *self.extra_query_params}
        # Filters and pages apply to a viewset's list only; a plain view has no action.
        if getattr(self, "action", "list") != "list":
            return names
        names |= set(getattr(self, "csv_query_params", ()))  # CSVListMixin's (`bom`)
        for backend in getattr(self, "filter_backends", ()):
            if issubclass(backend, DjangoFilterBackend):
                names |= filterset_param_names(getattr(self, "filterset_class", None))
            else:
                names |= documented_names(backend(), self)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            names |= documented_names(paginator, self)
        return names


def documented_names(part, view) -> set[str]:
    """The query parameters a filter backend or paginator documents in the schema."""
    return {param["name"] for param in part.get_schema_operation_parameters(view)}


@functools.cache
def filterset_param_names(filterset_class) -> set[str]:
    """The query parameters a FilterSet reads: one per filter, or one per suffix for a filter
    with a multi-part widget (a range's `_min` and `_max`)."""
    if filterset_class is None:
        return set()
    names = set()
    for name, filter_ in filterset_class.base_filters.items():
        widget = filter_.field.widget
        suffixes = getattr(widget, "suffixes", None)
        if suffixes:
            names |= {widget.suffixed(name, suffix) for suffix in suffixes}
        else:
            names.add(name)
    return names
