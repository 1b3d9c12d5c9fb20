"""describe(): what one claim states, as the matcher reads it (names, figures with their
measure, holder, scope, rate and part, the speaker, the date and a denial)."""

from __future__ import annotations

from functools import cache

import pytest

from annotations.claims import default_engine
from annotations.claims.facts import Facts, Figure, describe, fold, speaker_key
from tests.claims.seeds import SEEDS, seed_text


def claim(sentence: str) -> Facts:
    """The engine's claim in `sentence` (the longest), described with its attrs."""
    proposals = default_engine().propose(sentence, min_score=0)
    assert proposals, sentence
    best = max(proposals, key=lambda p: p.end - p.start)
    return describe(sentence[best.start : best.end], best.attrs, best.start)


@cache
def _seed_claims() -> tuple[tuple[str, int, dict], ...]:
    out = []
    for name in SEEDS:
        text = seed_text(name)
        for p in default_engine().propose(text, min_score=0):
            out.append((text[p.start : p.end], p.start, p.attrs))
    return tuple(out)


def seed_claim(snippet: str) -> Facts:
    """The seed claim containing `snippet`, described with document offsets."""
    for text, start, attrs in _seed_claims():
        if snippet in text:
            return describe(text, attrs, start)
    raise AssertionError(f"no seed claim contains {snippet!r}")


def figure(facts: Facts, text: str | None = None) -> Figure:
    """The figure written as `text`, or the claim's only figure."""
    found = [f for f in facts.figures if text is None or f.text == text]
    assert len(found) == 1, facts.figures
    return found[0]


# ------------------------------------------------------------------ holders


@pytest.mark.parametrize(
    ("snippet", "text", "holder"),
    [
        ("8,000 North Korean troops are stationed", "8,000", "north korea"),
        ("North Korea has sent nearly 12,000 troops", "nearly 12,000", "north korea"),
        ("Moscow has been losing over 1,000 men", "over 1,000", "russia"),
        ("Zelensky said 3,800 North Korean soldiers", "3,800", "north korea"),
        ("Russian authorities detained 18 North Korean", "18", "north korea"),
    ],
)
def test_holder_is_the_party_in_the_figure_else_the_name_before(snippet, text, holder):
    assert figure(seed_claim(snippet), text).holder == holder


def test_holder_is_never_the_speaker():
    sentence = "Ukraine’s military intelligence said 12,000 troops had arrived in Kursk."
    assert figure(claim(sentence)).holder is None
    # without the engine's attribution nothing marks Ukraine as the source
    assert figure(describe(sentence)).holder == "ukraine"


def test_holder_is_not_a_place():
    facts = claim("Officials said 400 North Korean soldiers arrived in Russia on Monday.")
    assert figure(facts).holder == "north korea"
    facts = claim("About 300 soldiers arrived in Russia on Monday, officials said.")
    assert figure(facts).holder is None


def test_holder_of_a_sentence_initial_vague_figure():
    facts = claim("Thousands of North Korean troops are in Kursk.")
    assert figure(facts).holder == "north korea"


# ------------------------------------------------------------------ measures


@pytest.mark.parametrize(
    ("snippet", "text", "measure"),
    [
        ("3,800 North Korean soldiers had been killed or injured", "3,800", "casualties"),
        ("around 1,000 killed or wounded", "around 1,000", "casualties"),
        ("over 1,000 men killed and wounded", "over 1,000", "casualties"),
        ("an estimated 92 casualties", "an estimated 92", "casualties"),
        ("detained 18 North Korean soldiers", "18", "detained"),
        ("hundreds of square kilometers", "hundreds", "area"),
        ("8,000 North Korean troops are stationed", "8,000", "troops"),
        ("at least 3,000 soldiers", "at least 3,000", "troops"),
        ("an estimated 8,000 North Korean forces", "an estimated 8,000", "troops"),
    ],
)
def test_measure_is_the_status_after_the_number_else_the_folded_unit(snippet, text, measure):
    assert figure(seed_claim(snippet), text).measure == measure


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("The earthquake has killed 1,200 people in Turkey's Hatay province.", "killed"),
        ("The quake struck on Monday, killing at least 40.", "killed"),
        ("The death toll rose to 1,200 on Tuesday.", "killed"),
        ("More than 5,000 people were injured in the earthquake, officials said.", "injured"),
        ("Rescuers have evacuated 2,000 people in southern Greece.", "evacuated"),
        ("The fire has displaced 4,000 residents in California.", "displaced"),
        ("The wildfire has destroyed 1,500 homes in California's Sonoma County.", "buildings"),
        ("Officials said the blaze had burned 40,000 acres.", "area"),
        ("In all, 52 people have received medical treatment since Sunday.", "treated"),
        ("The ICRC said 893 detainees had been released in total.", "prisoner"),
        ("Russia hurled some 450 drones and missiles at Ukraine overnight.", "drone+missile"),
        ("About 1,900 people spent Tuesday night in schools and sports halls.", "sheltered"),
        ("At least 30 civilians in the border villages were wounded overnight.", "injured"),
        ("It said it had sent no more than 1,200 military instructors to Nzara.", "troops"),
        ("Tolmiri forces fired more than 60 artillery and mortar rounds overnight.", "shell"),
        ("The farmers' union said floodwater had covered some 38,000 decares.", "area"),
    ],
)
def test_measure_on_other_topics(sentence, measure):
    assert figure(claim(sentence)).measure == measure


