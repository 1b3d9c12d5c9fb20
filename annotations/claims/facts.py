"""What a claim states, in the form the matcher compares: its names, its words, and
each figure with the thing it measures, whose it is, where, when and per what.

``describe(text, attrs, offset)`` reads one claim: ``text`` is the claim's text,
``attrs`` the engine's attributes for it (quantities, attribution, dates, with
offsets into the document) and ``offset`` where the claim starts in the document.
Without attrs the quantities are extracted here. Pure Python, no Django.

The figure's parts, each from a rule a reader would apply:

measure   what is counted: a status after the number wins over the unit ("3,800
          soldiers had been killed or injured" counts casualties), else the unit
          with its synonyms folded ("soldiers", "troops", "forces" are troops).
holder    whose figure it is: the party named inside it ("8,000 North Korean
          troops"), else the nearest name before it that is neither the speaker nor
          a place ("North Korea has sent nearly 12,000 troops"), else the first after.
scope     where: the first place after a locative preposition after the figure,
          the most specific part of it ("in Russia's Kursk region" is Kursk, inside
          Russia; "into eastern Russia" is a part of Russia).
rate      per day, when the figure is a rate ("92 casualties every day", "around
          1,000 killed or wounded in just seven days").
partial   the figure counts only a part ("the first group of 2,600", "up to 6,000
          personnel each", "another 1,000").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from annotations.claims import lexicon as lx
from annotations.claims.dates import find_dates
from annotations.claims.quantities import extract_quantities
from annotations.claims.shares import share_subject, with_shares
from annotations.claims.when import Dateline, claim_date, event_date

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w’'\-]*[^\W_])?|\d(?:[\d,.]*\d)?|[,;:()“”\"]")
_POSSESSIVE = ("’s", "'s", "s’", "s'")
_CONNECTORS = frozenset({"of", "for", "the", "de", "al"})
_AUX = frozenset(
    "has have had is are was were be been being reportedly allegedly believed "
    "thought said estimated feared confirmed".split()
)
_BOUNDS = frozenset({"above", "over", "below", "under", "exceeding"})
_LABELS = frozenset(
    "day page round stage article chapter section phase line room flight route gate "
    "platform number no episode season week".split()
)


def _age_band(q: dict[str, Any], before: list[Token]) -> bool:
    words = q["text"].lower().split()
    if words and words[0] in _AGE_BAND:  # the hedge is in the quantity: "under five"
        return bool(before) and before[-1].low in _YOUNG
    return len(before) > 1 and before[-1].low in _AGE_BAND and before[-2].low in _YOUNG


_AGE_BAND = frozenset({"under", "over", "aged", "below", "above"})
_YOUNG = frozenset(
    "children child babies infants kids adults people men women pupils students".split()
)
_RATE_LEAD = frozenset({"every", "a", "an", "per", "each"})
_PERIOD_LEAD = frozenset({"in", "within", "over"})
# Words just before a figure that say what it measures: "the death toll rose to
# 1,200", "killing at least 40", "a magnitude of 6.8".
_MEASURE_BEFORE = {
    "toll": "killed",
    "magnitude": "magnitude",
    "pulled": "rescued",
    "killing": "killed",
    "killed": "killed",
    "injuring": "injured",
    "wounding": "injured",
    "injured": "injured",
    "wounded": "injured",
    "treated": "injured",
    "employs": "personnel",
    "employ": "personnel",
    "employing": "personnel",
    "evacuate": "evacuated",
    "evacuated": "evacuated",
    "evacuating": "evacuated",
    "displacing": "displaced",
    "displaced": "displaced",
    "rescued": "rescued",
    "detained": "detained",
    "arrested": "detained",
    "captured": "captured",
    "sickened": "infected",
    "sickening": "infected",
    "infecting": "infected",
}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Name:
    """A name in the claim: ``key`` folds its variants ("North Korean" and
    "Pyongyang" are "north korea")."""

    key: str
    start: int
    end: int
    possessive: bool
    party: bool
    text: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a figure is: ``key`` folds variants, ``text`` is as written."""

    key: str
    text: str
    start: int
    container: str | None
    container_text: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """One stated figure. ``low``/``high`` bound it (None is open); for a rate they
    are per day."""

    text: str
    start: int
    measure: str
    unit: str
    holder: str | None
    holder_text: str
    scope: Place | None
    low: float | None
    high: float | None
    value: float
    qualifier: str
    per_days: float | None
    partial: bool
    # A count denied outright ("denied that its forces killed any civilians"): it
    # speaks of the whole event, whenever the other figure was read.
    denied: bool = False
    # For a count of people with no known status, the verb after it ("11 people
    # were caught in the slide"): two such counts worded alike count one thing.
    verb: str | None = None
    # The whole a part is taken from ("of its 1,150 employees"): a size, not an event.
    whole: bool = False

    @property
    def family(self) -> str:
        return lx.FAMILIES.get(self.measure, self.measure)


@dataclass(slots=True)
class Facts:
    """A claim as the matcher sees it."""

    text: str
    terms: frozenset[str]
    names: tuple[Name, ...]
    figures: tuple[Figure, ...]
    speaker: tuple[str, str] | None
    speaker_text: str
    date: str | None
    date_text: str
    negated: bool
    within: tuple[tuple[str, str], ...] = field(default=())
    surface: dict[str, str] = field(default_factory=dict)
    # The names of the claim and of its paragraph: the story it belongs to.
    topic: frozenset[str] = field(default=frozenset())
    # Those of the topic that are only words of longer names ("marschland" of
    # "marschland kliniken"): they tell the story, but do not retrieve claims.
    name_words: frozenset[str] = field(default=frozenset())
    # Names of the paragraphs near its section's top: a weaker sign of its story.
    background: frozenset[str] = field(default=frozenset())
    # A past year the claim places itself in ("the 2011 quake"): another event.
    era: str | None = None
    # The day its figures were reported: its own date, else its document's.
    reported: str | None = None
    # It reports a denial: "the operator denies that any gates were opened".
    denies: bool = False
    # Words of who says it and of the saying ("Alpidro", "denies"), not of what is said.
    source_terms: frozenset[str] = field(default=frozenset())
    # A scheduled or dated event it names, and when: ("vote", "2025-04-24", "on
    # April 24"); "again" or "another" marks a further one ("strike again").
    event: tuple[str, str, str, bool] | None = None

    @property
    def name_keys(self) -> frozenset[str]:
        return frozenset(n.key for n in self.names)


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def stem(word: str) -> str:
    """A light suffix stripper: "troops"/"troop", "stationed"/"station",
    "moved"/"move" meet; it need not give a word."""
    w = word.lower()
    for suffix in _POSSESSIVE:
        if w.endswith(suffix):
            w = w[: -len(suffix)] if suffix[0] != "s" else w[:-1]
            break
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    return w.rstrip("e") or w


