"""How two claims relate: `agree`, `conflict` or `related`, with a score and a
reason a person can read. Pure Python, no Django.

Figures decide first. Two figures are about the same fact when they measure the same
thing (after folding synonyms and statuses) for the same holder, in claims of one
story (shared wording, shared names in their contexts, or the same day). Then, in
order:

- a figure of a past year ("the 2011 quake") against another year's: no link;
- one a rate and one a total, or one only a part ("the first group"): related;
- a count that moves (a toll, people rescued, a state read "still"), read on two
  different days: related, unless the readings meet; read months apart: another
  event, no link; fixed counts (people aboard, a magnitude) and two rates are
  compared whatever the day;
- different places: related (no link if they are in two countries for no one
  party), unless one place lies inside the other; then the figures agree if their
  intervals meet, conflict if the part is larger than the whole can be, and are
  related otherwise;
- the same speaker giving two different figures: related (two facets of one
  account, not a contradiction);
- otherwise their intervals decide: overlapping agree, apart conflict. A vague
  figure ("thousands of") conflicts only with another vague one of another order.

Figures of one family measured differently (killed vs killed or wounded, a share vs
a count) are related; one named sum in two currencies is compared at rough rates.
Without comparable figures, two claims scheduling one event agree or conflict on its
day, a reported denial conflicts with what it denies, and otherwise the wording
decides: a close restatement agrees, a looser one on the same names is related.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from annotations.claims.facts import Facts, Figure, Place, fold_key, negates, stem, tokens
from annotations.claims.lexicon import (
    CONTAINS,
    CONVERTED,
    CURRENCIES,
    DOLLAR_RATES,
    EVOLVING,
    FIXED,
    PARTIES,
    PLACE_KINDS,
    RATE_SLACK,
    UNITS,
)
from annotations.claims.when import differ, far_apart, names_a_day

AGREE = "agree"
CONFLICT = "conflict"
RELATED = "related"

# Likeness of wording (idf-weighted cosine) that makes a restatement, and the least
# that relates two claims without comparable figures; figures need less, because
# the measure and the holder already match.
RESTATED = 0.55
LOOSELY = 0.38
FIGURES = 0.2
# A denial restates what it denies: this share of the shorter claim's wording must
# be in the other one.
DENIED = 0.5
# Least likeness at which a negated claim and a plain one sharing a name and the
# saying's words are taken to oppose each other.
OPPOSED = 0.1
NEGATION_REACH = 8  # words a negation governs
STORY = 0.3
# Figures this many times apart are not taken for one count without other signs;
# in claims of one story (sharing names) a moving count may grow further.
MAGNITUDE = 4.0
MAGNITUDE_IN_STORY = 10.0
# Measures too loose to pair on the figure alone: every story has ages and spans of
# hours; they pair only in claims worded alike.
LOOSE_MEASURES = frozenset({"age", "duration"})
# Measures too common to suggest one fact on their own.
GENERIC_MEASURES = frozenset({"people", "per cent", "dollars", "euros", "pounds"})
# Overlapping intervals agree only if their central figures are this close; else one
# is an open bound far from the other ("at least 312" and "at least 1,600").
AGREE_RATIO = 1.5
# How much less likely a whole ("of its 1,150 employees") is compared with a figure
# that is not one than two figures of one kind: the staff a company has is not the
# staff it lays off, unless nothing else is near.
WHOLE_APART = 0.5
# Interval ends this close count as touching: "nearly 12,000" and "over 12,000".
TOUCH = 0.005
ROUNDED_CONVERSION = 0.03


@dataclass(frozen=True, slots=True)
class Link:
    relation: str
    score: float
    reason: str


Inside = Callable[[str, str], bool]


def _never(part: str, whole: str) -> bool:
    return False


def compare(
    a: Facts,
    b: Facts,
    likeness: float,
    inside: Inside = _never,
    story: float = 0.0,
    contained: float = 0.0,
) -> Link | None:
    """The relation of two claims, or None when they are not about the same fact.
    ``likeness`` is their wording's similarity in [0, 1], ``story`` that of their
    paragraphs' names, ``contained`` the share of the shorter one's wording the
    other holds; ``inside(p, w)`` says whether place p lies inside place w."""
    pair = _best_pair(a, b, likeness, story)
    if pair is not None:
        weak = not (
            likeness >= FIGURES or story >= STORY or _held_alike(*pair) or _named_alike(a, b)
        )
        link = _figures(a, b, pair[0], pair[1], likeness, inside, weak)
        if link is not None:
            return link
    return _event_link(a, b, likeness, story) or _wording(a, b, likeness, contained)


def _best_pair(a: Facts, b: Facts, likeness: float, story: float) -> tuple[Figure, Figure] | None:
    """The two figures most likely to count the same thing: the same holder named
    on both sides is enough; with a holder missing, the wording must be close or
    the two claims must come from one story."""
    best: tuple[Figure, Figure] | None = None
    rank: tuple[int, float] = (0, 0.0)
    same_story = likeness >= FIGURES or story >= STORY
    for fa in a.figures:
        for fb in b.figures:
            if fa.measure in LOOSE_MEASURES and likeness < FIGURES:
                continue
            if fa.holder and fb.holder:
                if not _same_holder(fa.holder, fb.holder):
                    continue
            elif not (
                (same_story and (likeness >= FIGURES or not _generic(fa, fb)))
                or _close_figures(fa, fb, a, b, likeness)
                or (_kin(fa, fb) and _one_story(a, b))
            ):
                continue
            if fa.measure == fb.measure or _same_sum(fa, fb):
                r = 3 if (fa.per_days is None) == (fb.per_days is None) else 2
            elif _kin(fa, fb) or _untold_sum(fa, fb):
                r = 1
            else:
                continue
            order = (r, -_gap(fa, fb) - (WHOLE_APART if fa.whole != fb.whole else 0.0))
            if best is None or order > rank:
                best, rank = (fa, fb), order
    return best


def _generic(fa: Figure, fb: Figure) -> bool:
    """Bare percentages, which every story has ("49.2%", "a 1.1% fall"): one story
    is not enough to make them one fact; the wording must be close too."""
    return fa.measure == fb.measure == "per cent"


def _kin(fa: Figure, fb: Figure) -> bool:
    """Figures of two measures of one count: one contains the other (killed within
    killed or injured) or is its share (6 percent of ballots, 2,310 ballots)."""
    x, y = fa.measure, fb.measure
    return x != y and (
        y in CONTAINS.get(x, ())
        or x in CONTAINS.get(y, ())
        or _share_and_count(x, y)
        or _other_currency(x, y)
        or x in y.split("+")
        or y in x.split("+")
    )


def _same_sum(fa: Figure, fb: Figure) -> bool:
    """One precise sum told twice, its purpose named once ("an €8.7 billion
    package", "worth 8.7 billion euros"): a figure that exact is one fact."""
    cx, _, sx = fa.measure.partition("|")
    cy, _, sy = fb.measure.partition("|")
    return (
        cx == cy
        and cx in CURRENCIES
        and (sx == sy or not (sx and sy))
        and fa.qualifier == fb.qualifier == "exact"
        and math.isclose(fa.value, fb.value, rel_tol=1e-9)
        and _precise(fa.value)
    )


def _precise(value: float) -> bool:
    """At least two significant digits: 8.7 billion or 35,000, not 5 billion."""
    digits = f"{abs(value):.6g}".replace(".", "").split("e")[0].strip("0")
    return len(digits) >= 2


def _other_currency(x: str, y: str) -> bool:
    """One named sum told in two currencies: "₱1.2 billion in damage" and "$21
    million in damage". No rate is kept, so they are related, never compared."""
    cx, _, sx = x.partition("|")
    cy, _, sy = y.partition("|")
    return cx != cy and cx in CURRENCIES and cy in CURRENCIES and sx == sy != ""


def _untold_sum(fa: Figure, fb: Figure) -> bool:
    """Two sums, one of them with its purpose unsaid ("the headline figure of 14.2
    billion kroner", "an aid package worth about $1.4 billion")."""
    cx, _, sx = fa.measure.partition("|")
    cy, _, sy = fb.measure.partition("|")
    return fa.measure != fb.measure and cx in CURRENCIES and cy in CURRENCIES and not (sx and sy)


def _meeting_sums(fa: Figure, fb: Figure, closeness: float) -> Link | None:
    """An untold sum is the other one only if the amounts meet, at about today's
    rates: a story has many sums, and one that differs is likely another sum."""
    rate_a = DOLLAR_RATES.get(fa.measure.partition("|")[0])
    rate_b = DOLLAR_RATES.get(fb.measure.partition("|")[0])
    same_currency = fa.unit == fb.unit
    if same_currency:
        meet = _overlap(fa, fb)
    elif rate_a is None or rate_b is None:
        return None
    else:
        a_low, a_high = _in_dollars(fa, rate_a)
        b_low, b_high = _in_dollars(fb, rate_b)
        meet = max(a_low, b_low) <= min(a_high, b_high)
    if not meet:
        return None
    same = "the same sum" if same_currency else "the same sum at about today's rates"
    return Link(AGREE, _score(0.6, closeness), f"{_sum(fa)} and {_sum(fb)}{_of(fa, fb)}: {same}")


def _converted_sums(fa: Figure, fb: Figure, closeness: float) -> Link:
    """One sum told in two currencies ("about €1.2 billion", "about $1.4 billion"):
    compared at rough rates, with slack for the day's rate; related when a currency
    has no one rate (pesos of several countries)."""
    told = f"{_sum(fa)} vs {_sum(fb)}{_of(fa, fb)}"
    rate_a = DOLLAR_RATES.get(fa.measure.partition("|")[0])
    rate_b = DOLLAR_RATES.get(fb.measure.partition("|")[0])
    if rate_a is None or rate_b is None:
        return Link(RELATED, _score(0.45, closeness), f"{told}: one sum in two currencies")
    a_low, a_high = _in_dollars(fa, rate_a)
    b_low, b_high = _in_dollars(fb, rate_b)
    if max(a_low, b_low) <= min(a_high, b_high):
        told = told.replace(" vs ", " and ", 1)
        return Link(AGREE, _score(0.7, closeness), f"{told}: the same sum at about today's rates")
    return Link(
        CONFLICT, _score(0.7, closeness), f"{told}: far apart even at generous exchange rates"
    )


def _in_dollars(f: Figure, rate: float) -> tuple[float, float]:
    low = f.low if f.low is not None else f.value
    high = f.high if f.high is not None else math.inf
    return low * rate * (1 - RATE_SLACK), high * rate * (1 + RATE_SLACK)


def _share_and_count(x: str, y: str) -> bool:
    """A share or a margin of a thing and a count of it: "6 percent of ballots" or
    "462 votes ahead" against "2,310 ballots" or "17,455 votes"."""
    return any(x == f"{kind}|{y}" or y == f"{kind}|{x}" for kind in ("per cent", "margin"))


def _gap(fa: Figure, fb: Figure) -> float:
    """How far apart two figures are, relatively: among equally good pairs the
    closest is compared, whichever claim comes first."""
    small, large = sorted((abs(fa.value), abs(fb.value)))
    return (large - small) / large if large else 0.0


def _figures(
    a: Facts, b: Facts, fa: Figure, fb: Figure, likeness: float, inside: Inside, weak: bool
) -> Link | None:
    """The relation of two figures of one measure. ``weak``: the pair rests on the
    figures alone (no shared holder, little shared wording), so only the same place
    (or none given) and the same kind (both totals or both rates) may link them."""
    if a.era != b.era:
        return None  # a figure of a past year against another year's: another event
    closeness = min(1.0, likeness / 0.5)
    subject = _subject(fa, fb)
    unit = _unit(fa) or _unit(fb)
    same_sum = _same_sum(fa, fb)
    if weak and (
        (fa.per_days is None) != (fb.per_days is None)
        or (fa.measure != fb.measure and not same_sum)
    ):
        return None
    if _other_currency(fa.measure, fb.measure):
        return _converted_sums(fa, fb, closeness)
    if _untold_sum(fa, fb):
        return _meeting_sums(fa, fb, closeness)
    if fa.measure != fb.measure and not same_sum:
        return Link(
            RELATED,
            _score(0.45, closeness),
            f"{_figure(fa)}{_named(_unit(fa), '')} vs {_figure(fb)}{_named(_unit(fb), '')}"
            f"{_of(fa, fb)}: "
            f"different measures ({fa.unit} vs {fb.unit})",
        )
    ta, tb = _figure(fa), _figure(fb)
    if fa.unit in CURRENCIES and fb.unit in CURRENCIES:
        # "€26.8 billion and €26,800 million": a sign already names the currency
        ta, tb, unit = _sum(fa), _sum(fb), ""
        subject = _named("", _holder(fa, fb))
    elif _converted(fa, fb):
        # "185 km/h and 115 mph": each figure keeps the unit it was told in
        ta, tb, unit = f"{ta} {fa.unit}", f"{tb} {fb.unit}", ""
        subject = _named("", _holder(fa, fb))
    if (fa.per_days is None) != (fb.per_days is None):
        return Link(
            RELATED,
            _score(0.45, closeness),
            f"{ta} vs {tb}{subject}: a rate and a total",
        )
    if fa.partial != fb.partial:  # two parts may be one part: "344 of the drones"
        part = fa if fa.partial else fb
        return Link(
            RELATED,
            _score(0.4, closeness),
            f"{ta} vs {tb}{subject}: {part.text} counts only a part",
        )
    # a past event's figures are compared as they are, whenever they were told
    # a rate describes its period, so two rates compare whatever day they were told
    both_rates = fa.per_days is not None and fb.per_days is not None
    fixed = (
        fa.measure in FIXED
        or a.era is not None
        or both_rates
        or fa.denied
        or fb.denied
        or _pinned(a)
        or _pinned(b)
    )
    # stated dates part the readings of a count that moves, or of a figure too
    # common to say which event it counts; a plan's or a fact's figure stays one
    timed = fa.measure in EVOLVING or fa.measure.split("|")[0] in GENERIC_MEASURES
    if timed and not fixed and far_apart(a.date, b.date):
        return None  # "a strike in July killed nine": another event than this week's
    overlap = _overlap(fa, fb)
    # "only three", "fewer than 900": a figure told to hold the count down disputes
    # a larger one, whichever day each was told
    disputed = not overlap and (_holds_down(fa, fb) or _holds_down(fb, fa))
    if a.date and b.date and differ(a.date, b.date) and timed and not fixed and not disputed:
        return Link(
            RELATED,
            _score(0.45, closeness),
            f"{ta}{_own(fa, fb, unit)} ({a.date_text}) vs "
            f"{tb}{_other(fb, fa)} ({b.date_text}): "
            "reported for different dates",
        )
    vague = "vague" in (fa.qualifier, fb.qualifier)
    # a moving count read on two days: related, unless the readings meet (the count
    # has not moved, and the two agree) and neither is too loose to tell
    bounds = [f for f in (fa, fb) if f.qualifier in ("at_least", "at_most")]
    loose = vague or len(bounds) == 2 or (bounds and fa.value != fb.value)
    moving = (
        fa.measure in EVOLVING
        or _lingers(a)
        or _lingers(b)
        or _read_at_a_moment(a)
        or _read_at_a_moment(b)
    ) and not fixed
    if moving and differ(a.reported, b.reported) and (loose or not overlap) and not disputed:
        return Link(
            RELATED,
            _score(0.45, closeness),
            f"{ta}{_own(fa, fb, unit)} ({_day(a)}) vs "
            f"{tb}{_other(fb, fa)} ({_day(b)}): "
            "a count that moves, reported on different days",
        )
    # a denial that any were killed speaks of the whole event, every place in it
    where = "same" if fa.denied or fb.denied else _where(fa.scope, fb.scope, inside)
    if weak and where != "same" and "worldwide" in (_key(fa.scope), _key(fb.scope)):
        return None  # the whole world holds every count: nesting alone ties nothing
    if where == "apart":
        if weak or _other_country(fa, fb):
            return None
        return Link(
            RELATED,
            _score(0.45, closeness),
            f"{_at(ta, fa, _own(fa, fb, unit))} vs {_at(tb, fb, _other(fb, fa))}: different places",
        )
    if where in ("a_in_b", "b_in_a"):
        part, whole = (fa, fb) if where == "a_in_b" else (fb, fa)
        assert part.scope is not None and whole.scope is not None
        nested = f"{part.scope.text} is part of {whole.scope.text}"
        named, other = _own(part, whole, unit), _other(whole, part)
        tp, tw = (ta, tb) if part is fa else (tb, ta)
        if overlap:
            return Link(
                AGREE,
                _score(0.7, closeness),
                f"{_at(tp, part, named)} and {_at(tw, whole, other)}: consistent ({nested})",
            )
        larger = _above(part, whole)
        if larger and not vague:
            return Link(
                CONFLICT,
                _score(0.7, closeness),
                f"{_at(tp, part, named)} vs {_at(tw, whole, other)}: {nested}, "
                "so its figure cannot be the larger",
            )
        return Link(
            RELATED,
            _score(0.5, closeness),
            f"{_at(tp, part, named)} vs {_at(tw, whole, other)}: different scope ({nested})",
        )
    known = where == "same"
    place = f" in {fa.scope.text}" if known and fa.scope else ""
    if a.speaker and b.speaker and _same_person(a.speaker, b.speaker) and not overlap:
        return Link(
            RELATED,
            _score(0.5, closeness),
            f"{ta} and {tb}{subject}{place}, both from {_person(a)}: two facets of one account",
        )
    base = 0.9 if known else 0.78
    also = _speakers_note(a, b)
    if overlap and not vague and _far_apart(fa, fb):
        return Link(
            RELATED,
            _score(0.5, closeness),
            f"{ta} vs {tb}{subject}{place}: consistent only as an open bound, not the same figure",
        )
    if overlap and vague:
        return Link(
            AGREE,
            _score(base - 0.15, closeness),
            f"{ta} and {tb}{subject}{place}: the vague figure covers the other",
        )
    if overlap and a.negated != b.negated and _denies_figure(*((a, fa) if a.negated else (b, fb))):
        denier = a if a.negated else b
        return Link(
            CONFLICT,
            _score(base, closeness),
            f"{ta} and {tb}{subject}{place}: one denies it ({_snippet(denier.text)})",
        )
    if overlap:
        how = _agreement(fa, fb)
        return Link(
            AGREE,
            _score(base, closeness),
            f"{ta} and {tb}{subject}{place}: {how}{also}",
        )
    if vague and not _orders_apart(fa, fb):
        return Link(
            RELATED,
            _score(0.5, closeness),
            f"{ta} vs {tb}{subject}{place}: a vague figure",
        )
    return Link(
        CONFLICT,
        _score(base, closeness),
        f"{ta} vs {tb}{subject}{place}: intervals do not overlap{also}",
    )


_LINGER = re.compile(r"\b(?:still|remain(?:s|ed|ing)?)\b", re.IGNORECASE)


# Words that date a reading of a count: "has now risen to", "so far", "by Monday
# evening". A count read at a moment may move. Not "revised" (a correction
# contradicts the figure it replaces) nor "by the end of 2028" (a plan's horizon).
_READ_AT = re.compile(
    r"\b(?:now|so far|as of|to date|preliminary|latest|"
    r"(?:rose|risen|raised|climbed|increased|grown|grew|jumped) to|"
    r"since (?!\d)(?!records\b)\w+|"
    r"by (?:late |early )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"noon|midday|midnight|evening|morning|nightfall))\b",
    re.IGNORECASE,
)


