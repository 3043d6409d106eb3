"""The token endpoint (POST /api/v1/auth/token/): DRF's, counted by the login lockout exactly
like the admin's sign-in (README "Login lockout and security log").

Failures are counted by django-axes through authenticate(); a locked-out client is answered 429
by the exception handler (errors.py). DRF's view never calls login(), so nothing would clear the
failures of a successful sign-in: this view does, as the admin login does with
AXES_RESET_ON_SUCCESS, for that username from that address only.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from negotiations.api.parsers import SafeJSONParser
from negotiations.security import log_security_event


class ObtainToken(ObtainAuthToken):
    # DRF's view names its own parsers: the same ones, with deep JSON refused as a 400.
    parser_classes = [FormParser, MultiPartParser, SafeJSONParser]

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _ = Token.objects.get_or_create(user=user)
        username = user.get_username()
        if settings.AXES_RESET_ON_SUCCESS:
            AxesProxyHandler.update_request(request)
            handler = AxesProxyHandler.get_implementation()
            handler.reset_user_attempts(request, get_credentials(username))
        log_security_event(
            "login_succeeded", request=request, level=logging.INFO, username=username
        )
        return Response({"token": token.key})
