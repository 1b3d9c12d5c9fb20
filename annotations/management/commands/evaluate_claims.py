from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.claims import default_engine
from annotations.claims.evaluation import evaluate, load_labeled


class Command(BaseCommand):
    help = (
        "Report precision, recall and F1: the check-worthiness model cross-validated on "
        "the ClaimBuster data, and the whole engine on any labeled files given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "labeled",
            nargs="*",
            metavar="FILE",
            help='JSON list or JSON lines of {"text", "label": 0|1} to score the engine on',
        )
        parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
        parser.add_argument(
            "--skip-cv", action="store_true", help="only evaluate the engine on the files"
        )
        parser.add_argument("--threshold", type=float, help="engine threshold (default: its own)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        report: dict[str, Any] = {}
        if not options["skip_cv"]:
            # scikit-learn is only needed here, to refit the model fold by fold.
            from annotations.claims.training.train_scorer import cross_validate

            self.stderr.write(f"cross-validating on ClaimBuster ({options['folds']} folds)…")
            cv = cross_validate(folds=options["folds"], jobs=2)
            report["claimbuster_cv"] = cv.to_dict()
            if not options["json"]:
                self.stdout.write(cv.format())
        engine = default_engine()
        threshold = engine.threshold if options["threshold"] is None else options["threshold"]
        for path in options["labeled"]:
            try:
                items = load_labeled(path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: {exc}") from None
            metrics = evaluate(engine, items, threshold)
            report[path] = {"engine": engine.label, "threshold": threshold, **metrics.as_dict()}
            if not options["json"]:
                self.stdout.write(
                    f"{path}: engine {engine.label} at threshold {threshold:.2f} on "
                    f"{metrics.n} sentences: precision {metrics.precision:.3f}, recall "
                    f"{metrics.recall:.3f}, F1 {metrics.f1:.3f}"
                )
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
