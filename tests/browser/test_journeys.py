"""Sign-in and dashboard journeys in a real browser, with axe checks on the main pages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.demo import current_totp_code, demo_password
from portal.models import CommitteeMembership, User
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_login(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")


def submit_password(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def councillor_on_committees(councillor, make_committee):
    planning = make_committee("Planning Committee", members=[councillor.member])
    CommitteeMembership.objects.filter(committee=planning).update(role=CommitteeMembership.Role.VICE_CHAIR)
    make_committee("Licensing Committee", members=[councillor.member])
    return councillor


def test_it_signs_a_councillor_in_to_their_dashboard(page, live_server, councillor_on_committees, screenshot):
    open_login(page, live_server)
    submit_password(page, "cllr.ward@example.org", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Morgan")
    main = page.locator("main")
    expect(main).to_contain_text("Cllr Morgan Hale")
    expect(main).to_contain_text("Riverside")
    committees = page.get_by_role("region", name="Your committees")
    expect(committees).to_contain_text("Planning Committee")
    expect(committees).to_contain_text("Vice-chair")
    expect(committees).to_contain_text("Licensing Committee")
    screenshot(page, "councillor-dashboard")


def test_it_asks_the_monitoring_officer_for_a_code_after_the_password(
    page, live_server, monitoring_officer, screenshot
):
    open_login(page, live_server)
    submit_password(page, "mo@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(current_totp_code(monitoring_officer))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ruth")
    expect(page.get_by_role("region", name="Back office")).to_be_visible()
    screenshot(page, "monitoring-officer-dashboard")


def test_it_shows_an_error_and_keeps_the_email_after_a_wrong_password(
    page, live_server, councillor, screenshot
):
    open_login(page, live_server)
    submit_password(page, "cllr.ward@example.org", "not-the-password")
    # The error summary sits at the top of the page, above the form (one pattern for every form).
    alert = page.locator("main").get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile(r"password", re.IGNORECASE))
    expect(page.get_by_label("Email address")).to_have_value("cllr.ward@example.org")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot(page, "login-wrong-password")


def test_it_lets_a_keyboard_user_skip_to_the_main_content(page, live_server, db):
    open_login(page, live_server)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


# --- Accessibility (axe) ------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_has_no_serious_accessibility_problems_on_the_sign_in_page(
    page, live_server, db, viewport, assert_accessible, screenshot
):
    page.set_viewport_size(viewport)
    open_login(page, live_server)
    assert_accessible(page)
    screenshot(page, f"login-{viewport['width']}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_has_no_serious_accessibility_problems_on_the_councillor_dashboard(
    page, live_server, councillor_on_committees, sign_in_as, viewport, assert_accessible, screenshot
):
    page.set_viewport_size(viewport)
    sign_in_as(councillor_on_committees)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Morgan")
    assert_accessible(page)
    screenshot(page, f"councillor-dashboard-{viewport['width']}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_has_no_serious_accessibility_problems_on_the_member_support_dashboard(
    page,
    live_server,
    member_support,
    make_member,
    parish,
    sign_in_as,
    viewport,
    assert_accessible,
    screenshot,
):
    make_member(first_name="Nora", last_name="Noemail", email="")
    make_member(authority=parish)
    page.set_viewport_size(viewport)
    sign_in_as(member_support)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("region", name="Members", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"member-support-dashboard-{viewport['width']}")


def test_it_opens_the_menu_on_a_phone(page, live_server, councillor, sign_in_as):
    page.set_viewport_size(PHONE)
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_it_shows_member_support_the_demo_district(
    page, live_server, sign_in_as, assert_accessible, screenshot
):
    call_command("seed_demo", force=True, stdout=StringIO())
    sign_in_as(User.objects.get(email="support@example.org"))
    page.goto(f"{live_server.url}/")
    tiles = page.get_by_role("list", name="Fellbridge District Council at a glance")
    expect(tiles).to_contain_text("43 serving members")
    expect(tiles).to_contain_text("3 co-opted members")
    table = page.get_by_role("table", name="Serving members by authority")
    expect(table.get_by_role("row")).to_have_count(1 + 6)
    expect(page.get_by_role("region", name="Invited but not yet signed in")).to_contain_text("Aisha Rahman")
    assert_accessible(page)
    screenshot(page, "member-support-demo-1280")


def test_it_welcomes_the_new_demo_councillor(page, live_server, assert_accessible, screenshot):
    call_command("seed_demo", force=True, stdout=StringIO())
    page.set_viewport_size(PHONE)
    open_login(page, live_server)
    submit_password(page, "cllr.new@example.org", demo_password())
    expect(page.get_by_role("heading", name="Welcome to the council")).to_be_visible()
    expect(page.get_by_role("region", name="Your committees")).to_contain_text(
        "Overview and Scrutiny Committee"
    )
    assert_accessible(page)
    screenshot(page, "new-councillor-375")