def fold(word: str) -> str:
    """A name's spelling folded: accents and "ß" plain, doubled letters single,
    "-iy"/"-yy" as "-y", hyphens dropped ("Zelenskyy", "Zelenskiy" and "Zelensky"
    meet; so do "Voßberg" and "Vossberg", "Simões" and "Simoes")."""
    w = word.lower().replace("-", "").replace("ß", "ss")
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    w = re.sub(r"(.)\1+", r"\1", w)
    return re.sub(r"(?:iy|ij|yi)$", "y", w)


def fold_key(key: str) -> str:
    """A name key with each word's spelling folded."""
    return " ".join(fold(w) for w in key.split())


def _bare(word: str) -> tuple[str, bool]:
    """The word without a possessive ending, and whether it had one."""
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[:-2] if suffix[0] != "s" else word[:-1]), True
    return word, False


def _is_cap(tok: Token) -> bool:
    c = tok.text[0]
    return c.isupper() and tok.low not in lx.NOT_NAMES


def names(toks: list[Token]) -> list[Name]:
    """Runs of capitalised words, split where a party name or a possessive ends."""
    out: list[Name] = []
    i, n = 0, len(toks)
    while i < n:
        if not _is_cap(toks[i]) and not (toks[i].text[0].isupper() and _party_at(toks, i)):
            i += 1
            continue
        j = i
        run: list[Token] = []
        while j < n:
            tok = toks[j]
            if tok.text[0].isupper() and (tok.low not in lx.NOT_NAMES or _party_at(toks, j)):
                run.append(tok)
                j += 1
                if _bare(tok.text)[1]:
                    break
            elif tok.low in _CONNECTORS and run and j + 1 < n and _is_cap(toks[j + 1]):
                run.append(tok)
                j += 1
            else:
                break
        out.extend(_split_run(run))
        i = max(j, i + 1)
    return out


def _party_at(toks: list[Token], i: int) -> int:
    """How many tokens from i name a party (0 if none), the longest first."""
    for size in (3, 2, 1):
        if i + size > len(toks):
            continue
        words = [t.low for t in toks[i : i + size]]
        words[-1] = _bare(words[-1])[0]
        if " ".join(words) in lx.PARTIES:
            return size
    return 0


def _split_run(run: list[Token]) -> list[Name]:
    out: list[Name] = []
    i = 0
    rest: list[Token] = []

    def flush() -> None:
        words = [t for t in rest if t.low not in _CONNECTORS]
        while words and _bare(words[-1].low)[0] in lx.PLACE_KINDS:
            words.pop()
        named = [t for t in words if _bare(t.low)[0] not in lx.TITLES]
        words = named or words
        if words:
            key = " ".join(_bare(t.low)[0] for t in words)
            possessive = _bare(rest[-1].text)[1]
            text = " ".join(_bare(t.text)[0] for t in words)
            out.append(Name(key, words[0].start, rest[-1].end, possessive, False, text))
        rest.clear()

    while i < len(run):
        size = _party_at(run, i)
        if size:
            flush()
            words = [t.low for t in run[i : i + size]]
            words[-1] = _bare(words[-1])[0]
            last = run[i + size - 1]
            key = lx.PARTIES[" ".join(words)]
            text = " ".join(t.text for t in run[i : i + size])
            out.append(Name(key, run[i].start, last.end, _bare(last.text)[1], True, _bare(text)[0]))
            i += size
            continue
        rest.append(run[i])
        if _bare(run[i].text)[1]:
            flush()
        i += 1
    flush()
    return out


def places(
    toks: list[Token], found: list[Name], skip: tuple[int, int] = (0, 0)
) -> tuple[list[Place], list[tuple[str, str]]]:
    """Where the claim says things are, and what it says lies inside what. Names in
    ``skip`` (the speaker) and after "according to" are sources, not places."""
    by_start = {n.start: n for n in found}
    index = {t.start: k for k, t in enumerate(toks)}
    out: list[Place] = []
    inside: list[tuple[str, str]] = []
    for k, tok in enumerate(toks):
        if tok.low not in lx.LOCATIVE or skip[0] <= tok.start < skip[1]:
            continue
        if k and toks[k - 1].low in ("according", "due", "close", "next"):
            continue
        if tok.low == "to" and not any(t.low in lx.MOVED_TO for t in toks[max(0, k - 5) : k]):
            continue
        j = k + 1
        if j < len(toks) and toks[j].low == "the":
            j += 1
        # "in the province of Cuneo", "through the centre of Valencia"
        if (
            j + 1 < len(toks)
            and toks[j + 1].low == "of"
            and (toks[j].low in lx.PLACE_KINDS or toks[j].low in _PLACE_PARTS)
        ):
            j += 2
        direction = None
        if j < len(toks) and toks[j].low in lx.DIRECTIONS and toks[j].start not in by_start:
            direction = toks[j].low
            j += 1
        if j >= len(toks) or toks[j].start not in by_start:
            continue
        name = by_start[toks[j].start]
        if name.key.split()[0] in _CALENDAR:
            continue  # "in Sunday's by-election", "in March": a time, not a place
        container, container_text = None, ""
        if name.possessive:
            after = index.get(_next_start(toks, name.end), len(toks))
            while after < len(toks) and toks[after].low in lx.PLACE_KINDS:
                after += 1
            if after < len(toks) and toks[after].start in by_start:
                container, container_text = name.key, name.text
                name = by_start[toks[after].start]
                inside.append((name.key, container))
        key, text = name.key, name.text
        if name.party and _is_city(name):
            # a capital is a place inside its country, not the country itself
            container, container_text = name.key, ""
            key = fold_key(name.text.lower())
            inside.append((key, container))
        if direction:
            container, container_text = key, text
            key, text = f"{direction} {key}", f"{direction} {text}"
            inside.append((key, container))
        out.append(Place(key, text, tok.start, container, container_text))
    return out, inside


_PLACE_PARTS = frozenset("centre center heart outskirts streets".split())
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)


def _is_city(name: Name) -> bool:
    """A party named by its capital ("Moscow", "Paris"), not as the country or its
    people ("Russia", "Russian")."""
    text = name.text.lower()
    return text != name.key and not name.key.startswith(text[:4]) and len(text) > 3


def _next_start(toks: list[Token], end: int) -> int:
    for t in toks:
        if t.start >= end:
            return t.start
    return -1


def speaker_key(speaker: str) -> tuple[str, str] | None:
    """(first name, surname) of a person speaker, titles left out; None when the
    speaker is not a person's name ("the ISW", "Reports")."""
    words = [t.text for t in tokens(speaker) if t.text[0].isupper()]
    words = [_bare(w)[0] for w in words if w.lower() not in lx.TITLES]
    words = [w for w in words if w.lower() not in lx.NOT_NAMES and w.lower() not in lx.PARTIES]
    if not words:
        return None
    if len(words) == 1:
        if words[0].isupper():
            return None  # an acronym names a body, not a person: "the ISW"
        return ("", words[0].lower())
    return (words[-2].lower(), words[-1].lower())


