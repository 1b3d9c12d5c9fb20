"""Shares in words read as percentages, and what a percentage is a share of."""

from __future__ import annotations

import pytest

from annotations.claims.facts import describe


def share(sentence: str):
    figures = [f for f in describe(sentence).figures if f.measure.startswith("per cent")]
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "measure"),
    [
        ("One in four primary school teachers stayed away.", "One in four", 25, "teacher"),
        ("Only about two in five registered voters took part.", "about two in five", 40, "turnout"),
        ("One ballot in 16 was declared invalid.", "One ballot in 16", 6.25, "ballot"),
        ("Two-thirds of high-speed trains were cancelled.", "Two-thirds", 66.67, "train"),
        ("Officials said a third of the flights were cancelled.", "a third", 33.33, "flight"),
        ("The ministry said 24% of primary school teachers had stopped work.", "24", 24, "teacher"),
        ("Turnout in the district was 41.3 percent, the commission said.", "41.3", 41.3, "turnout"),
        ("Utilities said 80 percent of Cagayan's households lost power.", "80", 80, "household"),
    ],
)
def test_shares_and_what_they_are_shares_of(sentence, text, value, measure):
    f = share(sentence)
    assert (f.text, round(f.value, 2), f.measure) == (text, value, f"per cent|{measure}")


def test_a_share_in_words_is_a_rounded_figure():
    f = share("Only about two in five registered voters took part.")
    assert (f.low, f.high) == pytest.approx((36, 44))
    assert share("More than one in three flights were cancelled.").low == pytest.approx(33.33, 0.01)


def test_a_percentage_of_nothing_named_stays_generic():
    assert describe("The figure was 5 percent, officials said.").figures[0].measure == "per cent"
    # a rise or a fall is a change, still of nothing named
    assert describe("Prices rose 5 percent last year.").figures[0].measure == "per cent|change"


def test_a_share_of_a_thing_and_a_count_of_it_are_related():
    from annotations.claims.compare import RELATED
    from annotations.claims.matching import ClaimIndex

    index = ClaimIndex()
    a = index.add("a", 1, "About 6 percent of the ballots cast in Shiraki were annulled.")
    b = index.add("b", 2, "The Shiraki commission annulled 2,310 ballots as invalid.")
    assert index.relate(a, b).relation == RELATED
