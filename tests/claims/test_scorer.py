"""The check-worthiness scorer: packaged model, calibrated scores, bad input, and parity
of the plain-Python run time with scikit-learn's predict_proba."""

from __future__ import annotations

import json
import math
import re

import pytest

from annotations.claims.scorer import DEFAULT_MODEL_PATH, Scorer, normalize_token, sentence_tokens

# Written for these tests (not taken from the seeds or any held-out set): news-style
# sentences a fact-check desk would want checked, and ones it would not.
NEWS_CHECKWORTHY = [
    "Unemployment fell to 3.9 percent in March, the lowest rate since 2001, the Labor "
    "Department said on Friday.",
    "The company reported revenue of $4.2 billion for the third quarter, up 12 percent from "
    "a year earlier.",
    "At least 37 people were killed and more than 200 injured when the earthquake struck on "
    "Tuesday, according to local officials.",
    "The city council approved a $1.5 million budget for road repairs in a 7-2 vote on Monday.",
    "The defence minister told reporters that the government had sent 5,000 troops to the "
    "border region.",
    "Exports to China dropped by 18 per cent last year, according to customs data.",
    "The bridge, completed in 1932, carries about 160,000 vehicles a day.",
    "Police arrested 14 people after protesters blocked the motorway for six hours on Sunday.",
    "The ministry confirmed that two warships had entered the strait on October 3.",
    "Inflation has risen for four consecutive months and now stands at 6.2 percent, the "
    "central bank said.",
    "The vaccine was 91 percent effective against severe illness in a trial of 30,000 volunteers.",
    "Average rents in the capital rose by 9 percent in 2023, the fastest increase in a decade.",
    "Officials said the fire destroyed more than 1,200 homes and forced 40,000 residents to "
    "evacuate.",
    "The agency estimated that nearly half of the country’s wheat harvest was lost to the drought.",
]
NEWS_NOT_CHECKWORTHY = [
    "What does this mean for ordinary families?",
    "It is hard not to feel a sense of despair watching these events unfold.",
    "The coming months may prove even more difficult for the government.",
    "We should all be asking ourselves whether this is the country we want to live in.",
    "Share this article",
    "Thank you for reading.",
    "The decision is, frankly, a disgrace.",
    "Only time will tell whether the gamble pays off.",
    "Sign up for our newsletter to get the latest updates.",
    "I think this is a wonderful opportunity for everyone involved.",
    "Could this be the beginning of the end?",
    "It remains to be seen how voters will react.",
    "Let us hope that cooler heads prevail.",
    "Photo: Getty Images",
]
BAD_INPUT = [
    "",
    " ",
    "\n\t \u00a0",
    "😀🔥🎉",
    "Troops 🚀 arrived 😀 at 12:00 🇺🇦",
    "\u200b\u200d",
    "\x00\x01",
    "?",
    "...",
    "x" * 100_000,
    " ".join(["soldiers"] * 20_000),
    "Це речення українською: 12 000 солдатів прибули 3 березня.",
    "北朝鮮の兵士1万2000人がロシアに派遣された。",
    "Mixed ‘quotes’ “here” — and 3/4/2024, 1.2.3.4, 99%, $5bn, £3, €7!",
    "İSTANBUL ǅ ß ﬁ",
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_packaged_model_is_small_and_loads_once(scorer):
    assert DEFAULT_MODEL_PATH.is_file()
    assert DEFAULT_MODEL_PATH.stat().st_size < 3_000_000
    assert Scorer.load() is scorer
    assert Scorer.load(DEFAULT_MODEL_PATH) is scorer
    assert scorer.name and scorer.version
    assert scorer.label == f"{scorer.name}/{scorer.version}"
    assert 0.0 < scorer.threshold < 1.0
    assert scorer.thresholds["f1"] == scorer.threshold


def test_scores_are_probabilities_one_per_sentence(scorer):
    sentences = NEWS_CHECKWORTHY + NEWS_NOT_CHECKWORTHY
    scores = scorer.score(sentences)
    assert len(scores) == len(sentences)
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert scorer.score([]) == []


def test_a_statistic_scores_above_an_opinion(scorer):
    statistic, opinion = scorer.score(
        [
            "North Korea has sent nearly 12,000 troops to Russia, including 500 officers, "
            "according to Ukraine's military intelligence.",
            "It boggles my mind how this isn't a front-page headline everywhere.",
        ]
    )
    assert statistic > scorer.threshold > opinion
    assert statistic - opinion > 0.5


def test_news_like_sentences_are_ranked_and_thresholded_sensibly(scorer):
    positive = scorer.score(NEWS_CHECKWORTHY)
    negative = scorer.score(NEWS_NOT_CHECKWORTHY)
    pairs = [p > n for p in positive for n in negative]
    assert sum(pairs) / len(pairs) >= 0.95  # ROC AUC on this small set
    recall = sum(p >= scorer.threshold for p in positive) / len(positive)
    specificity = sum(n < scorer.threshold for n in negative) / len(negative)
    assert recall >= 0.85
    assert specificity >= 0.85


def test_bad_input_gives_finite_probabilities(scorer):
    scores = scorer.score(BAD_INPUT)
    assert len(scores) == len(BAD_INPUT)
    assert all(math.isfinite(s) and 0.0 <= s <= 1.0 for s in scores)
    empty, blank = scores[0], scores[1]
    assert empty == blank < scorer.threshold


def test_scores_do_not_depend_on_batching_or_the_word_cache(scorer):
    sentences = NEWS_CHECKWORTHY[:4] + BAD_INPUT[:5] + NEWS_NOT_CHECKWORTHY[:4]
    batch = scorer.score(sentences)
    one_by_one = [scorer.score([s])[0] for s in sentences]
    fresh = Scorer.__new__(Scorer)
    fresh.__dict__.update(scorer.__dict__)
    fresh._caches = ({}, {})
    assert batch == one_by_one
    assert fresh.score(sentences) == pytest.approx(batch, abs=1e-12)


def test_word_by_word_tokens_equal_whole_sentence_tokens():
    # The scorer caches tokens per whitespace-separated word; that is only valid if
    # tokenising the whole sentence gives the same tokens.
    from annotations.claims.scorer import _TOKEN

    for text in NEWS_CHECKWORTHY + NEWS_NOT_CHECKWORTHY + BAD_INPUT[:9] + BAD_INPUT[11:]:
        whole = [normalize_token(t) for t in _TOKEN.findall(text.lower())]
        assert sentence_tokens(text) == whole


def test_numbers_are_reduced_to_their_shape():
    assert sentence_tokens("Nearly 12,000 troops; 3,800 killed in 2024.") == [
        "nearly", "00,000", "troops", "0,000", "killed", "in", "0000",
    ]  # fmt: skip
    assert sentence_tokens("Russia’s") == sentence_tokens("Russia's") == ["russia's"]


# Parity with scikit-learn and the training module's API (needs scikit-learn). --------


@pytest.fixture(scope="module")
def training():
    pytest.importorskip("sklearn")
    from annotations.claims.training import train_scorer

    return train_scorer


def test_runtime_matches_sklearn_predict_proba(scorer, training):
    """Refit the shipped pipeline (same data, C and seed) with scikit-learn and compare
    its predict_proba with the plain-Python scorer reading the model file."""
    data = training.default_data_path()
    if not data.is_file():
        pytest.skip(f"ClaimBuster data not found at {data}")
    texts, labels = training.load_labeled(data)
    model = training.build_checkworthy(scorer.meta["C"]).fit(texts, labels)
    sample = texts[::7] + NEWS_CHECKWORTHY + NEWS_NOT_CHECKWORTHY + BAD_INPUT
    expected = model.predict_proba(sample)[:, 1]
    got = scorer.score(sample)
    worst = max(abs(a - b) for a, b in zip(got, expected, strict=True))
    assert worst < 1e-6


def test_cross_validate_and_evaluate_a_labeled_file(tmp_path, training):
    numbers = [
        f"The report found that {n} people lost their jobs in {2000 + n % 20}." for n in range(30)
    ]
    opinions = [f"I really think reason {n} is what matters most to all of us." for n in range(30)]
    path = tmp_path / "labeled.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": t, "label": int(t in numbers)}) for t in numbers + opinions),
        encoding="utf-8",
    )
    texts, labels = training.load_labeled(path)
    assert len(texts) == 60 and sum(labels) == 30

    report = training.cross_validate(texts, labels, folds=3, c_grid=(1.0,), data_name="toy")
    assert set(report.models) == {"baseline", "checkworthy"}
    ours = report.models["checkworthy"].points["F1-tuned (default)"]
    assert ours.f1 == pytest.approx(1.0)
    assert "checkworthy" in report.format()
    json.dumps(report.to_dict())

    held_out = training.evaluate_scorer(texts, labels)
    assert held_out.n == 60 and held_out.recall >= 0.9


def test_load_labeled_reads_json_lists_and_rejects_bad_labels(tmp_path, training):
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"text": "a", "label": True}, {"text": "b", "label": 0}]))
    assert training.load_labeled(good) == (["a", "b"], [1, 0])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "label": 1}\n{"text": "b", "label": "maybe"}\n')
    with pytest.raises(ValueError, match=re.escape(f"{bad}:2")):
        training.load_labeled(bad)
