"""The API's orjson renderer writes DRF's JSONRenderer bytes, or leaves the value to it."""

import collections
import datetime
import decimal
import uuid

import pytest
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from negotiations.api.renderers import JSONRenderer


class Stance(models.TextChoices):
    FOR = "for"


class Renamed(dict):
    def items(self):  # json reads a dict subclass through items()
        return [(f"renamed_{key}", value) for key, value in super().items()]


reordered = collections.OrderedDict(first=1, second=2)
reordered.move_to_end("first")

VALUES = [
    None,
    {"id": 1, "name": "Ukraine – “talks”", "head": None, "members": [], "ok": True},
    ["line\u2028separator", "paragraph\u2029separator", '\x00\x1f\x7f"\\/', "😀 中 é"],
    [0, -1, 2**63 - 1, -(2**63), 2**64, -(2**70)],
    [0.0, -0.0, 1.5, 1e16, 1e-4, 1e-5, 9.5e-7, 1.2345e-300, decimal.Decimal("0.000001")],
    decimal.Decimal("12.50"),
    1e-05,
    {"at": datetime.datetime(2025, 12, 2, 9, 30, 15, 123456, tzinfo=datetime.UTC)},
    [datetime.datetime(2025, 12, 2), datetime.date(2025, 12, 2), datetime.time(14, 30)],
    [datetime.timedelta(minutes=90), uuid.UUID(int=12345), (1, "two")],
    {"detail": gettext_lazy("Not found."), "safe": mark_safe("<b>x</b>"), "kind": Stance.FOR},
    reordered,
    Renamed(a=1),
    {1: "a key that is not a string"},
    ["lone \ud800 surrogate"],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_same_bytes_as_drf(value):
    def rendered(renderer):
        try:
            return renderer.render(value, "application/json")
        except Exception as error:  # the same refusal
            return type(error)

    assert rendered(JSONRenderer()) == rendered(DRFJSONRenderer())


def test_indented_as_drf():
    value = {"results": [{"id": 1, "name": "é"}]}
    for media_type, context in [
        ("application/json; indent=2", {}),
        ("application/json", {"indent": 4}),
    ]:
        assert JSONRenderer().render(value, media_type, context) == DRFJSONRenderer().render(
            value, media_type, context
        )


def test_the_api_renders_with_it(client):
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert isinstance(response.accepted_renderer, JSONRenderer)
