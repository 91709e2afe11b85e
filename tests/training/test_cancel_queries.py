"""Query budget: the cancel-confirmation page runs the same queries whatever else the session holds."""

import pytest
from django.utils import timezone

from training.models import Booking

# The signed-in request's 9 statements and the booking with its session and course.
CANCEL_QUERIES = 5


@pytest.mark.parametrize("count", [1, 50])
def test_the_cancel_confirmation_runs_a_fixed_number_of_queries(
    client_for, councillor, make_member, make_session, count, django_assert_num_queries
):
    session = make_session(capacity=100)
    own = Booking.objects.create(
        session=session, member=councillor.member, status="booked", booked_at=timezone.now()
    )
    for n in range(count):
        member = make_member(email=f"budget{n}@example.org")
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
    client = client_for(councillor)
    url = f"/training/bookings/{own.pk}/cancel/"
    client.get(url)
    with django_assert_num_queries(CANCEL_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Cancel your place?" in response.content.decode()
