"""Reads for training pages. Each returns what a template needs in a fixed number of queries."""

# Split by concern; callers keep importing from here.
from training.selectors.courses import (
    MANAGE,
    NEW_MEMBER_DAYS,
    NEXT_STEPS,
    PAGE_SIZE,
    CoursePage,
    _count,
    can_manage,
    course_list,
    course_page,
    document_link,
    with_place_counts,
)
from training.selectors.eligibility import (
    EligibilityGap,
    eligibility_gaps,
)
from training.selectors.induction import (
    CohortPage,
    DatePlusDays,
    InductionProgress,
    ItemProgress,
    cohort_page,
    induction_progress_for_assignments,
    item_done_q,
    member_induction,
    packs_overview,
    with_progress,
)
from training.selectors.member_support import (
    booking_for,
    completion_for,
    documents_for_choice,
    feed_bookings,
    outstanding_assignments,
    upcoming_sessions_for_officers,
    verification_queue,
)
from training.selectors.record import (
    RecordLine,
    TrainingRecord,
    training_record,
    upcoming_bookings,
)
from training.selectors.register import (
    register,
    register_rows,
)
from training.selectors.sessions import (
    SessionPage,
    bookable_members,
    clashes_for,
    session_page,
    session_queryset,
)

__all__ = [
    "CoursePage",
    "MANAGE",
    "NEW_MEMBER_DAYS",
    "NEXT_STEPS",
    "PAGE_SIZE",
    "_count",
    "can_manage",
    "course_list",
    "course_page",
    "document_link",
    "with_place_counts",
    "EligibilityGap",
    "eligibility_gaps",
    "CohortPage",
    "DatePlusDays",
    "InductionProgress",
    "ItemProgress",
    "cohort_page",
    "induction_progress_for_assignments",
    "item_done_q",
    "member_induction",
    "packs_overview",
    "with_progress",
    "booking_for",
    "completion_for",
    "documents_for_choice",
    "feed_bookings",
    "outstanding_assignments",
    "upcoming_sessions_for_officers",
    "verification_queue",
    "RecordLine",
    "TrainingRecord",
    "training_record",
    "upcoming_bookings",
    "register",
    "register_rows",
    "SessionPage",
    "bookable_members",
    "clashes_for",
    "session_page",
    "session_queryset",
]
