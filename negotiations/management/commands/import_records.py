"""Bulk import from a CSV or JSON file: all rows or none, each change in the history."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from negotiations.imports import RESOURCES, import_rows, load_dataset
from negotiations.imports.service import FORMATS


class Command(BaseCommand):
    help = (
        "Import meetings, people, roles, points or positions from a CSV or JSON file. "
        "Rows are numbered from 1 (the first record after the header). If any row is "
        "invalid nothing is written. See docs/import-examples/ for the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=sorted(FORMATS), help="Default: from the file's extension."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing."
        )
        parser.add_argument("--user", help="Username recorded as the author in the history.")

    def handle(
        self,
        *args,
        resource: str,
        file: Path,
        format: str | None,
        dry_run: bool,
        user: str | None,
        **options,
    ):
        file_format = format or file.suffix.lower().lstrip(".")
        if file_format not in FORMATS:
            raise CommandError(
                f"Cannot tell the format of {file.name}: name it .csv or .json, or give --format."
            )
        by = None
        if user:
            try:
                by = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user '{user}'.") from None
        try:
            dataset = load_dataset(path=file, file_format=file_format)
        except ValueError as error:
            raise CommandError(str(error)) from error

        report = import_rows(
            resource=RESOURCES[resource],
            dataset=dataset,
            dry_run=dry_run,
            user=by,
            source_name=file.name,
        )

        self.stdout.write(f"{file.name}: {report.summary()}.")
        for message in report.file_errors:
            self.stderr.write(f"File: {message}")
        for row in report.rejected:
            self.stderr.write(f"Row {row.number}:")
            for reason in row.reasons:
                self.stderr.write(f"  {reason}")
        if not report.ok:
            raise CommandError("Nothing was written: fix the rows above and import again.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported; every change is in the history."))
