from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.claims.match_eval import evaluate_set


class Command(BaseCommand):
    help = (
        "Score the claim matcher on labeled sets (folders of .txt articles with a "
        "pairs.jsonl of gold links): recall of the links, accuracy of their relation, "
        "and the share of suggested links that are gold links (acceptance rate)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folders", nargs="+", metavar="DIR", help="labeled sets")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--errors", action="store_true", help="list missed, mislabeled and extra links"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        engine = default_engine()
        report: dict[str, Any] = {}
        for folder in options["folders"]:
            path = Path(folder)
            if not (path / "pairs.jsonl").is_file():
                raise CommandError(f"{folder}: no pairs.jsonl in this folder")
            try:
                result = evaluate_set(path, engine)
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"{folder}: {exc}") from None
            report[folder] = result.figures()
            if options["json"]:
                continue
            f = result.figures()
            self.stdout.write(
                f"{folder}: {f['gold_links']} gold links; recall {f['recall']:.3f}, relation "
                f"accuracy {f['relation_accuracy']:.3f}; {f['suggested_links']} suggested, "
                f"acceptance rate {f['acceptance_rate']:.3f}; "
                f"{f['gold_quotes_not_detected']} gold quote(s) not detected as claims"
            )
            confusion = ", ".join(
                f"{gold}→{got}: {n}" for (gold, got), n in sorted(result.confusion.items())
            )
            self.stdout.write(f"  gold→predicted: {confusion}")
            if options["errors"]:
                for title, rows in (
                    ("missed", result.misses),
                    ("wrong relation", result.wrong),
                    ("extra", result.extra),
                ):
                    self.stdout.write(f"  {title} ({len(rows)}):")
                    for row in rows:
                        self.stdout.write("    " + json.dumps(row, ensure_ascii=False))
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
