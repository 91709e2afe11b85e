"""The induction section: progress per cohort, each step of one cohort, and who is behind."""

from portal.aggregates import rate
from reports.figures.common import NAMED_LIST_LIMIT, finish, shared
from reports.tables import ChartSpec, Column, Table
from training import figures as training_figures


@shared
def cohorts_table(scope, *, names):
    rows = [
        {
            "pack": row["pack__name"],
            "members": row["members"],
            "complete": row["complete"],
            "behind": row["behind"],
            "average": row["average"],
            "rate": rate(row["complete"], row["members"]),
        }
        for row in training_figures.progress_by_pack(scope)
    ]
    table = Table(
        key="cohorts",
        caption="Induction progress per cohort",
        columns=[
            Column("pack", "Induction pack", kind="label"),
            Column("members", "Members"),
            Column("complete", "Finished"),
            Column("behind", "Behind (an item overdue)"),
            Column("average", "Average progress", kind="rate", base="members"),
            Column("rate", "Share finished", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        totals=["members", "complete"],
        own_totals=["members", "complete"],
        chart=ChartSpec("bar", "Average induction progress per cohort", value="average"),
        empty="No induction packs have been assigned to these members.",
    )
    return finish(table, names=names)


def induction(scope, *, names):
    tables = [cohorts_table(scope, names=names)]
    if scope.cohort is not None:
        rows = [
            {
                "item": str(item),
                "members": item.members,
                "done": item.done,
                "rate": rate(item.done, item.members),
            }
            for item in training_figures.cohort_steps(scope)
        ]
        table = Table(
            key="cohort-items",
            caption=f"{scope.cohort.name}: progress on each step",
            columns=[
                Column("item", "Step", kind="label"),
                Column("members", "Members"),
                Column("done", "Done"),
                Column("rate", "Share done", kind="rate", base="members"),
            ],
            rows=rows,
            group_size="members",
            chart=ChartSpec(
                "bar", f"Share of the {scope.cohort.name} cohort who have done each step", value="rate"
            ),
        )
        tables.append(finish(table, names=names))
    if names:
        tables.append(behind_list(scope))
    return tables


def behind_list(scope):
    assignments = training_figures.members_behind(scope)

    def rows(queryset):
        for assignment in queryset:
            yield {
                "name": assignment.member.display_name,
                "pack": assignment.pack.name,
                "done": f"{assignment.items_done} of {assignment.items_total}",
                "overdue": assignment.items_overdue,
                "email": assignment.member.email,
            }

    return Table(
        key="induction-behind",
        caption="New members behind with induction",
        columns=[
            Column("name", "Member", kind="label"),
            Column("pack", "Pack", kind="label"),
            Column("done", "Steps done", kind="label"),
            Column("overdue", "Steps overdue", kind="number", suppress=False),
            Column("email", "Email", kind="label"),
        ],
        rows=list(rows(assignments[:NAMED_LIST_LIMIT])),
        csv_rows=lambda: rows(assignments.iterator(chunk_size=500)),
        names=True,
        empty="No one is behind.",
    )
