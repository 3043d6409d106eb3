"""`make bench`'s target row for `make load`: read from the last run's figures."""

import json

import pytest

from tests.benchmarks.report import load_target

RUN = {"date": "2026-12-08T01:30:00Z", "wrk_exit": 0, "socket_errors": 0, "non2xx": 0}


@pytest.mark.parametrize(
    ("figures", "passed", "shown"),
    [
        pytest.param({"requests_per_s": 130.0, "server_errors": 0}, True, "4.11x", id="fast"),
        pytest.param({"requests_per_s": 75.0, "server_errors": 0}, False, "2.37x", id="slow"),
        pytest.param({"requests_per_s": 130.0, "server_errors": 2}, False, "2 errors", id="500s"),
        pytest.param({"requests_per_s": None, "server_errors": 0}, False, "no figure", id="none"),
    ],
)
def test_the_load_row_passes_at_four_times_the_baseline_without_errors(
    tmp_path, figures, passed, shown
):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({**RUN, **figures}))
    row = load_target(path)
    assert row["pass"] is passed
    assert shown in row["measured"]


def test_the_load_row_says_when_make_load_has_not_run(tmp_path):
    row = load_target(tmp_path / "missing.json")
    assert row["pass"] is False
    assert "not run" in row["measured"]
