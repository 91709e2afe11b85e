"""Reading deadlines the guidance library shows: a document in the member's induction pack is due
``due_days`` after the pack's start date (registered with guidance from TrainingConfig.ready())."""

from django.db.models import F, OuterRef, Subquery

from training.models import InductionItem
from training.selectors.induction import DatePlusDays


def induction_reading_due(member):
    """For a Document query: the earliest day ``member``'s active induction packs say to read it by."""
    return Subquery(
        InductionItem.objects.filter(
            document=OuterRef("pk"), pack__is_active=True, pack__assignments__member=member
        )
        .annotate(due=DatePlusDays(F("pack__assignments__start_date"), F("due_days")))
        .order_by("due")
        .values("due")[:1]
    )
