"""Fixtures for the operations tests: committed rows the servers can see, and a place for their logs.

The servers are separate processes, so they see only committed rows: each module
empties the test database before and after it (as transactional tests do) and its
rows are written outside any test transaction. Role groups are put back afterwards.
"""

import datetime
import itertools

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from portal import roles
from portal.models import Authority, Member, User

_sequence = itertools.count(1)


def _empty_database():
    call_command("flush", interactive=False, verbosity=0)
    roles.sync_roles(apps)
    cache.clear()


@pytest.fixture(scope="module")
def live_db(django_db_setup, django_db_blocker):
    """The test database, emptied, with rows committed for the servers; emptied again at the end.

    The modules' tests carry ``django_db`` (so pytest-django makes the test database) and
    read inside their own transaction, which sees what the servers commit.
    """
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if name != connection.settings_dict["TEST"]["NAME"]:
            raise RuntimeError(f"Refusing to empty {name}: it is not the test database.")
        _empty_database()
    yield
    with django_db_blocker.unblock():
        _empty_database()


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory, request):
    return tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])


# --- Rows the servers see ------------------------------------------------------------


def district():
    return Authority.objects.get_or_create(
        slug="fellbridge", defaults={"name": "Fellbridge District Council", "kind": Authority.Kind.DISTRICT}
    )[0]


def councillor(*, password=None, name=None):
    """A councillor with a login (no password unless given: sessions are made directly)."""
    n = next(_sequence)
    first, last = (name or f"Alex{n} Member{n}").split(" ", 1)
    user = User.objects.create_user(
        email=f"cllr{n}@example.org", password=password, full_name=f"{first} {last}"
    )
    user.groups.add(Group.objects.get(name=roles.COUNCILLOR))
    Member.objects.create(
        user=user,
        first_name=first,
        last_name=last,
        email=user.email,
        authority=district(),
        ward="Castle Ward",
        political_group="Independent",
        member_type=Member.MemberType.COUNCILLOR,
        term_start=datetime.date(2023, 5, 4),
        term_end=datetime.date(2030, 5, 6),
    )
    return user


def session_cookies(user) -> dict:
    """A signed-in session for ``user``, as the cookies a browser would hold (no sign-in form)."""
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def training_session(*, capacity, title="Social media basics"):
    from training.models import Course, Session

    n = next(_sequence)
    course = Course.objects.create(
        title=f"{title} {n}",
        slug=f"ops-course-{n}",
        summary=f"What {title} covers.",
        provider=Course.Provider.MEMBER_SUPPORT,
        delivery=Course.Delivery.IN_PERSON,
        duration_minutes=90,
    )
    starts = (timezone.now() + datetime.timedelta(days=14)).replace(second=0, microsecond=0)
    return Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=capacity,
        venue="Committee Room 2, Fellbridge Town Hall",
        trainer="Jess Carter",
    )
