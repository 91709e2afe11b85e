"""Course audiences: a course for councillors is not offered or bookable to a co-opted member, and the
reverse; Member Support can still book anyone on purpose."""

import pytest

from portal.errors import DomainError
from training import services
from training.models import Booking, Course


@pytest.fixture
def councillors_course(make_course):
    return make_course("Chairing for councillors", audience=Course.Audience.COUNCILLORS)


@pytest.fixture
def coopted_course(make_course):
    return make_course("Welcome for co-opted members", audience=Course.Audience.CO_OPTED)


def test_it_does_not_offer_a_councillors_course_to_a_coopted_member(
    client_for, coopted_member, councillors_course, coopted_course
):
    html = client_for(coopted_member).get("/training/").content.decode()

    assert "Chairing for councillors" not in html
    assert "Welcome for co-opted members" in html


def test_it_does_not_offer_a_coopted_course_to_a_councillor(
    client_for, councillor, councillors_course, coopted_course
):
    html = client_for(councillor).get("/training/").content.decode()

    assert "Chairing for councillors" in html
    assert "Welcome for co-opted members" not in html


def test_it_refuses_a_coopted_member_booking_a_councillors_course(
    client_for, coopted_member, councillors_course, make_session
):
    session = make_session(course=councillors_course)
    client = client_for(coopted_member)

    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    response = client.post(f"/training/sessions/{session.pk}/book/", follow=True)

    assert "Book a place" not in page
    assert "This course is for councillors only" in page
    assert "This course is for councillors only" in response.content.decode()
    assert not Booking.objects.filter(session=session).exists()


def test_it_refuses_a_councillor_booking_a_coopted_course(councillor, coopted_course, make_session):
    session = make_session(course=coopted_course)

    with pytest.raises(DomainError):
        services.booking_book(session=session, member=councillor.member, actor=councillor)

    assert not Booking.objects.filter(session=session).exists()


def test_it_lets_member_support_book_a_coopted_member_on_a_councillors_course(
    client_for, member_support, coopted_member, councillors_course, make_session
):
    session = make_session(course=councillors_course)

    response = client_for(member_support).post(
        f"/training/sessions/{session.pk}/book-a-member/", {"member": coopted_member.member.pk}
    )

    assert response.status_code == 302
    assert Booking.objects.get(session=session).member == coopted_member.member
