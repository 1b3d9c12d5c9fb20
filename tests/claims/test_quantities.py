"""Quantities: value, head-noun unit, hedge qualifier and implied interval, with offsets."""

from __future__ import annotations

import pytest

from annotations.claims.quantities import Quantity, extract_quantities


def only(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


def summary(text: str) -> list[tuple[str, float, str, str]]:
    return [(q.text, q.value, q.qualifier, q.unit) for q in extract_quantities(text)]


# Every quantity the five seed articles state: (sentence, text, value, qualifier, unit).
SEED_QUANTITIES = [
    (
        "South Korea's Intelligence Service confirmed that two North Korean soldiers recently "
        "captured by Ukrainian forces in Russia's Kursk were operatives.",
        "two North Korean soldiers", 2, "exact", "soldiers",
    ),
    (
        "Amid devastating losses of around 1,000 killed or wounded in just seven days, North "
        "Korean soldiers are reportedly taking their own lives.",
        "around 1,000 killed or wounded", 1000, "approx", "casualties",
    ),
    (
        "Amid devastating losses of around 1,000 killed or wounded in just seven days, North "
        "Korean soldiers are reportedly taking their own lives.",
        "just seven days", 7, "exact", "days",
    ),
    (
        "as they share one translator for every 40 soldiers along the Kursk front.",
        "one translator", 1, "exact", "translator",
    ),
    (
        "as they share one translator for every 40 soldiers along the Kursk front.",
        "40 soldiers", 40, "exact", "soldiers",
    ),
    (
        "North Korea has sent nearly 12,000 troops to Russia, including 500 officers and three "
        "generals, according to Ukraine’s military intelligence (HUR)",
        "nearly 12,000 troops", 12000, "at_most", "troops",
    ),
    (
        "North Korea has sent nearly 12,000 troops to Russia, including 500 officers and three "
        "generals, according to Ukraine’s military intelligence (HUR)",
        "500 officers", 500, "exact", "officers",
    ),
    (
        "North Korea has sent nearly 12,000 troops to Russia, including 500 officers and three "
        "generals, according to Ukraine’s military intelligence (HUR)",
        "three generals", 3, "exact", "generals",
    ),
    (
        "The call was made during a meeting of the two countries’ foreign and defense ministers "
        "in Ottawa.",
        "two countries", 2, "exact", "countries",
    ),
    (
        "The revelation that 8,000 North Korean troops are stationed in Russia’s Kursk region "
        "is nothing short of astonishing.",
        "8,000 North Korean troops", 8000, "exact", "troops",
    ),
    (
        "yet here, in the shadows of two increasingly volatile nations, we have North Korea "
        "waging a proxy war in Europe.",
        "two increasingly volatile nations", 2, "exact", "nations",
    ),
    (
        "with an estimated 8,000 North Korean forces having arrived in Russia’s Kursk Oblast "
        "for participation in the war.",
        "an estimated 8,000 North Korean forces", 8000, "approx", "forces",
    ),
    (
        "Anton Blinken, the US Secretary of State, said around 8,000 North Korean troops are "
        "currently stationed in Russia on the border with Ukraine.",
        "around 8,000 North Korean troops", 8000, "approx", "troops",
    ),
    (
        "US Secretary of State Antony Blinken has warned that about 8,000 North Korean soldiers "
        "stationed in Russia are preparing for deployment into combat in Ukraine.",
        "about 8,000 North Korean soldiers", 8000, "approx", "soldiers",
    ),
    (
        "Blinken revealed that the US believes a total of 10,000 North Korean troops had been "
        "sent to Russia for training.",
        "a total of 10,000 North Korean troops", 10000, "exact", "troops",
    ),
    (
        "North Korea has launched an intercontinental ballistic missile (ICBM) that flew for "
        "86 minutes, marking the longest flight time yet.",
        "86 minutes", 86, "exact", "minutes",
    ),
    ("The missile reached a height of 7,000 km.", "7,000 km", 7000, "exact", "km"),
    (
        "Reports suggest North Korea has sent thousands of troops to aid Russia in its war "
        "against Ukraine.",
        "thousands of troops", 1000, "vague", "troops",
    ),
    (
        "U.S. intelligence assessments revealed that North Korea had moved at least 3,000 "
        "soldiers into eastern Russia.",
        "at least 3,000 soldiers", 3000, "at_least", "soldiers",
    ),
    (
        "Budanov mentioned that the first group would consist of 2,600 soldiers, with two North "
        "Korean brigades of up to 6,000 personnel each currently undergoing training in Russia.",
        "2,600 soldiers", 2600, "exact", "soldiers",
    ),
    (
        "Budanov mentioned that the first group would consist of 2,600 soldiers, with two North "
        "Korean brigades of up to 6,000 personnel each currently undergoing training in Russia.",
        "two North Korean brigades", 2, "exact", "brigades",
    ),
    (
        "Budanov mentioned that the first group would consist of 2,600 soldiers, with two North "
        "Korean brigades of up to 6,000 personnel each currently undergoing training in Russia.",
        "up to 6,000 personnel", 6000, "at_most", "personnel",
    ),
    (
        "A military intelligence source revealed on October 21 that Russian authorities "
        "detained 18 North Korean soldiers who abandoned their positions in Kursk Oblast.",
        "18 North Korean soldiers", 18, "exact", "soldiers",
    ),
    (
        "The Ukrainians have captured hundreds of square kilometers of territory and dozens of "
        "settlements.",
        "hundreds of square kilometers", 100, "vague", "square kilometers",
    ),
    (
        "The Ukrainians have captured hundreds of square kilometers of territory and dozens of "
        "settlements.",
        "dozens of settlements", 12, "vague", "settlements",
    ),
    (
        "“It is now highly likely that the transfer of hundreds of combat troops from North "
        "Korea to Russia has begun,” British Defense Secretary John Healey MP said.",
        "hundreds of combat troops", 100, "vague", "troops",
    ),
    (
        "Moscow has been losing over 1,000 men killed and wounded every day for the past four "
        "months.",
        "over 1,000 men", 1000, "at_least", "men",
    ),
    (
        "Moscow has been losing over 1,000 men killed and wounded every day for the past four "
        "months.",
        "four months", 4, "exact", "months",
    ),
    (
        "Ukrainian President Volodymyr Zelensky said 3,800 North Korean soldiers had been "
        "killed or injured in Kursk in an interview in early January.",
        "3,800 North Korean soldiers", 3800, "exact", "soldiers",
    ),
    (
        "some North Korean soldiers are resorting to extreme measures as they support Russia's "
        "three-year war with Ukraine.",
        "three-year", 3, "exact", "year",
    ),
    (
        "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces "
        "in Russia’s Kursk region, the United Nations Security Council learned last week.",
        "Over 12,000 North Korean troops", 12000, "at_least", "troops",
    ),
    (
        "North Korean troops have suffered an estimated 92 casualties every day since "
        "significant fighting in Russia’s border Kursk ... future,” the ISW said.",
        "an estimated 92 casualties", 92, "approx", "casualties",
    ),
    (
        "This could ultimately allow Vladimir Putin to hang on to the 20 per cent of the "
        "country Russia has already taken.",
        "20 per cent", 20, "exact", "per cent",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "value", "qualifier", "unit"), SEED_QUANTITIES)
def test_every_seed_quantity_has_its_value_qualifier_and_unit(
    sentence, text, value, qualifier, unit
):
    assert (text, float(value), qualifier, unit) in summary(sentence)


def test_seed_quantities_reach_ninety_per_cent_on_value_and_qualifier():
    right = sum(
        any(q.value == v and q.qualifier == ql for q in extract_quantities(s))
        for s, _, v, ql, _ in SEED_QUANTITIES
    )
    assert right / len(SEED_QUANTITIES) >= 0.9


# ------------------------------------------------------------------ qualifiers


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("Russia sent 12,000 troops.", "exact", 12000, 12000),
        ("Russia sent exactly 12,000 troops.", "exact", 12000, 12000),
        ("Russia sent about 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent around 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent roughly 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent approximately 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent some 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent an estimated 12,000 troops.", "approx", 10800, 13200),
        ("Russia sent ~12,000 troops.", "approx", 10800, 13200),
        ("Russia sent 12,000 or so troops.", "approx", 10800, 13200),
        ("Russia sent at least 12,000 troops.", "at_least", 12000, None),
        ("Russia sent over 12,000 troops.", "at_least", 12000, None),
        ("Russia sent more than 12,000 troops.", "at_least", 12000, None),
        ("Russia sent upwards of 12,000 troops.", "at_least", 12000, None),
        ("Russia sent in excess of 12,000 troops.", "at_least", 12000, None),
        ("Russia sent 12,000+ troops.", "at_least", 12000, None),
        ("Russia sent 12,000 or more troops.", "at_least", 12000, None),
        ("Russia sent just over 12,000 troops.", "at_least", 12000, 13200),
        ("Russia sent up to 12,000 troops.", "at_most", None, 12000),
        ("Russia sent under 12,000 troops.", "at_most", None, 12000),
        ("Russia sent fewer than 12,000 troops.", "at_most", None, 12000),
        ("Russia sent less than 12,000 troops.", "at_most", None, 12000),
        ("Russia sent no more than 12,000 troops.", "at_most", None, 12000),
        ("Russia sent as many as 12,000 troops.", "at_most", None, 12000),
        ("Russia sent nearly 12,000 troops.", "at_most", 10800, 12000),
        ("Russia sent almost 12,000 troops.", "at_most", 10800, 12000),
        ("Russia sent close to 12,000 troops.", "at_most", 10800, 12000),
        ("Russia sent just under 12,000 troops.", "at_most", 10800, 12000),
    ],
)
def test_hedge_gives_qualifier_and_interval(text, qualifier, low, high):
    q = only(text)
    assert (q.value, q.qualifier, q.low, q.high) == (12000, qualifier, low, high)
    assert q.unit == "troops"


