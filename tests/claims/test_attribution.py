"""Attribution: the speaker or source a sentence reports, and the cue, with offsets."""

from __future__ import annotations

import pytest

from annotations.claims.attribution import Attribution, find_attribution


def attr(text: str) -> tuple[str, str] | None:
    a = find_attribution(text)
    if a is None:
        return None
    assert text[a.start : a.end] == a.speaker
    assert text[a.cue_start : a.cue_end] == a.cue
    return a.speaker, a.cue


SEED_ATTRIBUTIONS = [
    (
        "Foreign Ministry spokesperson Heorhii Tykhyi emphasized that strategic partnership "
        "between Moscow and Pyongyang poses security risks.",
        ("Foreign Ministry spokesperson Heorhii Tykhyi", "emphasized"),
    ),
    (
        "South Korea's Intelligence Service confirmed that two North Korean soldiers recently "
        "captured by Ukrainian forces in Russia's Kursk were operatives.",
        ("South Korea's Intelligence Service", "confirmed"),
    ),
    (
        "US Secretary of State Antony Blinken told the Financial Times that Beijing intervened "
        "to discourage Moscow from nuclear escalation in Ukraine, saying “Don’t go there.”",
        ("US Secretary of State Antony Blinken", "told the Financial Times"),
    ),
    (
        "Amid devastating losses of around 1,000 killed or wounded in just seven days, North "
        "Korean soldiers are reportedly taking their own lives rather than risk capture, "
        "according to US National Security Council.",
        ("US National Security Council", "according to"),
    ),
    (
        "Ukrainian president revealed Ukraine could launch preemptive strikes against North "
        "Korean forces.",
        ("Ukrainian president", "revealed"),
    ),
    (
        "North Korea has sent nearly 12,000 troops to Russia, including 500 officers and three "
        "generals, according to Ukraine’s military intelligence (HUR) however these soldiers "
        "have typically been trained to fight in mountainous terrain.",
        ("Ukraine’s military intelligence (HUR)", "according to"),
    ),
    (
        "North Korean soldiers are expected to suffer significant losses due to their lack of "
        "training, according to Estonian Colonel Ants Kiviselg.",
        ("Estonian Colonel Ants Kiviselg", "according to"),
    ),
    (
        "Kiviselg suggests that communication issues between North Korean and Russian troops "
        "could also cause difficulties.",
        ("Kiviselg", "suggests"),
    ),
    (
        "Zelenskyy raised the possibility of a preemptive strike on the training camps, but "
        "stated Ukraine requires approval to use Western long-range weaponry for the task.",
        ("Zelenskyy", "stated"),
    ),
    (
        "He emphasised North Korea’s advancements in weapon production and modern warfare, and "
        "said that Ukrainian civilians would have to defend themselves.",
        ("He", "emphasised"),
    ),
    (
        "Despite having located where the North Korean soldiers are in Russia, Zelenskiy "
        "stated that Ukraine lacks the resources to strike them.",
        ("Zelenskiy", "stated"),
    ),
    (
        "Anton Blinken, the US Secretary of State, said around 8,000 North Korean troops are "
        "currently stationed in Russia on the border with Ukraine.",
        ("Anton Blinken, the US Secretary of State", "said"),
    ),
    (
        "US Secretary of State Antony Blinken has warned that about 8,000 North Korean soldiers "
        "stationed in Russia are preparing for deployment into combat in Ukraine.",
        ("US Secretary of State Antony Blinken", "warned"),
    ),
    (
        "Blinken revealed that the US believes a total of 10,000 North Korean troops had been "
        "sent to Russia for training.",
        ("Blinken", "revealed"),
    ),
    (
        "The US, South Korea, and the Pentagon have all warned against the deployment of North "
        "Korean troops in the battle.",
        ("The US, South Korea, and the Pentagon", "warned"),
    ),
    (
        "South Korea’s UN ambassador, Joonkook Hwang, warned that North Korean soldiers sent to "
        "aid Russia in Ukraine will end up as “cannon fodder”.",
        ("South Korea’s UN ambassador, Joonkook Hwang", "warned"),
    ),
    (
        "Reports suggest North Korea has sent thousands of troops to aid Russia in its war "
        "against Ukraine.",
        ("Reports", "suggest"),
    ),
    (
        "The U.S. National Security Council spokesperson, John Kirby, stated on October 23 that "
        "North Korean troops deployed to fight for Russia against Ukraine are considered fair "
        "game.",
        ("The U.S. National Security Council spokesperson, John Kirby", "stated"),
    ),
    (
        "The U.S. confirmed evidence of Pyongyang’s soldiers being sent to Russia, following "
        "reports from Ukraine and South Korea.",
        ("The U.S.", "confirmed"),
    ),
    (
        "U.S. intelligence assessments revealed that North Korea had moved at least 3,000 "
        "soldiers into eastern Russia.",
        ("U.S. intelligence assessments", "revealed"),
    ),
    (
        "Kyrylo Budanov, head of Ukraine’s military intelligence, stated that the first North "
        "Korean units were expected to arrive in Kursk Oblast on October 23.",
        ("Kyrylo Budanov, head of Ukraine’s military intelligence", "stated"),
    ),
    (
        "Budanov mentioned that the first group would consist of 2,600 soldiers.",
        ("Budanov", "mentioned"),
    ),
    (
        "President Volodymyr Zelensky confirmed the presence of North Korean officers in the "
        "occupied territories of Ukraine.",
        ("President Volodymyr Zelensky", "confirmed"),
    ),
    (
        "Despite denials from North Korea and evasive responses from the Kremlin, reports "
        "indicate the presence of North Korean troops in Russia.",
        ("reports", "indicate"),
    ),
    (
        "A military intelligence source revealed on October 21 that Russian authorities "
        "detained 18 North Korean soldiers.",
        ("A military intelligence source", "revealed"),
    ),
    (
        "South Korean media reported on October 22 that Pyongyang has dispatched pilots.",
        ("South Korean media", "reported"),
    ),
    (
        "According to Ukrainian military intelligence, the first North Korean troops in "
        "Russian service are close to fighting in the Kursk Oblast.",
        ("Ukrainian military intelligence", "According to"),
    ),
    (
        "“It is now highly likely that the transfer of hundreds of combat troops from North "
        "Korea to Russia has begun,” British Defense Secretary John Healey MP said in "
        "parliament on Tuesday.",
        ("British Defense Secretary John Healey MP", "said"),
    ),
    (
        "North Korea already sends significant munitions and arms to Russia in direct violation "
        "of multiple UN resolutions,” Healey added.",
        ("Healey", "added"),
    ),
    (
        "It represents a wider, growing alliance of aggression, which NATO and the G7 nations "
        "must confront,” the British Defense Secretary.",
        ("the British Defense Secretary", "”"),
    ),
    (
        "“Russian forces have made significant tactical advances into and around Selydove in "
        "recent days,” the Institute for the Study of War assessed in its latest operational "
        "assessment of the conflict.",
        ("the Institute for the Study of War", "assessed"),
    ),
    (
        "NATO Military Committee Chairman Admiral Rob Bauer has described the participation of "
        "North Korean forces on Moscow's side as a strategic mistake.",
        ("NATO Military Committee Chairman Admiral Rob Bauer", "described"),
    ),
    (
        "He specifically pointed to the low effectiveness of the North Korean military and its "
        "high casualties,",
        ("He", "pointed to"),
    ),
    (
        "Ukrainian President Volodymyr Zelensky said 3,800 North Korean soldiers had been "
        "killed or injured in Kursk in an interview in early January.",
        ("Ukrainian President Volodymyr Zelensky", "said"),
    ),
    (
        "North Korean troops have suffered an estimated 92 casualties every day since "
        "significant fighting in Russia’s border Kursk ... future,” the ISW said.",
        ("the ISW", "said"),
    ),
    (
        "In newly released footage, the soldier claimed that he did not know that he was going "
        "to be fighting in Russia.",
        ("the soldier", "claimed"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEED_ATTRIBUTIONS)
def test_seed_attributions(text, expected):
    assert attr(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Moscow leverages diplomatic engagements to reinforce its Ukraine invasion narratives.",
        "The plea surfaced as it was revealed that these troops are expected to fight.",
        "Over 12,000 North Korean troops are estimated to be fighting in Russia’s Kursk region.",
        "Many of his compatriots are believed to have been used as ‘cannon fodder’.",
        "The deployment of North Korean troops has added a new layer of uncertainty.",
        "The need to call on Pyongyang for help and troops highlights the difficulties.",
        "Both North Korea and Russia have yet to confirm or deny these claims.",
        "The estimated number of troops grew.",
        "Per cent of the budget went to defence, 5 per cent per year.",
        "It boggles my mind how this isn’t a front-page headline everywhere.",
        "“North Korean soldiers supporting Russia’s war of aggression on European soil.",
        "",
        "   ",
    ],
)
def test_no_attribution(text):
    assert attr(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will respond," said Pentagon spokesman John Kirby.',
         ("Pentagon spokesman John Kirby", "said")),
        ('"We will respond," Kirby said on Tuesday.', ("Kirby", "said")),
        ("The troops have arrived, the Pentagon said.", ("the Pentagon", "said")),
        ("The troops have arrived, officials said, adding that more would come.",
         ("officials", "said")),
        ("Russia has lost 1,000 tanks, per the UK Ministry of Defence.",
         ("the UK Ministry of Defence", "per")),
        ("The figures, cited by Reuters, show a sharp rise.", ("Reuters", "cited by")),
        ("The attack was reported by the Kyiv Independent on Monday.",
         ("the Kyiv Independent", "reported by")),
        ("He said the strike killed 20 people.", ("He", "said")),
        ("Officials in Kyiv told reporters on Tuesday that the line held.",
         ("Officials in Kyiv", "told reporters")),
        ("The ministry's spokeswoman, Maria Zakharova, claimed the report was false.",
         ("The ministry's spokeswoman, Maria Zakharova", "claimed")),
        ("Analysts at the Institute for the Study of War estimate that Russia lost 1,200 men.",
         ("Analysts at the Institute for the Study of War", "estimate")),
        ('"The talks failed," Zelensky told CNN, "and we will fight."', ("Zelensky", "told CNN")),
        ("According to a statement from the Pentagon, 3,000 troops were moved.",
         ("a statement from the Pentagon", "According to")),
        ("Ukraine's General Staff reported 1,300 Russian casualties overnight.",
         ("Ukraine's General Staff", "reported")),
        ("Mr. Kirby said that North Korea sent troops.", ("Mr. Kirby", "said")),
        ("Russia's Defense Ministry claims its forces took the village.",
         ("Russia's Defense Ministry", "claims")),
        ("The ISW estimated that Russia lost 1,500 soldiers a day.", ("The ISW", "estimated")),
        ("Kyiv announced new sanctions, the ministry noted.", ("Kyiv", "announced")),
    ],
)  # fmt: skip
def test_cues_and_speakers(text, expected):
    assert attr(text) == expected


