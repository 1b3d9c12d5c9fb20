"""A first, rule-based engine: a sentence that states a number or reports what someone
said becomes a suggested span. The claims-engine issue replaces it with a trained one."""

from __future__ import annotations

import re

from annotations.claims.base import Proposal

# A sentence ends at . ! ? (optionally followed by a closing quote) before white space,
# or at a line break.
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?][\"'”’)]*(?=\s)|$)", re.MULTILINE)
_NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|"
    r"billion|dozens?)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(?:according to|said|says|told|confirmed|reported|stated|estimated|revealed|claimed|"
    r"announced)\b",
    re.IGNORECASE,
)
_DEBRIS = re.compile(
    r"^(?:read more|share\.?|continue reading|image credit|advertisement)\b", re.IGNORECASE
)
_OPINION = re.compile(r"\?\s*$|\b(?:could|might|may|is likely to|boggles)\b", re.IGNORECASE)
_MIN_WORDS = 6


class SimpleEngine:
    name = "simple"
    version = "1"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.version}"

    def propose(self, text: str) -> list[Proposal]:
        proposals: list[Proposal] = []
        for match in _SENTENCE.finditer(text):
            raw = match.group(0)
            stripped = raw.strip()
            if not stripped or _DEBRIS.match(stripped) or len(stripped.split()) < _MIN_WORDS:
                continue
            if stripped.endswith("...") or stripped.endswith("…") or _OPINION.search(stripped):
                continue
            has_number = bool(_NUMBER.search(stripped))
            has_attribution = bool(_ATTRIBUTION.search(stripped))
            if not (has_number or has_attribution):
                continue
            start = match.start() + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            kind = "statistic" if has_number else "attribution"
            score = 0.5 + 0.25 * has_number + 0.2 * has_attribution
            proposals.append(Proposal(start=start, end=end, kind=kind, score=round(score, 3)))
        return proposals
