"""The results the other bench commands hand to ``make bench`` as JSON (``--json``),
from which docs/benchmarks.md states whether each target is met."""

import json
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection

from certificates.management.commands.bench_certificates import (
    BulkResult,
    PipelineResult,
    results_write,
)


def test_the_echo_import_benchmark_writes_its_figures(site_tree, tmp_path):
    path = tmp_path / "echo.json"
    call_command(
        "bench_echo_import", "--rows", "200", f"--json={path}", stdout=StringIO()
    )
    result = json.loads(path.read_text())
    assert result["database"] == connection.vendor
    assert result["rows"] == 200
    assert result["matched"] == 80
    assert result["people"] == result["matched"] + result["unmatched"]
    assert 0 < result["seconds"] < 5
    assert result["queries"] > 0


def test_the_certificates_benchmark_writes_its_ratios(tmp_path):
    pipeline = PipelineResult(
        renders=3,
        pipeline_s=[0.040, 0.039, 0.041],
        direct_s=[0.052, 0.051, 0.050],
        pipeline_bytes=16000,
        direct_bytes=16000,
    )
    bulk = BulkResult(
        count=1000,
        concurrency=2,
        warm_ups=4,
        wall_s=24.0,
        issue_s=0.2,
        sizes=[16000, 17000],
        early_ready=100,
        rss_early={},
        rss_end={},
        files=1000,
        rendered_twice=0,
        cpu={},
        service_ms=42.0,
    )
    path = tmp_path / "certificates.json"
    results_write(str(path), pipeline, bulk)
    result = json.loads(path.read_text())
    assert result["pipeline_ratio"] == pytest.approx(51 / 40)
    # Ideal: 1,000 renders × 40 ms ÷ 2 processes = 20 s.
    assert result["bulk_ratio"] == pytest.approx(24 / 20)
    assert result["service_ratio"] == pytest.approx(24 / 21)
    assert result["bulk"] == 1000
    assert result["pdf_max_bytes"] == 17000


def test_bench_courses_cleans_up_a_course_under_a_catalogue_it_did_not_make(
    site_tree,
):
    from wagtail.models import Page

    from courses.management.commands.bench_courses import SLUG, dataset_delete
    from tests.factories.courses import catalogue, course, lesson

    # As on the ``make bench`` database, where the data set's catalogue exists.
    made = course(catalogue(), slug=f"{SLUG}-course", lessons=0)
    for number in (1, 2):
        lesson(made, number=number, slug=f"{SLUG}-lesson-{number}")
    assert Page.objects.filter(slug__startswith=SLUG).count() == 3

    dataset_delete()

    assert not Page.objects.filter(slug__startswith=SLUG).exists()
    assert Page.objects.filter(slug="courses").exists()