def test_the_status_is_read_past_an_aside_on_who_was_counted():
    facts = claim("Eleven people, including four children, had been admitted to hospital.")
    assert figure(facts, "Eleven").measure == "hospitalised"


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("Another 17 people were reported missing across the city, police said.", "missing"),
        ("Three fans were killed in the crush at the stadium gate on Tuesday.", "killed"),
        ("Some 190 guests were staying at the hotel on the night of the fire.", "guest"),
        ("The navy spokesman described the loss of three crewmen on Monday.", "crew"),
    ],
)
def test_what_happened_to_people_named_by_other_nouns_is_read(sentence, measure):
    assert figure(claim(sentence)).measure == measure


def test_a_count_among_a_group_is_a_part_of_the_group():
    f = figure(claim("India's foreign ministry said 17 Indian nationals were among the crew."))
    assert (f.measure, f.partial) == ("crew", True)


def test_a_status_before_the_number_sets_the_measure_for_each_figure():
    facts = claim("The quake struck on Monday, killing at least 40 people and injuring 300.")
    assert [(f.text, f.measure) for f in facts.figures] == [
        ("at least 40", "killed"),
        ("300", "injured"),
    ]


def test_a_death_toll_named_early_in_the_sentence_is_still_a_toll():
    facts = claim("The death toll from the earthquake in Turkey's Hatay province rose to 1,200.")
    assert figure(facts).measure == "killed"


def test_a_number_word_opening_the_sentence_holds_nothing():
    facts = claim("Thirteen people have now died in the collapse, police said.")
    assert figure(facts).holder is None


def test_forced_to_evacuate_counts_evacuees():
    facts = claim("The wildfire has forced 20,000 residents to evacuate in northern California.")
    assert figure(facts).measure == "evacuated"


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("Around 350 people were believed to have been on board, he said.", "aboard"),
        ("Survivors said 500 people had been crammed onto the trawler.", "aboard"),
        ("An estimated 150,000 people had been forced from their homes.", "displaced"),
        ("Some 2,000 residents were sheltering in tents on Monday.", "sheltered"),
        ("Police arrested nine suspected smugglers on Wednesday.", "detained"),
        ("He said 14,500 search and rescue personnel had been deployed.", "personnel"),
        ("Nearly 15,000 rescue workers were combing the rubble.", "personnel"),
        ("Police said eight people remained unaccounted for on Friday.", "missing"),
        ("The union says 19 workers were stuck underground.", "trapped"),
        ("Rescuers were trying to reach fourteen miners trapped by the collapse.", "trapped"),
        ("Investigators say 17 cars, vans and lorries were on the span.", "vehicle"),
        ("He paid 5 million pounds in compensation.", "pounds|compensation"),
        ("Officials now put crop losses at ₱3.4 billion.", "pesos|damage"),
        ("Russia launched 412 attack drones and decoys overnight.", "drone"),
        ("At least 3,000 cubic metres of water had flowed into the Warta.", "volume"),
        ("Some 900,000 gallons of wastewater poured into the river.", "volume"),
        ("A spokeswoman said 450 positions would be eliminated.", "job"),
        ("Police in Velin detained 84 protesters on Monday night.", "detained"),
        ("Air defences shot down 344 of the drones, the air force said.", "downed|drone"),
        ("Only two of the Iskander-M ballistic missiles had been intercepted.", "downed|missile"),
        ("It said 29 of the missiles fired that night had been shot down.", "downed|missile"),
        ("The death toll from the missile and drone attack has risen to 17.", "killed"),
        ("The council expected a surplus closer to €2.3 billion next year.", "euros|surplus"),
        ("He said the budget was an €8.7 billion package of aid.", "euros|aid"),
        ("Two of them have died, the CDC said in a notice.", "killed"),
        ("Some 163,400 residents of coastal villages were moved to safety.", "evacuated"),
        ("About 21,000 people were still staying in evacuation centres.", "sheltered"),
        (
            "The death toll from last week's collapse of the viaduct on the A1 motorway "
            "has risen to 14, police said.",
            "killed",
        ),
    ],
)
def test_what_people_are_counted_as(sentence, measure):
    assert figure(claim(sentence)).measure == measure


