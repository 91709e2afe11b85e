"""Ask the Monitoring Officer in a real browser: a councillor asks from a guidance page, the
Monitoring Officer signs in with a code, triages and answers, and the councillor reads the answer."""

import uuid

import pytest
from playwright.sync_api import expect

from advice import services
from advice.models import FaqEntry, Question, State
from guidance.models import Document
from guidance.services import document_publish
from tests.browser.conftest import DESKTOP, PHONE, sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def social_media_guide(monitoring_officer):
    document = Document.objects.create(
        slug="social-media-guide",
        title="Social Media Guide for Councillors",
        summary="How to use social media safely as a councillor.",
        category=Document.Category.SOCIAL_MEDIA,
        owning_team="Communications",
        draft_body="## Think before you post\n\nIf you are unsure, ask the Monitoring Officer.",
    )
    document_publish(
        document=document, actor=monitoring_officer, change_note="First version", material=True, notify=False
    )
    return document


@pytest.fixture
def officer_page(browser, live_server):
    """A second, separate browser for the Monitoring Officer."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_a_councillor_asks_from_guidance_and_reads_the_answer(
    page,
    officer_page,
    live_server,
    councillor,
    monitoring_officer,
    deputy_monitoring_officer,
    social_media_guide,
    sign_in_as,
    assert_accessible,
    screenshot,
):
    # The councillor reads the guidance and asks about it.
    page.set_viewport_size(DESKTOP)
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/guidance/social-media-guide/")
    page.get_by_role("link", name="Ask the Monitoring Officer about this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the Monitoring Officer")
    expect(page.get_by_label("Related guidance")).to_have_value(str(social_media_guide.pk))
    expect(page.get_by_label("Social media")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "advice-ask")

    page.get_by_label("Summary").fill("Sharing a developer's Facebook post")
    page.get_by_label("Your question").fill(
        "Residents want me to share the Mill Lane developer's post. I sit on Planning. May I?"
    )
    page.get_by_label("I need an answer urgently").check()
    page.get_by_role("button", name="Send your question").click()
    # The reason is missing: the form says so and keeps what was typed.
    expect(page.get_by_role("alert")).to_contain_text("Say why you need an answer urgently")
    expect(page.get_by_label("Summary")).to_have_value("Sharing a developer's Facebook post")
    assert_accessible(page)
    screenshot(page, "advice-ask-error")
    page.get_by_label("Why is it urgent?").fill("Planning Committee meets on Thursday.")
    page.get_by_role("button", name="Send your question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing a developer's Facebook post")
    expect(page.get_by_role("status")).to_contain_text("Your question has been sent")
    expect(page.locator("main")).to_contain_text("Received")
    assert_accessible(page)
    question = Question.objects.get()
    assert question.document == social_media_guide
    assert question.urgent_requested

    # The Monitoring Officer signs in with a code, finds it first in the queue and triages it.
    sign_in_with_code(officer_page, live_server, monitoring_officer)
    expect(officer_page.get_by_role("region", name="Questions waiting")).to_contain_text(
        "1 new, not yet triaged"
    )
    officer_page.get_by_role("link", name="Open the queue").click()
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Members' questions")
    assert_accessible(officer_page)
    screenshot(officer_page, "advice-queue")
    officer_page.get_by_role("link", name="Sharing a developer's Facebook post").click()
    triage = officer_page.get_by_role("region", name="Triage")
    triage.get_by_label("Urgent").check()
    triage.get_by_label("Who answers it").select_option(label="Ruth Calder")
    triage.get_by_role("button", name="Save triage").click()
    expect(officer_page.get_by_role("status")).to_contain_text("Triage saved.")
    expect(officer_page.locator("main")).to_contain_text("In progress")

    # A note for the officers only, then the answer.
    notes = officer_page.get_by_role("region", name="Add an internal note")
    notes.get_by_label("Internal note").fill("Cllr Hale commented on this scheme last year: check.")
    notes.get_by_role("button", name="Save note").click()
    expect(officer_page.locator("main")).to_contain_text("Not shown to the member")
    reply = officer_page.get_by_role("region", name="Reply to the member")
    reply.get_by_label("Message").fill(
        "Please do not share the developer's post before the committee decides. "
        "You may share how residents can comment."
    )
    reply.get_by_label("Send this as the answer").check()
    reply.get_by_role("button", name="Send").click()
    expect(officer_page.get_by_role("status")).to_contain_text("Answer sent.")
    assert_accessible(officer_page)
    screenshot(officer_page, "advice-case")

    # The councillor sees there is a reply, and reads it; the internal note stays hidden.
    page.goto(f"{live_server.url}/")
    panel = page.get_by_role("region", name="Your questions to the Monitoring Officer")
    expect(panel).to_contain_text("1 with a new reply")
    screenshot(page, "advice-dashboard-new-reply")
    panel.get_by_role("link", name="Sharing a developer's Facebook post").click()
    main = page.locator("main")
    expect(main).to_contain_text("Answer from Ruth Calder")
    expect(main).to_contain_text("Please do not share the developer's post")
    expect(main).not_to_contain_text("commented on this scheme last year")
    expect(main).to_contain_text("Answered")
    assert_accessible(page)
    screenshot(page, "advice-answer")

    question.refresh_from_db()
    assert question.state == State.ANSWERED
    assert question.assigned_to == monitoring_officer


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_advice_pages_have_no_serious_accessibility_problems(
    page, live_server, councillor, monitoring_officer, sign_in_as, viewport, assert_accessible, screenshot
):
    question, _ = services.question_ask(
        asker=councillor,
        topic="gifts_hospitality",
        subject="Tickets to the county show",
        body="A contractor sent me two tickets.",
        token=uuid.uuid4(),
    )
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Which contractor?", outcome=State.AWAITING_MEMBER
    )
    services.faq_entry_save(
        entry=FaqEntry(
            title="Can I accept gifts from contractors?",
            topic="gifts_hospitality",
            answer_text="No. **Decline** them.",
        ),
        actor=monitoring_officer,
        publish=True,
    )
    page.set_viewport_size(viewport)
    sign_in_as(councillor)
    width = viewport["width"]
    for path, name in [
        ("/ask/", "my-questions"),
        (f"/ask/questions/{question.pk}/", "member-question"),
        ("/ask/faq/", "faq"),
        ("/ask/faq/?q=contractor", "faq-search"),
        ("/ask/faq/can-i-accept-gifts-from-contractors/", "faq-entry"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"advice-{name}-{width}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_officer_pages_have_no_serious_accessibility_problems(
    page, live_server, councillor, monitoring_officer, sign_in_as, viewport, assert_accessible, screenshot
):
    question, _ = services.question_ask(
        asker=councillor,
        topic="interests",
        subject="My brother's pub",
        body="Licence review.",
        token=uuid.uuid4(),
    )
    services.question_add_note(question=question, actor=monitoring_officer, body="Check the register.")
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Do not sit.", outcome=State.ANSWERED
    )
    page.set_viewport_size(viewport)
    sign_in_as(monitoring_officer)
    width = viewport["width"]
    for path, name in [
        ("/", "officer-dashboard"),
        ("/ask/queue/", "queue"),
        (f"/ask/queue/{question.pk}/", "case"),
        (f"/ask/queue/{question.pk}/faq/", "faq-form"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"advice-{name}-{width}")
