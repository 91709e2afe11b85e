"""Bodies sent chunked (no Content-Length) are held to REQUEST_MAX_BYTES (request_guard.ChunkedBodyLimit).

tests/ops/test_load.py sends them to gunicorn; these call the WSGI wrapper directly.
"""

import io

from portal.request_guard import ChunkedBodyLimit


def call(app, body: bytes, **environ):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    base = {
        "REQUEST_METHOD": "POST",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "HTTP_TRANSFER_ENCODING": "chunked",
    }
    result = ChunkedBodyLimit(app)({**base, **environ}, start_response)
    payload = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return seen, payload


def echo(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]


def test_it_refuses_a_chunked_body_over_the_limit(settings):
    settings.REQUEST_MAX_BYTES = 1000
    seen, payload = call(echo, b"x" * 1001)
    assert seen["status"].startswith("413")
    assert seen["headers"]["Connection"] == "close"
    assert "the most we accept at once is 1000\xa0bytes" in payload.decode()


def test_it_hands_a_chunked_body_within_the_limit_on_with_its_length(settings):
    settings.REQUEST_MAX_BYTES = 1000
    seen, payload = call(echo, b"name=Sam+Walker" + b"x" * 985)
    assert seen["status"] == "200 OK"
    assert payload == b"name=Sam+Walker" + b"x" * 985


def test_it_leaves_bodies_with_a_length_to_the_middleware(settings):
    settings.REQUEST_MAX_BYTES = 10
    body = b"y" * 50
    seen, payload = call(echo, body, CONTENT_LENGTH="50")
    assert seen["status"] == "200 OK" and payload == body  # RequestGuardMiddleware answers 413 for these


def test_it_leaves_servers_that_cannot_end_a_body_alone(settings):
    settings.REQUEST_MAX_BYTES = 10
    seen, payload = call(echo, b"z" * 50, **{"wsgi.input_terminated": False})
    assert seen["status"] == "200 OK" and payload == b""
