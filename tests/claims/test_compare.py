"""How two claims relate (agree / conflict / related), read through ClaimIndex.relate on
small indexes, with the score and the reason a reviewer reads."""

from __future__ import annotations

from itertools import combinations

import pytest

from annotations.claims import default_engine
from annotations.claims.compare import AGREE, CONFLICT, RELATED, Link
from annotations.claims.facts import Facts
from annotations.claims.matching import ClaimIndex
from annotations.claims.when import Dateline


def add(index: ClaimIndex, key: str, sentence: str) -> Facts:
    """Index the engine's claim in `sentence` (the longest) with its attrs."""
    proposals = default_engine().propose(sentence, min_score=0)
    assert proposals, sentence
    best = max(proposals, key=lambda p: p.end - p.start)
    return index.add(key, key, sentence[best.start : best.end], best.attrs, best.start)


def both_ways(a: str, b: str, *others: str) -> tuple[Link | None, Link | None]:
    """relate(a, b) and relate(b, a) in an index of a, b and `others`."""
    index = ClaimIndex()
    fa, fb = add(index, "a", a), add(index, "b", b)
    for k, sentence in enumerate(others):
        add(index, f"other{k}", sentence)
    return index.relate(fa, fb), index.relate(fb, fa)


def relate(a: str, b: str, *others: str) -> Link | None:
    return both_ways(a, b, *others)[0]


KURSK_8000 = (
    "The revelation that 8,000 North Korean troops are stationed in Russia’s Kursk region is "
    "nothing short of astonishing."
)
KURSK_ESTIMATED_8000 = (
    "The plea surfaced as it was revealed that these troops are expected to fight with their "
    "Russian cohorts, with an estimated 8,000 North Korean forces having arrived in Russia’s "
    "Kursk Oblast for participation in the war."
)
KURSK_OVER_12000 = (
    "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces in "
    "Russia’s Kursk region, the United Nations Security Council learned last week."
)
RUSSIA_NEARLY_12000 = (
    "North Korea has sent nearly 12,000 troops to Russia, according to Ukraine’s military "
    "intelligence."
)
RUSSIA_OVER_12000 = (
    "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces in "
    "Russia, the United Nations Security Council learned last week."
)
BLINKEN_ANTON = (
    "Anton Blinken, the US Secretary of State, said around 8,000 North Korean troops are "
    "currently stationed in Russia on the border with Ukraine."
)
BLINKEN_ANTONY = (
    "US Secretary of State Antony Blinken has warned that about 8,000 North Korean soldiers "
    "stationed in Russia are preparing for deployment into combat in Ukraine."
)
BLINKEN_TOTAL = (
    "Blinken revealed that the US believes a total of 10,000 North Korean troops had been sent "
    "to Russia for training."
)
ZELENSKY_3800 = (
    "Ukrainian President Volodymyr Zelensky said 3,800 North Korean soldiers had been killed "
    "or injured in Kursk in an interview in early January."
)
ISW_92_A_DAY = (
    "North Korean troops have suffered an estimated 92 casualties every day since significant "
    "fighting in Russia’s border Kursk region, the ISW said."
)
THOUSANDS = (
    "Reports suggest North Korea has sent thousands of troops to aid Russia in its war against "
    "Ukraine."
)


# ------------------------------------------------------------------ agree and conflict


def test_the_same_figure_hedged_agrees():
    link = relate(KURSK_8000, KURSK_ESTIMATED_8000)
    assert link.relation == AGREE
    assert "8,000 and an estimated 8,000 North Korean troops in Kursk" in link.reason


def test_nearly_and_over_the_same_number_agree_as_about_it():
    link = relate(RUSSIA_NEARLY_12000, RUSSIA_OVER_12000)
    assert link.relation == AGREE
    assert "compatible as about 12,000" in link.reason


def test_figures_apart_in_one_place_conflict_naming_both():
    link = relate(KURSK_8000, KURSK_OVER_12000)
    assert link.relation == CONFLICT
    assert "intervals do not overlap" in link.reason
    assert "8,000" in link.reason and "over 12,000" in link.reason
    assert "in Kursk" in link.reason


