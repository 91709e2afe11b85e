"""Standards complaints in a real browser: a resident complains about a parish councillor, confirms
their email and follows the status link; the Monitoring Officer signs in with a code, acknowledges,
assesses with the Independent Person's view and decides. Axe checks the public form and case pages."""

import re
import uuid

import pytest
from django.core import mail
from playwright.sync_api import expect

from complaints import services
from complaints.models import Complaint
from complaints.stages import Stage
from tests.browser.conftest import DESKTOP, PHONE, sign_in_with_code
from tests.complaints.conftest import advance, details

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def parish_councillor(make_member, parish):
    return make_member(
        authority=parish, first_name="Gerald", last_name="Pickering", email="gerald.pickering@example.org"
    )


def fill_complaint(page):
    page.get_by_label("Your full name").fill("Beatrix Quennell")
    page.get_by_label("Your email address").fill("beatrix.quennell@example.net")
    # The picker searches as they type (JavaScript): no list of every member of every council.
    page.get_by_label("Search for the councillor").fill("pickering")
    expect(page.locator("[data-member-picker-status]")).to_contain_text("found")
    page.get_by_label("Cllr Gerald Pickering, Amberley Parish Council").first.check()
    page.get_by_label("What did the councillor say or do?").fill(
        "At the parish meeting the councillor called me a liar in front of the whole room when I asked "
        "about the cost of the new bus shelter."
    )
    page.get_by_label("When did it happen?").fill("2026-10-14")
    page.get_by_label("Where did it happen?").fill("Amberley village hall")
    page.get_by_label("1. Treating others with respect").check()
    page.get_by_label("Leadership").check()
    page.get_by_label("What would you like to happen as a result of your complaint?").fill("An apology.")
    page.get_by_label("What I have written is true to the best of my knowledge").check()


def link_from_email(subject_start, path_part):
    message = next(m for m in reversed(mail.outbox) if m.subject.startswith(subject_start))
    return re.search(r"https?://\S+?(/complaints/" + path_part + r"/\S+/)", message.body).group(1)


