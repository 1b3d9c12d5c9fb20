"""Figures, intervals, places and dates as the board writes them."""

from __future__ import annotations

from datetime import date

import pytest

from annotations.board.formats import day_of, interval, number, place, when
from annotations.claims.facts import describe


def figure(text: str):
    return describe(text).figures[0]


@pytest.mark.parametrize(
    "value,text",
    [
        (12000, "12,000"),
        (8000.0, "8,000"),
        (82.8, "82.8"),
        (128.571, "129"),
        (0.25, "0.25"),
        (3, "3"),
    ],
)
def test_number(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    "claim,text",
    [
        ("Nearly 12,000 troops were sent, the ministry said.", "10,800–12,000"),
        ("The army sent 8,000 troops.", "8,000"),
        ("The army sent at least 3,000 troops.", "≥ 3,000"),
        ("The army sent over 12,000 troops.", "≥ 12,000"),
        ("The army sent up to 6,000 troops.", "≤ 6,000"),
        ("The army lost about 92 soldiers killed every day.", "82.8–101 a day"),
    ],
)
def test_interval_shows_open_ends_and_rates(claim, text):
    assert interval(figure(claim)) == text


def test_place_names_what_holds_it():
    assert place(figure("About 8,000 troops are in Russia's Kursk region.")) == "Kursk, Russia"
    assert place(figure("About 8,000 troops are in Kursk.")) == "Kursk"
    assert place(figure("About 8,000 troops were sent.")) == ""


@pytest.mark.parametrize(
    "value,day",
    [
        ("2024-10-23", date(2024, 10, 23)),
        ("2024-10", date(2024, 10, 1)),
        ("2024", date(2024, 1, 1)),
        ("--10-23", None),
        ("199X", None),
        ("2014/2022", None),
        ("weekday:tuesday", None),
        ("2024-02-30", None),
        (None, None),
    ],
)
def test_day_of_places_only_dates_with_a_year(value, day):
    assert day_of(value) == day


def test_when_prefers_the_publication_date():
    facts = describe("On October 23, 2024 the ministry said 8,000 troops were sent.")
    published = when(date(2024, 11, 2), facts)
    assert (published.text, published.day, published.source) == (
        "2024-11-02",
        date(2024, 11, 2),
        "published",
    )
    from_text = when(None, facts)
    assert (from_text.text, from_text.day, from_text.source) == (
        "On October 23, 2024",
        date(2024, 10, 23),
        "text",
    )
    assert from_text.iso == "2024-10-23"


def test_when_without_any_date_is_a_dash():
    nothing = when(None, describe("The ministry said 8,000 troops were sent."))
    assert (nothing.text, nothing.day, nothing.source) == ("—", None, "")


def test_when_keeps_a_date_without_year_as_written_but_off_the_axis():
    partial = when(None, describe("In early January the ministry said 8,000 troops were sent."))
    assert (partial.text, partial.day, partial.source, partial.iso) == (
        "In early January",
        None,
        "text",
        "",
    )
