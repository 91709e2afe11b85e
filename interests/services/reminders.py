"""Reminders, sent by the task worker (interests/schedule.py). Each goes once: a ReminderSent row
with a unique (member, kind, round) is written with the email, in one transaction.

- A new member who has not submitted a return: 7 days after their term starts, and again at 21
  (only the later one if the worker missed the first).
- A change waiting: a draft left for 7 days, or a version sent back for changes and not resubmitted
  within 7 days; once per draft or version.
- The yearly confirmation: from the first of the confirmation month, to every serving member whose
  last submission is older than that day; once a year.
- The Monitoring Officer: each member whose first return is overdue, named once, in one email a run.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from portal.models import Member

from ..models import Register, ReminderSent, Return, Status
from .base import email_member, email_officers, link

NEW_MEMBER_DAYS = (7, 21)
CHANGE_WAIT = datetime.timedelta(days=7)


def _once(member, kind, key, send) -> bool:
    """Send and record one reminder, unless it went before. Returns whether it went now."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(member=member, kind=kind, key=key)
            if not send():
                transaction.set_rollback(True)
                return False
    except IntegrityError:
        return False
    return True


def _submitted(prefix=""):
    return Exists(Register.objects.filter(member=OuterRef(f"{prefix}pk"), first_submitted_at__isnull=False))


def overdue_members(today: datetime.date):
    """Serving members whose first return is past due and not yet submitted."""
    cutoff = today - datetime.timedelta(days=settings.INTERESTS_REGISTRATION_DAYS)
    return (
        Member.objects.current(today)
        .filter(term_start__lt=cutoff)
        .annotate(submitted=_submitted())
        .filter(submitted=False)
    )


def reminders_send(*, now=None) -> dict:
    """Send every reminder that is due. Safe to run as often as you like."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "new_members": _new_members(today),
        "changes": _changes(now),
        "annual": _annual(today),
        "overdue": _overdue(today),
    }


def _new_members(today) -> int:
    first, second = NEW_MEMBER_DAYS
    deadline = settings.INTERESTS_REGISTRATION_DAYS
    members = (
        Member.objects.current(today)
        .filter(term_start__lte=today - datetime.timedelta(days=first))
        .filter(term_start__gte=today - datetime.timedelta(days=deadline))
        .annotate(submitted=_submitted())
        .filter(submitted=False)
        .select_related("user")
    )
    sent = 0
    for member in members:
        days = (today - member.term_start).days
        kind = ReminderSent.Kind.NEW_MEMBER_SECOND if days >= second else ReminderSent.Kind.NEW_MEMBER_FIRST
        due_on = member.term_start + datetime.timedelta(days=deadline)
        sent += _once(
            member,
            kind,
            "",
            lambda member=member, due_on=due_on: email_member(
                member, "new_member", due_on=due_on, link=link(reverse("interests:mine"))
            ),
        )
    return sent


def _changes(now) -> int:
    waiting = (
        Return.objects.filter(
            Q(status=Status.DRAFT, created_at__lte=now - CHANGE_WAIT)
            | Q(status=Status.CHANGES_REQUESTED, reviewed_at__lte=now - CHANGE_WAIT)
        )
        .filter(register__member__status=Member.Status.ACTIVE)
        # A version sent back that has been followed by another submission is no longer waiting.
        .exclude(
            Q(status=Status.CHANGES_REQUESTED)
            & Exists(Return.objects.filter(register=OuterRef("register"), number__gt=OuterRef("number")))
        )
        .select_related("register__member__user")
    )
    sent = 0
    for version in waiting:
        member = version.register.member
        sent += _once(
            member,
            ReminderSent.Kind.CHANGE_PENDING,
            f"return-{version.pk}",
            lambda member=member, version=version: email_member(
                member, "change_pending", version=version, link=link(reverse("interests:mine"))
            ),
        )
    return sent


def _annual(today) -> int:
    month = settings.INTERESTS_ANNUAL_CONFIRMATION_MONTH
    if today.month < month:
        return 0
    opens = timezone.make_aware(datetime.datetime(today.year, month, 1))
    members = (
        Member.objects.current(today)
        .filter(interest_register__last_submitted_at__lt=opens)
        .select_related("user")
    )
    sent = 0
    for member in members:
        sent += _once(
            member,
            ReminderSent.Kind.ANNUAL,
            str(today.year),
            lambda member=member: email_member(member, "annual", link=link(reverse("interests:mine"))),
        )
    return sent


def _overdue(today) -> int:
    told = ReminderSent.objects.filter(member=OuterRef("pk"), kind=ReminderSent.Kind.OVERDUE_TO_OFFICER)
    members = list(
        overdue_members(today).exclude(Exists(told)).select_related("authority").order_by("last_name")
    )
    if not members:
        return 0
    with transaction.atomic():
        created = []
        for member in members:
            _, made = ReminderSent.objects.get_or_create(
                member=member, kind=ReminderSent.Kind.OVERDUE_TO_OFFICER, key=""
            )
            if made:
                created.append(member)
        if created:
            email_officers("overdue", members=created, link=link(reverse("interests:office")))
    return len(created)
