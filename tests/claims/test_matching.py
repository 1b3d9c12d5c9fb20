"""ClaimIndex: claims added, replaced and removed by key, candidates from the inverted
index, places learned to lie inside others, and match_all over the whole index."""

from __future__ import annotations

import pytest

from annotations.claims import default_engine
from annotations.claims.compare import CONFLICT, RELATED
from annotations.claims.matching import ClaimIndex, index_texts, match_all, story_context

KURSK_8000 = "8,000 North Korean troops are stationed in Russia’s Kursk region, officials said."
KURSK_12000 = (
    "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces in "
    "Russia’s Kursk region."
)
RUSSIA_8000 = "About 8,000 North Korean troops are in Russia."
QUAKE_1200 = "The earthquake killed 1,200 people in Turkey, officials said."
QUAKE_5000 = "The earthquake killed 5,000 people in Turkey, officials said."
WEATHER = "The weather was fine and the crops grew well this summer."


def index_of(*claims: tuple[str, str, str]) -> ClaimIndex:
    """An index of (key, document, text) claims."""
    index = ClaimIndex()
    for key, document, text in claims:
        index.add(key, document, text)
    return index


def matched(index: ClaimIndex, key: str) -> list[tuple[str, str]]:
    return [(m.key, m.relation) for m in index.match(index.facts(key), key)]


# ------------------------------------------------------------------ add and remove


def test_added_claims_are_known_by_key():
    index = index_of(("a", "doc1", KURSK_8000), ("b", "doc2", KURSK_12000))
    assert len(index) == 2
    assert "a" in index and "b" in index and "c" not in index
    assert index.facts("a").text == KURSK_8000
    assert index.document("b") == "doc2"
    assert list(index.keys()) == ["a", "b"]


def test_a_removed_claim_is_forgotten():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000))
    index.remove("a")
    assert len(index) == 1
    assert "a" not in index
    assert matched(index, "b") == []
    with pytest.raises(KeyError):
        index.facts("a")


def test_removing_an_unknown_key_does_nothing():
    index = index_of(("a", "d", KURSK_8000))
    index.remove("nope")
    index.remove("a")
    index.remove("a")
    assert len(index) == 0


def test_adding_a_known_key_again_replaces_its_text():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000))
    index.add("a", "d", QUAKE_5000)
    index.add("c", "d", QUAKE_1200)
    assert len(index) == 3
    assert index.facts("a").text == QUAKE_5000
    assert matched(index, "b") == []  # the old text no longer matches
    assert matched(index, "c") == [("a", CONFLICT)]


def test_a_removed_key_can_be_added_again():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000))
    index.remove("a")
    index.add("a", "d", KURSK_8000)
    assert len(index) == 2
    assert matched(index, "b") == [("a", CONFLICT)]


# ------------------------------------------------------------------ candidates


def test_candidates_leave_out_the_excluded_key():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000))
    facts = index.facts("a")
    assert len(index.candidates(facts)) == 2
    assert len(index.candidates(facts, exclude="a")) == 1
    assert index.candidates(facts, exclude="a") == index.candidates(index.facts("b"), exclude="a")


def test_candidates_never_return_removed_claims():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000))
    query = index.facts("b")
    index.remove("a")
    assert index.candidates(query, exclude="b") == []
    index.remove("b")
    assert index.candidates(query) == []


def test_candidates_of_a_claim_sharing_no_term_are_none():
    index = index_of(("a", "d", KURSK_8000))
    assert index.candidates(index_of(("w", "d", WEATHER)).facts("w")) == []


def test_candidates_respect_the_limit_best_first():
    others = [
        (f"k{i}", "d", f"About {i},000 North Korean troops are in Russia.") for i in range(2, 12)
    ]
    index = index_of(*others)
    index.add("exact", "d", KURSK_12000)
    query = index.facts("exact")
    assert len(index.candidates(query, limit=3)) == 3
    assert index.candidates(query, limit=1) == index.candidates(query)[:1]


def test_likeness_of_identical_and_unrelated_claims():
    index = index_of(("a", "d", KURSK_8000), ("w", "d", WEATHER))
    a, w = index.facts("a"), index.facts("w")
    assert index.likeness(a, a) == pytest.approx(1.0)
    assert index.likeness(a, w) == 0.0


# ------------------------------------------------------------------ compact


def test_compact_keeps_the_matches():
    index = index_of(
        ("a", "d", KURSK_8000),
        ("x", "d", QUAKE_1200),
        ("b", "d", KURSK_12000),
        ("c", "d", RUSSIA_8000),
        ("y", "d", QUAKE_5000),
    )
    index.remove("x")
    before = matched(index, "a")
    index.compact()
    assert len(index) == 4
    assert list(index.keys()) == ["a", "b", "c", "y"]
    assert matched(index, "a") == before
    assert matched(index, "y") == []


