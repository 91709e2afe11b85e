"""Induction."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.models import Member
from training import extensions
from training.models import (
    Event,
    InductionAssignment,
    InductionItem,
    InductionPack,
)
from training.services.base import _actor, _email_member, _link


def induction_assign(
    *, pack: InductionPack, member: Member, actor, how=InductionAssignment.How.INDIVIDUAL, start_date=None
) -> tuple[InductionAssignment, bool]:
    """Give a member an induction pack. Giving it again changes nothing. Returns (assignment, created)."""
    with transaction.atomic():
        assignment, created = InductionAssignment.objects.get_or_create(
            pack=pack,
            member=member,
            defaults={
                "start_date": start_date or member.term_start,
                "how": how,
                "assigned_by": _actor(actor),
            },
        )
        if created:
            Event.record(
                action=Event.Action.INDUCTION,
                actor=actor,
                member=member,
                note=f"{pack.name} ({assignment.get_how_display().lower()})",
            )
            _email_member(
                member,
                "induction_assigned",
                pack=pack,
                assignment=assignment,
                record_link=_link(reverse("training:my_record")),
            )
    return assignment, created


def induction_assign_cohort(
    *, pack: InductionPack, started_from: datetime.date, started_to: datetime.date | None = None, actor
) -> int:
    """Give the pack to every serving member whose term started in the range. Returns how many were new."""
    members = Member.objects.current().filter(term_start__gte=started_from).select_related("user")
    if started_to:
        members = members.filter(term_start__lte=started_to)
    created = 0
    with transaction.atomic():
        for member in members:
            _, was_created = induction_assign(
                pack=pack, member=member, actor=actor, how=InductionAssignment.How.COHORT
            )
            created += was_created
    return created


def induction_assign_new_member(*, member: Member) -> list[InductionAssignment]:
    """Called when a member is added: give them every open pack they start after."""
    assignments = []
    packs = InductionPack.objects.filter(is_active=True, auto_assign=True, opens_on__lte=member.term_start)
    for pack in packs:
        assignment, created = induction_assign(
            pack=pack, member=member, actor=None, how=InductionAssignment.How.AUTOMATIC
        )
        if created:
            assignments.append(assignment)
    return assignments


def induction_pack_add_every_pack_steps(*, pack: InductionPack) -> int:
    """Add to ``pack`` each registered step meant for every pack that it lacks. Returns how many."""
    added = 0
    with transaction.atomic():
        InductionPack.objects.select_for_update().filter(pk=pack.pk).first()
        have = set(pack.items.exclude(step="").values_list("step", flat=True))
        last = max(pack.items.values_list("position", flat=True), default=-1)
        for step in extensions.steps():
            if step.in_every_pack and step.key not in have:
                last += 1
                InductionItem.objects.create(pack=pack, position=last, step=step.key, due_days=step.due_days)
                added += 1
    return added


def induction_remind(*, assignments, actor, now=None) -> int:
    """Email each member in ``assignments`` who is behind; at most once a day each. Returns how many."""
    from training.selectors import induction_progress_for_assignments

    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    sent = 0
    with transaction.atomic():
        locked = list(
            InductionAssignment.objects.select_for_update(of=("self",))
            .select_related("pack", "member__user")
            .filter(pk__in=[a.pk for a in assignments])
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=start_of_day))
            .order_by("pk")
        )
        for progress in induction_progress_for_assignments(locked, today=today):
            if not progress.overdue:
                continue
            assignment = progress.assignment
            if not _email_member(
                assignment.member,
                "induction_reminder",
                pack=assignment.pack,
                progress=progress,
                record_link=_link(reverse("training:my_record")),
            ):
                continue
            assignment.last_reminded_at = now
            assignment.save(update_fields=["last_reminded_at"])
            Event.record(
                action=Event.Action.REMINDER,
                actor=actor,
                member=assignment.member,
                note=f"Induction: {assignment.pack.name}, {len(progress.overdue)} overdue",
            )
            sent += 1
    return sent
