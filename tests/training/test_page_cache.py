"""Rendered parts of training pages kept in the cache: each write that changes one shows at once,
and no two people who may see different things share one."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from training import page_cache, services
from training.models import Course, CourseAssignment


@pytest.fixture
def courses_page(client_for):
    def read(user, query=""):
        response = client_for(user).get("/training/" + query)
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_it_keeps_the_course_list_and_uses_it_again(
    councillor, make_course, client_for, django_assert_num_queries
):
    make_course("Code of Conduct")
    client = client_for(councillor)
    client.get("/training/")
    # Session, user, two permission reads, the member, then the kept part (a database cache here).
    with django_assert_num_queries(6):
        assert "Code of Conduct" in client.get("/training/").content.decode()


def test_booking_a_place_shows_on_the_course_list_at_once(councillor, session, courses_page):
    assert "You are booked" not in courses_page(councillor)

    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "You are booked" in courses_page(councillor)

    services.booking_cancel(booking=booking, actor=councillor)
    assert "You are booked" not in courses_page(councillor)


def test_a_course_changed_in_the_back_office_shows_at_once(councillor, course, courses_page):
    assert "Social media basics" in courses_page(councillor)

    course.title = "Social media for members"
    course.save()  # as the admin saves it

    assert "Social media for members" in courses_page(councillor)


def test_a_new_session_shows_at_once(councillor, course, make_session, courses_page):
    assert "No dates planned yet" in courses_page(councillor)

    make_session(course=course)

    assert "Next session" in courses_page(councillor)


def test_a_session_that_has_started_leaves_the_list_without_a_write(
    councillor, course, make_session, courses_page
):
    make_session(course=course, starts_in=datetime.timedelta(hours=1))
    assert "Next session" in courses_page(councillor)

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "No dates planned yet" in courses_page(councillor)


def test_members_in_different_audiences_never_share_a_course_list(
    councillor, coopted_member, make_course, courses_page
):
    make_course("Planning for councillors", audience=Course.Audience.COUNCILLORS)
    make_course("Scrutiny for co-opted members", audience=Course.Audience.CO_OPTED)

    mine = courses_page(councillor)
    theirs = courses_page(coopted_member)

    assert "Planning for councillors" in mine and "Scrutiny for co-opted members" not in mine
    assert "Scrutiny for co-opted members" in theirs and "Planning for councillors" not in theirs


def test_a_course_done_by_one_member_is_not_shown_done_to_another(
    councillor, other_councillor, course, courses_page
):
    fields = {"source": "certificate", "status": "verified", "completed_on": timezone.localdate()}
    course.completions.create(member=councillor.member, **fields)

    assert "tag-done" in courses_page(councillor)
    assert "tag-done" not in courses_page(other_councillor)


def test_the_filters_are_kept_apart(councillor, make_course, courses_page):
    make_course("Online safety", delivery=Course.Delivery.E_LEARNING)
    make_course("Chairing skills", delivery=Course.Delivery.IN_PERSON)
    courses_page(councillor)

    filtered = courses_page(councillor, "?delivery=e_learning")

    assert "Online safety" in filtered and "Chairing skills" not in filtered


def test_the_course_list_works_without_the_cache(councillor, course, courses_page):
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(cache, "set", side_effect=ConnectionError),
    ):
        assert "Social media basics" in courses_page(councillor)


def test_keys_differ_for_every_part_given():
    assert page_cache.key("courses", 1, 2, []) != page_cache.key("courses", 2, 2, [])
    assert page_cache.key("courses", 1, 2, []) != page_cache.key("courses", 1, 2, [("page", ["2"])])


# --- A member's own training record -------------------------------------------------


@pytest.fixture
def record_page(client_for):
    def read(user):
        response = client_for(user).get("/training/record/")
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_it_keeps_the_record_and_uses_it_again(councillor, session, client_for, django_assert_num_queries):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(councillor)
    client.get("/training/record/")
    # Session, user, two permission reads, the member, the assignments; then the kept part.
    with django_assert_num_queries(7):
        assert "Social media basics" in client.get("/training/record/").content.decode()


def test_booking_a_place_shows_on_the_record_at_once(councillor, session, record_page):
    assert "No sessions booked" in record_page(councillor)

    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "Sessions to come" in record_page(councillor)

    services.booking_cancel(booking=booking, actor=councillor)
    assert "No sessions booked" in record_page(councillor)


def test_a_completion_added_in_the_back_office_shows_on_the_record_at_once(councillor, course, record_page):
    assert "No completed training yet" in record_page(councillor)

    course.completions.create(
        member=councillor.member, source="certificate", status="verified", completed_on=timezone.localdate()
    )

    assert "No completed training yet" not in record_page(councillor)


def test_an_assignment_reason_rewritten_in_bulk_shows_on_the_record_at_once(
    councillor, course, member_support, record_page
):
    services.course_assign(
        member=councillor.member, course=course, actor=member_support, due_on=None, reason="Case 12"
    )
    assert "Assigned to you: Case 12" in record_page(councillor)

    # As a case's anonymisation does: no signal, so no new generation.
    CourseAssignment.objects.filter(member=councillor.member).update(reason="")

    page = record_page(councillor)
    assert "Case 12" not in page
    assert "Assigned to you" in page


def test_a_session_that_has_ended_leaves_the_record_without_a_write(councillor, make_session, record_page):
    session = make_session(starts_in=datetime.timedelta(hours=1))
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "Sessions to come" in record_page(councillor)

    later = timezone.now() + datetime.timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "No sessions booked" in record_page(councillor)


def test_two_members_never_share_a_record(councillor, other_councillor, session, record_page):
    services.booking_book(session=session, member=councillor.member, actor=councillor)

    assert "Sessions to come" in record_page(councillor)
    assert "No sessions booked" in record_page(other_councillor)
    assert "Jo Pennant" in record_page(other_councillor)


def test_the_record_works_without_the_cache(councillor, session, record_page):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(cache, "set", side_effect=ConnectionError),
    ):
        assert "Sessions to come" in record_page(councillor)


def test_a_write_goes_ahead_without_the_cache(councillor, session):
    with mock.patch.object(cache, "set", side_effect=ConnectionError):
        booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert booking.pk is not None
