"""Benchmarks: deterministic synthetic corpora and the timing of pipeline stages over them."""
