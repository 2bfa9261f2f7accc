"""make bench's own pieces (bench/report.py, bench/serving.py): reading wrk, the table, and
the query count the benchmark's server puts in each response."""

import pytest

from bench.report import (
    Row,
    WrkOutputError,
    WrkResult,
    format_table,
    median,
    parse_wrk,
    resident_mb,
)

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40123/blog/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.34ms    4.12ms  80.05ms   90.00%
    Req/Sec   187.52     12.30   210.00     71.00%
  Latency Distribution
     50%   20.51ms
     75%   22.80ms
     90%   25.10ms
     99%    1.02s
  1876 requests in 10.01s, 48.31MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    187.43
Transfer/sec:      4.83MB
"""


def test_wrk_output_is_read_in_milliseconds_whatever_its_units():
    result = parse_wrk(WRK_OUTPUT)
    assert result == WrkResult(
        requests_per_second=187.43, p50_ms=20.51, p99_ms=1020.0, requests=1876, errors=7
    )
    microseconds = WRK_OUTPUT.replace("20.51ms", "850.00us")
    assert parse_wrk(microseconds).p50_ms == pytest.approx(0.85)


def test_output_without_the_latency_distribution_is_refused():
    without = "\n".join(line for line in WRK_OUTPUT.splitlines() if "%" not in line)
    with pytest.raises(WrkOutputError):
        parse_wrk(without)


def row(name, rps, queries=20, errors=0, page_cache=""):
    load = WrkResult(rps, 10.0, 31.0, int(rps * 10), errors)
    alone = WrkResult(rps / 2, 4.25, 9.0, int(rps * 5), 0)
    return Row(name, f"/{name}/", load, alone, queries, 20480, page_cache)


def test_the_table_gives_throughput_as_a_ratio_to_the_trivial_view():
    trivial = row("trivial", 1000.0, queries=0)
    table = format_table([trivial, row("news", 40.0), row("feed", 900.0, None, 3, "hit")], trivial)
    lines = table.splitlines()
    assert lines[0].startswith("| page | URL | req/s | ratio to trivial |")
    assert lines[2] == "| trivial | `/trivial/` | 1000 | 1.000 | 10.0 | 31.0 | 4.2 | 0 | 20.0 | - |"
    assert lines[3] == "| news | `/news/` | 40 | 0.040 | 10.0 | 31.0 | 4.2 | 20 | 20.0 | - |"
    # Errors are never hidden, nor a count the server did not give.
    assert lines[4].startswith("| feed (3 errors) | `/feed/` | 900 | 0.900 |")
    assert lines[4].endswith("| ? | 20.0 | hit |")


def test_a_url_that_never_answered_shows_no_latency():
    trivial = row("trivial", 1000.0, queries=0)
    silent = WrkResult(0.0, 0.0, 0.0, 0, 4)
    never = Row("feed", "/feed/", silent, silent, 33, 0)
    line = format_table([trivial, never], trivial).splitlines()[3]
    assert line == (
        "| feed (8 errors, no answer within the run) | `/feed/` | 0 | 0.000 | - | - | - "
        "| 33 | 0.0 | - |"
    )


def test_median_and_resident_memory():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert resident_mb("Name:\tgunicorn\nVmRSS:\t  102400 kB\n") == 100.0
