"""Small aggregate helpers every feature's figures use."""

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


def count_subquery(queryset, field="pk"):
    """A correlated COUNT(DISTINCT field) over ``queryset`` as an integer expression (0 when empty)."""
    counted = (
        queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count(field, distinct=True))
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def rate(part, whole):
    """A percentage, or None over nobody."""
    return None if not whole else 100.0 * part / whole