def test_hedge_is_part_of_the_span():
    text = "North Korea has sent nearly 12,000 troops to Russia."
    q = only(text)
    assert q.text == "nearly 12,000 troops"
    assert text[q.start : q.end] == q.text


def test_no_more_than_is_not_read_as_more_than():
    assert only("They have no more than 500 tanks.").qualifier == "at_most"


def test_capitalised_hedge_at_sentence_start():
    q = only("Over 12,000 North Korean troops are fighting.")
    assert (q.text, q.qualifier) == ("Over 12,000 North Korean troops", "at_least")


def test_over_meaning_during_a_period_is_exact():
    found = summary("Russia fired 90 missiles over two days.")
    assert found == [("90 missiles", 90.0, "exact", "missiles"), ("two days", 2.0, "exact", "days")]


def test_for_over_a_period_is_at_least():
    assert summary("He served for over 10 years.") == [("over 10 years", 10.0, "at_least", "years")]


def test_hedge_cut_by_a_comma_does_not_apply():
    assert only("What they told us was about, 500 soldiers.").qualifier == "exact"


# ------------------------------------------------------------------ vague


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit"),
    [
        ("Reports say thousands of troops arrived.", 1000, 1000, 9999, "troops"),
        ("Hundreds of civilians fled.", 100, 100, 999, "civilians"),
        ("Dozens of settlements were captured.", 12, 12, 99, "settlements"),
        ("Tens of thousands of people fled.", 10_000, 10_000, 99_999, "people"),
        ("Hundreds of thousands of people fled.", 100_000, 100_000, 999_999, "people"),
        ("Millions of people fled.", 1e6, 1e6, 1e7 - 1, "people"),
        ("Several thousand soldiers deserted.", 3000, 3000, 9000, "soldiers"),
        ("A few hundred soldiers deserted.", 300, 300, 500, "soldiers"),
        ("A couple of thousand refugees crossed.", 2000, 2000, 3000, "refugees"),
        ("Scores of tanks were destroyed.", 20, 20, 99, "tanks"),
    ],
)
def test_vague_magnitudes_have_an_order_of_magnitude_interval(text, value, low, high, unit):
    q = only(text)
    assert (q.value, q.qualifier, q.low, q.high, q.unit) == (value, "vague", low, high, unit)


