"""The rule-based engine: sentences that state a number or report speech become claims."""

from __future__ import annotations

import pytest

from annotations.claims import Proposal, SimpleEngine, default_engine


def propose(text: str) -> list[tuple[str, str]]:
    return [(text[p.start : p.end], p.kind) for p in SimpleEngine().propose(text)]


def test_default_engine_is_labelled_with_name_and_version():
    engine = default_engine()
    assert (engine.name, engine.version, engine.label) == ("simple", "1", "simple/1")


def test_sentence_with_a_number_is_a_statistic():
    text = "Officials counted nearly 12,000 soldiers near the border."
    assert propose(text) == [(text, "statistic")]


def test_number_words_count_as_numbers():
    text = "Thousands of soldiers arrived at the base last week."
    assert propose(text) == [(text, "statistic")]


def test_reported_speech_without_a_number_is_an_attribution():
    text = "The troops are in Kursk, according to US officials."
    assert propose(text) == [(text, "attribution")]


def test_number_and_attribution_score_higher_than_either_alone():
    both, number, said = SimpleEngine().propose(
        "Ukraine said 3,000 troops arrived there. "
        "Some 3,000 troops arrived there last week. "
        "Ukraine said troops arrived there last week."
    )
    assert both.score > number.score > said.score


@pytest.mark.parametrize(
    "text",
    [
        "The weather was pleasant that day in the city.",
        "Read More about the 12,000 troops sent to Russia",
        "Image credit: 12,000 troops on parade, Reuters photo",
        "Were 12,000 troops really sent to Russia last year?",
        "Troops could number 12,000 by the end of the year.",
        "About 12,000 troops.",
        "Officials said that nearly 12,000 troops were sent...",
        "Officials said that nearly 12,000 troops were sent…",
        "",
        "   \n\n ",
    ],
)
def test_no_claim_is_proposed_for(text):
    assert SimpleEngine().propose(text) == []


def test_each_sentence_is_judged_on_its_own():
    text = (
        "The day was grey and cold in the capital. "
        "The ministry said 3,000 soldiers crossed the river. "
        "Nobody knows what happens next in this war."
    )
    assert propose(text) == [("The ministry said 3,000 soldiers crossed the river.", "statistic")]


def test_a_line_break_ends_a_sentence():
    text = "Headline with 5 words only here\nThe agency said 200 people were hurt badly."
    assert propose(text) == [
        ("Headline with 5 words only here", "statistic"),
        ("The agency said 200 people were hurt badly.", "statistic"),
    ]


def test_offsets_leave_out_surrounding_white_space():
    text = "   The agency said 200 people were hurt badly.   \n"
    (proposal,) = SimpleEngine().propose(text)
    assert text[proposal.start : proposal.end] == "The agency said 200 people were hurt badly."


def test_offsets_are_code_points_after_emoji_and_combining_marks():
    text = "👍🏽 e\u0301 🇺🇦 fans cheered.\nThe agency said 200 people were hurt badly."
    (proposal,) = SimpleEngine().propose(text)
    assert proposal.start == text.index("The agency")
    assert text[proposal.start : proposal.end] == "The agency said 200 people were hurt badly."


def test_closing_quote_stays_with_its_sentence():
    text = '"We sent 10,000 soldiers for training," the official told reporters. Next one here.'
    assert (
        propose(text)[0][0]
        == '"We sent 10,000 soldiers for training," the official told reporters.'
    )


def test_same_text_gives_the_same_proposals():
    text = "Ukraine said 12,000 troops came. The agency said 200 people were hurt badly."
    assert SimpleEngine().propose(text) == SimpleEngine().propose(text)


def test_proposals_are_valid_offsets_in_order():
    text = (
        "Ukraine's military intelligence said nearly 12,000 North Korean soldiers were sent "
        "to Russia. About 8,000 of them are in Kursk, according to US officials.\n"
        "Read More\nShare.\nAt least 3,000 more were reported by Seoul's spy agency."
    )
    proposals = SimpleEngine().propose(text)
    assert len(proposals) == 3
    assert all(isinstance(p, Proposal) for p in proposals)
    assert all(0 <= p.start < p.end <= len(text) for p in proposals)
    assert [p.start for p in proposals] == sorted(p.start for p in proposals)
    assert all(text[p.start : p.end].strip() == text[p.start : p.end] for p in proposals)
