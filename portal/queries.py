"""Several counts in one round trip to the database.

A dashboard panel often shows how many rows each of a few querysets holds. Counting
them one by one costs a query each; ``counts`` asks PostgreSQL for all of them in one
``SELECT`` of scalar subqueries, so a panel stays one query however many figures it shows.
"""

from django.db import connections
from django.db.models import QuerySet


def counts(**querysets: QuerySet) -> dict[str, int]:
    """``counts(pending=qs1, overdue=qs2)`` -> ``{"pending": n1, "overdue": n2}``, in one query.

    Each queryset is counted as ``.count()`` would count it (ordering dropped); all of them
    must use the same database.
    """
    if not querysets:
        return {}
    databases = {qs.db for qs in querysets.values()}
    if len(databases) != 1:
        raise ValueError("counts() needs querysets on one database")
    parts, params = [], []
    for index, queryset in enumerate(querysets.values()):
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        # The SQL is Django's own compiled query; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(query_params)
    with connections[databases.pop()].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