def test_figures_on_another_topic_conflict():
    link = relate(
        "The earthquake killed 1,200 people in Turkey, officials said.",
        "The earthquake killed 5,000 people in Turkey, officials said.",
    )
    assert (link.relation, link.reason) == (
        CONFLICT,
        "1,200 vs 5,000 killed in Turkey: intervals do not overlap",
    )


# ------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("part", "relation", "says"),
    [
        ("About 14,000", CONFLICT, "Kursk is part of Russia, so its figure cannot be the larger"),
        ("About 9,000", AGREE, "consistent (Kursk is part of Russia)"),
        ("About 3,000", RELATED, "different scope (Kursk is part of Russia)"),
    ],
)
def test_a_figure_for_a_part_against_one_for_the_whole(part, relation, says):
    link = relate(
        f"{part} North Korean troops are in Russia's Kursk region.",
        "About 8,000 North Korean troops are in Russia.",
    )
    assert link.relation == relation
    assert says in link.reason


def test_a_direction_makes_a_part_of_the_country():
    link = relate(
        "U.S. intelligence assessments revealed that North Korea had moved at least 3,000 "
        "soldiers into eastern Russia.",
        "North Korea has sent about 3,500 troops to Russia, officials said.",
    )
    assert link.relation == AGREE
    assert "eastern Russia is part of Russia" in link.reason


def test_different_places_are_related():
    link = relate(
        "About 3,000 North Korean troops are in Kursk.",
        "About 8,000 North Korean troops are in Crimea.",
    )
    assert link.relation == RELATED
    assert link.reason.endswith("different places")


@pytest.mark.parametrize(
    ("city", "country"),
    [
        (
            "12 people were killed in Paris on Saturday.",
            "40 people were killed in France on Saturday.",
        ),
        ("50 people were killed in Moscow.", "80 people were killed in Russia."),
    ],
)
def test_a_capitals_figure_does_not_conflict_with_its_countrys(city, country):
    assert relate(city, country).relation != CONFLICT


# ------------------------------------------------------------------ rates, measures, parts


def test_a_rate_and_a_total_are_related():
    link = relate(ZELENSKY_3800, ISW_92_A_DAY)
    assert link.relation == RELATED
    assert "a rate and a total" in link.reason


@pytest.mark.parametrize(
    ("weekly", "relation", "says"),
    [
        ("about 650", AGREE, "about 93 a day (about 650 in 7 days)"),
        ("2,000", CONFLICT, "about 286 a day (2,000 in 7 days)"),
    ],
)
def test_rates_are_compared_per_day(weekly, relation, says):
    link = relate(
        "North Korean troops have suffered an estimated 92 casualties every day in Kursk.",
        f"North Korean troops have suffered {weekly} casualties every week in Kursk.",
    )
    assert link.relation == relation
    assert says in link.reason


def test_killed_and_killed_or_wounded_are_related():
    link = relate(
        "3,800 North Korean soldiers had been killed in Kursk.",
        "5,000 North Korean soldiers had been killed or injured in Kursk.",
    )
    assert link.relation == RELATED
    assert "different measures (killed vs killed or wounded)" in link.reason


def test_a_partial_figure_is_related():
    link = relate(
        KURSK_8000,
        "Budanov mentioned that the first group would consist of 2,600 soldiers, with two North "
        "Korean brigades currently undergoing training in Russia.",
    )
    assert link.relation == RELATED
    assert "2,600 counts only a part" in link.reason


# ------------------------------------------------------------------ speakers and dates


def test_one_speaker_giving_two_figures_is_related():
    link = relate(BLINKEN_ANTON, BLINKEN_TOTAL)
    assert link.relation == RELATED
    assert "both from Anton Blinken: two facets of one account" in link.reason


def test_name_variants_of_one_speaker_are_named_in_the_reason():
    link = relate(BLINKEN_ANTON, BLINKEN_ANTONY)
    assert link.relation == AGREE
    assert "“Anton Blinken” and “Antony Blinken” are one speaker" in link.reason


def test_figures_for_different_dates_are_related():
    link = relate(
        "On October 23, 3,000 North Korean troops were in Russia, officials said.",
        "On November 5, 11,000 North Korean troops were in Russia, officials said.",
    )
    assert link.relation == RELATED
    assert "reported for different dates" in link.reason
    assert "On October 23" in link.reason and "On November 5" in link.reason


