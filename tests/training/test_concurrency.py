"""Capacity holds under concurrent requests: the session row is locked while places are counted."""

import threading

import pytest
from django.db import connection

from tests import kit
from training import services
from training.models import Booking

MEMBERS = 50
PLACES = 10


_roles_left_behind = kit.roles_back_after_flushes(scope="module")


def run_at_once(work, items):
    """Run ``work(item)`` for every item in its own thread, all released together; return errors."""
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait(timeout=30)
            work(item)
        except Exception as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_it_never_overfills_a_session_and_promotes_in_order_under_concurrent_requests(
    make_member, make_session
):
    session = make_session(capacity=PLACES)
    members = [make_member(email=f"rush{n}@example.org") for n in range(MEMBERS)]

    errors = run_at_once(
        lambda member: services.booking_book(session=session, member=member, actor=None), members
    )

    assert errors == []
    bookings = Booking.objects.filter(session=session)
    assert bookings.count() == MEMBERS
    assert bookings.filter(status=Booking.Status.BOOKED).count() == PLACES
    assert bookings.filter(status=Booking.Status.WAITING).count() == MEMBERS - PLACES
    queue = list(bookings.filter(status=Booking.Status.WAITING).order_by("queued_at", "pk"))
    first_three = [booking.pk for booking in queue[:3]]

    leavers = list(bookings.filter(status=Booking.Status.BOOKED)[:3])
    errors = run_at_once(lambda booking: services.booking_cancel(booking=booking, actor=None), leavers)

    assert errors == []
    assert bookings.filter(status=Booking.Status.BOOKED).count() == PLACES
    assert bookings.filter(status=Booking.Status.CANCELLED).count() == 3
    assert bookings.filter(status=Booking.Status.WAITING).count() == MEMBERS - PLACES - 3
    promoted = list(
        bookings.filter(pk__in=[b.pk for b in queue], status=Booking.Status.BOOKED).order_by(
            "booked_at", "pk"
        )
    )
    assert [booking.pk for booking in promoted] == first_three
    # Whoever is waiting now is the rest of the original queue, still in its order.
    remaining = list(bookings.filter(status=Booking.Status.WAITING).order_by("queued_at", "pk"))
    assert [b.pk for b in remaining] == [b.pk for b in queue[3:]]
