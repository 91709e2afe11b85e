"""Every route of the portal's own apps has a row in a permission matrix.

The routes come from the URL resolver, so a new view cannot ship without saying who may
open it: add a ``get(...)``/``post(...)`` row to the app's ``MATRIX`` (see tests/kit.py).
Third-party pages (allauth's under /accounts/, the admin under /back-office/) are left to
their own tests; the matrices still hold the rows they have for them.
"""

import importlib
import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Where each app's matrix lives (module, attribute).
MATRICES = [
    ("tests.portal.test_permissions", "MATRIX"),
    ("tests.guidance.test_permissions", "MATRIX"),
    ("tests.training.test_permissions", "MATRIX"),
    ("tests.advice.test_confidentiality", "MATRIX"),
    ("tests.complaints.test_permissions", "MATRIX"),
    ("tests.reports.test_permissions", "MATRIX"),
    ("tests.interests.test_permissions", "MATRIX"),
]
THIRD_PARTY = ("accounts/", "back-office/")


def own_routes() -> set[str]:
    """Every route the resolver knows, as its pattern (``guidance/<slug:slug>/``), minus third-party ones."""

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return {route for route in walk(get_resolver()) if not route.startswith(THIRD_PARTY)}


def route_of(path: str) -> str:
    """The resolver's pattern for a matrix path; every {placeholder} stands for "1"."""
    concrete = re.sub(r"\{[^}]+\}", "1", path.split("?", 1)[0])
    return resolve(concrete).route


def matrix_routes() -> set[str]:
    routes = set()
    for module, attribute in MATRICES:
        for row in getattr(importlib.import_module(module), attribute):
            routes.add(route_of(row.path))
    return routes


def test_it_has_a_permission_matrix_row_for_every_route():
    missing = own_routes() - matrix_routes()
    assert not missing, "Routes with no row in any permission matrix: " + ", ".join(sorted(missing))


def test_it_finds_the_routes_it_checks():
    routes = own_routes()
    assert "guidance/<slug:slug>/" in routes
    assert "complaints/cases/<int:pk>/" in routes
    assert not any(route.startswith(THIRD_PARTY) for route in routes)
