"""Dashboard panels: a member's own questions, and the officers' waiting work. One query each."""

from portal.dashboard import Panel, panel_provider

from . import access, selectors


@panel_provider(reads=["advice.Question"])
def advice_panels(user, member) -> list[Panel]:
    panels = []
    if access.is_advice_officer(user):
        panels.append(
            Panel(
                template="advice/panels/officer.html",
                context={"counts": selectors.officer_panel(user)},
                order=55,
            )
        )
    elif access.can_ask(user):
        panels.append(
            Panel(
                template="advice/panels/member.html",
                context={"summary": selectors.member_panel(user)},
                order=30,
            )
        )
    return panels