def test_bare_several_few_and_many_are_not_numbers():
    assert extract_quantities("Several soldiers and a few officers and many civilians left.") == []


# ------------------------------------------------------------------ ranges


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "qualifier"),
    [
        ("Between 10,000 and 12,000 troops are in Kursk.", 11000, 10000, 12000, "approx"),
        ("Some 10,000-12,000 troops are in Kursk.", 11000, 10000, 12000, "approx"),
        ("From 10,000 to 12,000 troops are in Kursk.", 11000, 10000, 12000, "approx"),
        ("It fired two or three missiles.", 2.5, 2, 3, "approx"),
        ("It costs $1.5 to $2 billion.", 1.75e9, 1.5e9, 2e9, "approx"),
        ("It costs 1.5 to 2 million dollars.", 1.75e6, 1.5e6, 2e6, "approx"),
        ("It sent up to 10,000-12,000 troops.", 11000, None, 12000, "at_most"),
        ("It sent at least 10,000-12,000 troops.", 11000, 10000, None, "at_least"),
    ],
)
def test_ranges_give_the_stated_ends_and_the_midpoint(text, value, low, high, qualifier):
    q = only(text)
    assert (q.value, q.low, q.high, q.qualifier) == (value, low, high, qualifier)


def test_between_is_part_of_a_range_span():
    assert only("Between 10,000 and 12,000 troops are in Kursk.").text == (
        "Between 10,000 and 12,000 troops"
    )


