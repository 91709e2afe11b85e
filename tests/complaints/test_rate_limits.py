"""The public form's limits fit real networks: proxies, IPv6, plus-addressing, races; they say the wait."""

import threading

import pytest
from django.db import connection

from complaints import ratelimit
from complaints.models import Complaint
from tests.complaints.test_intake import FORM, form_data
from tests.kit import text_of


def test_it_counts_plus_addressed_emails_as_one_person(client, parish_member):
    for n in range(5):
        client.post(
            FORM,
            form_data(parish_member, complainant_email=f"sam+{n}@example.net"),
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    refused = client.post(
        FORM, form_data(parish_member, complainant_email="Sam+other@Example.net"), REMOTE_ADDR="192.0.2.99"
    )
    assert refused.status_code == 429
    assert Complaint.objects.count() == 5


def test_it_counts_one_ipv6_network_as_one_address(client, parish_member):
    for n in range(10):
        client.post(
            FORM,
            form_data(parish_member, complainant_email=f"p{n}@example.net"),
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
        )
    same_network = client.post(
        FORM,
        form_data(parish_member, complainant_email="new@example.net"),
        REMOTE_ADDR="2001:db8:1:2:ffff::1",
    )
    other_network = client.post(
        FORM, form_data(parish_member, complainant_email="new@example.net"), REMOTE_ADDR="2001:db8:1:3::1"
    )
    assert same_network.status_code == 429
    assert other_network.status_code == 302


def test_behind_a_trusted_proxy_it_counts_each_visitor_not_the_proxy(client, parish_member, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(12):
        response = client.post(
            FORM,
            form_data(parish_member, complainant_email=f"p{n}@example.net"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        assert response.status_code == 302
    assert Complaint.objects.count() == 12


def test_it_ignores_a_forged_forwarded_address_without_a_trusted_proxy(client, parish_member):
    for n in range(10):
        client.post(
            FORM,
            form_data(parish_member, complainant_email=f"p{n}@example.net"),
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    refused = client.post(
        FORM, form_data(parish_member, complainant_email="x@example.net"), HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert refused.status_code == 429


def test_it_says_how_long_to_wait_not_tomorrow(client, parish_member):
    for n in range(10):
        client.post(FORM, form_data(parish_member, complainant_email=f"p{n}@example.net"))
    text = text_of(client.post(FORM, form_data(parish_member, complainant_email="x@example.net")).content)
    assert "tomorrow" not in text
    assert "Please try again in about 1 hour" in text or "Please try again in about 6" in text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(30, "about 1 minute"), (40 * 60, "about 40 minutes"), (3 * 3600 + 60, "about 3 hours")],
)
def test_it_puts_the_wait_in_words(seconds, words):
    assert ratelimit.wait_text(seconds) == words


@pytest.mark.django_db(transaction=True)
def test_two_complaints_at_once_cannot_both_take_the_last_place(parish_member):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()  # committed counts from earlier transactional tests live in the cache table

    for n in range(4):
        Client().post(
            FORM, form_data(parish_member, complainant_email="race@example.net"), REMOTE_ADDR=f"192.0.2.{n}"
        )
    barrier = threading.Barrier(4)
    statuses = []

    def submit(n):
        try:
            barrier.wait()
            response = Client().post(
                FORM,
                form_data(parish_member, complainant_email="race@example.net"),
                REMOTE_ADDR=f"198.51.100.{n}",
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302, 429, 429, 429]
    assert Complaint.objects.count() == 5
