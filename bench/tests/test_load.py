import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.load import LoadError, find_gunicorn, parse_pgbench, parse_wrk, percentiles, serve, summary, timed_requests

samples = st.lists(st.floats(min_value=0, max_value=1e4, allow_nan=False, allow_infinity=False), min_size=1)


@given(samples)
def test_percentiles_are_ordered_and_observed(values):
    result = percentiles(values)
    assert result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    observed = {value * 1000 for value in values}
    assert {result["p50_ms"], result["p95_ms"], result["p99_ms"], result["max_ms"]} <= observed
    assert min(observed) <= result["p50_ms"] and result["max_ms"] == max(observed)


def test_percentiles_by_nearest_rank():
    # 20 samples, 1..20 ms: p50 is the 10th, p95 the 19th, p99 the 20th (ranks ceil(p/100 * 20)).
    result = percentiles([ms / 1000 for ms in range(20, 0, -1)])
    assert result == pytest.approx({"p50_ms": 10, "p95_ms": 19, "p99_ms": 20, "max_ms": 20})


def test_percentiles_of_one_sample():
    assert percentiles([0.25]) == {"p50_ms": 250, "p95_ms": 250, "p99_ms": 250, "max_ms": 250}


def test_percentiles_need_samples():
    with pytest.raises(ValueError):
        percentiles([])


def test_summary_adds_count_and_rate():
    result = summary([0.1, 0.2, 0.3, 0.4], elapsed_seconds=2)
    assert result["count"] == 4 and result["per_second"] == 2
    assert result["p50_ms"] == pytest.approx(200)


WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/bench/bare/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.71ms   21.02ms 163.01ms   88.21%
    Req/Sec   535.90    118.11   797.00     71.00%
  5433 requests in 5.09s, 1.42MB read
Requests/sec:   1066.58
Transfer/sec:    285.03KB
{"requests": 5433, "duration_s": 5.093820, "rps": 1066.582, "p50_ms": 10.568, "p95_ms": 80.980, \
"p99_ms": 162.921, "max_ms": 163.010, "non_2xx": 3, "errors": 1}
"""


def test_parse_wrk():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 1066.582,
        "p50_ms": 10.568,
        "p95_ms": 80.98,
        "p99_ms": 162.921,
        "requests": 5433,
        "errors": 1,
        "non_2xx": 3,
    }


def test_parse_wrk_without_report():
    with pytest.raises(LoadError, match="no report line"):
        parse_wrk("Running 5s test @ http://127.0.0.1:8000/\n")


PGBENCH_OUTPUT = """\
pgbench (15.20 (Debian 15.20-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 5
query mode: simple
number of clients: 2
number of threads: 2
maximum number of tries: 1
duration: 5 s
number of transactions actually processed: 2530
number of failed transactions: 0 (0.000%)
latency average = 3.951 ms
initial connection time = 4.301 ms
tps = 506.240904 (without initial connection time)
"""

PGBENCH_13_OUTPUT = """\
latency average = 4.120 ms
tps = 485.000000 (including connections establishing)
tps = 487.500000 (excluding connections establishing)
"""


def test_parse_pgbench():
    assert parse_pgbench(PGBENCH_OUTPUT) == {"tps": 506.240904, "latency_ms": 3.951}


def test_parse_pgbench_before_postgresql_14():
    assert parse_pgbench(PGBENCH_13_OUTPUT) == {"tps": 487.5, "latency_ms": 4.12}


def test_parse_pgbench_without_result():
    with pytest.raises(LoadError, match="no tps"):
        parse_pgbench("pgbench: error: connection to server failed\n")


@pytest.mark.skipif(find_gunicorn() is None, reason="gunicorn is not installed")
def test_serve_answers_the_bare_endpoint(tmp_path):
    with serve(database_url=f"sqlite:///{tmp_path / 'bench.sqlite3'}", workers=2) as server:
        assert len(server.worker_pids()) == 2
        result = timed_requests([f"{server.url}/bench/bare/"], repeat=20)
        process = server.process
    assert result["count"] == 20 and result["rps"] > 0
    assert result["p50_ms"] <= result["max_ms"]
    assert process.poll() is not None, "gunicorn still runs after the block"
