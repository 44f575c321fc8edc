import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO, StringIO

import pytest

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command

from wagtail.blocks import StreamValue
from wagtail.images.models import Image

from courses.benchmarks.content import (
    LESSON_SECTIONS,
    image_png,
    lesson_rich_text,
    lesson_stream,
    paragraph_words,
)
from courses.benchmarks.load import Sample, Target, load_run, percentile
from courses.blocks import LessonStreamBlock
from courses.management.commands.bench_courses import (
    DOCS_END,
    DOCS_START,
    LESSON,
    PLAIN,
    WAGTAIL_LMS,
    Row,
    WagtailLmsUnavailable,
    docs_replace,
    run_checked,
    table_lines,
    verdict_line,
)
from tests.conftest import require_service

# --- The lesson ---------------------------------------------------------------------


@pytest.fixture
def image(db):
    picture = Image(title="Benchmark picture")
    picture.file = ImageFile(BytesIO(image_png()), name="bench.png")
    picture.save()
    return picture


def test_the_lesson_is_a_valid_lesson_body_of_ordinary_length(image):
    block = LessonStreamBlock()
    value = StreamValue(block, lesson_stream(image))
    block.clean(value)  # raises ValidationError for a body editors could not save

    kinds = [child.block_type for child in value]
    assert set(kinds) == {
        "heading",
        "paragraph",
        "image",
        "callout",
        "knowledge_check",
        "reflection",
    }
    assert 650 <= paragraph_words() <= 800
    html = "".join(
        child.render(context={"can_take_part": False, "block_id": child.id})
        for child in value
    )
    assert "<h2>A conversation before words</h2>" in html
    assert 'alt="A parent holds a baby on her lap' in html
    assert "For home visitors" in html
    assert "Which response returns the serve?" in html
    # Feedback is for learners who answered; the page never carries it before.
    check = next(value for kind, value in LESSON_SECTIONS if kind == "knowledge_check")
    assert not any(option["feedback"] in html for option in check["options"])


def test_a_lesson_without_alt_text_is_refused(image):
    stream = [
        (kind, {**value, "alt_text": ""}) if kind == "image" else (kind, value)
        for kind, value in lesson_stream(image)
    ]
    block = LessonStreamBlock()
    with pytest.raises(ValidationError):
        block.clean(StreamValue(block, stream))


def test_the_rich_text_lesson_carries_the_same_content():
    parts = lesson_rich_text(42)
    html = "".join(parts)
    assert len(parts) == len(LESSON_SECTIONS)
    for kind, value in LESSON_SECTIONS:
        if kind == "paragraph":
            assert value in parts
        elif kind == "heading":
            assert f"<h2>{value['text']}</h2>" in html
        elif kind == "knowledge_check":
            assert all(option["text"] in html for option in value["options"])
            assert not any(option["feedback"] in html for option in value["options"])
        elif kind == "reflection":
            assert value["prompt"] in html
    assert '<embed embedtype="image" id="42" format="fullwidth"' in html


# --- Load ---------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cookies: list[str] = []

    def do_GET(self):
        Handler.cookies.append(self.headers.get("Cookie", ""))
        status = 200 if self.path == "/ok/" else 500
        body = b"x" * 1000
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.cookies = []
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_load_run_drives_every_page_and_counts_failures(http_server):
    ok = Target("ok", http_server, "/ok/", "sessionid=abc")
    failing = Target("failing", http_server, "/fail/")
    results = load_run([ok, failing], requests=30, concurrency=3, rounds=3)

    assert results["ok"].requests == 30
    assert results["ok"].failures == 0
    assert results["ok"].size == 1000
    assert results["ok"].elapsed > 0
    assert results["ok"].rate == pytest.approx(30 / results["ok"].elapsed)
    assert results["failing"].requests == 30
    assert results["failing"].failures == 30
    assert Handler.cookies.count("sessionid=abc") == 30
    assert Handler.cookies.count("") == 30


def test_percentile_is_the_nearest_rank():
    values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10]
    assert percentile(values, 0.5) == 5
    assert percentile(values, 0.95) == 10
    assert percentile([0.2], 0.95) == 0.2
    with pytest.raises(ValueError, match="No values"):
        percentile([], 0.5)


# --- Report -------------------------------------------------------------------------


def sample(rate: float, latency_ms: float) -> Sample:
    return Sample(latencies=[latency_ms / 1000] * 100, elapsed=100 / rate, size=9000)


