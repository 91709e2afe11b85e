"""Booking, cancelling, the waiting list, promotion and their emails."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.errors import DomainError
from tests.kit import text_of
from training import services
from training.models import Booking, Event


def book_via_page(client, session):
    return client.post(f"/training/sessions/{session.pk}/book/")


def test_it_books_a_place_and_emails_a_confirmation(client_for, councillor, session, run_tasks):
    client = client_for(councillor)
    response = book_via_page(client, session)
    assert response.status_code == 302
    assert response["Location"] == f"/training/sessions/{session.pk}/"
    booking = Booking.objects.get(session=session, member=councillor.member)
    assert booking.status == Booking.Status.BOOKED
    assert booking.booked_at is not None
    assert Event.objects.filter(booking=booking, to_status="booked").count() == 1
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cllr.ward@example.org"]
    assert mail.outbox[0].subject.startswith("Booked: Social media basics")
    assert f"/training/sessions/{session.pk}/calendar.ics" in mail.outbox[0].body
    page = text_of(client.get(f"/training/sessions/{session.pk}/").content.decode())
    assert "You have a place on this session." in page
    assert "Your place is booked." in page


def test_it_books_once_when_book_is_clicked_twice(client_for, councillor, session, run_tasks):
    client = client_for(councillor)
    book_via_page(client, session)
    second = book_via_page(client, session)
    assert second.status_code == 302
    assert Booking.objects.filter(session=session, member=councillor.member).count() == 1
    assert Event.objects.filter(session=session, action=Event.Action.BOOKING).count() == 1
    run_tasks()
    assert len(mail.outbox) == 1
    page = client.get(second["Location"]).content.decode()
    assert "You already have a place on this session." in page


def test_it_puts_members_on_the_waiting_list_when_the_session_is_full(
    client_for, councillor, other_councillor, make_session, run_tasks
):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    client = client_for(councillor)
    response = book_via_page(client, session)
    booking = Booking.objects.get(session=session, member=councillor.member)
    assert booking.status == Booking.Status.WAITING
    assert booking.queued_at is not None
    page = text_of(client.get(response["Location"]).content.decode())
    assert "you are on the waiting list" in page
    assert "You are number 1 on the waiting list" in page
    run_tasks()
    waiting_mail = [m for m in mail.outbox if m.to == ["cllr.ward@example.org"]]
    assert waiting_mail[0].subject.startswith("Waiting list:")
    assert "You are number 1." in waiting_mail[0].body


def test_it_offers_the_waiting_list_instead_of_a_place_on_a_full_session(
    client_for, councillor, other_councillor, make_session
):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    page = client_for(councillor).get(f"/training/sessions/{session.pk}/").content.decode()
    assert "Join the waiting list" in page
    assert "Book a place" not in page


def test_it_promotes_the_first_on_the_waiting_list_when_a_place_is_cancelled(
    client_for, councillor, other_councillor, coopted_member, make_session, run_tasks
):
    session = make_session(capacity=1)
    first = services.booking_book(session=session, member=councillor.member, actor=councillor)
    waiting_first = services.booking_book(
        session=session, member=other_councillor.member, actor=other_councillor
    )
    waiting_second = services.booking_book(
        session=session, member=coopted_member.member, actor=coopted_member
    )
    run_tasks()
    mail.outbox.clear()

    response = client_for(councillor).post(f"/training/bookings/{first.pk}/cancel/")

    assert response.status_code == 302
    first.refresh_from_db()
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert waiting_first.status == Booking.Status.BOOKED
    assert waiting_second.status == Booking.Status.WAITING
    assert Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count() == 1
    run_tasks()
    promoted = [m for m in mail.outbox if m.to == ["cllr.other@example.org"]]
    assert len(promoted) == 1
    assert promoted[0].subject.startswith("A place came free: you are booked on Social media basics")
    cancelled = [m for m in mail.outbox if m.to == ["cllr.ward@example.org"]]
    assert cancelled[0].subject.startswith("Place cancelled:")
    assert not [m for m in mail.outbox if m.to == ["coopted@example.org"]]
    page = text_of(client_for(coopted_member).get(f"/training/sessions/{session.pk}/").content.decode())
    assert "You are number 1 on the waiting list" in page


def test_it_lets_a_member_leave_the_waiting_list(client_for, councillor, other_councillor, make_session):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    waiting = services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(councillor)
    response = client.post(f"/training/bookings/{waiting.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.LEFT_WAITING_LIST
    assert "You have left the waiting list." in client.get(response["Location"]).content.decode()


def test_it_lets_a_member_book_again_after_cancelling(councillor, session):
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    services.booking_cancel(booking=booking, actor=councillor)
    again = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert again.pk == booking.pk
    assert again.status == Booking.Status.BOOKED
    assert list(
        Event.objects.filter(booking=booking).order_by("pk").values_list("from_status", "to_status")
    ) == [
        ("", "booked"),
        ("booked", "cancelled"),
        ("cancelled", "booked"),
    ]


def test_it_refuses_a_booking_after_the_deadline(client_for, councillor, make_session):
    session = make_session(booking_deadline=timezone.now() - datetime.timedelta(hours=1))
    client = client_for(councillor)
    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "Booking has closed" in page
    response = book_via_page(client, session)
    assert not Booking.objects.filter(session=session).exists()
    assert "Booking for this session closed on" in client.get(response["Location"]).content.decode()


def test_it_lets_member_support_book_a_member_after_the_deadline(
    client_for, member_support, councillor, make_session, run_tasks
):
    session = make_session(booking_deadline=timezone.now() - datetime.timedelta(hours=1))
    response = client_for(member_support).post(
        f"/training/sessions/{session.pk}/book-a-member/", {"member": councillor.member.pk}
    )
    assert response.status_code == 302
    booking = Booking.objects.get(session=session, member=councillor.member)
    assert booking.status == Booking.Status.BOOKED
    assert booking.booked_by == member_support
    run_tasks()
    assert "Member Support has booked you a place" in mail.outbox[0].body


def test_it_refuses_to_book_a_session_that_has_started(councillor, make_session):
    session = make_session(starts_in=datetime.timedelta(minutes=-10))
    with pytest.raises(DomainError, match="already started"):
        services.booking_book(session=session, member=councillor.member, actor=councillor, on_behalf=True)


def test_it_refuses_a_members_cancellation_after_the_cut_off(client_for, councillor, make_session):
    session = make_session(starts_in=datetime.timedelta(hours=12))  # default cut-off: 24 hours before
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(councillor)
    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "Cancel my place" not in page
    assert "too late to cancel online" in page
    response = client.post(f"/training/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert "Please contact Member Support" in client.get(response["Location"]).content.decode()


def test_it_lets_member_support_cancel_a_place_after_the_cut_off(
    client_for, member_support, councillor, make_session, run_tasks
):
    session = make_session(starts_in=datetime.timedelta(hours=12))
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    run_tasks()
    mail.outbox.clear()
    client_for(member_support).post(f"/training/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    run_tasks()
    assert "Member Support has cancelled your place" in mail.outbox[0].body


def test_it_honours_a_sessions_own_cancellation_cut_off(councillor, make_session):
    session = make_session(
        starts_in=datetime.timedelta(days=5), cancel_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    with pytest.raises(DomainError, match="can only be cancelled online until"):
        services.booking_cancel(booking=booking, actor=councillor)


def test_it_warns_about_a_clash_with_another_booked_session(
    client_for, councillor, make_course, make_session
):
    other_course = make_course("Code of Conduct")
    first = make_session()
    services.booking_book(session=first, member=councillor.member, actor=councillor)
    overlapping = make_session(
        course=other_course, starts_in=datetime.timedelta(days=7, hours=1), venue="Council Chamber"
    )
    client = client_for(councillor)
    page = text_of(client.get(f"/training/sessions/{overlapping.pk}/").content.decode())
    assert "Clash: this overlaps with a session you are booked on" in page
    assert "Social media basics" in page
    response = book_via_page(client, overlapping)
    after = text_of(client.get(response["Location"]).content.decode())
    assert "This overlaps with another session you are booked on" in after
    assert Booking.objects.filter(member=councillor.member, status="booked").count() == 2


def test_it_does_not_warn_about_sessions_that_do_not_overlap(
    client_for, councillor, make_course, make_session
):
    first = make_session()
    services.booking_book(session=first, member=councillor.member, actor=councillor)
    later = make_session(course=make_course("Code of Conduct"), starts_in=datetime.timedelta(days=7, hours=2))
    page = client_for(councillor).get(f"/training/sessions/{later.pk}/").content.decode()
    assert "Clash" not in page


def test_it_cancels_a_session_and_tells_everyone_booked_or_waiting(
    client_for, member_support, councillor, other_councillor, make_session, run_tasks
):
    session = make_session(capacity=1)
    booked = services.booking_book(session=session, member=councillor.member, actor=councillor)
    waiting = services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    run_tasks()
    mail.outbox.clear()
    client = client_for(member_support)
    empty = client.post(f"/training/sessions/{session.pk}/cancel/", {"reason": ""})
    assert empty.status_code == 200
    assert "This field is required" in empty.content.decode()
    response = client.post(f"/training/sessions/{session.pk}/cancel/", {"reason": "The trainer is unwell."})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert session.cancelled_reason == "The trainer is unwell."
    booked.refresh_from_db()
    waiting.refresh_from_db()
    assert booked.status == waiting.status == Booking.Status.SESSION_CANCELLED
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["cllr.other@example.org", "cllr.ward@example.org"]
    assert all("The trainer is unwell." in m.body for m in mail.outbox)
    assert all(m.subject.startswith("Cancelled: Social media basics") for m in mail.outbox)
    page = client_for(councillor).get(f"/training/sessions/{session.pk}/").content.decode()
    assert "This session has been cancelled" in page


def test_it_gives_new_places_to_the_waiting_list_in_order(
    councillor, other_councillor, coopted_member, make_session
):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    first = services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    second = services.booking_book(session=session, member=coopted_member.member, actor=coopted_member)
    session.capacity = 2
    session.save(update_fields=["capacity"])
    promoted = services.session_fill_from_waiting_list(session=session, actor=None)
    assert [b.pk for b in promoted] == [first.pk]
    second.refresh_from_db()
    assert second.status == Booking.Status.WAITING


def test_it_shows_the_joining_link_only_to_members_with_a_place(
    client_for, councillor, other_councillor, make_session
):
    session = make_session(venue="", joining_link="https://meet.example.org/fellbridge-training-123")
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert (
        "fellbridge-training-123"
        in client_for(councillor).get(f"/training/sessions/{session.pk}/").content.decode()
    )
    other = client_for(other_councillor).get(f"/training/sessions/{session.pk}/").content.decode()
    assert "fellbridge-training-123" not in other
    assert "The joining link appears here once you have a place" in other


def test_it_does_not_let_a_member_cancel_someone_elses_booking(
    client_for, councillor, other_councillor, session
):
    booking = services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    response = client_for(councillor).post(f"/training/bookings/{booking.pk}/cancel/")
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_it_shows_member_support_who_is_booked_and_waiting(
    client_for, member_support, councillor, other_councillor, make_session
):
    session = make_session(capacity=1)
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)
    page = text_of(client_for(member_support).get(f"/training/sessions/{session.pk}/").content.decode())
    assert "Booked (1 of 1)" in page
    assert "Cllr Morgan Hale" in page
    assert "Waiting list (1)" in page
    assert "Cllr Jo Pennant" in page


def test_it_filters_the_course_list(client_for, councillor, make_course):
    from training.models import Course

    make_course("Code of Conduct", requirement=Course.Requirement.ALL_MEMBERS)
    make_course("Data protection", delivery=Course.Delivery.E_LEARNING)
    client = client_for(councillor)
    everything = text_of(client.get("/training/").content.decode())
    assert "Code of Conduct" in everything and "Data protection" in everything
    mandatory = text_of(client.get("/training/?mandatory=on").content.decode())
    assert "Code of Conduct" in mandatory and "Data protection" not in mandatory
    online = text_of(client.get("/training/?delivery=e_learning").content.decode())
    assert "Data protection" in online and "Code of Conduct" not in online
    assert "Online, at any time" in online


def test_it_reshows_the_session_cancel_form_with_the_error_summary_and_an_error_title(
    client_for, member_support, session
):
    response = client_for(member_support).post(f"/training/sessions/{session.pk}/cancel/", {"reason": "  "})

    text = response.content.decode()
    assert "<title>Error: Cancel " in text
    assert 'id="error-summary"' in text
    assert '<a href="#id_reason">This field is required.</a>' in text
    assert not Event.objects.filter(session=session).exists()


def test_it_asks_for_confirmation_before_cancelling_a_place(client_for, councillor, session):
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(councillor)

    detail = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert f'href="/training/bookings/{booking.pk}/cancel/"' in detail
    assert f'action="/training/bookings/{booking.pk}/cancel/"' not in detail

    page = client.get(f"/training/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert page.status_code == 200
    assert booking.status == Booking.Status.BOOKED
    assert "Cancel your place?" in page.content.decode()
    assert "Yes, cancel the place" in page.content.decode()

    response = client.post(f"/training/bookings/{booking.pk}/cancel/", {"next": page.context["next"]})
    booking.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/training/sessions/{session.pk}/"
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize(
    "next_value", ["auditevent", "home", "//evil.example/", "https://evil.example/", "javascript:x"]
)
def test_it_goes_back_to_the_session_when_next_is_not_a_path_on_this_site(
    client_for, councillor, session, next_value
):
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)

    response = client_for(councillor).post(f"/training/bookings/{booking.pk}/cancel/", {"next": next_value})

    assert response.status_code == 302
    assert response["Location"] == f"/training/sessions/{session.pk}/"
