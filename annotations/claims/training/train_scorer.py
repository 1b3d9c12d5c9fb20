"""Train, cross-validate and export the check-worthiness scorer.

    .venv/bin/python -m annotations.claims.training.train_scorer [--jobs 2] [--no-cv]

Data: the ClaimBuster two-class training sentences (Arslan, Hassan, Li, Tremayne,
"A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020), 7,976 sentences
from US presidential debates, label 1 = check-worthy.

Protocol (deterministic, fixed seeds):

1. Nested stratified 5-fold cross-validation. In each outer fold, the training part
   alone chooses C (inner 5-fold CV, log loss after Platt scaling), fits the
   calibrated model and picks the decision thresholds on its own out-of-fold
   probabilities; the held-out part is only predicted. The plain baseline
   (TF-IDF word 1-2 grams + LogisticRegression, scikit-learn defaults) runs on the
   same folds, at its default 0.5 threshold and at a threshold tuned the same way.
2. The same procedure on all the data gives the shipped model, written as a
   compressed .npz (vocabularies, idf, coefficients, Platt parameters, thresholds)
   that `annotations.claims.scorer.Scorer` evaluates without scikit-learn.

Also importable: `cross_validate()` (CV figures on ClaimBuster or any labeled
JSON/JSONL file), `evaluate_scorer()` (the shipped model on a labeled file, no
training), `load_labeled()`, `fit_checkworthy()`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from annotations.claims.scorer import (
    CHAR_RANGE,
    DEFAULT_MODEL_PATH,
    MODEL_FORMAT,
    N_LENGTH_FEATURES,
    Scorer,
    char_ngrams,
    length_features,
    sentence_tokens,
    sentence_words,
)

MODEL_NAME = "checkworthy-lr"
# Bump whenever the shipped model changes (features, data, hyper-parameters): spans
# record "name/version", and pre-annotation replaces suggestions of older versions.
MODEL_VERSION = "1"
SEED = 20240611
FOLDS = 5
C_GRID: tuple[float, ...] = (2.0, 5.0, 10.0)
CHAR_WEIGHT = 0.7  # char block scaled down against the word block (chosen on CV)
WORD_MIN_DF = 1  # pruning rare word n-grams cost 0.002 ROC AUC
CHAR_MIN_DF = 2  # pruning char n-grams seen once costs nothing and halves the block
MAX_ITER = 1_000
# Newton-CG to a tight tolerance: the L2-regularised optimum is unique, so a tight
# solve reproduces the same coefficients on any machine (the parity test refits and
# compares to 1e-6). At the default 1e-4 decision values still move by 0.17; lbfgs
# needs 10x the time to get as close.
SOLVER = "newton-cg"
TOL = 1e-8
THRESHOLD_METRICS = ("f1", "f1_weighted", "f1_macro")
CITATION = (
    "Fatma Arslan, Naeemul Hassan, Chengkai Li, Mark Tremayne. A Benchmark Dataset of "
    "Check-worthy Factual Claims. ICWSM 2020."
)
REPO_ROOT = Path(__file__).resolve().parents[3]


def default_data_path() -> Path:
    """ClaimBuster train.json: $CLAIMBUSTER_TRAIN, else ../shared/datasets/claimbuster/."""
    env = os.environ.get("CLAIMBUSTER_TRAIN")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "datasets" / "claimbuster" / "train.json"


# Data ----------------------------------------------------------------------------------


def _label(value: Any, where: str) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in {"0", "1", "true", "false"}:
        return int(value.strip().lower() in {"1", "true"})
    raise ValueError(f"{where}: label must be 0/1 or true/false, got {value!r}")


def load_labeled(path: str | Path) -> tuple[list[str], list[int]]:
    """Read labeled sentences from a JSON list or a JSON-lines file.

    Each record is an object with ``"text"`` (str) and ``"label"`` (0/1 or bool; 1 =
    check-worthy); other keys are ignored. Raises ValueError naming the bad record.
    """
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    stripped = raw.lstrip()
    if stripped.startswith("["):
        records = json.loads(raw)
        where = [f"{path}[{i}]" for i in range(len(records))]
    else:
        records, where = [], []
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                records.append(json.loads(line))
                where.append(f"{path}:{number}")
    texts: list[str] = []
    labels: list[int] = []
    for record, loc in zip(records, where, strict=True):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f"{loc}: expected an object with a string 'text'")
        texts.append(record["text"])
        labels.append(_label(record.get("label"), loc))
    return texts, labels


# Features ------------------------------------------------------------------------------


def _word_terms(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def _idf(n_docs: int, df: int) -> float:
    # scikit-learn's smooth idf.
    return math.log((1 + n_docs) / (1 + df)) + 1.0


class CheckworthyFeatures(TransformerMixin, BaseEstimator):
    """Sparse features of the scorer, built with the same functions the run time uses.

    Columns: word 1-2 grams | char 2-5 grams within words | length features. Each
    text block holds count * idf / sqrt(sum of count * idf^2) (see scorer.py for why
    that form); the char block is multiplied by `char_weight`.
    """

    def __init__(
        self,
        char_weight: float = CHAR_WEIGHT,
        word_min_df: int = WORD_MIN_DF,
        char_min_df: int = CHAR_MIN_DF,
    ) -> None:
        self.char_weight = char_weight
        self.word_min_df = word_min_df
        self.char_min_df = char_min_df

    def fit(self, X: Iterable[str], y: Any = None) -> CheckworthyFeatures:
        """Learn both vocabularies (sorted, so the column order is reproducible) and idf."""
        texts = list(X)
        word_df: Counter[str] = Counter()
        char_df: Counter[str] = Counter()
        grams_of: dict[str, list[str]] = {}
        for text in texts:
            word_df.update(set(_word_terms(sentence_tokens(text))))
            grams: set[str] = set()
            for word in sentence_words(text):
                if word not in grams_of:
                    grams_of[word] = char_ngrams(word)
                grams.update(grams_of[word])
            char_df.update(grams)
        n = len(texts)
        self.word_terms_ = sorted(t for t, c in word_df.items() if c >= self.word_min_df)
        self.char_terms_ = sorted(t for t, c in char_df.items() if c >= self.char_min_df)
        self.word_idf_ = np.array([_idf(n, word_df[t]) for t in self.word_terms_])
        self.char_idf_ = np.array([_idf(n, char_df[t]) for t in self.char_terms_])
        self._index()
        return self

    def _index(self) -> None:
        self.word_index_ = {t: i for i, t in enumerate(self.word_terms_)}
        self.char_index_ = {t: i for i, t in enumerate(self.char_terms_)}

    @property
    def n_word(self) -> int:
        return len(self.word_terms_)

    @property
    def n_char(self) -> int:
        return len(self.char_terms_)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix (CSR, float64) of `X`."""
        word_index, char_index = self.word_index_, self.char_index_
        word_idf, char_idf = self.word_idf_, self.char_idf_
        n_word, n_char = self.n_word, self.n_char
        cols_of: dict[str, list[int]] = {}
        indptr, indices, data = [0], [], []
        for text in X:
            tokens = sentence_tokens(text)
            counts = Counter(word_index[t] for t in _word_terms(tokens) if t in word_index)
            norm = math.sqrt(sum(c * word_idf[i] ** 2 for i, c in counts.items()))
            for i, c in sorted(counts.items()):
                indices.append(i)
                data.append(c * word_idf[i] / norm)

            char_counts: Counter[int] = Counter()
            for word in sentence_words(text):
                cols = cols_of.get(word)
                if cols is None:
                    cols = cols_of[word] = [
                        char_index[g] for g in char_ngrams(word) if g in char_index
                    ]
                char_counts.update(cols)
            norm = math.sqrt(sum(c * char_idf[i] ** 2 for i, c in char_counts.items()))
            for i, c in sorted(char_counts.items()):
                indices.append(n_word + i)
                data.append(self.char_weight * c * char_idf[i] / norm)

            for j, value in enumerate(length_features(len(tokens))):
                if value:
                    indices.append(n_word + n_char + j)
                    data.append(value)
            indptr.append(len(indices))
        shape = (len(indptr) - 1, n_word + n_char + N_LENGTH_FEATURES)
        return sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices), np.asarray(indptr)),
            shape=shape,
        )


