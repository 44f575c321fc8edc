import re
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from certificates.management.commands.bench_certificates import (
    html_for_direct_weasyprint,
)


def test_pipeline_comparison_prints_its_table(db):
    out = StringIO()
    call_command("bench_certificates", "--renders", "2", "--skip-bulk", stdout=out)
    text = out.getvalue()

    assert "font subsetter: " in text
    assert "(2 renders each, alternating, after 3 warm-ups" in text
    assert "| what | median ms | renders/s | PDF bytes |" in text
    rows = re.findall(
        r"^\| (pipeline|WeasyPrint directly)[^|]*"
        r"\| ([\d.]+) \| ([\d.]+) \| ([\d,]+) \|$",
        text,
        re.MULTILINE,
    )
    assert [row[0] for row in rows] == ["pipeline", "WeasyPrint directly"]
    for _label, median_ms, per_second, size in rows:
        assert float(median_ms) > 0
        # renders/s is printed to one decimal place: allow that rounding.
        assert float(per_second) == pytest.approx(
            1000 / float(median_ms), rel=0.01, abs=0.051
        )
        # The same page both ways: a one-page certificate of a few tens of KB.
        assert 5_000 < int(size.replace(",", "")) < 100_000
    ratio = re.search(
        r"^Pipeline throughput ÷ direct throughput: ([\d.]+) \(target ≥ 0\.90: "
        r"(met|NOT met)\)$",
        text,
        re.MULTILINE,
    )
    assert ratio is not None, text
    assert "Bulk issue" not in text


def test_direct_weasyprint_loads_the_same_font_files():
    html = '<style>@font-face { src: url("static/fonts/Lato-Bold.ttf"); }</style>'
    rewritten, base_url = html_for_direct_weasyprint(html)
    assert base_url.startswith("file:///") and base_url.endswith("/static/")
    assert f'url("{base_url}fonts/Lato-Bold.ttf")' in rewritten
    path = rewritten.split('url("file://')[1].split('"')[0]
    with open(path, "rb") as handle:
        assert handle.read(4) == b"\x00\x01\x00\x00"  # a TrueType font


def test_direct_weasyprint_refuses_html_without_the_fonts():
    with pytest.raises(CommandError, match="no static files"):
        html_for_direct_weasyprint("<p>No fonts here</p>")


@pytest.mark.parametrize("option", ["--renders", "--bulk", "--workers"])
def test_counts_must_be_positive(option):
    with pytest.raises(CommandError, match=f"{option} must be at least 1"):
        call_command("bench_certificates", option, "0", "--skip-bulk")


def test_the_bulk_part_needs_postgresql():
    with pytest.raises(CommandError, match="must name a PostgreSQL database"):
        call_command(
            "bench_certificates", "--database-url", "sqlite:////tmp/bench.sqlite3"
        )
