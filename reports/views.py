"""Report pages. Every section is a list of tables (each with an optional chart)
worked out by ``figures``; the same tables give the CSV downloads."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from portal import access
from reports import cache, figures
from reports.figures.common import one_scope
from reports.filters import scope_from_request
from reports.tables import export_csv, rendered_rows


def _items(tables, *, suppress):
    return [{"table": t, "rows": rendered_rows(t, suppress=suppress), "chart": t.chart} for t in tables]


SECTIONS = {
    "summary": ("Summary", figures.summary),
    "guidance": ("Guidance", figures.guidance),
    "training": ("Training", figures.training),
    "committees": ("Committee training", figures.committees),
    "induction": ("Induction", figures.induction),
    "casework": ("Monitoring Officer casework", figures.casework),
    "interests": ("Registers of interests", figures.interests),
}


# Outsiders learn nothing, not even that the reports exist.
reports_only = access.section("portal.view_uptake_reports", cache=False)


@reports_only
def report(request, section="summary"):
    if section not in SECTIONS:
        raise Http404
    title, build = SECTIONS[section]
    form, scope = scope_from_request(request, cohorts=figures.cohorts())
    names = request.user.has_perm("portal.view_uptake_names")
    query = scope.querystring()

    def tables():
        return [table for table in build(scope, names=names) if names or not table.names]

    export = request.GET.get("export")
    if export:
        # Downloads are worked out afresh: a named list's CSV streams every row.
        table = next((t for t in tables() if t.key == export), None)
        if table is None:
            raise Http404
        stamp = timezone.localdate().isoformat()
        return export_csv(table, suppress=not names, filename=f"{section}-{table.key}-{stamp}.csv")

    def render_tables():
        shown = _items(tables(), suppress=not names)
        return render_to_string("reports/_tables.html", {"tables": shown, "query": query, "download": True})

    html = cache.fragment(section, scope, names=names, query=query, render=render_tables)
    return render(
        request,
        "reports/section.html",
        {
            "form": form,
            "scope": scope,
            "section": section,
            "title": title,
            "sections": [(key, label) for key, (label, _) in SECTIONS.items()],
            "tables_html": html,  # a SafeString from render_to_string, kept as one by the cache
            "names": names,
            "query": query,
        },
    )


@reports_only
def printable(request):
    """Headline figures and charts from every section, laid out for paper."""
    form, scope = scope_from_request(request, cohorts=figures.cohorts())
    names = request.user.has_perm("portal.view_uptake_names")
    query = scope.querystring()

    def render_parts():
        parts, seen = [], set()
        with one_scope():
            for key, (label, build) in SECTIONS.items():
                # The summary repeats a table from some sections: work it out and print it once.
                tables = [t for t in build(scope, names=names) if not t.names and t.key not in seen]
                seen.update(t.key for t in tables)
                parts.append({"key": key, "title": label, "tables": _items(tables, suppress=not names)})
        return render_to_string("reports/_print_parts.html", {"parts": parts})

    html = cache.fragment("print", scope, names=names, query=query, render=render_parts)
    return render(
        request,
        "reports/print.html",
        {"scope": scope, "parts_html": html, "query": query},
    )
