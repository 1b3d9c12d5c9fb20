from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.claims.compare import AGREE, CONFLICT, RELATED
from annotations.claims.matching import ClaimIndex, index_texts, match_all
from annotations.management.texts import (
    add_input_arguments,
    checked_inputs,
    quiet_broken_pipe,
    read_inputs,
)

RELATIONS = (AGREE, CONFLICT, RELATED)


class Command(BaseCommand):
    help = (
        "Find the claims in plain UTF-8 files (or JSON lines {id, text} on standard input "
        "with '-'), match them across and within the files, and print one JSON object per "
        'related pair: {"a": {file, start, end, text}, "b": {...}, "relation", "score", '
        '"reason"}. Offsets as in detect_claims. Touches no database.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_input_arguments(parser, "lowest claim score matched (default: the engine's threshold)")
        parser.add_argument(
            "--relation",
            action="append",
            choices=RELATIONS,
            help="print only pairs with this relation (repeatable; default: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths, min_score = checked_inputs(options)
        wanted = set(options["relation"] or RELATIONS)
        engine = default_engine()
        index = ClaimIndex()
        sides: dict[tuple[int, int], dict[str, Any]] = {}
        failures = 0
        documents = []
        for key, value, text in read_inputs(paths, self.stderr.write):
            if text is None:
                failures += 1
            else:
                documents.append((key, value, text))
        found = index_texts(
            index,
            [text for _key, _value, text in documents],
            lambda text: engine.propose(text, min_score=min_score),
        )
        for number, ((key, value, text), claims) in enumerate(zip(documents, found, strict=True)):
            for claim in claims:
                sides[(number, claim.start)] = {
                    key: value,
                    "start": claim.start,
                    "end": claim.end,
                    "text": text[claim.start : claim.end],
                }
        try:
            for pair in match_all(index):
                if pair.relation not in wanted:
                    continue
                record = {
                    "a": sides[pair.a],
                    "b": sides[pair.b],
                    "relation": pair.relation,
                    "score": pair.score,
                    "reason": pair.reason,
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False))
        except BrokenPipeError:
            quiet_broken_pipe()
            return
        if failures:
            raise CommandError(f"{failures} input(s) could not be read", returncode=2)
