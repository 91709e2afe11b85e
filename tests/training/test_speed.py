"""Training's reads at scale: the shortcuts taken for speed give the same answers as the long way."""

import datetime

from django.utils import timezone

from training import selectors
from training.models import Booking, Session


def test_place_counts_are_per_session_and_ignore_cancelled_places(make_member, make_session, make_booking):
    first, second, empty = make_session(capacity=2), make_session(capacity=5), make_session()
    people = [make_member(email=f"count{n}@example.org") for n in range(5)]
    make_booking(first, people[0])
    make_booking(first, people[1])
    make_booking(first, people[2], status=Booking.Status.WAITING)
    make_booking(first, people[3], status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
    make_booking(second, people[4])

    counted = {s.pk: (s.booked_count, s.waiting_count) for s in selectors.upcoming_sessions_for_officers()}

    assert counted == {first.pk: (2, 1), second.pk: (1, 0), empty.pk: (0, 0)}


def test_the_officer_panel_lists_the_next_sessions_with_their_counts(
    client_for, member_support, make_member, make_session, make_booking
):
    sessions = [make_session(starts_in=datetime.timedelta(days=n + 1), capacity=3) for n in range(7)]
    make_booking(sessions[0], make_member(email="soonest@example.org"))

    listed = selectors.upcoming_sessions_for_officers(limit=5)

    assert [s.pk for s in listed] == [s.pk for s in sessions[:5]]
    assert (listed[0].booked_count, listed[1].booked_count) == (1, 0)
    page = client_for(member_support).get("/").content.decode()
    assert "1 of 3 booked" in page


def test_place_counts_do_not_join_every_booking_into_the_session_list():
    # A join and GROUP BY counted every upcoming session's bookings (200,000 at the bench's large
    # scale) before the officer panel's LIMIT 5; a correlated count only counts the sessions shown.
    sql = str(selectors.with_place_counts(Session.objects.all()).query)

    assert 'JOIN "training_booking"' not in sql
