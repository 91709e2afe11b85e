"""The steering group's report journey in a real browser, with axe on each page."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steering_group_member_filters_to_a_cohort_and_downloads_the_csv(
    page, live_server, sign_in_as, mssg_member, council, assert_accessible, screenshot
):
    sign_in_as(mssg_member)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Open the reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uptake reports: summary")
    assert_accessible(page)
    screenshot(page, "reports-summary")

    page.get_by_role("link", name="Induction", exact=True).click()
    page.get_by_label("Induction cohort").select_option(label="New members 2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/reports/induction/\?.*cohort=new-members-2026"))

    chart = page.get_by_role("img", name="Share of the New members 2026 cohort who have done each step")
    expect(chart).to_be_visible()
    steps = page.get_by_role("table", name="New members 2026: progress on each step")
    expect(steps).to_contain_text("Social media guide")
    # Two members in the cohort: the steering group sees no figure for so small a group.
    expect(steps).to_contain_text("fewer than 5")
    expect(page.get_by_text("New members behind with induction")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "reports-induction-cohort")

    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Download this table as CSV (New members 2026: progress on each step)"
        ).click()
    download = download_info.value
    assert download.suggested_filename.startswith("induction-cohort-items-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Step", "Members", "Done", "Share done"]
    assert ["Social media guide", "fewer than 5", "fewer than 5", "fewer than 5"] in rows


def test_member_support_reads_the_committee_report_on_a_phone(
    page, live_server, sign_in_as, member_support, council, assert_accessible, screenshot
):
    page.set_viewport_size(PHONE)
    sign_in_as(member_support)
    page.goto(f"{live_server.url}/reports/committees/")
    table = page.get_by_role("table", name="Mandatory training for committee members")
    expect(table).to_contain_text("Planning Committee")
    expect(
        page.get_by_role(
            "table", name="Committee members to chase about training (names: for chasing only, do not share)"
        )
    ).to_contain_text("Not eligible to sit")
    assert_accessible(page)
    screenshot(page, "reports-committees-phone")


def test_the_printable_summary_prints_from_a_button(
    page, live_server, sign_in_as, mssg_member, council, assert_accessible, screenshot
):
    sign_in_as(mssg_member)
    page.goto(f"{live_server.url}/reports/print/")
    expect(page.get_by_role("button", name="Print this summary")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this summary")).to_be_hidden()
    page.emulate_media(media="screen")
    assert_accessible(page)
    screenshot(page, "reports-print")


@pytest.mark.parametrize("section", ["guidance", "training", "casework"])
def test_the_other_report_sections_have_no_serious_accessibility_problems(
    page, live_server, sign_in_as, member_support, council, assert_accessible, screenshot, section
):
    sign_in_as(member_support)
    page.goto(f"{live_server.url}/reports/{section}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uptake reports")
    expect(page.get_by_role("link", name=re.compile("Download this table as CSV")).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"reports-{section}")
