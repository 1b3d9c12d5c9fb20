from __future__ import annotations

import pytest

from annotations.claims import rules


def features(text: str) -> set[str]:
    return {name for name, on in rules.analyse(text).items() if on}


@pytest.mark.parametrize(
    "text",
    [
        "It boggles my mind how this isn’t a front-page headline everywhere.",
        "The situation has raised concerns about the potential escalation of the conflict.",
        "The revelation is nothing short of astonishing.",
        "The West must act now.",
    ],
)
def test_opinion(text):
    assert "opinion" in features(text)


@pytest.mark.parametrize(
    "text",
    [
        "North Korean troops could join the fight within days.",
        "Seoul may reconsider its stance.",
        "The Kremlin is likely to limit their involvement.",
        "Soldiers are expected to suffer significant losses.",
    ],
)
def test_speculation(text):
    assert "speculation" in features(text)


def test_month_may_and_name_will_are_not_modals():
    assert "speculation" not in features("Troops arrived in May, Will Jones reported.")


def test_hedging_inside_a_quote_is_the_speaker_s():
    text = "“We will win,” Zelensky said on Tuesday."
    found = features(text)
    assert "speculation" not in found
    assert "quote" in found


def test_question():
    assert "question" in features("Are we collectively numb to the implications?")


@pytest.mark.parametrize(
    "text",
    [
        "It flew for 86 minutes, the longest flight time yet.",
        "The largest conflict on European soil since World War Two.",
        "Russian forces advanced at their fastest rate since 2022.",
        "More troops than ever were sent.",
    ],
)
def test_comparison(text):
    assert "comparison" in features(text)


@pytest.mark.parametrize(
    "text",
    [
        "In August, the Ukrainian military conducted a surprise attack inside Kursk.",
        "Russian forces have captured another village in eastern Ukraine.",
        "North Korea sent troops to Russia.",
    ],
)
def test_event(text):
    assert "event" in features(text)


def test_plain_statement_has_no_negative_feature():
    found = features("Ukraine initiated a cross-border incursion in August.")
    assert not found & {"opinion", "speculation", "question"}


def test_clauses_split_fact_from_speculation():
    text = (
        "Kim Jong-Un's forces have been fighting in Russia's Kursk Oblast so far, but soon "
        "may be sent to eastern Ukraine wearing Russian uniforms."
    )
    parts = [text[s:e] for s, e in rules.clauses(text, 0, len(text))]
    assert parts == [
        "Kim Jong-Un's forces have been fighting in Russia's Kursk Oblast so far",
        "soon may be sent to eastern Ukraine wearing Russian uniforms.",
    ]


def test_not_only_but_also_is_one_clause():
    text = "The pact poses risks not only to Ukraine and Europe, but also to the Korean Peninsula."
    assert rules.clauses(text, 0, len(text)) == [(0, len(text))]


def test_short_side_is_not_split_off():
    text = "Troops left, but slowly."
    assert rules.clauses(text, 0, len(text)) == [(0, len(text))]


def test_clause_offsets_are_absolute():
    prefix = "👍🏽 Intro. "
    sentence = "The army sent 500 tanks to the front line, but the navy may stay in its ports."
    text = prefix + sentence
    for s, e in rules.clauses(text, len(prefix), len(text)):
        assert text[s:e] in sentence