# ------------------------------------------------------------------ vague figures


@pytest.mark.parametrize(
    ("other", "relation"),
    [
        (RUSSIA_OVER_12000, RELATED),
        (BLINKEN_ANTON, AGREE),
        ("About 800 North Korean troops are in Russia.", RELATED),
    ],
)
def test_a_vague_figure_never_conflicts(other, relation):
    assert relate(THOUSANDS, other).relation == relation


def test_a_vague_part_larger_than_the_whole_does_not_conflict():
    link = relate(
        "Officials said thousands of North Korean troops are in Russia's Kursk region.",
        "About 800 North Korean troops are in Russia.",
    )
    assert link.relation == RELATED
    assert "different scope" in link.reason


# ------------------------------------------------------------------ no relation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "12,000 North Korean troops are fighting in Kursk.",
            "12,000 Russian troops are fighting in Kursk.",
        ),
        ("North Korea has sent 12,000 troops to Russia.", "Iran has sent 2,000 troops to Russia."),
    ],
)
def test_figures_of_different_holders_are_not_related(a, b):
    assert both_ways(a, b) == (None, None)


def test_claims_without_shared_names_are_not_related():
    sentence = "The weather was fine and the crops grew well this summer."
    assert relate(sentence, sentence) is None


# ------------------------------------------------------------------ wording


def test_identical_sentences_agree_fully():
    sentence = "Kim Jong Un met Vladimir Putin in Moscow to discuss the war in Ukraine."
    link = relate(sentence, sentence)
    assert (link.relation, link.score) == (AGREE, 1.0)
    assert "the same statement in other words" in link.reason


def test_a_restatement_with_other_names_for_one_party_agrees():
    link = relate(
        "North Korea has sent troops to Russia to fight against Ukraine, officials said.",
        "Pyongyang sent soldiers to Russia to fight Ukraine, officials said.",
    )
    assert link.relation == AGREE
    assert "North Korea" in link.reason


@pytest.mark.parametrize(
    ("stated", "denied"),
    [
        (
            "Kim Jong Un met Vladimir Putin in Moscow to discuss the war in Ukraine.",
            "Kim Jong Un never met Vladimir Putin in Moscow to discuss the war in Ukraine.",
        ),
        (
            "North Korea has sent troops to Russia to fight Ukraine, officials said.",
            "North Korea hasn't sent troops to Russia to fight Ukraine, officials said.",
        ),
    ],
)
def test_a_denial_of_a_restated_claim_conflicts(stated, denied):
    link = relate(stated, denied)
    assert link.relation == CONFLICT
    assert link.reason.startswith("one denies what the other states")


def test_a_party_said_not_to_have_done_what_another_says_it_did_conflicts():
    link = relate(
        "Marlow Valley said none of its finished products had tested positive for listeria.",
        "Inspectors said a sealed package of Marlow Valley cheese had tested positive on Saturday.",
        "The company employs about 140 people at its plant in Sheboygan.",
        "The outbreak has sickened 24 people in 11 states, officials said.",
        "Marlow Valley announced a voluntary recall of soft cheeses on Friday.",
    )
    assert link.relation == CONFLICT
    assert link.reason.startswith("one says it is not so")


def test_a_negation_that_shares_only_a_word_outside_its_reach_opposes_nothing():
    link = relate(
        "Residents of villages north of Ercis said no rescue team reached them until Tuesday.",
        "Nearly 15,000 rescue workers were combing the rubble in Ercis and surrounding villages.",
    )
    assert link is None or link.relation != CONFLICT


def test_a_denial_of_the_same_figure_does_not_agree():
    link = relate(
        "Officials said 500 people were killed in the earthquake in Turkey.",
        "Officials denied that 500 people were killed in the earthquake in Turkey.",
    )
    assert link.relation != AGREE


# ------------------------------------------------------------------ reasons


def test_a_plural_peoples_name_reads_well_in_the_reason():
    link = relate(
        "The Ukrainians have captured 300 square kilometers in Kursk.",
        "The Ukrainians have captured 1,000 square kilometers in Kursk.",
    )
    assert "Ukrainians’s" not in link.reason


