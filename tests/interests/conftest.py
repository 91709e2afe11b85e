"""Factories for the registers: a member's return filled in and submitted through the services."""

import contextlib
import datetime
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
