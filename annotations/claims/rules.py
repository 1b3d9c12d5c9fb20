"""Rule features of a sentence or clause: what makes it a checkable claim, or not.

`analyse(text)` returns them all at once from one pass over the words (set lookups,
not one regular expression per cue: this runs on every sentence of every document).
Cues come from how news states facts (numbers, attributions, dated events,
superlatives) and everything else (opinion, questions, predictions).
"""

from __future__ import annotations

import re

from annotations.claims.patterns import trie

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Quoted passages: a curly or straight double quote pair with some words inside.
_QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")

# Predictions and guesses. Case matters for "may" (the month) and "will" (the name),
# so these are looked up among the words as written.
_SPECULATION_WORDS = frozenset(
    "could might may would will shall probably possibly perhaps potentially foresee "
    "foresees predict predicts predicted anticipate anticipates seem seems seemed "
    "likely unlikely".split()
)
_SPECULATION_PHRASES = (
    "expected to",
    "set to",
    "poised to",
    "threatens to",
    "threatening to",
    "plans to",
    "intends to",
    "aims to",
    "appears to",
    "appear to",
    "is believed to be",
)
_FIRST_PERSON = frozenset("i i'm i’m i've i’ve my me mine we our ours us".split())
_OPINION_WORDS = frozenset(
    "boggles boggle astonishing shocking outrageous disgraceful shameful clearly "
    "undoubtedly should must ought unfortunately sadly hopefully alarming worrying "
    "troubling underscores underscore signifies heightens heightened".split()
)
_OPINION_PHRASES = (
    "nothing short of",
    "it is clear",
    "it is obvious",
    "it is time",
    "need to",
    "needs to",
    "it is important",
    "it is essential",
    "it is crucial",
    "raised concerns",
    "raises concerns",
    "raise concerns",
    "raised questions",
    "raises questions",
    "highlights the",
    "signals a",
    "represents a",
    "a new layer",
    "is a reminder",
    "remains to be seen",
    "closely watching",
    "closely monitoring",
    "assessing the implications",
    "in my view",
    "in our view",
    "is highly concerning",
)
_SUPERLATIVES = frozenset(
    "largest biggest highest lowest smallest longest shortest fastest slowest deadliest "
    "worst best most least record unprecedented doubled tripled halved twice "
    "outnumber outnumbered outnumbers".split()
)
_COMPARATIVES = frozenset(
    "larger bigger higher lower smaller longer shorter faster slower more fewer less".split()
)
# analyse() looks for these only in text with "tim", "than" or "since" in it
_COMPARISON_PHRASES = ("first time", "since world war", "than ever", "times as", "times more")
_SINCE_YEAR = re.compile(r"\bsince (?:19|20)\d\d\b")
# Irregular past forms common in news; regular ones end in -ed.
_PAST = frozenset(
    "sent met won lost began took gave led fled hit struck shot built fought caught held "
    "left made paid put ran said saw sold spent told wrote flew rose fell broke seized "
    "signed launched captured killed arrived kept brought bought came went found got "
    "grew knew became stood drove overran".split()
)

_CLAUSE_SPLIT = re.compile(r"(?:,\s+but\s+(?!also\b)|;\s+|,\s+while\s+(?=[a-z]))")
_MIN_CLAUSE_WORDS = 6


def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Matches where any of the phrases starts (only whether one does is used)."""
    return re.compile(trie(phrases))


_SPECULATION_RE = _alternation(_SPECULATION_PHRASES)
_OPINION_RE = _alternation(_OPINION_PHRASES)
_COMPARISON_RE = _alternation(_COMPARISON_PHRASES)
_CASED_MODALS = re.compile(r"\b(?:may|will)\b")  # not "May" (month) nor "Will" (name)
_REGULAR_PAST = re.compile(r"[a-z]{3}ed\b")
_AUXILIARIES = frozenset("has have had was were is are been".split())
_PARTICIPLE = re.compile(r"\b(?:has|have|had|was|were|is|are|been) (?:\w+ )?\w+(?:en|wn)\b")
_CAPITAL_INSIDE = re.compile(r"\s[A-Z]")


def analyse(text: str) -> dict[str, bool]:
    """All rule features of a sentence or clause."""
    lower = text.lower()
    words = set(_WORD.findall(lower))
    quoted = ("“" in text or '"' in text) and bool(_QUOTE.search(text))
    if quoted:
        # Opinion and hedging inside a quotation are the speaker's, not the writer's.
        outside = _QUOTE.sub(" ", text)
        outside_lower = outside.lower()
        outside_words = set(_WORD.findall(outside_lower))
    else:
        outside, outside_lower, outside_words = text, lower, words
    modals = _SPECULATION_WORDS & outside_words
    if modals & {"may", "will"}:
        modals = (modals - {"may", "will"}) | set(_CASED_MODALS.findall(outside))
    return {
        "question": text.rstrip("\"'”’) ").endswith("?"),
        # every speculation phrase has "to " in it; the substring test is far cheaper
        "speculation": bool(modals)
        or ("to " in outside_lower and bool(_SPECULATION_RE.search(outside_lower))),
        "opinion": bool(_FIRST_PERSON & outside_words)
        or bool(_OPINION_WORDS & outside_words)
        or bool(_OPINION_RE.search(outside_lower)),
        "comparison": bool(_SUPERLATIVES & words)
        or (bool(_COMPARATIVES & words) and " than " in lower)
        or (
            ("tim" in lower or "than" in lower or "since" in lower)
            and bool(_COMPARISON_RE.search(lower))
        )
        or ("since " in lower and bool(_SINCE_YEAR.search(lower))),
        "quote": quoted or text.lstrip().startswith(("“", '"')),
        "event": bool(_CAPITAL_INSIDE.search(text))
        and bool(
            _PAST & words
            or _REGULAR_PAST.search(lower)
            or (_AUXILIARIES & words and _PARTICIPLE.search(lower))
        ),
    }


def is_question(text: str) -> bool:
    return analyse(text)["question"]


def is_speculation(text: str) -> bool:
    """A prediction or a guess: modal verbs and hedged futures outside quotations."""
    return analyse(text)["speculation"]


def is_opinion(text: str) -> bool:
    """Commentary: first person outside quotations, or evaluative language."""
    return analyse(text)["opinion"]


def is_comparison(text: str) -> bool:
    return analyse(text)["comparison"]


def has_direct_quote(text: str) -> bool:
    return analyse(text)["quote"]


def is_event(text: str) -> bool:
    """Something happened, with an actor: an event verb and a named entity."""
    return analyse(text)["event"]


def opens_quote(text: str) -> bool:
    """The sentence opens a quotation it does not close (it continues after)."""
    opens = text.count("“") + (text.count('"') % 2)
    closes = text.count("”")
    return opens > closes


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses that can each be a claim ("X happened, but Y may
    follow"); a split is kept only when both sides are long enough to stand alone."""
    sentence = text[start:end]
    if "," not in sentence and ";" not in sentence:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    left = 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        piece, rest = sentence[left : m.start()], sentence[m.end() :]
        if len(piece.split()) >= _MIN_CLAUSE_WORDS and len(rest.split()) >= _MIN_CLAUSE_WORDS:
            parts.append((start + left, start + m.start()))
            left = m.end()
    parts.append((start + left, end))
    return parts