# a quantity written after letters that name its currency: "US$40", "USD 5", "P1.2"
_CURRENCY_PREFIX = re.compile(r"[A-Z]{1,3}[$€£¥]?\s?\d")
BACKGROUND = "\x1e"  # marks a line of a claim's context whose names are background


@lru_cache(maxsize=8192)
def _line_topic(line: str) -> frozenset[str]:
    """The names of one line of a claim's context. The title, a section's heading
    and its first paragraph are the context of every claim below them: read once."""
    return _with_words(_line_names(line))


@lru_cache(maxsize=8192)
def _line_names(line: str) -> frozenset[str]:
    return frozenset(fold_key(n.key) for n in names(tokens(line)))


def _with_words(keys: Iterable[str]) -> frozenset[str]:
    """Names and the words of the longer ones: one outlet's "Marschland" is another's
    "Marschland Kliniken"."""
    out = set()
    for key in keys:
        out.add(key)
        if " " in key:
            out.update(w for w in key.split() if len(w) > 2)
    return frozenset(out)


def describe(
    text: str,
    attrs: dict[str, Any] | None = None,
    offset: int = 0,
    context: str = "",
    published: Dateline | None = None,
) -> Facts:
    """The facts of one claim (see the module docstring). ``context`` is the
    paragraph around it: its names tell which story the claim belongs to.
    ``published`` is its document's date, against which "on Tuesday" resolves."""
    toks = tokens(text)
    quantities = with_shares(text, _quantities(text, attrs, offset)) + _zero_counts(toks)
    signs = {q["start"] for q in quantities if _CURRENCY_PREFIX.match(q.get("text", ""))}
    found = [n for n in names(toks) if n.start not in signs]  # "US$40 million", "P1.2 billion"
    whole_names = {fold_key(n.key) for n in found}
    topic = set(_with_words(whole_names))
    background: set[str] = set()
    for line in context.split("\n") if context else ():
        if line.startswith(BACKGROUND):
            background.update(_line_topic(line[1:]))
        else:
            topic.update(_line_topic(line))
            whole_names.update(_line_names(line))
    attribution = (attrs or {}).get("attribution") or None
    speaker_span = (0, 0)
    speaker = None
    speaker_text = ""
    if attribution:
        speaker_span = (attribution["start"] - offset, attribution["end"] - offset)
        speaker_text = attribution.get("speaker", "")
        speaker = speaker_key(speaker_text)
    where, inside = places(toks, found, speaker_span)
    if _nationwide(toks):
        where.append(Place("nationwide", "the whole country", -1, None))
    elif _worldwide(toks):
        where.append(Place("worldwide", "the whole world", -1, None))
    place_starts = {p.start for p in where}
    if not where:
        where = _source_places(toks, found)
    terms, surface = _terms(toks, found)
    spoken = [t for t in toks if speaker_span[0] <= t.start < speaker_span[1]]
    spoken_names = [n for n in found if speaker_span[0] <= n.start < speaker_span[1]]
    source_terms = set(_terms(spoken, spoken_names)[0])
    source_terms.update(stem(t.low) for t in toks if t.low in _DENIALS)
    figures = _figures(text, toks, found, where, place_starts, speaker_span, quantities)
    dates = (attrs or {}).get("dates")
    if dates is None:
        dates = [d.to_dict() for d in find_dates(text)]
    dated_at = offset if attrs and "dates" in attrs else 0
    date, date_text, era = claim_date(dates, text, published, dated_at)
    event = _event(toks, dates, published, dated_at)
    reported = date if date and not date.startswith("weekday:") else None
    if reported is None and published is not None:
        reported = published.value
    return Facts(
        text=text,
        terms=frozenset(terms),
        names=tuple(found),
        figures=tuple(figures),
        speaker=speaker,
        speaker_text=speaker_text,
        date=date,
        date_text=date_text,
        era=era,
        reported=reported,
        negated=_negated(toks, speaker_span),
        denies=_denies(toks),
        event=event,
        source_terms=frozenset(source_terms),
        within=tuple(inside),
        background=frozenset(background - topic),
        surface=surface,
        topic=frozenset(topic),
        name_words=frozenset(t for t in topic if t not in whole_names),
    )


_DENIALS = frozenset(
    "deny denies denied denying rejects rejected refutes refuted dismisses dismissed".split()
)


def _event(
    toks: list[Token], dates: list[dict[str, Any]], published: Dateline | None, offset: int
) -> tuple[str, str, str, bool] | None:
    """The event a claim schedules ("the vote will take place on 24 April", "a
    recount begins on Friday", "postpone the vote until June"), with its date
    resolved against the document's: an event noun, a verb of scheduling, and a date
    after the noun. An event only named ("Sunday's by-election") is framing,
    not a claim about its date."""
    at = next((k for k, t in enumerate(toks) if t.low in lx.EVENTS), None)
    if at is None:
        return None
    if not any(t.low in lx.SCHEDULING for t in toks):
        return None
    later = [
        d
        for d in dates
        if d.get("start", 0) - offset >= toks[at].start
        and not d.get("text", "").endswith(("'s", "’s"))
    ]
    value, written = event_date(later, published)
    if not value:
        return None
    again = any(t.low in _AGAIN for t in toks)
    return lx.EVENTS[toks[at].low], value, written, again


_AGAIN = frozenset("again another further new second next".split())


def _denies(toks: list[Token]) -> bool:
    """Whether the clause reports a denial ("the operator denies that ...")."""
    return any(t.low in _DENIALS for t in toks)


def _negated(toks: list[Token], speaker_span: tuple[int, int]) -> bool:
    """Whether the clause denies what it states ("not only … but also" does not)."""
    for k, t in enumerate(toks):
        if speaker_span[0] <= t.start < speaker_span[1]:
            continue
        if t.low == "not" and k + 1 < len(toks) and toks[k + 1].low == "only":
            continue
        if negates(t):
            return True
    return False


def _terms(toks: list[Token], found: list[Name]) -> tuple[list[str], dict[str, str]]:
    """Words for retrieval and likeness: names by their key, measures by their
    class, other words stemmed; stop words and numbers left out. With each term,
    the words it was first written as."""
    surface: dict[str, str] = {}
    for n in found:
        if n.party:
            surface.setdefault(f"@{n.key}", n.text)
            continue
        # each word of a name on its own, spelling folded: "Volodymyr Zelensky" and
        # "Zelenskiy" share "@zelensky"
        for word, written in zip(n.key.split(), n.text.split(), strict=False):
            surface.setdefault(f"@{fold(word)}", written)
    covered = set()
    for n in found:
        covered.update(range(n.start, n.end))
    for t in toks:
        if t.start in covered or not t.text[0].isalpha() or len(t.low) < 3:
            continue
        word = _bare(t.low)[0]
        if word in lx.STOPWORDS:
            continue
        unit = lx.UNITS.get(word)
        surface.setdefault(f"#{unit}" if unit else stem(word), _bare(t.text)[0])
    return list(surface), surface


