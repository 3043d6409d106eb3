"""The exact queryset `/api/v1/points/?search=` runs, and whether its plan uses the GIN index.

Shared by the benchmark and tests/api/test_search_plan.py.
"""

import json

from django.db.models import QuerySet
from rest_framework.test import APIRequestFactory

from negotiations.api.viewsets import PointViewSet

# Created by migration 0003_api_support on negotiations_searchdocument(vector).
GIN_INDEX = "search_document_vector_gin"


def points_search_queryset(word: str) -> QuerySet:
    """The list's queryset after the view's own filter backends (FullTextSearchFilter among
    them), built the way DRF builds it for `GET /api/v1/points/?search=<word>`."""
    view = PointViewSet(action_map={"get": "list"}, format_kwarg=None, args=(), kwargs={})
    request = APIRequestFactory().get("/api/v1/points/", {"search": word})
    view.request = view.initialize_request(request)
    return view.filter_queryset(view.get_queryset())


def plan_uses_index(queryset: QuerySet, index: str = GIN_INDEX) -> bool:
    plan = json.loads(queryset.explain(format="json"))
    return _mentions(plan, index)


def _mentions(node, index: str) -> bool:
    if isinstance(node, dict):
        return node.get("Index Name") == index or any(_mentions(v, index) for v in node.values())
    if isinstance(node, list):
        return any(_mentions(item, index) for item in node)
    return False