# Models --------------------------------------------------------------------------------


def _splitter(folds: int, seed: int) -> StratifiedKFold:
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)


def build_baseline() -> Pipeline:
    """The plain baseline of the issue: TF-IDF word 1-2 grams + LogisticRegression."""
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2))),
            ("lr", LogisticRegression(max_iter=1000)),
        ]
    )


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver=SOLVER, max_iter=MAX_ITER, tol=TOL)


def build_checkworthy(c: float, folds: int = FOLDS, seed: int = SEED) -> Pipeline:
    """Features + LogisticRegression(C=c), Platt-calibrated on `folds`-fold CV decisions.

    ``ensemble=False``: one logistic regression fitted on all the data and one sigmoid
    fitted on out-of-fold decision values, so the whole model stays one linear
    function plus a sigmoid, which the run-time scorer reproduces.
    """
    return Pipeline(
        [
            ("features", CheckworthyFeatures()),
            (
                "model",
                CalibratedClassifierCV(
                    _logistic(c), method="sigmoid", cv=_splitter(folds, seed), ensemble=False
                ),
            ),
        ]
    )


def _inner_decisions(
    texts: np.ndarray, labels: np.ndarray, c_grid: Sequence[float], folds: int, seed: int
) -> np.ndarray:
    """Out-of-fold decision values, one column per C; features fitted per fold."""
    out = np.zeros((len(texts), len(c_grid)))
    for train, test in _splitter(folds, seed).split(texts, labels):
        features = CheckworthyFeatures().fit(texts[train])
        x_train, x_test = features.transform(texts[train]), features.transform(texts[test])
        for j, c in enumerate(c_grid):
            out[test, j] = _logistic(c).fit(x_train, labels[train]).decision_function(x_test)
    return out


