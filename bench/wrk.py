"""Drive one page with wrk and read its result.

wrk runs ``bench/report.lua``, whose ``done()`` prints one line starting
``BENCH-RESULT`` with a JSON object: requests, duration and latency
percentiles in microseconds, the count of responses that were not 2xx (and
their statuses), and socket errors and timeouts.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).with_name("report.lua")
MARKER = "BENCH-RESULT "


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    non2xx: int
    statuses: dict = field(default_factory=dict)
    socket_errors: int = 0
    timeouts: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> bool:
        """Any response that was not 2xx, or a connection lost or timed out."""
        return bool(self.non2xx or self.socket_errors or self.timeouts)


class WrkError(RuntimeError):
    pass


def parse(output: str) -> WrkResult:
    """Read the BENCH-RESULT line that report.lua prints."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            break
    else:
        raise WrkError(f"wrk printed no result line; its output was:\n{output.strip()}")
    finished = data["requests"] > 0
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        # wrk reports percentiles of 0 when no request finished: that is "none", not "instant".
        p50_ms=data["p50_us"] / 1000 if finished else None,
        p99_ms=data["p99_us"] / 1000 if finished else None,
        non2xx=data["non2xx"],
        statuses={int(status): count for status, count in data.get("statuses", {}).items()},
        socket_errors=data["connect_errors"] + data["read_errors"] + data["write_errors"],
        timeouts=data["timeouts"],
    )


def run(url: str, *, headers: dict, seconds: float, connections: int, threads: int) -> WrkResult:
    """Load ``url`` for ``seconds`` with ``connections`` open connections."""
    command = [
        wrk_path(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=60s",  # a slow page is measured, not dropped as a timeout
        f"--script={SCRIPT}",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    completed = subprocess.run(  # noqa: S603 - wrk with our arguments
        command, capture_output=True, text=True, timeout=seconds + 120
    )
    if completed.returncode != 0:
        raise WrkError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse(completed.stdout)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise WrkError("wrk is not installed: run bin/ensure-wrk (or apt-get install wrk)")
    return path
