"""Quantities stated in news text, normalised with their hedge.

``extract_quantities(text)`` finds every number a sentence states (digits with
separators, decimals, scale words, number words, vague magnitudes) and returns, for
each, the numeric ``value``, the ``unit`` (the head noun it counts), a ``qualifier``
and the interval ``low``..``high`` the wording implies. Pure Python and regular
expressions; no Django, no spaCy.

Decisions (documented here because claim matching depends on them):

Span
    ``text`` runs from the hedge ("nearly", "an estimated", "thousands of") or a
    currency sign through the head noun ("nearly 12,000 troops"); when there is no
    noun it ends at the number. Offsets are code-point indices into the full text.

Unit
    The head noun as written ("troops", "brigades", "km", "minutes", "translator",
    "North Koreans" → "North Koreans", "square kilometers"), with these normalised:
    ``%``, "percent", "pct" → ``"per cent"``; "$" / "US$" / "USD" → ``"dollars"``
    (likewise £ → "pounds", € → "euros", ₽ → "rubles", ₴ → "hryvnias"...);
    "killed or wounded" / "killed and injured" / "dead or wounded" (any two of
    killed, dead, wounded, injured, missing, captured) → ``"casualties"``; a single
    participle stays as written ("1,000 killed" → "killed"). Hyphenated measures
    ("three-year war", "48-hour") give the word after the hyphen ("year", "hour").
    ``""`` when the number counts nothing named ("at least 3,000 were killed").

Qualifier and interval (``None`` is an open bound)
    exact      "12,000", "a total of", "just", "only"           low = high = value
    approx     "about", "around", "roughly", "approximately",
               "some", "an estimated", "~", "… or so", ranges   value ± 10 %
    at_least   "at least", "over", "more than", "upwards of",
               "in excess of", "+", "… or more"                 value .. None
               "just over", "slightly more than"                value .. value × 1.1
    at_most    "up to", "under", "fewer than", "less than",
               "no more than", "as many as", "… or fewer"      None .. value
               "nearly", "almost", "close to", "just under"     value × 0.9 .. value
    vague      "dozens of", "hundreds of", "thousands of",
               "tens of thousands of", "millions of"            value = low = magnitude
                                                                high = 10 × magnitude − 1
               ("dozens": 12 .. 99; "scores of": 20 .. 99)
               "several thousand"                               3 000 .. 9 000
               "a few hundred"                                  300 .. 500
               "a couple of thousand"                           2 000 .. 3 000
Ranges ("10,000 to 12,000", "10,000-12,000", "between 8,000 and 10,000", "two or
three") are ``approx`` unless hedged otherwise, with ``value`` the midpoint and
``low``/``high`` the stated ends; "from 8,000 to 12,000" after a verb of change
("rose", "increased"...) is two quantities, not a range. "over N days" where "over"
means "during" (no "for"/"in"/"after" before it) is ``exact``.

Not quantities: ordinals ("575th", "first"), numbers inside names or model codes
("G7", "Su-34", "COVID-19", "World War Two", "Resolution 2231", "Boeing 747"), years
("in 2024", "since 1950", "the 2024 election"), decades ("the 1990s"), days of the
month ("October 23", "23 October"), clock times ("10 a.m.", "10:30"), numbers next to
"/" (dates, fractions, "24/7"), page, article and list numbering ("page 5", "No. 3",
"1." at the start of a line), and "one" used as a pronoun ("one of", "the one").
Bare "several", "a few" and "many" are not numbers; fractions ("two-thirds") are not
extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.claims.patterns import aligned_lower, trie

__all__ = ["Quantity", "extract_quantities"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one blank-separated string."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated quantity; ``start``/``end`` are code-point offsets into the full text."""

    text: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the issue: text, start, end, value, low, high, qualifier, unit."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "unit": self.unit,
        }


# --------------------------------------------------------------------------- lexicon

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    # South Asian scales, after digits: "₹4 lakh" is 400,000, "₹2.5 crore" 25 million
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# Plural magnitudes used vaguely: "hundreds of", "thousands".
_VAGUE_MAG = {
    "dozens": 12.0, "scores": 20.0, "hundreds": 100.0, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}  # fmt: skip
# "several thousand", "a few hundred", "a couple of thousand": (low, high) multipliers.
_FEW = {"several": (3.0, 9.0), "few": (3.0, 5.0), "couple": (2.0, 3.0), "many": (1.0, 9.0)}

_ATTACHED_SCALE = {"k": 1e3, "bn": 1e9, "b": 1e9, "mn": 1e6, "m": 1e6, "tn": 1e12, "tr": 1e12}

_CURRENCY_SIGN = {
    "$": "dollars", "£": "pounds", "€": "euros", "¥": "yen", "₴": "hryvnias",
    "₽": "rubles", "₹": "rupees", "₩": "won", "₱": "pesos", "₺": "lira", "₪": "shekels",
    "₦": "naira",
}  # fmt: skip
_CURRENCY_CODE = {
    "usd": "dollars", "eur": "euros", "gbp": "pounds", "uah": "hryvnias",
    "rub": "rubles", "jpy": "yen", "cny": "yuan", "krw": "won", "inr": "rupees",
    "nok": "kronor", "sek": "kronor", "dkk": "kronor", "chf": "francs", "pln": "zloty",
    "php": "pesos", "zar": "rand", "brl": "reais", "ils": "shekels", "ngn": "naira",
    "kes": "shillings", "aed": "dirhams", "bob": "bolivianos", "try": "lira",
}  # fmt: skip