def test_a_figure_told_in_another_unit_keeps_it_in_the_reason():
    link = relate(
        "Typhoon Kalmaegi made landfall in Cagayan on Tuesday with winds of 185 km/h.",
        "Typhoon Kalmaegi hit Cagayan on Tuesday packing winds of 115 mph, forecasters said.",
    )
    assert link.relation == AGREE
    assert link.reason.startswith(("185 km/h and 115 mph", "115 mph and 185 km/h"))


def test_one_sum_in_two_currencies_is_related_not_compared():
    link = relate(
        "The agriculture department put crop losses from the typhoon in Cagayan at ₱1.2 billion.",
        "Farm losses from the typhoon in Cagayan are put by the department at about $21 million.",
    )
    assert link.relation == RELATED
    assert "two currencies" in link.reason and "$21 million dollars" not in link.reason


def test_a_reason_names_an_owner_after_the_unit_and_a_share_in_its_own_words():
    link = relate(
        "Brenner said it would cut 9,500 jobs in Germany by the end of 2028.",
        "Brenner will shed roughly one in eight of its jobs in Germany by the end of 2028.",
    )
    assert "per cent" not in link.reason.split(":")[0]
    assert "one in eight" in link.reason and "Brenner’s" not in link.reason


# ------------------------------------------------------------------ symmetry and scores


SENTENCES = [
    KURSK_8000,
    KURSK_ESTIMATED_8000,
    KURSK_OVER_12000,
    RUSSIA_NEARLY_12000,
    RUSSIA_OVER_12000,
    BLINKEN_ANTON,
    BLINKEN_ANTONY,
    BLINKEN_TOTAL,
    ZELENSKY_3800,
    ISW_92_A_DAY,
    THOUSANDS,
    "About 14,000 North Korean troops are in Russia's Kursk region.",
    "About 3,000 North Korean troops are in Crimea.",
    "Kim Jong Un met Vladimir Putin in Moscow to discuss the war in Ukraine.",
    "Kim Jong Un never met Vladimir Putin in Moscow to discuss the war in Ukraine.",
    "The earthquake killed 1,200 people in Turkey, officials said.",
    "More than 5,000 people were injured in the earthquake in Turkey, officials said.",
]


@pytest.fixture(scope="module")
def all_links():
    index = ClaimIndex()
    facts = [add(index, f"s{k}", s) for k, s in enumerate(SENTENCES)]
    return [(index.relate(a, b), index.relate(b, a)) for a, b in combinations(facts, 2)]


def test_the_relation_is_the_same_both_ways(all_links):
    for ab, ba in all_links:
        assert (ab is None) == (ba is None)
        if ab is not None:
            assert (ab.relation, ab.score) == (ba.relation, ba.score)


def test_scores_are_within_zero_and_one(all_links):
    links = [link for pair in all_links for link in pair if link is not None]
    assert len(links) > 20
    assert all(0 <= link.score <= 1 for link in links)


def test_the_relation_is_the_same_both_ways_with_two_figures_a_side():
    ab, ba = both_ways(
        "8,000 North Korean troops and 3,000 Russian troops are in Kursk.",
        "3,000 Russian troops and 12,000 North Korean troops are in Kursk.",
    )
    assert ab.relation == ba.relation


def test_killed_and_killed_or_injured_of_one_story_are_related():
    index = ClaimIndex()
    a = index.add("a", 1, "The blast at the Norvachem plant in Zelzate killed two workers.")
    b = index.add("b", 2, "In Zelzate, 14 people were killed or injured in the blast.")
    link = index.relate(a, b)
    assert link is not None and link.relation == RELATED


def test_a_denial_of_what_another_claim_states_conflicts():
    link = relate(
        "In Ceva, several residents told the Post that the sluice gates of the Cerreto "
        "reservoir had been opened without warning on Sunday night.",
        "Reservoir operator Alpidro denies that any gates were opened at the Cerreto dam on "
        "Sunday night.",
        "Rain fell on Ceva and the Cerreto valley all of Sunday night.",
    )
    assert link is not None and link.relation == CONFLICT
    assert "one denies what the other states" in link.reason


def test_marches_in_two_countries_are_two_events():
    assert (
        relate(
            "Organisers said 150,000 people marched in Madrid on Saturday against the bill.",
            "Organisers said 150,000 people marched in Lisbon on Saturday against rents.",
        )
        is None
    )


