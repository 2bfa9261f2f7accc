"""The pure pieces of `make bench` (bench/pages.py): reading wrk's output and writing the
table. No Django, no I/O: tests/test_bench_report.py checks them."""

import re
from dataclasses import dataclass

UNITS_IN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
DURATION = r"([\d.]+)(us|ms|s|m)\b"


class WrkOutputError(ValueError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors


def to_ms(value, unit):
    return float(value) * UNITS_IN_MS[unit]


def parse_wrk(text):
    """What `wrk --latency` printed, as a WrkResult."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE)
    p50 = re.search(rf"^\s+50%\s+{DURATION}", text, re.MULTILINE)
    p99 = re.search(rf"^\s+99%\s+{DURATION}", text, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", text, re.MULTILINE)
    if not (rate and p50 and p99 and total):
        raise WrkOutputError(f"not the output of wrk --latency:\n{text}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=to_ms(*p50.groups()),
        p99_ms=to_ms(*p99.groups()),
        requests=int(total.group(1)),
        errors=errors,
    )


@dataclass(frozen=True)
class Row:
    """One URL measured in one mode."""

    name: str
    path: str
    load: WrkResult  # several connections: throughput, p50, p99
    alone: WrkResult  # one connection: p50 is the server's time for the page
    queries: int | None  # None: the response carried no query count
    size_bytes: int
    page_cache: str = ""  # the X-Page-Cache header of a warm request ("hit", "miss", "")


def ratio(row, trivial):
    return row.load.requests_per_second / trivial.load.requests_per_second


def format_ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def latency(result, percentile):
    """A percentile's cell: a dash when no request was answered in the run (wrk then
    prints zeros, which would read as instant)."""
    return format_ms(getattr(result, percentile)) if result.requests else "-"


def format_table(rows, trivial):
    """A Markdown table of `rows`, with throughput as a ratio to the trivial view's row."""
    lines = [
        "| page | URL | req/s | ratio to trivial | p50 ms | p99 ms | server time ms "
        "| SQL queries | size KB | page cache |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        queries = "?" if row.queries is None else str(row.queries)
        notes = []
        if row.load.errors or row.alone.errors:
            notes.append(f"{row.load.errors + row.alone.errors} errors")
        if not (row.load.requests and row.alone.requests):
            notes.append("no answer within the run")
        errors = f" ({', '.join(notes)})" if notes else ""
        lines.append(
            f"| {row.name}{errors} | `{row.path}` | {row.load.requests_per_second:.0f} "
            f"| {ratio(row, trivial):.3f} | {latency(row.load, 'p50_ms')} "
            f"| {latency(row.load, 'p99_ms')} | {latency(row.alone, 'p50_ms')} | {queries} "
            f"| {row.size_bytes / 1024:.1f} | {row.page_cache or '-'} |"
        )
    return "\n".join(lines)


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if not ordered:
        raise ValueError("median of nothing")
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def resident_mb(status_text):
    """VmRSS of a /proc/PID/status text, in MB."""
    found = re.search(r"^VmRSS:\s+(\d+) kB", status_text, re.MULTILINE)
    if not found:
        raise ValueError("no VmRSS line")
    return int(found.group(1)) / 1024