# Measurement units: a head noun that ends the noun phrase at once.
_MEASURE = _words(
    """
    km km² kms kilometre kilometres kilometer kilometers mile miles mi m metre metres meter
    meters cm mm ft feet foot inch inches yard yards nm nautical kg kgs kilogram kilograms
    kilo kilos g gram grams lb lbs pound tonne tonnes ton tons t mt kt litre litres liter
    liters l ml barrel barrels bpd gallon gallons hectare hectares ha acre acres sq second
    seconds sec secs minute minutes min mins hour hours hr hrs h day days week weeks month
    months year years yr yrs decade decades century centuries mph kph kmh km/h knots knot mw
    gw kw kwh mwh gwh twh mb gb tb per cent percent degrees °c °f
    """
)
_PER = frozenset({"hour", "day", "week", "month", "year", "second", "minute", "capita", "head"})
# Nouns whose plural does not end in -s, or which count without a plural.
_IRREGULAR = _words(
    """
    men women people children personnel police staff crew aircraft sheep cattle infantry
    fish deer offspring militia troops
    """
)
_CASUALTY = frozenset(
    {"killed", "dead", "wounded", "injured", "missing", "captured", "hurt", "displaced"}
)
# Words that end the noun phrase after a number (prepositions, verbs, determiners...).
_NP_STOP = _words(
    """
    of in on at to from for with into onto by across near along inside outside per since
    during over under after before until till between against among amid through toward
    towards around about via as like than within without beyond behind upon and or but nor
    while who whom whose which that where when because if so yet though although unless
    whether is are was were be been being am has have had will would could should may might
    can did do does must shall the a an this these those their its his her our my your each
    every all both any no not also now currently already still just only even ever never
    then there here more less fewer most least some such other another same own it they them
    he she we you i s ago apiece each total altogether respectively last next previous past
    coming per a.m. p.m. am pm according said says
    """
)
_NOT_ADVERB_LY = _words(
    """
    italy family assembly july ally supply rally monopoly anomaly reply fly bully daily
    weekly monthly yearly quarterly butterfly lily belly jelly
    """
)
_NOT_PARTICIPLE_ED = frozenset({"red", "bed", "speed", "seed", "need", "feed", "breed", "creed"})
_COMPOUND_WORD_UNITS = _words(
    """
    year day week month hour minute second km kilometre kilometer mile metre meter storey
    story ton tonne man member person point page seat nation country party stage way lane
    star
    """
) - {"way", "lane", "star"}

# Hedges before the number: word tuple → (qualifier, near). "near" marks the hedges
# that pin the value from one side ("nearly", "just over").
_LEFT_HEDGES: dict[tuple[str, ...], tuple[str, bool]] = {}


def _hedge(qualifier: str, near: bool, *phrases: str) -> None:
    for phrase in phrases:
        _LEFT_HEDGES[tuple(phrase.split())] = (qualifier, near)


_hedge(
    "approx", False,
    "about", "around", "roughly", "approximately", "approx", "approx.", "some",
    "an estimated", "estimated", "est.", "circa", "c.", "ca.", "reportedly around",
    "an approximate", "on the order of", "in the order of", "in the region of",
    "somewhere around", "give or take", "an average of", "averaging", "or so",
    "about an estimated", "around an estimated", "some estimated",
)  # fmt: skip
_hedge(
    "at_least", False,
    "at least", "over", "more than", "upwards of", "upward of", "in excess of",
    "no fewer than", "no less than", "not less than", "a minimum of", "at a minimum",
    "above", "exceeding", "north of", "as few as", "well over", "well above",
    "far more than", "many more than", "much more than", "at least an estimated",
    "more than an estimated", "over an estimated", "a minimum", "beyond",
)  # fmt: skip
_hedge(
    "at_least", True,
    "just over", "slightly more than", "a little over", "a little more than",
    "just above", "slightly over", "just more than", "just beyond",
)  # fmt: skip
_hedge(
    "at_most", False,
    "up to", "under", "fewer than", "less than", "no more than", "not more than",
    "at most", "a maximum of", "as many as", "as much as", "as high as", "below",
    "well under", "well below", "far fewer than", "far less than", "at the most",
    "a max of", "maximum of", "not exceeding",
)  # fmt: skip
_hedge(
    "at_most", True,
    "nearly", "almost", "close to", "just under", "just below", "just shy of",
    "shy of", "slightly less than", "slightly fewer than", "a little under",
    "a little less than", "nearly an estimated", "almost an estimated", "closer to",
    "approaching", "just short of", "short of",
)  # fmt: skip
_hedge(
    "exact", False,
    "exactly", "precisely", "just", "only", "a total of", "total of", "a mere",
    "a full", "fully", "all", "totalling", "totaling", "a record",
)  # fmt: skip
_MAX_HEDGE_WORDS = max(len(k) for k in _LEFT_HEDGES)
_HEDGE_LAST = frozenset(k[-1] for k in _LEFT_HEDGES)

