"""Export every negotiations record (and, unless --no-history, its change history) to one
deterministic JSON file (or `-` for stdout) that import_dataset restores losslessly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiations.exports.backup import dataset_export


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the dataset; '-' writes to stdout.")
        no_history = "Leave out the change history (a smaller file, but the audit trail is lost)."
        parser.add_argument("--no-history", dest="history", action="store_false", help=no_history)

    def handle(self, *args, file: str, history: bool, **options):
        if file == "-":
            counts = dataset_export(stream=self.stdout, history=history)
            report = self.stderr  # stdout carries the data
        else:
            try:
                with Path(file).open("w", encoding="utf-8", newline="\n") as stream:
                    counts = dataset_export(stream=stream, history=history)
            except OSError as error:
                raise CommandError(f"Cannot write {file}: {error}") from error
            report = self.stdout
        if options["verbosity"] >= 1:
            for label, count in counts.items():
                if count:
                    report.write(f"{label}: {count}")
            report.write(f"Exported {sum(counts.values())} records to {file}.")