# A reading tied to one moment of the event ("winds at landfall", "at its peak",
# "travelling at 128 km/h as it entered the curve"), or a limit set for it: it does
# not move whenever it is told.
_PINNED = re.compile(
    r"\b(?:at|made|making|make) landfall\b|\bcame ashore\b|\bat (?:its|the) (?:peak|height)\b|"
    r"\b(?:as|when) it (?:entered|approached|hit|struck|left|derailed|crashed)\b|"
    r"\b(?:speed )?limit\b|\brestriction\b|\bpermitted\b",
    re.IGNORECASE,
)


def _pinned(f: Facts) -> bool:
    return _PINNED.search(f.text) is not None


def _read_at_a_moment(f: Facts) -> bool:
    return _READ_AT.search(f.text) is not None


# "only 3" is a ceiling the quantity parser does not mark ("fewer than 900" it does)
_DOWN = ("only ", "just ")


def _holds_down(f: Figure, other: Figure) -> bool:
    """Whether figure f is told as a ceiling ("only 3", "fewer than 900") and the
    other figure lies above it."""
    ceiling = f.qualifier == "at_most" or f.text.lower().startswith(_DOWN)
    return ceiling and other.value > f.value


def _lingers(f: Facts) -> bool:
    """ "30,000 households were still without power": a state that eases or grows,
    read at one moment, whatever is counted."""
    return _LINGER.search(f.text) is not None