@pytest.mark.parametrize(
    ("sentence", "measure", "value"),
    [
        ("The boat sank about 45 nautical miles south of Gavdos.", "distance", 83.34),
        ("The trawler went down some 80 km south of Gavdos.", "distance", 80),
        ("The fire had burned roughly 20,750 acres by Wednesday.", "area", 20750 * 0.4047),
        ("The fire had burned about 8,400 hectares by Wednesday.", "area", 8400),
        ("Ankara declared a three-month state of emergency in Van.", "duration", 90),
        ("Turkey has declared a 90-day state of emergency.", "duration", 90),
        ("A girl was pulled alive 62 hours after the quake struck.", "duration", 62 / 24),
        ("A 17-year-old girl was pulled alive from the rubble.", "age", 17),
        ("Sustained winds of 185 km/h battered Cagayan.", "speed", 185),
        ("The typhoon packed winds of 115 mph as it hit Cagayan.", "speed", 115 * 1.609),
        ("Winds of 100 knots were recorded off Aparri.", "speed", 185.2),
        ("Winds of 150 kilometres per hour lashed the coast.", "speed", 150),
        ("The mercury hit 112 degrees Fahrenheit in Phoenix.", "temperature", 44.44),
        ("Temperatures reached 44.5C in Athens on Friday.", "temperature", 44.5),
        ("Temperatures dropped to minus 8 degrees Celsius.", "temperature", -8),
        ("Temperatures fell as low as -12C overnight.", "temperature", -12),
        ("The plant produces 1.2 GW of power.", "power", 1200),
        ("The wind farm will have a capacity of 450 megawatts.", "power", 450),
        ("The recall covers about 180,000 pounds of cheese.", "mass", 180000 * 0.4536),
        ("The company has recalled some 82 tonnes of soft cheese.", "mass", 82000),
        ("The viaduct, more than three decades old, was closed.", "age", 30),
    ],
)
def test_units_of_one_dimension_compare_in_one_unit(sentence, measure, value):
    f = figure(claim(sentence))
    assert (f.measure, round(f.value, 2)) == (measure, round(value, 2))


def test_a_time_ago_or_a_rates_period_is_not_a_figure():
    assert not claim("The dam was built 40 years ago by the state.").figures
    f = figure(claim("Firefighters said the blaze had burned 40,000 acres in just three days."))
    assert f.measure == "area" and f.per_days == 3


# ------------------------------------------------------------------ scope


def test_scope_in_a_possessive_region_is_the_region_inside_the_country():
    facts = seed_claim("8,000 North Korean troops are stationed in Russia’s Kursk region")
    scope = figure(facts).scope
    assert (scope.key, scope.container) == ("kursk", "russia")
    assert ("kursk", "russia") in facts.within


def test_scope_with_a_direction_is_a_part_of_the_country():
    facts = seed_claim("at least 3,000 soldiers into eastern Russia")
    scope = figure(facts).scope
    assert (scope.key, scope.text, scope.container) == (
        "eastern russia",
        "eastern Russia",
        "russia",
    )
    assert ("eastern russia", "russia") in facts.within


def test_scope_of_a_figure_sent_to_a_country():
    facts = seed_claim("North Korea has sent nearly 12,000 troops to Russia")
    assert figure(facts, "nearly 12,000").scope.key == "russia"


@pytest.mark.parametrize("use_engine", [True, False])
def test_according_to_names_a_source_not_a_place(use_engine):
    sentence = "According to Ukraine’s military intelligence, 12,000 troops have arrived."
    facts = claim(sentence) if use_engine else describe(sentence)
    assert figure(facts).scope is None
    assert facts.within == ()


