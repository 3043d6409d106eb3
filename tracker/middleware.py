"""Refuses a request body larger than the app will read, before anything reads it.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when request.body or request.POST is read, and
never on the files of a multipart body; DRF's parsers read the stream instead, so an oversized
JSON or multipart body would be parsed in full. So every body, whatever its content type, is
held to DATA_UPLOAD_MAX_MEMORY_SIZE (the API takes no file uploads), except the admin's import
upload (a multipart POST to an admin "..._import" page), held to IMPORT_UPLOAD_MAX_SIZE.

A body sent without Content-Length (chunked) is read here, at most one byte past the limit,
and refused if it runs past it; Django itself would ignore it.
"""

import io

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read per request, so a test (or a settings override) can lower it.
        limit = body_limit(request)
        if limit is None:
            return self.get_response(request)
        length = content_length(request)
        if length is None and not read_unsized_body(request, limit):
            return too_large(request, f"more than {limit}", limit)
        if length is not None and length > limit:
            return too_large(request, str(length), limit)
        return self.get_response(request)


def body_limit(request: HttpRequest) -> int | None:
    """The most bytes this request's body may have (None: no limit, Django's meaning)."""
    if request.content_type == "multipart/form-data" and is_admin_import(request.path_info):
        return settings.IMPORT_UPLOAD_MAX_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def is_admin_import(path: str) -> bool:
    """The admin's import pages (django-import-export's "<app>_<model>_import" and
    "..._process_import"): the only ones that take a file."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.namespace == "admin" and (match.url_name or "").endswith("_import")


def content_length(request: HttpRequest) -> int | None:
    """The Content-Length sent; None when there is none but a body follows anyway (chunked)."""
    header = request.META.get("CONTENT_LENGTH")
    if header in (None, "") and "HTTP_TRANSFER_ENCODING" in request.META:
        return None
    try:
        return max(int(header or 0), 0)
    except ValueError:
        return 0  # Django itself reads a malformed length as no body


def read_unsized_body(request: HttpRequest, limit: int) -> bool:
    """Read a body sent without Content-Length, up to one byte past `limit`; False if it is
    longer than that. One that fits is handed on as if it had come with its length."""
    if not request.META.get("wsgi.input_terminated"):
        # Only a server that marks the stream's end (gunicorn does) can be read without a
        # length; on any other, Django reads no body at all, so there is nothing to bound.
        return True
    body = request.META["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        return False
    request.META["CONTENT_LENGTH"] = str(len(body))
    # Django made the request's stream with length 0, from the missing header.
    request._stream = LimitedStream(io.BytesIO(body), len(body))
    return True


def too_large(request: HttpRequest, size: str, limit: int) -> HttpResponse:
    detail = f"The request body is {size} bytes; at most {limit} bytes are accepted."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=413)
    return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