def test_cues_inside_the_quotation_belong_to_the_quoted_speaker():
    text = "“We confirmed that 3,000 troops arrived,” Kirby said."
    assert attr(text) == ("Kirby", "said")


def test_the_first_attribution_outside_quotes_is_the_main_one():
    text = "Kirby said on Tuesday that the ISW estimated 1,000 casualties."
    assert attr(text) == ("Kirby", "said")


@pytest.mark.parametrize("prefix", ["", "🇺🇦👍 ", "東京で二。 ", "e\u0301e\u0301 — ", "İİ "])
def test_offsets_are_code_points_into_the_full_text(prefix):
    text = prefix + "North Korea sent 12,000 troops, according to Ukraine’s military intelligence."
    a = find_attribution(text)
    assert a is not None
    assert text[a.start : a.end] == "Ukraine’s military intelligence"
    assert text[a.cue_start : a.cue_end] == "according to"


def test_start_and_end_restrict_the_clause_with_absolute_offsets():
    text = "Kirby said it first. North Korea sent 12,000 troops, the ISW said. Done."
    start = text.index("North Korea")
    end = text.index(" Done.")
    a = find_attribution(text, start, end)
    assert a is not None
    assert (a.speaker, a.cue, a.start) == ("the ISW", "said", text.index("the ISW"))


def test_to_dict_has_only_the_issue_keys():
    a = find_attribution("The Pentagon said 3,000 troops arrived.")
    assert isinstance(a, Attribution)
    assert a.to_dict() == {"speaker": "The Pentagon", "cue": "said", "start": 0, "end": 12}
    assert (a.cue_start, a.cue_end) == (13, 17)


def test_long_text_without_punctuation_does_not_crash():
    text = "officials said troops 东京 😀 arrived and " * 3000
    a = find_attribution(text)
    assert a is not None
    assert text[a.start : a.end] == a.speaker
