"""OpenAPI: the error responses every operation can give, documented once for all, and who may
call an operation without credentials."""

import copy

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import DjangoModelPermissions


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, declaring anonymous access (`{}` among an operation's security
    requirements) wherever the view's permissions let anyone in. drf-spectacular adds it for
    AllowAny and IsAuthenticatedOrReadOnly only, not for the default
    DjangoModelPermissionsOrAnonReadOnly, so every read demanded a token or a session."""

    def get_auth(self):
        auths = super().get_auth()
        if {} not in auths and all(
            _lets_anonymous_in(permission, self.method)
            for permission in self.view.get_permissions()
        ):
            auths.append({})
        return auths


def _lets_anonymous_in(permission, method: str) -> bool:
    # DjangoModelPermissions.has_permission: an anonymous user passes where the class does not
    # ask for a signed-in user and the method needs no model permission (reads, for OrAnonReadOnly).
    return (
        isinstance(permission, DjangoModelPermissions)
        and not permission.authenticated_users_only
        and permission.perms_map.get(method) == []
    )


# A field's messages. Flat on purpose: a schema that refers to itself (messages per nested field
# or item, to any depth) is one client generators cannot follow, so nested fields and list items
# are dotted paths instead (negotiations.api.errors.error_body).
MESSAGES = {"type": "array", "items": {"type": "string"}}
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "`detail` for a general error (an unknown query parameter included); otherwise the "
        "messages per bad field or query parameter, a nested field or list item named by its "
        "dotted path (`members.1.person`), and `non_field_errors` for the record as a whole."
    ),
    "properties": {
        "detail": {"type": "string", "description": "What is wrong, when no one field is."},
        "non_field_errors": {
            **MESSAGES,
            "description": "What is wrong with the record as a whole.",
        },
    },
    "additionalProperties": {**MESSAGES, "description": "A field's (or a dotted path's) messages."},
    "example": {"members.1.person": ["This field is required."]},
}
# gunicorn's own error page: the request never reaches Django.
SERVER_PAGE = {"text/html": {"schema": {"type": "string"}}}
# What a list that answers CSV answers its errors with (negotiations.exports.csv.CSVRenderer).
CSV_ERROR = {"schema": {"type": "string", "description": "A field,message header, then rows."}}

ERRORS = {
    "400": "Bad input: malformed JSON, wrong types, impossible values (messages per field).",
    "401": "Missing or wrong credentials for a write.",
    "403": "Logged in, but not allowed (only Analysts write).",
    "404": "No such record.",
    "409": "The change conflicts with other records (for example one still referring to it).",
    "412": "If-Match names a version that is no longer current: read again, then retry.",
    "428": "If-Match is required to change or delete a record.",
    "429": "Too many failed sign-ins from this address: wait, then try again.",
    "414": (
        "The request line (path and query string) is longer than the server takes (gunicorn: "
        "4094 bytes); answered by gunicorn, in HTML, before the app sees it."
    ),
}
READ_ERRORS = {
    "400": (
        "Bad query: a parameter this endpoint does not take, a filter value of the wrong type, "
        "an ordering field it cannot order by, a page_size outside 1 to 100, a page number that "
        "is not a whole number from 1, or a malformed cursor (messages per parameter)."
    ),
    "404": "No such record, or a page past the last one.",
}
RECORD_MOVED = "`record_revision` is no longer the record's: read it again, then decide."
READ = ["400", "404", "414"]
WRITE = ["400", "401", "403", "409", "414"]
CONDITIONAL = [*WRITE, "404", "412", "428"]
SIGN_IN = [*WRITE, "429"]


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(Error=ERROR_SCHEMA)
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            descriptions = READ_ERRORS if method == "get" else {}
            if path.endswith("/auth/token/"):
                codes = SIGN_IN
            elif method == "post" and "{id}" in path:  # an action on one record (accept)
                codes = [*WRITE, "404", "412"]
                descriptions = {"412": RECORD_MOVED}
            else:
                codes = {"get": READ, "post": WRITE}.get(method, CONDITIONAL)
            csv = "text/csv" in operation["responses"].get("200", {}).get("content", {})
            for code in codes:
                content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                if csv:
                    content["text/csv"] = copy.deepcopy(CSV_ERROR)
                if code == "414":
                    content = copy.deepcopy(SERVER_PAGE)
                operation["responses"].setdefault(
                    code,
                    {"description": descriptions.get(code, ERRORS[code]), "content": content},
                )
            if method == "get" and (csv or path.endswith("/popolo/")):
                operation["responses"].setdefault("429", export_limited(csv=csv))
            if method == "get" and csv:
                operation.setdefault("parameters", []).append(copy.deepcopy(BOM_PARAMETER))
    return result


# negotiations.exports.csv.CSVListMixin reads it.
BOM_PARAMETER = {
    "name": "bom",
    "in": "query",
    "required": False,
    "description": (
        "With format=csv: 1 starts the file with a UTF-8 byte order mark, so that Excel opens "
        "it as UTF-8 (curly quotes and dashes, as in “US–Ukraine”, read right). The file is "
        "UTF-8 either way."
    ),
    "schema": {"type": "string", "enum": ["0", "1"]},
}


# The large exports' limits for anonymous clients (negotiations/exports.py).
EXPORT_LIMITED = (
    "Not signed in, and over this address's rate for the large exports (a CSV download, a "
    "Popolo page), or another CSV download to it is still being sent: wait Retry-After seconds."
)


def export_limited(*, csv: bool) -> dict:
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    if csv:
        content["text/csv"] = copy.deepcopy(CSV_ERROR)
    return {
        "description": EXPORT_LIMITED,
        "headers": {
            "Retry-After": {
                "schema": {"type": "integer", "minimum": 1},
                "description": "Seconds to wait before asking again.",
            }
        },
        "content": content,
    }