def test_compact_keeps_what_was_learned_about_places():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", RUSSIA_8000))
    index.remove("a")
    index.compact()
    assert index.inside("kursk", "russia")


def test_removed_claims_do_not_change_the_scores():
    index = index_of(("a", "d", KURSK_8000), ("b", "d", KURSK_12000), ("c", "d", RUSSIA_8000))
    before = [m.score for m in index.match(index.facts("a"), "a")]
    for i in range(6):
        index.add(f"gone{i}", "d", "North Korean troops are training in Russia, with 500 officers.")
        index.remove(f"gone{i}")
    assert [m.score for m in index.match(index.facts("a"), "a")] == before


# ------------------------------------------------------------------ places inside places


def test_a_claim_teaches_the_index_that_a_region_lies_in_a_country():
    index = index_of(
        ("kursk", "d", "About 14,000 North Korean troops are in Kursk."),
        ("russia", "d", RUSSIA_8000),
    )
    assert not index.inside("kursk", "russia")
    alone = index.relate(index.facts("kursk"), index.facts("russia"))
    assert (alone.relation, alone.reason.endswith("different places")) == (RELATED, True)

    index.add("teacher", "other", "Ukrainian forces hold ground in Russia's Kursk region.")
    assert index.inside("kursk", "russia") and not index.inside("russia", "kursk")
    link = index.relate(index.facts("kursk"), index.facts("russia"))
    assert link.relation == CONFLICT
    assert "Kursk is part of Russia" in link.reason


def test_inside_goes_one_step_up():
    index = index_of(
        ("a", "d", "Ukrainian forces attacked Russian positions in Kursk's Sudzha district."),
        ("b", "d", "North Korean troops were seen in Russia's Kursk region last week."),
    )
    assert index.inside("sudzha", "kursk")
    assert index.inside("sudzha", "russia")


# ------------------------------------------------------------------ retrieval at scale

ARMIES = "Italian German French Spanish Polish Dutch Canadian British Turkish Greek".split()
VERBS = "stationed deployed based training camped posted quartered".split()
REGIONS = "Vidzeme Latgale Kurzeme Zemgale Harju Tartu Parnu Valga Viljandi Rapla Voru".split()
HOSTS = "Latvia Estonia Lithuania Romania Slovakia Bulgaria Russia Hungary Moldova".split()


def noise(count: int) -> list[str]:
    """Claims like the query in shape and many words, about other armies and places
    (the word lists' lengths are co-prime, so the combinations vary)."""
    return [
        f"About {(i * 37) % 89 + 2}00 {ARMIES[i % 10]} troops are {VERBS[i % 7]} in "
        f"{HOSTS[i % 9]}’s {REGIONS[i % 11]} region, officials said on day {i}."
        for i in range(count)
    ]


def test_the_matching_claim_is_found_among_two_thousand_others():
    index = ClaimIndex()
    for i, text in enumerate(noise(2000)):
        index.add(("noise", i), "noise", text)
    index.add("target", "t", KURSK_8000)
    query = index.add("query", "q", KURSK_12000)
    assert len(index.candidates(query, exclude="query")) == 40  # the noise is retrieved too
    found = index.match(query, "query")
    assert [(m.key, m.relation) for m in found] == [("target", CONFLICT)]


def test_a_new_claim_is_matched_without_being_indexed():
    index = ClaimIndex()
    for i, text in enumerate(noise(200)):
        index.add(("noise", i), "noise", text)
    index.add("target", "t", KURSK_8000)
    query = index_of(("q", "q", KURSK_12000)).facts("q")
    assert [m.key for m in index.match(query)] == ["target"]
    assert "q" not in index


def test_matches_come_best_first():
    index = index_of(
        ("a", "d", KURSK_8000),
        ("b", "d", KURSK_12000),
        ("c", "d", RUSSIA_8000),
        ("e", "d", "About 8,000 North Korean troops are in Russia's Kursk region."),
    )
    scores = [m.score for m in index.match(index.facts("a"), "a")]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)


# ------------------------------------------------------------------ match_all


def test_match_all_lists_each_pair_once_in_input_order():
    index = index_of(
        ("c", "d1", RUSSIA_8000),
        ("a", "d2", KURSK_8000),
        ("w", "d2", WEATHER),
        ("b", "d3", KURSK_12000),
    )
    pairs = match_all(index)
    order = {"c": 0, "a": 1, "w": 2, "b": 3}
    assert [(p.a, p.b) for p in pairs] == [("c", "a"), ("c", "b"), ("a", "b")]
    assert all(order[p.a] < order[p.b] for p in pairs)


def test_match_all_pairs_read_as_relate_does():
    index = index_of(("a", "d1", KURSK_8000), ("b", "d2", KURSK_12000))
    (pair,) = match_all(index)
    link = index.relate(index.facts("a"), index.facts("b"))
    assert (pair.relation, pair.score, pair.reason) == (link.relation, link.score, link.reason)