def _platt_log_loss(decision: np.ndarray, labels: np.ndarray) -> float:
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(decision.reshape(-1, 1), labels)
    p = np.clip(platt.predict_proba(decision.reshape(-1, 1))[:, 1], 1e-12, 1 - 1e-12)
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


@dataclass
class FitResult:
    """A fitted calibrated pipeline with what model selection found on the training data."""

    model: Pipeline
    c: float
    oof_proba: np.ndarray  # calibrated out-of-fold probabilities on the training data
    thresholds: dict[str, float]
    c_log_loss: dict[float, float]


def fit_checkworthy(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    c_grid: Sequence[float] = C_GRID,
    folds: int = FOLDS,
    seed: int = SEED,
) -> FitResult:
    """Choose C by inner CV, fit the calibrated pipeline, pick thresholds on OOF probabilities.

    Uses only `texts`/`labels`: inside `cross_validate` they are an outer training fold.
    """
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels, dtype=int)
    decisions = _inner_decisions(x, y, c_grid, folds, seed)
    losses = {c: _platt_log_loss(decisions[:, j], y) for j, c in enumerate(c_grid)}
    best = min(c_grid, key=lambda c: (losses[c], c))
    model = build_checkworthy(best, folds, seed).fit(x, y)
    calibrator = model.named_steps["model"].calibrated_classifiers_[0].calibrators[0]
    oof = calibrator.predict(decisions[:, list(c_grid).index(best)])
    thresholds = {m: choose_threshold(y, oof, m) for m in THRESHOLD_METRICS}
    return FitResult(model, best, oof, thresholds, losses)


