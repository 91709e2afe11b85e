"""Dashboard panels: a member's register with a quick gift form, and the officers' waiting work.

A fixed number of queries each, however many registers there are.
"""

from portal.dashboard import Panel, panel_provider

from . import access, selectors
from .forms import GiftForm


@panel_provider
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
                    "gift_form": GiftForm(auto_id="quick-gift-%s"),
                },
                order=32,
            )
        ]
    return []
