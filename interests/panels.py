"""Dashboard panels: a member's register with a quick gift form, and the officers' waiting work.

A fixed number of queries each, however many registers there are.
"""

from portal.dashboard import ONE_TIME_TOKEN, Panel, panel_provider

from . import access, selectors
from .forms import GiftForm


@panel_provider(
    reads=[
        "interests.Register",
        "interests.Return",
        "interests.Gift",
        "interests.Dispensation",
        "portal.Member",
        "portal.Authority",
    ]
)
def interests_panels(user, member) -> list[Panel]:
    if access.is_registers_officer(user):
        return [
            Panel(
                template="interests/panels/officer.html",
                context={"counts": selectors.officer_panel()},
                order=57,
            )
        ]
    if member is not None and access.is_own(user, member):
        return [
            Panel(
                template="interests/panels/member.html",
                context={
                    "member": member,
                    "summary": selectors.member_panel(member),
                    # The card is kept: the page puts a new token in each time it is served.
                    "gift_form": GiftForm(auto_id="quick-gift-%s", initial={"token": ONE_TIME_TOKEN}),
                },
                order=32,
            )
        ]
    return []
