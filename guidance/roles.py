"""The guidance library's part of the roles matrix (see portal/roles.py)."""

from portal import roles

_READ = ["guidance.view_library"]

_MANAGE = [
    *_READ,
    "guidance.view_acknowledgement_report",
    "guidance.publish_document",
    "guidance.review_document",
    "guidance.send_acknowledgement_reminders",
    "guidance.view_document",
    "guidance.add_document",
    "guidance.change_document",
    "guidance.view_documentversion",
    "guidance.view_acknowledgement",
    "guidance.view_review",
    "guidance.view_documentevent",
    "guidance.view_reminderbatch",
    *(
        f"guidance.{verb}_{model}"
        for model in (
            "attachment",
            "signoff",
            "committeenoting",
            "circulation",
            "consultation",
            "impactassessment",
            "checklistitem",
        )
        for verb in ("view", "add", "change", "delete")
    ),
]

ROLE_PERMISSIONS = {
    roles.COUNCILLOR: _READ,
    roles.CO_OPTED_MEMBER: _READ,
    roles.MONITORING_OFFICER: _MANAGE,
    roles.DEPUTY_MONITORING_OFFICER: _MANAGE,
    roles.MEMBER_SUPPORT_OFFICER: _MANAGE,
}

CUSTOM_PERMISSIONS = {
    "guidance.view_library": ("document", "Can read the guidance library"),
    "guidance.view_acknowledgement_report": ("document", "Can see who has acknowledged guidance"),
    "guidance.publish_document": ("document", "Can publish and archive guidance"),
    "guidance.review_document": ("document", "Can record guidance reviews"),
    "guidance.send_acknowledgement_reminders": ("document", "Can remind members to read guidance"),
}