def test_scope_on_other_topics():
    facts = claim("The wildfire has destroyed 1,500 homes in California's Sonoma County.")
    scope = figure(facts).scope
    assert (scope.key, scope.container) == ("sonoma", "california")
    scope = figure(claim("The earthquake killed at least 40 people in southern Turkey.")).scope
    assert (scope.key, scope.container) == ("southern turkey", "turkey")


# ------------------------------------------------------------------ rates


def test_a_figure_every_day_is_a_daily_rate():
    f = figure(seed_claim("an estimated 92 casualties every day"))
    assert f.per_days == 1
    assert (f.low, f.high, f.value) == pytest.approx((82.8, 101.2, 92))


def test_a_figure_in_a_period_is_divided_by_its_days():
    f = figure(seed_claim("around 1,000 killed or wounded in just seven days"))
    assert f.per_days == 7
    assert (f.low, f.high, f.value) == pytest.approx((900 / 7, 1100 / 7, 1000 / 7))


def test_the_period_itself_is_not_a_figure():
    facts = seed_claim("around 1,000 killed or wounded in just seven days")
    assert [f.text for f in facts.figures] == ["around 1,000"]


def test_for_the_past_months_is_not_the_rates_period():
    f = figure(seed_claim("Moscow has been losing over 1,000 men"))
    assert (f.per_days, f.low, f.high) == (1, 1000, None)


@pytest.mark.parametrize(
    ("sentence", "per_days"),
    [
        ("The fire has burned roughly 2,000 hectares every week since June.", 7),
        ("Firefighters said the blaze had burned 40,000 acres in just three days.", 3),
        ("The earthquake killed 1,200 people in Turkey.", None),
    ],
)
def test_rates_on_other_topics(sentence, per_days):
    assert figure(claim(sentence)).per_days == per_days


# ------------------------------------------------------------------ parts


@pytest.mark.parametrize(
    ("snippet", "text", "partial"),
    [
        ("the first group would consist of 2,600 soldiers", "2,600", True),
        ("up to 6,000 personnel each", "up to 6,000", True),
        ("North Korea has sent nearly 12,000 troops", "nearly 12,000", False),
        ("8,000 North Korean troops are stationed", "8,000", False),
    ],
)
def test_a_figure_counting_only_a_part_is_partial(snippet, text, partial):
    assert figure(seed_claim(snippet), text).partial is partial


def test_a_count_of_things_of_something_is_not_a_part_of_it():
    recalled = claim("The regulator said 14 batches of the metformin tablets were recalled.")
    assert not figure(recalled).partial
    assert figure(claim("Of the dead, 61 died at home, officials said on Monday.")).partial


def test_another_batch_is_partial_and_or_more_is_not():
    assert figure(claim("Another 1,000 residents were evacuated in northern Greece.")).partial
    assert not figure(claim("5,000 or more people were evacuated in northern Greece.")).partial


@pytest.mark.parametrize(
    "sentence",
    [
        "A new report says 12,000 North Korean troops are in Kursk.",
        "The latest figures show 12,000 North Korean troops are in Kursk.",
        pytest.param(
            "For the first time, officials said 12,000 North Korean troops are in Kursk.",
        ),
    ],
)
def test_a_word_about_the_report_does_not_make_the_figure_partial(sentence):
    assert not figure(claim(sentence)).partial


# ------------------------------------------------------------------ ratios


def test_a_ratios_denominator_is_not_a_figure():
    facts = seed_claim("one translator for every 40 soldiers")
    assert [f.text for f in facts.figures] == ["one"]
    assert figure(facts).measure == "translator"


# ------------------------------------------------------------------ speaker


@pytest.mark.parametrize(
    ("speaker", "key"),
    [
        ("Anton Blinken, the US Secretary of State", ("anton", "blinken")),
        ("US Secretary of State Antony Blinken", ("antony", "blinken")),
        ("Ukrainian President Volodymyr Zelensky", ("volodymyr", "zelensky")),
        ("President Zelensky", ("", "zelensky")),
        ("British Defense Secretary John Healey MP", ("john", "healey")),
        ("Foreign Ministry spokesperson Heorhii Tykhyi", ("heorhii", "tykhyi")),
        ("Prime Minister Keir Starmer", ("keir", "starmer")),
        ("Reports", None),
        ("Kyiv", None),
        ("US National Security Council", None),
    ],
)
def test_speaker_key_is_first_name_and_surname_without_titles(speaker, key):
    assert speaker_key(speaker) == key


@pytest.mark.parametrize(
    "speaker",
    [
        pytest.param(
            "the ISW",
        ),
        pytest.param(
            "Police",
        ),
    ],
)
def test_speaker_key_is_none_for_an_organisation(speaker):
    assert speaker_key(speaker) is None


