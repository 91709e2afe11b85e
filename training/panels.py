"""Training's dashboard panels, chosen by permission, each a fixed number of queries."""

from django.db.models import Count, Q

from portal.dashboard import Panel, panel_provider
from training import selectors
from training.models import Completion, CourseAssignment

UPCOMING_ON_DASHBOARD = 3
OFFICER_SESSIONS = 5
OFFICER_GAPS = 5


@panel_provider
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
    unfinished = [p for p in selectors.member_induction(member) if not p.complete]
    if unfinished:
        panels.append(
            Panel(template="training/panels/induction.html", context={"packs": unfinished}, order=10)
        )
    memberships = getattr(member, "current_committee_memberships", None)
    gaps = selectors.eligibility_gaps(member, memberships=memberships)
    if gaps:
        panels.append(Panel(template="training/panels/eligibility.html", context={"gaps": gaps}, order=12))
    upcoming = selectors.upcoming_bookings(member, limit=UPCOMING_ON_DASHBOARD)
    panels.append(
        Panel(template="training/panels/my_training.html", context={"upcoming": upcoming}, order=20)
    )
    return panels


def _officer_panel() -> Panel:
    counts = CourseAssignment.objects.aggregate(
        outstanding=Count("pk", filter=Q(status=CourseAssignment.Status.OUTSTANDING))
    )
    pending = Completion.objects.filter(status=Completion.Status.PENDING).count()
    gaps = selectors.eligibility_gaps()
    return Panel(
        template="training/panels/officer.html",
        context={
            "pending": pending,
            "outstanding": counts["outstanding"],
            "gaps": gaps[:OFFICER_GAPS],
            "gap_count": len(gaps),
            "sessions": selectors.upcoming_sessions_for_officers(limit=OFFICER_SESSIONS),
        },
        order=55,
    )
