"""Permissions kept in the cache between requests (portal.permission_cache).

Production's cache is Redis; here an in-memory cache stands in for it. The
database cache (the tests' default) leaves the permission cache off.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from portal import permission_cache, roles

REPORTS = "/reports/"  # needs portal.view_uptake_reports (the steering group's)


@pytest.fixture
def memory_cache(settings, request):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"permission-cache-{request.node.name}",
        }
    }
    assert permission_cache.enabled()
    from django.core.cache import cache

    cache.clear()
    return cache


def permission_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries if '"auth_permission"' in query["sql"]]


def test_the_second_request_reads_permissions_from_the_cache(memory_cache, client_for, councillor):
    client = client_for(councillor)
    response, loaded = permission_queries(client, "/")
    assert response.status_code == 200
    assert len(loaded) == 2  # ModelBackend: the user's own grants and their roles'

    response, loaded = permission_queries(client, "/")
    assert response.status_code == 200
    assert loaded == []


def test_without_a_cache_of_its_own_nothing_is_kept(client_for, councillor):
    """The database cache: the permission cache is off, so every request loads them."""
    assert not permission_cache.enabled()
    client = client_for(councillor)
    client.get("/")
    _, loaded = permission_queries(client, "/")
    assert len(loaded) == 2


def test_a_role_given_opens_its_pages_on_the_next_request(memory_cache, client_for, councillor):
    client = client_for(councillor)
    assert client.get(REPORTS).status_code in (403, 404)
    assert client.get(REPORTS).status_code in (403, 404)  # now from the cache

    councillor.groups.add(Group.objects.get(name=roles.STEERING_GROUP_MEMBER))

    assert client.get(REPORTS).status_code == 200


def test_a_role_taken_away_closes_its_pages_on_the_next_request(memory_cache, client_for, mssg_member):
    client = client_for(mssg_member)
    assert client.get(REPORTS).status_code == 200
    assert client.get(REPORTS).status_code == 200

    mssg_member.groups.clear()

    assert client.get(REPORTS).status_code in (403, 404)


def test_a_permission_taken_from_a_role_goes_from_everyone_who_holds_it(
    memory_cache, client_for, mssg_member, make_user
):
    other = make_user("second.mssg@example.org", role=roles.STEERING_GROUP_MEMBER)
    for user in (mssg_member, other):
        assert client_for(user).get(REPORTS).status_code == 200
    group = Group.objects.get(name=roles.STEERING_GROUP_MEMBER)
    permission = Permission.objects.get(codename="view_uptake_reports", content_type__app_label="portal")

    group.permissions.remove(permission)

    for user in (mssg_member, other):
        assert client_for(user).get(REPORTS).status_code in (403, 404)


def test_a_grant_of_one_permission_to_one_person_counts_at_once(memory_cache, client_for, councillor):
    client = client_for(councillor)
    assert client.get(REPORTS).status_code in (403, 404)
    councillor.user_permissions.add(
        Permission.objects.get(codename="view_uptake_reports", content_type__app_label="portal")
    )
    assert client.get(REPORTS).status_code == 200


def test_a_change_committed_later_is_not_hidden_by_a_request_in_between(
    memory_cache, client_for, councillor, django_capture_on_commit_callbacks
):
    """The role is given inside a transaction; a request that reads the old permissions
    before the commit must not keep them for the generation the change started."""
    client = client_for(councillor)
    group = Group.objects.get(name=roles.STEERING_GROUP_MEMBER)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        councillor.groups.add(group)
        # What a request on another connection would keep: the permissions before the change.
        permission_cache._keep(councillor, memory_cache.get(permission_cache.GENERATION_KEY), set())
    assert client.get(REPORTS).status_code == 200


def test_people_never_share_an_entry(memory_cache, client_for, councillor, mssg_member):
    assert client_for(mssg_member).get(REPORTS).status_code == 200
    assert client_for(councillor).get(REPORTS).status_code in (403, 404)
    assert client_for(mssg_member).get(REPORTS).status_code == 200


def test_a_suspended_account_has_no_permissions_at_once(memory_cache, client_for, mssg_member):
    client = client_for(mssg_member)
    assert client.get(REPORTS).status_code == 200
    type(mssg_member).objects.filter(pk=mssg_member.pk).update(is_active=False)  # no signal is sent
    assert client.get(REPORTS).status_code != 200


def test_a_cache_that_fails_only_costs_the_queries(memory_cache, client_for, mssg_member, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    class Broken:
        get_many = set = add = get = delete = broken

    monkeypatch.setattr(permission_cache, "cache", Broken())
    client = client_for(mssg_member)
    assert client.get(REPORTS).status_code == 200
    assert client.get(REPORTS).status_code == 200


def test_with_redis_a_role_taken_away_counts_at_once(redis_cache, client_for, mssg_member):
    """The same with production's cache (a private redis-server)."""
    client = client_for(mssg_member)
    assert client.get(REPORTS).status_code == 200
    _, loaded = permission_queries(client, REPORTS)
    assert loaded == []
    mssg_member.groups.clear()
    assert client.get(REPORTS).status_code in (403, 404)
