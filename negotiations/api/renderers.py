"""The API's JSON: DRF's JSONRenderer output, byte for byte, written by orjson.

DRF writes with the stdlib's json (compact separators, UTF-8 rather than \\u escapes, no NaN,
\\u2028 and \\u2029 escaped) and its JSONEncoder for what json cannot write itself. orjson
writes strings, ints, lists, dicts, booleans and null the same bytes several times faster;
everything it would write differently goes to the stdlib instead (see `render`)."""

import re

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

# Subclasses of str, int, dict and list, and dates and dataclasses, come to `_default`, which
# hands them back as json would read them (json reads a dict subclass through its items(), and
# orjson would not) or as DRF's encoder writes them (dates: `2025-12-01T10:00:00Z`).
_OPTIONS = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
_drf_default = JSONEncoder().default

# The floats orjson writes differently: below 1e-4, json writes 1e-05 where orjson writes
# 0.00001 or 1e-5. No field of the API gives a float; one found in the bytes (or something
# inside a string that looks like it) sends the whole answer to the stdlib. (A NaN or an
# infinity, which json refuses, orjson writes as null.) Each pattern starts with a literal, which
# re scans for quickly: a looser one takes longer than orjson's whole encoding of a page.
_SMALL_FLOAT = re.compile(rb"(?:\A|[:,\[])-?0\.0000")
_SHORT_EXPONENT = re.compile(rb"e-[1-9](?:[,\]}]|\Z)")
_LINE_SEPARATOR = re.compile(rb"\xe2\x80[\xa8\xa9]")  # U+2028, U+2029 in UTF-8
_ESCAPED = {"\u2028".encode(): b"\\u2028", "\u2029".encode(): b"\\u2029"}


def _default(value):
    # The base types' own methods: a subclass's overrides are not what json writes.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, dict):
        return dict(value.items())
    if isinstance(value, list):
        return list.copy(value)
    if isinstance(value, tuple):
        return list(tuple.__iter__(value))
    return _drf_default(value)


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Indented (the browsable API, `; indent=`) or other settings: DRF's own path.
        if (
            data is None
            or self.ensure_ascii
            or not self.compact
            or not self.strict
            or self.get_indent(accepted_media_type, renderer_context or {}) is not None
        ):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            # What orjson refuses (an int beyond 64 bits, a key that is not a string, a lone
            # surrogate): json writes it, or raises as it always did.
            return super().render(data, accepted_media_type, renderer_context)
        if (b"0.0000" in body and _SMALL_FLOAT.search(body)) or _SHORT_EXPONENT.search(body):
            return super().render(data, accepted_media_type, renderer_context)
        if _LINE_SEPARATOR.search(body):
            body = _LINE_SEPARATOR.sub(lambda match: _ESCAPED[match[0]], body)
        return body
