"""Training and induction: courses, their sessions, bookings, completion records and induction packs.

Writes go through training.services; reads through training.selectors. Status
fields are never edited by hand: each change is a service call that also writes
an Event row (who, when, from, to, why).
"""

# Split by concern; callers keep importing from here.
from training.models.completions import (
    COMPLETION_WORKFLOW,
    Completion,
    CompletionQuerySet,
    CourseAssignment,
)
from training.models.courses import (
    DEFAULT_CANCELLATION_HOURS,
    CommitteeRequirement,
    Course,
    CourseQuerySet,
    feed_token_hash,
    new_feed_token,
)
from training.models.induction import (
    InductionAssignment,
    InductionItem,
    InductionPack,
)
from training.models.sessions import (
    BOOKING_WORKFLOW,
    Booking,
    Session,
    SessionQuerySet,
)
from training.models.trail import (
    CalendarFeed,
    Event,
)

__all__ = [
    "COMPLETION_WORKFLOW",
    "Completion",
    "CompletionQuerySet",
    "CourseAssignment",
    "CommitteeRequirement",
    "Course",
    "CourseQuerySet",
    "DEFAULT_CANCELLATION_HOURS",
    "feed_token_hash",
    "new_feed_token",
    "InductionAssignment",
    "InductionItem",
    "InductionPack",
    "BOOKING_WORKFLOW",
    "Booking",
    "Session",
    "SessionQuerySet",
    "CalendarFeed",
    "Event",
]