def test_speaker_comes_from_the_attribution():
    facts = seed_claim("Anton Blinken, the US Secretary of State, said around 8,000")
    assert facts.speaker == ("anton", "blinken")
    assert facts.speaker_text == "Anton Blinken, the US Secretary of State"


def test_no_attribution_no_speaker():
    facts = describe("North Korea has sent nearly 12,000 troops to Russia.")
    assert (facts.speaker, facts.speaker_text) == (None, "")


# ------------------------------------------------------------------ names and terms


def test_name_spellings_fold_together():
    assert fold("Zelenskyy") == fold("Zelenskiy") == fold("Zelensky") == "zelensky"


def test_a_party_folds_its_adjective_and_capital():
    keys = {n.key for n in describe("Pyongyang sent North Korean troops to the DPRK border.").names}
    assert keys == {"north korea"}


def test_terms_fold_names_and_measures():
    one = describe("Volodymyr Zelenskyy said 3,000 soldiers arrived.")
    other = describe("Zelenskiy said 3,000 troops arrived.")
    assert {"@zelensky", "#troops"} <= one.terms & other.terms


def test_title_words_are_not_part_of_a_name():
    facts = describe("Ukrainian President Volodymyr Zelensky spoke in Kyiv.")
    assert "volodymyr zelensky" in facts.name_keys


# ------------------------------------------------------------------ date and negation


def test_date_comes_from_the_attrs():
    facts = seed_claim("Zelensky said 3,800 North Korean soldiers")
    assert (facts.date, facts.date_text) == ("--01", "in early January")


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Officials denied that 500 people had been killed in the earthquake.", True),
        ("The government said no civilians were killed in the strike.", True),
        ("North Korea hasn't sent troops to Russia, officials said.", True),
        ("Kim Jong Un never met Vladimir Putin in Moscow.", True),
        ("Officials said 500 people had been killed in the earthquake.", False),
    ],
)
def test_negation(sentence, negated):
    assert claim(sentence).negated is negated


def test_not_only_but_also_is_not_a_denial():
    assert not describe("Not only North Korea but also Iran has sent troops to Russia.").negated


# ------------------------------------------------------------------ attrs and offsets


def test_without_attrs_quantities_are_extracted_here():
    sentence = "North Korea has sent nearly 12,000 troops to Russia."
    for bare in (describe(sentence), describe(sentence, {})):
        assert figure(bare) == figure(claim(sentence))


def test_figure_offsets_are_relative_to_the_claim():
    facts = seed_claim("Over 12,000 North Korean troops are estimated")
    f = figure(facts)
    assert facts.text[f.start :].startswith("Over 12,000")


def test_quantities_outside_the_claim_are_ignored():
    text = "12,000 troops left. Then 3,000 soldiers arrived in Kursk."
    claim_start = text.index("Then")
    attrs = {
        "quantities": [
            {"text": "12,000 troops", "start": 0, "end": 13, "value": 12000.0, "low": 12000.0,
             "high": 12000.0, "qualifier": "exact", "unit": "troops"},
            {"text": "3,000 soldiers", "start": 25, "end": 39, "value": 3000.0, "low": 3000.0,
             "high": 3000.0, "qualifier": "exact", "unit": "soldiers"},
        ],
        "attribution": None,
        "dates": [],
    }  # fmt: skip
    facts = describe(text[claim_start:], attrs, claim_start)
    assert [(f.text, f.start) for f in facts.figures] == [("3,000", 5)]


def test_a_count_of_who_says_it_is_not_a_figure():
    assert not claim("Two survivors said a patrol boat tied a rope to the trawler.").figures


def test_a_magnitude_class_is_not_a_reading():
    facts = claim("AFAD recorded 1,100 aftershocks, 38 of them above magnitude 4.")
    assert [f.measure for f in facts.figures] == ["aftershock"]  # no magnitude 4


def test_the_province_of_a_place_is_that_place():
    facts = claim("Five of the victims died in the province of Cuneo, officials said.")
    assert figure(facts).scope.key == "cuneo"


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("The region made an initial damage estimate of 500 million euros.", "euros|damage"),
        ("The first estimate of the damage comes to half a billion euros.", "euros|damage"),
        ("Donors pledged $40 million in aid for the region.", "dollars|aid"),
        ("The company reported 3 million euros last year.", "euros"),
        ("In Asti alone, 1,900 residents were moved out of their homes.", "evacuated"),
        ("The union says more than 60 people were working at the plant.", "personnel"),
    ],
)
def test_money_is_measured_by_what_it_is_and_more_counts(sentence, measure):
    assert figure(claim(sentence)).measure == measure