def _event_link(a: Facts, b: Facts, likeness: float, story: float) -> Link | None:
    """Two claims dating one event of one story: the same day agrees, another day
    conflicts ("the vote on 24 April" / "postponed until June"), unless one of them
    speaks of a further occurrence ("they will strike again next Tuesday")."""
    if a.event is None or b.event is None or a.event[0] != b.event[0]:
        return None
    if not (_named_alike(a, b) or story >= STORY or likeness >= FIGURES):
        return None
    noun, day_a, said_a, again_a = a.event
    _, day_b, said_b, again_b = b.event
    score = _score(0.7, min(1.0, likeness / 0.5))
    if not differ(day_a, day_b):
        if day_a.startswith("weekday:") != day_b.startswith("weekday:"):
            return None  # a weekday nobody could place against a date: unknown
        return Link(AGREE, score, f"the {noun} {said_a} and {said_b}: the same day")
    if again_a != again_b:
        return None  # another occurrence, not the same one dated differently
    return Link(CONFLICT, score, f"the {noun} {said_a} vs {said_b}: different dates")


def _wording(a: Facts, b: Facts, likeness: float, contained: float = 0.0) -> Link | None:
    if not (a.name_keys & b.name_keys) or a.era != b.era:
        return None
    denial = a.denies != b.denies and a.negated != b.negated
    if denial and (likeness >= LOOSELY or contained >= DENIED):
        denier = a if a.denies else b
        return Link(
            CONFLICT,
            round(max(likeness, contained * 0.8), 3),
            f"one denies what the other states ({_snippet(denier.text)}); "
            f"shared: {_shared_words(a, b)}",
        )
    opposed = a.negated != b.negated and not (a.denies or b.denies) and likeness < RESTATED
    if opposed and _opposed(a, b, likeness):
        denier = a if a.negated else b
        return Link(
            CONFLICT,
            round(0.3 + likeness / 2, 3),
            f"one says it is not so ({_snippet(denier.text)}); shared: {_shared_words(a, b)}",
        )
    if likeness < LOOSELY:
        return None
    shared = _shared_words(a, b)
    if likeness >= RESTATED:
        if a.negated != b.negated:
            denier = a if a.negated else b
            return Link(
                CONFLICT,
                round(likeness, 3),
                f"one denies what the other states ({_snippet(denier.text)}); shared: {shared}",
            )
        reason = f"the same statement in other words; shared: {shared}"
        return Link(AGREE, round(likeness, 3), reason)
    return Link(RELATED, round(likeness * 0.9, 3), f"about the same events; shared: {shared}")


