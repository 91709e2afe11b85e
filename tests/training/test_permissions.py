"""Who may open what: every training URL for every persona.

Members see their own bookings, record and evidence; another member's is a 404.
Member Support pages are 403 to other signed-in people who use training, and
everyone else is sent to sign in (anonymous) or refused (403).
"""

import datetime

import pytest
from django.utils import timezone

from tests import kit
from tests.conftest import PERSONAS
from tests.kit import SIGN_IN, get, pdf_upload, post, to
from training import services
from training.models import Booking, Completion, CourseAssignment, InductionPack

USERS = {
    "councillor",
    "coopted_member",
    "monitoring_officer",
    "deputy_monitoring_officer",
    "member_support",
    "superuser",
}
MEMBERS = {"councillor", "coopted_member"}
MANAGERS = {"member_support", "superuser"}


def row(allowed, *, ok=200, others=403, missing=None):
    """``allowed`` get ``ok``; other training users get ``others``; the rest 403; anonymous signs in."""
    result = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            result[persona] = to(SIGN_IN)
        elif persona in allowed:
            result[persona] = ok
        elif persona in USERS:
            result[persona] = others if missing is None or persona not in missing else missing[persona]
        else:
            result[persona] = 403
    return result


@pytest.fixture
def world(councillor, course, make_session, make_pack, member_support):
    """One of everything, owned by Morgan Hale (the councillor persona)."""
    session = make_session(course=course, starts_in=datetime.timedelta(days=3))
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    completion = services.completion_declare(
        member=councillor.member,
        course=course,
        source=Completion.Source.CERTIFICATE,
        completed_on=timezone.localdate(),
        evidence=pdf_upload(),
        issued_by="LGA",
        actor=councillor,
    )
    feed = services.feed_for(member=councillor.member)
    pack = make_pack("New members", items=[(course, 30)])
    assignment = services.course_assign(member=councillor.member, course=course, actor=member_support)
    return {
        "course": course.slug,
        "session": session.pk,
        "booking": booking.pk,
        "completion": completion.pk,
        "token": feed.token,
        "pack": pack.slug,
        "member": councillor.member.pk,
        "assignment": assignment.pk,
    }


NOT_A_MEMBER = dict.fromkeys(
    ("monitoring_officer", "deputy_monitoring_officer", "member_support", "superuser"), 404
)

GET_MATRIX = [
    get("/training/", row(USERS)),
    get("/training/courses/{course}/", row(USERS)),
    get("/training/courses/{course}/declare/", row(MEMBERS, missing=NOT_A_MEMBER)),
    get("/training/courses/no-such-course/", row(set(), others=404)),
    get("/training/sessions/{session}/", row(USERS)),
    get("/training/sessions/{session}/calendar.ics", row(USERS)),
    get("/training/sessions/{session}/book/", row(USERS, ok=405)),
    get("/training/sessions/{session}/book-a-member/", row(MANAGERS)),
    get("/training/sessions/{session}/cancel/", row(MANAGERS)),
    get("/training/sessions/{session}/register/", row(MANAGERS)),
    get("/training/sessions/{session}/register/print/", row(MANAGERS)),
    get("/training/sessions/{session}/register.csv", row(MANAGERS)),
    get("/training/record/", row(USERS)),
    get("/training/record/calendar/", row(MEMBERS, missing=NOT_A_MEMBER)),
    get("/training/calendar/{token}.ics", dict.fromkeys(PERSONAS, 200)),
    get("/training/calendar/wrong-token.ics", dict.fromkeys(PERSONAS, 404)),
    # Morgan's own evidence: his, and Member Support's to check; nobody else's to know about.
    get("/training/completions/{completion}/evidence/", row({"councillor", *MANAGERS}, others=404)),
    get("/training/verification/", row(MANAGERS)),
    get("/training/completions/{completion}/check/", row(MANAGERS)),
    get("/training/members/{member}/", row(MANAGERS, others=404)),
    get("/training/induction/", row(MANAGERS)),
    get("/training/induction/{pack}/", row(MANAGERS)),
    get("/training/induction/{pack}/assign/", row(MANAGERS)),
    get("/training/eligibility/", row(MANAGERS)),
    # The "are you sure?" page before cancelling Morgan's booking.
    get("/training/bookings/{booking}/cancel/", row({"councillor", *MANAGERS}, others=404)),
]

POST_MATRIX = [
    # Cancelling Morgan's booking: Morgan and Member Support may; to anyone else it does not exist.
    post("/training/bookings/{booking}/cancel/", row({"councillor", *MANAGERS}, ok=302, others=404)),
    post(
        "/training/sessions/{session}/book/", row(MEMBERS, ok=302, missing=dict.fromkeys(NOT_A_MEMBER, 302))
    ),
    post("/training/assignments/{assignment}/withdraw/", row(MANAGERS, ok=302)),
    post("/training/induction/{pack}/remind/", row(MANAGERS, ok=302)),
    post("/training/record/calendar/", row(MEMBERS, ok=302, missing=NOT_A_MEMBER)),
]


MATRIX = GET_MATRIX + POST_MATRIX


@pytest.mark.parametrize(
    ("route", "persona", "expected"), kit.cases(GET_MATRIX, PERSONAS), indirect=["persona"]
)
def test_it_gives_each_persona_the_expected_response(client_for, world, route, persona, expected):
    url = route.path.format(**world)
    kit.check(kit.request(client_for(persona), route, url), url, expected)


@pytest.mark.parametrize(
    ("route", "persona", "expected"), kit.cases(POST_MATRIX, PERSONAS), indirect=["persona"]
)
def test_it_lets_only_the_right_people_change_things(client_for, world, route, persona, expected):
    url = route.path.format(**world)
    kit.check(kit.request(client_for(persona), route, url), url, expected)


def test_it_changes_nothing_when_someone_else_tries_to_cancel_a_booking(client_for, world, coopted_member):
    client_for(coopted_member).post(f"/training/bookings/{world['booking']}/cancel/")
    assert Booking.objects.get(pk=world["booking"]).status == Booking.Status.BOOKED


def test_it_changes_nothing_when_a_member_tries_to_withdraw_an_assignment(client_for, world, councillor):
    client_for(councillor).post(f"/training/assignments/{world['assignment']}/withdraw/")
    assert CourseAssignment.objects.get(pk=world["assignment"]).status == "outstanding"


def test_it_hides_unlisted_courses_from_members(client_for, world, councillor, member_support):
    from training.models import Course

    Course.objects.filter(slug=world["course"]).update(is_listed=False)
    assert client_for(councillor).get(f"/training/courses/{world['course']}/").status_code == 404
    assert client_for(councillor).get(f"/training/sessions/{world['session']}/").status_code == 404
    assert client_for(member_support).get(f"/training/courses/{world['course']}/").status_code == 200


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, PERSONAS)


def test_it_sends_no_store_on_personal_pages(client_for, world, councillor):
    client = client_for(councillor)
    for url in ["/training/record/", "/training/sessions/{session}/", "/training/record/calendar/"]:
        response = client.get(url.format(**world))
        assert "no-store" in response["Cache-Control"], url


def test_it_has_a_pack_to_look_at(world):
    assert InductionPack.objects.filter(slug=world["pack"]).exists()
