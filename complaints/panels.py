"""Dashboard panels: the Monitoring Officer's overdue work, the Independent Person's cases,
and a member's own notice of a complaint. Each is chosen by permission or ownership and
runs a fixed number of queries."""

from complaints import selectors
from portal.dashboard import Panel, panel_provider


@panel_provider
def complaint_panels(user, member) -> list:
    panels = []
    if user.has_perm("complaints.manage_cases"):
        panels.append(
            Panel(
                template="complaints/panels/attention.html",
                context={"attention": selectors.attention()},
                order=55,
            )
        )
    if user.has_perm("complaints.consult_on_cases"):
        cases = list(selectors.cases_for_independent_person(user)[: selectors.DASHBOARD_LIST_LIMIT])
        panels.append(Panel(template="complaints/panels/consulted.html", context={"cases": cases}, order=56))
    if member is not None:
        notices = list(selectors.notices_for_user(user)[:3])
        if notices:
            panels.append(
                Panel(template="complaints/panels/member_notice.html", context={"notices": notices}, order=15)
            )
    return panels
