"""Reads for the complaint pages, each in a fixed number of queries however big the case."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Window
from django.utils import timezone

from complaints.models import (
    CaseAccess,
    Complaint,
    DecisionNotice,
    IndependentPersonAssignment,
    IndependentPersonView,
    Sanction,
    SubjectNotice,
    token_digest,
)
from complaints.stages import OPEN_STAGES
from portal.models import Authority

CASES_PER_PAGE = 25
REGISTER_PER_PAGE = 20
ACCESS_LOG_PER_PAGE = 50
# How many recent views of a case its page shows (the full log has its own page).
RECENT_ACCESS = 10
DASHBOARD_LIST_LIMIT = 8
# Figures below this are shown as "fewer than 5", so nobody can be picked out.


def _sanction_queryset():
    return Sanction.objects.select_related("course")


# --- The Monitoring Officer --------------------------------------------------------------


CASE_LIST_FIELDS = [
    "reference",
    "stage",
    "received_at",
    "due_on",
    "paused_since",
    "clock",
    "subject_member__first_name",
    "subject_member__last_name",
    "subject_member__member_type",
    "subject_authority__name",
]


def case_list(*, q="", stage="", council="", overdue=False, page=1):
    """A page of confirmed cases, newest first, filtered. Two queries (count and rows).

    Only the columns the list shows are read: a case's texts can run to pages.
    """
    cases = (
        Complaint.objects.confirmed()
        .select_related("subject_member", "subject_authority")
        .only(*CASE_LIST_FIELDS)
    )
    if q:
        term = q.strip()
        cases = cases.filter(
            Q(reference__icontains=term)
            | Q(subject_member__search_text__contains=term.lower())
            | Q(complainant_name__icontains=term)
        )
    if stage == "open":
        cases = cases.filter(stage__in=OPEN_STAGES)
    elif stage:
        cases = cases.filter(stage=stage)
    if council == "district":
        cases = cases.filter(subject_authority__kind=Authority.Kind.DISTRICT)
    elif council == "parish":
        cases = cases.filter(subject_authority__parent__isnull=False)
    if overdue:
        cases = cases.overdue()
    paginator = Paginator(cases.order_by("-received_at", "-pk"), CASES_PER_PAGE)
    return paginator.get_page(page)


def case_for_officer(pk) -> Complaint:
    """A confirmed case with everything its page shows, in a fixed number of queries.

    Its history and documents, which may run to hundreds, are read apart (``complaints.case_rows``).
    """
    return (
        Complaint.objects.confirmed()
        .select_related(
            "subject_member__authority", "subject_member__user", "subject_authority", "assessment"
        )
        .prefetch_related(
            Prefetch("ip_assignments", queryset=_assignments()),
            Prefetch("ip_views", queryset=IndependentPersonView.objects.select_related("independent_person")),
            "subject_notices",
            "decision_notices",
            Prefetch("sanctions", queryset=_sanction_queryset()),
            Prefetch(
                "access_log",
                queryset=CaseAccess.objects.select_related("user").order_by("-at", "-pk")[:RECENT_ACCESS],
                to_attr="recent_access",
            ),
        )
        .get(pk=pk)
    )


def _assignments():
    return IndependentPersonAssignment.objects.select_related("independent_person")


def access_log(complaint, *, page=1):
    entries = CaseAccess.objects.filter(complaint=complaint).select_related("user").order_by("-at", "-pk")
    return Paginator(entries, ACCESS_LOG_PER_PAGE).get_page(page)


@dataclass
class Attention:
    """What the Monitoring Officer's dashboard panel shows."""

    overdue: list
    overdue_total: int
    responses_overdue: list
    open_total: int

    @property
    def overdue_more(self):
        return self.overdue_total - len(self.overdue)


def attention(on=None) -> Attention:
    """Overdue cases and overdue responses, for the dashboard. Three queries."""
    on = on or timezone.localdate()
    overdue = list(
        Complaint.objects.for_case_list()
        .overdue(on)
        .annotate(total=Window(Count("pk")))
        .order_by("due_on", "pk")[:DASHBOARD_LIST_LIMIT]
    )
    responses = list(
        SubjectNotice.objects.overdue(on)
        .select_related("complaint", "member")
        .order_by("respond_by")[:DASHBOARD_LIST_LIMIT]
    )
    open_total = Complaint.objects.filter(stage__in=OPEN_STAGES).count()
    return Attention(
        overdue=overdue,
        overdue_total=overdue[0].total if overdue else 0,
        responses_overdue=responses,
        open_total=open_total,
    )


# --- The Independent Person, the subject member, the complainant ------------------------


def cases_for_independent_person(user):
    """Cases this Independent Person has been asked about, those still waiting for their view first.

    A case waits for their view while it is open and they have given none at its current stage.
    """
    own_views = IndependentPersonView.objects.filter(complaint=OuterRef("pk"), independent_person=user)
    return (
        Complaint.objects.confirmed()
        .filter(ip_assignments__independent_person=user)
        .select_related("subject_member__authority")
        .annotate(
            view_given_on=Subquery(own_views.order_by("-consulted_on").values("consulted_on")[:1]),
            waits_for_view=Q(stage__in=OPEN_STAGES) & ~Exists(own_views.filter(stage=OuterRef("stage"))),
        )
        .order_by("-waits_for_view", "-received_at")
    )


def case_for_independent_person(user, pk) -> Complaint:
    """One case the person is assigned to (or DoesNotExist), with what their read-only view shows."""
    return (
        Complaint.objects.confirmed()
        .filter(ip_assignments__independent_person=user)
        .select_related("subject_member__authority", "subject_authority", "assessment")
        .prefetch_related(
            "documents",
            Prefetch(
                "ip_views",
                queryset=IndependentPersonView.objects.filter(independent_person=user),
                to_attr="own_views",
            ),
            "subject_notices",
            "decision_notices",
        )
        .get(pk=pk)
    )


def notices_for_user(user):
    """Notices sent to the member this login belongs to, newest first."""
    return (
        SubjectNotice.objects.filter(member__user=user, member__isnull=False)
        .select_related("complaint")
        .order_by("-sent_at")
    )


def notice_for_user(user, pk) -> SubjectNotice:
    """The member's own notice with the decision notices on the case (or DoesNotExist)."""
    return (
        notices_for_user(user)
        .select_related("complaint__subject_authority", "member")
        .prefetch_related(
            Prefetch("complaint__decision_notices", queryset=DecisionNotice.objects.order_by("created_at"))
        )
        .get(pk=pk)
    )


def complaint_for_status_token(token: str) -> Complaint:
    return Complaint.objects.confirmed().get(status_digest=token_digest(token))


def register(*, page=1):
    notices = DecisionNotice.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")
    return Paginator(
        notices.only("pk", "title", "published_at", "member_name", "authority_name", "decision"),
        REGISTER_PER_PAGE,
    ).get_page(page)


def register_entry(pk) -> DecisionNotice:
    return DecisionNotice.objects.filter(published_at__isnull=False).select_related("complaint").get(pk=pk)
