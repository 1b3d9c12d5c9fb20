"""A synthetic news corpus for benchmarks: deterministic, unique, shaped like the seeds.

Wire-style articles: a headline, a dateline, paragraphs of attributed statements with
hedged numbers ("nearly 12,000", "at least 3,000"), quotes in curly quotes, dates,
opinion and questions that are not claims, and scraping debris ("Read More",
"Share.", photo credits, author bios). Shared by every benchmark that needs text,
so their figures are measured on the same input.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

SEED = 20261121
DOC_BYTES = 5_000  # mean size in UTF-8 bytes (each text within about ±15 % of it)
# The share of sentences drawn from the figure-and-source templates; the rest are
# narrative. Chosen so that quantities, attributions, dates and clauses per KB come
# close to those the engine finds in the seed articles (docs/benchmarks.md).
NUMERIC_SHARE = 0.25

FIRST = [
    "Olena", "Marcus", "Ji-woo", "Sönke", "Amara", "Dmytro", "Priya", "Tomás", "Hannah",
    "Kwame", "Yuki", "Fatima", "Lars", "Isabel", "Chen", "Rafael", "Agnieszka", "Omar",
    "Heorhii", "Camille", "Siddharth", "Nadia", "Viktor", "Grace",
]  # fmt: skip
LAST = [
    "Kovalenko", "Whitfield", "Park", "Brandt", "Okafor", "Melnyk", "Raman", "Álvarez",
    "Schultz", "Mensah", "Tanaka", "Haddad", "Nilsson", "Moreno", "Wei", "Costa",
    "Tykhyi", "Lefèvre", "Kowalski", "Nakamura", "Osei", "Petrenko", "Lindqvist", "Ahmed",
]  # fmt: skip
ROLES = [
    "a spokesperson for the Foreign Ministry", "the defence minister",
    "a senior analyst at the Institute for the Study of War", "the regional governor",
    "chief economist at Nordbank", "head of the national grid operator",
    "a researcher at the University of Warsaw", "the agency's deputy director",
    "a retired colonel", "the mayor", "a member of parliament's defence committee",
    "the company's chief executive", "a doctor at the city hospital",
]  # fmt: skip
ORGS = [
    "the Ministry of Defence", "the United Nations", "the International Monetary Fund",
    "Ukraine's military intelligence (HUR)", "the World Health Organization",
    "the European Commission", "the national statistics office", "the central bank",
    "Amnesty International", "South Korea's National Intelligence Service",
    "the Pentagon", "the Red Cross", "the interior ministry", "the World Bank",
    "the Institute for the Study of War", "the port authority",
]  # fmt: skip
AGENCIES = ["Reuters", "AP", "AFP", "Kyiv Independent", "Yonhap", "Bloomberg", "EFE"]
PLACES = [
    "Kursk", "Kharkiv", "Seoul", "Brussels", "Warsaw", "Nairobi", "São Paulo", "Jakarta",
    "Geneva", "Lagos", "Toronto", "Kyiv", "Pyongyang", "Vladivostok", "Odesa", "Gdańsk",
    "Busan", "Donetsk", "Zaporizhzhia", "Rotterdam", "Istanbul", "Tbilisi",
]  # fmt: skip
THINGS = [
    ("troops", "deployed"), ("soldiers", "killed or wounded"), ("households", "left without power"),
    ("tonnes of grain", "exported"), ("drones", "shot down"), ("jobs", "lost"),
    ("homes", "damaged"), ("patients", "treated"), ("civilians", "evacuated"),
    ("shells", "delivered"), ("refugees", "registered"), ("vehicles", "destroyed"),
    ("workers", "laid off"), ("containers", "handled"), ("migrants", "detained"),
]  # fmt: skip
HEDGES = ["", "", "about ", "nearly ", "at least ", "more than ", "up to ", "around ",
          "an estimated ", "almost ", "over "]  # fmt: skip
VAGUE = ["hundreds of", "thousands of", "dozens of", "tens of thousands of"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
QUOTES = [
    "We have seen nothing like this in {n} years",
    "The numbers speak for themselves",
    "This is not a decision we took lightly",
    "Our teams are working around the clock, but {count} {thing} is more than we can handle",
    "Nobody expected the situation to deteriorate so quickly",
    "There is no evidence to support these claims",
    "We will not comment on operational details",
    "Every day we lose {count} {thing}, and every day the world looks away",
    "It is the largest {event} since {year}",
    "The figures we have are incomplete, and the real number is probably higher",
]  # fmt: skip
EVENTS = ["deployment", "evacuation", "drop in output", "rate rise", "offensive", "strike"]
OPINION = [
    "Whether the measures will work remains to be seen.",
    "Critics argue the plan is too little, too late.",
    "The move is likely to deepen mistrust between the two sides.",
    "What happens next is anyone's guess.",
    "Will the ceasefire hold through the winter?",
    "Many residents say they feel forgotten.",
    "It was not immediately clear whether the two incidents were linked.",
    "Officials declined to comment on the report.",
    "The claim could not be independently verified.",
]  # fmt: skip
# Narrative sentences, the bulk of real reporting: who did what where, background and
# reaction, long and mostly without figures.
COUNTRIES = [
    "Ukraine", "Russia", "South Korea", "Canada", "Poland", "Germany", "Japan", "Turkey",
    "Brazil", "Kenya", "France", "the United States", "China", "India",
]  # fmt: skip
ACTIONS = [
    "to step up pressure on", "to open talks with", "to impose new sanctions on",
    "to send more air defence systems to", "to investigate the role of",
    "to restore supply routes through", "to suspend cooperation with",
]  # fmt: skip
TOPICS = [
    "energy security", "the reconstruction of damaged infrastructure", "grain exports",
    "the protection of civilians", "long-range weapons", "sanctions enforcement",
    "the return of prisoners of war", "cyber attacks on public services",
    "the supply of ammunition", "border controls", "the rebuilding of the power grid",
]  # fmt: skip
REACTIONS = [
    "a significant escalation", "a breach of international law", "a step in the right direction",
    "a serious threat to regional security", "an attempt to shift the blame",
]  # fmt: skip
DEBRIS = ["Read More", "Share.", "Advertisement", "Subscribe to our newsletter",
          "Related: {place} braces for a hard winter"]  # fmt: skip


@dataclass(frozen=True)
class Article:
    name: str  # where it "came from", as an importer would report it
    title: str
    text: str


class _Writer:
    """One seeded random stream; every choice in the corpus goes through it."""

    def __init__(self, seed: int, *, dense: bool = False) -> None:
        self.r = random.Random(seed)
        self.dense = dense

    def pick(self, items: list[str]) -> str:
        return self.r.choice(items)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def count(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.08:
            return self.pick(VAGUE)
        if roll < 0.2:
            return f"{self.pick(HEDGES)}{r.randint(11, 99) / 10:.1f} million"
        if roll < 0.35:
            return f"{self.pick(HEDGES)}{r.randint(2, 99)}"
        return f"{self.pick(HEDGES)}{r.randint(1, 600) * 50:,}"

    def date(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.4:
            return f"on {self.pick(WEEKDAYS)}"
        if roll < 0.8:
            return f"on {self.pick(MONTHS)} {r.randint(1, 28)}"
        return f"in {self.pick(MONTHS)} {r.randint(2019, 2026)}"

    def quote(self) -> str:
        thing, _ = self.r.choice(THINGS)
        return self.pick(QUOTES).format(
            n=self.r.randint(5, 40),
            count=self.count(),
            thing=thing,
            event=self.pick(EVENTS),
            year=self.r.randint(1991, 2022),
        )

    def sentence(self) -> str:
        r = self.r
        thing, done = r.choice(THINGS)
        kind = r.randrange(12)
        if kind == 0:
            return (
                f"{self.person()}, {self.pick(ROLES)}, said {self.count()} {thing} had been "
                f"{done} in {self.pick(PLACES)} since {self.pick(MONTHS)}."
            )
        if kind == 1:
            return (
                f"According to {self.pick(ORGS)}, {self.count()} {thing} were {done} in the "
                f"first {r.randint(2, 11)} months of {r.randint(2020, 2026)}."
            )
        if kind == 2:
            return f"“{self.quote()},” {self.person()} told reporters in {self.pick(PLACES)}."
        if kind == 3:
            return (
                f"Prices rose {r.randint(1, 150) / 10:.1f}% in {self.pick(MONTHS)}, compared "
                f"with {r.randint(1, 150) / 10:.1f}% a month earlier, {self.pick(ORGS)} said."
            )
        if kind == 4:
            org = self.pick(ORGS)
            return (
                f"{org[0].upper()}{org[1:]} confirmed {self.date()} "
                f"that {self.count()} {thing} had arrived in {self.pick(PLACES)}."
            )
        if kind == 5:
            return (
                f"The figure is {r.choice(['higher', 'lower'])} than the "
                f"{r.randint(2, 900) * 25:,} "
                f"recorded a year earlier, the {r.choice(['largest', 'sharpest', 'fastest'])} "
                f"change since {r.randint(1991, 2022)}."
            )
        if kind == 6:
            return (
                f"The package is worth ${r.randint(12, 990) / 10:.1f} billion "
                f"(€{r.randint(100, 900)} million of it in loans), {self.person()} said."
            )
        if kind == 7:
            return (
                f"“{self.quote()}.” {self.person()}, {self.pick(ROLES)}, added that the "
                f"{self.pick(EVENTS)} began {self.date()}."
            )
        if kind == 8:
            return (
                f"Satellite images reviewed by {self.pick(AGENCIES)} show {self.count()} "
                f"{thing} near {self.pick(PLACES)}, {r.randint(3, 400)} kilometres from the "
                f"border."
            )
        if kind == 9:
            return (
                f"{self.person()} said {self.count()} {thing} could be {done} by the end of "
                f"{r.randint(2025, 2030)} if talks in {self.pick(PLACES)} fail."
            )
        return self.pick(OPINION)

    def narrative(self) -> str:
        r = self.r
        kind = r.randrange(6)
        if kind == 0:
            return (
                f"{self.pick(ORGS)[0].upper()}{self.pick(ORGS)[1:]} has called on "
                f"{self.pick(COUNTRIES)} and its allies {self.pick(ACTIONS)} "
                f"{self.pick(COUNTRIES)}, warning that further delays would leave "
                f"{self.pick(PLACES)} exposed to attacks on {self.pick(TOPICS)}."
            )
        if kind == 1:
            return (
                f"The meeting in {self.pick(PLACES)} brought together ministers from "
                f"{self.pick(COUNTRIES)} and {self.pick(COUNTRIES)}, who discussed "
                f"{self.pick(TOPICS)} and agreed to deepen cooperation on {self.pick(TOPICS)}."
            )
        if kind == 2:
            return (
                f"{self.pick(COUNTRIES)} described the move as {self.pick(REACTIONS)}, while "
                f"officials in {self.pick(PLACES)} said they had not been consulted before "
                f"the decision was announced."
            )
        if kind == 3:
            return (
                f"Residents of {self.pick(PLACES)} have spent much of the autumn without "
                f"reliable heating, and local authorities have opened shelters in schools "
                f"and railway stations across the region."
            )
        if kind == 4:
            return (
                f"{self.person()}, {self.pick(ROLES)}, said the talks on {self.pick(TOPICS)} "
                f"had made progress but that no agreement had been reached on "
                f"{self.pick(TOPICS)}."
            )
        return (
            f"The government in {self.pick(PLACES)} faces growing pressure at home, where "
            f"opposition parties have questioned its handling of {self.pick(TOPICS)} "
            f"since the start of the crisis."
        )

    def paragraph(self) -> str:
        n = self.r.randint(2, 5)
        if self.dense:
            return " ".join(self.sentence() for _ in range(n))
        # Real articles state a figure or a date in a minority of their sentences.
        return " ".join(
            self.sentence() if self.r.random() < NUMERIC_SHARE else self.narrative()
            for _ in range(n)
        )

    def headline(self) -> str:
        thing, done = self.r.choice(THINGS)
        return (
            f"{self.pick(PLACES)}: {self.count()} {thing} {done}, "
            f"{self.pick(ORGS).removeprefix('the ')} says"
        )

    def article(self, target_bytes: int) -> tuple[str, str]:
        title = self.headline()
        dateline = f"{self.pick(PLACES).upper()}, {self.pick(MONTHS)} {self.r.randint(1, 28)}"
        dash = "\u2013"  # the en dash of wire datelines
        lead = f"{dateline} ({self.pick(AGENCIES)}) {dash} "
        blocks = [title, lead + self.paragraph()]
        size = sum(len(b.encode()) + 2 for b in blocks)
        # Stop half a paragraph early, so sizes centre on the target rather than above it.
        while size < target_bytes - 300:
            roll = self.r.random()
            if roll < 0.06:
                block = self.pick(DEBRIS).format(place=self.pick(PLACES))
            elif roll < 0.09:
                block = f"Photo: {self.person()}/{self.pick(AGENCIES)}"
            else:
                block = self.paragraph()
            blocks.append(block)
            size += len(block.encode()) + 2
        if self.r.random() < 0.5:
            blocks.append(
                f"{self.person()} is a correspondent based in {self.pick(PLACES)}, covering "
                f"security and the economy. Share."
            )
        return title, "\n\n".join(blocks) + "\n"


def articles(
    count: int, *, seed: int = SEED, mean_bytes: int = DOC_BYTES, dense: bool = False
) -> Iterator[Article]:
    """`count` unique articles, the same ones for the same arguments on every machine.

    By default their mix of sentences is that of the seed articles (see NUMERIC_SHARE);
    ``dense=True`` gives the earlier, figure-packed corpus, kept as a stress test.
    """
    writer = _Writer(seed, dense=dense)
    seen: set[bytes] = set()
    made = 0
    while made < count:
        target = writer.r.randint(mean_bytes * 9 // 10, mean_bytes * 11 // 10)
        title, text = writer.article(target)
        digest = hashlib.sha256(text.encode()).digest()
        if digest in seen:  # astronomically rare; a duplicate would be skipped, not imported
            continue
        seen.add(digest)
        made += 1
        yield Article(name=f"bench/news-{made:05d}.txt", title=title, text=text)
