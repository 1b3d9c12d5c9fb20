"""Reading the plain-text inputs of the engine's commands (detect_claims,
match_claims): files by path, or JSON lines {id, text} on standard input."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from annotations.services.documents import decode_text
from annotations.services.errors import ValidationError

# (key, value, text): ("file", path, text) or ("id", id, text); text None when the
# input could not be read (the reason went to `warn`).
Input = tuple[str, Any, str | None]


def add_input_arguments(parser: CommandParser, min_score_help: str) -> None:
    """PATH... (or - for standard input) and --min-score, as the engine's commands
    take them."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text files, or - for stdin")
    parser.add_argument("--min-score", type=float, default=None, help=min_score_help)


def checked_inputs(options: dict[str, Any]) -> tuple[list[str], float | None]:
    """The paths and the minimum score, refused with a clear error when unusable."""
    paths: list[str] = options["paths"]
    if "-" in paths and len(paths) > 1:
        raise CommandError("'-' (standard input) must be the only path")
    min_score = options["min_score"]
    if min_score is not None and not 0 <= min_score <= 1:
        raise CommandError(f"--min-score must be between 0 and 1; got {min_score}")
    return paths, min_score


def read_inputs(paths: list[str], warn: Callable[[str], None]) -> Iterator[Input]:
    if paths == ["-"]:
        yield from _stdin(warn)
        return
    for path in paths:
        try:
            text = decode_text(path, Path(path).read_bytes())
        except OSError as exc:
            warn(f"{path}: cannot be read ({exc.strerror or exc})")
            yield "file", path, None
            continue
        except ValidationError as exc:
            warn("; ".join(exc.messages))
            yield "file", path, None
            continue
        yield "file", path, text


def _stdin(warn: Callable[[str], None]) -> Iterator[Input]:
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
        except ValueError as exc:
            warn(f"standard input, line {number}: {exc}")
            yield "id", None, None
            continue
        # Offsets index the string exactly as the caller sent it.
        yield "id", item.get("id"), item["text"]


def quiet_broken_pipe() -> None:
    """Point stdout at /dev/null after the reader went away (`... | head`), so that
    Python's final flush does not raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
