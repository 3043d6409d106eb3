"""Restore a dataset written by export_dataset, in one transaction."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiations.exports.backup import DatasetError, dataset_import


class Command(BaseCommand):
    help = (
        "Import a dataset file from export_dataset, keeping ids, timestamps, revisions and "
        "history. Refuses a database that already holds negotiations records unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The dataset file; '-' reads stdin.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every existing negotiations record first (in the same transaction).",
        )

    def handle(self, *args, file: str, replace: bool, **options):
        try:
            if file == "-":
                result = dataset_import(stream=sys.stdin, replace=replace)
            else:
                with Path(file).open(encoding="utf-8") as stream:
                    result = dataset_import(stream=stream, replace=replace)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except DatasetError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if result.unmatched_users:
            self.stderr.write(
                "No local user for these history authors; their entries now show no user: "
                + ", ".join(result.unmatched_users)
            )
        if options["verbosity"] >= 1:
            for label, count in result.counts.items():
                if count:
                    self.stdout.write(f"{label}: {count}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {sum(result.counts.values())} records from {file}; "
                    f"{result.indexed} indexed for search."
                )
            )