# Words before a number that make it a label, not a count ("page 5", "No. 3").
_LABEL_BEFORE = _words(
    """
    page pages p. pp. no. nos. no number chapter ch. section sec. article art. paragraph
    para item step figure fig. table vol. volume episode ep. season part phase level grade
    route highway room floor gate platform flight unit resolution rule model type class
    version v. mark mk block lot exit act code verse line channel division category tier
    round game match stage camp terminal bus apt. apartment suite box lane
    """
)
_YEAR_BEFORE = _words(
    """
    in since by until till from before after during of the early late mid mid- spring summer
    autumn fall winter year years fiscal fy through throughout between and to circa c. ca.
    around 'til
    """
)
_MONTHS = _words(
    """
    january february march april may june july august september october november december
    jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct
    oct. nov nov. dec dec.
    """
)
_CHANGE_VERBS = _words(
    """
    rose risen rise rises rising increased increase increases increasing fell fallen fall
    falls falling grew grown grow grows growing dropped drop drops dropping declined decline
    declines declining jumped jump jumps climbed climb climbs surged surge soared soar went
    go goes cut cuts reduced reduce raised raise expanded expand shrank shrunk shrink
    doubled tripled up down slipped slid plunged plummeted tumbled spiked boosted lowered
    revised changed moved
    """
)
_ONE_BEFORE_STOP = _words(
    """
    the this that which any every each no some someone anyone everyone no-one another such
    """
)
_ONE_UNIT_STOP = _words(
    """
    hand thing way side point another other more such last final time sort kind bit
    """
)
_ONE_DAY_OK = frozenset({"in", "within", "for", "than", "over", "just", "only", "about", "a"})
# Capitalised words that do not make a following number part of a name.
_CAP_OK_BEFORE = _words(
    """
    in on at by of for from with about around over under nearly almost some the a an up more
    fewer less just only roughly approximately estimated another all and but since until
    after before during between to than exactly precisely still now yet while as if when
    where although though some another killing including including kill killed losing lost
    sent send deploy deployed has have had is are was were said says say told reported
    estimated added another every each another its their his her our those these last next
    past first
    """
)

_TIME_AFTER = re.compile(
    r"\s?(?:[ap]\.m\.|[ap]m\b|[ap]\.m\b|o['’]clock|(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|"
    r"MSK|EET|EEST|KST|JST)\b|hrs?\s+(?:GMT|UTC|local))",
    re.IGNORECASE,
)

# ----------------------------------------------------------------------- patterns


_FIRST_WORDS = [
    *_SMALL, *_TENS, *_VAGUE_MAG, "tens", "several", "half",
]  # fmt: skip
# Scanned over the lower-cased text: digits, or the first word of a spelled-out number.
# (The lookahead before the digits lets the scan skip the digit alternatives at
# letters, about a quarter faster than without.)
_CORE = re.compile(
    r"(?=[\d.])(?P<d>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?|\.\d+)"
    r"|\b(?P<w>" + trie(_FIRST_WORDS) + r"|a(?=[ \t\u00a0]+(?:dozen|hundred|thousand|million|"
    r"billion|trillion|few|couple)\b)|many(?=[ \t\u00a0]+(?:dozen|hundred|thousand|million|"
    r"billion)s?\b))\b"
)
# digits after a "P" that make it the peso sign: a scale or thousands follow
_PESO_AFTER = re.compile(
    r"\d+(?:\.\d+)?[ \t\u00a0]*(?:million|billion|trillion|bn|m)\b|\d{1,3}(?:,\d{3})+\b"
)
_NEXT_WORD = re.compile(r"[ \t\u00a0]*((?:[A-Z]\.){2,}|[^\W\d_][\w’'\-]*)")
_WORD_TOKEN = re.compile(r"(?:\s*-\s*|[ \t\u00a0]+(?:and[ \t\u00a0]+)?)([A-Za-z]+)\b")
_DIGIT_SCALE = re.compile(
    r"(?:[ \t\u00a0]*(?P<w>hundred|thousand|million|billion|trillion|lakhs?|crores?)\b|"
    r"(?P<a>k|bn|mn|m|b|tn|tr)\b(?!\.\w))",
)
_PERCENT = re.compile(
    r"[ \t\u00a0]*(?:(?P<pct>%|per[ \t]?cent\b|percent\b|pct\b)|"
    r"(?P<pp>percentage[ \t]+points?\b|basis[ \t]+points?\b|bps\b))",
    re.IGNORECASE,
)
# Temperatures: "44.5C", "44.5 °C", "112 degrees Fahrenheit".
_DEGREES = re.compile(
    r"[ \t\u00a0]?(?:°[ \t\u00a0]?(?P<sym>[CF])|degrees?[ \t\u00a0]+(?P<name>Celsius|"
    r"centigrade|Fahrenheit|C|F)|(?P<bare>[CF]))(?![\w°])",
    re.IGNORECASE,
)
_RANGE = re.compile(
    r"[ \t\u00a0]*(?:(?P<dash>[-–—])|(?P<word>to|or|and))[ \t\u00a0]*(?=[$£€\d]|[a-zA-Z])"
)
_RIGHT_HEDGE = re.compile(
    r"(?P<plus>\+|-plus\b)|[ \t\u00a0]*(?:(?P<more>or[ \t]+(?:more|above|over|higher|greater))|"
    r"(?P<so>or[ \t]+so|-?odd)|(?P<less>or[ \t]+(?:fewer|less|under|below))|"
    r"(?P<counting>and[ \t]+counting))\b",
    re.IGNORECASE,
)
_CASUALTY_RE = re.compile(
    r"[ \t\u00a0]*(killed|dead|wounded|injured|missing|captured|hurt|displaced)"
    r"(?:[ \t\u00a0]*(?:,|or|and|and/or)[ \t\u00a0]*"
    r"(killed|dead|wounded|injured|missing|captured|hurt))?\b",
    re.IGNORECASE,
)
_OF_DET = re.compile(
    r"[ \t\u00a0]+of(?:[ \t\u00a0]+(?:the|these|those|its|their|his|her|our))?\b"
    r"(?![ \t]+(?:them|whom|us|which)\b)"
)
_AND_A_HALF = re.compile(r"[ \t\u00a0]+and[ \t\u00a0]+a[ \t\u00a0]+half\b")
_LEFT_WORDS = re.compile(r"[^\s]+")


# ------------------------------------------------------------------------ helpers


def _r(x: float | None) -> float | None:
    """Round interval ends so 1000 * 1.1 reads 1100.0, not 1100.0000000000002."""
    return None if x is None else float(f"{x:.12g}")


def _left_words(seg: str, pos: int, n: int) -> list[str]:
    """The up-to-``n`` words before ``pos`` (raw, in order), only if a space separates."""
    lo = max(0, pos - 60)
    return seg[lo:pos].split()[-n:]


