"""The guidance library's dashboard panels, chosen by permission, in a fixed number of queries."""

from django.utils import timezone

from guidance import selectors
from guidance.models import Document
from portal.dashboard import Panel, panel_provider

PANEL_LIST_LIMIT = 3
# The "to read" card lists every document its count mentions, up to this many.
TO_READ_ON_DASHBOARD = 10


@panel_provider(
    reads=[
        "guidance.Document",
        "guidance.DocumentVersion",
        "guidance.Acknowledgement",
        # Who is in a document's audience, and who the reader is.
        "portal.Member",
        "portal.Authority",
        "portal.Committee",
        "portal.CommitteeMembership",
        # Reading deadlines come from induction packs (training registers them, see extensions).
        "training.InductionPack",
        "training.InductionItem",
        "training.InductionAssignment",
    ]
)
def guidance_panels(user, member) -> list[Panel]:
    panels = []
    if member is not None and user.has_perm("guidance.view_library"):
        documents, count = selectors.to_read(user, member, limit=TO_READ_ON_DASHBOARD)
        panels.append(
            Panel(
                template="guidance/panels/to_read.html",
                context={
                    "documents": documents,
                    "count": count,
                    "more": count - len(documents),
                    "today": timezone.localdate(),
                },
                order=20,
            )
        )
    if user.has_perm("guidance.review_document"):
        documents, overdue, soon = selectors.reviews_due_summary(PANEL_LIST_LIMIT)
        panels.append(
            Panel(
                template="guidance/panels/reviews_due.html",
                context={
                    "documents": documents,
                    "overdue": overdue,
                    "soon": soon,
                    "today": timezone.localdate(),
                    "horizon": selectors.REVIEW_HORIZON_DAYS,
                },
                order=60,
            )
        )
    if user.has_perm("guidance.view_acknowledgement_report"):
        latest = selectors.with_acknowledgement_counts(
            # The newest current versions have the highest ids: an index walk, not a sort.
            Document.objects.published()
            .select_related("current_version")
            .defer(*selectors.LIST_DEFERRED)
            .order_by("-current_version_id")
        )[:PANEL_LIST_LIMIT]
        panels.append(
            Panel(
                template="guidance/panels/acknowledgements.html",
                context={"documents": list(latest)},
                order=61,
            )
        )
    return panels
