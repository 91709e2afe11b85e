"""Reads for pages: each returns what a template needs in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from portal.models import Authority, CommitteeMembership, Member


def member_for_user(user) -> Member | None:
    try:
        return (
            Member.objects.select_related("authority")
            .prefetch_related(
                Prefetch(
                    "committee_memberships",
                    queryset=CommitteeMembership.objects.current().select_related("committee"),
                    to_attr="current_committee_memberships",
                )
            )
            .get(user=user)
        )
    except Member.DoesNotExist:
        return None


def membership_summary():
    """Counts of serving members per authority for the Member Support dashboard."""
    return (
        Authority.objects.annotate(
            current_members=Count("members", filter=Q(members__status=Member.Status.ACTIVE)),
            with_login=Count(
                "members", filter=Q(members__status=Member.Status.ACTIVE, members__user__isnull=False)
            ),
        )
        .order_by("kind", "name")
        .values("name", "kind", "current_members", "with_login")
    )


def dashboard_for(user) -> dict:
    context = {"member": member_for_user(user)}
    if user.has_perm("portal.view_member"):
        context["authorities"] = list(membership_summary())
        context["awaiting_first_sign_in"] = Member.objects.filter(
            status=Member.Status.ACTIVE, invited_at__isnull=False, user__last_login__isnull=True
        ).count()
    return context