def _parse_words(
    low: str, pos: int, first: str, end: int
) -> tuple[float, int, str, tuple[float, float] | None]:
    """Parse a run of number words in the lower-cased text, ``first`` at ``pos``..``end``.

    Returns (value, end, kind, vague_interval) where kind is "num" or "vague"; raises
    ValueError when the words do not make a number ("a few", "half of").
    """
    # ---- vague forms: "hundreds of", "tens of thousands", "several thousand"
    if first in _VAGUE_MAG or first == "tens":
        mag = _VAGUE_MAG.get(first, 10.0)
        mm = _VAGUE_OF_MAG.match(low, end)
        if mm:
            mag *= _VAGUE_MAG[mm.group(1)]
            end = mm.end()
        elif first == "tens" or (first == "scores" and not _SPACE_OF.match(low, end)):
            raise ValueError("not a number")
        if mag == 12.0:
            return 12.0, end, "vague", (12.0, 99.0)
        if mag == 20.0:
            return 20.0, end, "vague", (20.0, 99.0)
        return mag, end, "vague", (mag, mag * 10 - 1)
    few_key = first
    if first == "a":
        fm = _A_FEW.match(low, end)
        if fm:
            few_key, end = fm.group(1), fm.end()
    if few_key in _FEW:
        mm = _SCALE_AFTER_FEW.match(low, end)
        if mm is None:
            raise ValueError("not a number")
        word = mm.group(1).rstrip("s")
        mag = 12.0 if word == "dozen" else _SCALES[word]
        lo, hi = _FEW[few_key]
        if few_key == "many":
            return mag, mm.end(), "vague", (mag, mag * 10 - 1)
        return lo * mag, mm.end(), "vague", (lo * mag, hi * mag)
    # ---- exact number words
    total = 0.0
    current = 0.0
    last = ""  # "small", "tens", "hundred", "scale", "a", "half"
    value_seen = False
    if first == "a":
        last = "a"
        current = 1.0
    elif first == "half":
        last = "half"
        current = 0.5
    elif first in _SMALL:
        current = float(_SMALL[first])
        last = "small"
        value_seen = True
    else:
        current = float(_TENS[first])
        last = "tens"
        value_seen = True
    p = end
    while True:
        t = _WORD_TOKEN.match(low, p)
        if not t:
            break
        w = t.group(1)
        sep = t.group(0)
        has_and = "and" in sep.split()
        if w == "a" and last in ("half",):
            p = t.end()
            continue
        if w == "a" and has_and and last in ("small", "tens"):
            # "one and a half million"
            h = _WORD_TOKEN.match(low, t.end())
            if h and h.group(1) == "half":
                current += 0.5
                p = h.end()
                last = "small"
                continue
            break
        if has_and and last not in ("hundred", "scale"):
            break
        if (w in _SMALL and last in ("tens",) and not has_and and "-" in sep) or (
            w in _SMALL and last in ("hundred", "scale") and _SMALL[w] > 0
        ):
            current += _SMALL[w]
            last = "small"
        elif w in _TENS and last in ("hundred", "scale"):
            current += _TENS[w]
            last = "tens"
        elif w in _SMALL and last == "tens" and not has_and:
            current += _SMALL[w]
            last = "small"
        elif w == "hundred" and last in ("small", "tens", "a"):
            current *= 100.0
            last = "hundred"
        elif w in _SCALES and w != "hundred" and last in ("small", "tens", "hundred", "a", "half"):
            total += current * _SCALES[w]
            current = 0.0
            last = "scale"
        elif w == "dozen" and last in ("small", "a", "half"):
            current *= 12.0
            last = "scale"
        else:
            break
        value_seen = True
        p = t.end()
    if last in ("a", "half") or not value_seen:
        raise ValueError("not a number")
    return total + current, p, "num", None


_VAGUE_OF_MAG = re.compile(
    r"[ \t\u00a0]+of[ \t\u00a0]+(thousands|millions|billions|trillions|hundreds)\b"
)
_SCALE_AFTER_FEW = re.compile(
    r"(?:[ \t\u00a0]+of)?[ \t\u00a0]+(dozens?|hundreds?|thousands?|millions?|billions?)\b"
)
_A_FEW = re.compile(r"[ \t\u00a0]+(few|couple)\b")
_SPACE_OF = re.compile(r"[ \t\u00a0]+of\b")


class _Num:
    """A parsed number expression (one end of a possible range)."""

    __slots__ = ("end", "is_digits", "kind", "plain_int", "start", "vague", "value")

    def __init__(
        self,
        start: int,
        end: int,
        value: float,
        kind: str,
        vague: tuple[float, float] | None,
        is_digits: bool,
        plain_int: bool,
    ) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.kind = kind
        self.vague = vague
        self.is_digits = is_digits
        self.plain_int = plain_int


def _parse_at(seg: str, low: str, m: re.Match[str]) -> _Num | None:
    """Parse the number expression whose core ``_CORE`` matched at ``m`` (in ``low``)."""
    s = m.start()
    if m.group("d") is not None:
        raw = m.group("d")
        try:
            value = float(raw.replace(",", ""))
        except ValueError:  # pragma: no cover - the regex only admits numerals
            return None
        end = m.end()
        plain = "," not in raw and "." not in raw
        hm = _AND_A_HALF.match(seg, end)
        if hm:
            value += 0.5
            end = hm.end()
            plain = False
        sm = _DIGIT_SCALE.match(low, end)
        if sm:
            if sm.group("w"):
                value *= _SCALES[sm.group("w")]
                end = sm.end()
                plain = False
            else:
                a = sm.group("a")
                if a == "m":
                    # "$5m", "5m people" → million; "a 5m wall" → metres (handled as unit)
                    if _currency_before(seg, s) or _next_is_plural(seg, sm.end()):
                        value *= 1e6
                        end = sm.end()
                        plain = False
                else:
                    value *= _ATTACHED_SCALE[a]
                    end = sm.end()
                    plain = False
        return _Num(s, end, value, "num", None, True, plain)
    try:
        value, end, kind, vague = _parse_words(low, s, m.group("w"), m.end())
    except ValueError:
        return None
    return _Num(s, end, value, kind, vague, False, False)


