"""Personas and factories shared by every test.

Personas are fixed people, one per role, named as in the demo data. Factories
are closures that make more rows with sensible defaults.
"""

import datetime
import itertools
import shutil
import socket
import subprocess
import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django_tasks_db.management.commands.db_worker import Worker

from portal import roles
from portal.demo import ensure_totp
from portal.models import Authority, Committee, CommitteeMembership, Member, User

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


@pytest.fixture
def district(db):
    return Authority.objects.get_or_create(
        slug="fellbridge", defaults={"name": "Fellbridge District Council", "kind": Authority.Kind.DISTRICT}
    )[0]


@pytest.fixture
def parish(district):
    return Authority.objects.get_or_create(
        slug="amberley-parish",
        defaults={
            "name": "Amberley Parish Council",
            "kind": Authority.Kind.PARISH,
            "parent": district,
            "clerk_name": "Pat Clerk",
            "clerk_email": "clerk@amberley.example.org",
        },
    )[0]


@pytest.fixture
def make_user(db):
    def make(email=None, *, role=None, password=PASSWORD, totp=None, **extra):
        email = email or f"user{next(_sequence)}@example.org"
        user = User.objects.create_user(email=email, password=password, **extra)
        if role:
            user.groups.add(Group.objects.get(name=role))
        if totp or (totp is None and user.has_perm("portal.requires_mfa")):
            ensure_totp(user)
        return user

    return make


@pytest.fixture
def make_member(district):
    def make(*, user=None, authority=None, **fields):
        n = next(_sequence)
        defaults = {
            "first_name": f"Alex{n}",
            "last_name": f"Member{n}",
            "email": user.email if user else f"member{n}@example.org",
            "authority": authority or district,
            "ward": "Castle Ward",
            "political_group": "Independent",
            "member_type": Member.MemberType.COUNCILLOR,
            "term_start": datetime.date(2023, 5, 4),
            "term_end": datetime.date(2027, 5, 6),
        }
        defaults.update(fields)
        return Member.objects.create(user=user, **defaults)

    return make


@pytest.fixture
def make_committee(district):
    def make(name="Planning Committee", *, authority=None, members=()):
        committee = Committee.objects.create(
            authority=authority or district, name=name, slug=name.lower().replace(" ", "-")
        )
        for member in members:
            CommitteeMembership.objects.create(
                committee=committee, member=member, start_date=datetime.date(2023, 5, 20)
            )
        return committee

    return make


# --- Personas -------------------------------------------------------------


@pytest.fixture
def councillor(make_user, make_member):
    user = make_user("cllr.ward@example.org", role=roles.COUNCILLOR, full_name="Morgan Hale")
    make_member(user=user, first_name="Morgan", last_name="Hale", ward="Riverside")
    return user


@pytest.fixture
def other_councillor(make_user, make_member):
    user = make_user("cllr.other@example.org", role=roles.COUNCILLOR, full_name="Jo Pennant")
    make_member(user=user, first_name="Jo", last_name="Pennant", ward="Hillside")
    return user


@pytest.fixture
def coopted_member(make_user, make_member):
    user = make_user("coopted@example.org", role=roles.CO_OPTED_MEMBER, full_name="Sam Okafor")
    make_member(user=user, first_name="Sam", last_name="Okafor", member_type=Member.MemberType.CO_OPTED)
    return user


@pytest.fixture
def monitoring_officer(make_user):
    return make_user("mo@example.org", role=roles.MONITORING_OFFICER, full_name="Ruth Calder")


@pytest.fixture
def deputy_monitoring_officer(make_user):
    return make_user("deputy.mo@example.org", role=roles.DEPUTY_MONITORING_OFFICER, full_name="Ian Marr")


@pytest.fixture
def member_support(make_user):
    return make_user("support@example.org", role=roles.MEMBER_SUPPORT_OFFICER, full_name="Priya Shah")


@pytest.fixture
def mssg_member(make_user):
    return make_user("mssg@example.org", role=roles.STEERING_GROUP_MEMBER, full_name="Dana Whitlock")


@pytest.fixture
def independent_person(make_user):
    return make_user("ip@example.org", role=roles.INDEPENDENT_PERSON, full_name="Hugh Barrow")


@pytest.fixture
def superuser(make_user):
    return make_user("admin@example.org", is_superuser=True, is_staff=True, totp=True)


@pytest.fixture
def persona(request):
    """Indirect fixture: ``persona`` names another fixture (or 'anonymous')."""
    name = request.param
    return None if name == "anonymous" else request.getfixturevalue(name)


PERSONAS = [
    "anonymous",
    "councillor",
    "coopted_member",
    "monitoring_officer",
    "deputy_monitoring_officer",
    "member_support",
    "mssg_member",
    "independent_person",
    "superuser",
]


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (None: signed out)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


# --- Background tasks -----------------------------------------------------


@pytest.fixture
def run_tasks(db):
    """Run every queued task with the real database worker, as `db_worker` would."""

    def run():
        # The worker calls close_old_connections(), which closes a connection
        # inside the test's transaction (autocommit is off there) and breaks
        # every query after it. Django's TestCase never closes it either.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="pytest",
                excluded_queue_names=[],
            ).run()

    return run


# --- Speed ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords cheaply; production keeps Django's slow, strong hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A private redis-server on a free port, used as the default cache."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            tmp_path,
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.redis_cache.PortalRedisCache",  # as production
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "KEY_PREFIX": "portal",
            }
        }
        yield caches["default"]
    finally:
        process.terminate()
        process.wait(timeout=10)
