"""Registers of interests: who keeps their own, who reviews and publishes, who types in paper returns.

Members keep their own register. The Monitoring Officer and the Deputy see
every register, sensitive details included, and publish. Member Support types
in returns that parish and town members send on paper, for members without a
login only. Nobody else sees anything that is not on the public register.
"""

from portal import roles

_MEMBER = ["interests.declare_interests"]
_OFFICER = [
    "interests.keep_registers",
    "interests.view_category",
    "interests.add_category",
    "interests.change_category",
    "interests.view_register",
]

# Sensitive interests' details and unpublished returns (see portal.roles.casework_permissions).
CASEWORK_PERMISSIONS = ["interests.keep_registers"]

ROLE_PERMISSIONS = {
    roles.COUNCILLOR: _MEMBER,
    roles.CO_OPTED_MEMBER: _MEMBER,
    roles.MONITORING_OFFICER: _OFFICER,
    roles.DEPUTY_MONITORING_OFFICER: _OFFICER,
    roles.MEMBER_SUPPORT_OFFICER: ["interests.enter_paper_returns"],
}

CUSTOM_PERMISSIONS = {
    "interests.declare_interests": ("register", "Can keep their own register of interests"),
    "interests.keep_registers": ("register", "Can review and publish every member's register of interests"),
    "interests.enter_paper_returns": (
        "register",
        "Can enter registers received on paper for members without a login",
    ),
}
