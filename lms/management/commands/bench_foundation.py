"""Time the platform's basic paths on this machine: a one-page PDF through lms/pdf.py
against plain WeasyPrint, and the home page and dashboard through the full Django
stack. Prints a Markdown table for docs/benchmarks.md."""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


def median_ms(function, repeat):
    function()  # warm caches, fonts and templates
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


class Command(BaseCommand):
    help = "Measure PDF rendering and page latency; print a Markdown table."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat, **options):
        import weasyprint

        from django.template.loader import render_to_string

        from lms import pdf
        from lms.demo import DEMO_ACCOUNTS, seed
        from lms.models import User

        seed()
        context = {
            "heading": "Attachment and Early Relationships",
            "body": "Two hours.",
        }
        html = render_to_string("pdf/sample.html", context)
        rows = []

        def plain():
            weasyprint.HTML(string=html).write_pdf()

        def ours():
            pdf.render_pdf("pdf/sample.html", context)

        plain_ms, plain_max = median_ms(plain, repeat)
        ours_ms, ours_max = median_ms(ours, repeat)
        rows.append(
            (
                "PDF, plain WeasyPrint (no fonts fetched, untagged)",
                plain_ms,
                plain_max,
                "–",
            )
        )
        rows.append(
            ("PDF, lms/pdf.py (fonts embedded, PDF/UA tagged)", ours_ms, ours_max, "–")
        )

        client = Client(HTTP_HOST="127.0.0.1")
        user = User.objects.get(email=DEMO_ACCOUNTS[0]["email"])
        for label, path, login in (
            ("GET / (home page)", "/", False),
            ("GET /dashboard/ (signed in)", "/dashboard/", True),
        ):
            if login:
                client.force_login(user)
            reset_queries()  # the log is capped; a full one would count nothing
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            page_ms, page_max = median_ms(lambda path=path: client.get(path), repeat)
            rows.append((label, page_ms, page_max, str(len(queries))))

        subsetter = "HarfBuzz" if pdf.harfbuzz_subsetter_available() else "fontTools"
        self.stdout.write(
            f"Font subsetter: {subsetter}; database: {connection.vendor}; "
            f"repeat: {repeat}\n"
        )
        self.stdout.write("| what | median ms | max ms | queries |")
        self.stdout.write("|---|---|---|---|")
        for label, median, worst, queries in rows:
            self.stdout.write(f"| {label} | {median:.1f} | {worst:.1f} | {queries} |")
        ratio = ours_ms / plain_ms if plain_ms else float("nan")
        self.stdout.write(f"\nlms/pdf.py vs plain WeasyPrint: {ratio:.2f}×")
