"""The training back office: pages open for Member Support, and actions go through the services."""

import datetime

import pytest
from django.utils import timezone

from training import services
from training.models import Booking, Completion, CourseAssignment, Event, InductionAssignment

CHANGELISTS = [
    "course",
    "session",
    "booking",
    "completion",
    "courseassignment",
    "inductionpack",
    "inductionassignment",
    "event",
]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_it_opens_each_list_for_member_support(client_for, member_support, session, councillor, model):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    response = client_for(member_support).get(f"/back-office/training/{model}/")
    assert response.status_code == 200


def test_it_keeps_the_back_office_from_councillors(client_for, councillor):
    response = client_for(councillor).get("/back-office/training/session/")
    assert response.status_code == 302


def test_it_cancels_places_through_the_service(
    client_for, member_support, councillor, other_councillor, make_session
):
    session = make_session(capacity=1)
    booked = services.booking_book(session=session, member=councillor.member, actor=councillor)
    waiting = services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    response = client_for(member_support).post(
        "/back-office/training/booking/",
        {"action": "cancel_places", "_selected_action": [booked.pk]},
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    waiting.refresh_from_db()
    assert booked.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.BOOKED  # promoted, as the service does
    assert Event.objects.filter(booking=booked, to_status="cancelled", actor=member_support).exists()


def test_it_fills_new_places_from_the_waiting_list_when_capacity_goes_up(
    client_for, member_support, councillor, other_councillor, make_session
):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    waiting = services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    local = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    data = {
        "course": session.course.pk,
        "starts_at_0": local.strftime("%d/%m/%Y"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%d/%m/%Y"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "trainer": session.trainer,
        "capacity": 2,
        "venue": session.venue,
        "joining_link": "",
        "notes": "",
        "booking_deadline_0": "",
        "booking_deadline_1": "",
        "cancel_by_0": "",
        "cancel_by_1": "",
        "bookings-TOTAL_FORMS": "0",
        "bookings-INITIAL_FORMS": "0",
        "bookings-MIN_NUM_FORMS": "0",
        "bookings-MAX_NUM_FORMS": "0",
    }
    response = client_for(member_support).post(f"/back-office/training/session/{session.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED


def test_it_records_a_completion_through_the_service(client_for, member_support, councillor, make_course):
    course = make_course("Planning", refresher_months=12)
    response = client_for(member_support).post(
        "/back-office/training/completion/add/",
        {
            "member": councillor.member.pk,
            "course": course.pk,
            "source": "certificate",
            "completed_on": "2026-03-01",
            "issued_by": "Planning Advisory Service",
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get()
    assert completion.status == Completion.Status.VERIFIED
    assert completion.expires_on == datetime.date(2027, 3, 1)
    assert completion.verified_by == member_support


def test_it_assigns_a_course_through_the_service(client_for, member_support, councillor, course):
    client_for(member_support).post(
        "/back-office/training/courseassignment/add/",
        {"member": councillor.member.pk, "course": course.pk, "due_on": "", "reason": "Sanction"},
    )
    client_for(member_support).post(
        "/back-office/training/courseassignment/add/",
        {"member": councillor.member.pk, "course": course.pk, "due_on": "", "reason": "Again"},
    )
    assert CourseAssignment.objects.count() == 1


def test_it_gives_a_pack_through_the_service(client_for, member_support, councillor, make_pack):
    pack = make_pack()
    response = client_for(member_support).post(
        "/back-office/training/inductionassignment/add/",
        {"pack": pack.pk, "member": councillor.member.pk, "start_date": "2026-05-01"},
    )
    assert response.status_code == 302
    assignment = InductionAssignment.objects.get()
    assert assignment.how == "individual"
    assert assignment.assigned_by == member_support
