"""docs/benchmarks.md from one run's results: locust's CSV files read into per-page
figures, and the page rendered with every figure and verdict computed from them."""

import re

import pytest

from bench import report

STATS_HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,"
    "Average Response Time,Min Response Time,Max Response Time,Average Content Size,"
    "Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)


def stats_csv(path, rows):
    lines = [STATS_HEADER]
    for name, count, failures, p50, p95, rate in rows:
        kind = "" if name == "Aggregated" else "GET"
        lines.append(
            f"{kind},{name},{count},{failures},{p50},{p50 + 1.5},3,{p95 + 40},"
            f"12000,{rate},0.0,{p50},{p50},{p50},{p50},{p95},{p95},{p95},{p95},"
            f"{p95},{p95},{p95 + 40}"
        )
    path.write_text("\n".join(lines) + "\n")


def test_locust_stats_are_read_per_page_and_in_total(tmp_path):
    path = tmp_path / "users-10_stats.csv"
    stats_csv(
        path,
        [
            ("home", 400, 0, 21, 48, 13.3),
            ("roster", 380, 2, 95, 180, 12.7),
            ("Aggregated", 780, 2, 40, 150, 26.0),
        ],
    )
    stats = report.stats_parse(path)
    assert stats["pages"]["home"] == {
        "requests": 400,
        "failures": 0,
        "p50": 21.0,
        "p95": 48.0,
        "mean": 22.5,
        "rate": 13.3,
    }
    assert stats["pages"]["roster"]["failures"] == 2
    assert stats["total"]["requests"] == 780
    assert stats["total"]["rate"] == 26.0


def test_a_page_without_responses_reads_as_no_percentile(tmp_path):
    path = tmp_path / "stats.csv"
    path.write_text(
        STATS_HEADER
        + "\nGET,home,0,0,0,0,0,0,0,0.0,0.0,"
        + ",".join(["N/A"] * 11)
        + "\n,Aggregated,0,0,0,0,0,0,0,0.0,0.0,"
        + ",".join(["N/A"] * 11)
        + "\n"
    )
    assert report.stats_parse(path)["pages"]["home"]["p95"] is None


def test_stats_without_a_total_are_refused(tmp_path):
    path = tmp_path / "stats.csv"
    path.write_text(STATS_HEADER + "\n")
    with pytest.raises(ValueError, match="Aggregated"):
        report.stats_parse(path)


def test_failures_are_read_and_a_missing_file_means_none(tmp_path):
    path = tmp_path / "users-1_failures.csv"
    path.write_text(
        "Method,Name,Error,Occurrences\n"
        "GET,roster,\"CatchResponseError('roster: 302')\",3\n"
    )
    assert report.failures_parse(path) == [
        {"page": "roster", "error": "CatchResponseError('roster: 302')", "count": 3}
    ]
    assert report.failures_parse(tmp_path / "none.csv") == []


def test_verdicts_say_by_how_much_a_target_is_missed():
    assert report.verdict(0.81, 0.8, at_least=True) == "met"
    assert report.verdict(0.77, 0.8, at_least=True) == "NOT met, by 0.03"
    assert report.verdict(1.19, 1.2, at_least=False) == "met"
    assert report.verdict(1.23, 1.2, at_least=False, unit="×") == "NOT met, by 0.03×"
    # A miss too small for two decimals is not shown as "by 0.00".
    assert report.verdict(0.796, 0.8, at_least=True) == "NOT met, by 0.004"


def page_stats(p50, p95, rate, failures=0):
    pages = {
        name: {
            "requests": int(rate * 30),
            "failures": 0,
            "p50": p50,
            "p95": p95,
            "mean": p50,
            "rate": rate,
        }
        for name in report.PAGE_LABELS
    }
    pages["roster"]["failures"] = failures
    return {
        "pages": pages,
        "total": {
            "requests": int(rate * 30) * len(pages),
            "failures": failures,
            "p50": p50,
            "p95": p95,
            "mean": p50,
            "rate": rate * len(pages),
        },
        "failures": (
            [{"page": "roster", "error": "roster: 500", "count": failures}]
            if failures
            else []
        ),
    }


