from __future__ import annotations

import pytest

from annotations.claims import default_engine
from annotations.claims.engine import ClaimsEngine
from tests.claims.seeds import SEEDS, seed_text


@pytest.fixture(scope="module")
def engine() -> ClaimsEngine:
    return default_engine()


def claims(engine, text):
    return [(text[c.start : c.end], c) for c in engine.propose(text)]


def claim_containing(engine, text, part):
    found = [c for t, c in claims(engine, text) if part in t]
    assert found, f"no claim contains {part!r}"
    return found[0]


def test_default_engine_is_the_claims_engine(engine):
    assert isinstance(engine, ClaimsEngine)
    assert engine.label.startswith("claims/")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_claims_have_valid_offsets_scores_and_attrs(engine, name):
    text = seed_text(name)
    found = engine.propose(text)
    assert found
    for c in found:
        assert 0 <= c.start < c.end <= len(text)
        assert 0.0 <= c.score <= 1.0
        assert c.kind in {"statistic", "quote", "attribution", "event", "comparison"}
        for q in c.attrs["quantities"]:
            assert text[q["start"] : q["end"]] == q["text"]
            assert c.start <= q["start"] < q["end"] <= c.end
        for d in c.attrs["dates"]:
            assert text[d["start"] : d["end"]] == d["text"]
        a = c.attrs["attribution"]
        if a is not None:
            assert text[a["start"] : a["end"]] == a["speaker"]


def test_statistic_with_hedge_and_source(engine):
    text = seed_text("001_128c069731b0f79c.txt")
    claim = claim_containing(engine, text, "nearly 12,000 troops")
    assert claim.kind == "statistic"
    (first, *_) = claim.attrs["quantities"]
    assert (first["value"], first["qualifier"]) == (12000.0, "at_most")
    assert "military intelligence" in claim.attrs["attribution"]["speaker"]


def test_quote_spanning_sentences_is_attributed_to_its_speaker(engine):
    text = seed_text("003_6e8753039f9101b6.txt")
    claim = claim_containing(engine, text, "North Korea already sends significant munitions")
    assert claim.kind == "quote"
    assert claim.attrs["attribution"]["speaker"] == "Healey"


def test_comparison(engine):
    text = seed_text("001_128c069731b0f79c.txt")
    claim = claim_containing(engine, text, "marking the longest flight time yet")
    assert claim.kind in {"statistic", "comparison"}


@pytest.mark.parametrize(
    "part",
    [
        "It boggles my mind",  # opinion
        "Are we collectively numb",  # question
        "The upcoming deployment could escalate",  # prediction
        "Stavros Atlamazoglou is a seasoned",  # author bio, with a number in it
        "Read More",  # debris
        "North Korean Troops Are Now Close to Fighting",  # headline
        "North Korea launched ...",  # truncated snippet
        "The international community is closely watching",  # commentary
    ],
)
def test_not_claims(engine, part):
    for name in SEEDS:
        text = seed_text(name)
        assert not [t for t, _ in claims(engine, text) if part in t], name


def test_clause_with_fact_is_kept_and_speculation_dropped(engine):
    text = seed_text("000_cdf64f851bd72d67.txt")
    texts = [t for t, _ in claims(engine, text)]
    assert "Kim Jong-Un's forces have been fighting in Russia's Kursk Oblast so far" in texts
    assert not [t for t in texts if t.startswith("soon may be sent")]


@pytest.mark.parametrize(
    "text",
    ["", "   \n \t", "Read More\nShare.\nAdvertisement", "???", "👍🏽👍🏽👍🏽"],
)
def test_empty_whitespace_and_boilerplate_give_nothing(engine, text):
    assert engine.propose(text) == []


def test_hostile_input_keeps_valid_offsets(engine):
    text = (
        "no punctuation at all and 12,000 troops " * 300
        + "\n北朝鮮は兵士12,000人をロシアに派遣した。 👍🏽 e\u0301\n"
        + "Officials said 3,000 soldiers arrived in May. " * 100
    )
    for c in engine.propose(text, min_score=0):
        assert 0 <= c.start < c.end <= len(text)


def test_same_text_same_claims(engine):
    text = seed_text("002_a01101e59fe44603.txt")
    assert engine.propose(text) == engine.propose(text)


def test_min_score_zero_prints_every_candidate(engine):
    text = seed_text("001_128c069731b0f79c.txt")
    assert len(engine.propose(text, min_score=0)) > len(engine.propose(text))