def test_match_all_finds_pairs_within_one_document():
    index = index_of(("a", "same", QUAKE_1200), ("b", "same", QUAKE_5000))
    assert [(p.a, p.b, p.relation) for p in match_all(index)] == [("a", "b", CONFLICT)]


def test_match_all_for_some_keys_pairs_them_with_the_whole_index():
    index = index_of(
        ("a", "d", KURSK_8000),
        ("b", "d", KURSK_12000),
        ("c", "d", RUSSIA_8000),
        ("q1", "d", QUAKE_1200),
        ("q2", "d", QUAKE_5000),
    )
    pairs = match_all(index, ["q2"])
    assert [(p.a, p.b) for p in pairs] == [("q1", "q2")]


def test_match_all_of_an_empty_index_is_empty():
    assert match_all(ClaimIndex()) == []


# ------------------------------------------------------------------ story context

WIRE = (
    "Dutch hospital group postpones surgery after ransomware attack\n"
    "By Pieter Vos\n"
    "AMSTERDAM, Oct 21 (Newsline Europe) - A Dutch regional hospital group was postponing "
    "planned surgery on Tuesday after a ransomware attack, the group said.\n"
    "Rijnvallei Zorggroep, which runs three hospitals in Ede, Veenendaal and Wageningen, "
    "said it detected the attack early on Monday.\n"
    "About 120 planned operations a day were being postponed while staff worked with paper "
    "records, the group said in a statement.\n"
)
ROUNDUP = (
    "Top stories\n"
    "Nearly 600 operations have been postponed since the cyber-attack, Rijnvallei Zorggroep "
    "said on Friday.\n"
)


def test_a_claims_context_holds_its_section_top_the_second_paragraph_as_background():
    start = WIRE.index("About 120")
    lines = story_context(WIRE, start, start + 20).split("\n")
    background = [line[1:] for line in lines if line.startswith("\x1e")]
    assert background == [WIRE.split("\n")[3]]
    assert WIRE.split("\n")[2] in lines  # the first paragraph is the topic


def test_a_name_in_the_background_ties_a_claim_to_its_story():
    index = ClaimIndex()
    found = index_texts(index, [WIRE, ROUNDUP], default_engine().propose)
    rate = next(c for c in found[0] if "120" in WIRE[c.start : c.end])
    total = next(c for c in found[1] if "600" in ROUNDUP[c.start : c.end])
    facts = index.facts((0, rate.start))
    assert "rijnvalei zorgroep" in facts.background
    assert "rijnvalei zorgroep" not in facts.topic
    link = index.relate(facts, index.facts((1, total.start)))
    assert link is not None and link.relation == RELATED
    assert "a rate and a total" in link.reason


def test_a_count_is_found_through_a_third_claim_of_its_story():
    """Two mentions of one count worded too differently to tie on their own are
    tied through a claim each is tied to."""
    wire = "Kanemoto bids for Vossberg\nKanemoto Heavy Industries offered to buy Vossberg."
    local = (
        "What the Kanemoto bid means for Kaltenbach\n"
        "Workers at Vossberg's Kaltenbach plant fear for their jobs."
    )
    index = ClaimIndex()
    group = index.add(
        "group",
        "wire",
        "The combined group would eliminate around 24,000 jobs, Kanemoto said.",
        context=wire,
    )
    union = index.add(
        "union",
        "local",
        "Across Germany, the IG Metall union believes some 1,600 jobs at Vossberg would go.",
        context=local,
    )
    assert index.relate(group, union) is None
    assert "union" not in [m.key for m in index.match(group, "group")]
    index.add(
        "plan",
        "local",
        "Kanemoto has said that around 24,000 jobs would go, most at Vossberg.",
        context=local,
    )
    assert [m.key for m in index.match(group, "group")] == ["plan", "union"]


def test_a_company_named_in_full_and_in_short_is_one_story():
    """ "Marschland" in one outlet and "Marschland Kliniken" in another: the words of
    a name count towards the story's likeness, not only the whole name."""
    index = ClaimIndex()
    a = index.add(
        "a",
        "doc1",
        "The records of about 180,000 patients had been copied, Marschland said.",
        context="Hackers hit Marschland hospitals",
    )
    b = index.add(
        "b",
        "doc2",
        "The gang says it holds data on more than a million patients.",
        context="Marschland Kliniken attack: what we know",
    )
    index.add("c", "doc3", "Storm Boris flooded 300 homes in Ostrava.", context="Storm Boris")
    assert {"marschland", "kliniken", "marschland kliniken"} <= b.topic
    assert b.name_words == {"marschland", "kliniken"}  # not retrieved by
    assert index.story(a, b) > 0
