"""Registers of interests in a real browser: a new councillor fills in their register one heading
at a time and registers a gift from the dashboard; the Monitoring Officer signs in with a code,
agrees to withhold one entry's details and publishes; the public register shows the result."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interests.models import Gift, Status
from portal import roles
from tests.browser.conftest import DESKTOP, PHONE, sign_in_with_code
from tests.interests.conftest import headings_back_after_flushes, seed_headings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _headings(transactional_db):
    """The register's headings come from a data migration, which a transactional test's flush empties."""
    seed_headings()


_headings_back = headings_back_after_flushes(scope="module")


@pytest.fixture
def newcomer(make_user, make_member):
    user = make_user("cllr.newcomer@example.org", role=roles.COUNCILLOR, full_name="Aisha Rahman")
    make_member(
        user=user,
        first_name="Aisha",
        last_name="Rahman",
        ward="Thornleigh",
        term_start=timezone.localdate() - datetime.timedelta(days=8),
        term_end=None,
    )
    return user


@pytest.fixture
def officer_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_a_new_member_completes_their_register_and_the_monitoring_officer_publishes_it(
    page, officer_page, live_server, newcomer, monitoring_officer, sign_in_as, assert_accessible, screenshot
):
    page.set_viewport_size(DESKTOP)
    sign_in_as(newcomer)
    page.goto(f"{live_server.url}/")
    panel = page.get_by_role("region", name="Your register of interests")
    expect(panel).to_contain_text("You have not filled in your register yet")
    assert_accessible(page)

    # A gift, declined, from the dashboard.
    panel.get_by_text("Register a gift or hospitality").click()
    panel.get_by_label("Who offered it?").fill("Northway Homes Ltd")
    panel.get_by_label("What was it?").fill("Two tickets to a county cricket match")
    panel.get_by_label("Estimated value in pounds").fill("120")
    panel.get_by_label("Date offered or received").fill(timezone.localdate().isoformat())
    panel.get_by_label("I declined it").check()
    screenshot(page, "interests-dashboard-gift")
    panel.get_by_role("button", name="Register it").click()
    expect(page.get_by_role("status")).to_contain_text("Registered")
    assert Gift.objects.get().accepted is False

    # The register, one heading at a time.
    page.get_by_role("button", name="Fill in the register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Employment, office, trade, profession or vocation"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Add it").click()
    expect(page.get_by_role("alert")).to_contain_text("Describe the interest.")
    assert_accessible(page)
    screenshot(page, "interests-edit-error")
    page.get_by_label("Describe the interest").fill("Pharmacist, Thornleigh Pharmacy")
    page.get_by_role("button", name="Add it").click()
    expect(page.get_by_role("status")).to_contain_text("Added")
    page.get_by_label("Describe the interest").fill("Nurse, Riverside Medical Centre")
    page.get_by_label("My spouse, civil partner or partner's").check()
    page.get_by_role("button", name="Add it").click()
    screenshot(page, "interests-edit")

    page.get_by_role("link", name="Save and go on: Sponsorship").click()
    page.get_by_role("link", name="Save and go on: Contracts with the council").click()
    page.get_by_role("link", name="Save and go on: Land in the council's area").click()
    page.get_by_label("Describe the interest").fill("A field at Sallow Bank")
    page.get_by_label("Ask for the details to be withheld (optional)").fill("A neighbour has made threats.")
    page.get_by_role("button", name="Add it").click()

    page.get_by_role("link", name="Check and submit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and submit")
    assert_accessible(page)
    page.get_by_role("button", name="Submit to the Monitoring Officer").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    page.get_by_label("I confirm that this register is complete").check()
    screenshot(page, "interests-submit")
    page.get_by_role("button", name="Submit to the Monitoring Officer").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted as version 1")
    assert_accessible(page)
    screenshot(page, "interests-register")

    # The Monitoring Officer reviews and publishes.
    sign_in_with_code(officer_page, live_server, monitoring_officer)
    officer_page.get_by_role("link", name="Open the registers").click()
    officer_page.get_by_role("link", name="Cllr Aisha Rahman").click()
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Cllr Aisha Rahman: version 1")
    assert_accessible(officer_page)
    officer_page.get_by_role("button", name="Accept and publish").click()
    expect(officer_page.get_by_role("status")).to_contain_text("Decide every request to withhold details")
    officer_page.get_by_label("Agree: withhold the details").check()
    officer_page.get_by_label("Reason for the decision").fill("The police confirmed the threats.")
    officer_page.get_by_role("button", name="Record the decision").click()
    expect(officer_page.get_by_role("status")).to_contain_text("Decision recorded")
    screenshot(officer_page, "interests-review")
    officer_page.get_by_role("button", name="Accept and publish").click()
    expect(officer_page.get_by_role("status")).to_contain_text("Published")
    assert newcomer.member.interest_register.returns.get().status == Status.PUBLISHED

    # Anyone can read it, on a phone, without the withheld details or whose each interest is.
    public = officer_page.context.browser.new_context(viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/registers-of-interests/")
    public.get_by_role("link", name="Fellbridge District Council", exact=True).click()
    public.get_by_role("link", name="Cllr Aisha Rahman").click()
    main = public.get_by_role("main")
    expect(main).to_contain_text("Pharmacist, Thornleigh Pharmacy")
    expect(main).to_contain_text("Nurse, Riverside Medical Centre")
    expect(main).to_contain_text("its details are withheld")
    expect(main).not_to_contain_text("Sallow Bank")
    expect(main).to_contain_text("Two tickets to a county cricket match")
    assert_accessible(public)
    screenshot(public, "interests-public-member")
