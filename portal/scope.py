"""Which members and which period a set of figures covers.

Features' ``figures`` modules take a Scope and return aggregates; the reports
app builds it from its filter form. It lives here, at the ground layer, so a
feature never imports the reports app to learn what it is asked for.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone

from portal.models import Authority, Committee, Member


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of ``day``, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Population:
    """Whose figures: members who use the portal (the default), or the parish and town councils'."""

    PORTAL = "portal"
    PARISH = "parish"
    CHOICES = [
        (PORTAL, "District members with a login"),
        (PARISH, "Parish and town councillors"),
    ]


@dataclass
class Scope:
    """The period and the members a set of figures covers."""

    start: datetime.date
    end: datetime.date
    authority: Authority | None = None
    group: str = ""
    member_type: str = ""
    committee: Committee | None = None
    cohort: object | None = None
    params: dict | None = None
    population: str = Population.PORTAL

    @property
    def as_of(self) -> datetime.date:
        """The day whose membership rates are measured on: the period's end, or today if sooner."""
        return min(self.end, timezone.localdate())

    def population_q(self, prefix: str = "") -> Q:
        p = prefix
        if self.population == Population.PARISH:
            return Q(**{f"{p}authority__parent__isnull": False})
        # Members who can use the portal: the district's own, with an active login.
        return Q(**{f"{p}authority__parent__isnull": True, f"{p}user__is_active": True})

    def member_filter(self, prefix: str = "") -> Q:
        """Q for the filtered members, as seen from a model that reaches Member through ``prefix``."""
        p = prefix
        q = self.population_q(prefix)
        if self.authority is not None:
            q &= Q(**{f"{p}authority": self.authority})
        if self.group:
            q &= Q(**{f"{p}political_group": self.group})
        if self.member_type:
            q &= Q(**{f"{p}member_type": self.member_type})
        if self.committee is not None:
            # On the committee at some time in the period.
            q &= (
                Q(**{f"{p}committee_memberships__committee": self.committee})
                & Q(**{f"{p}committee_memberships__start_date__lte": self.end})
                & (
                    Q(**{f"{p}committee_memberships__end_date__isnull": True})
                    | Q(**{f"{p}committee_memberships__end_date__gte": self.start})
                )
            )
        if self.cohort is not None:
            q &= Q(**{f"{p}induction_assignments__pack": self.cohort})
        return q

    def members(self):
        """Filtered members, whether or not they were serving."""
        return Member.objects.filter(self.member_filter()).distinct()

    def serving(self):
        """Filtered members serving on ``as_of``: the base for every rate."""
        return Member.objects.current(on=self.as_of).filter(self.member_filter()).distinct()

    def serving_q(self, prefix: str = "") -> Q:
        p = prefix
        on = self.as_of
        return (
            Q(**{f"{p}status": Member.Status.ACTIVE, f"{p}term_start__lte": on})
            & (Q(**{f"{p}term_end__isnull": True}) | Q(**{f"{p}term_end__gte": on}))
            & self.member_filter(prefix)
        )

    @property
    def starts_at(self) -> datetime.datetime:
        """The first moment of the period (local midnight), for timestamp columns."""
        return start_of_day(self.start)

    @property
    def ends_before(self) -> datetime.datetime:
        """The first moment after the period: ``column__lt=scope.ends_before`` is "on or before the
        end date". A range on the column itself, unlike ``__date``, lets the planner estimate rows
        (``__date`` looked like 50 rows of 10,000 and chose a nested loop costing seconds)."""
        return start_of_day(self.end + datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def querystring(self, **extra) -> str:
        params = {k: v for k, v in (self.params or {}).items() if v}
        params.update({k: v for k, v in extra.items() if v})
        return urlencode(params)

    def describe(self) -> str:
        parts = [f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}", dict(Population.CHOICES)[self.population]]
        for value in (self.authority, self.group, self.committee, self.cohort):
            if value:
                parts.append(str(value))
        if self.member_type:
            parts.append(Member.MemberType(self.member_type).label + "s")
        return "; ".join(parts)