def _opposed(a: Facts, b: Facts, likeness: float) -> bool:
    """One claim says of a named party what the other says it did not do: "received
    no warnings" and "warned AVS in writing"; "none of its products tested positive"
    and "a package had tested positive". Both must tell one story and share the
    saying's words, not only the names."""
    if likeness < OPPOSED or not _one_story(a, b):
        return False
    negated, plain = (a, b) if a.negated else (b, a)
    said = {t for t in _negation_scope(negated.text) & plain.terms if t not in _DAYS}
    return len(said) >= 2


def _denies_figure(f: Facts, figure: Figure) -> bool:
    """Whether the claim's negation bears on its figure ("denied sending 1,200
    troops"), not on something else it says ("8,900 acres ... but claimed no lives")."""
    scope = _negation_scope(f.text)
    words = {stem(t.low) for t in tokens(f"{figure.text} {figure.unit}")}
    return bool(scope & words)


def _negation_scope(text: str) -> set[str]:
    """The words a negation governs: the few after it ("no warnings about the
    condition", "had not paid the ransom")."""
    toks = tokens(text)
    for k, t in enumerate(toks):
        if negates(t):
            return {stem(u.low) for u in toks[k + 1 : k + 1 + NEGATION_REACH] if len(u.low) > 2}
    return set()


_DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split()
)


# ----------------------------------------------------------------- helpers


def _score(base: float, closeness: float) -> float:
    return round(base * (0.75 + 0.25 * closeness), 3)


def _where(pa: Place | None, pb: Place | None, inside: Inside) -> str:
    """same, unknown (one or both unplaced), a_in_b, b_in_a or apart."""
    if pa is None or pb is None:
        return "unknown"
    if pa.key == pb.key or _same_place(pa.key, pb.key):
        return "same"
    if "worldwide" in (pa.key, pb.key):
        return "b_in_a" if pa.key == "worldwide" else "a_in_b"
    if "nationwide" in (pa.key, pb.key):
        other = pb if pa.key == "nationwide" else pa
        if other.container is None and other.key in PARTIES.values():
            return "same"  # the country itself
        return "b_in_a" if pa.key == "nationwide" else "a_in_b"
    if pa.container == pb.key or inside(pa.key, pb.key):
        return "a_in_b"
    if pb.container == pa.key or inside(pb.key, pa.key):
        return "b_in_a"
    return "apart"


_BUILDINGS = frozenset({"hotel", "plant", "mine", "dam", "station", "the"})


def _same_place(x: str, y: str) -> bool:
    """One place spelled two ways: "Hotel Aranyhíd" and "Aranyhid", "the Lesnica
    valley" and "Lesnitsa"."""
    cx, cy = _core(x), _core(y)
    if not cx or not cy:
        return False
    return cx == cy or (" " not in cx and " " not in cy and _alike(cx, cy))