def test_it_takes_a_complaint_from_the_public_form_to_a_decision(
    page, live_server, parish_councillor, monitoring_officer, independent_person, run_tasks, screenshot
):
    # A resident complains about a parish councillor, without an account.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("banner").get_by_role("link", name="Complain about a councillor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complain about a councillor")
    fill_complaint(page)
    page.get_by_role("button", name="Send my complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    screenshot(page, "complaint-check-email")

    # They confirm their email through the link we sent, and land on their status page.
    run_tasks()
    page.goto(live_server.url + link_from_email("Confirm your complaint", "confirm"))
    page.get_by_role("button", name="Confirm my complaint").click()
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your complaint {complaint.reference}")
    expect(page.locator("main")).to_contain_text("We have received your complaint")
    expect(page.locator("main")).not_to_contain_text("Pickering")
    screenshot(page, "complaint-status-received")

    # The status link from the email opens the same page.
    run_tasks()
    status_path = link_from_email(f"Your complaint {complaint.reference}", "status")
    page.goto(live_server.url + status_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your complaint {complaint.reference}")

    # The Monitoring Officer signs in with a code and finds the case.
    context_page = page.context.new_page()
    officer = context_page
    officer.context.clear_cookies()
    sign_in_with_code(officer, live_server, monitoring_officer)
    officer.get_by_role("link", name="Complaints", exact=True).click()
    officer.get_by_role("link", name=complaint.reference).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint.reference}")

    officer.get_by_role("link", name="Acknowledge the complaint").click()
    officer.get_by_role("button", name="Acknowledge the complaint").click()
    expect(officer.locator(".portal-messages")).to_contain_text(f"{complaint.reference}: Acknowledged.")
    officer.get_by_role("link", name="Start the initial assessment").click()
    officer.get_by_role("button", name="Start the initial assessment").click()

    # The assessment: the "can we" tests and what is engaged.
    officer.get_by_role("link", name="Record the assessment").click()
    for question in [
        "Was the subject a member at the time?",
        "Was the complaint made within the time limit?",
        "Was the member acting as a member?",
        "Is the conduct covered by the Code of Conduct?",
    ]:
        officer.get_by_role("group", name=question).get_by_label("Yes").check()
    officer.get_by_label("Why (acting in capacity)").fill("Speaking at a parish council meeting.")
    officer.get_by_role("group", name="Parts of the Code of Conduct engaged").get_by_label(
        "1. Treating others with respect"
    ).check()
    officer.get_by_role("button", name="Save the assessment").click()
    expect(officer.locator(".portal-messages")).to_contain_text("The initial assessment has been saved.")

    # The Independent Person is asked, and their view recorded.
    officer.get_by_role("combobox", name="Independent Person").select_option(label="Hugh Barrow")
    officer.get_by_role("button", name="Ask for their view").click()
    officer.get_by_role("link", name="Record a view given by phone, email or in person").click()
    officer.get_by_label("Their view").fill("An apology would resolve this; no need to investigate.")
    officer.get_by_role("button", name="Record the view").click()
    expect(officer.locator("#independent-person")).to_contain_text("An apology would resolve this")
    screenshot(officer, "complaint-case-assessed")

    # The decision.
    officer.get_by_role("link", name="Decide: informal resolution").click()
    officer.get_by_label("Reasons, and what the informal resolution involves").fill(
        "The member accepts the remark was wrong and will apologise to the complainant in writing."
    )
    officer.get_by_role("button", name="Preview the decision notice").click()
    expect(officer.locator(".notice-preview")).to_contain_text("Ruth Calder")
    screenshot(officer, "complaint-decision-preview")
    officer.get_by_role("button", name="Decide: informal resolution: send the notice").click()
    expect(officer.locator(".portal-messages")).to_contain_text("Informal resolution.")
    expect(officer.locator("#decisions")).to_contain_text("Decision: informal resolution")
    screenshot(officer, "complaint-case-decided")

    complaint.refresh_from_db()
    assert complaint.stage == Stage.INFORMAL_RESOLUTION
    assert complaint.ip_views.get().independent_person == independent_person
    assert list(complaint.events.filter(kind="transition").values_list("to_status", flat=True)) == [
        Stage.RECEIVED,
        Stage.ACKNOWLEDGED,
        Stage.INITIAL_ASSESSMENT,
        Stage.INFORMAL_RESOLUTION,
    ]

    # The complainant's status page now shows the decision, and still no names.
    page.reload()
    expect(page.locator("main")).to_contain_text("resolving the complaint informally")
    expect(page.locator("main")).not_to_contain_text("Pickering")


def test_it_shows_the_mistakes_at_the_top_and_keeps_what_was_typed(
    page, live_server, parish_councillor, screenshot
):
    page.goto(f"{live_server.url}/complaints/")
    page.get_by_label("What did the councillor say or do?").fill("He shouted at me.")
    page.get_by_role("button", name="Send my complaint").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your full name.")
    summary.get_by_role("link", name="Enter your full name.").click()
    expect(page.get_by_label("Your full name")).to_be_focused()
    expect(page.get_by_label("What did the councillor say or do?")).to_have_value("He shouted at me.")
    screenshot(page, "complaint-form-errors")


def test_the_councillor_picker_works_without_javascript_and_keeps_what_was_typed(
    browser, live_server, parish_councillor, screenshot
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/complaints/")
    page.get_by_label("Your full name").fill("Beatrix Quennell")
    page.get_by_label("Search for the councillor").fill("pickering")
    page.get_by_label("Search for the councillor").press("Enter")  # the Search button: the first in the form
    expect(page.locator("[data-member-picker-status]")).to_contain_text("found for “pickering”")
    expect(page.get_by_label("Your full name")).to_have_value("Beatrix Quennell")
    expect(page.locator("#error-summary")).to_have_count(0)
    page.get_by_label("Cllr Gerald Pickering, Amberley Parish Council").first.check()
    # No axe here: axe is a script, and this page has scripts switched off (running it waits
    # for ever). The next test checks the same form with axe.
    screenshot(page, "complaint-picker-without-javascript")
    context.close()


def test_the_councillor_picker_searches_as_you_type_and_is_accessible(
    page, live_server, parish_councillor, make_member, assert_accessible, screenshot
):
    make_member(first_name="Geraldine", last_name="Okafor", ward="Riverside")
    page.goto(f"{live_server.url}/complaints/")
    page.get_by_label("Search for the councillor").fill("pickering")
    expect(page.locator("[data-member-picker-status]")).to_contain_text("found")
    page.get_by_label("Cllr Gerald Pickering, Amberley Parish Council").first.check()
    page.get_by_label("Search for the councillor").fill("okafor")
    expect(page.locator("[data-member-picker-status]")).to_contain_text("1 councillor found")
    # The one already chosen stays, so a second search does not lose it.
    expect(page.get_by_label("Cllr Gerald Pickering, Amberley Parish Council").first).to_be_checked()
    expect(
        page.get_by_label("Cllr Geraldine Okafor (Riverside), Fellbridge District Council")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "complaint-picker")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_has_no_serious_accessibility_problems_on_the_public_pages(
    page, live_server, parish_councillor, viewport, assert_accessible, screenshot
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/complaints/")
    assert_accessible(page)
    screenshot(page, f"complaint-form-{viewport['width']}")
    page.get_by_role("button", name="Send my complaint").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"complaint-form-errors-{viewport['width']}")
    page.goto(f"{live_server.url}/complaints/decisions/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/complaints/privacy/")
    assert_accessible(page)


@pytest.fixture
def decided_case(parish_councillor, monitoring_officer, independent_person):
    """A parish case decided at a hearing, with a breach and a notice, made through the services."""
    submission = services.complaint_submit(
        form_token=uuid.uuid4(), details=details(parish_councillor), evidence=()
    )
    status = services.complaint_confirm(token=submission.confirmation_token)
    complaint = Complaint.objects.get(pk=submission.complaint.pk)
    advance(complaint, Stage.ACKNOWLEDGED, actor=monitoring_officer)
    services.subject_notify(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=monitoring_officer,
        allegation_summary="You are said to have called a parishioner a liar at a meeting.",
    )
    advance(
        Complaint.objects.get(pk=complaint.pk),
        Stage.BREACH,
        actor=monitoring_officer,
        independent_person=independent_person,
    )
    return Complaint.objects.get(pk=complaint.pk), status.status_token


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_has_no_serious_accessibility_problems_on_the_case_pages(
    page, live_server, decided_case, monitoring_officer, sign_in_as, viewport, assert_accessible, screenshot
):
    complaint, status_token = decided_case
    page.set_viewport_size(viewport)
    sign_in_as(monitoring_officer)
    width = viewport["width"]
    for name, path in [
        ("case-list", "/complaints/cases/"),
        ("case", f"/complaints/cases/{complaint.pk}/"),
        ("assessment", f"/complaints/cases/{complaint.pk}/assessment/"),
        ("move-close", f"/complaints/cases/{complaint.pk}/move/closed/"),
        ("access-log", f"/complaints/cases/{complaint.pk}/access-log/"),
        ("dashboard", "/"),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
        screenshot(page, f"complaint-{name}-{width}")
    notice = complaint.decision_notices.get(decision=Stage.BREACH)
    page.goto(f"{live_server.url}/complaints/decisions/{notice.pk}/")
    assert_accessible(page)
    screenshot(page, f"complaint-register-entry-{width}")
    page.goto(f"{live_server.url}/complaints/status/{status_token}/")
    assert_accessible(page)
    screenshot(page, f"complaint-status-{width}")


def test_it_has_no_serious_accessibility_problems_for_the_independent_person(
    page, live_server, decided_case, independent_person, sign_in_as, assert_accessible, screenshot
):
    complaint, _ = decided_case
    sign_in_as(independent_person)
    page.goto(f"{live_server.url}/complaints/consulted/{complaint.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint.reference}")
    assert_accessible(page)
    screenshot(page, "complaint-independent-person")


def test_it_shows_the_member_their_notice_and_takes_their_response(
    page, live_server, councillor, monitoring_officer, sign_in_as, assert_accessible, screenshot
):
    submission = services.complaint_submit(
        form_token=uuid.uuid4(), details=details(councillor.member), evidence=()
    )
    services.complaint_confirm(token=submission.confirmation_token)
    complaint = advance(submission.complaint, Stage.ACKNOWLEDGED, actor=monitoring_officer)
    services.subject_notify(
        complaint=complaint,
        actor=monitoring_officer,
        allegation_summary="You are said to have called a resident a liar at a ward surgery.",
    )
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=f"Complaint {complaint.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"A complaint about you: {complaint.reference}")
    assert_accessible(page)
    screenshot(page, "complaint-member-notice")
    page.get_by_label("Your response").fill("I did not say that; two people who were there can confirm it.")
    page.get_by_role("button", name="Send my response").click()
    expect(page.locator(".portal-messages")).to_contain_text("Your response has been sent")
    expect(page.locator("main")).to_contain_text("two people who were there can confirm it")
