"""Factories for the registers: a member's return filled in and submitted through the services."""

import contextlib
import datetime
import importlib
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from interests import services
from interests.models import Category
from portal.selectors import member_for
from tests import kit


@pytest.fixture
def category(db):
    return lambda slug: Category.objects.get(slug=slug)


@pytest.fixture
def submit_return(db, monitoring_officer):
    """``submit_return(user_or_member, entries=[(slug, text, extra)...], actor=None, publish=False)``."""

    def make(
        who, *, entries=(("employment", "Solicitor at Fenwick & Hale LLP", {}),), actor=None, publish=False
    ):
        member = member_for(who) if hasattr(who, "email") and not hasattr(who, "authority_id") else who
        actor = actor or member.user
        kwargs = {} if actor == member.user else {"paper_received_on": timezone.localdate()}
        draft, _ = services.draft_start(member=member, actor=actor, **kwargs)
        for slug, text, extra in entries:
            services.entry_add(
                member=member,
                actor=actor,
                category=Category.objects.get(slug=slug),
                description=text,
                **extra,
            )
        version, _ = services.return_submit(member=member, actor=actor, draft_id=draft.pk)
        if publish:
            for entry in version.entries.filter(sensitive="asked"):
                services.entry_decide_sensitive(
                    entry_id=entry.pk, actor=monitoring_officer, agree=True, note="Risk confirmed by police"
                )
            services.return_publish(version_id=version.pk, actor=monitoring_officer)
            version.refresh_from_db()
        return version

    return make


@pytest.fixture
def declare_gift(db):
    def make(member, *, actor=None, **fields):
        data = {
            "giver": "Fellbridge Chamber of Commerce",
            "description": "Dinner at the annual awards",
            "value": Decimal("65.00"),
            "received_on": timezone.localdate() - datetime.timedelta(days=3),
            "accepted": True,
            "token": uuid.uuid4(),
        }
        data.update(fields)
        gift, _ = services.gift_declare(member=member, actor=actor or member.user, **data)
        return gift

    return make


@pytest.fixture
def emails(django_capture_on_commit_callbacks, run_tasks):
    """``with emails() as sent: ...``: run the block as if it committed, deliver the email, collect it."""

    @contextlib.contextmanager
    def capture():
        sent = []
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            yield sent
        run_tasks()
        sent.extend(mail.outbox[before:])

    return capture


_roles_back_after_flushes = kit.roles_back_after_flushes()


def seed_headings():
    """The register's headings, from their data migration (a transactional test's flush empties them)."""
    from django.apps import apps

    importlib.import_module("interests.migrations.0002_categories_and_roles").seed_categories(apps, None)


def headings_back_after_flushes(scope="package"):
    """Like kit.roles_back_after_flushes: headings there before the tests and after any flush."""

    @pytest.fixture(autouse=True, scope=scope)
    def _headings_back(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            seed_headings()
        yield
        with django_db_blocker.unblock():
            seed_headings()

    return _headings_back


_headings_back = headings_back_after_flushes()
