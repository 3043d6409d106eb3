"""The whole tracker as a Popolo JSON document, a page at a time (the builders are in
negotiations.exports.popolo)."""

import hashlib
import json
import re

from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from negotiations.api.queries import StrictQueryMixin
from negotiations.exports import limits
from negotiations.exports.popolo import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    SECTION_NAMES,
    Position,
    popolo_page,
)


def _string(description: str) -> dict:
    return {"type": "string", "description": description}


def _items(popolo: str, description: str, properties: dict) -> dict:
    """An array of Popolo items; extra properties are allowed, as in Popolo's own schemas."""
    return {
        "type": "array",
        "description": f"{description} (http://www.popoloproject.com/schemas/{popolo}.json).",
        "items": {
            "type": "object",
            "properties": {
                "id": _string("Stable identifier, e.g. person/marco-rubio."),
                **properties,
                "created_at": {"type": "string", "format": "date-time"},
                "updated_at": {"type": "string", "format": "date-time"},
                "sources": {"type": "array", "items": LINK},
            },
            "required": ["id", "sources"],
            "additionalProperties": True,
        },
    }


LINK = {
    "type": "object",
    "description": "A Popolo link: the source, and the verbatim excerpt as the note.",
    "properties": {"url": {"type": "string", "format": "uri"}, "note": {"type": "string"}},
    "required": ["url"],
}
NAMES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
        "required": ["name"],
    },
}
PARTIAL_DATE = _string("YYYY, YYYY-MM or YYYY-MM-DD, at the precision the sources give.")
PRECISION = {"type": "string", "enum": ["day", "week", "month"]}
LINKS = {"type": "array", "items": LINK}

POPOLO_DOCUMENT = {
    "type": "object",
    "description": (
        "A page of persons, organizations, memberships, events and speeches in Popolo 1.0.1."
    ),
    "properties": {
        "persons": _items(
            "person", "People", {"name": {"type": "string"}, "other_names": NAMES, "links": LINKS}
        ),
        "organizations": _items(
            "organization",
            "Parties, then delegations (one party's team at one meeting)",
            {
                "name": {"type": "string"},
                "classification": _string("state, bloc, organisation or delegation."),
                "other_names": NAMES,
                "parent_id": _string("A delegation's party."),
                "event_id": _string("A delegation's meeting (not a Popolo property)."),
                "description": {"type": "string"},
                "links": LINKS,
            },
        ),
        "memberships": _items(
            "membership",
            "Roles held in parties (role/<id>), then seats in delegations (delegation-member/<id>)",
            {
                "role": _string("A role's title, or head, member or adviser in a delegation."),
                "label": {"type": "string"},
                "person_id": _string("Absent when the sources do not name the holder."),
                "organization_id": {"type": "string"},
                "on_behalf_of_id": _string("The party a delegation member represents."),
                "start_date": PARTIAL_DATE,
                "end_date": PARTIAL_DATE,
                "has_ended": {
                    "type": "boolean",
                    "description": "Present (true) when a role is known to have ended.",
                },
            },
        ),
        "events": _items(
            "event",
            "Meetings (rounds of talks)",
            {
                "name": {"type": "string"},
                "description": {"type": "string"},
                "classification": {"type": "string", "enum": ["meeting"]},
                "status": {
                    "type": "string",
                    "enum": ["scheduled", "held", "postponed", "cancelled"],
                },
                "start_date": PARTIAL_DATE,
                "end_date": PARTIAL_DATE,
                "date_precision": PRECISION,
                "date_display": _string("e.g. week of 1 Dec 2025."),
                "location": {"type": "string"},
                "links": LINKS,
            },
        ),
        "speeches": _items(
            "speech",
            "Statements: quotes by a person",
            {
                "creator_id": _string("The speaker."),
                "type": {"type": "string", "enum": ["speech"]},
                "text": {"type": "string"},
                "date": PARTIAL_DATE,
                "date_precision": PRECISION,
                "event_id": _string("The meeting, when the statement was made at one."),
                "context": _string("Where and to whom it was said (not a Popolo property)."),
            },
        ),
        "next": {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "The next page (null on the last); not a Popolo property.",
        },
    },
    "required": ["persons", "organizations", "memberships", "events", "speeches", "next"],
}


CURSOR = re.compile(rf"({'|'.join(SECTION_NAMES)}):(\d{{1,18}})")


class PopoloView(StrictQueryMixin, APIView):
    """Everything the tracker knows about people, parties, delegations, meetings and statements,
    as a Popolo document read a page at a time: each page holds every collection (some maybe
    empty) with at most `page_size` items in all, and `next` links the following page (null on
    the last). Each item's `sources` quote the excerpts that back it."""

    permission_classes = [AllowAny]  # a read-only export
    http_method_names = ["get", "head", "options"]
    extra_query_params = ("cursor", "page_size")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cursor",
                str,
                description=(
                    "Where the page starts, as the previous page's `next` gives it "
                    "(<section>:<id>, e.g. seats:1200). Absent: the first page."
                ),
                pattern=CURSOR.pattern,
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=(
                    f"Items per page, all collections together: 1 to {MAX_PAGE_SIZE} "
                    f"(default {DEFAULT_PAGE_SIZE})."
                ),
            ),
        ],
        responses={
            200: OpenApiResponse(POPOLO_DOCUMENT, description="One page of the Popolo document."),
            304: OpenApiResponse(description="Unchanged since the ETag sent in If-None-Match."),
        },
    )
    def get(self, request):
        limits.check_api_rate(request, setting="POPOLO_RATE_ANON")
        start, page_size = self.position(request), self.page_size(request)
        document, following = popolo_page(
            start=start, page_size=page_size, url_for=request.build_absolute_uri
        )
        document["next"] = (
            None
            if following is None
            else replace_query_param(request.build_absolute_uri(), "cursor", str(following))
        )
        # The ETag hashes the page: deletions change it too, which a latest update time
        # (Last-Modified) would miss. Weak, as the JSON and the browsable page share it.
        digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
        etag = f'W/"{digest[:32]}"'
        sent = [
            tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
        ]
        if "*" in sent or etag.removeprefix("W/") in sent:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(document, headers={"ETag": etag})

    @staticmethod
    def position(request) -> Position:
        value = request.query_params.get("cursor")
        if value is None:
            return Position()
        found = CURSOR.fullmatch(value)
        if found is None:
            raise ValidationError(
                {"cursor": ["Give the cursor a page's `next` link has, e.g. seats:1200."]}
            )
        return Position(found[1], int(found[2]))

    @staticmethod
    def page_size(request) -> int:
        value = request.query_params.get("page_size")
        if value is None:
            return DEFAULT_PAGE_SIZE
        if not (value.isascii() and value.isdigit() and len(value) <= 6) or not (
            1 <= int(value) <= MAX_PAGE_SIZE
        ):
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(value)
