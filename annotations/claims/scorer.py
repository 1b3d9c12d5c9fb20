"""Calibrated check-worthiness scorer: plain Python + numpy at run time, no scikit-learn.

The model is a logistic regression over three blocks of features, trained on the
ClaimBuster debate sentences (Arslan, Hassan, Li, Tremayne, ICWSM 2020) by
`annotations.claims.training.train_scorer`, then calibrated with Platt scaling:

- word unigrams and bigrams, TF-IDF, normalised by sqrt(sum of count * idf^2);
- character 2-5-grams inside whitespace-separated words (with a space on each side
  of the word, like scikit-learn's ``char_wb``), same weighting;
- four sentence-length features.

Digits become ``0`` and curly quotes straight ones before any n-gram is taken, so
"12,000" and "3,800" share the shape ``00,000`` and "Russia’s" is "russia's".

Both text blocks are normalised by sqrt(sum of count * idf^2) rather than the exact
L2 norm (which would use count^2): the two differ only when a term repeats inside a
sentence (a 0.001 drop in cross-validated ROC AUC), and this form makes every
block a sum over tokens. That lets the scorer cache one complex number per distinct
word (real part: weighted sum, imaginary part: norm contribution) and score a
25-word sentence in about 12 microseconds once its words are cached. The training
code builds the same features as a sparse matrix from the functions below, so the two
cannot drift.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from itertools import chain, islice, repeat
from operator import add
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MAX_WORD_CHARS",
    "MODEL_FORMAT",
    "Scorer",
    "char_ngrams",
    "length_features",
    "normalize_token",
    "sentence_tokens",
    "sentence_words",
    "word_tokens",
]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "checkworthy.npz"
MODEL_FORMAT = 1

# Shared featurization ---------------------------------------------------------------
# Training (annotations.claims.training) builds its sparse matrices with exactly these
# functions; the scorer below computes the same sums through per-word caches.

# Words (letters, inner apostrophes), numbers with inner separators, and the few
# symbols that carry signal in claims: money, per cent, question and exclamation marks.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:/]\d+)*|[$%?£€!]")
# Digits to 0 (number shape, not value), curly quotes to straight (news vs transcripts).
_NORMALIZE = str.maketrans("0123456789‘’“”", "0000000000''\"\"")
CHAR_RANGE = (2, 5)
N_LENGTH_FEATURES = 4


def normalize_token(token: str) -> str:
    """Map digits to ``0`` and curly quotes to straight ones (input already lower case)."""
    return token.translate(_NORMALIZE)


def word_tokens(word: str) -> list[str]:
    """Normalised word tokens inside one lower-cased whitespace-separated word."""
    return [normalize_token(t) for t in _TOKEN.findall(word)]


def sentence_tokens(text: str) -> list[str]:
    """Normalised word tokens of a sentence: the unit of the word n-gram block.

    Tokens never contain white space, so tokenising word by word gives the same list
    as tokenising the whole sentence, and lets the scorer cache tokens per word.
    """
    return [t for word in text.lower().split() for t in word_tokens(word)]


def sentence_words(text: str) -> list[str]:
    """Normalised whitespace-separated words: the unit of the character n-gram block."""
    return [normalize_token(w) for w in text.lower().split()]


# Character n-grams look at the first 62 characters of a word (the longest word in the
# training data has 31): it bounds the cost of URLs and of text without spaces.
MAX_WORD_CHARS = 62


def _gram_slices(size: int) -> tuple[slice, ...]:
    return tuple(slice(i, i + n) for n in (2, 3, 4, 5) for i in range(size - n + 1))


# Slices of every 2-5-gram per padded length: mapping a word's __getitem__ over them
# builds its n-grams without a Python-level loop.
_SLICES = [_gram_slices(size) for size in range(MAX_WORD_CHARS + 3)]


def char_ngrams(word: str) -> list[str]:
    """Character 2-5-grams of `` word `` (its first MAX_WORD_CHARS characters, padded
    with one space on each side)."""
    padded = f" {word[:MAX_WORD_CHARS]} "
    return list(map(padded.__getitem__, _SLICES[len(padded)]))


def length_features(n_tokens: int) -> tuple[float, float, float, float]:
    """Sentence length: the normalised n-gram blocks cannot see it, and very short
    ("Thank you.") or rambling sentences are rarely check-worthy."""
    return (
        math.log1p(n_tokens) / 3.0,
        float(n_tokens <= 6),
        float(n_tokens <= 12),
        float(n_tokens >= 40),
    )


def _split_terms(blob: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


# Run time ---------------------------------------------------------------------------

_ZERO = repeat(0j)  # endless default for map(dict.get, keys, _ZERO): misses add 0
_CACHE_LIMIT = 200_000  # distinct words kept in the per-word caches before clearing


class Scorer:
    """Check-worthiness probabilities for sentences, from the shipped model file.

    `score()` returns calibrated probabilities (Platt scaling fitted on
    cross-validated decision values); `threshold` is the default decision threshold
    stored with the model (chosen for F1 of the check-worthy class on CV).
    Safe to share between threads: the per-word caches are only added to, or replaced.
    """

    _loaded: ClassVar[dict[Path, Scorer]] = {}
    _load_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, arrays: dict[str, np.ndarray], path: Path | None = None) -> None:
        meta: dict[str, Any] = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != MODEL_FORMAT:
            raise ValueError(f"unsupported check-worthiness model format: {meta.get('format')}")
        feats = meta["features"]
        if tuple(feats["char_range"]) != CHAR_RANGE:
            raise ValueError("model was trained with a different character n-gram range")
        self.meta = meta
        self.path = path
        self.name: str = meta["name"]
        self.version: str = meta["version"]
        self.threshold: float = float(meta["threshold"])
        self.thresholds: dict[str, float] = {k: float(v) for k, v in meta["thresholds"].items()}
        self._intercept = float(meta["intercept"])
        self._cal_a = float(meta["calibration"]["a"])
        self._cal_b = float(meta["calibration"]["b"])
        self._length_coef = [float(c) for c in arrays["length_coef"]]

        # Each term becomes coef*idf + 1j*idf^2: summing a sentence's terms gives the dot
        # product (real part) and the squared norm (imaginary part) in one C-level sum().
        unigrams: list[tuple[str, complex]] = []
        bigrams: list[tuple[str, complex]] = []
        for term, c, idf in zip(
            _split_terms(arrays["word_terms"]),
            arrays["word_coef"].tolist(),
            arrays["word_idf"].tolist(),
            strict=True,
        ):
            (bigrams if " " in term else unigrams).append((term, complex(c * idf, idf * idf)))
        # Unigrams by id; the last slot (0j) is the id of every out-of-vocabulary token.
        self._uni_id = {term: i for i, (term, _) in enumerate(unigrams)}
        self._oov = len(unigrams)
        self._uni_value = [value for _, value in unigrams] + [0j]
        # Bigrams keyed by the int id1 * width + id2: cheaper to build and hash than
        # strings or tuples. A bigram in the vocabulary has both unigrams in it.
        self._width = len(unigrams) + 1
        self._bigrams: dict[int, complex] = {}
        for term, value in bigrams:
            first, second = term.split(" ")
            key = self._uni_id[first] * self._width + self._uni_id[second]
            self._bigrams[key] = value
        weight = float(feats["char_weight"])
        self._grams: dict[str, complex] = {
            g: complex(weight * c * idf, idf * idf)
            for g, c, idf in zip(
                _split_terms(arrays["char_terms"]),
                arrays["char_coef"].tolist(),
                arrays["char_idf"].tolist(),
                strict=True,
            )
        }
        # Per raw lower-cased word: its char-block sum and its tokens' unigram ids. One
        # attribute holding both, replaced (never cleared) when full, so a concurrent
        # call always sees a matching pair.
        self._caches: tuple[dict[str, complex], dict[str, tuple[int, ...]]] = ({}, {})
        # Pre-fill with the vocabulary's words (~8k, ~50 ms): a fresh worker's first
        # documents then mostly hit the cache instead of paying ~5 us per new word.
        self._fill(list(self._uni_id))

    @classmethod
    def load(cls, path: Path | None = None) -> Scorer:
        """The scorer for the model file at `path` (default: the packaged model), cached."""
        key = Path(path).resolve() if path is not None else DEFAULT_MODEL_PATH
        scorer = cls._loaded.get(key)
        if scorer is None:
            with cls._load_lock:
                scorer = cls._loaded.get(key)
                if scorer is None:
                    scorer = cls._loaded[key] = cls.from_file(key)
        return scorer

    @classmethod
    def from_file(cls, path: Path) -> Scorer:
        """A new scorer read from the .npz at `path` (uncached; prefer `load`)."""
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return cls(arrays, Path(path))

    @property
    def label(self) -> str:
        return f"{self.name}/{self.version}"

    def score(self, sentences: Sequence[str]) -> list[float]:
        """Calibrated probability in [0, 1] that each sentence is check-worthy."""
        a, b = self._cal_a, self._cal_b
        return [_platt(a * z + b) for z in self.decision_function(sentences)]

    def decision_function(self, sentences: Sequence[str]) -> list[float]:
        """Uncalibrated logistic-regression scores (log-odds before Platt scaling)."""
        if isinstance(sentences, str):
            raise TypeError("expected a sequence of sentences, not one string")
        # Locals and C-level map()/sum() throughout: this loop is the engine's hot path.
        word_chars, word_ids = self._caches
        chars_get, ids_get = word_chars.get, word_ids.get
        uni_value = self._uni_value.__getitem__
        bi_get = self._bigrams.get
        shift = self._width.__mul__
        chain_ids = chain.from_iterable
        sqrt, log1p = math.sqrt, math.log1p
        intercept = self._intercept
        l0, l1, l2, l3 = self._length_coef
        out: list[float] = []
        for sentence in sentences:
            words = sentence.lower().split()
            parts = list(map(chars_get, words))
            if None in parts:
                parts, ids = self._fill(words)
            else:
                ids = list(chain_ids(map(ids_get, words)))
            total = intercept
            zc = sum(parts)
            if zc.imag > 0:
                total += zc.real / sqrt(zc.imag)
            if ids:
                keys = map(add, map(shift, ids), islice(ids, 1, None))
                z = sum(map(uni_value, ids)) + sum(map(bi_get, keys, _ZERO))
                if z.imag > 0:
                    total += z.real / sqrt(z.imag)

            n = len(ids)
            total += l0 * (log1p(n) / 3.0)
            if n <= 6:
                total += l1
            if n <= 12:
                total += l2
            if n >= 40:
                total += l3
            out.append(total)
        return out

    def _fill(self, words: list[str]) -> tuple[list[complex], list[int]]:
        """Both per-word entries for the words of one sentence, computing and caching
        the missing ones (the same features as `word_tokens` and `char_ngrams`)."""
        chars, ids = self._caches
        if len(chars) > _CACHE_LIMIT:
            chars, ids = self._caches = ({}, {})
        grams_get, uni_id, oovs = self._grams.get, self._uni_id.get, repeat(self._oov)
        findall, translate, tables = _TOKEN.findall, str.translate, repeat(_NORMALIZE)
        parts: list[complex] = []
        all_ids: list[int] = []
        for word in words:
            part = chars.get(word)
            word_ids = ids.get(word)
            if part is None or word_ids is None:
                word_ids = tuple(map(uni_id, map(translate, findall(word), tables), oovs))
                padded = f" {word[:MAX_WORD_CHARS].translate(_NORMALIZE)} "
                grams = map(padded.__getitem__, _SLICES[len(padded)])
                part = sum(map(grams_get, grams, _ZERO), 0j)
                if len(word) <= MAX_WORD_CHARS:  # not worth keeping URLs and junk
                    ids[word] = word_ids
                    chars[word] = part
            parts.append(part)
            all_ids.extend(word_ids)
        return parts, all_ids


def _platt(t: float) -> float:
    """1 / (1 + exp(t)) without overflow (scikit-learn's sigmoid calibration)."""
    if t >= 0:
        e = math.exp(-t)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(t))
