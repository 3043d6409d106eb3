"""Compare the timeline table with its views, list what is out of step, and rebuild it."""

from django.core.management.base import BaseCommand, CommandError

from negotiations.services.timeline import timeline_differences, timeline_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the timeline table (and the meetings' sort keys) from the records, after "
        "listing every row that was out of step. With --check, only list them (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report only; fail if a row is out of step."
        )

    def handle(self, *args, check: bool = False, **options):
        problems = timeline_differences()
        for problem in problems:
            self.stdout.write(problem)
        if check:
            if problems:
                raise CommandError(f"{len(problems)} timeline rows are out of step.")
            self.stdout.write("The timeline table is in step.")
            return
        if not problems:
            self.stdout.write("The timeline table is in step; rebuilt all the same.")
        timeline_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt; {len(problems)} rows were out of step."))
