"""Standards complaints: who may see case files.

Only the Monitoring Officer and the Deputy run case files. The Independent
Person's role carries a permission that shows nothing by itself: they see a
case only when an assignment row asks them for their view on it. Subject
members need no permission: they see their own notice, found by their login.
"""

from portal import roles

_CASEWORK = [
    "complaints.manage_cases",
    "complaints.view_complaint",
    "complaints.view_caseevent",
    "complaints.view_casedocument",
    "complaints.view_decisionnotice",
    "complaints.view_sanction",
    "complaints.view_caseaccess",
]

# Either one reads case files (see portal.roles.casework_permissions).
CASEWORK_PERMISSIONS = ["complaints.manage_cases", "complaints.consult_on_cases"]

ROLE_PERMISSIONS = {
    roles.MONITORING_OFFICER: _CASEWORK,
    roles.DEPUTY_MONITORING_OFFICER: _CASEWORK,
    roles.INDEPENDENT_PERSON: ["complaints.consult_on_cases"],
}

CUSTOM_PERMISSIONS = {
    "complaints.manage_cases": ("complaint", "Can see and run standards complaint case files"),
    "complaints.consult_on_cases": (
        "complaint",
        "Can give an Independent Person's view on cases assigned to them",
    ),
}
