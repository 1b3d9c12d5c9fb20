from __future__ import annotations

import pytest

from annotations.claims.segment import split_sentences
from tests.claims.seeds import SEEDS, seed_text


def roles(text: str) -> list[tuple[str, str]]:
    return [(s.role, s.text) for s in split_sentences(text)]


@pytest.mark.parametrize("name", SEEDS)
def test_offsets_index_the_text_exactly(name):
    text = seed_text(name)
    sentences = split_sentences(text)
    assert sentences
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Smith met U.S. Gen. Jones on Jan. 5. He said 3.5 per cent of troops left."
    assert [t for _, t in roles(text)] == [
        "Mr. Smith met U.S. Gen. Jones on Jan. 5.",
        "He said 3.5 per cent of troops left.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "“We will fight,” he said. “They will not.” The army left."
    assert [t for _, t in roles(text)] == [
        "“We will fight,” he said.",
        "“They will not.”",
        "The army left.",
    ]


def test_every_line_ends_a_sentence():
    text = "The army has 500 tanks\nOfficials said 20 more arrived."
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "Read More",
        "Share.",
        "Continue reading",
        "Image Credit: Shutterstock.",
        "Advertisement",
        "Exit mobile version",
        "About the Author",
    ],
)
def test_scraping_debris_lines(line):
    text = f"Troops were sent to Kursk on Monday, officials said.\n{line}\n"
    assert roles(text)[-1] == ("debris", line)


def test_trailing_continue_reading_is_debris_and_cut_sentence_truncated():
    text = "The revelation that 8,000 troops are stationed there is striking.… Continue reading"
    result = roles(text)
    assert result[0][0] == "body"
    assert result[-1] == ("debris", "… Continue reading")


def test_snippet_cut_with_ellipsis_is_truncated():
    assert roles("North Korea launched ...")[0][0] == "truncated"


def test_line_cut_mid_sentence_is_truncated():
    text = "NATO says the army lost many men. He pointed to its high casualties,"
    assert [r for r, _ in roles(text)] == ["body", "truncated"]


def test_a_key_point_closed_by_who_says_it_is_whole():
    text = "Key points\nSix workers have been killed, the Bharuch district collector says\n"
    assert roles(text)[-1] == (
        "body",
        "Six workers have been killed, the Bharuch district collector says",
    )
    # a line cut before its speaker is named is still cut
    assert (
        roles("Key points\nSix workers have been killed in the blast, the\n")[-1][0] == "truncated"
    )


def test_headline_is_not_body():
    text = "North Korean Troops Are Now Close to Fighting in Ukraine War: Report\nTroops left."
    assert roles(text)[0][0] == "headline"


def test_author_bio_after_header_and_by_shape():
    text = (
        "Troops left on Monday.\nAbout the Author\n"
        "Stavros Atlamazoglou is a seasoned defense journalist and a veteran of the "
        "575th Marine Battalion. He holds a BA from Johns Hopkins University.\n"
    )
    kinds = [r for r, _ in roles(text)]
    assert kinds == ["body", "debris", "bio", "bio"]


def test_bio_is_recognised_without_header():
    text = "Jane Doe is a senior correspondent covering Asia for 20 years.\n"
    assert roles(text)[0][0] == "bio"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t", "\n\n\n", "…", "Read More\nShare."],
)
def test_empty_and_boilerplate_give_no_body(text):
    assert not [s for s in split_sentences(text) if s.is_body]


def test_no_punctuation_emoji_and_mixed_scripts_keep_valid_offsets():
    text = "👍🏽 troops e\u0301 arrived 北朝鮮の兵士 12,000 Кursk " * 50
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_very_long_sentence():
    text = "The army sent " + ", ".join(f"unit {i}" for i in range(20_000)) + "."
    sentences = split_sentences(text)
    assert len(sentences) == 1
    assert sentences[0].end == len(text)


def _breaks_from_whole_text(text: str) -> list[int]:
    """The sentence breaks as first written: spaCy tokenizes the whole text, and
    every token after terminal punctuation is looked at."""
    from annotations.claims.segment import (
        _CLOSERS,
        _TERMINAL,
        _is_terminal,
        _starts_sentence,
        tokenizer_nlp,
    )

    tokens = [t.text for t in tokenizer_nlp().tokenizer(text)]
    ends = [t.idx + len(t) for t in tokenizer_nlp().tokenizer(text)]
    breaks, i = [], 0
    while i < len(tokens):
        if tokens[i] and tokens[i][-1] in ".!?…" and _is_terminal(tokens[i]):
            j = i + 1
            while j < len(tokens) and (tokens[j] in _CLOSERS or tokens[j] in _TERMINAL):
                j += 1
            if j == len(tokens) or _starts_sentence(tokens[j]):
                breaks.append(ends[j - 1])
                i = j
                continue
        i += 1
    return breaks


@pytest.mark.parametrize(
    "text",
    [
        "One. Two.  Three.\nFour!\tFive? six.",
        "He left. ” She stayed.  “Why?” he asked. “Because.” \n\nEnd.",
        "Wait... what? Yes!! No?! Fine… ok. Done.\u00a0Next.",
        "Mr. Smith met U.S. Gen. Jones on Jan. 5. He said 3.5 per cent left. ",
        'Quote." Then. ) Bracket. ] x. "Y." \' z.',
        ".  . . .. ... A.",
        "No terminal punctuation at all",
        "",
    ],
)
def test_breaks_match_tokenizing_the_whole_text(text):
    from annotations.claims.segment import _token_breaks

    assert _token_breaks(text) == _breaks_from_whole_text(text)


@pytest.mark.parametrize("name", SEEDS)
def test_breaks_match_tokenizing_the_whole_seed(name):
    from annotations.claims.segment import _token_breaks

    text = seed_text(name)
    assert _token_breaks(text) == _breaks_from_whole_text(text)


def test_key_points_without_full_stops_are_body():
    text = (
        "Key points\n"
        "Disaster agency AFAD says the national death toll has risen to 1,650\n"
        "Teams from 23 countries are now taking part in the rescue effort\n"
    )
    assert [r for r, _ in roles(text)] == ["headline", "body", "body"]


def test_lone_sentence_case_headline_stays_a_headline():
    text = "Belgian unions announce national strike for October 14\nThe unions said so on Monday."
    assert roles(text)[0][0] != "body"


def test_snippet_keeps_its_whole_clause_before_the_cut():
    text = (
        "Greek police have arrested seven suspected smugglers over the sinking, "
        "a police source said on ..."
    )
    assert roles(text) == [
        ("body", "Greek police have arrested seven suspected smugglers over the sinking"),
        ("truncated", "a police source said on ..."),
    ]


def test_long_snippet_without_a_clause_break_keeps_its_head():
    head = "Unions said on Thursday they would hold a national strike on October 14 over pay"
    assert roles(head + " ...") == [
        ("body", head),
        ("truncated", "..."),
    ]


def test_line_cut_after_a_comma_keeps_the_clause_before_it():
    text = "A lone soldier chose to blow himself up rather than be captured, Kyiv"
    assert roles(text) == [
        ("body", "A lone soldier chose to blow himself up rather than be captured"),
        ("truncated", "Kyiv"),
    ]


def test_read_more_link_with_a_title_is_debris():
    text = "Troops were sent to Kursk on Monday.\nRead More: The biggest data breaches in France\n"
    assert roles(text)[-1][0] == "debris"
