"""The HTML timeline's rows build their links from URL patterns reversed once a page
(negotiations/timeline/display.py): they must be the records' own get_absolute_url."""

import pytest

from negotiations.services.timeline import timeline_rebuild
from negotiations.timeline.display import timeline_rows
from negotiations.timeline.selectors import timeline_entries, timeline_records
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_link_of_a_row_is_its_records_own(article):
    f.StatementFactory(meeting=None, text="Said away from any meeting.")  # on the person's page
    timeline_rebuild()
    entries = list(timeline_entries().order_by("cursor_key"))
    records = timeline_records(entries)
    rows = timeline_rows(entries, records)
    for entry, row in zip(entries, rows, strict=True):
        record = records[(entry.kind, entry.object_id)]
        assert row["href"] == record.get_absolute_url()
        if entry.kind == "statement":
            assert row["person_href"] == record.person.get_absolute_url()
            assert row["meeting_href"] == (
                record.meeting.get_absolute_url() if record.meeting else ""
            )
        if entry.kind == "optionstance":
            assert row["party_href"] == record.party.get_absolute_url()
            assert row["option_href"] == record.option.get_absolute_url()
    kinds = {row["kind"] for row in rows}
    assert kinds == {"meeting", "development", "statement", "optionstance"}
    assert any(row["kind"] == "statement" and not row["meeting_href"] for row in rows)