def test_a_change_from_one_number_to_another_is_two_quantities():
    found = summary("Prices rose from 8,000 to 12,000 rubles.")
    assert found == [("8,000", 8000.0, "exact", ""), ("12,000 rubles", 12000.0, "exact", "rubles")]


# ------------------------------------------------------------------ numbers and units


@pytest.mark.parametrize(
    "text", ["The P5 met on Monday.", "Police carried MP5 rifles.", "a P500 fee"]
)
def test_a_p_before_a_bare_number_is_a_label_not_pesos(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US will send $1.5 billion in aid.", ("$1.5 billion", 1.5e9, "exact", "dollars")),
        ("It costs US$40 million.", ("US$40 million", 4e7, "exact", "dollars")),
        ("It costs USD 5 billion.", ("USD 5 billion", 5e9, "exact", "dollars")),
        ("It cost £2.3bn.", ("£2.3bn", 2.3e9, "exact", "pounds")),
        ("It cost €500m.", ("€500m", 5e8, "exact", "euros")),
        ("It cost 6 million dollars.", ("6 million dollars", 6e6, "exact", "dollars")),
        ("Crop damage hit P1.2 billion.", ("P1.2 billion", 1.2e9, "exact", "pesos")),
        ("Norway pledged NOK 14.2 billion.", ("NOK 14.2 billion", 1.42e10, "exact", "kronor")),
        ("Sweden's SEK 15.4 billion package.", ("SEK 15.4 billion", 1.54e10, "exact", "kronor")),
        ("Each family got P3,500 in cash.", ("P3,500", 3500.0, "exact", "pesos")),
        ("Inflation hit 3.5% in March.", ("3.5%", 3.5, "exact", "per cent")),
        ("Support fell to 20 percent.", ("20 percent", 20.0, "exact", "per cent")),
        ("It took 20 per cent of the land.", ("20 per cent", 20.0, "exact", "per cent")),
        (
            "Support fell 2.1 percentage points.",
            ("2.1 percentage points", 2.1, "exact", "percentage points"),
        ),
        ("Russia lost 10k soldiers.", ("10k soldiers", 1e4, "exact", "soldiers")),
        ("It fired 1.5 million rounds.", ("1.5 million rounds", 1.5e6, "exact", "rounds")),
        ("It holds 1.5m people.", ("1.5m people", 1.5e6, "exact", "people")),
        (
            "Twelve thousand soldiers marched.",
            ("Twelve thousand soldiers", 12000.0, "exact", "soldiers"),
        ),
        (
            "It has two hundred and fifty tanks.",
            ("two hundred and fifty tanks", 250.0, "exact", "tanks"),
        ),
        ("It bought a dozen drones.", ("a dozen drones", 12.0, "exact", "drones")),
        ("It fired half a million shells.", ("half a million shells", 5e5, "exact", "shells")),
        ("It has twenty-five ships.", ("twenty-five ships", 25.0, "exact", "ships")),
        ("It lasted seven and a half years.", ("seven and a half years", 7.5, "exact", "years")),
        ("It flew 800 km per hour.", ("800 km per hour", 800.0, "exact", "km per hour")),
        ("A 10-kilometre zone.", ("10-kilometre", 10.0, "exact", "kilometre")),
        ("A 48-hour ceasefire.", ("48-hour", 48.0, "exact", "hour")),
        ("It sent 500 trained soldiers.", ("500 trained soldiers", 500.0, "exact", "soldiers")),
        ("It sent 150 U.S. soldiers.", ("150 U.S. soldiers", 150.0, "exact", "soldiers")),
        ("It has 5 ICBMs.", ("5 ICBMs", 5.0, "exact", "ICBMs")),
        ("It killed 1,000 men.", ("1,000 men", 1000.0, "exact", "men")),
        ("1,000 killed.", ("1,000 killed", 1000.0, "exact", "killed")),
        ("It left 40-odd jets.", ("40-odd jets", 40.0, "approx", "jets")),
        ("More than 1,000 were killed.", ("More than 1,000", 1000.0, "at_least", "")),
        ("It sent 2000 troops.", ("2000 troops", 2000.0, "exact", "troops")),
    ],
)
def test_numbers_units_and_scales(text, expected):
    q = only(text)
    assert (q.text, q.value, q.qualifier, q.unit) == expected
    assert text[q.start : q.end] == q.text