def _next_is_plural(seg: str, pos: int) -> bool:
    w = _NEXT_WORD.match(seg, pos)
    if not w:
        return False
    word = w.group(1)
    return word.islower() and (word.endswith("s") or word in _IRREGULAR)


def _peso_sign(seg: str, s: int) -> bool:
    """Philippine papers write pesos as "P1.2 billion" or "P3,500"; "P5" alone is a
    label (the UN's P5), so a scale or thousands must follow."""
    return (
        s >= 1
        and seg[s - 1] == "P"
        and (s < 2 or not seg[s - 2].isalnum())
        and _PESO_AFTER.match(seg, s) is not None
    )


def _currency_before(seg: str, s: int) -> str | None:
    """The currency unit written just before ``s`` ("$", "US$", "USD "), if any."""
    if s == 0:
        return None
    if _peso_sign(seg, s):
        return "pesos"
    ch = seg[s - 1]
    if ch in _CURRENCY_SIGN:
        return _CURRENCY_SIGN[ch]
    if ch == " " and s >= 2 and seg[s - 2] in _CURRENCY_SIGN:
        return _CURRENCY_SIGN[seg[s - 2]]
    if ch == " " and s >= 4:
        code = seg[s - 4 : s - 1]
        if (
            code.lower() in _CURRENCY_CODE
            and code.isupper()
            and (s == 4 or not seg[s - 5].isalnum())
        ):
            return _CURRENCY_CODE[code.lower()]
    return None


def _currency_start(seg: str, s: int) -> int:
    """Where the currency prefix before ``s`` begins ("US$1.5" → index of "U")."""
    p = s
    if _peso_sign(seg, p):
        return p - 1
    if p and seg[p - 1] == " " and p >= 2 and seg[p - 2] in _CURRENCY_SIGN:
        p -= 1
    if p and seg[p - 1] in _CURRENCY_SIGN:
        p -= 1
        # "US$", "A$", "C$", "NZ$", "HK$"
        q = p
        while q > 0 and seg[q - 1].isupper() and p - q < 2:
            q -= 1
        if q < p and (q == 0 or not seg[q - 1].isalnum()):
            p = q
        return p
    if p >= 4 and seg[p - 1] == " " and seg[p - 4 : p - 1].lower() in _CURRENCY_CODE:
        return p - 4
    return s


def _is_sentence_start(seg: str, pos: int) -> bool:
    """True when only opening punctuation separates ``pos`` from a sentence boundary."""
    p = pos - 1
    while p >= 0 and seg[p] in " \t\u00a0\"“‘'([":
        p -= 1
    return p < 0 or seg[p] in ".!?:\n…;—–-"


# --------------------------------------------------------------------- exclusion


def _excluded(seg: str, m: re.Match[str], num: _Num) -> bool:
    """True when the number at ``m`` is a label, date, time, year or part of a name."""
    s = m.start()
    e = m.end()
    prev = seg[s - 1] if s else ""
    nxt = seg[e] if e < len(seg) else ""
    if num.is_digits:
        if _peso_sign(seg, s):
            return False
        # letters, digits or a letter-hyphen immediately before: G7, MH17, Su-34, COVID-19
        if prev and (prev.isalnum() or prev in "_#/\\@&'’"):
            return True
        if prev in "-‐‑" and s >= 2 and seg[s - 2].isalpha():
            return True
        if prev == "." and s >= 2 and seg[s - 2].isalnum():
            return True
        if prev == ":" and s >= 2 and seg[s - 2].isdigit():
            return True
        # (nxt is "" at the end of the text, and "" is in every string)
        if (nxt and nxt in "/\\") or (nxt == ":" and e + 1 < len(seg) and seg[e + 1].isdigit()):
            return True
        if nxt in "-‐‑" and e + 1 < len(seg) and seg[e + 1].isdigit():
            # 2024-10-23, 2014-2022: dates and year ranges; other digit-digit is a range
            raw = m.group("d")
            if len(raw) == 4 and 1000 <= num.value <= 2199 and num.plain_int:
                return True
        # ordinals and suffixes: 575th, 1990s, 3D, 5G (scale letters were consumed)
        if num.end == e and nxt.isalpha():
            tail = _ALPHA_TAIL.match(seg, e)
            if not tail or tail.group(0) not in _ATTACHED_UNITS:
                return True
        if _TIME_AFTER.match(seg, num.end):
            return True
        words = _left_words(seg, s, 2)
        last = words[-1] if words and not seg[s - 1 : s].isalnum() and prev in " \t\u00a0" else ""
        last_l = last.lower()
        if last_l in _LABEL_BEFORE and num.plain_int:
            return True
        if last_l.rstrip(",") in _MONTHS and num.plain_int and 1 <= num.value <= 31:
            return True
        # "23 October", "23 Oct."
        nw = _NEXT_WORD.match(seg, e)
        if (
            nw
            and num.plain_int
            and 1 <= num.value <= 31
            and nw.group(1)[0].isupper()
            and nw.group(1).lower().rstrip(",") in _MONTHS
        ):
            return True
        # years: 4-digit integers in 1800..2100
        raw = m.group("d")
        if num.plain_int and len(raw) == 4 and 1800 <= num.value <= 2100:
            if last_l.rstrip(",") in _YEAR_BEFORE or last_l.rstrip(",") in _MONTHS:
                return True
            nxt_word = nw.group(1) if nw else ""
            counted = nxt_word.islower() and (nxt_word.endswith("s") or nxt_word in _IRREGULAR)
            if not counted:
                return True  # "2024 was", "the 2024 election"
        # a capitalised word right before a plain integer: "Boeing 747", "Resolution 2231"
        if (
            num.plain_int
            and last
            and last[0].isupper()
            and last.isalpha()
            and last_l not in _CAP_OK_BEFORE
            and last_l not in _MONTHS
            and not last.endswith(("'s", "’s"))
        ):
            return True
        # list numbering: "1." or "2)" at the start of a line
        if num.plain_int and nxt and nxt in ".)" and (e + 1 >= len(seg) or seg[e + 1] in " \t\n"):
            p = s - 1
            while p >= 0 and seg[p] in " \t(":
                p -= 1
            if p < 0 or seg[p] == "\n":
                return True
        if prev == "(" and nxt == ")" and num.plain_int and num.value < 100:
            return True
        return prev == "[" and nxt == "]"
    # number words
    if prev and (prev.isalnum() or prev in "-‐‑_") and not seg[s - 1 : s].isspace():
        return True
    if seg[s].isupper() and not _is_sentence_start(seg, s):
        # "World War Two", "Air Force One", "Formula One"
        return True
    words = _left_words(seg, s, 1)
    # "Number two", "phase one"
    return bool(words) and words[-1].lower() in _LABEL_BEFORE and prev in " \t\u00a0"