def _quantities(text: str, attrs: dict[str, Any] | None, offset: int) -> list[dict[str, Any]]:
    if attrs is not None and "quantities" in attrs:
        inside = []
        for q in attrs["quantities"]:
            start, end = q["start"] - offset, q["end"] - offset
            if start >= 0 and end <= len(text):
                inside.append({**q, "start": start, "end": end})
        return inside
    return [q.to_dict() for q in extract_quantities(text)]


# Words after "no" that do not deny a count: "no more than 1,200", "no longer".
_NOT_A_COUNT = frozenset(
    "more fewer less longer later earlier sooner matter doubt way reason sign evidence "
    "immediate official".split()
)
# Where a noun phrase after "no" or "any" ends.
_PHRASE_ENDS = _AUX | frozenset(
    "in on at of from to for by with and or that who which as than since during after "
    "before were will would could can may might".split()
)


def _zero_counts(toks: list[Token]) -> list[dict[str, Any]]:
    """Counts a claim says are nought: "no civilians were killed", "no one was
    hurt", "denied that its forces killed any civilians". They conflict with a
    count of the same thing ("nine civilians were killed")."""
    out = []
    for k, tok in enumerate(toks):
        if tok.low in ("nobody", "none") or (
            tok.low == "no" and k + 1 < len(toks) and toks[k + 1].low == "one"
        ):
            end = toks[k + 1] if tok.low == "no" else tok
            out.append(_zero(tok, end, "people", "no one"))
            continue
        if tok.low == "no" or (
            tok.low == "any" and any(negates(t) for t in toks[max(0, k - 6) : k])
        ):
            phrase = []
            for t in toks[k + 1 : k + 4]:
                if not t.text.isalpha() or t.low in _PHRASE_ENDS:
                    break
                phrase.append(t)
            if not phrase or phrase[0].low in _NOT_A_COUNT:
                continue
            head = phrase[-1].low
            if not (head.endswith("s") or head in lx.UNITS or head in lx.STATUS):
                continue  # "no damage", "any ransom": not a count
            said = "no " + " ".join(t.text for t in phrase)
            out.append(_zero(tok, phrase[-1], head, said, denied=tok.low == "any"))
    return out


def negates(tok: Token) -> bool:
    """A word of negation: "not", "no", "never", "denied", "wasn't"."""
    return tok.low in lx.NEGATIONS or tok.low.endswith(("n't", "n’t"))


def _zero(first: Token, last: Token, unit: str, said: str, denied: bool = False) -> dict[str, Any]:
    return {
        "denied": denied,
        "text": said,
        "start": first.start,
        "end": last.end,
        "value": 0.0,
        "low": 0.0,
        "high": 0.0,
        "qualifier": "exact",
        "unit": unit,
        "zero": True,
    }


def _figures(
    text: str,
    toks: list[Token],
    found: list[Name],
    where: list[Place],
    place_starts: set[int],
    speaker_span: tuple[int, int],
    quantities: list[dict[str, Any]],
) -> list[Figure]:
    periods = {}
    for q in quantities:
        period = _period_of(text, q)
        if period:
            periods[q["start"]] = period
    parts, wholes = _wholes(text, quantities)
    out = []
    for q in quantities:
        unit = (q.get("unit") or "").lower()
        if q["start"] in periods:
            continue
        if not unit and q["start"] in parts:
            unit = parts[q["start"]]  # "nearly 700 of the plant's 1,900 jobs": 700 jobs
        after = [t for t in toks if t.start >= q["end"]]
        before = [t for t in toks if t.end <= q["start"]]
        if before and before[-1].low in ("every", "per", "each"):
            continue  # a ratio's denominator: "one translator for every 40 soldiers"
        if speaker_span[0] <= q["start"] < speaker_span[1]:
            continue  # who says it, not what is said: "Two survivors said ..."
        if _age_band(q, before):
            continue  # an age band, not a count: "children under five"
        if not unit and before and before[-1].low in _LABELS:
            continue  # a label, not a count: "on day 1374", "in round 2"
        if len(before) > 1 and before[-1].low == "magnitude" and before[-2].low in _BOUNDS:
            continue  # a class of events, not a reading: "38 of them above magnitude 4"
        low, high, value = q.get("low"), q.get("high"), float(q["value"])
        if q["text"].lower().startswith("as many as") and high:
            low = high * 0.9  # "as many as 12,000" claims about 12,000, not up to it
        factor = 1.0
        said = _figure_text(q)
        if unit in lx.TIME_UNITS:
            measure = _time_measure(text, q, after)
            if not measure:
                continue
            factor = lx.PERIODS[lx.TIME_UNITS[unit]]
            if measure == "age":
                factor /= lx.PERIODS["year"]  # ages in years: "three decades old" is 30
        else:
            if unit == "pounds" and _weighed(q, after):
                unit = "lb"
            unit = _head_unit(unit, after)
            measure = _unit_class(unit)
            if measure in lx.CONVERTED:
                if measure in ("°c", "°f") and _below_zero(text, q, before):
                    value, low, high = -value, _neg(high), _neg(low)
                    said = f"minus {said}"
                shift = lx.OFFSETS.get(measure, 0.0)
                measure, factor, _ = lx.CONVERTED[measure]
                if shift:
                    value -= shift
                    low = None if low is None else low - shift
                    high = None if high is None else high - shift
            elif measure == "per cent":
                subject = share_subject(q, before, after)
                if subject:
                    measure = f"per cent|{stem(subject)}"
                elif _change(before, after):
                    measure = "per cent|change"
            elif measure in lx.CURRENCIES:
                subject = _money_subject(before, after)
                if subject:
                    measure = f"{measure}|{subject}"
        among = _among(after)
        if among:
            measure = among  # "17 Indian nationals were among the crew": a part of it
        elif measure in _COUNTS_PEOPLE or measure in _PEOPLE_NOUNS or not unit:
            measure = _status_after(after) or _status_before(before, after) or measure
        elif measure in _WEAPONS and _downed(before, after):
            measure = f"downed|{measure}"  # not the drones launched: those shot down
        elif measure in _COMPOUNDS:
            measure = _compound(measure, after)
            if "+" in measure:
                unit = f"{unit} {after[0].low} {after[1].low}"
        if measure and _is_margin(before, after):
            measure = f"margin|{measure}"
        if not measure:
            measure = _counted_before(before)
        if not measure or (q.get("zero") and measure not in _ZERO_STATUSES):
            continue
        holder = _holder(q, found, place_starts, speaker_span, toks)
        if holder is None and measure.split("|")[-1] in lx.OWNED:
            holder = _organisation(text, toks, found, place_starts, speaker_span)
        per_days = None
        if measure == "per cent|change":
            # "a 14% rise over three years" is the whole rise, not a daily one
            per_days = _rate_after(after) or _rate_before(before)
        elif measure not in ("duration", "age"):
            per_days = (
                _rate_after(after) or _rate_before(before) or _rate_period(q, quantities, periods)
            )
        divisor = (per_days or 1.0) / factor
        if divisor != 1.0:
            low = None if low is None else low / divisor
            high = None if high is None else high / divisor
            value /= divisor
        out.append(
            Figure(
                text=said,
                start=q["start"],
                measure=measure,
                unit=_unit_text(q, measure, unit),
                holder=holder.key if holder else None,
                holder_text=_holder_text(holder, q),
                scope=_scope(q, where),
                low=low,
                high=high,
                value=value,
                qualifier=q["qualifier"],
                per_days=per_days,
                partial=bool(among) or _partial(before, after, measure, bool(unit)),
                denied=q.get("denied", False) or (q.get("zero", False) and _denies(toks)),
                verb=_verb_after(after) if measure == "people" else None,
                whole=q["start"] in wholes,
            )
        )
    return out