def test_casualty_participles_normalise_to_casualties():
    for phrase in ("killed or wounded", "killed and wounded", "dead or injured"):
        assert only(f"About 1,000 {phrase} in a week.").unit == "casualties"


def test_head_noun_stops_before_verbs_and_prepositions():
    assert summary("3,000 troops stationed in Kursk left.") == [
        ("3,000 troops", 3000.0, "exact", "troops")
    ]
    assert only("Two soldiers recently captured by Ukraine spoke.").unit == "soldiers"


def test_one_counts_only_a_noun():
    assert summary("One of the soldiers said one day he would leave; on the one hand.") == []
    assert summary("One soldier died.") == [("One soldier", 1.0, "exact", "soldier")]
    assert summary("It happened in one day.") == [("one day", 1.0, "exact", "day")]


# ------------------------------------------------------------------ not quantities


@pytest.mark.parametrize(
    "text",
    [
        "The 575th Marine Battalion and the 11th Army Corps fought.",
        "The G7 and NATO met; Su-34 jets, F-16s and MH17.",
        "Kim Jong-Un and COVID-19.",
        "Resolution 2231 and a Boeing 747 and Unit 29155.",
        "The largest conflict since World War Two.",
        "It happened in 2024, since 1950 and by 2030.",
        "The 2024 elections and the 1990s.",
        "He spoke on October 23 and on 23 October and on Oct. 23.",
        "The meeting was at 10 a.m. and again at 10:30 and at 2 or 3 o'clock.",
        "See page 5, No. 3 and Article 5.",
        "Coverage 24/7 on 4G and 5G networks in 3D, back in '92.",
        "Number two, phase one.",
        "It is one-sided; two-thirds of them agreed.",
        "",
        "   \n\t ",
    ],
)
def test_labels_dates_times_names_and_ordinals_are_not_quantities(text):
    assert extract_quantities(text) == []


