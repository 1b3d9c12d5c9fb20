from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.management.texts import quiet_broken_pipe, read_inputs


class Command(BaseCommand):
    help = (
        "Find check-worthy claims in plain UTF-8 files (or JSON lines {id, text} on "
        "standard input with '-') and print one JSON object per claim. Touches no database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="text files, or - for stdin")
        parser.add_argument(
            "--min-score",
            type=float,
            default=None,
            help="lowest score printed (default: the engine's threshold; 0 prints every candidate)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[str] = options["paths"]
        if "-" in paths and len(paths) > 1:
            raise CommandError("'-' (standard input) must be the only path")
        min_score = options["min_score"]
        if min_score is not None and not 0 <= min_score <= 1:
            raise CommandError(f"--min-score must be between 0 and 1; got {min_score}")
        engine = default_engine()
        try:
            failures = self._detect(paths, engine, min_score)
        except BrokenPipeError:
            quiet_broken_pipe()
            return
        if failures:
            raise CommandError(f"{failures} input(s) could not be read", returncode=2)

    def _detect(self, paths: list[str], engine: Any, min_score: float | None) -> int:
        failures = 0
        for key, value, text in read_inputs(paths, self.stderr.write):
            if text is None:
                failures += 1
                continue
            for claim in engine.propose(text, min_score=min_score):
                record = {
                    key: value,
                    "start": claim.start,
                    "end": claim.end,
                    "text": text[claim.start : claim.end],
                    "kind": claim.kind,
                    "score": claim.score,
                    "attrs": claim.attrs,
                    "engine": engine.label,
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False))
        return failures
