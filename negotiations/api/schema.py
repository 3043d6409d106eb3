"""OpenAPI: the error responses every operation can give, documented once for all."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a general error; otherwise one list of messages per bad field.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

ERRORS = {
    "400": "Bad input: malformed JSON, wrong types, impossible values (messages per field).",
    "401": "Missing or wrong credentials for a write.",
    "403": "Logged in, but not allowed (only Analysts write).",
    "404": "No such record.",
    "409": "The change conflicts with other records (for example one still referring to it).",
    "412": "If-Match names a version that is no longer current: read again, then retry.",
    "428": "If-Match is required to change or delete a record.",
}
READ = ["400", "404"]
WRITE = ["400", "401", "403", "409"]
CONDITIONAL = [*WRITE, "404", "412", "428"]


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            codes = {"get": READ, "post": WRITE}.get(method, CONDITIONAL)
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
