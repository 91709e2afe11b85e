"""Headless Chromium journeys against a live server.

Playwright's sync API runs an event loop in the test's thread, so Django's
async-safety check would refuse the database calls the fixtures make. That
check protects async views, which the tests do not exercise, so switch it off
here and only here.
"""

import os
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from portal.demo import current_totp_code
from portal.roles import sync_roles
from tests import kit
from tests.conftest import PASSWORD
from tests.reports.conftest import council  # noqa: F401 - the reports' hand-built council, for the journeys

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Set PORTAL_SCREENSHOTS=/tmp/screens to keep screenshots of the pages visited.
SCREENSHOT_DIR = os.environ.get("PORTAL_SCREENSHOTS", "")


def pytest_collection_modifyitems(config, items):
    if config.pluginmanager.has_plugin("playwright"):
        return
    skip = pytest.mark.skip(reason="pytest-playwright is switched off (-p no:playwright)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests."
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but with static files served as in production.

    Its default handler finds static files by their source names and so cannot
    serve the hashed names the manifest storage puts in pages; WhiteNoise serves
    them from STATIC_ROOT, which `collectstatic` fills before the tests run.
    """
    addr = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


def _no_static_handler(application):
    return application


# Put the role groups back once the browser tests are done. Transactional tests end by
# emptying every table. pytest-django runs them after the others, but pytest then regroups
# every test that uses pytest-playwright's session-wide browser parameter, so tests that
# need the groups can still follow; and with --reuse-db the next run starts from here.
_roles_left_behind = kit.roles_back_after_flushes()


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Make the role groups for each test: an earlier transactional test may have emptied the tables.

    (serialized_rollback would restore them too, but its saved rows clash with
    the content types that other transactional tests' flushes recreate.)
    """
    sync_roles(django_apps)


@pytest.fixture(autouse=True)
def _fresh_cache(transactional_db):
    """Start each journey with no login rate limits and no used two-factor codes.

    Both live in the cache, which the database flush between tests leaves alone;
    clear it afterwards too, so that limits counted here (the contact and complaint
    forms') do not follow into the next test run on the same database.
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in_as(live_server, context):
    """Put a signed-in session for ``user`` into the browser, skipping the sign-in form."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in


def sign_in_with_code(page, live_server, user):
    """Sign in through the real form, with the authenticator code (officers must use one)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(current_totp_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG when PORTAL_SCREENSHOTS is set."""

    def take(page, name):
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return take


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v for v in violations if v.get("impact") in {"serious", "critical"}]


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = serious_violations(page)
        assert not violations, f"axe found serious problems on {page.url}:\n{describe(violations)}"

    return check
