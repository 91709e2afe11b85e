"""Committee eligibility."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from portal.models import CommitteeMembership, Member
from training import eligibility
from training.models import (
    CommitteeRequirement,
    Completion,
)


@dataclass
class EligibilityGap:
    member: Member
    committee: object
    courses: list  # (course, expired_on or None)

    @property
    def course_titles(self):
        return ", ".join(course.title for course, _ in self.courses)


def eligibility_gaps(
    member: Member | None = None, *, memberships=None, completions=None
) -> list[EligibilityGap]:
    """Current committee places whose required training is missing or expired. Three queries at most.

    ``memberships`` may be passed in (already loaded with their committees) to save a query, and
    with ``member``, ``completions`` (all of that member's, loaded) to save another.
    """
    today = timezone.localdate()
    requirements = {}
    for requirement in CommitteeRequirement.objects.select_related("course").order_by("course__title"):
        requirements.setdefault(requirement.committee_id, []).append(requirement.course)
    if not requirements:
        return []
    if memberships is None:
        memberships = (
            CommitteeMembership.objects.current(today)
            .filter(committee_id__in=list(requirements), member__in=Member.objects.current(today))
            .select_related("committee", "member__authority")
            .order_by("committee__name", "member__last_name", "member__first_name")
        )
        if member is not None:
            memberships = memberships.filter(member=member)
        memberships = list(memberships)
    else:
        memberships = [m for m in memberships if m.committee_id in requirements]
    if not memberships:
        return []
    member_ids = {m.member_id for m in memberships}
    course_ids = {c.pk for courses in requirements.values() for c in courses}
    if completions is not None and member is not None:
        verified = [
            (c.member_id, c.course_id, c.expires_on)
            for c in completions
            if c.status == Completion.Status.VERIFIED and c.course_id in course_ids
        ]
    else:
        verified = (
            Completion.objects.verified()
            .filter(member_id__in=member_ids, course_id__in=course_ids)
            .values_list("member_id", "course_id", "expires_on")
        )
    latest = {}
    for member_id, course_id, expires_on in verified:
        key = (member_id, course_id)
        best = latest.get(key, datetime.date.min)
        latest[key] = max(best, datetime.date.max if expires_on is None else expires_on)
    gaps = []
    for membership in memberships:
        missing = []
        for course in requirements[membership.committee_id]:
            expires = latest.get((membership.member_id, course.pk))
            if expires is None:
                missing.append((course, None))
            elif expires == datetime.date.max:
                continue
            elif not eligibility.counts_on(expires, today):
                missing.append((course, expires))
        if missing:
            who = member if member is not None else membership.member
            gaps.append(EligibilityGap(member=who, committee=membership.committee, courses=missing))
    return gaps
