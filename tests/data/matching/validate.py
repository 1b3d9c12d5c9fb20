"""Check the hand-labelled claim-matching sets in this directory.

Usage: python3 tests/data/matching/validate.py
Checks, for every set (each folder here with a pairs.jsonl): article files are
UTF-8 with LF endings and no trailing spaces; every quote in pairs.jsonl occurs
exactly once in its file, within one line; relations are valid; no unordered pair
is listed twice.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
RELATIONS = {"agree", "conflict", "related"}
KEYS = {"a", "b", "relation", "note"}


def check_set(name):
    errors = []
    root = HERE / name
    texts = {}
    for path in sorted(root.glob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        if "\r" in text:
            errors.append(f"{path.name}: CR characters")
        for n, line in enumerate(text.split("\n"), 1):
            if line != line.rstrip():
                errors.append(f"{path.name}:{n}: trailing whitespace")
        if not text.endswith("\n"):
            errors.append(f"{path.name}: no final newline")
        if not 1500 <= len(text) <= 5000:
            errors.append(f"{path.name}: {len(text)} characters")
        texts[path.name] = text
    seen = set()
    counts = Counter()
    within = 0
    lines = (root / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        where = f"{name}/pairs.jsonl:{n}"
        obj = json.loads(line)
        if set(obj) != KEYS:
            errors.append(f"{where}: keys {sorted(obj)}")
            continue
        if obj["relation"] not in RELATIONS:
            errors.append(f"{where}: relation {obj['relation']!r}")
        ends = []
        for side in ("a", "b"):
            f, q = obj[side]["file"], obj[side]["quote"]
            ends.append((f, q))
            if f not in texts:
                errors.append(f"{where}: no file {f}")
                continue
            c = texts[f].count(q)
            if c != 1:
                errors.append(f"{where}: quote occurs {c} times in {f}: {q!r}")
            if "\n" in q:
                errors.append(f"{where}: quote spans lines: {q!r}")
            if re.search(r"[.!?][\"”’]?\s+[A-Z“‘]", q):
                errors.append(f"{where}: quote seems to cross a sentence: {q!r}")
            if len(q.split()) < 8:
                errors.append(f"{where}: quote under 8 words: {q!r}")
        key = frozenset(ends)
        if len(key) < 2:
            errors.append(f"{where}: pair links a quote to itself")
        if key in seen:
            errors.append(f"{where}: duplicate pair")
        seen.add(key)
        counts[obj["relation"]] += 1
        within += ends[0][0] == ends[1][0]
    summary = (
        f"{name}: {len(texts)} articles, {len(lines)} pairs "
        f"({', '.join(f'{r} {counts[r]}' for r in sorted(RELATIONS))}; "
        f"within-document {within})"
    )
    return errors, summary


def main():
    failed = False
    names = sorted(p.parent.name for p in HERE.glob("*/pairs.jsonl"))
    for name in names:
        errors, summary = check_set(name)
        print(summary)
        for e in errors:
            print("  ERROR", e)
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