def test_a_weekday_is_not_a_place():
    facts = claim("Official turnout in Sunday's by-election in Shiraki was just over 41 percent.")
    assert (figure(facts).scope.key, figure(facts).measure) == ("shiraki", "per cent|turnout")


@pytest.mark.parametrize(
    "sentence",
    [
        "Abashidze finished 462 votes ahead of Kiknadze in Sunday's vote.",
        "Abashidze won the by-election in Shiraki by more than 1,400 votes.",
        "Abashidze won by a margin of fewer than 500 votes in the district.",
    ],
)
def test_a_winning_margin_is_not_a_count_of_votes(sentence):
    assert figure(claim(sentence)).measure == "margin|vot"


@pytest.mark.parametrize(
    ("sentence", "holder"),
    [
        ("Volkswagen agreed with unions in December to cut more than 35,000 jobs.", "volkswagen"),
        ("Auto parts supplier Falkner AG said it would cut 9,500 jobs worldwide.", "falkner ag"),
        ("The IG Metall union said that as many as 12,000 jobs would go under the plan.", None),
    ],
)
def test_jobs_belong_to_the_organisation_the_clause_is_about(sentence, holder):
    assert figure(claim(sentence)).holder == holder


def test_hospital_admissions_are_their_own_count_within_the_cases():
    assert figure(claim("Of those infected, 412 have been admitted to hospital.")).measure == (
        "hospitalised"
    )


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        (
            "The Interior Ministry says 26 police officers were injured across the country.",
            "injured",
        ),
        (
            "Madrid's emergency service said it had treated dozens of people for injuries.",
            "injured",
        ),
    ],
)
def test_officers_and_people_treated_count_as_injured(sentence, measure):
    assert figure(claim(sentence)).measure == measure


@pytest.mark.parametrize(
    ("sentence", "measure", "denied"),
    [
        ("No one was killed in the blast, police said.", "killed", False),
        ("Nobody was hurt when the roof gave way, the fire service said.", "injured", False),
        ("No injuries were reported after the derailment near Vinkovci.", "injured", False),
        (
            "Tolmir's defence ministry has denied that its forces killed any civilians in the "
            "exchange of fire.",
            "killed",
            True,
        ),
    ],
)
def test_a_count_said_to_be_none_is_a_figure_of_nought(sentence, measure, denied):
    nought = [f for f in claim(sentence).figures if f.value == 0]
    assert [(f.measure, f.low, f.high, f.denied) for f in nought] == [(measure, 0, 0, denied)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tarvastan said it had sent no more than 1,200 military instructors to Nzara.",
        "The company said there was no evidence that patient data had been taken.",
        "A spokesman said that no prisoner had been abused in its detention centres.",
        "Officials said there had been no damage to the dam's main wall.",
    ],
)
def test_no_before_a_bound_or_a_thing_not_counted_is_no_figure(sentence):
    assert not [f for f in describe(sentence).figures if f.value == 0]


@pytest.mark.parametrize(
    "sentence",
    [
        "The listeria outbreak has sickened 24 people in 11 states, officials said.",
        "Officials said 27 people in 12 states have now fallen ill after eating the cheese.",
        "Nine people became ill after eating the cheese, the health department said.",
    ],
)
def test_people_fallen_ill_are_cases(sentence):
    assert claim(sentence).figures[0].measure == "infected"


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("Shares in Skarva fell 18.4% in Oslo on Tuesday, the exchange said.", "per cent|change"),
        (
            "The deal would give primary teachers a pay rise of 14% over three years, the "
            "minister said.",
            "per cent|change",
        ),
        (
            "The eruption forced more than 1,000 people from their homes on Fogo, officials said.",
            "displaced",
        ),
    ],
)
def test_a_change_in_per_cent_and_people_forced_from_home(sentence, measure):
    found = claim(sentence).figures[0]
    assert found.measure == measure
    assert found.per_days is None  # "14% over three years" is the whole rise


def test_a_number_taken_from_a_whole_counts_what_the_whole_counts():
    figures = claim(
        "Skarva Air said it had temporarily laid off 300 of its 1,150 employees."
    ).figures
    part, whole = figures
    assert (part.text, part.measure, part.whole) == ("300", whole.measure, False)
    assert whole.whole and not part.partial
