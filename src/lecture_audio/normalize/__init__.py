"""Normalization: written Polish notes in, the words a Polish speaker says out.

Modules: ``lexicon`` (YAML data, user-extensible), ``grammar`` (its grammar tables, typed),
``numbers`` (numerals in cases), ``morphology`` (gender and agreement), ``sentences``
(splitting), ``tokens`` (the tokenizing regex), ``reader`` (one :class:`Reader` per lexicon),
``context`` (one pass over a text's tokens), ``read/`` (the readers, one per kind of token),
``speakable`` (input cleanup and the output character set).
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon, NormalizeError, load_lexicon
from .reader import Reader
from .sentences import SentenceSplitter
from .speakable import finish

__all__ = ["Finding", "Lexicon", "NormalizeError", "Normalizer", "load_lexicon"]


@dataclass(frozen=True)
class Finding:
    """Something the normalizer could not resolve with confidence."""

    kind: str  # "unknown-acronym", "digits-left", "symbol-left", "guessed"
    text: str  # the written token
    message: str


class Normalizer:
    """Turns readable note text into spoken Polish."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        try:
            self._reader = Reader(self.lexicon)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # Only a lecturer's "grammar:" section can get here; it is plain data, checked on use.
            raise NormalizeError(f"the grammar tables are incomplete or malformed: {exc!r}", hint="remove 'grammar:' from your lexicon") from None
        lex = self.lexicon
        dotted_units = [k for k in lex.units if k.endswith(".")]
        self._splitter = SentenceSplitter(
            [*lex.abbreviations, *dotted_units],
            [k for k, a in lex.abbreviations.items() if a.final] + [u for u in dotted_units if u not in lex.abbreviations],
        )

    def split_sentences(self, text: str) -> list[str]:
        """Split readable text into sentences as written; a newline always ends one.

        Abbreviations ("np.", "m.in.") and numbers ("3.", "21.03.2025") do not split;
        an abbreviation that can end a sentence ("itd.") does when a capital follows.
        """
        return self._splitter.split(text)

    def normalize(self, text: str) -> str:
        """The spoken form of ``text`` ("" when nothing in it is spoken). Never raises."""
        try:
            return self._reader.speak(text, written=True)
        except Exception:  # noqa: BLE001 - a bug must not stop a podcast; check() reports it
            return self._fallback(text)

    def check(self, text: str) -> list[Finding]:
        """What in ``text`` the normalizer could not resolve (unknown acronyms, guesses, symbols)."""
        return self.normalize_checked(text)[1]

    def normalize_checked(self, text: str) -> tuple[str, list[Finding]]:
        """:meth:`normalize` and :meth:`check` in one pass over the text."""
        found: list[tuple[str, str, str]] = []
        try:
            spoken = self._reader.speak(text, found, written=True)
        except Exception as exc:  # noqa: BLE001
            found.append(("error", text[:40], f"normalizer failed: {exc!r}"))
            spoken = self._fallback(text)
        seen: set[tuple[str, str]] = set()
        out: list[Finding] = []
        for kind, tok, msg in found:
            if (kind, tok) not in seen:
                seen.add((kind, tok))
                out.append(Finding(kind, tok, msg))
        return spoken, out

    def _fallback(self, text: str) -> str:
        """Speakable remains of ``text`` when the rules failed: letters only."""
        return finish(text, [])