def test_a_short_name_of_a_company_holds_its_figures():
    link = relate(
        "Brenner Automobilwerke said on Tuesday it would cut 9,500 jobs in Germany.",
        "Brenner has stuck to its figure of 9,500 job cuts in Germany.",
    )
    assert link is not None and link.relation == AGREE


def test_another_companys_cuts_are_another_fact():
    assert (
        relate(
            "Brenner Automobilwerke said on Tuesday it would cut 9,500 jobs in Germany.",
            "Volkswagen agreed with unions in December to cut 9,500 jobs in Germany.",
        )
        is None
    )


def relate_told(a: str, a_context: str, b: str, b_context: str) -> Link | None:
    """relate(a, b), each claim told in its own document under its own headings."""
    index = ClaimIndex()
    return index.relate(
        index.add("a", "doc1", a, context=a_context), index.add("b", "doc2", b, context=b_context)
    )


def test_one_precise_sum_told_twice_agrees_though_its_purpose_is_named_once():
    link = relate_told(
        "Ó Dálaigh said the budget was an €8.7 billion package of new spending.",
        "Budget 2026: Ó Dálaigh sets out his plans",
        "The package, worth 8.7 billion euros in new spending and tax cuts, is the largest yet.",
        "What the budget means for you\nÓ Dálaigh's budget, explained",
    )
    assert link is not None and link.relation == AGREE
    assert "8.7 billion euros" in link.reason and "euros euros" not in link.reason
    assert "billion euros euros" not in link.reason and "€8.7 billion euros" not in link.reason


def test_a_round_sum_told_twice_is_not_taken_for_one_fact_on_its_figure_alone():
    link = relate_told(
        "Ó Dálaigh said the budget was a €5 billion package of new spending.",
        "Budget 2026: Ó Dálaigh sets out his plans",
        "The hospital plan, worth 5 billion euros over ten years, was approved on Monday.",
        "Ó Dálaigh's budget, explained",
    )
    assert link is None or link.relation != AGREE


def test_drones_shot_down_are_not_the_drones_launched():
    index = ClaimIndex()
    story = "Russia strikes Zhytomyr with drones and missiles"
    launched = index.add(
        "a",
        "doc",
        "Russia launched 412 attack drones at the country overnight, the air force said.",
        context=story,
    )
    downed = index.add(
        "b", "doc", "Air defences shot down 344 of the drones, the air force said.", context=story
    )
    assert index.relate(launched, downed) is None
    again = index.add(
        "c", "doc2", "Air defence units shot down some 340 of the drones.", context=story
    )
    link = index.relate(downed, again)
    assert link is not None and link.relation == AGREE


def test_two_shares_in_one_story_need_close_wording_to_be_one_fact():
    index = ClaimIndex()
    story = "Kestovia election: Vukel leads, Salova cries foul"
    a = index.add(
        "a", "doc", "The incumbent took 49.2%, the commission said on Monday.", context=story
    )
    b = index.add(
        "b",
        "doc",
        "The third-placed candidate came in with 7.9%, it said on Monday.",
        context=story,
    )
    assert index.relate(a, b) is None


def test_one_sum_in_two_convertible_currencies_is_compared_at_rough_rates():
    told = "Norway's parliament approved a military aid package for Ukraine worth about {}."
    euros = told.format("€1.2 billion")
    link = relate(euros, told.format("$1.4 billion"))
    assert link is not None and link.relation == AGREE
    assert "€1.2 billion and about $1.4 billion" in link.reason
    link = relate(euros, told.format("$2.5 billion"))
    assert link is not None and link.relation == CONFLICT


def test_volumes_told_in_litres_cubic_metres_and_gallons_are_compared():
    litres = "Azoplast said about 1.2 million litres of wastewater had escaped into the Warta."
    cubic = "Inspectors said 3,400 cubic metres of wastewater had escaped into the Warta."
    gallons = "Inspectors said some 900,000 gallons of wastewater had escaped into the Warta."
    link = relate(litres, cubic)
    assert link is not None and link.relation == CONFLICT
    link = relate(cubic, gallons)
    assert link is not None and link.relation == AGREE
    assert "3,400 cubic metres" in link.reason and "900,000 gallons" in link.reason


