"""Benchmarks: programs that print figures and record them in var/bench.json.

Run with `make bench` (or `.venv/bin/python -m bench.run [name ...]`). Each one
measures against a throwaway database of its own, never the database you work in.
"""