@pytest.fixture
def results():
    return {
        "date": "2026-11-21",
        "command": "make bench",
        "machine": {
            "cores": 2,
            "memory_gib": 23.4,
            "python": "3.11.7",
            "django": "5.2.19",
            "wagtail": "8.0.1",
            "postgresql": "15.20",
            "redis": "7.0.15",
            "gunicorn": "23.0.0",
            "celery": "5.5.3",
            "locust": "2.47.0",
        },
        "dataset": {
            "counts": {"learners": 5000, "ledger entries": 250000},
            "build_seconds": 41.27,
            "sessions": 60,
            "render_pending": {"count": 24, "seconds": 3.14},
        },
        "gunicorn_workers": 5,
        "celery_concurrency": 2,
        "users": [1, 10, 50],
        "stage_seconds": 30,
        "load": {
            "1": page_stats(17.0, 41.0, 4.1),
            "10": page_stats(170.0, 420.0, 5.6),
            "50": page_stats(870.0, 1900.0, 5.5, failures=2),
        },
        "memory": {
            "gunicorn_master": 25.0,
            "gunicorn": [151.2, 149.8],
            "celery_main": 140.0,
            "celery_pool": [171.5, 169.0],
        },
        "courses": {
            "command": ".venv/bin/python manage.py bench_courses --skip-wagtail-lms",
            "summary": "Run on 2026-11-21: 2 cores.",
            "table": "| page | requests/s |\n|---|---|\n| Lesson | 77.7 |",
            "ratio": 0.7712,
            "failures": 0,
        },
        "certificates": {
            "command": ".venv/bin/python manage.py bench_certificates --bulk 1000",
            "output": "| measure | value | target |",
            "pipeline_ratio": 1.318,
            "bulk": 1000,
            "bulk_ratio": 1.187,
            "service_ratio": 1.151,
        },
        "echo_import": {"error": "manage.py bench_echo_import failed (exit 1): boom"},
        "hours_report": {
            "command": "manage.py bench_hours_report --repeat 3",
            "output": "| Hours per learner, page 1 | 289 | 313 | 19 | 81110 |",
        },
        "foundation": None,
        "phases": [["build the data set", 41.3], ["load", 130.0]],
        "total_seconds": 612.0,
        "loadavg": [0.4, 2.6],
    }


def test_the_page_carries_this_runs_figures_and_computed_verdicts(results):
    page = report.render(results)
    assert "$" not in page  # every placeholder filled
    assert "Run on 2026-11-21 — 2 cores, 23 GiB; Python 3.11.7" in page
    assert "`make bench` (10.2 minutes end to end)" in page
    # One row per page, with p50, p95 and throughput at each number of users.
    row = next(
        line
        for line in page.splitlines()
        if line.startswith("| lesson page (enrolled)")
    )
    assert row == (
        "| lesson page (enrolled) | 17 | 41 | 4.10 | 170 | 420 | 5.60 | 870 | 1,900 "
        "| 5.50 |"
    )
    assert "| **all pages** | 17 | 41 | **41.0** |" in page
    assert (
        "- 50 users: 1,650 requests, 2 not answered 200 (roster: roster: 500 ×2)."
        in (page)
    )
    assert "Throughput peaks at 56.0 requests/s with 10 users" in page
    assert "load average was 0.4 when the first stage began and 2.6" in page
    # Verdicts computed from the figures, never typed.
    assert (
        "| lesson page ÷ plain Wagtail page, throughput | 0.77 | ≥ 0.8 "
        "| NOT met, by 0.03 |" in page
    )
    assert (
        "| certificate pipeline ÷ plain WeasyPrint, throughput | 1.32 | ≥ 0.9 | met |"
        in page
    )
    assert "| bulk issue of 1,000 wall time ÷ ideal | 1.19× | ≤ 1.2× | met |" in page
    assert "| load run: responses other than 200 | 2 of 4,550 | 0 | NOT met |" in page
    # A command that failed is reported as not measured, with its reason.
    assert "Not measured in this run: manage.py bench_echo_import failed" in page
    assert "Not measured in this run (bench_foundation did not run)." in page
    assert "| gunicorn worker 2 | 149.8 |" in page
    assert "| Celery worker, pool process 1 | 171.5 |" in page
    assert "the Celery worker rendered 24 pending certificates" in page
    assert "| **total** | **612.0** (10.2 min) |" in page
    # The budgets asserted in tests stay on the page as fixed text.
    assert "## Query budgets (fixed, asserted in tests)" in page
    # Nothing from earlier runs: every decimal figure is one of this run's.
    assert not re.search(r"\b(23\.9|39\.0|41\.8|1\.23×)", page)


def test_with_every_target_met_no_verdict_says_not_met(results):
    results["courses"]["ratio"] = 0.84
    results["load"]["50"] = page_stats(870.0, 1900.0, 5.5)
    results["echo_import"] = {
        "command": "manage.py bench_echo_import",
        "database": "postgresql",
        "rows": 10000,
        "people": 7000,
        "matched": 4000,
        "unmatched": 3000,
        "seconds": 1.42,
        "queries": 6,
    }
    page = report.render(results)
    assert "NOT met" not in page
    assert "| postgresql | 10,000 → 7,000 | 4,000 / 3,000 | 1.42 | 6 |" in page
    assert "**Import of 10,000 rows: 1.42 s (target < 5 s: met).**" in page
