"""Deterministic synthetic data at any scale, for load tests and benchmarks (issue 6)."""
