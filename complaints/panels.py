"""Dashboard panels: the Monitoring Officer's overdue work, the Independent Person's cases,
and a member's own notice of a complaint. Each is chosen by permission or ownership and
runs a fixed number of queries."""

from complaints import access, selectors
from portal.dashboard import Panel, panel_provider


@panel_provider(
    reads=[
        "complaints.Complaint",
        "complaints.SubjectNotice",
        "complaints.IndependentPersonAssignment",
        "complaints.IndependentPersonView",
        "portal.Member",
        "portal.Authority",
    ]
)
def complaint_panels(user, member) -> list:
    panels = []
    if access.is_case_officer(user):
        panels.append(
            Panel(
                template="complaints/panels/attention.html",
                context={"attention": selectors.attention()},
                order=55,
            )
        )
    if access.is_independent_person(user):
        cases = list(selectors.cases_for_independent_person(user)[: selectors.DASHBOARD_LIST_LIMIT])
        panels.append(Panel(template="complaints/panels/consulted.html", context={"cases": cases}, order=56))
    if member is not None:
        notices = list(selectors.notices_for_user(user)[:3])
        if notices:
            panels.append(
                Panel(template="complaints/panels/member_notice.html", context={"notices": notices}, order=15)
            )
    return panels