_OF_WHOLE = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w-]+(?:'s|\u2019s)\s+)?$"
)


def _wholes(text: str, quantities: list[dict[str, Any]]) -> tuple[dict[int, str], set[int]]:
    """ "300 of its 1,150 employees", "nearly 700 of the plant's 1,900 jobs": the
    second figure is the whole the first is taken from. Returns the parts' starts
    with their wholes' units, and the wholes' starts."""
    parts: dict[int, str] = {}
    wholes: set[int] = set()
    for part, whole in pairwise(quantities):
        if part.get("unit") or not whole.get("unit"):
            continue
        if _OF_WHOLE.fullmatch(text, part["end"], whole["start"]):
            parts[part["start"]] = whole["unit"].lower()
            wholes.add(whole["start"])
    return parts, wholes


_STILL = frozenset("still already now also all not".split())
_IRREGULAR = frozenset(
    "caught swept left hit stuck held taken seen lost known thought brought found "
    "kept shot struck told sent".split()
)


def _verb_after(after: list[Token]) -> str | None:
    """What the people counted did or underwent, as a stem: "were caught in the
    slide" and "may have been caught by the avalanche" give "caught"."""
    for k, tok in enumerate(_past_of_phrase(after)[:6]):
        low = tok.low
        if low in _AUX or low in _STILL or low in ("may", "might", "could", "would", "will"):
            continue
        if low.endswith("ly") or (k == 0 and low in lx.UNITS):
            continue
        if low.isalpha() and (low.endswith(("ed", "ing")) or low in _IRREGULAR):
            return stem(low)
        return None
    return None


# Noughts worth comparing: what happened to people ("no one was killed"), not
# any count ("no prisoner had been abused" says nothing of how many were freed).
_ZERO_STATUSES = frozenset(
    "casualties detained displaced evacuated hospitalised infected injured killed missing "
    "rescued trapped treated".split()
)

# Words of a change told in per cent: "shares fell 18.4%", "a 14% rise", "a pay
# rise of 14%".
_CHANGES = frozenset(
    "rise rises rose risen raise increase increased increases fall falls fell fallen drop "
    "dropped drops lost lose loses gain gained gains jump jumped jumps climb climbed slump "
    "slumped plunge plunged surge surged cut cuts hike hikes decline declined down up".split()
)


def _change(before: list[Token], after: list[Token]) -> bool:
    """Whether a percentage tells how much something rose or fell."""
    if after and after[0].low in _CHANGES:
        return True
    near = [t.low for t in before[-3:]]
    if near and near[-1] in _CHANGES:
        return True
    return len(near) > 1 and near[-1] in ("of", "by") and near[-2] in _CHANGES


_WON = frozenset("won win wins lead leads led leading beat beats defeated ahead".split())


def _is_margin(before: list[Token], after: list[Token]) -> bool:
    """A figure that is a difference, not a count: "462 votes ahead", "won by more
    than 1,400 votes", "a margin of fewer than 500 votes"."""
    if after and after[0].low in ("ahead", "clear"):
        return True
    last = [t.low for t in before[-6:]]
    if "margin" in last or "majority" in last:
        return True
    return bool(last) and last[-1] == "by" and any(w in _WON for w in last)


def _weighed(q: dict[str, Any], after: list[Token]) -> bool:
    """ "180,000 pounds of cheese" weighs; "£5m" and "5 million pounds in aid" pay."""
    if "£" in q["text"]:
        return False
    rest = after[1:] if after and after[0].low == "pounds" else after
    if len(rest) < 2 or rest[0].low != "of":
        return False
    return stem(rest[1].low) not in lx.MONEY_SUBJECTS


def _money_subject(before: list[Token], after: list[Token]) -> str:
    """What a sum of money is ("a damage estimate of 500 million euros", "€2m in
    aid"): sums of different things never meet."""
    near: list[tuple[int, str]] = []
    for k, tok in enumerate(reversed(before[-14:]), 1):
        if tok.text in (";", "."):
            break  # not across a sentence
        found = lx.MONEY_SUBJECTS.get(stem(tok.low))
        if found:
            near.append((k, found))
            break
    for k, tok in enumerate(after[:4], 1):
        found = lx.MONEY_SUBJECTS.get(stem(tok.low))
        if found:
            near.append((k, found))
            break
    # the nearest word names it: "said the budget was an €8.7 billion package of aid"
    return min(near)[1] if near else ""


def _head_unit(unit: str, after: list[Token]) -> str:
    """The counted thing when the quantity's unit is only the first word of it:
    "45 nautical miles", "14,500 search and rescue personnel"."""
    if unit and after and f"{unit} {after[0].low}" in lx.UNITS:
        return f"{unit} {after[0].low}"
    if not unit or unit in lx.UNITS or unit.split()[-1] in lx.UNITS:
        return unit
    for tok in after[:3]:
        if tok.low in lx.UNITS:
            return tok.low
        if not tok.text[0].isalpha() or tok.low in lx.STATUS or tok.low in _AUX:
            break
    return unit


def _time_measure(text: str, q: dict[str, Any], after: list[Token]) -> str:
    """What a time quantity measures when it is not a rate's period: an age ("a
    17-year-old girl"), a duration ("a three-month state of emergency", "62 hours
    after the quake"); "" for the rest ("two years ago", "for 17 years")."""
    tail = text[q["end"] : q["end"] + 5].lower()
    if tail.startswith(("-old", " old", "-year-old")):
        return "age"
    if "-" in q["text"] and (not after or after[0].low not in ("ago", "earlier")):
        return "duration"  # an adjective: "90-day", "three-month"
    if after and after[0].low in ("after", "later", "since"):
        return "duration"
    return ""


