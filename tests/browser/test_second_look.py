"""Issue 14's last pages in a real browser, at desktop and phone width, with axe on each:
cancelling a place through its confirmation page, course audiences, the public "check your
email" page and its resend, a postal complaint with no email address, and the question page
whose clock is stopped while it waits for the member."""

import datetime
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from advice import services as advice_services
from advice.models import Question, State
from portal.workdays import working_days_between
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_complaints import fill_complaint
from training.models import Booking, Course, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def _course(title, slug, audience=Course.Audience.ALL_MEMBERS):
    return Course.objects.create(
        title=title,
        slug=slug,
        summary=f"What {title} covers.",
        provider=Course.Provider.MEMBER_SUPPORT,
        delivery=Course.Delivery.IN_PERSON,
        duration_minutes=90,
        audience=audience,
    )


def _session(course, days=10):
    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days), datetime.time(18, 0))
    )
    return Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=12,
        trainer="Priya Shah, Member Support",
        venue="Committee Room 2",
    )


@VIEWPORTS
def test_a_councillor_cancels_a_place_through_the_confirmation_page(
    page, live_server, sign_in_as, councillor, viewport, assert_accessible, screenshot
):
    session = _session(_course("Chairing meetings", "chairing-meetings"))
    booking = Booking.objects.create(
        session=session, member=councillor.member, status="booked", booked_at=timezone.now()
    )
    page.set_viewport_size(viewport)
    width = viewport["width"]
    sign_in_as(councillor)
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Cancel my place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your place?")
    expect(page.locator("main")).to_contain_text("The place will be offered to the next person")
    assert_accessible(page)
    screenshot(page, f"training-cancel-confirm-{width}")
    # Changing their mind keeps the place.
    page.get_by_role("link", name="No, keep the place").click()
    expect(page.get_by_role("region", name="Your place")).to_contain_text("You have a place on this session.")
    booking.refresh_from_db()
    assert booking.status == "booked"

    page.get_by_role("link", name="Cancel my place").click()
    page.get_by_role("button", name="Yes, cancel the place").click()
    expect(page.get_by_role("status")).to_contain_text("Your place has been cancelled.")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert_accessible(page)
    screenshot(page, f"training-cancelled-{width}")


@VIEWPORTS
def test_a_coopted_member_is_not_offered_a_councillors_course_but_member_support_can_book_them(
    page,
    browser,
    live_server,
    sign_in_as,
    coopted_member,
    member_support,
    viewport,
    assert_accessible,
    screenshot,
):
    chairing = _course("Chairing for councillors", "chairing-for-councillors", Course.Audience.COUNCILLORS)
    _course("Welcome for co-opted members", "welcome-co-opted", Course.Audience.CO_OPTED)
    session = _session(chairing)
    page.set_viewport_size(viewport)
    width = viewport["width"]
    sign_in_as(coopted_member)
    page.goto(f"{live_server.url}/training/")
    main = page.locator("main")
    expect(main).to_contain_text("Welcome for co-opted members")
    expect(main).not_to_contain_text("Chairing for councillors")
    assert_accessible(page)
    screenshot(page, f"training-courses-coopted-{width}")
    # Even by the session's address, there is no button to book, and a plain reason.
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    expect(page.get_by_role("button", name="Book a place")).to_have_count(0)
    expect(main).to_contain_text("This course is for councillors only.")
    assert_accessible(page)
    screenshot(page, f"training-session-not-offered-{width}")

    # Member Support books the co-opted member on purpose, in their own browser.
    context = browser.new_context(viewport=viewport)
    officer = context.new_page()
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(member_support)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    officer.goto(f"{live_server.url}{session.get_absolute_url()}")
    officer.get_by_role("link", name="Book a member on").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Book a member on this session")
    officer.get_by_label("Member").select_option(value=str(coopted_member.member.pk))
    assert_accessible(officer)
    officer.get_by_role("button", name="Book the member").click()
    expect(officer.get_by_role("status")).to_contain_text("is booked on this session.")
    assert Booking.objects.get(session=session).member == coopted_member.member
    screenshot(officer, f"training-booked-by-support-{width}")
    context.close()


