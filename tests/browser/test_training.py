"""Training journeys in a real browser: booking a place, the calendar file, marking the register,
and the record and induction progress that follow. axe checks each page at desktop and phone width."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal import roles
from tests.browser.conftest import DESKTOP, PHONE
from training.models import Booking, CommitteeRequirement, Course, InductionItem, InductionPack, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_councillor(make_user, make_member):
    user = make_user("cllr.new@example.org", role=roles.COUNCILLOR, full_name="Aisha Rahman")
    make_member(
        user=user,
        first_name="Aisha",
        last_name="Rahman",
        ward="Thornleigh",
        term_start=timezone.localdate() - datetime.timedelta(days=21),
    )
    return user


@pytest.fixture
def social_media(db):
    return Course.objects.create(
        title="Social media basics",
        slug="social-media-basics",
        summary="Using social media well as a councillor.",
        description="A practical session from the Communications Team.",
        provider=Course.Provider.COMMUNICATIONS,
        delivery=Course.Delivery.ONLINE,
        duration_minutes=90,
    )


def make_session(course, *, starts, capacity=12, **fields):
    return Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        capacity=capacity,
        trainer="Tom Pryor, Communications Team",
        **fields,
    )


@pytest.fixture
def pack_with(new_councillor):
    def make(*courses):
        pack = InductionPack.objects.create(
            name="New members 2027", slug="new-members-2027", opens_on=timezone.localdate()
        )
        for position, course in enumerate(courses):
            InductionItem.objects.create(pack=pack, position=position, course=course, due_days=30 + position)
        from training import services

        services.induction_assign(pack=pack, member=new_councillor.member, actor=None)
        return pack

    return make


def test_a_new_councillor_books_a_place_sees_it_on_the_dashboard_and_downloads_the_ics(
    page, live_server, sign_in_as, new_councillor, social_media, pack_with, assert_accessible, screenshot
):
    pack_with(social_media)
    session = make_session(
        social_media,
        starts=timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=9), datetime.time(12, 30)
            )
        ),
        joining_link="https://meet.example.org/fellbridge/social-media-basics",
    )
    sign_in_as(new_councillor)

    page.goto(f"{live_server.url}/")
    induction = page.get_by_role("region", name="Your induction")
    expect(induction).to_contain_text("0 of 1 done (0%)")
    expect(induction.get_by_role("progressbar")).to_have_attribute("value", "0")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    assert_accessible(page)
    screenshot(page, "training-courses-1280")
    page.get_by_role("link", name="Social media basics").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Social media basics")
    assert_accessible(page)
    page.get_by_role("region", name="Dates").get_by_role("link").first.click()

    expect(page.locator("main")).to_contain_text("The joining link appears here once you have a place.")
    assert_accessible(page)
    screenshot(page, "training-session-before-1280")
    page.get_by_role("button", name="Book a place").click()

    expect(page.get_by_role("status")).to_contain_text("Your place is booked.")
    your_place = page.get_by_role("region", name="Your place")
    expect(your_place).to_contain_text("You have a place on this session.")
    expect(your_place.get_by_role("link", name="Join the online session")).to_have_attribute(
        "href", "https://meet.example.org/fellbridge/social-media-basics"
    )
    assert Booking.objects.get(session=session, member=new_councillor.member).status == "booked"
    assert_accessible(page)
    screenshot(page, "training-session-booked-1280")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == f"training-session-{session.pk}.ics"
    with open(download.path(), encoding="utf-8") as downloaded:
        ics = downloaded.read()
    assert "BEGIN:VEVENT" in ics
    local = timezone.localtime(session.starts_at)
    assert f"DTSTART;TZID=Europe/London:{local:%Y%m%dT%H%M%S}" in ics
    assert "meet.example.org/fellbridge/social-media-basics" in ics

    page.goto(f"{live_server.url}/")
    training = page.get_by_role("region", name="Your training")
    expect(training).to_contain_text("Social media basics")
    expect(training).to_contain_text("Booked")
    assert_accessible(page)
    screenshot(page, "training-dashboard-booked-1280")


def test_member_support_marks_attendance_and_the_record_and_induction_progress_update(
    page,
    browser,
    live_server,
    sign_in_as,
    member_support,
    new_councillor,
    social_media,
    pack_with,
    make_member,
    assert_accessible,
    screenshot,
):
    pack_with(social_media)
    session = make_session(
        social_media, starts=timezone.now() - datetime.timedelta(hours=2), venue="Committee Room 1"
    )
    Booking.objects.create(
        session=session, member=new_councillor.member, status="booked", booked_at=timezone.now()
    )
    other = make_member(first_name="Declan", last_name="Byrne")
    Booking.objects.create(session=session, member=other, status="booked", booked_at=timezone.now())

    sign_in_as(member_support)
    page.goto(f"{live_server.url}/training/sessions/{session.pk}/")
    page.get_by_role("link", name="Attendance register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance register")
    assert_accessible(page)
    screenshot(page, "training-register-1280")
    page.get_by_role("group", name="Attendance for Cllr Aisha Rahman").get_by_label("Attended").check()
    page.get_by_role("group", name="Attendance for Cllr Declan Byrne").get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("status")).to_contain_text("Register saved: 2 changes.")
    expect(
        page.get_by_role("group", name="Attendance for Cllr Aisha Rahman").get_by_label("Attended")
    ).to_be_checked()

    page.get_by_role("link", name="Printable register").click()
    expect(page.get_by_role("table", name="Sign-in sheet")).to_contain_text("Cllr Aisha Rahman")
    assert_accessible(page)

    page.goto(f"{live_server.url}/training/induction/new-members-2027/")
    cohort = page.get_by_role("table", name=re.compile("Everyone with this pack"))
    expect(cohort.get_by_role("row", name=re.compile("Aisha Rahman"))).to_contain_text("1 of 1")
    expect(cohort.get_by_role("row", name=re.compile("Aisha Rahman"))).to_contain_text("Finished")
    assert_accessible(page)
    screenshot(page, "training-cohort-1280")

    # The councillor, in their own browser.
    councillor_context = browser.new_context(viewport=PHONE)
    councillor_page = councillor_context.new_page()
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(new_councillor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    councillor_context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    councillor_page.goto(f"{live_server.url}/training/record/")
    done = councillor_page.get_by_role("region", name="Done")
    expect(done).to_contain_text("Social media basics")
    expect(done).to_contain_text("Attended a session")
    induction = councillor_page.get_by_role("region", name="Induction: New members 2027")
    expect(induction).to_contain_text("1 of 1 done (100%)")
    assert_accessible(councillor_page)
    screenshot(councillor_page, "training-record-375")
    # Printed, the record drops the menu, the buttons and the links to other pages' actions.
    expect(councillor_page.get_by_role("button", name="Print this record")).to_be_visible()
    councillor_page.emulate_media(media="print")
    expect(councillor_page.get_by_role("button", name="Print this record")).to_be_hidden()
    expect(councillor_page.locator("header.portal-header")).to_be_hidden()
    expect(councillor_page.get_by_role("heading", name="Your training record")).to_be_visible()
    expect(done).to_contain_text("Social media basics")
    screenshot(councillor_page, "training-record-print")
    councillor_context.close()


# --- Accessibility of every training page ----------------------------------------------------


@pytest.fixture
def everything(new_councillor, member_support, social_media, pack_with, make_committee, make_member):
    """A little of everything, so each page has something on it."""
    from training import services

    planning = Course.objects.create(
        title="Planning and Licensing training",
        slug="planning-and-licensing",
        summary="Required before you sit on Planning.",
        requirement=Course.Requirement.COMMITTEE,
        refresher_months=12,
    )
    committee = make_committee("Planning Committee", members=[new_councillor.member])
    CommitteeRequirement.objects.create(committee=committee, course=planning)
    pack_with(social_media, planning)
    upcoming = make_session(
        planning,
        starts=timezone.now() + datetime.timedelta(days=5),
        capacity=1,
        venue="Council Chamber, Fellbridge Town Hall",
    )
    services.booking_book(session=upcoming, member=new_councillor.member, actor=new_councillor)
    services.booking_book(
        session=upcoming, member=make_member(first_name="Declan", last_name="Byrne"), actor=None
    )
    past = make_session(
        social_media, starts=timezone.now() - datetime.timedelta(hours=3), venue="Committee Room 1"
    )
    Booking.objects.create(
        session=past, member=new_councillor.member, status="booked", booked_at=timezone.now()
    )
    return {"upcoming": upcoming, "past": past}


COUNCILLOR_PAGES = [
    ("/", "dashboard"),
    ("/training/", "courses"),
    ("/training/courses/planning-and-licensing/", "course"),
    ("/training/sessions/{upcoming}/", "session"),
    ("/training/record/", "record"),
    ("/training/record/calendar/", "calendar"),
    ("/training/courses/social-media-basics/declare/", "declare"),
]
SUPPORT_PAGES = [
    ("/", "support-dashboard"),
    ("/training/sessions/{upcoming}/", "support-session"),
    ("/training/sessions/{past}/register/", "register"),
    ("/training/sessions/{past}/register/print/", "register-print"),
    ("/training/sessions/{upcoming}/book-a-member/", "book-a-member"),
    ("/training/sessions/{upcoming}/cancel/", "cancel-session"),
    ("/training/verification/", "verification"),
    ("/training/eligibility/", "eligibility"),
    ("/training/induction/", "packs"),
    ("/training/induction/new-members-2027/", "cohort"),
    ("/training/induction/new-members-2027/assign/", "cohort-assign"),
    ("/training/members/{member}/", "member-record"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_training_pages_have_no_serious_accessibility_problems(
    page,
    live_server,
    sign_in_as,
    new_councillor,
    member_support,
    everything,
    viewport,
    assert_accessible,
    screenshot,
):
    page.set_viewport_size(viewport)
    ids = {
        "upcoming": everything["upcoming"].pk,
        "past": everything["past"].pk,
        "member": new_councillor.member.pk,
    }
    for user, pages in [(new_councillor, COUNCILLOR_PAGES), (member_support, SUPPORT_PAGES)]:
        page.context.clear_cookies()
        sign_in_as(user)
        for path, name in pages:
            response = page.goto(live_server.url + path.format(**ids))
            assert response.status == 200, path
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert_accessible(page)
            screenshot(page, f"training-{name}-{viewport['width']}")
