"""schemathesis hooks for `make fuzz` (.ci/fuzz loads them through SCHEMATHESIS_HOOKS).

The stateful phase follows OpenAPI links from one response to the next request. The schema has
none for citations, whose record is named by `record_kind` + `record_id` rather than by a path,
so generated citations almost never name a real record. These hooks make the stateful phase
cite every citable kind:

- links from each kind's create (201) and list (200) to the citation create, which put the
  record's kind and id and a marking note into the generated body;
- a request with that note gets a source and an excerpt that occurs in it verbatim (schemathesis
  takes each linked field at a coin's toss: the fewer, the more requests cite) and loses the
  made-up extra fields, so that it can succeed; .ci/fuzz counts the marked citations by kind;
- with FUZZ_PLAIN_LISTS set (the per-kind passes), the cited kinds' lists are read without a
  query: a random filter mostly leaves no record to cite.

FUZZ_CITATION_LINKS (JSON, written by .ci/fuzz from the app's own citable kinds and routes):
{"source": id, "excerpt": "...", "note": "...", "lists": {"/api/v1/parties/": "party", ...}}
"""

import json
import os

import schemathesis

CITATIONS = "/api/v1/citations/"
CONFIG = json.loads(os.environ["FUZZ_CITATION_LINKS"])
FIELDS: set[str] = set()  # what a citation create takes (read from the schema)


@schemathesis.hook
def before_load_schema(context, raw_schema: dict) -> None:
    paths = raw_schema["paths"]
    target = paths[CITATIONS]["post"]["operationId"]
    body_schema = paths[CITATIONS]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body_schema["$ref"].rsplit("/", 1)[-1]
    FIELDS.update(raw_schema["components"]["schemas"][name]["properties"])
    for path, kind in CONFIG["lists"].items():
        for method, status, record_id in [
            ("post", "201", "$response.body#/id"),
            ("get", "200", "$response.body#/results/0/id"),
        ]:
            body = {"record_kind": kind, "record_id": record_id, "note": CONFIG["note"]}
            response = paths[path][method]["responses"][status]
            response.setdefault("links", {})[f"Cite{kind.title()}"] = {
                "operationId": target,
                "requestBody": body,
                "description": f"Cite a source for this {kind}.",
            }


@schemathesis.hook
def map_case(context, case):
    if os.environ.get("FUZZ_PLAIN_LISTS") and case.path in CONFIG["lists"]:
        case.query = {}
    return case


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    body = case.body
    if case.path == CITATIONS and isinstance(body, dict) and body.get("note") == CONFIG["note"]:
        body.update(source=CONFIG["source"], excerpt=CONFIG["excerpt"])
        # Generated bodies carry made-up extra fields, which the API refuses (strict bodies).
        for extra in set(body) - FIELDS:
            del body[extra]
