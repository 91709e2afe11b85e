"""Committee eligibility: the one rule, used by the member's record, the dashboards and the reports.

A member may sit on a committee on a day when every course the committee
requires has a verified completion that still counts on that day
(``Completion.objects.current(day)``). Their training "expires soon" when they
are eligible today but would not be on ``warning_horizon(today)``, the day
EXPIRY_WARNING_DAYS from now.
"""

import datetime

from django.db.models import Exists, OuterRef

from portal.models import CommitteeMembership
from training.models import CommitteeRequirement, Completion

# Training that stops counting within this many days shows as "expires soon",
# on the member's record, on the dashboards and in the reports alike.
EXPIRY_WARNING_DAYS = 60


def warning_horizon(today: datetime.date) -> datetime.date:
    """The first day training must still count on, not to be "expiring soon"."""
    return today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)


def counts_on(expires_on: datetime.date | None, day: datetime.date) -> bool:
    """For a verified completion: does it still count on ``day``? (Completion.objects.current's rule.)"""
    return expires_on is None or expires_on >= day


def expires_soon(expires_on: datetime.date | None, today: datetime.date) -> bool:
    """A verified completion that counts today but not on the warning horizon."""
    return counts_on(expires_on, today) and not counts_on(expires_on, warning_horizon(today))


def missing_requirements(day: datetime.date, *, member, committee):
    """The committee's required courses with no completion of the member's that counts on ``day``.

    ``member`` and ``committee`` are expressions as seen from a CommitteeRequirement
    query (usually OuterRefs to the committee membership being tested).
    """
    return CommitteeRequirement.objects.filter(committee=committee).exclude(
        Exists(Completion.objects.current(day).filter(member=member, course=OuterRef("course")))
    )


def with_eligibility(memberships, today: datetime.date):
    """Annotate committee memberships with ``eligible`` (today) and ``eligible_later`` (on the horizon)."""

    def eligible_on(day):
        return ~Exists(
            missing_requirements(day, member=OuterRef(OuterRef("member")), committee=OuterRef("committee"))
        )

    return memberships.annotate(
        eligible=eligible_on(today), eligible_later=eligible_on(warning_horizon(today))
    )


def places_with_requirements(today: datetime.date):
    """Current committee places whose committee requires training, marked eligible now and later."""
    places = CommitteeMembership.objects.current(today).filter(
        Exists(CommitteeRequirement.objects.filter(committee=OuterRef("committee")))
    )
    return with_eligibility(places, today)
