"""The production settings, plus two bench-only views (see urls.py). Nothing else differs."""

from tracker.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
