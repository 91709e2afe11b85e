"""Working-day targets for a case, with clocks that stop while we wait on someone.

Both case targets (acknowledgement and initial assessment) run from the day
the complaint was received, so a pause at any point pushes the running
target back by the working days it lasted. The subject member's time to
respond runs from the day they were told. The number of working days for each
target is a setting (COMPLAINT_TARGET_WORKING_DAYS), never a constant here.
"""

import datetime

from django.conf import settings

from complaints.stages import Stage
from portal.workdays import add_working_days, as_local_date, working_days_between

ACKNOWLEDGEMENT = "acknowledgement"
SUBJECT_RESPONSE = "subject_response"
INITIAL_ASSESSMENT = "initial_assessment"

# Which clock runs in each stage.
CLOCK_FOR_STAGE = {
    Stage.RECEIVED: ACKNOWLEDGEMENT,
    Stage.ACKNOWLEDGED: INITIAL_ASSESSMENT,
    Stage.INITIAL_ASSESSMENT: INITIAL_ASSESSMENT,
}


def target_days(name: str) -> int:
    return int(settings.COMPLAINT_TARGET_WORKING_DAYS[name])


def due_date(received: datetime.date | datetime.datetime, clock: str, paused_days: int = 0) -> datetime.date:
    """When a case target falls due: its working days from receipt plus the working days spent paused."""
    return add_working_days(received, target_days(clock) + paused_days)


def response_due(sent: datetime.date | datetime.datetime) -> datetime.date:
    """The last day for the subject member to respond to a notice sent on ``sent``."""
    return add_working_days(sent, target_days(SUBJECT_RESPONSE))


def paused_working_days(paused_since: datetime.date, resumed_on: datetime.date) -> int:
    """Working days lost to a pause: those after the day it began, up to and including the day it ended."""
    return working_days_between(paused_since, resumed_on)


def apply_clock(complaint) -> list[str]:
    """Set the case's running clock and due dates for its stage; return the fields changed.

    Call after the stage (or paused_working_days) changes. A clock that has
    stopped keeps the due date it had, so reports can tell whether the target
    was met.
    """
    received = as_local_date(complaint.received_at) if complaint.received_at else None
    clock = CLOCK_FOR_STAGE.get(complaint.stage, "")
    changed = ["clock", "due_on"]
    complaint.clock = clock
    if not clock or received is None:
        complaint.due_on = None
        return changed
    due = due_date(received, clock, complaint.paused_working_days)
    complaint.due_on = due
    if clock == ACKNOWLEDGEMENT:
        complaint.acknowledgement_due_on = due
        changed.append("acknowledgement_due_on")
    else:
        complaint.assessment_due_on = due
        changed.append("assessment_due_on")
    return changed