_ALPHA_TAIL = re.compile(r"[A-Za-z²]+")
_ATTACHED_UNITS = _words(
    """
    km km² kms kg cm mm mi ft lb lbs h hr hrs min mins mph kph kmh GW MW kW kWh MWh GWh TWh
    bpd ha sec secs yr yrs C F
    """
)


# ----------------------------------------------------------------------- units


def _peek_word(seg: str, pos: int) -> str:
    wm = _NEXT_WORD.match(seg, pos)
    return wm.group(1).lower() if wm else ""


def _is_adverb(lw: str) -> bool:
    return len(lw) > 4 and lw.endswith("ly") and lw not in _NOT_ADVERB_LY


def _is_participle(lw: str) -> bool:
    return len(lw) > 3 and lw.endswith("ed") and lw not in _NOT_PARTICIPLE_ED


def _temperature(seg: str, pos: int) -> tuple[str, int] | None:
    """ "°C" or "°F" and where it ends, for a temperature written after a number."""
    dm = _DEGREES.match(seg, pos)
    if dm is None:
        return None
    if dm.group("bare") and not (pos < len(seg) and seg[pos] == dm.group("bare")):
        return None  # a bare letter counts only attached: "44C", not "44 C"
    letter = (dm.group("sym") or dm.group("name") or dm.group("bare"))[0].upper()
    return ("°C" if letter == "C" else "°F"), dm.end()


def _unit_after(seg: str, pos: int, allow_of: bool) -> tuple[str, int]:
    """Head noun of the noun phrase after a number ending at ``pos``.

    Returns (unit, end offset), or ("", pos) when the number counts nothing named.
    """
    p = pos
    if allow_of:
        om = _OF_DET.match(seg, p)
        if om:
            p = om.end()
    cm = _CASUALTY_RE.match(seg, p)
    if cm:
        return ("casualties" if cm.group(2) else cm.group(1).lower()), cm.end()
    head = ""
    head_end = pos
    prev_word = ""
    for n in range(6):
        wm = _NEXT_WORD.match(seg, p)
        if not wm:
            break
        w = wm.group(1)
        lw = w.lower()
        wend = wm.end(1)
        if lw in _NP_STOP:
            cent = _NEXT_WORD.match(seg, wend) if lw == "per" else None
            if cent is not None and cent.group(1).lower() == "cent":
                return "per cent", cent.end(1)
            break
        if lw in _MEASURE:
            unit = f"{prev_word} {w}" if prev_word in ("square", "sq", "cubic") else w
            if lw in ("km", "kms", "mi") and seg[wend : wend + 2].lower() == "/h":
                # a speed: "185 km/h", "185km/hr"
                hour = re.match(r"/hr?\b", seg[wend : wend + 3], re.IGNORECASE)
                if hour:
                    return f"{w}/h", wend + hour.end()
            # "km per hour"
            pm = _NEXT_WORD.match(seg, wend)
            if pm and pm.group(1).lower() == "per":
                qm = _NEXT_WORD.match(seg, pm.end(1))
                if qm and qm.group(1).lower() in _PER:
                    return f"{unit} per {qm.group(1)}", qm.end(1)
            return unit, wend
        if lw in _CASUALTY or w.endswith(("’s", "'s")):
            break
        if w.endswith(("s’", "s'")):
            # plural possessive: "two countries’ ministers" counts countries
            return w[:-1], wend - 1
        if "." in w:
            # a dotted acronym ("U.S.") modifies the noun that follows
            head, head_end, prev_word, p = w, wend, lw, wend
            continue
        nxt = _peek_word(seg, wend)
        nxt_is_noun = (
            bool(nxt) and nxt not in _NP_STOP and not _is_participle(nxt) and not _is_adverb(nxt)
        )
        if _is_adverb(lw) or _is_participle(lw):
            # "two increasingly volatile nations", "500 trained soldiers"; but
            # "soldiers recently captured", "troops stationed"
            if head or n or not nxt_is_noun:
                if not (head and "." in head):
                    break
                if not nxt_is_noun:
                    break
            p = wend
            prev_word = lw
            continue
        if lw in _IRREGULAR:
            return w, wend
        plural = len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is"))
        plural = plural and not w.isupper()
        head, head_end = w, wend
        # "Texas towns": a capitalised s-word before a lowercase plural is a modifier
        if plural and not (w[0].isupper() and nxt.endswith("s") and nxt_is_noun):
            return head, head_end
        prev_word = lw
        p = wend
    return head, head_end


