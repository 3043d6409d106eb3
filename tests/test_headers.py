"""Security headers on every kind of response: the same policy with DEBUG on or off."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "html page": ("/", "text/html"),
    "api": ("/api/v1/meetings/", "application/json"),
    "browsable api": ("/api/v1/meetings/", "text/html"),
    "admin login": ("/admin/login/", "text/html"),
    "api docs": ("/api/docs/", "text/html"),
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize(("path", "accept"), PAGES.values(), ids=PAGES.keys())
def test_every_response_sends_a_strict_content_security_policy(client, path, accept):
    response = client.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    csp = policy(response)

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # Inline styles only by hash, never wholesale; nothing relaxes scripts.
    for directive in ("script-src", "style-src", "style-src-attr", "img-src"):
        assert "'unsafe-inline'" not in csp[directive], directive
        assert "'unsafe-eval'" not in csp[directive], directive
    assert "script-src-attr" not in csp
    assert "script-src-elem" not in csp


@pytest.mark.parametrize(("path", "accept"), PAGES.values(), ids=PAGES.keys())
def test_every_response_sends_the_other_security_headers(client, path, accept):
    response = client.get(path, HTTP_ACCEPT=accept)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_api_docs_allow_data_images(client):
    # Swagger UI's stylesheet draws its icons as data: URLs.
    assert policy(client.get("/api/docs/"))["img-src"] == ["'self'", "data:"]
    assert policy(client.get("/"))["img-src"] == ["'self'"]


def test_api_docs_load_their_script_from_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in page
    assert "<script>" not in page
    assert "<style>" not in page

    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle(" in script.content.decode()


def test_the_headers_are_the_same_with_debug_on(client, settings):
    production = client.get("/")
    settings.DEBUG = True
    development = client.get("/")
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert development[header] == production[header], header


# HTTPS (DEBUG off). The suite itself runs with SECURE_SSL_REDIRECT=0, as over plain local http.


def test_http_is_redirected_to_https_unless_the_proxy_says_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    plain = client.get("/issues/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/issues/"

    # The TLS-terminating proxy sets X-Forwarded-Proto; Django trusts it.
    behind_proxy = client.get("/issues/", headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.status_code == 200


def test_https_responses_send_hsts(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # Browsers ignore HSTS over http; Django does not send it there.
    assert "Strict-Transport-Security" not in client.get("/")


def test_session_and_csrf_cookies_are_secure_only(client, django_user_model):
    django_user_model.objects.create_user("editor", password="a long pass phrase 7", is_staff=True)
    login = client.get("/admin/login/", secure=True)
    assert login.cookies["csrftoken"]["secure"]

    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a long pass phrase 7", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]


def test_error_pages_send_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
