"""Query budget: the contact page runs a fixed number of queries, for a visitor and for a member."""

import pytest
from django.core.cache import cache

# A visitor's page touches no table at all (no session is saved for a form shown); a
# member's is the 4 statements every signed-in request spends (session, user, permissions;
# the "where you are signed in" record is written at most once a minute) and nothing more. Sending counts the
# rate limits in the database cache and stores the encrypted message for the worker.
VISITOR_QUERIES = 0
MEMBER_QUERIES = 4
SENT_QUERIES = 9


@pytest.fixture(autouse=True)
def _no_earlier_counts(db):
    cache.clear()


def test_a_visitor_opens_the_contact_page_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.get("/contact/")
    with django_assert_num_queries(VISITOR_QUERIES):
        response = client.get("/contact/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_a_member_opens_the_contact_page_in_a_fixed_number_of_queries(
    client_for, councillor, make_member, count, django_assert_num_queries
):
    for n in range(count):
        make_member(email=f"budget{n}@example.org")
    client = client_for(councillor)
    client.get("/contact/")
    with django_assert_num_queries(MEMBER_QUERIES):
        response = client.get("/contact/")
    assert response.status_code == 200
    assert "Contact Member Support" in response.content.decode()


def test_sending_a_message_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.get("/contact/")
    data = {
        "name": "Ada Brennan",
        "email": "ada.brennan@example.net",
        "topic": "access",
        "message": "The training calendar does not read out the session dates with my screen reader.",
    }
    with django_assert_num_queries(SENT_QUERIES):
        response = client.post("/contact/", data)
    assert response.status_code == 302
