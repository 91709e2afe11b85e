"""Standards complaints: case files, their history, and who has looked at them.

A complaint is a case file held by the Monitoring Officer. Its stage moves
only through complaints.services, which writes a CaseEvent row for each move.
Case files hold special-category data, so every view and download is written
to CaseAccess, and closed files are anonymised after the retention period.
"""

# Split by concern; callers keep importing from here.
from complaints.models.access_log import (
    CaseAccess,
)
from complaints.models.cases import (
    CaseEvent,
    Complaint,
    ComplaintQuerySet,
    ReferenceSequence,
    new_token,
    token_digest,
)
from complaints.models.notices import (
    DecisionNotice,
    Sanction,
    SubjectNotice,
    SubjectNoticeQuerySet,
)
from complaints.models.review import (
    RESPONSE_CLOCK_STAGES,
    AllDocuments,
    Assessment,
    CaseDocument,
    IndependentPersonAssignment,
    IndependentPersonView,
    ReleasedDocuments,
)

__all__ = [
    "CaseAccess",
    "CaseEvent",
    "Complaint",
    "ComplaintQuerySet",
    "ReferenceSequence",
    "new_token",
    "token_digest",
    "DecisionNotice",
    "Sanction",
    "SubjectNotice",
    "SubjectNoticeQuerySet",
    "AllDocuments",
    "Assessment",
    "CaseDocument",
    "IndependentPersonAssignment",
    "IndependentPersonView",
    "RESPONSE_CLOCK_STAGES",
    "ReleasedDocuments",
]
