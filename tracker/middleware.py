"""Refuses a request body larger than the app will read, before anything reads it.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when request.body or request.POST is read;
DRF's parsers read the stream instead, so an oversized JSON body would be parsed in full.
File uploads (multipart: the admin's imports) are left to Django's upload handlers.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django itself reads a malformed length as no body
        multipart = request.content_type == "multipart/form-data"
        if limit is not None and length > limit and not multipart:
            detail = f"The request body is {length} bytes; at most {limit} bytes are accepted."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": detail}, status=413)
            return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
