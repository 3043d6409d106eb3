"""Fill the database with deterministic synthetic data, for load tests and benchmarks.

    manage.py generate_synthetic --scale 1 --seed 1

Scale 1 is about 1.3 million records (50,000 meetings, 500,000 citations), each with its first
history entry and its search document. It refuses to write into a database that already holds
negotiation records unless --force is given (the new records then come after the old ones).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from negotiations.models.kinds import tracked_models
from negotiations.synthetic.generate import generate


def positive_float(value: str) -> float:
    number = float(value)
    if not 0 < number <= 100:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Generate deterministic synthetic negotiations data (scale 1: ~1.3 million records)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=positive_float,
            required=True,
            help="Multiplies every count; 1 is 50,000 meetings, 0.01 a few hundred records.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--batch-size", type=int, default=5_000, help="Rows written per statement or COPY."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds records (off by default).",
        )

    def handle(self, *args, **options) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        held = [m._meta.verbose_name_plural for m in tracked_models() if m.objects.exists()]
        if held and not options["force"]:
            raise CommandError(
                f"The database already holds {', '.join(held)}; "
                "generate into an empty database, or pass --force to add to it."
            )
        result = generate(
            scale=options["scale"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            stderr=self.stderr._out,
        )
        total = sum(result["rows"].values())
        seconds = result["seconds"]
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in result["rows"].items())
        self.stdout.write(
            f"Wrote {total:,} records ({kinds}) "
            f"with their history and search documents in {seconds:.1f} s "
            f"({total / seconds:,.0f} records/s) on {result['vendor']}; "
            f"peak RSS {result['peak_rss_mb']:.0f} MB."
        )
