"""Helpers every app's tests share: small uploads, page text, email links, signing in,
and the permission-matrix harness.

Personas and factories are fixtures in ``tests/conftest.py``; plain functions live here.

The permission matrix
---------------------
Each app's ``tests/<app>/test_permissions.py`` (advice: ``test_confidentiality.py``) declares
``MATRIX``: a list of ``get(path, expected)`` / ``post(path, expected, data)`` rows, where
``expected`` maps every persona to a status code or to ``to(prefix)`` (a 302 whose Location
starts with prefix). ``tests/test_routes.py`` walks the URL resolver and fails when a route
of the portal's own apps has no row in any matrix.
"""

import html as html_module
import re
from typing import NamedTuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD

SIGN_IN = "/accounts/login/"
BACK_OFFICE_SIGN_IN = "/back-office/login/"

# The smallest PDF the upload checks accept: a header and an end-of-file marker.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- Uploads ------------------------------------------------------------------


def pdf_upload(name="document.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="screenshot.png"):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- Reading pages and emails ---------------------------------------------------


def text_of(html) -> str:
    """The page's visible words: tags removed, entities read (``&#x27;`` is ``'``), spaces collapsed.

    Takes a str, bytes or a response.
    """
    if hasattr(html, "content"):
        html = html.content
    if isinstance(html, bytes):
        html = html.decode()
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))


def row_with(html, text):
    """The visible text of the first table row containing ``text``."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        words = text_of(row).strip()
        if text in words:
            return words
    raise AssertionError(f"No table row contains {text!r}")


def link_in(body: str, path_part: str) -> str:
    """The first link in an email body containing ``path_part``, as a path."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_part) + r"\S*)", body)
    assert match, f"no link with {path_part} in:\n{body}"
    return match.group(1)


# --- Signing in through the real form -------------------------------------------


def sign_in(client, email, password=PASSWORD, url=SIGN_IN):
    """Post the sign-in form (``client_for`` skips it; use this to test signing in itself)."""
    return client.post(url, {"login": email, "password": password})


# --- Role groups after transactional tests ----------------------------------------


def roles_back_after_flushes(scope="package"):
    """An autouse fixture for a conftest or module: ``_roles_back = kit.roles_back_after_flushes()``.

    Transactional tests end by emptying every table, role groups included; this puts them
    back for the tests that follow and for the next --reuse-db run.
    """

    @pytest.fixture(autouse=True, scope=scope)
    def _roles_back(django_db_setup, django_db_blocker):
        from django.apps import apps

        from portal.roles import sync_roles

        yield
        with django_db_blocker.unblock():
            sync_roles(apps)

    return _roles_back


# --- Permission matrix ----------------------------------------------------------


class to:  # noqa: N801 - reads as "redirect to"
    """Expect a 302 whose Location starts with ``prefix``."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __repr__(self):
        return f"to({self.prefix!r})"

    def __eq__(self, other):
        return isinstance(other, to) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


class Route(NamedTuple):
    """One matrix row: a request and the response each persona should get."""

    method: str
    path: str  # may hold {placeholders} the app's fixture fills in
    expected: dict
    data: dict | None = None


def get(path, expected) -> Route:
    return Route("get", path, expected)


def post(path, expected, data=None) -> Route:
    return Route("post", path, expected, data)


def cases(matrix, personas):
    """``pytest.param(route, persona, expected)`` for every row and persona, with readable ids."""
    return [
        pytest.param(route, persona, route.expected[persona], id=f"{persona}-{route.method}-{route.path}")
        for route in matrix
        for persona in personas
    ]


def outcome(response):
    """What a matrix compares: the status, or ``to(Location)`` for a redirect."""
    if response.status_code == 302:
        return to(response["Location"])
    return response.status_code


def matches(response, expected) -> bool:
    if isinstance(expected, to):
        return response.status_code == 302 and response["Location"].startswith(expected.prefix)
    return response.status_code == expected


def check(response, url, expected):
    """Assert one matrix cell, naming the URL and what came back when it fails."""
    assert matches(response, expected), f"{url} gave {outcome(response)!r}, expected {expected!r}"


def request(client, route: Route, path: str, data=None):
    return getattr(client, route.method)(path, data if data is not None else (route.data or {}))


def assert_covers(matrix, personas):
    """Every row names every persona, and no persona the app does not test."""
    for route in matrix:
        assert set(route.expected) == set(personas), (route.method, route.path)
