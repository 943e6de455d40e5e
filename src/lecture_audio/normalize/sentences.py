"""Sentence splitting that knows Polish abbreviations and numbers ("np.", "3.", "21.03.2025")."""

from __future__ import annotations

import re
from typing import Collection

# A candidate boundary: end punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)\s+")
_LAST_TOKEN = re.compile(r"(\S+)$")
_LEADING = re.compile(r"^[(\[\"'„“«]+")


class SentenceSplitter:
    """Splits readable text into sentences as written."""

    def __init__(self, abbreviations: Collection[str], final: Collection[str]) -> None:
        # Compare lower-case: "Np." at a sentence start is the same abbreviation.
        self.abbreviations = {a.lower() for a in abbreviations}
        self.final = {a.lower() for a in final}
        self.spaced = [a for a in self.abbreviations if " " in a and a.endswith(".")]  # "m. in.", "sp. z o.o."

    def _ends_here(self, before: str, punct: str, after: str) -> bool:
        """Whether the punctuation ``punct`` closing ``before`` ends a sentence, given the text ``after``."""
        if not after:
            return True
        upper = after[0].isupper()
        if "?" in punct or "!" in punct:
            return True
        if punct in ("...", "…") or len(punct) > 1:
            return upper or after[0].isdigit()  # an ellipsis inside a sentence is a pause
        tail = (before + ".").lower()
        for abbr in self.spaced:
            if tail.endswith(abbr) and (len(tail) == len(abbr) or not tail[-len(abbr) - 1].isalnum()):
                return abbr in self.final and upper
        m = _LAST_TOKEN.search(before)
        token = _LEADING.sub("", m.group(1) if m else "") + "."
        low = token.lower()
        if low in self.abbreviations:
            return low in self.final and upper
        if re.fullmatch(r"\d+\.|\d{1,2}\.\d{2}\.", token):
            return upper or after[0].isdigit()  # "3. etap" is an ordinal, "w 2024. Potem" ends
        if re.fullmatch(r"[A-ZĄĆĘŁŃÓŚŹŻ]\.", token):
            return False  # an initial: "J. Kowalski"
        if re.fullmatch(r"\w\.", token) and after[0].islower():
            return False  # a one-letter abbreviation: "m. in.", "p. 5"
        return True

    def split(self, text: str) -> list[str]:
        """Sentences as written; a newline always ends a sentence; empty ones are dropped."""
        out: list[str] = []
        for line in text.splitlines():
            start = 0
            for m in _BOUNDARY.finditer(line):
                if self._ends_here(line[start : m.start(1)], m.group(1), line[m.end() :]):
                    out.append(line[start : m.end(2)])
                    start = m.end()
            out.append(line[start:])
        return [s for s in (x.strip() for x in out) if s]
