"""Judge each page against issue 15's targets and write ``bench/results.md``.

A run is a dict: ``meta`` (date, commit, cores, load, wrk settings, timings)
and ``scales``, an ordered dict from scale name to its ``alive`` result and its
``pages``; each page carries its label, kind, persona, status and query count
from the one-at-a-time check, and req/s, p50, p99 and non-2xx count from wrk.
"""

from dataclasses import dataclass

# Targets at the large scale, 2 workers, 16 connections (issue 15).
P99_MS = {"member": 150, "officer": 300, "report": 500}
REPORT_GROWTH = 1.5  # a report at the large scale within 1.5 times its small-scale time (p50)
PUBLIC_SHARE = 0.25  # public pages at least a quarter of /alive/'s throughput
KIND_TEXT = {
    "member": "member",
    "officer": "officer",
    "report": "report",
    "public": "public",
    "health": "health",
    "floor": "floor",
}


@dataclass
class Verdict:
    errors: list  # non-2xx responses or lost connections: the page is broken
    misses: list  # targets missed: reported, not fatal

    @property
    def text(self) -> str:
        if self.errors:
            return "ERROR: " + "; ".join(self.errors)
        if self.misses:
            return "missed: " + "; ".join(self.misses)
        return "met"


def target_text(kind) -> str:
    if isinstance(kind, int):
        return f"p99 ≤ {kind} ms"
    if kind in P99_MS:
        extra = f", ≤ {REPORT_GROWTH}× small" if kind == "report" else ""
        return f"p99 ≤ {P99_MS[kind]} ms{extra}"
    if kind == "public":
        return "≥ ¼ of /alive/ req/s"
    if kind == "floor":
        return "– (what every page pays)"
    return "–"


def judge(page: dict, *, alive_rps: float, small: dict | None = None) -> Verdict:
    """One page at one scale. ``small`` is the same page at the small scale (for reports)."""
    errors, misses = [], []
    if page["status"] < 200 or page["status"] > 299:
        location = page.get("location", "")
        where = f" {location}" if location.startswith("(") else (f" to {location}" if location else "")
        errors.append(f"status {page['status']}{where}")
    if page.get("non2xx"):
        statuses = ", ".join(
            f"{count}×{status}" for status, count in sorted(page.get("statuses", {}).items())
        )
        errors.append(f"{page['non2xx']} non-2xx under load ({statuses})")
    if page.get("socket_errors") or page.get("timeouts"):
        errors.append(f"{page.get('socket_errors', 0)} socket errors, {page.get('timeouts', 0)} timeouts")
    kind = page["kind"]
    p99 = page.get("p99_ms")
    if page.get("requests") == 0:
        misses.append("no request finished")
    limit = kind if isinstance(kind, int) else P99_MS.get(kind)
    if limit is not None and p99 is not None and p99 > limit:
        misses.append(f"p99 {p99:.0f} ms > {limit} ms")
    if kind == "report" and small is not None and small.get("p50_ms") and page.get("p50_ms"):
        growth = page["p50_ms"] / small["p50_ms"]
        if growth > REPORT_GROWTH:
            misses.append(f"p50 {growth:.1f}× the small scale's > {REPORT_GROWTH}×")
    if kind == "public" and alive_rps and page.get("rps") is not None:
        share = page["rps"] / alive_rps
        if share < PUBLIC_SHARE:
            misses.append(f"{share:.0%} of /alive/ < 25%")
    return Verdict(errors, misses)


def _ms(value) -> str:
    return "–" if value is None else (f"{value:.0f}" if value >= 10 else f"{value:.1f}")


def _rps(value) -> str:
    return "–" if value is None else (f"{value:,.0f}" if value >= 10 else f"{value:.1f}")


def evaluate(run: dict) -> list[dict]:
    """One row per page label with each scale's figures and verdicts."""
    scales = list(run["scales"])
    rows, by_label = [], {}
    for name in scales:
        for page in run["scales"][name]["pages"]:
            if page["label"] not in by_label:
                by_label[page["label"]] = {"label": page["label"], "kind": page["kind"], "at": {}}
                rows.append(by_label[page["label"]])
            by_label[page["label"]]["at"][name] = page
    for row in rows:
        row["verdicts"] = {}
        for name in scales:
            page = row["at"].get(name)
            if page is None:
                continue
            small = row["at"].get("small") if name != "small" else None
            alive_rps = run["scales"][name]["alive"]["rps"]
            row["verdicts"][name] = judge(page, alive_rps=alive_rps, small=small)
    return rows


