from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.management.texts import (
    add_input_arguments,
    checked_inputs,
    quiet_broken_pipe,
    read_inputs,
)


class Command(BaseCommand):
    help = (
        "Find check-worthy claims in plain UTF-8 files (or JSON lines {id, text} on "
        "standard input with '-') and print one JSON object per claim. Touches no database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_input_arguments(
            parser,
            "lowest score printed (default: the engine's threshold; 0 prints every candidate)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths, min_score = checked_inputs(options)
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
