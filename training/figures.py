"""Training's figures for the uptake reports: database aggregates over a Scope.

Committee eligibility comes from ``training.eligibility`` and induction steps
from ``selectors.item_done_q``: the same rules the member's own pages use.
"""

from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, When
from django.db.models.functions import TruncMonth

from portal.aggregates import count_subquery
from portal.models import Member
from training import eligibility
from training.models import (
    Booking,
    Completion,
    Course,
    InductionAssignment,
    InductionItem,
    InductionPack,
    Session,
)
from training.selectors import item_done_q, with_progress


def cohorts():
    """The induction cohorts offered as a filter."""
    return InductionPack.objects.order_by("-opens_on", "name")


def courses(scope):
    """Courses with activity in the period (or a requirement), each with sessions held, places
    booked, attendance marks, people still waiting and completions by the scope's members."""
    members = Member.objects.filter(scope.member_filter())
    in_period = Q(session__starts_at__date__gte=scope.start, session__starts_at__date__lte=scope.end)
    bookings = Booking.objects.filter(
        in_period, session__course=OuterRef("pk"), member__in=members.values("pk")
    )
    taken_up = bookings.filter(status=Booking.Status.BOOKED)
    return (
        Course.objects.annotate(
            sessions_held=count_subquery(
                Session.objects.filter(
                    course=OuterRef("pk"),
                    status=Session.Status.SCHEDULED,
                    starts_at__date__gte=scope.start,
                    starts_at__date__lte=scope.end,
                )
            ),
            booked=count_subquery(taken_up),
            attended=count_subquery(taken_up.filter(attendance=Booking.Attendance.ATTENDED)),
            absent=count_subquery(taken_up.filter(attendance=Booking.Attendance.ABSENT)),
            no_shows=count_subquery(taken_up.filter(attendance=Booking.Attendance.NO_SHOW)),
            waiting=count_subquery(bookings.filter(status=Booking.Status.WAITING)),
            completed_in_period=count_subquery(
                Completion.objects.verified().filter(
                    course=OuterRef("pk"),
                    completed_on__gte=scope.start,
                    completed_on__lte=scope.end,
                    member__in=members.values("pk"),
                )
            ),
        )
        .filter(
            Q(sessions_held__gt=0)
            | Q(booked__gt=0)
            | Q(completed_in_period__gt=0)
            | ~Q(requirement="optional")
        )
        .order_by("title")
    )


def mandatory_by_group(scope):
    """Per political group: serving members, and those with every all-members course in date."""
    on = scope.as_of
    missing = Course.objects.filter(requirement=Course.Requirement.ALL_MEMBERS).exclude(
        Exists(Completion.objects.current(on).filter(member=OuterRef(OuterRef("pk")), course=OuterRef("pk")))
    )
    return (
        Member.objects.filter(scope.serving_q())
        .annotate(up_to_date=~Exists(missing))
        .values("political_group")
        .annotate(members=Count("pk"), compliant=Count("pk", filter=Q(up_to_date=True)))
        .order_by("political_group")
    )


def completions_by_month(scope):
    """Per month of the period: verified completions and members completing (month as a date)."""
    return (
        Completion.objects.verified()
        .filter(completed_on__gte=scope.start, completed_on__lte=scope.end)
        .filter(scope.member_filter("member__"))
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(completions=Count("pk"), members=Count("member", distinct=True))
        .order_by("month")
    )


# --- Committee eligibility ----------------------------------------------------------


def committee_places(scope):
    """Current places of the scope's serving members on committees that require training,
    each marked ``eligible`` (now) and ``eligible_later`` (on the warning horizon)."""
    return eligibility.places_with_requirements(scope.as_of).filter(scope.serving_q("member__"))


def eligibility_by_committee(scope):
    """Per committee: ``n_members``, ``n_eligible`` (now), ``n_expiring`` (of those, training expires
    soon) and ``n_not_eligible``."""
    return (
        committee_places(scope)
        .values("committee__name")
        .annotate(
            n_members=Count("member", distinct=True),
            n_eligible=Count("member", distinct=True, filter=Q(eligible=True)),
            n_expiring=Count("member", distinct=True, filter=Q(eligible=True, eligible_later=False)),
            n_not_eligible=Count("member", distinct=True, filter=Q(eligible=False)),
        )
        .order_by("committee__name")
    )


def places_to_chase(scope):
    """Committee places not eligible now or expiring soon, with the member and committee loaded."""
    return (
        committee_places(scope)
        .filter(Q(eligible=False) | Q(eligible_later=False))
        .select_related("member__authority", "committee")
        .order_by("committee__name", "member__last_name", "member__first_name")
    )


# --- Induction ----------------------------------------------------------------------


def assignments(scope):
    """Induction assignments of the scope's members with items done, in all and overdue."""
    return with_progress(InductionAssignment.objects.filter(scope.member_filter("member__")), scope.as_of)


def progress_by_pack(scope):
    """Per pack: members, finished, behind, and average share of steps done."""
    return (
        assignments(scope)
        .values("pack__name")
        .annotate(
            members=Count("pk"),
            complete=Count("pk", filter=Q(items_done__gte=F("items_total"))),
            behind=Count("pk", filter=Q(items_overdue__gt=0)),
            average=Avg(
                Case(When(items_total=0, then=None), default=F("items_done") * 100.0 / F("items_total"))
            ),
        )
        .order_by("pack__name")
    )


def cohort_steps(scope):
    """The cohort's steps, each with ``members`` (of the cohort in scope) and ``done``."""
    cohort = InductionAssignment.objects.filter(pack=scope.cohort).filter(scope.member_filter("member__"))
    # For each step: the cohort's members, and those for whom that same step
    # (looked up again one level down, correlated to the assignment's member) is done.
    step_done = Exists(
        InductionItem.objects.filter(pk=OuterRef(OuterRef("pk"))).filter(
            item_done_q(OuterRef(OuterRef("member")), scope.as_of)
        )
    )
    return (
        InductionItem.objects.filter(pack=scope.cohort)
        .select_related("document", "course")
        .annotate(members=count_subquery(cohort), done=count_subquery(cohort.filter(step_done)))
    )


def members_behind(scope):
    return (
        assignments(scope)
        .filter(items_overdue__gt=0)
        .select_related("member", "pack")
        .order_by("-items_overdue", "member__last_name", "member__first_name")
    )
