"""Documents' dates and claims' dates resolved against them (annotations/claims/when.py)."""

from __future__ import annotations

from datetime import date

import pytest

from annotations.claims import default_engine
from annotations.claims.compare import AGREE, CONFLICT, RELATED
from annotations.claims.dates import find_dates
from annotations.claims.matching import ClaimIndex
from annotations.claims.when import (
    Dateline,
    claim_date,
    collection_dates,
    common_year,
    dateline,
    differ,
    far_apart,
    from_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quake hits Turkey\nISTANBUL, March 3 (Wire) - A quake struck.", Dateline(3, 3)),
        ("Title\nDAILY NEWS\nTuesday, March 4\nBody.", Dateline(3, 4, None, 1)),
        ("Live\nUpdated 18:40 GMT, Wednesday 5 March\nBody.", Dateline(3, 5, None, 2)),
        ("Title\nPublished Monday, March 10, 2025\nBody.", Dateline(3, 10, 2025, 0)),
        ("No date anywhere.\nJust text.", None),
    ],
)
def test_dateline_is_read_from_the_first_lines(text, expected):
    assert dateline(text) == expected


def test_a_weekday_contradicting_the_full_date_is_dropped():
    assert dateline("Title\nFriday, March 10, 2025\n") == Dateline(3, 10, 2025, None)


def test_common_year_is_the_latest_where_every_weekday_falls_on_its_date():
    lines = [Dateline(3, 4, None, 1), Dateline(3, 5, None, 2), Dateline(3, 3)]
    assert common_year(lines, 2026) == 2025  # 4 March 2025 was a Tuesday
    assert common_year([Dateline(3, 3)], 2026) is None
    assert common_year([Dateline(3, 4, None, 1), Dateline(3, 4, None, 2)], 2026) is None


def test_collection_dates_give_yearless_datelines_the_common_year():
    texts = ["T\nTuesday, March 4\nBody.", "T\nISTANBUL, March 3 (Wire) - Body.", "No date."]
    assert collection_dates(texts, latest=2026) == [
        Dateline(3, 4, 2025, 1),
        Dateline(3, 3, 2025, 0),
        None,
    ]


def when(sentence: str, reference: Dateline | None) -> tuple[str | None, str, str | None]:
    return claim_date([d.to_dict() for d in find_dates(sentence)], sentence, reference)


WEDNESDAY = Dateline(3, 5, None, 2)


@pytest.mark.parametrize(
    ("sentence", "reference", "value"),
    [
        ("The toll rose on Tuesday.", WEDNESDAY, "--03-04"),
        ("The toll rose on Wednesday.", WEDNESDAY, "--03-05"),
        ("The toll rose on Thursday.", WEDNESDAY, "--02-27"),  # the last Thursday
        ("They will strike again next Tuesday.", WEDNESDAY, "--03-11"),
        ("The toll rose yesterday.", WEDNESDAY, "--03-04"),
        ("The toll rose on Tuesday.", from_date(date(2025, 3, 5)), "2025-03-04"),
        ("The toll rose on March 2.", from_date(date(2025, 3, 5)), "2025-03-02"),
        ("The toll rose on Tuesday.", Dateline(3, 5), "weekday:tuesday"),
        ("The toll rose on Tuesday.", None, "weekday:tuesday"),
    ],
)
def test_claim_dates_resolve_against_the_documents(sentence, reference, value):
    assert when(sentence, reference)[0] == value


@pytest.mark.parametrize(
    ("sentence", "era"),
    [
        ("An earthquake in the same province in 2011 killed more than 600 people.", "2011"),
        ("Lawmakers recalled the 2011 disaster, when 604 people died.", "2011"),
        ("More than 2,400 people died in the Mediterranean last year.", "last year"),
        ("The quake killed 312 people on Monday.", None),
        ("Last year's floods killed 30 people in the valley.", "last year"),
    ],
)
def test_a_claim_placed_in_a_past_year_has_an_era(sentence, era):
    assert when(sentence, None)[2] == era


@pytest.mark.parametrize(
    "sentence",
    [
        "The army has been fighting the rebels since 2023, and 3,500 troops are now there.",
        "Shares fell 18.4% on Tuesday, their biggest fall since the company listed in 2017.",
        "The Gera plant, which opened in 1994, employs about 1,800 people.",
        "The deal will cost $1.2 billion and was provided for in last year's Budget.",
    ],
)
def test_a_year_that_dates_something_else_places_no_claim_in_the_past(sentence):
    assert when(sentence, None)[2] is None


