"""portal.queries.counts: several counts in one query, each equal to ``.count()``."""

import pytest
from django.contrib.auth import get_user_model

from portal.models import Authority
from portal.queries import counts

pytestmark = pytest.mark.django_db


def test_it_gives_each_querysets_count_in_one_query(django_assert_num_queries):
    User = get_user_model()
    for n in range(3):
        User.objects.create_user(email=f"counted{n}@example.org", is_active=n != 0)
    active = User.objects.filter(email__startswith="counted", is_active=True).order_by("-pk")
    everyone = User.objects.filter(email__startswith="counted")
    nobody = Authority.objects.filter(name="no such council")

    with django_assert_num_queries(1):
        result = counts(active=active, everyone=everyone, nobody=nobody)

    assert result == {"active": active.count(), "everyone": everyone.count(), "nobody": 0}
    assert result == {"active": 2, "everyone": 3, "nobody": 0}


def test_it_counts_a_distinct_queryset_as_count_does():
    User = get_user_model()
    user = User.objects.create_user(email="joined@example.org")
    User.objects.create_user(email="joined-too@example.org")
    joined = User.objects.filter(email__startswith="joined").distinct()
    assert counts(joined=joined) == {"joined": joined.count()} == {"joined": 2}
    assert user.pk


def test_it_needs_no_query_for_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert counts() == {}
