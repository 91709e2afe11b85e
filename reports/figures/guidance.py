"""The guidance section: acknowledgement of each document's current version, and who to chase."""

from guidance import figures as guidance_figures
from reports.figures.common import NAMED_LIST_LIMIT, finish, shared
from reports.tables import ChartSpec, Column, Table


def _document_rows(documents):
    for document in documents:
        yield {
            "title": document["title"],
            "version": document["version"],
            "audience": document["audience"],
            "members": document["audience_size"],
            "acknowledged": document["up_to_date"],
            "not_acknowledged": document["audience_size"] - document["up_to_date"],
            "rate": document["rate"],
        }


@shared
def documents_table(scope, *, names):
    """Every published document (the page shows the first NAMED_LIST_LIMIT), with an "All" row."""
    rows = list(_document_rows(guidance_figures.document_uptake(scope)))
    table = Table(
        key="documents",
        caption="Guidance acknowledged, per document",
        columns=[
            Column("title", "Document", kind="label"),
            Column("version", "Current version", kind="number", suppress=False),
            Column("audience", "Who must read it", kind="label"),
            Column("members", "Members"),
            Column("acknowledged", "Acknowledged current version"),
            Column("not_acknowledged", "Still to acknowledge"),
            Column("rate", "Rate", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        sums=[("members", ["acknowledged", "not_acknowledged"])],
        totals=["members", "acknowledged", "not_acknowledged"],
        own_totals=["members", "acknowledged", "not_acknowledged"],
        page_limit=NAMED_LIST_LIMIT,
        note="Counts members serving at the end of the period who are in each document's audience. "
        "After a material change, only an acknowledgement of the new version counts. Lowest rate first; "
        f"the page shows up to {NAMED_LIST_LIMIT} documents and the CSV has them all. "
        "The “All” row adds up every document's figures.",
        chart=ChartSpec(
            "bar", "Share of members who have acknowledged each document's current version", value="rate"
        ),
    )
    return finish(table, names=names)


def guidance(scope, *, names):
    tables = [documents_table(scope, names=names), acknowledgements_by_month(scope, names=names)]
    if names:
        tables.append(members_with_guidance_to_read(scope))
    return tables


def acknowledgements_by_month(scope, *, names):
    rows = [
        {
            "month": f"{row['month']:%B %Y}",
            "acknowledgements": row["acknowledgements"],
            "members": row["members"],
        }
        for row in guidance_figures.acknowledgements_by_month(scope)
    ]
    table = Table(
        key="acknowledgements-by-month",
        caption="Acknowledgements made each month",
        columns=[
            Column("month", "Month", kind="label"),
            Column("acknowledgements", "Acknowledgements"),
            Column("members", "Members acknowledging"),
        ],
        rows=rows,
        chart=ChartSpec("line", "Guidance acknowledgements per month", value="acknowledgements"),
        empty="No acknowledgements in this period.",
    )
    return finish(table, names=names)


def members_with_guidance_to_read(scope):
    """Named list for chasing: serving members with at least one document still to acknowledge."""
    members = guidance_figures.members_owing(scope)

    def rows(queryset):
        for member in queryset:
            yield {
                "name": member.display_name,
                "authority": member.authority.name,
                "group": member.political_group,
                "email": member.email,
                "outstanding": member.outstanding,
            }

    return Table(
        key="members-to-chase",
        caption="Members with guidance still to acknowledge",
        columns=[
            Column("name", "Member", kind="label"),
            Column("authority", "Council", kind="label"),
            Column("group", "Group", kind="label"),
            Column("email", "Email", kind="label"),
            Column("outstanding", "Documents to acknowledge", kind="number", suppress=False),
        ],
        rows=list(rows(members[:NAMED_LIST_LIMIT])),
        csv_rows=lambda: rows(members),
        names=True,
        note=f"The first {NAMED_LIST_LIMIT} are listed here; the CSV has everyone.",
        empty="Everyone is up to date.",
    )