def test_a_past_year_whose_clause_tells_what_happened_then_is_an_era():
    sentence = "It is the worst outbreak since 2019, when cholera killed 128 people."
    assert when(sentence, None)[2] == "2019"
    sentence = (
        "It is the worst spill since the 2000 disaster in Romania, when 100 million litres leaked."
    )
    assert when(sentence, None)[2] == "2000"


def test_the_claims_day_is_not_taken_from_an_aside():
    sentence = "Shares fell 18.4% on Tuesday, their biggest fall since the company listed in 2017."
    assert when(sentence, None)[0] == "weekday:tuesday"


def test_the_reference_years_own_year_is_not_a_past_era():
    assert when("In 2025 the toll rose to 40.", from_date(date(2025, 3, 5)))[2] is None
    assert when("Last year 2,400 people died.", from_date(date(2025, 3, 5)))[2] == "2024"


@pytest.mark.parametrize(
    ("x", "y", "different"),
    [
        ("--03-04", "--03-05", True),
        ("2025-03-04", "--03-04", False),
        ("2025-03", "2025-03-04", False),
        ("2024", "2025-03-04", True),
        ("weekday:monday", "weekday:tuesday", True),
        ("weekday:monday", "--03-04", False),
        (None, "--03-04", False),
    ],
)
def test_dates_differ_on_the_parts_both_give(x, y, different):
    assert differ(x, y) is different


def facts(index: ClaimIndex, key: str, sentence: str, published: Dateline | None):
    best = max(default_engine().propose(sentence, min_score=0), key=lambda p: p.end - p.start)
    return index.add(
        key, key, sentence[best.start : best.end], best.attrs, best.start, "", published
    )


def test_a_moving_count_reported_on_different_days_is_related_not_in_conflict():
    index = ClaimIndex()
    a = facts(index, "a", "The national death toll in Turkey rose to 1,247.", Dateline(3, 4))
    b = facts(index, "b", "The national death toll in Turkey has risen to 1,650.", Dateline(3, 5))
    link = index.relate(a, b)
    assert link is not None and link.relation == RELATED
    assert "reported on different days" in link.reason and "4 Mar" in link.reason


def test_a_past_years_figure_is_not_linked_to_the_current_story():
    index = ClaimIndex()
    a = facts(index, "a", "The quake killed 1,180 people in Van province on Tuesday.", None)
    b = facts(index, "b", "In 2011 an earthquake killed 604 people in Van province.", None)
    c = facts(index, "c", "After the 2011 quake, more than 600 people died in Van province.", None)
    assert index.relate(a, b) is None
    assert index.relate(b, c).relation == AGREE  # the past event's figures still meet


def test_a_month_of_a_past_year_is_an_era_and_a_day_is_current_news():
    assert when("In November 1994, floods killed around 70 people.", None)[2] == "1994"
    assert when("On October 23, 2024, 3,000 troops arrived.", None)[2] is None
    reference = from_date(date(2024, 11, 6))
    assert when("In November 1994, floods killed around 70 people.", reference)[2] == "1994"
    assert when("Storms in October last year caused damage.", reference)[2] == "2023"


def test_an_open_bound_met_by_the_same_count_later_agrees_and_two_open_bounds_do_not():
    index = ClaimIndex()
    a = facts(index, "a", "At least 104 people were rescued off Gavdos.", Dateline(3, 4))
    b = facts(index, "b", "All 104 people rescued off Gavdos are in a camp.", Dateline(3, 10))
    c = facts(index, "c", "More than 104 people were rescued off Gavdos.", Dateline(3, 10))
    assert index.relate(a, b).relation == AGREE
    assert index.relate(a, c).relation == RELATED


def test_where_a_period_starts_is_not_when_its_figure_was_told():
    assert when("1,240 cases had been confirmed since January.", WEDNESDAY)[0] is None
    assert when("1,240 cases had been confirmed by Tuesday.", WEDNESDAY)[0] == "--03-04"


def test_a_future_year_is_a_target_not_a_past_event():
    assert when("The carmaker will cut 9,500 jobs by the end of 2099.", None)[2] is None


def test_one_specific_count_on_one_day_is_one_story_even_without_shared_names():
    index = ClaimIndex()
    saturday = Dateline(4, 5, 2025, 5)
    a = facts(index, "a", "Police put the turnout at the march at 18,000.", saturday)
    b = facts(index, "b", "Organisers said 40,000 people marched on Saturday.", saturday)
    c = facts(index, "c", "Organisers said 40,000 people marched.", Dateline(6, 1, 2025, 6))
    link = index.relate(a, b)
    assert link is not None and link.relation == CONFLICT  # two counts of one march
    assert index.relate(a, c) is None  # nothing but the measure in common


def relation(a: str, a_day: Dateline | None, b: str, b_day: Dateline | None) -> str | None:
    index = ClaimIndex()
    link = index.relate(facts(index, "a", a, a_day), facts(index, "b", b, b_day))
    return link.relation if link else None


