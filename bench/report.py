"""Turn one ``make bench`` run's results into docs/benchmarks.md. Everything here is
pure: locust's CSV files in, a results dictionary, Markdown out; ``bench/run.py``
collects the results and writes the file. The page's fixed text (what each figure
means, the query budgets asserted in tests) is ``bench/benchmarks.md.template``;
every number comes from the results."""

import csv
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("benchmarks.md.template")

# Targets from the product's specifications.
TARGET_LESSON_RATIO = 0.8
TARGET_PIPELINE_RATIO = 0.9
TARGET_BULK_RATIO = 1.2
TARGET_IMPORT_SECONDS = 5.0

PAGE_LABELS = {
    "home": "home page (`/`)",
    "catalogue": "course catalogue",
    "course": "course page (enrolled)",
    "lesson": "lesson page (enrolled)",
    "dashboard": "dashboard",
    "hours": "hours (`/hours/`)",
    "transcript": "transcript",
    "series": "ECHO series page (registered)",
    "roster": "ECHO session roster (admin, facilitator)",
    "verification": "certificate verification",
}


# --- Locust's CSV files ---------------------------------------------------------------


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def stats_parse(path: Path) -> dict:
    """Locust's ``<prefix>_stats.csv`` as {"pages": {name: row}, "total": row}, each
    row with requests, failures, p50 and p95 (ms), mean (ms) and rate (requests/s)."""
    pages, total = {}, None
    with open(path, newline="") as handle:
        for record in csv.DictReader(handle):
            row = {
                "requests": int(record["Request Count"]),
                "failures": int(record["Failure Count"]),
                "p50": _number(record["50%"]),
                "p95": _number(record["95%"]),
                "mean": _number(record["Average Response Time"]),
                "rate": _number(record["Requests/s"]) or 0.0,
            }
            if record["Name"] == "Aggregated":
                total = row
            else:
                pages[record["Name"]] = row
    if total is None:
        raise ValueError(f"{path} has no Aggregated row: did locust run?")
    return {"pages": pages, "total": total}


def failures_parse(path: Path) -> list[dict]:
    """Locust's ``<prefix>_failures.csv``: [{"page", "error", "count"}]."""
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [
            {
                "page": record["Name"],
                "error": record["Error"],
                "count": int(record["Occurrences"]),
            }
            for record in csv.DictReader(handle)
        ]


