"""Reads for pages: each returns what a template needs in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Window, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from portal.dashboard import cards_for
from portal.models import Authority, CommitteeMembership, Member

# How many names the Member Support dashboard lists before saying "and N more".
DASHBOARD_LIST_LIMIT = 8
# A member counts as newly elected for this many days after their term starts.
NEW_MEMBER_DAYS = 120


def member_for(user) -> Member | None:
    """The member record of the signed-in person, with their authority; None if they have none.

    The one lookup of "the member for this user": every app asks here.
    """
    if not (user and user.is_authenticated):
        return None
    try:
        return Member.objects.select_related("authority").get(user=user)
    except Member.DoesNotExist:
        return None


def _with_current_committees(member: Member | None) -> Member | None:
    if member is not None:
        prefetch_related_objects(
            [member],
            Prefetch(
                "committee_memberships",
                queryset=CommitteeMembership.objects.current().select_related("committee"),
                to_attr="current_committee_memberships",
            ),
        )
    return member


def membership_summary():
    """Serving members per authority, with how many can sign in and how many have no email.

    One query, however many members there are.
    """
    today = timezone.localdate()
    serving = Q(members__status=Member.Status.ACTIVE, members__term_start__lte=today) & (
        Q(members__term_end__isnull=True) | Q(members__term_end__gte=today)
    )
    return (
        Authority.objects.annotate(
            current_members=Count("members", filter=serving),
            co_opted=Count("members", filter=serving & Q(members__member_type=Member.MemberType.CO_OPTED)),
            with_login=Count("members", filter=serving & Q(members__user__isnull=False)),
            without_email=Count("members", filter=serving & Q(members__email="")),
        )
        .order_by("kind", "name")
        .values("name", "kind", "current_members", "co_opted", "with_login", "without_email")
    )


@dataclass
class NamedList:
    """The first few members of a longer list, and how many there are in all."""

    members: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.members)


def _limited(queryset) -> NamedList:
    # The window counts every matching row before LIMIT applies: one query for both.
    members = list(queryset.with_people().annotate(total=Window(Count("pk")))[:DASHBOARD_LIST_LIMIT])
    return NamedList(members=members, total=members[0].total if members else 0)


def members_awaiting_first_sign_in() -> NamedList:
    """Serving members who were invited but have never signed in, oldest invitation first."""
    return _limited(
        Member.objects.current()
        .filter(invited_at__isnull=False, user__isnull=False, user__last_login__isnull=True)
        .order_by("invited_at", "last_name")
    )


def district_members_without_email() -> NamedList:
    """Serving district members who cannot be invited because we hold no email for them.

    Parish councillors are left out: they do not normally sign in.
    """
    return _limited(
        Member.objects.current()
        .filter(email="", authority__kind=Authority.Kind.DISTRICT)
        .order_by("last_name", "first_name")
    )


# Links into the back office: (permission, URL name, label). A link shows only
# to people with the permission.
BACK_OFFICE_LINKS = [
    ("portal.view_member", "admin:portal_member_changelist", "Members"),
    ("portal.add_member", "admin:portal_member_add", "Add a member"),
    ("portal.view_committee", "admin:portal_committee_changelist", "Committees"),
    ("portal.view_authority", "admin:portal_authority_changelist", "Authorities"),
    ("portal.view_user", "admin:portal_user_changelist", "User accounts"),
    ("portal.view_auditevent", "admin:portal_auditevent_changelist", "Audit log"),
    ("portal.view_scheduledjob", "admin:portal_scheduledjob_changelist", "Scheduled jobs"),
]


def back_office_links(user) -> list[dict]:
    links = []
    for permission, url_name, label in BACK_OFFICE_LINKS:
        if not user.has_perm(permission):
            continue
        links.append({"url": reverse(url_name), "label": label})
    return links


def dashboard_for(user) -> dict:
    """What the home page shows this user. Panels are chosen by permission, never by role."""
    member = _with_current_committees(member_for(user)) if user.has_perm("portal.use_member_area") else None
    context = {"member": member, "panels": set()}
    panels = context["panels"]
    if member is not None:
        panels.add("member")
        days_serving = (timezone.localdate() - member.term_start).days
        context["newly_elected"] = 0 <= days_serving <= NEW_MEMBER_DAYS
    elif user.has_perm("portal.use_member_area") and not user.is_superuser:
        panels.add("member_record_missing")
    if user.has_perm("portal.invite_member"):
        # The card itself is portal.panels' (kept like the feature apps'); the layout needs to know.
        panels.add("membership")
    if user.has_perm("portal.access_back_office"):
        panels.add("back_office")
        context["back_office_links"] = back_office_links(user)
    if user.has_perm("portal.view_uptake_reports"):
        panels.add("uptake")
    if panels & {"member", "member_record_missing"}:
        panels.add("ask_monitoring_officer")
    # (order, HTML) of each feature app's card, kept per person (portal.dashboard); the view
    # puts the reader's CSRF token into any form among them.
    context["feature_panels"] = cards_for(user, member)
    if not panels and not context["feature_panels"]:
        # Someone whose role needs nothing from the portal yet, such as the Independent Person.
        panels.add("nothing_yet")
    return context
