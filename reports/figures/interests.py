"""Registers of interests: how many members have registered, how many are overdue, and gifts per quarter.

The figures come from ``interests.figures``; here they are laid out and small numbers suppressed,
as for every other steering-group table.
"""

from interests.figures import gifts_by_quarter, returns_on
from reports.figures.common import finish
from reports.tables import Column, Table


def interests(scope, *, names):
    registers = returns_on(scope.as_of)
    gifts = gifts_by_quarter(scope.start, scope.end)
    return [
        finish(
            Table(
                key="interests-returns",
                caption=f"Registers of interests on {scope.as_of:%d %B %Y}",
                columns=[
                    Column("label", "Council", kind="label"),
                    Column("serving", "Serving members"),
                    Column("complete", "Register submitted"),
                    Column("not_due", "Not yet due"),
                    Column("overdue", "Overdue"),
                ],
                rows=registers,
                group_size="serving",
                sums=[("serving", ["complete", "not_due", "overdue"])],
                totals=["serving", "complete", "not_due", "overdue"],
                note="A member's first register is due within 28 days of their term starting. "
                "The member filters do not apply to these figures.",
            ),
            names=names,
        ),
        finish(
            Table(
                key="interests-gifts",
                caption="Gifts and hospitality registered, by quarter received",
                columns=[
                    Column("quarter", "Quarter", kind="label"),
                    Column("declared", "Registered"),
                    Column("accepted", "Accepted"),
                    Column("declined", "Declined"),
                    Column("late", "Registered late"),
                ],
                rows=gifts,
                sums=[("declared", ["accepted", "declined"])],
                totals=["declared", "accepted", "declined", "late"],
                empty="No gifts or hospitality registered in this period.",
            ),
            names=names,
        ),
    ]
