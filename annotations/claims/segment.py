"""Sentences of scraped news text, with what each one is: body text, a headline,
scraping debris, an author bio, or a truncated snippet.

Tokens come from spaCy's English tokenizer (no model download). Sentence breaks
are rule-based: terminal punctuation followed by a capital, digit, quote or line
end, and always at a line end, since scraped text puts one paragraph on a line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import spacy
from spacy.language import Language

Role = Literal["body", "headline", "debris", "bio", "truncated"]

_TERMINAL = {".", "!", "?", "…", "...", "?!", "!?"}
_TERMINAL_CHAR = re.compile(r"[.!?…]")  # every _TERMINAL token ends in one of these
_CLOSERS = set("\"'”’»)]")
_OPENERS = set("\"'“‘«([")

# Whole lines that scraping leaves behind.
_DEBRIS_LINE = re.compile(
    r"^\W*(?:read more|read next|share(?: this(?: article)?)?|continue reading|"
    r"advertisement|sponsored|subscribe\b.*|sign up\b.*|follow us\b.*|"
    r"image credit\b.*|photo credit\b.*|(?:photo|image|picture|credit)s?:.*|"
    r"click here\b.*|related:?.*|(?:read (?:more|next|also)|see also|also read)\s*:.*|"
    r"tags?:.*|about the author|"
    r"all rights reserved.*|copyright\b.*|©.*|print|email|comments?|exit mobile version|"
    r"skip to (?:main )?content|back to top|jump to\b.*|loading\W*|listen to (?:this )?article)"
    r"\W*$",
    re.IGNORECASE,
)
# Debris at the end of a line: "… Continue reading", "Read More".
_TRAILING_DEBRIS = re.compile(
    r"(?:[\s…]*(?:continue reading|read more|read the full story|full story)\W*)$", re.IGNORECASE
)
_BIO_HEADER = re.compile(r"^\W*about the authors?\W*$", re.IGNORECASE)
_BIO_START = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:is|was|has been|serves as) (?:a|an|the)\b"
    r"[^.]{0,80}\b(?:journalist|reporter|writer|editor|correspondent|columnist|analyst|"
    r"author|contributor|fellow|researcher|veteran|professor|producer)\b"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: code-point offsets into the text, its role, and its line."""

    start: int
    end: int
    text: str
    role: Role
    line: int

    @property
    def is_body(self) -> bool:
        return self.role == "body"


@lru_cache(maxsize=1)
def tokenizer_nlp() -> Language:
    """A blank English pipeline whose tokenizer keeps only abbreviation rules.

    The full special-case table (contractions, emoticons) costs eight times the
    time and changes nothing we use; abbreviations with a period ("Mr.", "U.S.",
    "Jan.") must stay whole so they do not end sentences.
    """
    nlp = spacy.blank("en")
    rules = nlp.tokenizer.rules or {}
    nlp.tokenizer.rules = {k: v for k, v in rules.items() if "." in k and len(k) > 1}
    return nlp


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# spaCy tokenizes each run of non-space characters on its own (its first step is a
# split on whitespace), so only the runs that hold terminal punctuation, and the runs
# after them, need tokenizing; the tokens of a run are cached by its text.
_RUN = re.compile(r"\S+")
_RUN_CACHE: dict[str, tuple[tuple[int, int], ...]] = {}
_RUN_CACHE_LIMIT = 100_000


