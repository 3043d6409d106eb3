"""A JSON 404 for any other path under /api/v1/, so an API client never gets the site's HTML
page: a record id that is not a whole number (/api/v1/meetings/2.5/) matches no route."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # any method: a DELETE to a path that does not exist is a 404, not a CSRF 403
def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)