# ------------------------------------------------------------------------ main


def _left_hedge(seg: str, start: int) -> tuple[str, bool, int, tuple[str, ...]] | None:
    """(qualifier, near, hedge start, hedge words) for a hedge right before ``start``."""
    p = start
    while p and seg[p - 1] in " \t\u00a0":
        p -= 1
    if p and seg[p - 1] in "~≈":
        return "approx", False, p - 1, ("~",)
    if p and seg[p - 1] in "<>≤≥":
        ch = seg[p - 1]
        return ("at_most" if ch in "<≤" else "at_least"), False, p - 1, (ch,)
    if not start or not seg[start - 1].isspace():
        return None
    lo = max(0, start - 60)
    # Every hedge ends with a word of _HEDGE_LAST: look at the last word (the same one
    # _LEFT_WORDS finds, as str.split and \s agree on white space) before the rest.
    tail = seg[lo:start].split()
    if not tail:
        return None
    last = tail[-1].lower()
    if last not in _HEDGE_LAST and last.lstrip("(“\"'‘—–") not in _HEDGE_LAST:
        return None
    spans = [(mm.start(), mm.group(0)) for mm in _LEFT_WORDS.finditer(seg, lo, start)]
    spans = spans[-_MAX_HEDGE_WORDS:]
    words = [w.lower() for _, w in spans]
    for k in range(len(words), 0, -1):
        key = tuple(words[-k:])
        first_start = spans[-k][0]
        head = key[0].lstrip("(“\"'‘—–")
        if head != key[0]:
            first_start += len(key[0]) - len(head)
            key = (head, *key[1:])
        hit = _LEFT_HEDGES.get(key)
        if hit is None:
            continue
        # a hedge is not cut by punctuation: "About, 8,000" / "over. 3,000"
        inner = seg[first_start:start]
        if any(c in inner for c in ",;:!?") or ("." in inner and not key[-1].endswith(".")):
            continue
        return hit[0], hit[1], first_start, key
    return None


