"""Training's dashboard panels, chosen by permission, each a fixed number of queries."""

from django.db.models import Count, Q

from portal.dashboard import Panel, panel_provider
from training import selectors
from training.models import Completion, CourseAssignment

UPCOMING_ON_DASHBOARD = 3
OFFICER_SESSIONS = 5
OFFICER_GAPS = 5


@panel_provider(
    reads=[
        "training.Course",
        "training.Session",
        "training.Booking",
        "training.Completion",
        "training.CourseAssignment",
        "training.CommitteeRequirement",
        "training.InductionPack",
        "training.InductionItem",
        "training.InductionAssignment",
        "portal.Member",
        "portal.Authority",
        "portal.Committee",
        "portal.CommitteeMembership",
        # Induction steps: a guidance document read, and the register of interests step that
        # interests registers from above (training.extensions).
        "guidance.Document",
        "guidance.DocumentVersion",
        "guidance.Acknowledgement",
        "interests.Register",
        "interests.Return",
    ]
)
def training_panels(user, member) -> list[Panel]:
    if not user.has_perm("training.view_training"):
        return []
    panels = []
    if member is not None:
        panels.extend(_member_panels(member))
    if user.has_perm("training.manage_training"):
        panels.append(_officer_panel())
    return panels


def _member_panels(member) -> list[Panel]:
    panels = []
    memberships = getattr(member, "current_committee_memberships", None)
    # The same record the member's training page shows, so the dashboard and the record agree
    # on what is overdue or expiring, with or without an induction pack.
    record = selectors.training_record(member, memberships=memberships)
    unfinished = [p for p in record.induction if not p.complete]
    if unfinished:
        panels.append(
            Panel(template="training/panels/induction.html", context={"packs": unfinished}, order=10)
        )
    if record.gaps:
        panels.append(
            Panel(template="training/panels/eligibility.html", context={"gaps": record.gaps}, order=12)
        )
    # Overdue or needed now, and anything set for the member (e.g. a complaint's training sanction).
    assigned = {a.course_id for a in record.assignments}
    overdue = [
        line for line in record.due if line.due_on is None or line.overdue or line.course.pk in assigned
    ]
    panels.append(
        Panel(
            template="training/panels/my_training.html",
            context={
                "upcoming": record.upcoming[:UPCOMING_ON_DASHBOARD],
                "overdue": overdue,
                "expiring": record.expiring,
            },
            order=20,
            # A booking leaves the list when its session ends.
            expires=min((booking.session.ends_at for booking in record.upcoming), default=None),
        )
    )
    return panels


def _officer_panel() -> Panel:
    counts = CourseAssignment.objects.aggregate(
        outstanding=Count("pk", filter=Q(status=CourseAssignment.Status.OUTSTANDING))
    )
    pending = Completion.objects.filter(status=Completion.Status.PENDING).count()
    gaps = selectors.eligibility_gaps()
    sessions = selectors.upcoming_sessions_for_officers(limit=OFFICER_SESSIONS)
    return Panel(
        template="training/panels/officer.html",
        context={
            "pending": pending,
            "outstanding": counts["outstanding"],
            "gaps": gaps[:OFFICER_GAPS],
            "gap_count": len(gaps),
            "sessions": sessions,
        },
        order=55,
        # The list moves on when its first session starts.
        expires=min((session.starts_at for session in sessions), default=None),
    )