def _core(key: str) -> str:
    words = [w for w in key.split() if w not in PLACE_KINDS and w not in _BUILDINGS]
    return fold_key(" ".join(words))


def _key(place: Place | None) -> str | None:
    return place.key if place is not None else None


def _country(place: Place | None) -> str | None:
    if place is None:
        return None
    if place.key in _COUNTRIES:
        return place.key
    return place.container if place.container in _COUNTRIES else None


_COUNTRIES = frozenset(PARTIES.values())


def _other_country(fa: Figure, fb: Figure) -> bool:
    """Figures placed in two countries, for no one party: two events ("150,000
    marched in Madrid" and "150,000 in Lisbon")."""
    if _held_alike(fa, fb):
        return False
    ca, cb = _country(fa.scope), _country(fb.scope)
    return ca is not None and cb is not None and ca != cb


def _overlap(fa: Figure, fb: Figure) -> bool:
    """Whether the intervals meet; hedged ends that touch do ("nearly 12,000" and
    "over 12,000"), a vague figure's ends must overlap."""
    lows = [x for x in (fa.low, fb.low) if x is not None]
    highs = [x for x in (fa.high, fb.high) if x is not None]
    if not lows or not highs:
        return True
    if "vague" in (fa.qualifier, fb.qualifier):
        touch = 0.0
    else:
        # "up to 8 km" and "as far as five miles" (8.05 km): outlets round conversions
        touch = ROUNDED_CONVERSION if _converted(fa, fb) else TOUCH
    return max(lows) <= min(highs) * (1 + touch)


