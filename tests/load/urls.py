"""The URL mix `make load` sends: API lists and details, the timeline and HTML pages.

Picks real records from the load database (one from the shipped article, one from the synthetic
data) and writes one `kind path` line per URL, which tests/load/mix.lua round-robins and
tests/load/report.py groups by. Every path is the final one (trailing slash, no redirect), so
anything but a 2xx is an error.

    DJANGO_SETTINGS_MODULE=tracker.settings .venv/bin/python -m tests.load.urls OUT
"""

import argparse
import sys
from pathlib import Path

import django


def _picks(model, records=None) -> list:
    """The first record (the article's, loaded before the synthetic data) and a middle one."""
    records = (model.objects.all() if records is None else records).order_by("pk")
    count = records.count()
    if count == 0:
        raise SystemExit(f"no {model._meta.verbose_name} fits in the load database")
    return [records[0], records[count // 2]] if count > 1 else [records[0]]


def url_mix() -> list[tuple[str, str]]:
    from django.urls import reverse

    from negotiations import models as m

    mix: list[tuple[str, str]] = []
    lists = [
        "meeting",
        "frameworkpoint",
        "stickingissue",
        "party",
        "person",
        "statement",
        "development",
        "position",
        "frameworkversion",
        "source",
    ]
    for name in lists:
        mix.append((f"api-list:{name}", reverse(f"api:{name}-list")))
    # A party's meetings, 50 to the page (as a client paging through one party would ask).
    for party in _picks(m.Party):
        mix.append(
            (
                "api-list:meeting-party",
                f"{reverse('api:meeting-list')}?party={party.pk}&page_size=50",
            )
        )

    for model in [m.Meeting, m.FrameworkPoint, m.StickingIssue, m.Party, m.Person, m.Statement]:
        name = model._meta.model_name
        for record in _picks(model):
            mix.append((f"api-detail:{name}", reverse(f"api:{name}-detail", args=[record.pk])))

    timeline = reverse("api:timeline")
    mix.append(("api-timeline", timeline))
    for party in _picks(m.Party):
        mix.append(("api-timeline", f"{timeline}?party={party.pk}"))

    # Consecutive versions only: the compare pages refuse other pairs.
    newer = m.FrameworkVersion.objects.filter(supersedes__isnull=False).select_related(
        "framework", "supersedes"
    )
    for version in _picks(m.FrameworkVersion, newer):
        mix.append(
            (
                "api-compare",
                reverse("api:framework-version-compare", args=[version.supersedes_id, version.pk]),
            )
        )
        mix.append(
            (
                "html-compare",
                reverse(
                    "negotiations:framework-compare",
                    args=[version.framework.slug, version.supersedes.slug, version.slug],
                ),
            )
        )

    mix.append(("html-home", reverse("negotiations:home")))
    mix.append(("html-timeline", reverse("negotiations:timeline")))
    mix.append(("html-issue-board", reverse("negotiations:issue-board")))
    mix.append(("html-changes", reverse("negotiations:changes")))
    pages = {"meeting": m.Meeting, "issue": m.StickingIssue, "party": m.Party}
    pages.update(person=m.Person, framework=m.Framework)
    for label, model in pages.items():
        mix.extend((f"html-{label}", record.get_absolute_url()) for record in _picks(model))
    meeting = _picks(m.Meeting)[0]
    mix.append(
        (
            "html-record-changes",
            reverse("negotiations:record-changes", args=["meeting", meeting.pk]),
        )
    )
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="file to write, one `kind path` line per URL")
    args = parser.parse_args()
    django.setup()
    mix = url_mix()
    args.out.write_text("".join(f"{kind} {path}\n" for kind, path in mix))
    print(f"{len(mix)} URLs, {len({kind for kind, _ in mix})} kinds", file=sys.stderr)


if __name__ == "__main__":
    main()
