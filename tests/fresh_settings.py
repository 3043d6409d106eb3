"""tracker.settings as a fresh interpreter reads it, for tests of environment variables."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def fresh_settings(names: dict[str, str], *, unset: set[str], **env: str) -> dict:
    """The settings `names` ({key: python expression over `s`, the settings module}) after
    importing tracker.settings with `env`, and without the variables in `unset`."""
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    pairs = ", ".join(f"{key!r}: {expression}" for key, expression in names.items())
    code = f"import json, tracker.settings as s; print(json.dumps({{{pairs}}}))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