def _above(part: Figure, whole: Figure) -> bool:
    """The part's figure is larger than the whole's can be."""
    return part.low is not None and whole.high is not None and part.low > whole.high * (1 + TOUCH)


def _agreement(fa: Figure, fb: Figure) -> str:
    if fa.low == fa.high == fb.low == fb.high:
        return "the same figure"
    lows = [x for x in (fa.low, fb.low) if x is not None]
    highs = [x for x in (fa.high, fb.high) if x is not None]
    if lows and highs and abs(max(lows) - min(highs)) <= min(highs) * TOUCH:
        return f"compatible as about {_number(min(highs))}"
    return "intervals overlap"


def _close_figures(fa: Figure, fb: Figure, a: Facts, b: Facts, likeness: float) -> bool:
    """Figures of one measure and one order of size, in claims that share a name or
    a few words: likely one count reported twice, even when the wording differs
    ("1,180 people had died in Van" and "the nationwide death toll at 1,247")."""
    if _same_sum(fa, fb):
        return _one_story(a, b)
    if fa.measure != fb.measure:
        return False
    if fa.measure in GENERIC_MEASURES and not (fa.verb and fa.verb == fb.verb):
        return False
    if fa.measure in LOOSE_MEASURES and likeness < FIGURES:
        return False
    shared = _one_story(a, b)
    if min(fa.value, fb.value) < 10 and not _named_alike(a, b):
        return False  # small numbers are everywhere: they pair only within a named story
    # one story's figures for two places (a city, the country) may be far apart
    placed = fa.scope is not None and fb.scope is not None and fa.scope.key != fb.scope.key
    if not (shared and placed) and _spread(fa, fb) > (MAGNITUDE_IN_STORY if shared else MAGNITUDE):
        return False
    return likeness >= 0.05 or shared


def _one_story(a: Facts, b: Facts) -> bool:
    """Signs that two claims tell one story: a name their contexts share, or the
    same day named for both (a specific count on one day is rarely two events)."""
    if _named_alike(a, b):
        return True
    return (
        names_a_day(a.reported) and names_a_day(b.reported) and not differ(a.reported, b.reported)
    )


def _named_alike(a: Facts, b: Facts) -> bool:
    """Whether the two claims' contexts share a name (their sections' first
    paragraphs included)."""
    return bool((a.topic | a.background) & (b.topic | b.background))


def _spread(fa: Figure, fb: Figure) -> float:
    """How many times apart two figures are, from the nearest ends of their
    intervals ("dozens" and "hundreds" touch at 99 and 100); an open bound counts
    from its figure ("at least 104" is far from 512)."""
    small, large = sorted((fa, fb), key=lambda f: f.value)
    top = small.high if small.high is not None else small.value
    bottom = large.low if large.low is not None else large.value
    if top <= 0:
        return math.inf
    return max(1.0, bottom / top)


def _orders_apart(fa: Figure, fb: Figure) -> bool:
    """Both figures vague, of different orders: "dozens" against "hundreds"."""
    return fa.qualifier == fb.qualifier == "vague" and not _overlap(fa, fb)


def _far_apart(fa: Figure, fb: Figure) -> bool:
    small, large = sorted((fa.value, fb.value))
    return small > 0 and large / small > AGREE_RATIO


def _held_alike(fa: Figure, fb: Figure) -> bool:
    return bool(fa.holder and fb.holder) and _same_holder(fa.holder, fb.holder)  # type: ignore[arg-type]


def _same_holder(x: str, y: str) -> bool:
    """ "Brenner" and "Brenner Automobilwerke" hold one figure: a short form of a
    name keeps its first word."""
    return x == y or x.split()[0] == y.split()[0]


def _same_person(x: tuple[str, str], y: tuple[str, str]) -> bool:
    if not _alike(x[1], y[1]):
        return False
    first_x, first_y = x[0], y[0]
    return not first_x or not first_y or first_x.startswith(first_y[:4]) or _alike(first_x, first_y)


def _alike(x: str, y: str) -> bool:
    """Spellings of one name: "zelensky", "zelenskyy", "zelenskiy"; "anton", "antony"."""
    if x == y:
        return True
    if min(len(x), len(y)) < 5:
        return False
    return _distance(x, y) <= (1 if min(len(x), len(y)) < 7 else 2)