def _interval(value: float, qualifier: str, near: bool) -> tuple[float | None, float | None]:
    if qualifier == "approx":
        return _r(value * 0.9), _r(value * 1.1)
    if qualifier == "at_least":
        return _r(value), (_r(value * 1.1) if near else None)
    if qualifier == "at_most":
        return (_r(value * 0.9) if near else None), _r(value)
    return _r(value), _r(value)


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity stated in ``text[start:end]``, in order, with absolute offsets.

    Each has its value, head-noun unit, qualifier (exact, approx, at_least, at_most,
    vague) and implied interval ``low``..``high``; see the module docstring for the
    rules. ``text[q.start:q.end] == q.text`` always holds.
    """
    if end is None:
        end = len(text)
    seg = text[start:end]
    low = aligned_lower(seg)
    out: list[Quantity] = []
    pos = 0
    search = _CORE.search
    while True:
        m = search(low, pos)
        if m is None:
            break
        num = _parse_at(seg, low, m)
        if num is None or _excluded(seg, m, num):
            pos = m.end()
            continue
        built = _build(seg, low, m, num)
        if built is None:
            pos = m.end()
            continue
        qs, qe, value, lo, hi, qualifier, unit, consumed = built
        out.append(Quantity(seg[qs:qe], qs + start, qe + start, value, lo, hi, qualifier, unit))
        pos = max(consumed, m.end())
    return out


def _range(
    seg: str,
    low: str,
    m: re.Match[str],
    num: _Num,
    before: list[str],
    currency: str | None,
) -> tuple[float, float, int, str | None] | str | None:
    """A range "X to Y" / "X-Y" / "X or Y" / "between X and Y" starting at ``num``."""
    rm = _RANGE.match(seg, num.end)
    if rm is None:
        return None
    word = rm.group("word")
    if word == "and" and not (before and before[-1] == "between"):
        return None
    if (
        word == "to"
        and before
        and before[-1] == "from"
        and any(w in _CHANGE_VERBS for w in before[:-1])
    ):
        return None  # "rose from 8,000 to 12,000" is a change, not a range
    if rm.group("dash") and not num.is_digits:
        return None
    p = rm.end()
    cur2 = None
    if seg[p : p + 1] in _CURRENCY_SIGN:
        cur2 = _CURRENCY_SIGN[seg[p]]
        p += 1
    m2 = _CORE.match(low, p)
    if m2 is None:
        return None
    n2 = _parse_at(seg, low, m2)
    if n2 is not None and _TIME_AFTER.match(seg, n2.end):
        return "time"  # "2 or 3 o'clock"
    if n2 is None or n2.kind != "num" or n2.is_digits != num.is_digits or _excluded(seg, m2, n2):
        return None
    if cur2 and currency and cur2 != currency:
        return None
    v1, v2 = num.value, n2.value
    # "1.5 to 2 million", "10-12 thousand": the second number's scale carries back
    if num.end == m.end() and n2.end > m2.end() and m2.group("d"):
        scale = v2 / float(m2.group("d").replace(",", ""))
        if scale in (100.0, 1e3, 1e6, 1e9, 1e12) and v1 * scale <= v2:
            v1 *= scale
    if not v1 < v2:
        return None
    return v1, v2, n2.end, cur2 or currency


def _build(
    seg: str, low: str, m: re.Match[str], num: _Num
) -> tuple[int, int, float, float | None, float | None, str, str, int] | None:
    """Hedge, range, unit and interval around a parsed number; None if not a quantity."""
    e = num.end
    currency = _currency_before(seg, num.start) if num.kind == "num" else None
    span_start = _currency_start(seg, num.start) if currency else num.start
    qualifier, near, qs = "exact", False, span_start
    hedge = _left_hedge(seg, span_start)
    if hedge is not None:
        qualifier, near, qs, _key = hedge
    before = [w.lower() for w in _left_words(seg, qs, 3)]
    value = num.value
    lo: float | None = None
    hi: float | None = None
    is_range = False
    if num.kind == "num":
        rng = _range(seg, low, m, num, before, currency)
        if rng == "time":
            return None
        if rng is not None:
            lo, hi, e, currency = rng
            value = (lo + hi) / 2
            is_range = True
            if before and before[-1] == "between" and hedge is None:
                qs = _left_word_start(seg, qs)

    unit = ""
    unit_end = e
    # attached hedges: "10,000+", "1,000-plus", "40-odd"
    rh = _RIGHT_HEDGE.match(seg, e)
    if rh and (rh.group("plus") or (rh.group("so") and rh.group(0).lstrip()[:1] == "-")):
        qualifier, near = _apply_right(rh, qualifier, near, hedge is not None or is_range)
        e = unit_end = rh.end()
        rh = None
    pm = _PERCENT.match(seg, e)
    dm = None if pm else _temperature(seg, e)
    if dm:
        unit, unit_end = dm
    elif pm:
        unit = "per cent" if pm.group("pct") else " ".join(pm.group("pp").lower().split())
        unit = "basis points" if unit == "bps" else unit
        unit_end = pm.end()
    elif currency:
        unit = currency
    elif e < len(seg) and seg[e] in "-‐‑":
        # "three-year war", "10-kilometre zone", "48-hour"
        hw = _ALPHA_WORD.match(seg, e + 1)
        if hw is None:
            pass
        elif (num.is_digits and hw.group(0).islower()) or hw.group(0).lower().split("-")[
            0
        ] in _COMPOUND_WORD_UNITS:
            unit = hw.group(0).split("-")[0]
            unit_end = e + 1 + len(unit)
        elif not num.is_digits:
            return None  # "one-sided", "two-thirds", "one-time"
    if not unit:
        rh = _RIGHT_HEDGE.match(seg, e)
        if rh is not None and num.kind == "num":
            qualifier, near = _apply_right(rh, qualifier, near, hedge is not None or is_range)
            e = unit_end = rh.end()
        allow_of = num.kind == "vague" or (not num.is_digits and value >= 2)
        if not allow_of and num.is_digits:
            om = _OF_DET.match(seg, e)
            allow_of = om is not None and om.group(0).split()[-1] != "of"
        unit, ue = _unit_after(seg, e, allow_of)
        if unit:
            unit_end = ue
            if unit.isupper() and unit.lower() in _CURRENCY_CODE:
                unit = _CURRENCY_CODE[unit.lower()]
            elif unit.lower() in ("percent", "per cent"):
                unit = "per cent"
            rh2 = _RIGHT_HEDGE.match(seg, unit_end)
            if rh2 is not None and num.kind == "num" and not rh2.group("plus"):
                qualifier, near = _apply_right(rh2, qualifier, near, hedge is not None or is_range)
    elif currency or pm:
        rh = _RIGHT_HEDGE.match(seg, unit_end)
        if rh is not None and num.kind == "num" and not rh.group("plus"):
            qualifier, near = _apply_right(rh, qualifier, near, hedge is not None or is_range)

    # "over two days": "over" means "during" unless "for/in/after over"
    if (
        hedge is not None
        and hedge[3] == ("over",)
        and unit.lower() in _TIME_UNITS
        and (not before or before[-1] not in _OVER_MEANS_MORE)
    ):
        qualifier, near, qs = "exact", False, span_start
    # "one" counts only a noun: not "one of", "the one", "one hand", "one day"
    if not num.is_digits and num.kind == "num" and not is_range and m.group("w") == "one":
        lb = _left_words(seg, qs, 1)
        lb_l = lb[-1].lower() if lb else ""
        ul = unit.lower()
        if not unit or lb_l in _ONE_BEFORE_STOP or ul in _ONE_UNIT_STOP:
            return None
        if ul == "day" and lb_l not in _ONE_DAY_OK:
            return None

    if num.kind == "vague":
        qualifier = "vague"
        assert num.vague is not None
        lo, hi = num.vague
    elif is_range:
        if qualifier == "exact":
            qualifier = "approx"
        if qualifier == "at_least":
            hi = None
        elif qualifier == "at_most":
            lo = None
        lo, hi = _r(lo), _r(hi)
    else:
        lo, hi = _interval(value, qualifier, near)
    qe = max(unit_end, e)
    return qs, qe, float(value), lo, hi, qualifier, unit, e


def _apply_right(rh: re.Match[str], qualifier: str, near: bool, hedged: bool) -> tuple[str, bool]:
    """Qualifier from a hedge after the number; a hedge before it wins."""
    if hedged:
        return qualifier, near
    if rh.group("plus") or rh.group("more") or rh.group("counting"):
        return "at_least", False
    if rh.group("so"):
        return "approx", False
    if rh.group("less"):
        return "at_most", False
    return qualifier, near


def _left_word_start(seg: str, pos: int) -> int:
    """Start of the word before ``pos`` (skipping spaces)."""
    p = pos
    while p and seg[p - 1].isspace():
        p -= 1
    while p and not seg[p - 1].isspace():
        p -= 1
    return p


_ALPHA_WORD = re.compile(r"[A-Za-z]+(?:-old)?")
_TIME_UNITS = _words(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    decade decades night nights
    """
)
_OVER_MEANS_MORE = _words(
    """
    for in after of lasting lasted took take takes than spanning last lasts within only just
    """
)
