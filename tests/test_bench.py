"""The benchmark's instrument: reading wrk's output and judging and writing the results.

(`make bench` itself is not part of the test suite; these check the parts that
could quietly report the wrong numbers.)
"""

import http.server
import shutil
import threading

import pytest

from bench import results, wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8765/guidance/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.51ms   30.12ms 410.00ms   80.00%
    Req/Sec   130.00     20.00   160.00     70.00%
  650 requests in 5.00s, 9.50MB read
Requests/sec:    130.00
Transfer/sec:      1.90MB
BENCH-RESULT {"requests": 650, "duration_us": 5000000, "bytes": 9961472, "p50_us": 118000, \
"p90_us": 160000, "p99_us": 402500, "max_us": 410000, "mean_us": 120510.0, "non2xx": 3, \
"statuses": {"302": 2, "500": 1}, "connect_errors": 0, "read_errors": 1, "write_errors": 0, "timeouts": 2}
"""


def test_parse_reads_the_result_line():
    result = wrk.parse(WRK_OUTPUT)
    assert result.requests == 650
    assert result.rps == pytest.approx(130.0)
    assert result.p50_ms == pytest.approx(118.0)
    assert result.p99_ms == pytest.approx(402.5)
    assert result.non2xx == 3
    assert result.statuses == {302: 2, 500: 1}
    assert result.socket_errors == 1
    assert result.timeouts == 2
    assert result.failed


def test_parse_no_finished_request_has_no_percentiles():
    line = (
        'BENCH-RESULT {"requests": 0, "duration_us": 5000000, "bytes": 0, "p50_us": 0, "p90_us": 0, '
        '"p99_us": 0, "max_us": 0, "mean_us": 0.0, "non2xx": 0, "statuses": {}, "connect_errors": 0, '
        '"read_errors": 0, "write_errors": 0, "timeouts": 0}'
    )
    result = wrk.parse(line)
    assert result.rps == 0
    assert result.p50_ms is None and result.p99_ms is None
    assert not result.failed


def test_parse_without_the_result_line_says_so():
    with pytest.raises(wrk.WrkError, match="no result line"):
        wrk.parse("unable to connect to 127.0.0.1:8765 Connection refused\n")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 200 if self.path == "/ok/" else 302
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/accounts/login/")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (bin/ensure-wrk)")
def test_wrk_with_the_report_script_counts_redirects_as_not_2xx(server):
    # wrk itself counts only statuses of 400 and over; a redirect to the sign-in
    # page (a lost session) must count too.
    ok = wrk.run(server + "/ok/", headers={"Cookie": "a=b"}, seconds=1, connections=2, threads=1)
    assert ok.requests > 0 and ok.p99_ms is not None
    assert ok.non2xx == 0 and not ok.failed
    moved = wrk.run(server + "/elsewhere/", headers={}, seconds=1, connections=2, threads=1)
    assert moved.requests > 0
    assert moved.non2xx == moved.requests
    assert moved.statuses == {302: moved.requests}
    assert moved.failed


def _page(label, kind, *, status=200, rps=100.0, p50=20.0, p99=40.0, non2xx=0, queries=10, **extra):
    return {
        "label": label,
        "path": "/" + label.replace(" ", "-") + "/",
        "kind": kind,
        "persona": "bench.cllr@example.org",
        "status": status,
        "location": "",
        "queries": queries,
        "single_ms": 30.0,
        "sql_ms": 5.0,
        "slowest_ms": 2.0,
        "slowest_sql": "SELECT 1",
        "plan": ["Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)"],
        "requests": int(rps * 5),
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non2xx": non2xx,
        "statuses": extra.pop("statuses", {}),
        "socket_errors": 0,
        "timeouts": 0,
        **extra,
    }


def _run(small_pages, large_pages):
    alive = {"rps": 2000.0, "p50_ms": 5.0, "p99_ms": 12.0}
    counts = {"members": 2000}
    return {
        "meta": {
            "date": "2026-01-01 00:00 UTC",
            "commit": "abc1234",
            "cores": 2,
            "load_before": "0.10 0.10 0.10",
            "load_after": "1.00 0.50 0.20",
            "note": "",
            "workers": 2,
            "connections": 16,
            "threads": 1,
            "seconds": 5,
            "total_seconds": 600,
        },
        "scales": {
            "small": {"alive": alive, "pages": small_pages, "counts": counts, "seed_seconds": 10},
            "large": {"alive": alive, "pages": large_pages, "counts": counts, "first_seed_seconds": 200},
        },
    }


def test_targets_met_and_missed():
    run = _run(
        [
            _page("library", "member"),
            _page("queue", "officer"),
            _page("summary", "report", p50=100, p99=200),
            _page("form", "public", rps=600),
        ],
        [
            _page("library", "member", p99=151),  # just over 150
            _page("queue", "officer", p99=300),  # on the limit: met
            _page("summary", "report", p50=160, p99=400),  # 1.6× small's p50
            _page("form", "public", rps=499),  # under a quarter of 2,000
        ],
    )
    verdicts = {row["label"]: row["verdicts"] for row in results.evaluate(run)}
    assert verdicts["library"]["small"].text == "met"
    assert verdicts["library"]["large"].text == "missed: p99 151 ms > 150 ms"
    assert verdicts["queue"]["large"].text == "met"
    assert verdicts["summary"]["large"].misses == ["p50 1.6× the small scale's > 1.5×"]
    assert verdicts["form"]["small"].text == "met"
    assert verdicts["form"]["large"].misses == ["25% of /alive/ < 25%"]
    assert results.failed(run) == []


def test_a_non_2xx_page_is_an_error_that_fails_the_run():
    run = _run(
        [_page("case", "officer", status=302, location="/accounts/login/?next=/case/")],
        [_page("case", "officer", non2xx=4, statuses={500: 4})],
    )
    assert results.failed(run) == [
        "case (small): ERROR: status 302 to /accounts/login/?next=/case/",
        "case (large): ERROR: 4 non-2xx under load (4×500)",
    ]


def test_readme_table_goes_between_the_markers_only():
    run = _run([_page("library", "member")], [_page("library", "member")])
    readme = f"# Portal\n\n{results.README_START}\nold table\n{results.README_END}\n\n## Next\n"
    updated = results.update_readme(readme, run)
    assert "old table" not in updated
    assert updated.startswith("# Portal\n\n" + results.README_START)
    assert updated.endswith(results.README_END + "\n\n## Next\n")
    assert "| library |" in updated and "2 cores" in updated
    assert results.update_readme(updated, run) == updated  # a second run replaces, not adds


def test_results_file_has_both_scales_the_ratio_and_the_misses():
    run = _run(
        [_page("library", "member", rps=50), _page("summary", "report")],
        [_page("library", "member", rps=20, p99=900, queries=12), _page("summary", "report")],
    )
    text = results.render(run)
    assert "2 CPU cores" in text and "abc1234" in text
    header = next(line for line in text.splitlines() if line.startswith("| page"))
    assert "small: queries" in header and "large: queries" in header
    library = next(line for line in text.splitlines() if line.startswith("| library"))
    cells = [cell.strip() for cell in library.strip("|").split("|")]
    # page, who, target, then small's five cells, then large's, then the verdict
    assert cells[3:8] == ["10", "50", "20", "40", "0.025"]
    assert cells[8:13] == ["12", "20", "20", "900", "0.010"]
    assert cells[13] == "**missed: p99 900 ms > 150 ms**"
    misses = text.split("## Misses and why (large scale)")[1]
    assert "### library" in misses and "summary" not in misses
    assert "5.0 ms of it (17%) in 12 SQL queries" in misses
    assert "EXPLAIN (ANALYZE, BUFFERS)" in misses and "SELECT 1" in misses


def test_a_miss_shows_where_the_time_went():
    profile = {
        "total_ms": 31.0,
        "parts": {"rendering templates": 18.5, "running SQL (psycopg, waiting for PostgreSQL)": 4.0},
        "ours": [[25.0, "guidance/views.py:40 library"], [3.5, "guidance/selectors.py:12 documents"]],
    }
    run = _run([_page("library", "member")], [_page("library", "member", p99=900, profile=profile)])
    misses = results.render(run).split("## Misses and why (large scale)")[1]
    assert "Profile of five requests through Django (cProfile, 31 ms a request" in misses
    assert "- rendering templates: 18" in misses
    assert "- 25 `guidance/views.py:40 library`" in misses


def test_the_profile_splits_a_request_into_parts():
    from bench.prepare import PROFILE_PARTS, profile

    found = profile(lambda: sorted(range(20000), key=lambda n: -n), times=3)
    assert found["total_ms"] > 0
    assert set(found["parts"]) == set(PROFILE_PARTS)
    assert [where for _, where in found["ours"]] == [where for _, where in found["ours"] if "tests/" in where]
    assert any("tests/test_bench.py" in where for _, where in found["ours"])  # the code it ran
