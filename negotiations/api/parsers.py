"""The API's JSON parser: DRF's, plus a clear 400 for JSON nested past what Python can read.

json.load() raises RecursionError, not ValueError, for nesting a few thousand levels deep;
DRF's parser would let that through as a server error.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
