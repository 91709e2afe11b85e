"""Writes for training and induction. Views, admin actions, commands and other apps call these.

Every function is keyword-only, runs in one transaction, locks what two people
could change at once, writes an Event row, and sends email only once the
transaction commits (portal.emails queues it then). A refused request raises
DomainError with a message for the person.

Locking order, always: the session row, then booking rows, then anything else.
"""

# Split by concern; callers keep importing from here.
from training.services.assignments import (
    assignment_withdraw,
    course_assign,
)
from training.services.base import (
    INDUCTION_REMINDER_INTERVAL,
    REMINDER_LEAD,
    _link,
    _move,
    member_address,
)
from training.services.booking import (
    booking_book,
    booking_cancel,
    session_cancel,
    session_fill_from_waiting_list,
    waiting_position,
)
from training.services.calendar_feed import (
    feed_for,
    feed_reset,
)
from training.services.completions import (
    attendance_record,
    completion_declare,
    completion_record,
    completion_reject,
    completion_verify,
)
from training.services.induction import (
    induction_assign,
    induction_assign_cohort,
    induction_assign_new_member,
    induction_pack_add_every_pack_steps,
    induction_remind,
)
from training.services.reminders import (
    reminders_send,
)

__all__ = [
    "assignment_withdraw",
    "course_assign",
    "INDUCTION_REMINDER_INTERVAL",
    "REMINDER_LEAD",
    "_link",
    "_move",
    "member_address",
    "booking_book",
    "booking_cancel",
    "session_cancel",
    "session_fill_from_waiting_list",
    "waiting_position",
    "feed_for",
    "feed_reset",
    "attendance_record",
    "completion_declare",
    "completion_record",
    "completion_reject",
    "completion_verify",
    "induction_assign",
    "induction_assign_cohort",
    "induction_assign_new_member",
    "induction_pack_add_every_pack_steps",
    "induction_remind",
    "reminders_send",
]