def table(run: dict, rows: list[dict]) -> str:
    scales = list(run["scales"])
    head = ["page", "who", "target"]
    for name in scales:
        head += [f"{name}: queries", "req/s", "p50 ms", "p99 ms", "× /alive/"]
    head.append("verdict" + (f" ({scales[-1]})" if len(scales) > 1 else ""))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    alive_cells = ["`/alive/` (no database)", "anyone", "–"]
    for name in scales:
        alive = run["scales"][name]["alive"]
        alive_cells += ["0", _rps(alive["rps"]), _ms(alive["p50_ms"]), _ms(alive["p99_ms"]), "1"]
    lines.append("| " + " | ".join([*alive_cells, "–"]) + " |")
    for row in rows:
        first = next(iter(row["at"].values()))
        cells = [row["label"], first["persona"].split("@")[0], target_text(row["kind"])]
        for name in scales:
            page = row["at"].get(name)
            if page is None:
                cells += ["–"] * 5
                continue
            alive_rps = run["scales"][name]["alive"]["rps"]
            ratio = page["rps"] / alive_rps if alive_rps and page.get("rps") is not None else None
            cells += [
                str(page["queries"]),
                _rps(page.get("rps")),
                _ms(page.get("p50_ms")),
                _ms(page.get("p99_ms")),
                "–" if ratio is None else f"{ratio:.3f}",
            ]
        verdicts = [row["verdicts"][name] for name in scales if name in row["verdicts"]]
        errors = [f"{name}: {v.text}" for name, v in row["verdicts"].items() if v.errors]
        final = verdicts[-1]
        cells.append("; ".join(errors) if errors else ("**" + final.text + "**" if final.misses else "met"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses_section(run: dict, rows: list[dict]) -> str:
    scale = list(run["scales"])[-1]
    parts = [f"## Misses and why ({scale} scale)", ""]
    missed = [row for row in rows if scale in row["verdicts"] and row["verdicts"][scale].text != "met"]
    if not missed:
        parts.append("Every page met its target.")
        return "\n".join(parts)
    for row in missed:
        page = row["at"][scale]
        verdict = row["verdicts"][scale]
        single, sql = page.get("single_ms"), page.get("sql_ms")
        counted = page.get("counted_ms") or single
        parts.append(f"### {row['label']} (`{page['path']}`): {verdict.text}")
        parts.append("")
        text = f"One request at a time through Django: {_ms(single)} ms (median)."
        if counted and sql is not None:
            text += (
                f" The request whose queries were counted took {_ms(counted)} ms, {_ms(sql)} ms of it "
                f"({sql / counted:.0%}) in {page['queries']} SQL queries: most of the time is "
                + ("in the database." if sql >= counted / 2 else "outside the database (Python, templates).")
            )
        parts.append(text)
        prof = page.get("profile")
        if prof:
            parts += [
                "",
                f"Profile of five requests through Django (cProfile, {_ms(prof['total_ms'])} ms a request "
                "with the profiler's own cost), ms a request in:",
                "",
                *[f"- {label}: {_ms(ms)}" for label, ms in prof["parts"].items() if ms],
                "",
                "The portal's own functions that cost the most (cumulative ms a request):",
                "",
                *[f"- {ms:g} `{where}`" for ms, where in prof["ours"][:8]],
            ]
        if page.get("slowest_sql"):
            parts += [
                "",
                f"Slowest query ({_ms(page.get('slowest_ms'))} ms):",
                "",
                "```sql",
                page["slowest_sql"][:1500],
                "```",
                "",
                "Its plan (EXPLAIN (ANALYZE, BUFFERS), or plain EXPLAIN where the first line says so):",
                "",
                "```",
                *page.get("plan", [])[:40],
                "```",
            ]
        parts.append("")
    return "\n".join(parts)


def render(run: dict) -> str:
    meta = run["meta"]
    rows = evaluate(run)
    scales = list(run["scales"])
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/__main__.py); see the README's Performance section.",
        "",
        f"- Date: {meta['date']}",
        f"- Commit: {meta['commit']}",
        f"- Machine: {meta['cores']} CPU cores; load average {meta['load_before']} before the run, "
        f"{meta['load_after']} after" + (f". Note: {meta['note']}" if meta.get("note") else ""),
        f"- Server: gunicorn, {meta['workers']} sync workers, production settings "
        "(DEBUG off, secure cookies, HTTPS as told by a proxy header)",
        f"- Cache and sessions: {meta.get('cache', 'not recorded')}",
        f"- Load: wrk, {meta['connections']} connections, {meta['threads']} thread(s), "
        f"{meta['seconds']:g} s per page",
        f"- Whole run: {meta['total_seconds']:.0f} s",
    ]
    for name in scales:
        info = run["scales"][name]
        counts = ", ".join(f"{value:,} {label}" for label, value in info["counts"].items())
        seed = (
            f"seeded in {info['seed_seconds']:.0f} s this run"
            if info.get("seed_seconds")
            else f"seeded earlier (in {info['first_seed_seconds']:.0f} s), reused"
        )
        lines.append(f"- {name.capitalize()} scale ({seed}): {counts}")
    lines += [
        "",
        "Targets (issue 15, judged at the large scale): member pages p99 ≤ 150 ms; officer pages "
        "p99 ≤ 300 ms; reports p99 ≤ 500 ms and p50 within 1.5× the small scale's; public pages "
        "at least a quarter of `/alive/`'s requests per second. Queries are one request's, "
        "through Django's test client.",
        "",
        table(run, rows),
        "",
        misses_section(run, rows),
    ]
    return "\n".join(lines).rstrip() + "\n"


README_START = "<!-- bench-table: written by `make bench BENCH_ARGS=--readme` -->"
README_END = "<!-- /bench-table -->"


def readme_block(run: dict) -> str:
    meta = run["meta"]
    return "\n".join(
        [
            README_START,
            f"Measured {meta['date']} at commit {meta['commit']} on {meta['cores']} cores "
            f"(load average {meta['load_before']} before the run"
            + (f"; {meta['note']}" if meta.get("note") else "")
            + "). Full results, with the plans of the missed pages, in `bench/results.md`.",
            "",
            table(run, evaluate(run)),
            README_END,
        ]
    )


def update_readme(text: str, run: dict) -> str:
    """Put the table between the README's markers (which must be there)."""
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    return text[:start] + readme_block(run) + text[end:]


def failed(run: dict) -> list[str]:
    """Pages that errored at any scale (a non-2xx response): these fail the run."""
    return [
        f"{row['label']} ({name}): {verdict.text}"
        for row in evaluate(run)
        for name, verdict in row["verdicts"].items()
        if verdict.errors
    ]
