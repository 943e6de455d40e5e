"""From written note text to the words a Polish voice says.

One tokenizing regex splits the text (code spans, URLs, e-mails, abbreviations, dates,
times, ranges, numbers, file names, words, symbols); a single left-to-right pass then
turns each token into speech (``read/``), looking at its neighbours for grammatical
context (a preposition before a number, a unit or a month after it). The :class:`Reader`
is built once per lexicon and holds what every pass shares: the grammar, the numerals,
the inflector and the lexicon's spoken forms, with Polish endings on loanwords.
"""

from __future__ import annotations

import re
import unicodedata

from .context import Context
from .diacritics import Restorer, load_data
from .formulas import FormulaWords
from .grammar import Grammar
from .lexicon import Lexicon, WordEntry
from .morphology import Inflector
from .numbers import Numerals
from .read import read_tokens
from .shapes import SIBILANTS, VOWELS
from .speakable import SUPERSCRIPT, Findings, prepare
from .tokens import Tok, token_regex


class Reader:
    """The lecturer's way of reading a note aloud, built once from a lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.g = Grammar.from_dict(lex.grammar)
        self.num = Numerals(lex.grammar)
        self.inflect = Inflector(self.g, lex.units)
        year = lex.abbreviations.get("r.")
        self.year_words = {year.say, *year.cases.values()} if year else set()  # "rok", "roku", "rokiem"
        for key, said in lex.acronyms.items():
            if not said:  # an acronym listed without a spoken form is spelled, but known
                lex.acronyms[key] = self.letters(key)
        # Abbreviations with case forms (godz., r.) and their full forms don't hide a preposition.
        self.transparent: set[str] = set()
        hour = lex.abbreviations.get(self.g.hour_abbreviation)
        if hour is not None:
            self.transparent = {self.g.hour_abbreviation, hour.say, *hour.cases.values()}
        self.abbr_ci = {k.lower(): v for k, v in lex.abbreviations.items()}
        self.undotted_abbr = {v for k in lex.abbreviations if "." not in k for v in (k, k[0].upper() + k[1:])}
        # Irregular written stems given in the lexicon ("stems:"), for inflected forms.
        self.extra_stems = {w: said for e in lex.words.values() for w, said in e.stems.items()}
        self.phrases = self._phrase_index()
        # The first (up to) three letters of every term, acronym and written stem: a quick "cannot be one".
        self._starts = {k.lower()[:3] for k in [*lex.words, *lex.acronyms, *self.extra_stems]}
        # Two-word terms written as one word ("machinelearning"); each part at least 3 letters.
        self.glued = {
            k.replace(" ", ""): e.say for k, e in lex.words.items() if k.count(" ") == 1 and min(map(len, k.split())) >= 3
        }
        self._cache: dict[str, str | None] = {}
        self.plain: set[str] = set()  # words said as written with nothing to report (most Polish words)
        self.token_re = token_regex(lex)
        # Lexicon entries (English terms, acronyms, abbreviations) are right as written.
        self.restorer = Restorer(
            load_data(lex.diacritics),
            keep=lambda w: w.lower() in lex.words or w in lex.acronyms or w.lower() in self.abbr_ci or w.lower() in self.g.months,
        )
        self.formula_words = FormulaWords.from_data(lex.formulas)
        # Words that "x²" turns into ("kwadrat"): still part of a formula in plain text.
        self.power_words = {w for said in self.formula_words.superscripts.values() for w in said.split()}

    def _phrase_index(self) -> dict[str, list[tuple[list[str], str, bool]]]:
        """Multi-token lexicon keys ("data scientist", "CI/CD") indexed by their first token."""
        index: dict[str, list[tuple[list[str], str, bool]]] = {}
        simple = re.compile(r"[^\W_]+|[^\w\s]")
        items = [(k, e.say, False) for k, e in self.lex.words.items()] + [(k, v, True) for k, v in self.lex.acronyms.items()]
        for key, say, exact in items:
            parts = simple.findall(key)
            if len(parts) < 2:
                continue
            index.setdefault(parts[0].lower(), []).append((parts if exact else [p.lower() for p in parts], say, exact))
        for v in index.values():
            v.sort(key=lambda x: -len(x[0]))
        return index

    def speak(self, text: str, findings: Findings | None = None, code: bool = False, written: bool = False) -> str:
        """The spoken form of ``text``; problems are appended to ``findings``.

        ``written`` marks text as the lecturer typed it (not words a rule made up), whose missing
        diacritics are restored.
        """
        fd: Findings = [] if findings is None else findings
        text = SUPERSCRIPT.sub(self._superscript, prepare(text))
        toks = [Tok(self._kind(m), m.group()) for m in self.token_re.finditer(text)]
        if written:
            self._restore_diacritics(toks, fd)
        return read_tokens(Context(self, toks, fd, code))

    def _restore_diacritics(self, toks: list[Tok], findings: Findings) -> None:
        """Words typed without their diacritics ("bedzie") are read with them; check lists each."""
        for r in self.restorer.restore([t.text if t.kind == "word" else " " for t in toks]):
            toks[r.index] = Tok("word", r.restored)
            findings.append(("restored", r.written, f"read as '{r.restored}' (add the diacritics in the note)"))

    def _kind(self, m: re.Match[str]) -> str:
        kind = m.lastgroup or "sym"
        if kind == "plain":  # the fast path: a word, or an abbreviation without a dot ("np", "wg")
            return "abbr" if m.group() in self.undotted_abbr else "word"
        return kind

    def _superscript(self, m: re.Match[str]) -> str:
        """"m²" stays a unit when the lexicon has it; otherwise "x²" -> "x^2" (a power)."""
        if m.group() in self.lex.units:
            return m.group()
        power = unicodedata.normalize("NFKC", m.group(2)).replace("−", "-")  # "10⁻⁴" -> "10^-4"
        named = self.formula_words.superscripts.get(power)  # "R²" -> "R kwadrat", as in $R^2$
        after_paren = m.start() > 0 and m.string[m.start() - 1] in ")]"  # "(y - ŷ)²" -> "... kwadrat"
        return f"{m.group(1)} {named} " if named and (m.group(1) or after_paren) else m.group(1) + "^" + power

    def letters(self, s: str) -> str:
        """Spell ``s`` with Polish letter names ("CPU" -> "ce pe u")."""
        out = []
        for ch in s:
            if ch.isdecimal():
                out.append(self.num.cardinal(int(ch)))
            else:
                out.append(self.lex.letters.get(ch.upper(), self.lex.letters.get(ch, ch.lower())))
        return " ".join(out)

    def join_ending(self, spoken: str, ending: str) -> str:
        """Attach a Polish ending to a spoken stem ("em el" + "a" -> "em ela", "gie pe u" + "ach" -> "gie pe ujach")."""
        if not ending:
            return spoken
        if spoken and spoken[-1] in VOWELS and ending[0] in VOWELS and ending[0] != "i":
            return spoken + "j" + ending
        return spoken + ending

    def lookup(self, word: str) -> str | None:
        """Spoken form of a lexicon word or acronym, with a Polish ending kept ("MLOpsami", "Pythonie")."""
        if word in self._cache:
            return self._cache[word]
        said = self._lookup(word)
        if len(self._cache) < 50_000:  # words repeat a lot in notes; the lexicon is fixed
            self._cache[word] = said
        return said

    def _lookup(self, word: str) -> str | None:
        if word in self.lex.acronyms:
            return self.lex.acronyms[word]
        low = word.lower()
        entry = self.lex.words.get(low)
        if entry is not None:
            return entry.say
        said = self._inflected(word, self.g.endings)
        if said is None and word[1:].islower():
            said = self._prefixed_verb(low) or self._english_plural(low)
        return said

    def _english_plural(self, low: str) -> str | None:
        """An English plural of a lexicon term, said the English way: "commits" -> "komits", "caches" -> "keszis"."""
        if len(low) < 5 or not low.endswith("s") or low.endswith("ss"):
            return None
        if low.endswith("es") and low[-3] in "hxsz" and (entry := self.lex.words.get(low[:-2])) is not None:
            return entry.say + "is"  # "batches", "indexes"
        entry = self.lex.words.get(low[:-1])
        if entry is None:
            return None
        return entry.say + ("is" if entry.say.endswith(SIBILANTS) else "s")

    def _inflected(self, word: str, endings: frozenset[str]) -> str | None:
        """A lexicon term (or acronym) + a Polish ending from ``endings`` ("Pythonem", "MLa", "deployowałem")."""
        low = word.lower()
        if low[:3] not in self._starts and low[:2] not in self._starts and low[:1] not in self._starts:
            return None  # no lexicon term or acronym starts like this (most Polish words): nothing to split
        # Try every split stem+ending, longest stem first (endings are short: only the last few).
        for k in range(len(word) - 1, max(0, len(word) - self.g.max_ending - 1), -1):
            stem, ending = word[:k], low[k:]
            if ending not in endings or not word[k:].islower() or not self.ending_fits(stem, ending):
                continue
            if ending in self.g.slang_endings and (k < 4 or stem.lower() not in self.lex.words):
                continue  # "upnę", "spiknąć" are Polish: only a whole longer term takes "-nąć" ("pushnę")
            if stem in self.lex.acronyms:
                return self.join_ending(self.lex.acronyms[stem], ending)
            said = self._word_stem(stem.lower()) or self._changed_stem(stem.lower(), ending)
            if said is not None:
                return self.join_ending(said, ending)
        return None

    def _changed_stem(self, stem: str, ending: str) -> str | None:
        """A stem changed by the ending: "overfitt|uje" (a doubled consonant before a verb ending) and
        "Jav|ie", "Jir|ę" (a feminine term in -a); each only with its own endings, so "kotlinna" stays Polish."""
        if ending in self.g.verb_endings and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            doubled = self.lex.words.get(stem[:-1])
            if doubled is not None:
                return doubled.say
        if ending in self.g.a_stem_endings:
            a_stem = self.lex.words.get(stem + "a")
            if a_stem is not None and a_stem.say.endswith("a"):
                return a_stem.say[:-1]
        return None

    def ending_fits(self, stem: str, ending: str) -> bool:
        """Whether a Polish ending may follow this written stem ("Dockerze" yes; "nodze", "macie" no)."""
        last = stem[-1:].lower()
        need = self.g.ending_after.get(ending)
        if need is not None and last not in need:
            return False
        return not ending.startswith(self.g.ending_not_after.get(last, ()))

    def _prefixed_verb(self, low: str) -> str | None:
        """A Polish verb prefix + an English verb stem + a verb ending: "zdeployować" -> "zdiplojować".

        Only verb endings count, so a Polish word that happens to start with a prefix and a
        lexicon term ("zapis", "domain") is left alone.
        """
        if not low.endswith(self.g.verb_ending_tuple):
            return None  # most words: no verb ending, nothing to try
        for prefix in self.g.verb_prefixes:
            if low.startswith(prefix) and len(low) - len(prefix) >= 6:
                said = self._inflected(low[len(prefix) :], self.g.verb_endings)
                if said is not None:
                    return prefix + said
        return None

    def _word_stem(self, stem: str) -> str | None:
        """Spoken stem for a written stem of a loanword, allowing a silent final e and alternations."""
        entry: WordEntry | None = self.lex.words.get(stem)
        if entry is not None:
            return entry.say
        silent_e = self.lex.words.get(stem + "e")  # "offlin|ie" from "offline", "pipelin|u"
        if silent_e is not None:
            return silent_e.say[:-1] if silent_e.say.endswith("e") else silent_e.say
        for written, alt in self.g.alternations.items():  # "scientiś|ci" from "scientist"
            if stem.endswith(alt):
                e = self.lex.words.get(stem[: -len(alt)] + written)
                if e is not None and e.say.endswith(written):
                    return e.say[: -len(written)] + alt
        return self.extra_stems.get(stem)
