"""Benchmarks: never run as tests. `make bench` runs them all; results go to RESULTS.md."""
