"""Dates mentioned in a sentence, with offsets and an ISO-like value where resolvable."""

from __future__ import annotations

import pytest

from annotations.claims.dates import DateMention, find_dates


def dates(text: str) -> list[tuple[str, str | None]]:
    found = find_dates(text)
    for d in found:
        assert text[d.start : d.end] == d.text
    return [(d.text, d.value) for d in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # from the seeds
        (
            "The U.S. National Security Council spokesperson, John Kirby, stated on October 23 "
            "that North Korean troops are fair game.",
            [("on October 23", "--10-23")],
        ),
        (
            "A military intelligence source revealed on October 21 that Russian authorities "
            "detained 18 North Korean soldiers.",
            [("on October 21", "--10-21")],
        ),
        (
            "Ukraine initiated a cross-border incursion in August and still holds territory.",
            [("in August", "--08")],
        ),
        (
            "Zelensky said 3,800 North Korean soldiers had been killed or injured in Kursk in an "
            "interview in early January.",
            [("in early January", "--01")],
        ),
        (
            "“The transfer has begun,” John Healey MP said in parliament on Tuesday.",
            [("on Tuesday", None)],
        ),
        (
            "Russian forces have made significant tactical advances in recent days.",
            [("in recent days", None)],
        ),
        (
            "the United Nations Security Council learned last week.",
            [("last week", None)],
        ),
        (
            "Moscow has been losing over 1,000 men every day for the past four months.",
            [("for the past four months", None)],
        ),
    ],
)
def test_seed_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was signed Oct. 23, 2024, in Kyiv.", [("Oct. 23, 2024", "2024-10-23")]),
        ("It was signed 23 October 2024 in Kyiv.", [("23 October 2024", "2024-10-23")]),
        ("It was signed on 2024-10-23.", [("2024-10-23", "2024-10-23")]),
        ("It was signed on 10/23/2024.", [("10/23/2024", "2024-10-23")]),
        ("It was signed on 23/10/2024.", [("23/10/2024", "2024-10-23")]),
        ("It was signed on 05/06/2024.", [("05/06/2024", None)]),
        ("It was signed in January 2024.", [("in January 2024", "2024-01")]),
        ("It was signed the end of October 2024.", [("the end of October 2024", "2024-10")]),
        ("It happened on the 23rd of October.", [("on the 23rd of October", "--10-23")]),
        ("It happened in mid-October.", [("in mid-October", "--10")]),
        ("It was signed in 2024.", [("in 2024", "2024")]),
        ("It has grown since 1950.", [("since 1950", "1950")]),
        ("It is due by mid-2024.", [("by mid-2024", "2024")]),
        ("It peaked in the 1990s.", [("in the 1990s", "199X")]),
        ("It lasted from 2014 to 2022.", [("from 2014 to 2022", "2014/2022")]),
        ("It lasted 2014-2022.", []),
        ("It began in the summer of 2024.", [("in the summer of 2024", "2024")]),
        ("It happened two years ago.", [("two years ago", None)]),
        ("It happened yesterday.", [("yesterday", None)]),
        ("It happened earlier this month.", [("earlier this month", None)]),
        ("It will happen in the coming weeks.", [("in the coming weeks", None)]),
        ("It happened last Friday.", [("last Friday", None)]),
        ("It happened on Tuesday night.", [("on Tuesday night", None)]),
        ("It happened this year.", [("this year", None)]),
        ("It happened as of early 2023.", [("as of early 2023", "2023")]),
    ],
)
def test_date_forms_and_values(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It may rain and Theresa May may resign.",
        "The March on Rome and the Women's March.",
        "Russia sent 2000 troops and 1,950 tanks.",
        "The G7 2024 summit and COVID-19 cases.",
        "They met at 10:30 on page 12.",
        "",
        "   ",
    ],
)
def test_modal_may_names_and_bare_numbers_are_not_dates(text):
    assert dates(text) == []


def test_months_with_a_preposition_or_day_are_dates():
    assert dates("It happened in May and on March 3.") == [
        ("in May", "--05"),
        ("on March 3", "--03-03"),
    ]


def test_invalid_calendar_values_are_dropped():
    assert dates("It was on 2024-13-45 and October 45.") == []


@pytest.mark.parametrize("prefix", ["", "🇺🇦👍 ", "東京で ", "e\u0301e\u0301 ", "İİ "])
def test_offsets_are_code_points_into_the_full_text(prefix):
    text = prefix + "Kirby said on October 23, 2024 that troops arrived last week."
    assert dates(text) == [("on October 23, 2024", "2024-10-23"), ("last week", None)]


def test_start_and_end_restrict_the_search_with_absolute_offsets():
    text = "In 2020 it began. On October 23 it grew. In 2022 it ended."
    start = text.index("On October")
    end = text.index(" In 2022")
    found = find_dates(text, start, end)
    assert [(d.text, d.start) for d in found] == [("On October 23", start)]


def test_to_dict_has_the_issue_keys():
    d = find_dates("He spoke on October 23.")[0]
    assert isinstance(d, DateMention)
    assert d.to_dict() == {"text": "on October 23", "start": 9, "end": 22, "value": "--10-23"}


def test_long_text_without_punctuation_does_not_crash():
    text = "on October 23 东京 😀 words and more words " * 3000
    found = find_dates(text)
    assert len(found) == 3000
    assert all(text[d.start : d.end] == d.text for d in found)