def _unit_class(unit: str) -> str:
    if not unit:
        return ""
    if unit in lx.UNITS:
        return lx.UNITS[unit]
    last = unit.split()[-1]
    if last in lx.UNITS:
        return lx.UNITS[last]
    if unit in lx.PARTIES:
        return "people"
    return stem(last)


# Units that count people: only for them does a status say what is counted
# ("hundreds of square kilometers" captured are still square kilometers).
# Things counted together with others ("drones and missiles", "tanks and armoured
# vehicles"): never people, whose statuses say what is counted.
_COMPOUNDS = frozenset({"drone", "missile", "shell", "bomb", "decoy", "vehicle", "aircraft"})
_COUNTS_PEOPLE = frozenset(
    "troops people personnel officer civilian child worker vehicle attendance".split()
)

# Other nouns for people: what happened to them is read ("three fans were killed"),
# and without a status they keep their own measure ("183 guests").
_PEOPLE_NOUNS = frozenset("fan spectator guest tourist villager pilgrim worshipper".split())
_SKIP_AFTER = _AUX | {
    "and", "or", "in", "the", "action", "so", "far", "already", "now", "still", "also",
    "all", "either", "feared", "presumed", "listed", "as", "on", "to", "onto", "forced",
    "left", "made", "moved", "ordered", "taken", "remained", "remain", "remains",
    "of", "them", "those", "these", "whom", "staying", "living", "sleeping", "being", "held",
    "received", "needed", "required", "sought", "medical", "hospital", "fallen", "fell",
    "became", "become", "got", "reported",
}  # fmt: skip
# "moved to safety", "brought to safety": evacuated
_TO_SAFETY = frozenset({"moved", "taken", "brought", "led", "ferried", "airlifted"})
# "staying in evacuation centres": sheltered, not evacuated
_SHELTERS = frozenset({"centres", "centers", "centre", "center", "shelters", "camps"})
_GATHERINGS = frozenset(
    "march marches protest protests rally rallies demonstration demonstrations strike "
    "procession vigil".split()
)
# "forced from their homes", "driven out": displaced, whatever the words after say
_DRIVEN = frozenset({"from", "out"})


def _status_after(after: list[Token]) -> str | None:
    """A status right after the figure: "had been killed or injured"."""
    seen: list[str] = []
    after = _past_of_phrase(after)
    for k, tok in enumerate(after[:7]):
        if tok.low in _DRIVEN and k and after[k - 1].low in ("forced", "driven"):
            seen.append("displaced")
            break
        if tok.low == "out" and k and after[k - 1].low in ("moved", "ordered", "taken"):
            seen.append("evacuated")  # "1,900 residents were moved out of ..."
            break
        if tok.low == "safety" and k > 1 and after[k - 2].low in _TO_SAFETY:
            seen.append("evacuated")
            break
        if tok.low == "evacuation" and k + 1 < len(after) and after[k + 1].low in _SHELTERS:
            seen.append("sheltered")
            break
        if tok.low in ("spent", "spending") and any(
            t.low in ("night", "nights") for t in after[k + 1 : k + 4]
        ):
            seen.append("sheltered")  # "1,900 people spent Tuesday night in schools"
            break
        if tok.low in ("joined", "attended") and any(
            t.low in _GATHERINGS for t in after[k + 1 : k + 4]
        ):
            seen.append("attendance")  # "150,000 people joined the main march"
            break
        status = lx.STATUS.get(tok.low)
        if status:
            seen.append(status)
            continue
        if tok.low in _SKIP_AFTER or tok.low.endswith("ly") or (k == 0 and tok.low in lx.UNITS):
            continue  # "26 police officers were injured": the unit's head first
        break
    if not seen:
        return None
    if len(set(seen)) > 1 and set(seen) <= {"killed", "injured", "casualties", "missing"}:
        return "casualties"
    return seen[0]


def _past_of_phrase(after: list[Token]) -> list[Token]:
    """ "163,400 residents of the two provinces were moved to safety": the status
    follows the verb, past the phrase that says whose the people are, or past an
    aside ("Eleven people, including four children, had been admitted")."""
    after = _past_aside(after)
    at = next((k for k in (0, 1) if k < len(after) and after[k].low in _WHOSE), None)
    if at is None:
        return after
    for k in range(at + 1, min(len(after), at + 7)):
        if after[k].text in ",;:":
            break
        if after[k].low in _AUX and after[k].low not in ("said", "estimated"):
            return [*after[:at], *after[k:]]
    return after


# Words that open a phrase saying whose or where the counted people are: "30
# civilians in the border villages were wounded".
_WHOSE = frozenset({"of", "in", "from", "at", "across", "near", "inside"})
_ASIDES = frozenset({"including", "among", "among them", "most", "many", "some", "mostly"})


_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "those", "these"})


def _among(after: list[Token]) -> str:
    """What a count is part of: "17 of its nationals are among the crew"."""
    for k, tok in enumerate(after[:5]):
        if tok.text in ",;:.":
            return ""
        if tok.low == "among":
            rest = [t for t in after[k + 1 : k + 4] if t.low not in _DETERMINERS]
            return lx.UNITS.get(rest[0].low, "") if rest else ""
    return ""


def _past_aside(after: list[Token]) -> list[Token]:
    """The words after ", including four children," or ", most of them women,"."""
    if len(after) < 3 or after[0].text != "," or after[1].low not in _ASIDES:
        return after
    for k in range(2, min(len(after), 10)):
        if after[k].text == ",":
            return after[k + 1 :]
        if after[k].text in ";:.":
            break
    return after


def _compound(measure: str, after: list[Token]) -> str:
    """ "450 drones and missiles": one count of two kinds, which holds a count of
    either ("drone+missile")."""
    if len(after) < 2 or after[0].low not in ("and", "or"):
        return measure
    other = lx.UNITS.get(after[1].low)
    if (
        not other
        or other == measure
        or other in lx.CURRENCIES
        or other in lx.CONVERTED
        or other in lx.FAMILIES
        or measure in lx.FAMILIES
    ):
        return measure
    return "+".join(sorted((measure, other)))


_WEAPONS = frozenset({"drone", "missile", "shell", "bomb", "decoy"})
_DOWNING = frozenset(
    "intercepted intercept intercepting downed destroyed neutralised neutralized jammed".split()
)


def _downed(before: list[Token], after: list[Token]) -> bool:
    """Weapons shot down, not launched: "shot down 344 of the drones", "31 of the
    missiles had been intercepted"."""
    words = [t.low for t in before[-3:]] + [t.low for t in _past_of_phrase(after)[:8]]
    if any(w in _DOWNING for w in words):
        return True
    return any(w in ("shot", "brought") and v == "down" for w, v in pairwise(words))