def test_a_sum_whose_purpose_one_side_leaves_unsaid_agrees_only_when_the_amounts_meet():
    story = "Norway approves aid for Ukraine\nThe Storting voted on Tuesday."
    package = (
        "Norway's parliament approved a military aid package for Ukraine worth about $1.4 billion."
    )
    link = relate_told(
        "The government's headline figure of 14.2 billion kroner was questioned by analysts.",
        story,
        package,
        story,
    )
    assert link is not None and link.relation == AGREE
    assert "14.2 billion kroner" in link.reason and "today's rates" in link.reason
    # another sum of the story, its purpose unsaid: not taken for the package
    link = relate_told(
        "Analysts said the government's figure of 5 billion kroner was questioned.",
        story,
        package,
        story,
    )
    assert link is None


def test_a_count_of_two_kinds_holds_a_count_of_either():
    link = relate(
        "Russia hurled some 450 drones and missiles at Ukraine in Monday's overnight attack.",
        "Russia also fired 38 missiles at Ukraine in Monday's overnight attack, the air force "
        "said.",
    )
    assert link is not None and link.relation == RELATED
    assert "drones and missiles" in link.reason


def test_some_of_the_dead_are_a_part_of_the_toll():
    link = relate(
        "A total of 97 people have died of cholera in Sungwe since the outbreak was declared.",
        "Of the dead in Sungwe, 61 died of cholera in their communities before reaching a clinic.",
    )
    assert link is not None and link.relation == RELATED
    assert "counts only a part" in link.reason


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(
            "In all, 52 people have received medical treatment since the leak at Kolnowo, "
            "officials said.",
            "Eleven people, including four children, had been admitted to hospital after the "
            "leak at Kolnowo, officials said.",
            RELATED,
            id="people treated hold those admitted to hospital",
        ),
        pytest.param(
            "Arzenia's defence ministry said shells landed up to 8 km inside Arzenian territory.",
            "Arzenia's defence ministry says the shells landed as far as five miles inside "
            "Arzenian territory.",
            AGREE,
            id="a rounded conversion still agrees",
        ),
        pytest.param(
            "Air defences shot down 344 of the drones over Zhytomyr, the air force said.",
            "Air defence units destroyed some 340 of the drones over Zhytomyr, the air force said.",
            AGREE,
            id="two counts of one part are compared",
        ),
        pytest.param(
            "In 2010, the Lesnitsa river burst its banks after a week of rain, flooding some 3,600 "
            "hectares of farmland.",
            "Older farmers compare it with the 2010 Lesnitsa flood, which covered roughly 8,900 "
            "acres of farmland but claimed no lives.",
            AGREE,
            id="a negation elsewhere in the claim does not deny its figure",
        ),
        pytest.param(
            "The Night Harbor hackers demanded 150 bitcoin from Marschland Kliniken, the note "
            "said.",
            "According to Moeller, the Night Harbor hackers' initial demand to Marschland Kliniken "
            "was 50 bitcoin.",
            CONFLICT,
            id="an initial demand is the whole sum, not a part",
        ),
        pytest.param(
            "Arzenian officials said that nine civilians had been killed by Tolmiri shelling "
            "in Karmir Dzor.",
            "Tolmir's defence ministry denied on Tuesday that its forces had killed any "
            "civilians in the shelling of Karmir Dzor.",
            CONFLICT,
            id="a denial that any were killed conflicts with a toll",
        ),
        pytest.param(
            "No one was killed when the Kolnowo plant's tank burst on Sunday, officials said.",
            "Two workers were killed when the Kolnowo plant's tank burst on Sunday, the union "
            "said.",
            CONFLICT,
            id="none killed and two killed on one day conflict",
        ),
        pytest.param(
            "About 4,500 people had been evacuated from Belishte after the Lesnitsa dam burst.",
            "About 1,900 people spent Tuesday night in schools in Belishte after the Lesnitsa "
            "dam burst.",
            RELATED,
            id="people in shelters are some of those evacuated",
        ),
        pytest.param(
            "Civic Watch said on Monday 10 November that its observers had documented "
            "irregularities at 347 polling stations in Kestovia.",
            "Observers from the Libertas Centre have now recorded irregularities at more than 600 "
            "polling stations in Kestovia, the group said on Tuesday 11 November.",
            RELATED,
            id="a count read 'now' on another day has moved",
        ),
        pytest.param(
            "Velin police detained 84 protesters on Monday night, the interior ministry said.",
            "Velin police said more than 150 protesters had been detained over two nights of "
            "protests.",
            RELATED,
            id="one night's count and two nights' total",
        ),
        pytest.param(
            "The air force said 31 of the missiles had been shot down over Zhytomyr.",
            "In a revised tally, the air force said 29 of the missiles had been shot down over "
            "Zhytomyr.",
            CONFLICT,
            id="a revised figure contradicts the one it replaces",
        ),
    ],
)
def test_how_two_claims_of_one_story_relate(a, b, expected):
    link = relate(a, b)
    assert link is not None and link.relation == expected


