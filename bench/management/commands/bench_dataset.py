"""Build the ``make bench`` data set in the configured database and, with ``--out``,
sign in learners and the facilitator and write the pages to request as JSON.
``--render-pending`` instead sends the data set's pending certificates to the Celery
worker and waits until they are ready."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import dataset

RENDER_TIMEOUT_SECONDS = 120


class Command(BaseCommand):
    help = (
        "Build the benchmark data set (removing an earlier one first): learners, "
        "ledger entries, courses, ECHO series, certificates. Only for a scratch "
        "database."
    )

    def add_arguments(self, parser):
        defaults = dataset.Scale()
        for name, text in (
            ("learners", "Learners"),
            ("entries", "Ledger entries per learner"),
            ("courses", "Courses"),
            ("lessons", "Lessons per course"),
            ("series", "ECHO series"),
            ("echo_sessions", "Sessions per series"),
            ("registrants", "Registered learners per series"),
            ("certificates", "Certificates"),
            ("pdfs", "Certificate PDFs rendered for real and shared by the rows"),
            ("pending", "Certificates left pending for a Celery worker"),
        ):
            default = getattr(defaults, name)
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                default=default,
                help=f"{text} (default {default}).",
            )
        parser.add_argument(
            "--sessions",
            type=int,
            default=0,
            help="Learners to sign in for the load generator (with --out).",
        )
        parser.add_argument(
            "--out", help="Write the sessions and pages to request to this JSON file."
        )
        parser.add_argument(
            "--render-pending",
            action="store_true",
            help="Queue the pending certificates' renders and wait for them.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Only remove an earlier data set."
        )

    def handle(self, *args, **options):
        if options["delete"]:
            counts = dataset.dataset_delete()
            self.stdout.write(f"Removed: {counts}")
            return
        if options["render_pending"]:
            self.render_pending()
            return
        names = list(dataset.Scale.__dataclass_fields__)
        for name in names:
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if options["learners"] < 1:
            raise CommandError("--learners must be at least 1.")
        scale = dataset.Scale(**{name: options[name] for name in names})
        started = time.perf_counter()
        try:
            counts = dataset.dataset_build(scale)
        except ValueError as error:
            raise CommandError(str(error)) from error
        built = time.perf_counter() - started
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count:,}")
        self.stdout.write(f"Built in {built:.1f} s.")
        if options["out"]:
            try:
                pages = dataset.targets(sessions=options["sessions"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            Path(options["out"]).write_text(
                json.dumps(
                    {"counts": counts, "build_seconds": built, "targets": pages},
                    indent=1,
                )
            )
            self.stdout.write(f"Wrote {options['out']}.")

    def render_pending(self):
        from certificates.choices import CertificateStatus
        from certificates.models import Certificate
        from certificates.tasks import certificate_render

        pending = Certificate.objects.filter(
            learner__email__endswith=f"@{dataset.DOMAIN}",
            status=CertificateStatus.PENDING,
        )
        ids = list(pending.values_list("pk", flat=True))
        started = time.perf_counter()
        for certificate_id in ids:
            certificate_render.delay(certificate_id, False)
        while True:
            left = Certificate.objects.filter(
                pk__in=ids, status=CertificateStatus.PENDING
            ).count()
            failed = Certificate.objects.filter(
                pk__in=ids, status=CertificateStatus.FAILED
            ).count()
            if failed:
                raise CommandError(f"{failed} certificates failed to render.")
            if not left:
                break
            if time.perf_counter() - started > RENDER_TIMEOUT_SECONDS:
                raise CommandError(
                    f"{left} of {len(ids)} certificates were still pending after "
                    f"{RENDER_TIMEOUT_SECONDS} s: is the Celery worker running?"
                )
            time.sleep(0.2)
        self.stdout.write(
            f"Rendered {len(ids)} certificates through the worker in "
            f"{time.perf_counter() - started:.1f} s."
        )
