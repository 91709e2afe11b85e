"""Reads for the guidance library. Each page's reads run a fixed number of queries.

Two helpers other features rely on:

* ``up_to_date_acknowledgements()``: acknowledgements that still count. A member
  is up to date on a document when they acknowledged a version numbered at
  least the document's ``acknowledge_from`` (its latest material version). Use
  it with ``Exists``::

      Member.objects.annotate(
          has_read=Exists(up_to_date_acknowledgements().filter(member=OuterRef("pk"), document=document))
      )
      Document.objects.annotate(
          has_read=Exists(up_to_date_acknowledgements().filter(document=OuterRef("pk"), member=member))
      )

* ``documents_visible_to(member)``: the published documents whose audience
  includes the member.
"""

# Split by concern; callers keep importing from here.
from guidance.selectors.audience import (
    MANAGE_PERMISSION,
    PAGE_SIZE,
    REPORT_PAGE_SIZE,
    REVIEW_HORIZON_DAYS,
    SEARCH_CONFIG,
    TO_READ_LIMIT,
    acknowledgement_in_audience_q,
    audience_includes,
    audience_members,
    audience_q,
    document_for_reader,
    documents_for_user,
    documents_visible_to,
    member_in_audience_q,
    members_needing_to_read,
    up_to_date_acknowledgements,
)
from guidance.selectors.document import (
    ChecklistView,
    Reading,
    SignOffRecord,
    attachment_for_reader,
    checklist,
    checklist_counts,
    document_page,
    reading_state,
    sign_off_record,
)
from guidance.selectors.library import (
    LIST_DEFERRED,
    Library,
    acknowledged_by,
    highlighted,
    library,
    to_read,
)
from guidance.selectors.officers import (
    AcknowledgementReport,
    _count,
    acknowledgement_report,
    officer_documents,
    review_history,
    reviews_due,
    reviews_due_summary,
    versions_for_diff,
    with_acknowledgement_counts,
)

__all__ = [
    "MANAGE_PERMISSION",
    "PAGE_SIZE",
    "REPORT_PAGE_SIZE",
    "REVIEW_HORIZON_DAYS",
    "SEARCH_CONFIG",
    "TO_READ_LIMIT",
    "acknowledgement_in_audience_q",
    "audience_includes",
    "audience_members",
    "audience_q",
    "document_for_reader",
    "documents_for_user",
    "documents_visible_to",
    "member_in_audience_q",
    "members_needing_to_read",
    "up_to_date_acknowledgements",
    "ChecklistView",
    "Reading",
    "SignOffRecord",
    "attachment_for_reader",
    "checklist",
    "checklist_counts",
    "document_page",
    "reading_state",
    "sign_off_record",
    "LIST_DEFERRED",
    "Library",
    "acknowledged_by",
    "highlighted",
    "library",
    "to_read",
    "AcknowledgementReport",
    "_count",
    "acknowledgement_report",
    "officer_documents",
    "review_history",
    "reviews_due",
    "reviews_due_summary",
    "versions_for_diff",
    "with_acknowledgement_counts",
]
