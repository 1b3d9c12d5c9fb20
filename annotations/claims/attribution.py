"""Who a news sentence says said it: the speaker or source and the reporting cue.

``find_attribution(text, start, end)`` returns the main attribution of the clause
``text[start:end]``, or None. Rule-based, pure Python (no Django, no spaCy).

Cues, in the order a reader would weigh them (the first one found outside quotation
marks wins, scanning left to right):

- a reporting verb with its subject before it: "South Korea's Intelligence Service
  confirmed that …", "US Secretary of State Antony Blinken has warned …", "…, the
  ISW said.", "“…,” Healey added." (said, says, told, confirmed, estimated, revealed,
  reported, warned, claimed, announced, stated, noted, added, emphasized, mentioned,
  assessed, suggested, indicated, described, pointed out…). An auxiliary ("has
  warned") and adverbs ("specifically pointed to") may stand between them. An
  appositive subject is kept whole: "Anton Blinken, the US Secretary of State, said".
  A list subject too: "The US, South Korea, and the Pentagon have all warned".
- a reporting verb with its subject after it: "…,” said Pentagon spokesman John Kirby."
- "according to X", "cited by X", "quoted by X", "per X" (X a name), and passive
  reporting with an agent: "was reported by Reuters".
- "told X": the addressee is part of the cue ("told the Financial Times").
- a quotation closed by ``”, X.`` with no verb (a scraping slip): the speaker is X
  and the cue is the closing quotation mark.

Cues inside quotation marks belong to the quoted speaker and are skipped. Pronoun
speakers ("He said") are returned as written. A passive without an agent ("it was
revealed that") is not an attribution. Speakers keep their determiner ("the ISW") and
parenthesised acronyms ("Ukraine's military intelligence (HUR)").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from annotations.claims.patterns import aligned_lower, trie

__all__ = ["Attribution", "find_attribution"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one blank-separated string."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker (``start``..``end``) and its cue (``cue_start``..``cue_end``).

    Offsets are code-point indices into the full text.
    """

    speaker: str
    cue: str
    start: int
    end: int
    cue_start: int
    cue_end: int

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the issue: speaker, cue, start, end (the speaker's offsets)."""
        return {"speaker": self.speaker, "cue": self.cue, "start": self.start, "end": self.end}


_CUE_VERBS = _words(
    """
    said says say told tells confirmed confirms estimated estimates estimate revealed
    reveals reported reports warned warns claimed claims announced announces stated states
    noted notes added adds emphasized emphasised emphasizes emphasises stressed stresses
    mentioned mentions explained explains insisted insists acknowledged acknowledges
    admitted admits alleged alleges asserted asserts argued argues assessed assesses
    believes believe wrote writes tweeted declared declares disclosed discloses indicated
    indicates indicate suggested suggests suggest observed observes concluded concludes
    denied denies testified described describes commented remarked cautioned cautions
    predicted predicts projected reiterated reiterates maintained maintains contended
    contends recalled recounted conceded concedes affirmed affirms informed briefed
    specified underlined underscored highlighted highlights
    """
)
# Words that are nouns as often as verbs: a verb only when followed by "that", a name,
# a determiner or a number ("Ukraine reports a slowing"), never after a determiner.
_AMBIGUOUS = _words(
    """
    reports claims estimates estimate states notes says believe suggest indicate highlights
    """
)
# Verbs that report speech only in a tag or before "that": "Healey added." but not
# "the deployment has added a new layer".
_WEAK = _words(
    """
    added adds noted notes highlights highlighted underlined underscored maintained
    maintains observed observes recalled specified informed briefed concluded concludes
    """
)
_BE = frozenset({"is", "was", "were", "are", "be", "been", "being", "'s", "’s"})
_AUX = frozenset({"has", "have", "had", "also", "all", "both", "previously", "again",
                  "repeatedly", "reportedly", "publicly", "later", "earlier", "separately",
                  "specifically", "recently", "once", "further", "then", "now",
                  "subsequently", "ultimately", "privately", "already", "explicitly",
                  "openly", "first", "last", "just", "never", "often", "only", "would",
                  "will"})  # fmt: skip
_DETERMINERS = _words(
    """
    the a an its his her their our this these those some several many two three four five
    six seven eight nine ten one both each any other another
    """
)
_NP_PREPS = frozenset({"of", "for", "on", "at", "in", "from", "to", "de", "du", "al", "von"})
_STOP = _words(
    """
    that which who whom whose while as but or nor when where after before because if
    although though since despite however meanwhile then is was were are be been being has
    have had will would could can may might should must shall do does did to by with into
    than so yet not no there here also even according amid during until unless whether once
    about against over under between through across without within upon it itself him them
    us me you i we they she he said says told reported per via like including such just only
    still now already
    """
)
# Capitalised words that start a sentence or clause rather than a name.
_CAP_STOP = _words(
    """
    in on at despite however meanwhile but and or when while after before although though as
    if since because so yet then now also still even earlier later last this that these
    those it there here speaking asked according amid following separately additionally
    moreover furthermore instead overall today yesterday elsewhere by with for from to of
    during until under over through among within without upon nor not no once where whether
    why how what which who whose unlike like given citing quoting reportedly notably indeed
    thus hence besides regardless ultimately initially finally first second third
    """
)
_TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec
    """
)
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you", "one"})
_SOURCE_NOUNS = _words(
    """
    official officials source sources spokesperson spokesman spokeswoman spokespeople report
    reports media press agency agencies ministry ministries government governments
    intelligence assessment assessments police authorities authority president minister
    ministers secretary ambassador envoy diplomat diplomats analyst analysts expert experts
    researcher researchers study studies survey surveys data figures estimates statement
    statements military army navy command commander commanders general generals officer
    officers soldier soldiers troops council committee office department service services
    institute agency watchdog observers observer monitor monitors witnesses witness
    residents resident journalist journalists reporter reporters correspondent newspaper
    outlet broadcaster network leader leaders chief head director staff team aides aide
    adviser advisers advisor senator lawmakers lawmaker legislators parliament kremlin
    pentagon prosecutors prosecutor court judge investigators investigation documents
    document footage video videos images satellite bloggers blogger channel channels
    governor mayor spokesmen representative representatives delegation coalition alliance
    administration ministry's company firm group groups organization organisation union bank
    survey poll polls census projections forecasts economists scientists doctors medics
    prisoner prisoners captive defector defectors veteran veterans activists activist
    campaigners critics supporters people person man woman men women
    """
)
_AGENT_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ent", "ents",
                   "ant", "ants", "ary", "aries")  # fmt: skip

_TITLES = (
    "Mr Mrs Ms Dr Gen Lt Col Sgt Sen Rep Gov Prof Jr Sr Maj Adm Capt Cmdr Brig St Pres Amb Gens"
)
# Initialisms and titles are tried only before a capital (the lookahead keeps the
# scan fast: these alternatives would otherwise be tried at every token).
_TOKEN = re.compile(
    r"(?=[A-Z])(?:(?:[A-Z]\.){2,}|(?:" + trie(_TITLES.split()) + r")\.(?=\s))"
    r"|[^\W_]+(?:[-’'][^\W_]+)*[’']?"
    r"|[^\w\s]"
)


# Scanned over the lower-cased text: is there any cue at all?
_PREFILTER = re.compile(
    r"\b" + trie([*_CUE_VERBS, "according", "cited", "quoted", "per", "pointed"]) + r"\b|[”\"]"
)
_QUOTE_MARK = re.compile(r"[“”\"]")
# Tokens (lower-cased) that can start a cue in find_attribution's scan.
_TRIGGERS = _CUE_VERBS | {"according", "cited", "quoted", "per", "pointed"}
_CLOSE_Q = "”’»"


class _Tok:
    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int, low: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = low


def _is_cap(tok: _Tok) -> bool:
    t = tok.text
    return t[:1].isupper() or (t[:1].isdigit() and any(c.isupper() for c in t))


def _is_word(tok: _Tok) -> bool:
    return tok.text[:1].isalnum()


def _is_adverb(tok: _Tok) -> bool:
    return tok.low.endswith("ly") and len(tok.low) > 4 and tok.text.islower()


def _quoted(seg: str) -> list[tuple[int, int]]:
    """Sorted character ranges inside quotation marks (an unmatched mark runs to the edge)."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open: int | None = None
    for m in _QUOTE_MARK.finditer(seg):
        i = m.start()
        ch = seg[i]
        if ch == "“":
            open_at = i
        elif ch == "”":
            regions.append((0 if open_at is None else open_at, i))
            open_at = None
        elif straight_open is None:
            straight_open = i
        else:
            regions.append((straight_open, i))
            straight_open = None
    if open_at is not None:
        regions.append((open_at, len(seg)))
    if straight_open is not None:
        # a lone straight quote: closing if a tag follows (", X said"), else opening
        rest = seg[straight_open + 1 :].lstrip()
        if rest[:1] in (",", "") or (not regions and straight_open > len(seg) // 2):
            regions.append((0, straight_open))
        else:
            regions.append((straight_open, len(seg)))
    regions.sort()
    return regions


def _inside(pos: int, regions: list[tuple[int, int]], starts: list[int]) -> bool:
    """Is ``pos`` inside one of the sorted ``regions`` (``starts`` are their starts)?"""
    k = bisect_right(starts, pos)
    # regions may nest when marks are unbalanced; look back over a few
    return any(regions[j][0] <= pos <= regions[j][1] for j in range(max(0, k - 3), k))


def _head_ok(tok: _Tok) -> bool:
    """Can ``tok`` end a speaker noun phrase?"""
    if tok.text == ")":
        return True
    if _is_cap(tok):
        return tok.low not in _CAP_STOP or tok.low in _PRONOUNS
    low = tok.low.rstrip("’'")
    if low.endswith(("’s", "'s")):
        return False
    return low in _SOURCE_NOUNS or low in _PRONOUNS or low.endswith(_AGENT_SUFFIXES)


def _np_back(toks: list[_Tok], j: int) -> int | None:
    """Start index of the speaker noun phrase that ends at token ``j`` (inclusive)."""
    if j < 0:
        return None
    if toks[j].low in _PRONOUNS:
        return j
    k = j
    first = j + 1
    in_list = False
    count = 0
    while k >= 0 and count < 16:
        tok = toks[k]
        text = tok.text
        low = tok.low
        if text == ")":
            # a parenthesised acronym: "(HUR)"
            o = k - 1
            while o >= 0 and o >= k - 5 and toks[o].text != "(":
                o -= 1
            if o < 0 or toks[o].text != "(" or o == k - 1:
                break
            first = o
            k = o - 1
            count += 1
            continue
        if text == ",":
            if in_list and k > 0 and _is_cap(toks[k - 1]) and first <= j:
                first = k
                k -= 1
                continue
            break
        if not _is_word(tok):
            break
        if _is_cap(tok):
            if low in _DETERMINERS:  # "The", "A", "This"
                first = k
                break
            if low in _CAP_STOP:
                break
            first = k
        elif low in _DETERMINERS:
            first = k
            # "… and the Pentagon": keep walking through a list of names;
            # "Institute for the Study of War": through a preposition inside a name
            if (
                k >= 2
                and toks[k - 1].low == "and"
                and (_is_cap(toks[k - 2]) or toks[k - 2].text == ",")
            ):
                k -= 1
                continue
            if k >= 2 and toks[k - 1].low in _NP_PREPS and _is_cap(toks[k - 2]):
                first = k - 1
                k -= 2
                continue
            break
        elif low == "and":
            right_ok = first <= j and (_is_cap(toks[first]) or toks[first].low in _DETERMINERS)
            left = toks[k - 1] if k else None
            if not (right_ok and left is not None and (_is_cap(left) or left.text == ",")):
                break
            in_list = True
            first = k
        elif low in _NP_PREPS:
            # "Secretary of State", "head of Ukraine's military intelligence"
            right_ok = first <= j and (_is_cap(toks[first]) or toks[first].low == "the")
            left = toks[k - 1] if k else None
            if not (right_ok and left is not None and _is_word(left) and left.low not in _STOP):
                break
            first = k
        elif low in _STOP or _is_adverb(tok) or (low in _CUE_VERBS and low not in _AMBIGUOUS):
            break
        else:
            first = k
        k -= 1
        count += 1
    if first > j:
        return None
    # do not start on a connective left over from a list or preposition
    while first <= j and toks[first].low in ("and", ",", "of", "for", "on", "at", "in"):
        first += 1
    return first if first <= j else None


def _np_forward(toks: list[_Tok], i: int, limit: int = 16) -> int | None:
    """End index (inclusive) of a speaker noun phrase starting at token ``i``."""
    n = len(toks)
    k = i
    last: int | None = None
    while k < n and k - i < limit:
        tok = toks[k]
        low = tok.low
        if tok.text == "(":
            c = k + 1
            while c < n and c <= k + 5 and toks[c].text != ")":
                c += 1
            if c >= n or toks[c].text != ")" or last is None:
                break
            last = c
            k = c + 1
            continue
        if not _is_word(tok):
            break
        if _is_cap(tok):
            if low in _CAP_STOP and low not in _DETERMINERS and last is not None:
                break
            last = k
        elif low in _DETERMINERS:
            pass
        elif low in _NP_PREPS or low == "and":
            nxt = toks[k + 1] if k + 1 < n else None
            if last is None or nxt is None or nxt.low in _TIME_WORDS:
                break
            if not (
                _is_cap(nxt) or (nxt.low in _DETERMINERS and k + 2 < n and _is_cap(toks[k + 2]))
            ):
                break
        elif low in _STOP or _is_adverb(tok):
            break
        elif last is not None and (low.endswith(("ed", "ing")) and len(low) > 4):
            break  # "data released by…", "figures showing…"
        else:
            last = k
        k += 1
    return last


def _next_is_object(toks: list[_Tok], k: int) -> bool:
    """After an ambiguous cue: "that", a name, a determiner or a number follows."""
    if k >= len(toks):
        return False
    t = toks[k]
    return (
        t.low == "that"
        or _is_cap(t)
        or t.low in _DETERMINERS
        or t.text[:1].isdigit()
        or t.low in ("about", "around", "nearly", "more", "over", "up", "at", "some")
    )


def _tag_follows(toks: list[_Tok], i: int) -> bool:
    """The cue at ``i`` ends its clause or introduces "that …" / a quotation."""
    if i + 1 >= len(toks):
        return True
    nxt = toks[i + 1].text
    return nxt in ("that", ",", ".", ":", ";", "“", '"', "!", "?") or (
        i > 0 and toks[i - 1].text in (",", "”", '"')
    )


def _make(
    seg: str, offset: int, toks: list[_Tok], s0: int, s1: int, c0: int, c1: int
) -> Attribution:
    a, b = toks[s0].start, toks[s1].end
    ca, cb = toks[c0].start, toks[c1].end
    return Attribution(seg[a:b], seg[ca:cb], a + offset, b + offset, ca + offset, cb + offset)


def _told_object_end(toks: list[_Tok], k: int) -> int:
    """Last token of the addressee after "told" (or ``k - 1`` when there is none)."""
    end = _np_forward(toks, k, limit=7)
    if end is None or toks[k].low in ("that", "him", "her", "them", "us", "me"):
        return k - 1
    return end


def _verb_candidate(seg: str, offset: int, toks: list[_Tok], i: int) -> Attribution | None:
    tok = toks[i]
    n = len(toks)
    cue_end = i
    if tok.low == "pointed":
        if i + 1 < n and toks[i + 1].low in ("out", "to"):
            cue_end = i + 1
        else:
            return None
    if tok.low in ("told", "tells") and i + 1 < n:
        cue_end = max(i, _told_object_end(toks, i + 1))
    if tok.low in _AMBIGUOUS and not _next_is_object(toks, i + 1):
        return None
    if tok.low in _WEAK and not _tag_follows(toks, i):
        return None
    # walk back over adverbs and auxiliaries: "has warned", "specifically pointed"
    j = i - 1
    while j >= 0 and (toks[j].low in _AUX or _is_adverb(toks[j])):
        j -= 1
    if j >= 0 and toks[j].low in _BE:
        # passive: only with an agent, "was reported by Reuters"
        if i + 1 < n and toks[i + 1].low == "by":
            end = _np_forward(toks, i + 2)
            if end is not None and _head_ok(toks[end]):
                return _make(seg, offset, toks, i + 2, end, i, i + 1)
        return None
    if j >= 0 and toks[j].low in _DETERMINERS:
        return None  # "an estimated 92", "the reports"
    if (j >= 0 and toks[j].text == ",") or (j >= 0 and toks[j].text in _CLOSE_Q + '"'):
        if toks[j].text == ",":
            # appositive subject: "Anton Blinken, the US Secretary of State, said"
            s2 = _np_back(toks, j - 1)
            if s2 is not None and s2 >= 2 and toks[s2 - 1].text == ",":
                s1 = _np_back(toks, s2 - 2)
                if (
                    s1 is not None
                    and _head_ok(toks[s2 - 2])
                    and (s1 == 0 or not _is_word(toks[s1 - 1]) or toks[s1 - 1].low in _STOP)
                ):
                    return _make(seg, offset, toks, s1, j - 1, i, cue_end)
        # inverted: "…, said Pentagon spokesman John Kirby."
        if cue_end == i and i + 1 < n:
            end = _np_forward(toks, i + 1)
            if end is not None and _head_ok(toks[end]):
                after = toks[end + 1].text if end + 1 < n else "."
                if not after[:1].isalnum() or toks[end + 1].low in ("on", "in", "at", "who"):
                    return _make(seg, offset, toks, i + 1, end, i, cue_end)
        return None
    if j < 0:
        return None
    start = _np_back(toks, j)
    if start is None:
        if toks[j].low in ("and", "but"):
            # "Zelenskyy raised the possibility…, but stated": the sentence's subject
            k0 = 0
            while k0 < j and not _is_word(toks[k0]):
                k0 += 1
            end = _np_forward(toks, k0, limit=10)
            if end is not None and end < j and _head_ok(toks[end]):
                return _make(seg, offset, toks, k0, end, i, cue_end)
        return None
    if not _head_ok(toks[j]):
        return None
    return _make(seg, offset, toks, start, j, i, cue_end)


def find_attribution(text: str, start: int = 0, end: int | None = None) -> Attribution | None:
    """The main attribution of the clause ``text[start:end]``, or None.

    Returns the speaker (with offsets) and the cue (with ``cue_start``/``cue_end``);
    offsets are absolute. See the module docstring for the cues recognised.
    """
    if end is None:
        end = len(text)
    seg = text[start:end]
    low_seg = aligned_lower(seg)
    if not _PREFILTER.search(low_seg):
        return None
    toks = []
    for m in _TOKEN.finditer(seg):
        a, b = m.span()
        toks.append(_Tok(seg[a:b], a, b, low_seg[a:b]))
    regions = _quoted(seg)
    starts = [a for a, _ in regions]
    n = len(toks)
    for i, tok in enumerate(toks):
        low = tok.low
        if low not in _TRIGGERS:
            continue  # no branch below can fire for this token
        if regions and _inside(tok.start, regions, starts):
            continue
        found: Attribution | None = None
        if (low == "according" and i + 1 < n and toks[i + 1].low == "to") or (
            low in ("cited", "quoted") and i + 1 < n and toks[i + 1].low == "by"
        ):
            e = _np_forward(toks, i + 2)
            if e is not None and _head_ok(toks[e]):
                found = _make(seg, start, toks, i + 2, e, i, i + 1)
        elif low == "per" and i + 1 < n:
            nxt = toks[i + 1]
            name_next = _is_cap(nxt) and nxt.low not in _CAP_STOP
            the_name = nxt.low == "the" and i + 2 < n and _is_cap(toks[i + 2])
            if name_next or the_name:
                e = _np_forward(toks, i + 1)
                if e is not None and _head_ok(toks[e]):
                    found = _make(seg, start, toks, i + 1, e, i, i)
        elif (low in _CUE_VERBS or low == "pointed") and tok.text.islower():
            found = _verb_candidate(seg, start, toks, i)
        if found is not None:
            return found
    return _quote_tag_without_verb(seg, start, toks)


def _quote_tag_without_verb(seg: str, offset: int, toks: list[_Tok]) -> Attribution | None:
    """'“…,” the British Defense Secretary.': the speaker follows the closing quote."""
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.text not in ("”", '"') or i + 1 >= n:
            continue
        k = i + 1
        if toks[k].text == ",":
            k += 1
        if k >= n:
            continue
        e = _np_forward(toks, k)
        if e is None or not _head_ok(toks[e]):
            continue
        ends_clause = e + 1 == n or (e + 2 == n and toks[e + 1].text in ".!")
        if ends_clause and i > 0 and toks[i - 1].text in (",", "!", "?", "."):
            return _make(seg, offset, toks, k, e, i, i)
    return None
