"""The foundation's own dashboard card: Member Support's overview of the members."""

from django.db.models import Count, Q, Sum

from portal import selectors
from portal.dashboard import Panel, panel_provider
from portal.models import Authority, User


def _sign_ins():
    """Who has never signed in: the trigger on the user table leaves sign-ins out (see reports)."""
    return User.objects.aggregate(
        never=Count("pk", filter=Q(last_login__isnull=True)),
        ids=Sum("pk", filter=Q(last_login__isnull=True)),
    )


def _invites_members(user) -> bool:
    return user.has_perm("portal.invite_member")


@panel_provider(
    reads=["portal.Member", "portal.Authority", "portal.User"],
    version=_sign_ins,
    applies=_invites_members,
)
def membership_panels(user, member) -> list[Panel]:
    if not _invites_members(user):
        return []
    authorities = list(selectors.membership_summary())
    return [
        Panel(
            template="portal/panels/membership.html",
            context={
                "authorities": authorities,
                "district_totals": next(
                    (row for row in authorities if row["kind"] == Authority.Kind.DISTRICT), None
                ),
                "awaiting_first_sign_in": selectors.members_awaiting_first_sign_in(),
                "without_email": selectors.district_members_without_email(),
            },
            # After every feature app's card, as it has always been.
            order=90,
        )
    ]