# Metrics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Binary metrics at one threshold. `f1` is the check-worthy class's F1; `f1_macro`
    the unweighted mean of both classes' F1; `f1_weighted` their mean weighted by
    support (scikit-learn's "weighted avg")."""

    threshold: float
    precision: float
    recall: float
    f1: float
    f1_macro: float
    f1_weighted: float
    accuracy: float
    brier: float
    n: int
    positives: int


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def binary_metrics(labels: Sequence[int], proba: Sequence[float], threshold: float) -> Metrics:
    """Metrics of predicting check-worthy when proba >= threshold."""
    y = np.asarray(labels, dtype=int)
    p = np.asarray(proba, dtype=float)
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = len(y) - tp - fp - fn
    pos, neg = tp + fn, tn + fp
    f1_pos, f1_neg = _f1(tp, fp, fn), _f1(tn, fn, fp)
    n = max(len(y), 1)
    return Metrics(
        threshold=float(threshold),
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / pos if pos else 0.0,
        f1=f1_pos,
        f1_macro=(f1_pos + f1_neg) / 2,
        f1_weighted=(pos * f1_pos + neg * f1_neg) / n,
        accuracy=(tp + tn) / n,
        brier=float(np.mean((p - y) ** 2)) if len(y) else 0.0,
        n=len(y),
        positives=pos,
    )


def choose_threshold(labels: Sequence[int], proba: Sequence[float], metric: str = "f1") -> float:
    """The threshold that maximises `metric` ("f1", "f1_macro" or "f1_weighted").

    Returned as the midpoint between the best cut's probability and the next lower
    one, so that the decision does not hinge on one training sentence's exact score.
    """
    y = np.asarray(labels, dtype=int)
    p = np.asarray(proba, dtype=float)
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    # Candidate cut after each run of equal probabilities: predict positive for ps[:k].
    last = np.r_[ps[1:] != ps[:-1], True]
    tp = np.cumsum(ys)[last].astype(float)
    k = np.arange(1, len(ps) + 1)[last].astype(float)
    pos, n = float(ys.sum()), float(len(ys))
    fp, fn = k - tp, pos - tp
    tn = n - pos - fp
    with np.errstate(divide="ignore", invalid="ignore"):
        f1_pos = np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        f1_neg = np.where(tn > 0, 2 * tn / (2 * tn + fn + fp), 0.0)
    scores = {
        "f1": f1_pos,
        "f1_macro": (f1_pos + f1_neg) / 2,
        "f1_weighted": (pos * f1_pos + (n - pos) * f1_neg) / n,
    }[metric]
    best = int(np.argmax(scores))
    cut_values = ps[last]
    lower = cut_values[best + 1] if best + 1 < len(cut_values) else 0.0
    return float((cut_values[best] + lower) / 2)


@dataclass(frozen=True)
class ReliabilityBin:
    """One row of a reliability table: predictions in [low, high)."""

    low: float
    high: float
    count: int
    mean_predicted: float
    observed: float


def reliability_table(
    labels: Sequence[int], proba: Sequence[float], bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width reliability bins (empty bins omitted)."""
    y = np.asarray(labels, dtype=float)
    p = np.asarray(proba, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            rows.append(
                ReliabilityBin(
                    b / bins,
                    (b + 1) / bins,
                    int(mask.sum()),
                    float(p[mask].mean()),
                    float(y[mask].mean()),
                )
            )
    return rows


# Cross-validation ----------------------------------------------------------------------


@dataclass
class ModelCV:
    """Cross-validated results of one model: pooled out-of-fold metrics per operating point."""

    name: str
    description: str
    points: dict[str, Metrics]  # operating point -> metrics on all outer test folds pooled
    fold_f1: dict[str, list[float]]  # operating point -> positive-class F1 per outer fold
    fold_f1_weighted: dict[str, list[float]]
    oof_proba: np.ndarray
    reliability: list[ReliabilityBin]
    chosen: list[dict[str, Any]] = field(default_factory=list)  # per fold: C, thresholds


@dataclass
class CVReport:
    """What `cross_validate` returns; `format()` renders it as text tables."""

    data: str
    n: int
    positives: int
    folds: int
    seed: int
    models: dict[str, ModelCV]

    def format(self) -> str:
        """Plain-text report: one row per model and operating point, then reliability."""
        lines = [
            f"{self.data}: {self.n} sentences, {self.positives} check-worthy; "
            f"nested stratified {self.folds}-fold CV, seed {self.seed}",
            "F1 = check-worthy class; macro = mean of both classes' F1; "
            "weighted = support-weighted mean (sklearn 'weighted avg')",
            "",
            f"{'model':<12} {'operating point':<24} {'thr':>5} {'P':>6} {'R':>6} {'F1':>6} "
            f"{'macroF1':>8} {'wF1':>6} {'acc':>6} {'Brier':>6}  F1 fold sd",
        ]
        for cv in self.models.values():
            for point, m in cv.points.items():
                sd = statistics.pstdev(cv.fold_f1[point])
                thr = "-" if math.isnan(m.threshold) else f"{m.threshold:.3f}"
                lines.append(
                    f"{cv.name:<12} {point:<24} {thr:>5} {m.precision:6.3f} {m.recall:6.3f} "
                    f"{m.f1:6.3f} {m.f1_macro:8.3f} {m.f1_weighted:6.3f} {m.accuracy:6.3f} "
                    f"{m.brier:6.3f}  {sd:.3f}"
                )
        for cv in self.models.values():
            lines += ["", f"reliability ({cv.name}, pooled out-of-fold probabilities):"]
            lines.append(f"  {'bin':<11} {'n':>5} {'mean p':>7} {'observed':>8}")
            for r in cv.reliability:
                lines.append(
                    f"  {r.low:.1f}-{r.high:.1f}    {r.count:5d} {r.mean_predicted:7.3f} "
                    f"{r.observed:8.3f}"
                )
            if cv.chosen:
                lines.append(f"  chosen per fold: {cv.chosen}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no per-sentence arrays)."""
        return {
            "data": self.data,
            "n": self.n,
            "positives": self.positives,
            "folds": self.folds,
            "seed": self.seed,
            "models": {
                name: {
                    "description": cv.description,
                    "points": {p: asdict(m) for p, m in cv.points.items()},
                    "chosen": cv.chosen,
                }
                for name, cv in self.models.items()
            },
        }


def _outer_fold(
    x: np.ndarray,
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    models: Sequence[str],
    c_grid: Sequence[float],
    folds: int,
    seed: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {"test": test}
    if "baseline" in models:
        # Threshold tuned on the training part only, like ours, for a fair comparison.
        oof = cross_val_predict(
            build_baseline(),
            x[train],
            y[train],
            cv=_splitter(folds, seed),
            method="predict_proba",
        )[:, 1]
        base = build_baseline().fit(x[train], y[train])
        out["baseline"] = {
            "proba": base.predict_proba(x[test])[:, 1],
            "thresholds": {"default 0.5": 0.5, "F1-tuned": choose_threshold(y[train], oof)},
        }
    if "checkworthy" in models:
        fit = fit_checkworthy(x[train], y[train], c_grid=c_grid, folds=folds, seed=seed)
        out["checkworthy"] = {
            "proba": fit.model.predict_proba(x[test])[:, 1],
            "thresholds": {
                "F1-tuned (default)": fit.thresholds["f1"],
                "weighted-F1-tuned": fit.thresholds["f1_weighted"],
                "0.5": 0.5,
            },
            "chosen": {"C": fit.c, **{k: round(v, 4) for k, v in fit.thresholds.items()}},
        }
    return out


_DESCRIPTIONS = {
    "baseline": "TF-IDF word 1-2 grams + LogisticRegression (scikit-learn defaults)",
    "checkworthy": "word 1-2 grams + char 2-5 grams + length, LR (C by inner CV), Platt",
}


def cross_validate(
    texts: Sequence[str] | None = None,
    labels: Sequence[int] | None = None,
    *,
    models: Sequence[str] = ("baseline", "checkworthy"),
    folds: int = FOLDS,
    seed: int = SEED,
    c_grid: Sequence[float] = C_GRID,
    jobs: int = 1,
    data_name: str | None = None,
) -> CVReport:
    """Nested stratified k-fold CV of the baseline and/or the check-worthiness model.

    `texts`/`labels` default to the ClaimBuster training set; pass any labeled data
    (e.g. from `load_labeled(path)`) to cross-validate on it instead. Every threshold
    and C is chosen on the outer training part only; metrics pool the outer test parts.
    `jobs` runs outer folds in parallel (results do not depend on it).
    """
    if texts is None:
        if labels is not None:
            raise ValueError("labels given without texts")
        path = default_data_path()
        texts, labels = load_labeled(path)
        data_name = data_name or f"ClaimBuster ({path.name})"
    if labels is None or len(labels) != len(texts):
        raise ValueError("labels must be given, one per text")
    unknown = set(models) - set(_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"unknown models: {sorted(unknown)}")
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels, dtype=int)
    splits = list(_splitter(folds, seed).split(x, y))
    results = Parallel(n_jobs=jobs)(
        delayed(_outer_fold)(x, y, train, test, models, c_grid, folds, seed)
        for train, test in splits
    )
    report: dict[str, ModelCV] = {}
    for name in models:
        proba = np.zeros(len(y))
        points = list(results[0][name]["thresholds"])
        pred = {pt: np.zeros(len(y)) for pt in points}
        fold_f1: dict[str, list[float]] = {pt: [] for pt in points}
        fold_wf1: dict[str, list[float]] = {pt: [] for pt in points}
        for res in results:
            test, r = res["test"], res[name]
            proba[test] = r["proba"]
            for pt, t in r["thresholds"].items():
                # Pool hard decisions made at each fold's own threshold.
                pred[pt][test] = r["proba"] >= t
                m = binary_metrics(y[test], r["proba"], t)
                fold_f1[pt].append(m.f1)
                fold_wf1[pt].append(m.f1_weighted)
        pooled = {}
        for pt in points:
            m = binary_metrics(y, pred[pt], 0.5)
            thresholds = [res[name]["thresholds"][pt] for res in results]
            pooled[pt] = Metrics(
                **{
                    **asdict(m),
                    "threshold": float(np.mean(thresholds)),
                    "brier": float(np.mean((proba - y) ** 2)),
                }
            )
        report[name] = ModelCV(
            name=name,
            description=_DESCRIPTIONS[name],
            points=pooled,
            fold_f1=fold_f1,
            fold_f1_weighted=fold_wf1,
            oof_proba=proba,
            reliability=reliability_table(y, proba),
            chosen=[res[name]["chosen"] for res in results if "chosen" in res[name]],
        )
    return CVReport(
        data=data_name or "labeled data",
        n=len(y),
        positives=int(y.sum()),
        folds=folds,
        seed=seed,
        models=report,
    )


def evaluate_scorer(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    scorer: Scorer | None = None,
    threshold: float | None = None,
) -> Metrics:
    """The shipped model (no training) on held-out labeled sentences, at `threshold`
    (default: the model's own threshold)."""
    scorer = scorer or Scorer.load()
    proba = scorer.score(list(texts))
    return binary_metrics(labels, proba, scorer.threshold if threshold is None else threshold)


# Export --------------------------------------------------------------------------------


def _blob(items: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def export_model(fit: FitResult, path: Path, extra_meta: dict[str, Any]) -> dict[str, Any]:
    """Write the fitted pipeline as the .npz the run-time scorer reads; returns its meta."""
    features: CheckworthyFeatures = fit.model.named_steps["features"]
    pair = fit.model.named_steps["model"].calibrated_classifiers_[0]
    lr, calibrator = pair.estimator, pair.calibrators[0]
    coef = lr.coef_[0].astype(np.float64)
    nw, nc = features.n_word, features.n_char
    arrays = {
        "word_terms": _blob(features.word_terms_),
        "word_coef": coef[:nw],
        "word_idf": features.word_idf_,
        "char_terms": _blob(features.char_terms_),
        "char_coef": coef[nw : nw + nc],
        "char_idf": features.char_idf_,
        "length_coef": coef[nw + nc :],
    }
    digest = hashlib.sha256()
    for key in sorted(arrays):
        digest.update(key.encode())
        digest.update(np.ascontiguousarray(arrays[key]).tobytes())
    meta = {
        "format": MODEL_FORMAT,
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "fingerprint": digest.hexdigest()[:16],
        "threshold": fit.thresholds["f1"],
        "thresholds": fit.thresholds,
        "intercept": float(lr.intercept_[0]),
        "calibration": {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)},
        "features": {
            "char_range": list(CHAR_RANGE),
            "char_weight": features.char_weight,
            "word_min_df": features.word_min_df,
            "char_min_df": features.char_min_df,
            "n_word": nw,
            "n_char": nc,
        },
        "C": fit.c,
        **extra_meta,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8), **arrays
    )
    return meta


def measure_speed(path: Path, sentences: Sequence[str], rounds: int = 5) -> dict[str, float]:
    """Microseconds per sentence on one core: first pass of a freshly loaded scorer
    (word caches hold only the vocabulary) and the best of `rounds` warm passes.
    CPU time of this process, so other load on the machine barely skews it."""
    scorer = Scorer.from_file(path)
    start = time.process_time()
    scorer.score(sentences)
    fresh = time.process_time() - start
    warm = math.inf
    for _ in range(rounds):
        start = time.process_time()
        scorer.score(sentences)
        warm = min(warm, time.process_time() - start)
    n = max(len(sentences), 1)
    return {"fresh_us": fresh / n * 1e6, "warm_us": warm / n * 1e6, "sentences": len(sentences)}


# Command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, fit on all data, write the model file, check parity and speed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="labeled JSON/JSONL")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--jobs", type=int, default=min(FOLDS, os.cpu_count() or 1))
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--cv-json", type=Path, default=None, help="also write CV as JSON")
    args = parser.parse_args(argv)

    data = args.data or default_data_path()
    texts, labels = load_labeled(data)
    print(f"data: {data} ({len(texts)} sentences, {sum(labels)} check-worthy)", flush=True)

    cv_summary: dict[str, Any] = {}
    if not args.no_cv:
        started = time.perf_counter()
        report = cross_validate(texts, labels, jobs=args.jobs, data_name=str(data.name))
        print(report.format())
        print(f"(cross-validation took {time.perf_counter() - started:.0f} s)\n", flush=True)
        cv_summary = report.to_dict()
        if args.cv_json:
            args.cv_json.write_text(json.dumps(cv_summary, indent=2) + "\n", encoding="utf-8")

    fit = fit_checkworthy(texts, labels)
    meta = export_model(
        fit,
        args.out,
        {
            "training": {
                "data": "ClaimBuster two-class train.json (US presidential debates 1960-2016)",
                "citation": CITATION,
                "sha256": hashlib.sha256(Path(data).read_bytes()).hexdigest(),
                "n": len(texts),
                "positives": int(sum(labels)),
                "seed": SEED,
                "folds": FOLDS,
                "c_grid": list(C_GRID),
                "sklearn": sklearn.__version__,
            },
            "cv": {n: v["points"] for n, v in cv_summary.get("models", {}).items()},
        },
    )
    size = args.out.stat().st_size
    print(
        f"model: {args.out} ({size / 1e6:.2f} MB), C={fit.c}, "
        f"thresholds={ {k: round(v, 4) for k, v in fit.thresholds.items()} }, "
        f"Platt a={meta['calibration']['a']:.4f} b={meta['calibration']['b']:.4f}"
    )

    scorer = Scorer.from_file(args.out)
    sample = texts[:2000]
    diff = np.max(np.abs(np.asarray(scorer.score(sample)) - fit.model.predict_proba(sample)[:, 1]))
    print(f"parity: max |runtime - sklearn predict_proba| = {diff:.2e} on {len(sample)} sentences")
    mid = [t for t in texts if 20 <= len(t.split()) <= 30]
    speed = measure_speed(args.out, mid)
    print(
        f"speed: {speed['warm_us']:.1f} us/sentence warm, {speed['fresh_us']:.1f} us first pass "
        f"after load ({len(mid)} sentences of 20-30 words, one core)"
    )
    return 0 if diff < 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