@VIEWPORTS
def test_the_check_your_email_page_shows_the_address_and_sends_the_email_again(
    page, live_server, parish, make_member, viewport, assert_accessible, screenshot
):
    make_member(authority=parish, first_name="Gerald", last_name="Pickering", email="gp@example.org")
    page.set_viewport_size(viewport)
    width = viewport["width"]
    page.goto(f"{live_server.url}/complaints/")
    fill_complaint(page)
    page.get_by_role("button", name="Send my complaint").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("We have sent an email to beatrix.quennell@example.net")
    assert "quennell" not in page.url
    assert_accessible(page)
    screenshot(page, f"complaint-check-email-{width}")
    page.get_by_role("button", name="Send the email again").click()
    expect(page.get_by_role("status")).to_contain_text(
        "We have sent the email again to beatrix.quennell@example.net"
    )
    assert_accessible(page)
    screenshot(page, f"complaint-check-email-sent-again-{width}")


@VIEWPORTS
def test_the_monitoring_officer_records_a_postal_complaint_with_no_email(
    page,
    live_server,
    sign_in_as,
    monitoring_officer,
    parish,
    make_member,
    viewport,
    assert_accessible,
    screenshot,
):
    make_member(authority=parish, first_name="Gerald", last_name="Pickering", email="gp@example.org")
    page.set_viewport_size(viewport)
    width = viewport["width"]
    sign_in_as(monitoring_officer)
    page.goto(f"{live_server.url}/complaints/cases/record/")
    page.get_by_label("By post").check()
    page.get_by_label("Complainant's full name").fill("Edith Marsh")
    page.get_by_label("Search for the councillor").fill("pickering")
    expect(page.locator("[data-member-picker-status]")).to_contain_text("found")
    page.get_by_label("Cllr Gerald Pickering, Amberley Parish Council").first.check()
    page.get_by_label("What did the councillor say or do?").fill("Shouted at me at the parish meeting.")
    page.get_by_label("When did it happen?").fill("2026-10-14")
    page.get_by_label("Where did it happen?").fill("Amberley village hall")
    page.get_by_label("What would you like to happen as a result of your complaint?").fill("An apology.")
    page.get_by_role("button", name="Record the complaint").click()

    # No email and no address: one clear message, linked from the summary, the input kept.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("If they have none, enter their postal address or phone number")
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Complainant's full name")).to_have_value("Edith Marsh")
    assert_accessible(page)
    screenshot(page, f"complaint-record-no-contact-{width}")

    page.get_by_label("Complainant's postal address").fill("4 Mill Lane\nAmberley\nFB2 7QT")
    page.get_by_role("button", name="Record the complaint").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Complaint FDC/")
    main = page.locator("main")
    expect(main).to_contain_text("None given: we tell them by post")
    expect(main).to_contain_text("The complainant has no email address: send them a letter saying")
    assert_accessible(page)
    screenshot(page, f"complaint-recorded-by-post-{width}")


@VIEWPORTS
def test_the_question_page_says_the_clock_is_stopped_while_it_waits_for_the_member(
    page, live_server, sign_in_as, councillor, monitoring_officer, viewport, assert_accessible, screenshot
):
    question, _ = advice_services.question_ask(
        asker=councillor,
        topic="gifts_hospitality",
        subject="Tickets to the county show",
        body="A contractor sent me two tickets.",
        token=uuid.uuid4(),
    )
    advice_services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Which contractor?", outcome=State.AWAITING_MEMBER
    )
    started = timezone.localdate() - datetime.timedelta(days=7)
    Question.objects.filter(pk=question.pk).update(waiting_since=started)
    waited = working_days_between(started, timezone.localdate())
    page.set_viewport_size(viewport)
    width = viewport["width"]
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/ask/questions/{question.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("The clock for our answer is stopped until you reply.")
    expect(main).to_contain_text("while the question waits for your reply")
    expect(main).to_contain_text("if you reply today, we aim to reply by")
    assert_accessible(page)
    screenshot(page, f"advice-clock-stopped-{width}")

    page.get_by_label("Your reply").fill("Hartley Builders, who are bidding for the depot work.")
    page.get_by_role("button", name="Send reply").click()
    expect(main).to_contain_text(
        f"Moved on by {waited} working days, the time the question waited for your reply."
    )
    assert_accessible(page)
    screenshot(page, f"advice-clock-moved-{width}")