# --- Formatting -----------------------------------------------------------------------


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _rate(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def met(condition: bool) -> str:
    return "met" if condition else "NOT met"


def verdict(value: float, target: float, *, at_least: bool, unit: str = "") -> str:
    """ "met" or "NOT met, by 0.03" for ``value`` against ``target``."""
    ok = value >= target if at_least else value <= target
    if ok:
        return "met"
    gap = abs(value - target)
    # A gap that two decimals would show as 0.00 gets a third, so it reads as one.
    return (
        f"NOT met, by {gap:.2f}{unit}"
        if gap >= 0.005
        else f"NOT met, by {gap:.3f}{unit}"
    )


def load_table(load: dict, users: list[int]) -> str:
    """One row per page: p50, p95 and requests/s at each number of users."""
    header = "| page |"
    rule = "|---|"
    for count in users:
        header += f" p50 ms ({count}) | p95 ms ({count}) | req/s ({count}) |"
        rule += "---|---|---|"
    lines = [header, rule]
    names = [
        name
        for name in PAGE_LABELS
        if any(name in load[str(c)]["pages"] for c in users)
    ]
    for name in names:
        cells = [PAGE_LABELS[name]]
        for count in users:
            row = load[str(count)]["pages"].get(name)
            if row is None:
                cells += ["–", "–", "–"]
            else:
                cells += [_ms(row["p50"]), _ms(row["p95"]), _rate(row["rate"])]
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**all pages**"]
    for count in users:
        total = load[str(count)]["total"]
        cells += [
            _ms(total["p50"]),
            _ms(total["p95"]),
            f"**{_rate(total['rate'])}**",
        ]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def requests_lines(load: dict, users: list[int]) -> str:
    lines = []
    for count in users:
        total = load[str(count)]["total"]
        failures = load[str(count)].get("failures", [])
        text = (
            f"- {count} user{'s' if count != 1 else ''}: {total['requests']:,} "
            f"requests, {total['failures']:,} not answered 200"
        )
        if failures:
            text += (
                " ("
                + "; ".join(
                    f"{item['page']}: {item['error']} ×{item['count']}"
                    for item in failures
                )
                + ")"
            )
        lines.append(text + ".")
    return "\n".join(lines)


def scaling_lines(load: dict, users: list[int]) -> str:
    """What the numbers say about saturation, computed from them."""
    first, last = str(users[0]), str(users[-1])
    single = load[first]["total"]
    most = load[last]["total"]
    peak_users, peak = max(
        ((count, load[str(count)]["total"]["rate"]) for count in users),
        key=lambda item: item[1],
    )
    lines = [
        f"- One user alone gets {single['rate']:.1f} requests/s, a median of "
        f"{_ms(single['p50'])} ms over all pages: the pages' own latency, with no "
        "request waiting for another.",
        f"- Throughput peaks at {peak:.1f} requests/s with {peak_users} "
        f"user{'s' if peak_users != 1 else ''}; at "
        f"{users[-1]} users it is {most['rate']:.1f} requests/s with a median of "
        f"{_ms(most['p50'])} ms and a 95th percentile of {_ms(most['p95'])} ms.",
    ]
    alone = {
        name: row
        for name, row in load[first]["pages"].items()
        if row["p50"] is not None
    }
    if alone:
        slowest = max(alone, key=lambda name: alone[name]["p50"])
        fastest = min(alone, key=lambda name: alone[name]["p50"])
        lines.append(
            f"- With one user the slowest page is {slowest} "
            f"({_ms(alone[slowest]['p50'])} ms median) and the fastest "
            f"{fastest} ({_ms(alone[fastest]['p50'])} ms)."
        )
    if most["rate"] and single["rate"]:
        change = most["rate"] / single["rate"]
        lines.append(
            f"- From {users[0]} to {users[-1]} users throughput "
            + (f"grows {change:.1f}×" if change >= 1 else f"falls to {change:.2f}×")
            + f" while the median latency grows "
            f"{(most['p50'] or 0) / (single['p50'] or 1):.1f}×: once the cores are "
            "busy, more users wait in gunicorn's queue rather than get more work "
            "done."
        )
    return "\n".join(lines)


def memory_table(memory: dict) -> str:
    lines = ["| process | RSS MB |", "|---|---|"]
    for index, value in enumerate(memory.get("gunicorn", []), 1):
        lines.append(f"| gunicorn worker {index} | {value:.1f} |")
    if memory.get("gunicorn_master") is not None:
        lines.append(f"| gunicorn master | {memory['gunicorn_master']:.1f} |")
    if memory.get("celery_main") is not None:
        lines.append(f"| Celery worker, main process | {memory['celery_main']:.1f} |")
    for index, value in enumerate(memory.get("celery_pool", []), 1):
        lines.append(f"| Celery worker, pool process {index} | {value:.1f} |")
    return "\n".join(lines)


def phases_table(phases: list, total: float) -> str:
    lines = ["| phase | seconds |", "|---|---|"]
    for name, seconds in phases:
        lines.append(f"| {name} | {seconds:.1f} |")
    lines.append(f"| **total** | **{total:.1f}** ({total / 60:.1f} min) |")
    return "\n".join(lines)


def counts_line(counts: dict) -> str:
    return ", ".join(f"{count:,} {label}" for label, count in counts.items())


# --- The sections that come from the other bench commands -----------------------------


def _missing(section: dict | None, what: str) -> str | None:
    if not section:
        return f"Not measured in this run ({what} did not run)."
    if section.get("error"):
        return f"Not measured in this run: {section['error']}"
    return None


def courses_section(courses: dict | None) -> str:
    missing = _missing(courses, "bench_courses")
    if missing:
        return missing
    ratio = courses["ratio"]
    lines = [
        "```sh",
        courses["command"],
        "```",
        "",
        courses["summary"],
        "",
        courses["table"],
        "",
        f"**Lesson page throughput ÷ plain page throughput: {ratio:.2f} (target ≥ "
        f"{TARGET_LESSON_RATIO:.2f}: "
        f"{verdict(ratio, TARGET_LESSON_RATIO, at_least=True)}).**",
    ]
    return "\n".join(lines)


def certificates_section(certificates: dict | None) -> str:
    missing = _missing(certificates, "bench_certificates")
    if missing:
        return missing
    pipeline = certificates["pipeline_ratio"]
    bulk = certificates["bulk_ratio"]
    lines = [
        "```sh",
        certificates["command"],
        "```",
        "",
        certificates["output"].strip(),
        "",
        f"- **Pipeline vs WeasyPrint called directly: {pipeline:.2f}× the throughput "
        f"(target ≥ {TARGET_PIPELINE_RATIO:.1f}×: "
        f"{verdict(pipeline, TARGET_PIPELINE_RATIO, at_least=True)}).**",
        f"- **Bulk issue wall time ÷ ideal: {bulk:.2f}× (target ≤ "
        f"{TARGET_BULK_RATIO:.1f}×: "
        f"{verdict(bulk, TARGET_BULK_RATIO, at_least=False, unit='×')}).** The same "
        f"wall time against the whole render service call instead of the bare render "
        f"is {certificates['service_ratio']:.2f}×.",
    ]
    return "\n".join(lines)


def echo_section(echo: dict | None) -> str:
    missing = _missing(echo, "bench_echo_import")
    if missing:
        return missing
    seconds = echo["seconds"]
    return "\n".join(
        [
            "```sh",
            echo["command"],
            "```",
            "",
            "| database | rows → people | matched / for review | seconds | queries |",
            "|---|---|---|---|---|",
            f"| {echo['database']} | {echo['rows']:,} → {echo['people']:,} | "
            f"{echo['matched']:,} / {echo['unmatched']:,} | {seconds:.2f} | "
            f"{echo['queries']} |",
            "",
            f"**Import of {echo['rows']:,} rows: {seconds:.2f} s (target < "
            f"{TARGET_IMPORT_SECONDS:.0f} s: "
            f"{met(seconds < TARGET_IMPORT_SECONDS)}).**",
        ]
    )


def output_section(section: dict | None, what: str) -> str:
    missing = _missing(section, what)
    if missing:
        return missing
    return "\n".join(
        ["```sh", section["command"], "```", "", section["output"].strip()]
    )


# --- The page -------------------------------------------------------------------------


def summary_table(results: dict) -> str:
    """The targets in one table, each with this run's figure and verdict."""
    rows = []
    courses = results.get("courses") or {}
    if courses.get("ratio") is not None:
        value = courses["ratio"]
        rows.append(
            (
                "lesson page ÷ plain Wagtail page, throughput",
                f"{value:.2f}",
                f"≥ {TARGET_LESSON_RATIO}",
                verdict(value, TARGET_LESSON_RATIO, at_least=True),
            )
        )
    certificates = results.get("certificates") or {}
    if certificates.get("pipeline_ratio") is not None:
        value = certificates["pipeline_ratio"]
        rows.append(
            (
                "certificate pipeline ÷ plain WeasyPrint, throughput",
                f"{value:.2f}",
                f"≥ {TARGET_PIPELINE_RATIO}",
                verdict(value, TARGET_PIPELINE_RATIO, at_least=True),
            )
        )
        value = certificates["bulk_ratio"]
        rows.append(
            (
                f"bulk issue of {certificates['bulk']:,} wall time ÷ ideal",
                f"{value:.2f}×",
                f"≤ {TARGET_BULK_RATIO}×",
                verdict(value, TARGET_BULK_RATIO, at_least=False, unit="×"),
            )
        )
    echo = results.get("echo_import") or {}
    if echo.get("seconds") is not None:
        value = echo["seconds"]
        rows.append(
            (
                f"participant report import, {echo['rows']:,} rows",
                f"{value:.2f} s",
                f"< {TARGET_IMPORT_SECONDS:.0f} s",
                met(value < TARGET_IMPORT_SECONDS),
            )
        )
    failures = sum(
        results["load"][str(count)]["total"]["failures"] for count in results["users"]
    )
    requests = sum(
        results["load"][str(count)]["total"]["requests"] for count in results["users"]
    )
    rows.append(
        (
            "load run: responses other than 200",
            f"{failures:,} of {requests:,}",
            "0",
            met(failures == 0),
        )
    )
    lines = ["| measure | this run | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def render(results: dict) -> str:
    machine = results["machine"]
    users = results["users"]
    dataset = results["dataset"]
    pending = dataset.get("render_pending") or {}
    values = {
        "date": results["date"],
        "command": results["command"],
        "machine": (
            f"{machine['cores']} cores, {machine['memory_gib']:.0f} GiB; Python "
            f"{machine['python']}, Django {machine['django']}, Wagtail "
            f"{machine['wagtail']}, PostgreSQL {machine['postgresql']}, Redis "
            f"{machine['redis']}, gunicorn {machine['gunicorn']}, Celery "
            f"{machine['celery']}, locust {machine['locust']}"
        ),
        "total_minutes": f"{results['total_seconds'] / 60:.1f}",
        "summary_table": summary_table(results),
        "counts": counts_line(dataset["counts"]),
        "build_seconds": f"{dataset['build_seconds']:.1f}",
        "sessions": str(dataset["sessions"]),
        "pending_line": (
            f"Before the load, the Celery worker rendered {pending['count']} pending "
            f"certificates of the data set through Redis in {pending['seconds']:.1f} "
            "s, so its processes have done real work when their memory is read."
            if pending
            else ""
        ),
        "gunicorn_workers": str(results["gunicorn_workers"]),
        "celery_concurrency": str(results["celery_concurrency"]),
        "stage_seconds": str(results["stage_seconds"]),
        "users_list": ", ".join(str(count) for count in users),
        "load_table": load_table(results["load"], users),
        "requests_lines": requests_lines(results["load"], users),
        "scaling_lines": scaling_lines(results["load"], users),
        "memory_table": memory_table(results["memory"]),
        "courses_section": courses_section(results.get("courses")),
        "certificates_section": certificates_section(results.get("certificates")),
        "echo_section": echo_section(results.get("echo_import")),
        "hours_report_section": output_section(
            results.get("hours_report"), "bench_hours_report"
        ),
        "foundation_section": output_section(
            results.get("foundation"), "bench_foundation"
        ),
        "phases_table": phases_table(results["phases"], results["total_seconds"]),
        "loadavg": (
            f"The machine's one-minute load average was {results['loadavg'][0]:.1f} "
            f"when the first stage began and {results['loadavg'][1]:.1f} when the "
            "last ended (the run's own processes count in it; well above 2 means "
            "other work shared the cores)."
            if results.get("loadavg")
            else ""
        ),
    }
    return Template(TEMPLATE.read_text()).substitute(values)
