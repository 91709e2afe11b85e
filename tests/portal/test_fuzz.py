"""Every page and every form, as every kind of user, with hostile values: never a 500.

The demo data is seeded once for the module (inside a transaction rolled back at
the end), so pages have real objects to show and forms to crawl. For each
persona the test visits every route in the URL resolver with path values drawn
from real ids and slugs and from hostile ones, reads the forms on every page it
can open, and posts hypothesis-generated values to each: NUL and control
characters, 100,000-character strings, unicode, wrong types, huge and negative
numbers, other people's ids, missing fields. The answer must be a page, a
redirect, or a 4xx; a refused POST must leave every table as it was.
"""

import re
from html import unescape
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User

pytestmark = pytest.mark.fuzz

PERSONA_EMAILS = {
    "anonymous": None,
    "councillor": "cllr.ward@example.org",
    "new councillor": "cllr.new@example.org",
    "co-opted member": "coopted@example.org",
    "Monitoring Officer": "mo@example.org",
    "Member Support": "support@example.org",
    "steering group": "mssg@example.org",
    "Independent Person": "ip@example.org",
}
# Routes left out: signing out ends the persona's session, and the back office
# is Django's admin (covered by the admin tests and the permission matrix).
SKIPPED = ("accounts/logout/", "back-office/")
OK_STATUSES = {200, 301, 302, 303, 304, 400, 403, 404, 405, 410, 429}
EXAMPLES = 3
CRAWL_LIMIT = 150
LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]+)\"", re.I)
NOT_FOLLOWED = ("/accounts/logout/", "/back-office/", "/static/", "//")

HOSTILE_TEXT = [
    "",
    " ",
    "x" * 100_000,
    "-1",
    "0",
    "1.5",
    "1e309",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "NaN",
    "2026-02-30",
    "31/12/2026",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "\u202etxt.exe",
    "😀" * 500,
    "null",
    "true",
    "on",
    "a\x00b",
    "a\x07b",
]
hostile_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers().map(str),
    st.integers(min_value=1, max_value=400).map(str),  # ids of other people's things
)
QUERY_NAMES = [
    "q",
    "page",
    "period",
    "scope",
    "status",
    "category",
    "audience",
    "committee",
    "authority",
    "stage",
    "state",
    "sort",
    "next",
    "from",
    "to",
    "document",
    "group",
]
hostile_path_text = st.one_of(
    st.sampled_from(["0", "x" * 3000, "..", "%2e%2e", "a%00b", "%F0%9F%98%80", "-", "_"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=30),
)
hostile_path_int = st.one_of(
    st.sampled_from(["0", "1", "2147483648", "9223372036854775808", "9" * 40]),
    st.integers(min_value=1, max_value=500).map(str),
)


def routes():
    """(route template, [converter names]) for every URL pattern of the site."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(SKIPPED):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex_name>\w+)>[^)]*\)")


def fill(route, draw, known):
    """A concrete path for ``route``: each parameter a real value or a hostile one."""

    def value(match):
        converter = match.group("converter") or "str"
        if match.group("regex_name"):
            converter = "str"
        if converter == "int":
            return draw(st.one_of(st.sampled_from(known["ints"]), hostile_path_int))
        return draw(st.one_of(st.sampled_from(known["slugs"]), hostile_path_text))

    path = PARAMETER.sub(value, route)
    return "/" + path.replace("^", "").replace("$", "")


FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"(?P<name>[^\"]+)\"", re.I)
ACTION = re.compile(r"\baction=\"(?P<action>[^\"]*)\"", re.I)
METHOD = re.compile(r"\bmethod=\"post\"", re.I)


def post_forms(html, page_path):
    """(action path, field names) of each POST form on a page."""
    found = []
    for form in FORM.finditer(html):
        attrs = form.group("attrs")
        if not METHOD.search(attrs):
            continue
        action = ACTION.search(attrs)
        target = unescape(action.group("action")) if action and action.group("action") else page_path
        if not target.startswith("/") or target.startswith(("/accounts/logout/", "/back-office/")):
            continue
        names = sorted(
            {m.group("name") for m in FIELD.finditer(form.group("body"))} - {"csrfmiddlewaretoken"}
        )
        found.append((target.split("#")[0], names))
    return found


# Logs that record the attempt itself (who opened a case file, refusals in the
# audit log) rightly grow on a refused request; every other table must not.
ACCESS_LOGS = {"portal_auditevent", "advice_questionview", "complaints_caseaccess"}
# The reports' write counters (reports.cache) count statements, not data: a trigger adds a row
# for any UPDATE of a watched table, one that changes no row included (a page's read marker, say).
WRITE_COUNTERS = {"reports_figureswrite", "reports_figurestally"}


def row_counts():
    """Rows in every table of the portal's own apps but the access logs and write counters, in one query."""
    tables = sorted(
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name in {"portal", "guidance", "training", "advice", "complaints", "interests", "reports"}
        for model in config.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.db_table not in ACCESS_LOGS | WRITE_COUNTERS
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*) FROM {connection.ops.quote_name(table)}" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def known_values():
    """A few real ids and slugs of every model of the feature apps."""
    ints, slugs = set(), {"guidance", "training", "casework", "summary"}
    for label in ("guidance", "training", "advice", "complaints", "interests"):
        for model in apps.get_app_config(label).get_models():
            ints.update(str(pk) for pk in model.objects.values_list("pk", flat=True)[:5])
            if "slug" in {field.name for field in model._meta.fields}:
                slugs.update(model.objects.values_list("slug", flat=True)[:5])
    return {"ints": sorted(ints), "slugs": sorted(slugs)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for this module and rolled back after it."""
    from django.conf import settings as django_settings

    media_root = django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", force=True, stdout=StringIO())
            yield known_values()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            django_settings.MEDIA_ROOT = media_root


def check(response, method, path):
    assert response.status_code in OK_STATUSES, f"{method} {path[:200]} answered {response.status_code}"


@pytest.mark.parametrize("persona", list(PERSONA_EMAILS))
def test_it_never_fails_on_hostile_input(demo, db, persona):
    client = Client(raise_request_exception=True)
    email = PERSONA_EMAILS[persona]
    if email:
        client.force_login(User.objects.get(email=email))
    all_routes = routes()

    # Crawl as this persona: from every route without parameters, follow the
    # site's own links (up to CRAWL_LIMIT pages), collecting each page's forms.
    forms = {}
    queue = ["/" + route for route in all_routes if "<" not in route and "(?P" not in route]
    seen = set(queue)
    while queue and len(seen) <= CRAWL_LIMIT:
        path = queue.pop(0)
        response = client.get(path)
        check(response, "GET", path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode(errors="replace")
        for target, names in post_forms(html, path):
            forms.setdefault(target, set()).update(names)
        for link in LINK.findall(html):
            link = unescape(link).split("#")[0]
            if link.startswith("/") and not link.startswith(NOT_FOLLOWED) and link not in seen:
                seen.add(link)
                queue.append(link)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def hostile(data):
        for route in all_routes:
            path = fill(route, data.draw, demo)
            names = data.draw(st.lists(st.sampled_from(QUERY_NAMES), max_size=4))
            query = {name: data.draw(hostile_values) for name in names}
            response = client.get(path, query)
            check(response, "GET", path)
        for target, names in sorted(forms.items()):
            payload = {name: data.draw(hostile_values) for name in sorted(names) if data.draw(st.booleans())}
            before = row_counts()
            response = client.post(target, payload)
            check(response, "POST", target)
            if response.status_code >= 400:
                assert row_counts() == before, (
                    f"POST {target} answered {response.status_code} but changed rows"
                )

    hostile()