def _run_tokens(run: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the spaCy tokens of one whitespace-free run."""
    tokens = _RUN_CACHE.get(run)
    if tokens is None:
        doc = tokenizer_nlp().tokenizer(run)
        tokens = tuple((t.idx, t.idx + len(t)) for t in doc)
        if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
            _RUN_CACHE.clear()
        _RUN_CACHE[run] = tokens
    return tokens


def _is_terminal(word: str) -> bool:
    return word in _TERMINAL or (word[-1] in ".…" and word.endswith(("...", "…")))


def _break_after(text: str, base: int, run: str, tokens: tuple, k: int) -> int | None:
    """Where the sentence ends if it ends at token ``k`` of the run at ``base``: after
    the token and any closing quotes or further terminal tokens that follow, provided
    the next token starts a sentence; None if it does not."""
    end = base + tokens[k][1]
    k += 1
    while True:
        for s, e in tokens[k:]:
            word = run[s:e]
            if word not in _CLOSERS and word not in _TERMINAL:
                return end if _starts_sentence(word) else None
            end = base + e
        # the run is used up: what follows it?
        q = base + len(run)
        if q >= len(text):
            return end
        if text[q] != " " or (q + 1 < len(text) and text[q + 1].isspace()):
            return end  # spaCy makes a whitespace token (a line break): a new sentence
        nxt = _RUN.match(text, q + 1)
        if nxt is None:
            return end
        base, run = nxt.start(), nxt.group()
        tokens, k = _run_tokens(run), 0


def _token_breaks(text: str) -> list[int]:
    """Offsets where a sentence may end, from spaCy's tokens: after terminal
    punctuation (and any closing quotes) when the next token starts a sentence.
    Line ends are handled by the caller."""
    breaks: list[int] = []
    last = -1  # terminal tokens up to the last break were consumed by it
    run_end = 0
    for m in _TERMINAL_CHAR.finditer(text):
        p = m.start()
        if p < run_end:
            continue  # a run already looked at
        base = p
        while base and not text[base - 1].isspace():
            base -= 1
        run_end = _RUN.match(text, p).end()
        run = text[base:run_end]
        tokens = _run_tokens(run)
        for k, (s, e) in enumerate(tokens):
            if base + e <= last or run[e - 1] not in ".!?…" or not _is_terminal(run[s:e]):
                continue
            cut = _break_after(text, base, run, tokens, k)
            if cut is not None:
                breaks.append(cut)
                last = cut
    return breaks


def _sentence_bounds(text: str, start: int, end: int, breaks: list[int]) -> list[tuple[int, int]]:
    """Split one line, text[start:end], at the breaks inside it."""
    lo = bisect_right(breaks, start)
    hi = bisect_left(breaks, end)
    out = []
    left = start
    for cut in breaks[lo:hi]:
        s, e = _strip(text, left, cut)
        if s < e:
            out.append((s, e))
        left = cut
    s, e = _strip(text, left, end)
    if s < e:
        out.append((s, e))
    return out


def _starts_sentence(token: str) -> bool:
    first = token[0]
    return first.isupper() or first.isdigit() or first in _OPENERS or not first.isalpha()


def is_headline(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 18:
        return False
    if line.rstrip()[-1] in ".!?”\"’'…:;,":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.6 or len(words) <= 6


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of a text in order, each with its role."""
    sentences: list[Sentence] = []
    breaks = _token_breaks(text)
    in_bio = False
    lines = _line_spans(text)
    for line_no, (line_start, line_end) in enumerate(lines):
        start, end = _strip(text, line_start, line_end)
        if start == end:
            in_bio = False  # a blank line ends a bio section
            continue
        line = text[start:end]
        if _BIO_HEADER.match(line):
            sentences.append(Sentence(start, end, line, "debris", line_no))
            in_bio = True
            continue
        if _DEBRIS_LINE.match(line):
            sentences.append(Sentence(start, end, line, "debris", line_no))
            continue
        if in_bio or _BIO_START.match(line):
            in_bio = True
            for s, e in _sentence_bounds(text, start, end, breaks):
                sentences.append(Sentence(s, e, text[s:e], "bio", line_no))
            continue
        if is_headline(line):
            sentences.append(Sentence(start, end, line, "headline", line_no))
            continue
        # Every trailing-debris phrase contains "read" or "tory", letters that match
        # only themselves case-insensitively: skip the (slow) search without them.
        low = line.lower()
        trailing = _TRAILING_DEBRIS.search(line) if "read" in low or "tory" in low else None
        body_end = end
        if trailing and trailing.start() > 0:
            body_end = start + trailing.start()
            debris_start, _ = _strip(text, body_end, end)
        bounds = _sentence_bounds(text, start, body_end, breaks)
        for k, (s, e) in enumerate(bounds):
            last = k == len(bounds) - 1
            # A line that stops without terminal punctuation was cut by the scraper,
            # unless it is a whole statement (a key point); a cut one keeps what it
            # states in full.
            if last and _truncated(text[s:e], cut_off=True):
                whole = len(bounds) == 1 and trailing is None and _in_list(text, lines, line_no)
                for a, b, role in _salvage(text, s, e, whole=whole):
                    sentences.append(Sentence(a, b, text[a:b], role, line_no))
                continue
            sentences.append(Sentence(s, e, text[s:e], "body", line_no))
        if trailing and trailing.start() > 0 and debris_start < end:
            sentences.append(Sentence(debris_start, end, text[debris_start:end], "debris", line_no))
    return sentences


def _truncated(sentence: str, *, cut_off: bool) -> bool:
    """A snippet cut short: ends in an ellipsis, or (cut_off) without terminal punctuation."""
    tail = sentence.rstrip("\"'”’)] ")
    if tail.endswith(("...", "…")):
        return True
    return cut_off and not tail.endswith((".", "!", "?"))


_LIST_HEADER = re.compile(
    r"^\W*(?:key (?:points|facts|developments|events)|highlights|at a glance|in brief|"
    r"summary|what we know(?: so far)?|the latest|latest)\W*$",
    re.IGNORECASE,
)


def _in_list(text: str, lines: list[tuple[int, int]], line_no: int) -> bool:
    """Whether the line is one of a list of statements without full stops (a live
    blog's key points), not a lone headline: a neighbouring line is one too, or the
    line above heads such a list."""

    def statement(k: int) -> bool:
        if not 0 <= k < len(lines):
            return False
        line = text[lines[k][0] : lines[k][1]].strip()
        return (
            bool(line)
            and line[-1].isalnum()
            and len(_WORD.findall(line)) >= KEY_POINT_WORDS
            and not is_headline(line)
        )

    above = text[lines[line_no - 1][0] : lines[line_no - 1][1]] if line_no else ""
    return bool(_LIST_HEADER.match(above)) or statement(line_no - 1) or statement(line_no + 1)


# Words a cut can fall after that leave the statement unfinished.
_DANGLING = frozenset(
    "a an the of to for and or but nor in on at by from with into onto over under as "
    "than that which who whom whose while since until after before about around during "
    "is are was were be been being has have had will would could should may might must "
    "its their his her our your my this these those said says according".split()
)
_CLAUSE_END = re.compile(r"(?:,|;|:| [-–—]) ")
_WORD = re.compile(r"[\w'’%-]+")
KEY_POINT_WORDS = 6  # a shorter line without a full stop is a label, not a statement
SALVAGE_WORDS = 8  # a cut clause this long still states something whole enough


_SAYS = frozenset({"says", "said", "say"})


def _said_after(words: list[str], breaks: list[tuple[int, int]]) -> bool:
    """ "Six workers have been killed, the district collector says": who says it
    closes the statement, after a comma; it is not cut off."""
    return words[-1].lower() in _SAYS and bool(breaks)


def _salvage(text: str, start: int, end: int, *, whole: bool) -> list[tuple[int, int, Role]]:
    """A sentence the scraper may have cut, as (start, end, role) pieces.

    A line of its own without a full stop that ends on a content word is a key point
    ("AFAD says the toll has risen to 1,650"): body. Otherwise the part before the
    last clause break ("..., officials said, as crews struggled to ...") or, for a
    snippet cut at an ellipsis, a long enough head up to its last content word is
    body, and only the rest is truncated.
    """
    sentence = text[start:end]
    words = _WORD.findall(sentence)
    ends_cut = sentence.rstrip("\"'”’)] ").endswith(("...", "…"))
    breaks = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(sentence)]
    # "..., Kyiv": a word or two after a comma is the start of what was cut off
    last_part = _WORD.findall(sentence[breaks[-1][1] :]) if breaks else words
    if (
        whole
        and not ends_cut
        and len(words) >= KEY_POINT_WORDS
        and len(last_part) >= 3
        and sentence[-1].isalnum()
        and (words[-1].lower() not in _DANGLING or _said_after(words, breaks))
    ):
        return [(start, end, "body")]
    head = tail = None
    for cut, after in reversed(breaks):
        if len(_WORD.findall(sentence[:cut])) >= KEY_POINT_WORDS:
            head, tail = cut, after
            break
    if head is None and ends_cut:
        body = sentence.rstrip("\"'”’)] .…")
        kept = list(_WORD.finditer(body))
        while kept and kept[-1].group().lower() in _DANGLING:
            kept.pop()
        if len(kept) >= SALVAGE_WORDS:
            head = tail = kept[-1].end()
    if head is None:
        return [(start, end, "truncated")]
    a, b = _strip(text, start, start + head)
    c, d = _strip(text, start + tail, end)
    return [(a, b, "body"), (c, d, "truncated")]
