"""Two submissions of one draft at the same moment (two tabs, a double click) make one version."""

import threading
import uuid
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from interests import services
from interests.models import Category, Gift, Return
from portal.roles import sync_roles
from portal.selectors import member_for
from tests.interests.conftest import seed_headings


@pytest.fixture
def committed(transactional_db):
    sync_roles(django_apps)
    seed_headings()


def race(work, times=2):
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_it_makes_one_version_when_two_submissions_race(committed, councillor):
    member = member_for(councillor)
    draft, _ = services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member,
        actor=councillor,
        category=Category.objects.get(slug="employment"),
        description="Teacher",
    )
    results = race(lambda: services.return_submit(member=member, actor=councillor, draft_id=draft.pk))
    assert sorted(created for _, created in results) == [False, True]
    assert Return.objects.filter(register__member=member).count() == 1
    assert Return.objects.get().number == 1


def test_it_makes_one_gift_when_two_identical_forms_race(committed, councillor):
    member = member_for(councillor)
    token = uuid.uuid4()
    results = race(
        lambda: services.gift_declare(
            member=member,
            actor=councillor,
            giver="Rotary",
            description="Lunch",
            value=Decimal(55),
            received_on=timezone.localdate(),
            accepted=True,
            token=token,
        )
    )
    assert sorted(created for _, created in results) == [False, True]
    assert Gift.objects.count() == 1


def test_two_drafts_started_at_once_are_one_draft(committed, councillor):
    member = member_for(councillor)
    results = race(lambda: services.draft_start(member=member, actor=councillor))
    assert len({draft.pk for draft, _ in results}) == 1