def test_the_table_gives_each_page_its_ratio_to_the_plain_page():
    rows = [
        Row(PLAIN, sample(50, 40), queries=17),
        Row(LESSON, sample(42.5, 47), queries=23),
        Row(WAGTAIL_LMS, reason="pip install wagtail-lms failed: no network"),
    ]
    lines = table_lines(rows)

    assert lines[0].startswith("| page | requests/s | p50 ms | p95 ms |")
    assert lines[2] == (f"| {PLAIN} | 50.0 | 40.0 | 40.0 | 1.00 | 17 | 9,000 |")
    assert lines[3] == f"| {LESSON} | 42.5 | 47.0 | 47.0 | 0.85 | 23 | 9,000 |"
    assert re.match(
        rf"^\| {WAGTAIL_LMS} \| not measured: pip install wagtail-lms failed: no "
        r"network \|",
        lines[4],
    )
    assert verdict_line(rows).endswith("0.85 (target ≥ 0.80: met)")

    rows[1] = Row(LESSON, sample(35, 60), queries=23)
    assert verdict_line(rows).endswith("0.70 (target ≥ 0.80: NOT met)")


def test_the_docs_block_is_replaced_between_its_markers():
    text = (
        f"# Benchmarks\n\n## Courses\n\nWhy.\n\n{DOCS_START}\nold\n{DOCS_END}\n\n"
        "Reading.\n"
    )
    updated = docs_replace(text, "new figures")
    assert updated == (
        f"# Benchmarks\n\n## Courses\n\nWhy.\n\n{DOCS_START}\nnew figures\n"
        f"{DOCS_END}\n\nReading.\n"
    )
    added = docs_replace("# Benchmarks\n", "figures")
    assert added.endswith(
        f"## Courses: lesson page throughput\n\n{DOCS_START}\nfigures\n{DOCS_END}\n"
    )
    with pytest.raises(CommandError, match="without the command's markers"):
        docs_replace("# Benchmarks\n\n## Courses\n\nHand-written.\n", "figures")


def test_a_failing_step_of_wagtail_lms_says_why():
    with pytest.raises(
        WagtailLmsUnavailable,
        match="pip install wagtail-lms failed: .*No matching distribution",
    ):
        run_checked(
            [
                sys.executable,
                "-c",
                "import sys; sys.exit('ERROR: No matching distribution found')",
            ],
            what="pip install wagtail-lms",
        )


# --- Options and settings -----------------------------------------------------------


@pytest.mark.parametrize(
    "option", ["--requests", "--rounds", "--concurrency", "--workers", "--lessons"]
)
def test_counts_must_be_positive(option):
    with pytest.raises(CommandError, match=f"{option} must be at least 1"):
        call_command("bench_courses", option, "0")


def test_rounds_cannot_exceed_requests():
    with pytest.raises(CommandError, match="--rounds cannot exceed --requests"):
        call_command("bench_courses", "--requests", "5", "--rounds", "6")


def test_the_benchmark_needs_postgresql():
    with pytest.raises(CommandError, match="must name a PostgreSQL database"):
        call_command("bench_courses", "--database-url", "sqlite:////tmp/bench.sqlite3")


def test_the_measurement_runs_only_in_the_bench_settings(db):
    with pytest.raises(CommandError, match="lms.settings.bench on PostgreSQL"):
        call_command("bench_courses", "--in-bench-settings")


# --- A whole run under gunicorn -----------------------------------------------------


@pytest.mark.postgres
def test_a_short_run_under_gunicorn_prints_the_table():
    require_service("PostgreSQL", "127.0.0.1", 5432)
    out = StringIO()
    call_command(
        "bench_courses",
        "--requests=12",
        "--rounds=2",
        "--warmup=2",
        "--concurrency=2",
        "--workers=1",
        "--lessons=2",
        "--skip-wagtail-lms",
        "--database-url=postgres://postgres@127.0.0.1:5432/cradle_bench_courses_test",
        stdout=out,
    )
    text = out.getvalue()

    assert "12 measured requests per page in 2 alternating slices" in text
    assert "the lesson is number 2 of 2" in text
    rows = re.findall(
        r"^\| (.+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| "
        r"([\d,]+) \|$",
        text,
        re.MULTILINE,
    )
    assert [row[0] for row in rows] == [PLAIN, LESSON]
    for _label, rate, p50, p95, _ratio, queries, size in rows:
        assert float(rate) > 0 and 0 < float(p50) <= float(p95)
        assert int(queries) > 0
        assert int(size.replace(",", "")) > 5000
    assert f"| {WAGTAIL_LMS} | not measured: skipped (--skip-wagtail-lms) |" in text
    assert re.search(
        r"^Lesson page throughput ÷ plain page throughput: [\d.]+ \(target ≥ 0\.80: "
        r"(met|NOT met)\)$",
        text,
        re.MULTILINE,
    )
