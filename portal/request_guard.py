"""Refuse hostile requests before any view sees them, and keep personal pages out of caches.

The portal is a website, not an API: every page answers GET (and HEAD) and forms
POST; any other method is refused with 405. Text that PostgreSQL cannot store (a
NUL character) or that no person types (other control characters) anywhere in
the path, the query string or a posted field is refused with 400, so no view
has to remember to check it. Django's own limit on the number of fields
(``DATA_UPLOAD_MAX_NUMBER_FIELDS``) already answers 400 once the fields are read;
the guard reads them first so the answer does not depend on the view.
A body larger than ``REQUEST_MAX_BYTES`` gets 413, whether it declared its length or
came chunked (``ChunkedBodyLimit``, around the WSGI application).
"""

import re
import tempfile

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers, patch_cache_control

ALLOWED_METHODS = ("GET", "HEAD", "POST")
# C0 controls other than tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PLAIN = "text/plain; charset=utf-8"
BAD_TEXT_MESSAGE = "The request contained characters that cannot be accepted (control characters)."


def has_control_characters(values) -> bool:
    return any(_CONTROL.search(value) for value in values if isinstance(value, str))


def _request_texts(request):
    yield request.path
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method == "POST":
        for key, values in request.POST.lists():
            yield key
            yield from values


def _body_too_big(request):
    """413 before reading a body larger than REQUEST_MAX_BYTES (files included); 400 for a bad length."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(declared)
    except ValueError:
        return HttpResponseBadRequest("The request's length was not a number.", content_type=PLAIN)
    if length < 0:
        return HttpResponseBadRequest("The request's length was not a number.", content_type=PLAIN)
    limit = settings.REQUEST_MAX_BYTES
    if length <= limit:
        return None
    return HttpResponse(_too_big_message(filesizeformat(length), limit), status=413, content_type=PLAIN)


def _too_big_message(size_text, limit):
    return (
        f"What you sent adds up to {size_text}; the most we accept at once is "
        f"{filesizeformat(limit)}. Go back, remove some files or make them smaller, and send it again."
    )


class ChunkedBodyLimit:
    """WSGI wrapper: a body sent without a length (chunked) is read here, up to the limit.

    Django reads only as many bytes as Content-Length says, so it would see a chunked
    body as empty, and nothing would hold its size to REQUEST_MAX_BYTES. Servers that
    can pass such a body on (gunicorn, which sets ``wsgi.input_terminated``) give it to
    this wrapper: it reads at most REQUEST_MAX_BYTES + 1 bytes into a temporary file
    (kept in memory while small), answers 413 beyond the limit, and otherwise hands
    Django the body with its length, as if the client had sent one.
    """

    CHUNK = 64 * 1024

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("CONTENT_LENGTH") or not environ.get("wsgi.input_terminated"):
            return self.application(environ, start_response)
        if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.application(environ, start_response)
        limit = settings.REQUEST_MAX_BYTES
        # Closed with the response (_ClosingBody), or below when refused.
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        stream, size = environ["wsgi.input"], 0
        while size <= limit:
            chunk = stream.read(min(self.CHUNK, limit + 1 - size))
            if not chunk:
                break
            body.write(chunk)
            size += len(chunk)
        if size > limit:
            body.close()
            message = _too_big_message(f"more than {filesizeformat(limit)}", limit).encode()
            start_response(
                "413 Content Too Large",
                [("Content-Type", PLAIN), ("Content-Length", str(len(message))), ("Connection", "close")],
            )
            return [message]
        body.seek(0)
        environ = {**environ, "wsgi.input": body, "CONTENT_LENGTH": str(size)}
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return _ClosingBody(self.application(environ, start_response), body)


class _ClosingBody:
    """The application's response, closing the spooled request body when the server closes it."""

    def __init__(self, response, body):
        self.response = response
        self.body = body

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.body.close()


class RequestGuardMiddleware:
    """405 for methods a website does not use; 400 for control characters in what was sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        too_big = _body_too_big(request)
        if too_big:
            return too_big
        try:
            if has_control_characters(_request_texts(request)):
                return HttpResponseBadRequest(BAD_TEXT_MESSAGE, content_type="text/plain; charset=utf-8")
        except (SuspiciousOperation, RequestDataTooBig):
            # Too many fields, too large a body: Django's own 400 handling says so.
            raise
        return self.get_response(request)


class PrivateByDefaultMiddleware:
    """Every response to a signed-in person is ``private, no-store`` unless the view opted out.

    A view opts out by setting its own Cache-Control header (static files,
    public register pages cached on purpose). Pages that show one person's data
    without a sign-in (the complaint status page) mark themselves with
    ``never_cache``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