def _distance(x: str, y: str) -> int:
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1]


def _speakers_note(a: Facts, b: Facts) -> str:
    """A note when two spellings name one speaker ("Anton" / "Antony Blinken")."""
    if not (a.speaker and b.speaker and _same_person(a.speaker, b.speaker)):
        return ""
    name_a, name_b = " ".join(a.speaker).strip(), " ".join(b.speaker).strip()
    if a.speaker == b.speaker or not a.speaker[0] or not b.speaker[0]:
        return f"; both from {_person(a)}"
    return f"; “{_title(name_a)}” and “{_title(name_b)}” are one speaker"


def _day(f: Facts) -> str:
    """When a claim's figure was reported, as a reader would say it."""
    if f.date_text and f.date and not f.date.startswith("weekday:"):
        return f.date_text
    value = f.reported or ""
    parts = value.split("-")
    if len(parts) >= 3 and parts[-1].isdigit() and parts[-2].isdigit():
        month = _MONTHS[int(parts[-2]) - 1]
        return f"reported {int(parts[-1])} {month}"
    return value


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _person(f: Facts) -> str:
    return _title(" ".join(f.speaker).strip()) if f.speaker else f.speaker_text


def _title(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _subject(fa: Figure, fb: Figure) -> str:
    """What both figures count, as a reason names it after them ("… North Korean
    troops")."""
    return _named(_unit(fa) or _unit(fb), _holder(fa, fb))


def _holder(fa: Figure, fb: Figure) -> str:
    """The holder the figures share, the form written in the figure preferred; none
    when they name two holders."""
    held = [f.holder_text for f in (fa, fb) if f.holder_text]
    if len(held) == 2 and not _held_alike(fa, fb):
        return ""
    return min(held, key=lambda h: h != _bare(h)) if held else ""


def _own(f: Figure, other: Figure, unit: str) -> str:
    """What the first figure of "X … vs Y …" counts: its own holder, never the other's."""
    return _named(unit, _holder(f, other) if f.holder_text else "")


def _other(f: Figure, first: Figure) -> str:
    """The second figure's holder, when the first did not already name it."""
    if f.holder_text and not (first.holder_text and _held_alike(f, first)):
        return f" ({_bare(f.holder_text)})"
    return ""


def _named(unit: str, holder: str) -> str:
    """ "North Korean troops" reads as written; an owner follows the unit: "9,500
    jobs (Brenner)" rather than "9,500 Brenner’s jobs"."""
    if holder and holder != _bare(holder):
        words = f"{unit} ({_bare(holder)})".strip()
    else:
        words = " ".join(w for w in (holder, unit) if w)
    return f" {words}" if words else ""


def _bare(holder: str) -> str:
    return holder.removesuffix("’s").removesuffix("’")


def _of(fa: Figure, fb: Figure) -> str:
    holder = fa.holder_text or fb.holder_text
    return f" ({_bare(holder)})" if holder else ""


def _at(text: str, f: Figure, subject: str = "") -> str:
    return f"{text}{subject} in {f.scope.text}" if f.scope else text + subject


def _converted(fa: Figure, fb: Figure) -> bool:
    """Two units of one dimension: km/h and mph, hectares and acres."""
    ua, ub = (UNITS.get(f.unit.lower(), f.unit.lower()) for f in (fa, fb))
    return ua != ub and (ua in CONVERTED or ub in CONVERTED)


def _figure(f: Figure) -> str:
    text = f.text[:1].lower() + f.text[1:] if f.text[:1].isupper() and " " in f.text else f.text
    if f.unit == "per cent" and text[-1:].isdigit():
        text += "%"  # a share in words ("one in eight") reads as it is
    return _rate_text(f) if f.per_days else text


def _sum(f: Figure) -> str:
    """A sum as told: "₱1.2 billion", "5 billion pesos" (a sign names the currency)."""
    text = _figure(f)
    signed = any(not ch.isalnum() and ch not in " .,-" for ch in text)
    return text if signed or f.unit in text else f"{text} {f.unit}"


def _unit(f: Figure) -> str:
    return "" if f.unit == "per cent" else f.unit


def _rate_text(f: Figure) -> str:
    per = f"{_number(f.value)} a day"
    if f.per_days and f.per_days != 1:
        return f"about {per} ({f.text} in {_number(f.per_days)} days)"
    return f"{f.text} a day"


def _number(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:g}"


def _shared_words(a: Facts, b: Facts) -> str:
    shared = [a.surface[t] for t in a.surface if t in b.terms]
    return ", ".join(shared[:5])


def _snippet(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
