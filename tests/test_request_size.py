"""The request-size limit (tracker/middleware.py): a body over the limit is refused with a 413
before anything reads it, whatever its content type, and a body sent without Content-Length
(chunked) is not read past the limit. The admin's import upload has its own, larger limit."""

import io
import json
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests import factories as f

PASSWORD = "correct horse battery staple"  # tests/factories.py's UserFactory
TOKEN = "/api/v1/auth/token/"
LIMIT = 1000  # DATA_UPLOAD_MAX_MEMORY_SIZE in these tests
IMPORTS = Path(__file__).resolve().parent / "data" / "imports"


class CountingInput(io.BytesIO):
    """A request's wsgi.input that counts the bytes the app reads from it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1, /):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1, /):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def post(client, path: str, body: bytes, content_type: str, **extra):
    """POST `body`; the response and how many of its bytes were read."""
    stream = CountingInput(body)
    response = client.generic(
        "POST", path, body, content_type=content_type, **{"wsgi.input": stream, **extra}
    )
    return response, stream.bytes_read


def chunked(**extra) -> dict:
    """What gunicorn hands Django for a chunked body: no Content-Length, a stream that ends."""
    return {
        "CONTENT_LENGTH": "",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input_terminated": True,
        **extra,
    }


def sign_in_form(padding: int) -> bytes:
    """A multipart sign-in with the right password and a file `padding` bytes long."""
    pad = io.BytesIO(b"x" * padding)
    pad.name = "pad.bin"
    return encode_multipart(BOUNDARY, {"username": "alice", "password": PASSWORD, "pad": pad})


@pytest.fixture
def alice(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    return f.UserFactory(username="alice")


def test_a_multipart_body_over_the_limit_is_refused_unread(alice):
    body = sign_in_form(padding=5 * LIMIT)

    response, bytes_read = post(Client(), TOKEN, body, MULTIPART_CONTENT)

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is {len(body)} bytes; at most {LIMIT} bytes are accepted."
    }
    assert bytes_read == 0
    # Nobody signed in, and no failure was counted either: the sign-in never ran.
    assert not Token.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_a_multipart_body_within_the_limit_still_signs_in(alice):
    response, _ = post(Client(), TOKEN, sign_in_form(padding=10), MULTIPART_CONTENT)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=alice).key}


def test_a_chunked_body_is_not_read_past_the_limit(alice):
    body = json.dumps({"username": "alice", "password": PASSWORD, "pad": "x" * 5 * LIMIT})

    response, bytes_read = post(Client(), TOKEN, body.encode(), "application/json", **chunked())

    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is more than 1000 bytes;")
    assert bytes_read == LIMIT + 1
    assert not Token.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_a_chunked_body_within_the_limit_is_read_whole(alice):
    body = json.dumps({"username": "alice", "password": PASSWORD}).encode()

    response, bytes_read = post(Client(), TOKEN, body, "application/json", **chunked())

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=alice).key}
    assert bytes_read == len(body)


def test_without_a_marked_end_a_body_without_length_is_not_read(alice):
    # A server that does not promise the stream ends (wsgi.input_terminated) may block on it.
    body = json.dumps({"username": "alice", "password": PASSWORD, "pad": "x" * 5 * LIMIT})
    extra = chunked(**{"wsgi.input_terminated": False})

    response, bytes_read = post(Client(), TOKEN, body.encode(), "application/json", **extra)

    assert response.status_code == 400  # Django reads no body: "username is required"
    assert bytes_read == 0


def import_upload() -> bytes:
    csv = io.BytesIO((IMPORTS / "meetings.csv").read_bytes())
    csv.name = "meetings.csv"
    return encode_multipart(BOUNDARY, {"resource": "0", "format": "0", "import_file": csv})


def test_the_admin_import_takes_a_file_up_to_its_own_limit(article, analyst_client, settings):
    body = import_upload()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 300
    settings.IMPORT_UPLOAD_MAX_SIZE = len(body)
    url = reverse("admin:negotiations_meeting_import")

    preview, _ = post(analyst_client, url, body, MULTIPART_CONTENT)

    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert preview.status_code == 200
    assert b"2 new, 0 changed, 0 unchanged, 0 rejected" in preview.content

    settings.IMPORT_UPLOAD_MAX_SIZE = len(body) - 1
    refused, bytes_read = post(analyst_client, url, body, MULTIPART_CONTENT)

    assert refused.status_code == 413
    assert refused.content.decode() == (
        f"The request body is {len(body)} bytes; at most {len(body) - 1} bytes are accepted."
    )
    assert bytes_read == 0


def test_a_multipart_body_elsewhere_in_the_admin_has_the_ordinary_limit(analyst_client, settings):
    body = import_upload()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 300
    url = reverse("admin:negotiations_meeting_add")

    response, bytes_read = post(analyst_client, url, body, MULTIPART_CONTENT)

    assert response.status_code == 413
    assert bytes_read == 0
