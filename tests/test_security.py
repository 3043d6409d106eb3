"""Login lockout (django-axes) and the structured security log (negotiations/security.py)."""

import io
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from negotiations.security import client_ip, log_security_event
from tests import factories as f

PASSWORD = "correct horse battery staple"  # tests/factories.py's UserFactory
LOGIN = reverse("admin:login")
TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def security_log(caplog):
    """The "tracker.security" records, as {field: value} dicts. The logger does not propagate
    (its JSON lines must not be repeated by the root's plain handler), so caplog is attached."""
    logger = logging.getLogger("tracker.security")
    logger.addHandler(caplog.handler)

    def events(name: str | None = None) -> list[dict]:
        return [
            {**record.__dict__, "level": record.levelname}
            for record in caplog.records
            if record.name == "tracker.security" and name in (None, record.event)
        ]

    yield events
    logger.removeHandler(caplog.handler)


@pytest.fixture
def alice(db):
    return f.UserFactory(username="alice", is_superuser=True)


def admin_login(client, password, username="alice", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def token_login(api_client, password, username="alice", **extra):
    data = {"username": username, "password": password}
    return api_client.post(TOKEN, data, format="json", **extra)


# The two ways to sign in, and what each answers a wrong password and a right one.
WAYS = ["admin", "token"]
WRONG = {"admin": 200, "token": 400}  # the form again, with its error; "Unable to log in"
RIGHT = {"admin": 302, "token": 200}


def sign_in(way: str, username: str, password: str, **extra) -> int:
    """One sign-in from a fresh client (no session carried over); its status code."""
    if way == "admin":
        return admin_login(Client(), password, username, **extra).status_code
    return token_login(APIClient(), password, username, **extra).status_code


@pytest.mark.django_db
def test_admin_login_failures_lock_the_client_out_with_a_429_page(
    client, alice, settings, security_log
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "wrong").status_code == 200  # the form, with its error

    locked = admin_login(client, "wrong")

    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert locked["Retry-After"] == str(settings.AXES_COOLOFF_MINUTES * 60)
    # Even the right password is refused now, and nobody is signed in.
    assert admin_login(client, PASSWORD).status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302

    failed = security_log("login_failed")
    assert len(failed) == settings.AXES_FAILURE_LIMIT + 1
    assert {(e["username"], e["client_ip"], e["path"]) for e in failed} == {
        ("alice", "127.0.0.1", LOGIN)
    }
    assert [e["failures"] for e in failed[:3]] == [1, 2, 3]
    lockouts = security_log("lockout")
    assert lockouts, "the lockout itself is an event"
    assert lockouts[0]["username"] == "alice"
    assert lockouts[0]["level"] == "WARNING"
    assert lockouts[0]["failure_limit"] == settings.AXES_FAILURE_LIMIT
    assert all(PASSWORD not in str(e) and "wrong" not in str(e) for e in security_log())


@pytest.mark.django_db
def test_token_endpoint_failures_lock_the_client_out_with_429_json(
    api_client, alice, settings, security_log
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token_login(api_client, "wrong").status_code == 400

    locked = token_login(api_client, "wrong")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.json()["detail"]
    assert locked["Retry-After"] == str(settings.AXES_COOLOFF_MINUTES * 60)
    right = token_login(api_client, PASSWORD)
    assert right.status_code == 429
    assert "token" not in right.json()
    assert len(security_log("login_failed")) == settings.AXES_FAILURE_LIMIT + 1
    assert security_log("lockout")[0]["path"] == TOKEN


def lock_out(api_client, limit: int, **extra) -> None:
    for _ in range(limit):
        token_login(api_client, "wrong", **extra)
    assert token_login(api_client, PASSWORD, **extra).status_code == 429


def pass_the_cooloff(settings) -> None:
    # The failures are as old as the cool-off: they no longer count.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)


def reset_with_the_command(settings) -> None:
    call_command("axes_reset", verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("unlock", [pass_the_cooloff, reset_with_the_command])
def test_signing_in_works_again_after_the_cooloff_or_a_reset(
    unlock, api_client, client, alice, settings, security_log
):
    lock_out(api_client, settings.AXES_FAILURE_LIMIT)

    unlock(settings)

    assert token_login(api_client, PASSWORD).status_code == 200
    assert admin_login(client, PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    succeeded = security_log("login_succeeded")
    assert [(e["username"], e["level"], e["path"]) for e in succeeded] == [
        ("alice", "INFO", TOKEN),
        ("alice", "INFO", LOGIN),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("failed_on", WAYS)
@pytest.mark.parametrize("succeeded_on", WAYS)
def test_a_successful_login_clears_that_accounts_earlier_failures(
    failed_on, succeeded_on, alice, settings
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(failed_on, "alice", "wrong") == WRONG[failed_on]
    # AXES_RESET_ON_SUCCESS, on the token endpoint as on the admin login.
    assert sign_in(succeeded_on, "alice", PASSWORD) == RIGHT[succeeded_on]

    # A fresh count: as many wrong passwords again before the lockout.
    again = [sign_in(failed_on, "alice", "wrong") for _ in range(limit)]
    assert again == [WRONG[failed_on]] * (limit - 1) + [429]


@pytest.mark.django_db
@pytest.mark.parametrize("root_on", WAYS)
@pytest.mark.parametrize("viewer_on", WAYS)
def test_another_accounts_success_does_not_clear_the_failures(
    root_on, viewer_on, superuser, viewer, settings
):
    """The probe: four wrong passwords for root, then a Viewer signs in correctly from the same
    address, four times over. It used to be 16 guesses without a 429."""
    limit = settings.AXES_FAILURE_LIMIT
    guesses = []
    for _ in range(4):
        guesses += [sign_in(root_on, "root", "wrong") for _ in range(limit - 1)]
        # The Viewer's own sign-in is not held up by root's failures.
        assert sign_in(viewer_on, "viewer", PASSWORD) == RIGHT[viewer_on]

    # Locked out by root's 5th failure, and from then on, the right password included.
    assert guesses[: limit - 1] == [WRONG[root_on]] * (limit - 1)
    assert guesses[limit - 1 :] == [429] * (len(guesses) - limit + 1)
    assert sign_in(root_on, "root", PASSWORD) == 429


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS)
def test_one_locked_out_account_leaves_the_others_from_that_address_alone(
    way, alice, viewer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(way, "alice", "wrong")
    assert sign_in(way, "alice", PASSWORD) == 429

    assert sign_in(way, "viewer", PASSWORD) == RIGHT[way]
    assert sign_in(way, "viewer", "wrong") == WRONG[way]  # its own count, at one


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS)
def test_one_address_trying_many_usernames_is_stopped(way, alice, settings):
    """A password spray: one guess for each of many usernames, none of them near its own limit,
    until the address's cap (AXES_ADDRESS_FAILURE_LIMIT) is reached."""
    cap = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert cap > settings.AXES_FAILURE_LIMIT

    answers = [sign_in(way, f"guess{n}", "wrong") for n in range(cap)]

    assert answers == [WRONG[way]] * (cap - 1) + [429]
    # Now every username is refused from that address, even with the right password...
    assert sign_in(way, "alice", PASSWORD) == 429
    # ...and from nowhere else.
    assert sign_in(way, "alice", PASSWORD, REMOTE_ADDR="198.51.100.8") == RIGHT[way]


@pytest.mark.django_db
def test_another_accounts_success_does_not_clear_the_addresss_count(alice, viewer, settings):
    cap = settings.AXES_ADDRESS_FAILURE_LIMIT
    for n in range(cap - 1):
        assert sign_in("token", f"guess{n}", "wrong") == 400

    assert sign_in("admin", "viewer", PASSWORD) == 302
    assert sign_in("token", "viewer", PASSWORD) == 200

    assert sign_in("token", "guess-last", "wrong") == 429
    assert sign_in("admin", "alice", PASSWORD) == 429


@pytest.mark.django_db
def test_the_lockout_is_per_client_address(api_client, alice, settings):
    lock_out(api_client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="198.51.100.7")

    assert token_login(api_client, PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert token_login(api_client, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


@pytest.mark.django_db
def test_a_faked_x_forwarded_for_does_not_dodge_the_lockout(api_client, alice, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default: no proxy in front
    for n in range(settings.AXES_FAILURE_LIMIT):
        token_login(api_client, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    fresh_header = token_login(api_client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200")

    assert fresh_header.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(api_client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # docker-compose: nginx appends the address it saw
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        # What the attacker writes in front of nginx's entry changes nothing.
        forged = {**proxy, "HTTP_X_FORWARDED_FOR": f"10.9.9.{n}, 203.0.113.9"}
        token_login(api_client, "wrong", **forged)

    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert token_login(api_client, PASSWORD, **attacker).status_code == 429
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert token_login(api_client, PASSWORD, **colleague).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": "172.18.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        (1, {"REMOTE_ADDR": "172.18.0.5", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9"},
         "203.0.113.9"),
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.1"},
         "203.0.113.9"),
        # Reached Django without passing the proxy: the direct peer is the client.
        (1, {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
    ],
)  # fmt: skip
def test_client_ip_trusts_only_the_configured_proxies(proxies, meta, expected, settings):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_api_refusals_are_logged(viewer_api, security_log):
    topic = f.TopicFactory()
    url = "/api/v1/topics/"

    anonymous = Client()
    assert anonymous.post(url, {"name": "X", "slug": "x"}).status_code == 401
    assert viewer_api.post(url, {"name": "X", "slug": "x"}, format="json").status_code == 403
    bad_token = Client(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad_token.delete(f"{url}{topic.pk}/").status_code == 401

    denied = security_log("permission_denied")
    assert [(e["status"], e["reason"], e["user"], e["method"]) for e in denied] == [
        (401, "not_authenticated", "anonymous", "POST"),
        (403, "permission_denied", "viewer", "POST"),
        (401, "authentication_failed", "anonymous", "DELETE"),
    ]
    assert denied[2]["path"] == f"{url}{topic.pk}/"


@pytest.mark.django_db
def test_admin_refusals_are_logged(client, article, security_log):
    staff = f.UserFactory(username="staff-without-permissions")
    client.force_login(staff)

    response = client.get(reverse("admin:negotiations_meeting_changelist"))

    assert response.status_code == 403
    [denied] = security_log("permission_denied")
    assert denied["user"] == "staff-without-permissions"
    assert denied["path"] == reverse("admin:negotiations_meeting_changelist")
    assert denied["status"] == 403


@pytest.mark.django_db
def test_a_csrf_failure_is_logged_and_refused(alice, security_log):
    browser = Client(enforce_csrf_checks=True)

    response = admin_login(browser, PASSWORD)

    assert response.status_code == 403
    [failed] = security_log("csrf_failed")
    assert failed["path"] == LOGIN
    assert "CSRF" in failed["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("if_match", "status", "event"),
    [('"v999"', 412, "precondition_failed"), (None, 428, "precondition_required")],
)
def test_edit_conflicts_in_the_api_are_logged(if_match, status, event, analyst_api, security_log):
    topic = f.TopicFactory()
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}

    response = analyst_api.patch(
        f"/api/v1/topics/{topic.pk}/", {"name": "Renamed"}, format="json", **headers
    )

    assert response.status_code == status
    [logged] = security_log(event)
    assert logged["status"] == status
    assert (logged["model"], logged["pk"], logged["if_match"]) == (
        "negotiations.topic",
        str(topic.pk),
        if_match,
    )
    assert logged["user"] == "analyst"


@pytest.mark.django_db
def test_the_security_log_is_one_json_object_per_line(rf, alice):
    handler = logging.getLogger("tracker.security").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    request = rf.post("/admin/negotiations/meeting/7/change/", REMOTE_ADDR="192.0.2.44")
    request.user = alice
    try:
        log_security_event("edit_conflict", request=request, model="meeting", pk=7, name="x")
        log_security_event("login_failed", username="eve\n{forged}")
    finally:
        handler.setStream(previous)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["event"] == first["message"] == "edit_conflict"
    assert (first["level"], first["logger"]) == ("WARNING", "tracker.security")
    assert (first["client_ip"], first["user"], first["method"]) == ("192.0.2.44", "alice", "POST")
    assert (first["path"], first["model"], first["pk"]) == (
        "/admin/negotiations/meeting/7/change/",
        "meeting",
        7,
    )
    assert first["field_name"] == "x"  # "name" is the logger's own field
    assert first["time"].endswith("+00:00")
    # A newline typed into a username stays inside its JSON string: no forged second line.
    assert second["username"] == "eve\n{forged}"
    assert (second["client_ip"], second["user"]) == (None, "anonymous")
