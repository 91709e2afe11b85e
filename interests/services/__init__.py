"""Every write to a register, a gift or a dispensation; views, admin actions and the demo call these."""

from .base import register_for
from .dispensations import dispensation_decide, dispensation_request, latest_end
from .gifts import gift_declare
from .reminders import overdue_members, reminders_send
from .returns import (
    RETURN_WORKFLOW,
    draft_start,
    entry_add,
    entry_decide_sensitive,
    entry_remove,
    register_confirm_unchanged,
    return_publish,
    return_request_changes,
    return_submit,
)

__all__ = [
    "RETURN_WORKFLOW",
    "dispensation_decide",
    "dispensation_request",
    "draft_start",
    "entry_add",
    "entry_decide_sensitive",
    "entry_remove",
    "gift_declare",
    "latest_end",
    "overdue_members",
    "register_confirm_unchanged",
    "register_for",
    "reminders_send",
    "return_publish",
    "return_request_changes",
    "return_submit",
]
