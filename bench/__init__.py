"""Benchmarks run by `make bench` (`python -m bench`); each prints a table and a JSON line."""
