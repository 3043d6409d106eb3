from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class DateCursorPagination(CursorPagination):
    """Stable pages through a date-ordered list, however it changes between requests.

    The list annotates `sort_key`, one unique string per row (see timeline.ordering_key).
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("sort_key",)


class TimelineCursorPagination(DateCursorPagination):
    pass