def test_list_numbering_at_line_start_is_not_a_quantity():
    assert extract_quantities("1. First item\n2) Second item\n") == []


def test_a_year_followed_by_a_counted_noun_is_a_quantity_but_after_in_it_is_a_year():
    assert summary("in 2024 troops were sent") == []
    assert summary("It sent 2000 troops.")[0][1] == 2000.0


# ------------------------------------------------------------------ offsets and windows


@pytest.mark.parametrize(
    "prefix",
    ["", "🇺🇦👍 ", "東京で二 ", "e\u0301e\u0301 ", "İstanbul ", "👨‍👩‍👧 \u200b"],
)
def test_offsets_are_code_points_into_the_full_text(prefix):
    text = prefix + "Russia lost about 1,000 soldiers and 5 tanks, 东京."
    found = extract_quantities(text)
    assert [q.text for q in found] == ["about 1,000 soldiers", "5 tanks"]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_start_and_end_restrict_the_search_but_offsets_stay_absolute():
    text = "Intro with 7 cats. Then about 8,000 troops arrived. Then 9 dogs."
    start = text.index("Then about")
    end = text.index(" Then 9")
    found = extract_quantities(text, start, end)
    assert [q.text for q in found] == ["about 8,000 troops"]
    assert text[found[0].start : found[0].end] == "about 8,000 troops"
    assert found[0].start > start


def test_window_does_not_see_a_hedge_outside_it():
    text = "about 500 troops"
    q = only_in(text, text.index("500"))
    assert (q.text, q.qualifier) == ("500 troops", "exact")


def only_in(text: str, start: int) -> Quantity:
    found = extract_quantities(text, start)
    assert len(found) == 1
    return found[0]


def test_to_dict_has_the_issue_keys():
    q = only("Russia sent nearly 12,000 troops.")
    assert q.to_dict() == {
        "text": "nearly 12,000 troops",
        "start": 12,
        "end": 32,
        "value": 12000.0,
        "low": 10800.0,
        "high": 12000.0,
        "qualifier": "at_most",
        "unit": "troops",
    }


def test_interval_ends_are_rounded():
    q = only("It had about 1,000 soldiers and cost nothing.")
    assert (q.low, q.high) == (900.0, 1100.0)


def test_long_text_without_punctuation_and_mixed_scripts_does_not_crash():
    text = ("войска 12 000 兵士 about 3,000 soldiers 😀 " * 2000).strip()
    found = extract_quantities(text)
    assert len(found) >= 2000
    assert all(text[q.start : q.end] == q.text for q in found)


def test_number_at_the_very_end_of_the_text_is_kept():
    # a key point ends on its figure, with no full stop after it
    found = extract_quantities("AFAD says the national death toll has risen to 1,650")
    assert [(q.text, q.value) for q in found] == [("1,650", 1650.0)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Winds of up to 185 km/h battered the coast.", 185, "km/h"),
        ("Gusts reached 185km/h on the coast.", 185, "km/h"),
        ("Temperatures reached 44.5C in Athens.", 44.5, "°C"),
        ("Temperatures reached 44.5 °C in Athens.", 44.5, "°C"),
        ("Temperatures reached 44.5°C in Athens.", 44.5, "°C"),
        ("It hit 112 degrees Fahrenheit in Phoenix.", 112, "°F"),
        ("It hit 112F in Phoenix.", 112, "°F"),
    ],
)
def test_speeds_and_temperatures_keep_their_units(text, value, unit):
    q = only(text)
    assert (q.value, q.unit) == (value, unit)
    assert text[q.start : q.end].rstrip(".") == q.text


def test_a_letter_after_a_number_is_not_a_temperature_unless_attached():
    assert all(q.unit not in ("°C", "°F") for q in extract_quantities("Grade 5 C pupils"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ex gratia payments of ₹4 lakh to each family", 400_000.0),
        ("a package worth 2.5 crore rupees", 25_000_000.0),
    ],
)
def test_lakh_and_crore_scale_the_digits_before_them(text, value):
    assert only(text).value == value
