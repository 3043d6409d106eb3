"""How the login lockout counts failures (settings.AXES_HANDLER; README "Login lockout and
security log").

django-axes counts failures per username and client address (AXES_LOCKOUT_PARAMETERS), so a
successful sign-in (AXES_RESET_ON_SUCCESS) clears only that username's failures from that
address: one account's success never clears another's. On top of that, this handler caps the
failures from one address across all usernames (AXES_ADDRESS_FAILURE_LIMIT), so one client
trying many usernames is stopped too. A success takes only its own username's failures off that
total, never the others'.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The username's recent failures from this address; once the address as a whole has
        reached its cap, at least the failure limit, so every username from it is refused."""
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request) -> int:
    """Failed sign-ins from the request's client address within the cool-off, any username."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
