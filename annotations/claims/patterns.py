"""Regular-expression helpers the engine's modules share."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored by common prefixes: far faster to scan
    than a flat "a|b|c" when there are many words."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        optional = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return build(root)


def aligned_lower(text: str) -> str:
    """`text.lower()` with the same length, so offsets into one index the other: the
    few characters that lower-case to two ("İ") are left as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
