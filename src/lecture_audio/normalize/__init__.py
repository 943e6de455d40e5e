"""Normalization: written Polish notes in, the words a Polish speaker says out.

PLACEHOLDER CONTRACT - being replaced by the full normalizer (issue 4).
The public names below are what the rest of the pipeline uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from num2words import num2words


@dataclass(frozen=True)
class Finding:
    """Something the normalizer could not resolve with confidence."""

    kind: str  # e.g. "unknown-acronym", "digits-left", "symbol-left", "guessed"
    text: str  # the written token
    message: str


@dataclass
class Lexicon:
    """Spoken forms of abbreviations and loanwords, built-in plus the lecturer's."""

    entries: dict[str, str]


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The built-in lexicon extended (and overridden) by the lecturer's YAML files."""
    return Lexicon(entries={"ML": "em el", "DS": "de es", "MLOps": "em el ops"})


class Normalizer:
    """Turns readable note text into spoken Polish."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def split_sentences(self, text: str) -> list[str]:
        """Split readable text into sentences; a newline always ends one."""
        out: list[str] = []
        for block in text.splitlines():
            out += [s for s in re.split(r"(?<=[.!?])\s+", block.strip()) if s]
        return out

    def normalize(self, text: str) -> str:
        """The spoken form of ``text`` ("" when nothing in it is spoken)."""
        text = text.replace("`", "")
        text = re.sub(r"\d+", lambda m: num2words(int(m.group()), lang="pl"), text)
        for key, spoken in self.lexicon.entries.items():
            text = re.sub(rf"\b{re.escape(key)}", spoken, text)
        return re.sub(r"\s+", " ", text).strip()

    def check(self, text: str) -> list[Finding]:
        """What in ``text`` the normalizer could not resolve."""
        return []