@pytest.mark.parametrize(
    ("a", "a_day", "b", "b_day", "expected"),
    [
        # a moving count that has not moved agrees across days
        (
            "Coast guards said 104 people were rescued off Gavdos.",
            Dateline(3, 4),
            "All 104 people rescued off Gavdos are in a camp.",
            Dateline(3, 10),
            AGREE,
        ),
        # an open bound of a moving count on another day is only related
        (
            "The Odemira fire had burned at least 15,000 hectares.",
            Dateline(9, 24),
            "The Odemira fire had burned about 16,500 hectares.",
            Dateline(9, 27),
            RELATED,
        ),
        # a fixed count is compared whatever the day
        (
            "Around 350 migrants were on board the trawler.",
            Dateline(3, 4),
            "About 600 migrants were on board the trawler.",
            Dateline(3, 6),
            CONFLICT,
        ),
        # dozens against hundreds on one day conflict
        (
            "Coast guards said on Tuesday that dozens of people were missing.",
            None,
            "The UN said on Tuesday that hundreds of people were missing.",
            None,
            CONFLICT,
        ),
        # a state read again ("still") is a count that moves, whatever it counts
        (
            "About 120,000 households in the Zhytomyr region lost power on Monday.",
            Dateline(11, 10),
            "Some 30,000 households in the Zhytomyr region were still without power.",
            Dateline(11, 11),
            RELATED,
        ),
        # a running total since the event began moves; a day's count is a part of it
        (
            "Skarva cancelled 112 flights on Tuesday, mainly on routes to Tromsø.",
            Dateline(2, 10, 2026, 1),
            "Skarva has cancelled about 340 flights since the grounding began.",
            Dateline(2, 13, 2026, 4),
            RELATED,
        ),
        # a strike months earlier is another event, not an earlier reading
        (
            "In July, a missile strike on a residential district of Zhytomyr killed nine people.",
            Dateline(11, 10, 2025, 0),
            "The toll from Sunday night's strike on Zhytomyr has risen to 12.",
            Dateline(11, 11, 2025, 1),
            None,
        ),
        # a past event's figures agree whenever they were told
        (
            "A quake in Van in 2011 killed more than 600 people.",
            Dateline(3, 3),
            "After the 2011 disaster in Van, 604 people had died.",
            Dateline(3, 4),
            AGREE,
        ),
    ],
)
def test_relations_across_days(a, a_day, b, b_day, expected):
    assert relation(a, a_day, b, b_day) == expected


FRIDAY_26_SEPTEMBER = from_date(date(2025, 9, 26))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "The unions said the strike would be held on Tuesday, September 30, in Paris.",
            "In Paris, the unions will strike again next Tuesday, their leaders said.",
            AGREE,
        ),
        (
            "The Paris vote on the bill is due to take place on October 24.",
            "The Paris daily reported that the government would postpone the vote until June.",
            CONFLICT,
        ),
        (
            "Turnout in Sunday's vote in Paris was 41 percent, the commission said.",
            "The Paris vote on the bill is due to take place on October 24.",
            None,  # an event only named is framing, not a claim about its date
        ),
    ],
)
def test_claims_dating_one_event_agree_or_conflict_on_the_day(a, b, expected):
    assert relation(a, FRIDAY_26_SEPTEMBER, b, FRIDAY_26_SEPTEMBER) == expected


def test_a_ceasefire_dated_tomorrow_and_today_on_consecutive_days_is_one_day():
    tomorrow = "The Arzenia ceasefire will take effect at 6 p.m. tomorrow, the ministries said."
    today = "The Arzenia ceasefire is due to take effect at 6 p.m. today local time."
    thursday = from_date(date(2025, 9, 25))
    assert relation(tomorrow, thursday, today, FRIDAY_26_SEPTEMBER) == AGREE
    assert relation(tomorrow, FRIDAY_26_SEPTEMBER, today, FRIDAY_26_SEPTEMBER) == CONFLICT


@pytest.mark.parametrize(
    ("x", "y", "far"),
    [
        ("2025-07", "2025-11-09", True),  # "in July" against this week's Sunday
        ("--07", "--11-09", True),
        ("2025-10-21", "2025-10-27", False),  # a toll read six days apart
        ("2025-10-28", "2025-11-03", False),  # across a month's end
        ("2025-09-01", "2025-11-03", True),
        ("2025-10", "2025-11-03", False),
        ("2011", "2025-11-03", False),  # no month: the era decides
        (None, "2025-11-03", False),
    ],
)
def test_far_apart_parts_two_events_from_two_readings(x, y, far):
    assert far_apart(x, y) is far