def test_two_counts_of_people_told_with_one_verb_are_one_count():
    a = "Police said 11 people were caught in the slide at Hochfernau, correcting an estimate."
    b = "A broadcaster said that at least 15 people had been caught in the Hochfernau avalanche."
    link = relate(a, b)
    assert link is not None and link.relation == CONFLICT, link
    # a count of people who did something else is another count
    other = "A Dutch broadcaster said at least 15 people had been flown out of Hochfernau."
    assert relate(a, other) is None


def test_a_count_worldwide_holds_the_count_in_one_country():
    a = "Vossberg employs some 7,600 people in Germany at five sites, the presentation showed."
    b = "Vossberg makes gearboxes for wind turbines and employs about 18,000 people worldwide."
    link = relate(a, b)
    assert link is not None and link.relation == RELATED, link
    assert "part of" in link.reason


def told_on(a: str, a_day: Dateline, b: str, b_day: Dateline) -> Link | None:
    """relate(a, b), each told in a document of its own day."""
    index = ClaimIndex()
    return index.relate(
        index.add("a", "a", a, published=a_day), index.add("b", "b", b, published=b_day)
    )


@pytest.mark.parametrize(
    ("a", "a_day", "b", "b_day"),
    [
        # a figure told to hold the count down disputes a larger one on any day
        (
            "The municipality said 1,350 homes had been flooded in Belishte on Monday.",
            Dateline(9, 15, 2025, 0),
            "The operator said on Thursday that fewer than 900 homes were flooded in Belishte.",
            Dateline(9, 18, 2025, 3),
        ),
        # readings at one moment of the event do not move whenever they are told
        (
            "Typhoon Yunhe made landfall in Cagayan with sustained winds of 185 km/h.",
            Dateline(10, 21, 2025, 1),
            "Forecasters put Yunhe's sustained winds at landfall in Cagayan at 150 mph.",
            Dateline(10, 25, 2025, 5),
        ),
        (
            "The operator said the Ostrava train was going at 78 km/h as it entered the curve.",
            Dateline(3, 3, 2026, 1),
            "Inspectors said the Ostrava train was going at 128 km/h as it entered the curve.",
            Dateline(3, 6, 2026, 4),
        ),
    ],
)
def test_figures_that_do_not_move_conflict_across_days(a, a_day, b, b_day):
    link = told_on(a, a_day, b, b_day)
    assert link is not None and link.relation == CONFLICT, link


def test_one_place_spelled_two_ways_is_one_place():
    a = "Police said on Thursday that 17 people had died in the fire at the Hotel Aranyhíd."
    b = "The ministry said on Thursday that 19 people had died in the fire at the Aranyhid hotel."
    link = relate(a, b)
    assert link is not None and link.relation == CONFLICT, link
    assert "different places" not in link.reason


def test_a_part_taken_from_a_whole_is_compared_with_the_other_part_not_the_whole():
    a = "Skarva Air said it had temporarily laid off 300 of its 1,150 employees on Wednesday."
    b = "The cabin crew union said at least 420 Skarva Air staff had received layoff notices."
    link = relate(a, b)
    assert link is not None and link.relation == CONFLICT, link
    assert "300" in link.reason and "420" in link.reason
    size = "Skarva Air employs about 1,150 people, the company said on Wednesday."
    link = relate(a, size)
    assert link is None or link.relation != CONFLICT, link