def _status_before(before: list[Token], after: list[Token]) -> str | None:
    """ "the death toll rose to 1,200", "killing at least 40", "forced 1,000 people
    from their homes"."""
    if before and before[-1].low in ("forced", "driven") and after and after[0].low in _DRIVEN:
        return "displaced"
    for tok in reversed(before[-4:]):
        status = _MEASURE_BEFORE.get(tok.low)
        if status:
            return status
    return None


def _nationwide(toks: list[Token]) -> bool:
    """Whether the clause counts the whole country: "nationwide", or "national"
    before a count ("the national death toll"), not in a name ("National Security")."""
    for k, tok in enumerate(toks):
        if tok.low in lx.NATIONWIDE:
            return True
        if tok.low == "national" and k + 1 < len(toks) and toks[k + 1].low in _TALLY:
            return True
    return False


_ROUND = frozenset({"around", "across", "throughout"})


def _worldwide(toks: list[Token]) -> bool:
    """ "employs 18,000 people worldwide", "around the world": every place."""
    for k, tok in enumerate(toks):
        if tok.low in ("worldwide", "globally"):
            return True
        if tok.low == "world" and k > 1 and toks[k - 1].low == "the" and toks[k - 2].low in _ROUND:
            return True
    return False


_TALLY = frozenset({"toll", "death", "total", "tally", "figure", "count", "average"})


def _counted_before(before: list[Token]) -> str:
    """For a bare number, what the clause said it counts: "the number of bodies
    recovered ... has risen to 62". After a verb of tallying ("has risen to"), the
    subject may be a long way back: "the death toll from last week's collapse of the
    viaduct on the A1 motorway has risen to 14"."""
    reach = 24 if _tallied(before) else 12
    for tok in reversed(before[-reach:]):
        if tok.text in ";.!?":
            break
        word = _bare(tok.low)[0]
        found = lx.UNITS.get(word) or lx.STATUS.get(word) or _TALLIES.get(word)
        if found in _WEAPONS:
            continue  # "the toll from the drone attack": what struck, not what is counted
        if found:
            return found
    return ""


_TALLY_VERBS = frozenset(
    "risen rose rise rises climbed climbs jumped jumps increased increases grown grew "
    "reached reaches stands stood hit hits".split()
)
_TALLIES = {"toll": "killed"}


def _tallied(before: list[Token]) -> bool:
    """ "... has risen to", "... stood at", "... reached": the figure ends a tally."""
    tail = [t.low for t in before[-3:]]
    return any(w in _TALLY_VERBS for w in tail)


def _rate_after(after: list[Token]) -> float | None:
    """ "every day", "a week", "per day", "daily" within a few words after."""
    for k, tok in enumerate(after[:8]):
        if tok.low in lx.PERIOD_WORDS:
            return lx.PERIODS[lx.PERIOD_WORDS[tok.low]]
        if tok.low in _RATE_LEAD and k + 1 < len(after):
            unit = lx.TIME_UNITS.get(after[k + 1].low)
            old = k + 2 < len(after) and after[k + 2].low == "old"  # "a year old": an age
            if unit and after[k + 1].low == unit and not old:
                return lx.PERIODS[unit]
        if tok.text in ",;:":
            break
    return None


def _rate_before(before: list[Token]) -> float | None:
    """ "annual savings of 2.4 billion", "a daily average of 40"."""
    for tok in before[-4:]:
        if tok.low in lx.PERIOD_WORDS:
            return lx.PERIODS[lx.PERIOD_WORDS[tok.low]]
    return None


def _period_of(text: str, q: dict[str, Any]) -> float | None:
    """Days in "in just seven days", "within 48 hours": a time quantity after
    in/within/over is the period of the figure before it."""
    unit = (q.get("unit") or "").lower()
    if unit not in lx.TIME_UNITS:
        return None
    lead = text[max(0, q["start"] - 16) : q["start"]].lower().split()
    if not lead or (lead[-1] not in _PERIOD_LEAD and lead[-1] not in {"past", "last", "first"}):
        return None
    if lead[-1] in {"past", "last", "first"} and not (len(lead) > 2 and lead[-3] in _PERIOD_LEAD):
        return None
    return float(q["value"]) * lx.PERIODS[lx.TIME_UNITS[unit]]


def _rate_period(
    q: dict[str, Any], quantities: list[dict[str, Any]], periods: dict[int, float]
) -> float | None:
    """The period stated after the figure ("1,000 killed in seven days")."""
    following = [p for p in quantities if p["start"] >= q["end"] and p["start"] in periods]
    if not following:
        return None
    nearest = min(following, key=lambda p: p["start"])
    if nearest["start"] - q["end"] > 40:
        return None
    return periods[nearest["start"]]


def _holder(
    q: dict[str, Any],
    found: list[Name],
    place_starts: set[int],
    speaker_span: tuple[int, int],
    toks: list[Token],
) -> Name | None:
    located = _located_names(found, toks, place_starts)

    def usable(n: Name) -> bool:
        in_speaker = speaker_span[0] <= n.start < speaker_span[1]
        return not in_speaker and n.start not in located

    inside = [n for n in found if q["start"] <= n.start < q["end"] and not _unit_name(n)]
    if inside:
        return inside[0]
    # Outside the figure only a party holds it: a person or a body named before it is
    # more often the source ("The Health Ministry put the toll at 1,247"). It must be
    # near, as the subject of the verb that states the figure ("North Korea has sent
    # nearly 12,000"): a party a clause away is only mentioned ("an earthquake struck
    # eastern Turkey ..., killing at least 312").
    before = [
        n
        for n in found
        if n.end <= q["start"]
        and usable(n)
        and n.party
        and _words_between(toks, n.end, q["start"]) <= HOLDER_REACH
    ]
    if before:
        return before[-1]
    origins = {t.end for t in toks if t.low == "from"}  # "men from Pakistan": an origin
    after = [
        n
        for n in found
        if n.start >= q["end"]
        and usable(n)
        and n.party
        and not _follows(n, toks, origins)
        and _words_between(toks, q["end"], n.start) <= HOLDER_REACH
    ]
    return after[0] if after else None


HOLDER_REACH = 4
# "Brenner said it would cut ...": the speaker is what the clause is about
_SELF = re.compile(r"\s*(?:on \w+ )?(?:that )?(?:it|its|the company)\b", re.IGNORECASE)


def _organisation(
    text: str,
    toks: list[Token],
    found: list[Name],
    place_starts: set[int],
    speaker_span: tuple[int, int],
) -> Name | None:
    """The organisation a clause about jobs, plants or money is about: the name it
    opens with, unless that name is a place or only the source of what follows
    ("The union said 12,000 jobs would go"); a source speaking of itself ("Brenner
    said it would cut") is the one."""
    spoken = [n for n in found if speaker_span[0] <= n.start < speaker_span[1]]
    if spoken:  # the head of the source's name: "Auto parts supplier Falkner AG"
        rest = text[speaker_span[1] :]
        verb = re.match(r"\s*\w+", rest)
        if verb is None or not _SELF.match(rest[verb.end() :]) or spoken[-1].party:
            return None
        return spoken[-1]
    first = found[0] if found else None
    if first is None or first.party or first.start > (toks[2].start if len(toks) > 2 else 0):
        return None
    if first.start in _located_names(found, toks, place_starts):
        return None
    return first


