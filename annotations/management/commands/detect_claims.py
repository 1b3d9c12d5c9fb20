from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.services.documents import decode_text
from annotations.services.errors import ValidationError


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
        failures = 0
        inputs = self._stdin() if paths == ["-"] else self._files(paths)
        for key, value, text in inputs:
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
        if failures:
            raise CommandError(f"{failures} input(s) could not be read", returncode=2)

    def _files(self, paths: list[str]) -> Iterator[tuple[str, Any, str | None]]:
        for path in paths:
            try:
                text = decode_text(path, Path(path).read_bytes())
            except OSError as exc:
                self.stderr.write(f"{path}: cannot be read ({exc.strerror or exc})")
                yield "file", path, None
                continue
            except ValidationError as exc:
                self.stderr.write("; ".join(exc.messages))
                yield "file", path, None
                continue
            yield "file", path, text

    def _stdin(self) -> Iterator[tuple[str, Any, str | None]]:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise ValueError('expected an object with a string "text"')
            except ValueError as exc:
                self.stderr.write(f"standard input, line {number}: {exc}")
                yield "id", None, None
                continue
            # Offsets index the string exactly as the caller sent it.
            yield "id", item.get("id"), item["text"]
