"""Benchmarks: scripts that print what they measured (see bench/README.md)."""
