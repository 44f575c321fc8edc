"""Import a participant report for one session from the command line: the same
parsing, matching and review as the admin's upload. Prints what matched; with
``--apply`` writes it to the roster when nothing needs review. A malformed file
changes nothing and exits non-zero."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from echo.choices import ImportRowStatus
from echo.models import EchoSession
from echo.selectors.attendance import import_rows
from echo.services.attendance import (
    attendance_import_apply,
    attendance_import_create,
    attendance_import_summary,
)


class Command(BaseCommand):
    help = (
        "Import a video meeting's participant report (CSV) for an ECHO session and "
        "print the matched, unmatched and merged counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("session_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Write the attendance to the roster when no row needs review.",
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            default="",
            help="Record the import as made by this facilitator (who must run the "
            "series); by default it is recorded as made by the platform.",
        )

    def handle(self, *args, session_id, file, apply, by, **options):
        session = (
            EchoSession.objects.select_related("series").filter(pk=session_id).first()
        )
        if session is None:
            raise CommandError(f"There is no ECHO session with id {session_id}.")
        user = None
        if by:
            user = get_user_model().objects.filter(email__iexact=by.strip()).first()
            if user is None:
                raise CommandError(f"There is no account with the e-mail {by}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            imp = attendance_import_create(
                session, content, filename=file.name, by=user
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(_message(error)) from error
        summary = attendance_import_summary(imp)
        self.stdout.write(
            f"{session}: {summary.raw_rows} rows read, {summary.people} people."
        )
        self.stdout.write(
            f"Matched: {summary.matched} (by e-mail {summary.matched_by_email}, "
            f"by name {summary.matched_by_name})"
        )
        self.stdout.write(f"Unmatched: {summary.unmatched}")
        self.stdout.write(f"Merged: {summary.merged}")
        self.stdout.write(f"Dismissed: {summary.dismissed}")
        for row in import_rows(imp, status=ImportRowStatus.UNMATCHED):
            lines = ", ".join(str(number) for number in row.line_numbers)
            who = row.name or row.email
            self.stdout.write(f"  needs review: {who} (line {lines})")
        if not apply:
            self.stdout.write(
                f"Saved for review as import {imp.pk}; nothing on the roster changed."
            )
            return
        try:
            applied = attendance_import_apply(imp, by=user)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(
                f"{_message(error)} The import is saved for review as {imp.pk}."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied: {applied.created} new, {applied.updated} changed, "
                f"{applied.marked_absent} absent."
            )
        )
        for learner in applied.kept:
            self.stdout.write(f"  kept the hand-marked attendance of {learner}")


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "Not allowed."