def _words_between(toks: list[Token], start: int, end: int) -> int:
    """Tokens between two offsets; a clause break (comma, semicolon) counts as many."""
    count = 0
    for t in toks:
        if t.start >= start and t.end <= end:
            count += HOLDER_REACH if t.text in ",;:" else 1
    return count


def _follows(name: Name, toks: list[Token], ends: set[int]) -> bool:
    """Whether the token before the name ends at one of ``ends``."""
    previous = [t for t in toks if t.end <= name.start]
    return bool(previous) and previous[-1].end in ends


def _located_names(found: list[Name], toks: list[Token], place_starts: set[int]) -> set[int]:
    """Starts of names that follow a locative preposition (places, not holders)."""
    out = set()
    starts = {n.start for n in found}
    for k, tok in enumerate(toks):
        if tok.start not in place_starts:
            continue
        for later in toks[k + 1 : k + 6]:
            if later.start in starts:
                out.add(later.start)
                if not _bare(later.text)[1]:
                    break
    return out


def _source_places(toks: list[Token], found: list[Name]) -> list[Place]:
    """Where the source is, for a claim that names no other place: "Madrid police
    said nine people were arrested", "Barcelona's Guardia Urbana puts the turnout at
    18,000", "the delegation in Madrid put the turnout at 22,000"."""
    places_in_source, _ = places(toks, found)
    if places_in_source:
        return places_in_source[:1]
    first = found[0] if found else None
    if first is None or first.start != toks[0].start:
        return []
    if first.party and _is_city(first):  # "Madrid police": the city, inside Spain
        return [Place(fold_key(first.text.lower()), first.text, -1, first.key)]
    if first.possessive and not first.party:  # "Barcelona's Guardia Urbana"
        return [Place(first.key, first.text, -1, None)]
    return []  # "Turkey has declared ...", "Greek police ...": an actor, not a place


def _scope(q: dict[str, Any], where: list[Place]) -> Place | None:
    after = [p for p in where if p.start >= q["end"]]
    if after:
        return after[0]
    before = [p for p in where if p.start < q["start"]]
    return before[-1] if before else None


def _partial(before: list[Token], after: list[Token], measure: str, unit: bool = False) -> bool:
    # "six of the dead" is a part; "14 batches of the tablets" counts the batches
    if _of_some(before, [] if unit else after) and not _measured(measure):
        return True
    near = before[-5:]
    for k, t in enumerate(near):
        following = near[k + 1].low if k + 1 < len(near) else ""
        if t.low in lx.PARTIAL_BEFORE and following not in _NOT_A_PART:
            return True  # "the first group of 2,600", not "for the first time, 12,000"
    return any(t.low in lx.PARTIAL_AFTER for t in after[:2])


def _of_some(before: list[Token], after: list[Token]) -> bool:
    """ "six of the dead were in Karmir Dzor", "Of the dead, 61 died at home"."""
    if len(after) > 1 and after[0].low == "of" and after[1].low in _DETERMINERS:
        return True
    if not before or before[-1].text != ",":
        return False
    # the clause opens with "Of the ...": nothing before it but a sentence's start
    for k in range(len(before) - 2, max(len(before) - 9, -1), -1):
        if before[k].text in ",;":
            return False
        if before[k].low == "of":
            return k == 0 or before[k - 1].text in ".;:"
    return False


def _measured(measure: str) -> bool:
    """A sum, a share or a measurement, not a count: "6 percent of the ballots",
    "within 2 km of the plant"."""
    kind = measure.split("|")[0]
    return (
        kind in lx.CURRENCIES
        or kind in ("per cent", "margin")
        or any(kind == dimension for dimension, _, _ in lx.CONVERTED.values())
    )


# "an initial damage estimate of 500 million" is a first reading of the whole
_NOT_A_PART = frozenset(
    "time estimate estimates damage figure figures count report reports reading tally "
    "assessment results demand demands offer offers bid price request".split()
)


_NUMBERISH = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|scores?|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety)\b",
    re.I,
)


def _figure_text(q: dict[str, Any]) -> str:
    """The figure as written, hedge kept, counted thing left out: "nearly 12,000"."""
    text = q["text"]
    if "noun_after" in q:
        return text  # a share in words: "one in four", "two-thirds"
    last = None
    for m in _NUMBERISH.finditer(text):
        last = m
    if last is None:
        return text
    end = last.end()
    while end < len(text) and (text[end].isdigit() or text[end] in ",."):
        end += 1
    return text[:end].strip()


_STATUS_WORDS = {
    "killed": "killed",
    "injured": "injured",
    "casualties": "killed or wounded",
    "missing": "missing",
    "captured": "captured",
    "detained": "detained",
    "evacuated": "evacuated",
    "displaced": "displaced",
    "rescued": "rescued",
    "infected": "infected",
}


def _unit_text(q: dict[str, Any], measure: str, head: str = "") -> str:
    """The counted thing as a reason should name it: the unit as written (with the
    rest of its name: "nautical miles"), or the status when the status decides the
    measure."""
    unit = q.get("unit") or ""
    if head.startswith(f"{unit.lower()} "):
        unit = head
    if measure in _STATUS_WORDS and lx.UNITS.get(unit.lower()) != measure:
        return _STATUS_WORDS[measure]
    return unit


def _below_zero(text: str, q: dict[str, Any], before: list[Token]) -> bool:
    """A temperature under zero: "minus 8 degrees", "-12C"."""
    if before and before[-1].low == "minus" and before[-1].end >= q["start"] - 1:
        return True
    return q["start"] > 0 and text[q["start"] - 1] in "-−"


def _neg(x: float | None) -> float | None:
    return None if x is None else -x


def _unit_name(n: Name) -> bool:
    """A capitalised unit inside a figure holds nothing: "1.2 GW", "44C", "112 degrees
    Fahrenheit"."""
    low = n.text.lower()
    return len(low) == 1 or low in lx.UNITS or low in ("celsius", "fahrenheit", "centigrade")


def _holder_text(holder: Name | None, q: dict[str, Any]) -> str:
    """The holder as a reason reads it: as written inside the figure ("North Korean
    troops"), else as an owner ("North Korea's troops")."""
    if holder is None:
        return ""
    if q["start"] <= holder.start < q["end"] or (holder.party and holder.text.endswith("n")):
        return holder.text  # inside the figure, or a people's adjective: "North Korean"
    return f"{holder.text}’" if holder.text.endswith("s") else f"{holder.text}’s"
