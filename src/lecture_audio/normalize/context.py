"""One pass over the tokens of a text: the tokens, the cursor, what has been said, and what a
position asks for (the word before it, the case a preposition governs, the noun after it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .shapes import CONJ, ROMAN
from .speakable import Findings
from .tokens import Tok

if TYPE_CHECKING:
    from .reader import Reader


class Context:
    """The state of one pass: tokens ``t``, cursor ``i``, output ``out`` and findings ``fd``."""

    def __init__(self, rd: Reader, toks: list[Tok], findings: Findings, code: bool) -> None:
        self.rd, self.t, self.fd, self.code = rd, toks, findings, code
        self.out: list[str] = []
        self.i = 0
        self.decade: tuple[int, str] | None = None  # the last decade read ("lata 80. i 90.") and its case
        self.silent_paren = -1  # the ")" of plain-text math in parentheses: not said, like its "("

    def tok(self, j: int) -> Tok | None:
        return self.t[j] if 0 <= j < len(self.t) else None

    def next_idx(self, j: int, max_space: int = 1) -> int | None:
        """Index of the next non-space token after j, if separated by at most a short space."""
        k = j + 1
        t = self.tok(k)
        if t is not None and t.kind == "space":
            if len(t.text) > max_space or "\n" in t.text:
                return None
            k += 1
        return k if self.tok(k) is not None else None

    def prev_word(self, j: int, skip: bool = True) -> str:
        """The word before token j (lower-case), skipping spaces and transparent words like "godz."
        (and, with ``skip``, a modifier like "min." before a number)."""
        k = j - 1
        while k >= 0:
            t = self.t[k]
            if t.kind == "space":
                k -= 1
                continue
            low = t.text.lower()
            if low in self.rd.transparent:
                k -= 1  # "o godz. 14": the preposition before still decides the case
                continue
            if skip and low in self.rd.g.number_modifiers and self.number_at(j):
                return self.prev_word(k)  # "od min. 1 osoby" -> "od minimum jednej osoby"
            return low if t.kind in ("word", "abbr", "sym") else ""
        return ""

    def number_at(self, j: int) -> bool:
        """Whether token j is a number of some kind (a modifier like "min." before it is skipped)."""
        t = self.tok(j)
        return t is not None and t.kind in ("num", "range", "numw", "frac", "time", "date", "version") or (t is not None and t.text[:1].isdecimal())

    def case_for(self, j: int, ordinal: bool, noun: str | None = None) -> str:
        """Case of the number at token j from the preposition before it (and the noun after it)."""
        if self.code:
            return "nom"  # code is read as written: "-p 8080:80", "range(1, 10)"
        prev = self.prev_word(j)
        if prev == "a":  # "między 2 a 5": the second number takes the case of "między" too
            back = [t.text.lower() for t in self.t[max(0, j - 8) : j] if t.kind == "word"]
            prev = next((w for w in reversed(back) if w in self.rd.g.preps), prev)
        nxt = self.next_idx(j)
        if prev in ("-", "–", "—") and (nxt is None or self.t[nxt].text != "=") and j >= 2 and any(t.kind in ("num", "time") for t in self.t[max(0, j - 4) : j - 1]):
            return "gen"  # "5 - 10 minut", "9:00-17:00": the end of a range
        prep = self.rd.g.preps.get(prev)
        case = (prep[1] if ordinal else prep[0]) if prep else "nom"
        if prep and noun:
            for end, cs in self.rd.g.case_endings.items():
                if noun.lower().endswith(end):
                    return cs
        if prev in self.rd.g.modifier_stops and self.prev_word(j, skip=False) in self.rd.g.number_modifiers:
            return "nom"  # "laptop z min. 16 GB": "z" may be "with", so the number stays as written
        return "nom" if case == "acc" and not ordinal else case

    def emit(self, s: str) -> None:
        if s:
            self.out.append(s)

    def find(self, kind: str, text: str, message: str) -> None:
        self.fd.append((kind, text, message))

    def first_conjunct(self, at: int) -> int:
        """For the second of two coordinated Roman numerals ("XIX i XX w.") the first one's index,
        whose context gives the case of both; otherwise ``at``."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k < 0 or self.t[k].text.lower() not in CONJ:
            return at
        k -= 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        return k if k >= 0 and self.t[k].kind == "word" and ROMAN.match(self.t[k].text) else at

    def word_before_prep(self, at: int) -> str:
        """The word two words before token ``at`` ("wzrost" in "wzrost o 5"), lower-case."""
        spoken_words = [t.text.lower() for t in self.t[max(0, at - 6) : at] if t.kind == "word"]
        return spoken_words[-2] if len(spoken_words) >= 2 else ""

    def after_word(self, at: int) -> bool:
        """Whether a word (not the sentence start, not "rok") comes right before token ``at``."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k >= 1 and self.t[k].text == "." and self.t[k - 1].kind == "num":
            return True  # "lata 60. XX w.": an ordinal with its dot
        return k >= 0 and self.t[k].kind in ("word", "num") and self.t[k].text.lower() not in self.rd.year_words

    @property
    def hour_words(self) -> set[str]:
        """"godz.", "godzina", "godzinie"...: a number after them is an hour."""
        return self.rd.transparent

    def noun_after(self, k: int) -> str | None:
        j = self.next_idx(k)
        t = self.tok(j) if j is not None else None
        return t.text if t is not None and t.kind == "word" else None

    def end_dot(self) -> None:
        """A consumed abbreviation ("r.", "mies.") at the very end also ended the sentence."""
        if self.dot_ends_sentence(self.i):
            self.emit(".")

    def dot_ends_sentence(self, j: int) -> bool:
        """Whether the abbreviation at token j ("r.", "mies.") ends the sentence with its dot."""
        t = self.tok(j)
        if t is None or not t.text.endswith(".") or len(t.text) < 2:
            return False
        k = self.next_idx(j, 99)
        if k is not None and len(self.t[k].text) > 1 and ROMAN.match(self.t[k].text) and self.t[k].text not in self.rd.lex.acronyms:
            return False  # "lab. II", "cz. III": a Roman numeral goes on the sentence
        return k is None or self.t[k].text[:1].isupper()  # the end, or a new sentence follows

    def prev_ns(self, j: int) -> int | None:
        """Index of the non-space token before ``j`` (at most one space between)."""
        k = j - 1
        if self.tok(k) is not None and self.t[k].kind == "space":
            if len(self.t[k].text) > 1 or "\n" in self.t[k].text:
                return None
            k -= 1
        return k if self.tok(k) is not None else None
