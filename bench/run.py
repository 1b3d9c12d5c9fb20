"""Run the benchmarks: `python -m bench.run` runs all, `python -m bench.run import` one.

Each benchmark is a module with `run() -> dict[str, float]` (metric name -> number),
registered in BENCHMARKS below. All of them run in one throwaway database (see
bench.db), in the order listed; their figures are printed and merged into
var/bench.json, a flat JSON object that other benchmarks' keys share.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

from bench.db import describe, throwaway_database

# name -> module. Add a benchmark by writing bench/<module>.py and listing it here.
# Modules are imported after django.setup(), so they may import models at the top.
BENCHMARKS: dict[str, str] = {
    "import": "bench.import_docs",
    "engine": "bench.engine",
    "preannotate": "bench.preannotate",
    "review": "bench.review",
    "browser": "bench.browser",
    "match": "bench.match",
}

RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench.json"


def merge_results(figures: dict[str, float], path: Path = RESULTS) -> None:
    """Merge figures into the flat JSON object at path, keeping other benchmarks' keys."""
    current: dict[str, float] = {}
    if path.exists():
        current = json.loads(path.read_text())
        if not isinstance(current, dict):
            # Overwriting would lose other benchmarks' figures; let a person look.
            raise SystemExit(f"{path} does not hold a JSON object; not overwriting it")
    for key, value in figures.items():
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"figure {key} is not a finite number: {value!r}")
    current.update(figures)
    path.parent.mkdir(exist_ok=True)
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    partial.replace(path)  # atomic: a killed run never leaves half a file


def _terminate(signum: int, frame: object) -> NoReturn:
    # SystemExit unwinds through the finally blocks that drop the throwaway database.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="name",
        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}",
    )  # fmt: skip
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    names = args.names or list(BENCHMARKS)

    signal.signal(signal.SIGTERM, _terminate)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    # The production configuration: DEBUG would keep every SQL string in memory and
    # measure the debug log as much as the code.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-throwaway-key")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")

    with throwaway_database() as target:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"database: {describe()} (throwaway; {target.origin})")
        for name in names:
            print(f"{name}:")
            started = time.perf_counter()
            figures = importlib.import_module(BENCHMARKS[name]).run()
            for key, value in figures.items():
                print(f"  {key:<28} {value:>12,}")
            merge_results(figures)
            print(f"  ({time.perf_counter() - started:.1f} s in all)")
    print(f"figures merged into {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
