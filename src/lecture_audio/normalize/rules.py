"""From written note text to the words a Polish voice says.

One tokenizing regex splits the text (code spans, URLs, e-mails, abbreviations, dates,
times, ranges, numbers, file names, words, symbols); a single left-to-right pass then
turns each token into speech, looking at its neighbours for grammatical context
(a preposition before a number, a unit or a month after it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from .formulas import FormulaWords, UnknownCommand, say_formula
from .lexicon import Abbreviation, Lexicon, Unit, WordEntry
from .numbers import Numerals, plural_category
from .speakable import PL_LOWER, SUPERSCRIPT, Findings, finish, prepare
from .tokens import Tok, token_regex

_VOWELS = set("aeiouyąęó")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ACRONYM = re.compile(rf"^([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*|[A-Z]{{2,}})([{PL_LOWER}]*)$")
# Letter groups of English spelling, for check(): not Polish "-cki/-cko" ("niemiecki", "dziecko"), "nie-e"
# ("nieefektywny"), "koo-/zoo-" ("koordynator"); a Polish word list matches it ~1% (the old pattern ~3%).
_FOREIGN = re.compile(r"[qvx]|th|sh|ph|ck(?:$|e|s|l|in)|(?<!ni)ee|(?<![kzr])oo|ow$|ght|tions?$|ay", re.I)
# A capital inside a word: "DataRobot", "iPhone", "XMLParser".
_CAMEL = re.compile(r"[a-ząćęłńóśźż][A-ZĄĆĘŁŃÓŚŹŻ]|[A-ZĄĆĘŁŃÓŚŹŻ]{2}[a-ząćęłńóśźż]{2}")
# Parts of a camelCase name: capitals run ("XML" in "XMLParser"), a capitalized word, a lower-case run.
_CAMEL_PARTS = re.compile(r"[A-ZĄĆĘŁŃÓŚŹŻ]+(?![a-ząćęłńóśźż])|[A-ZĄĆĘŁŃÓŚŹŻ]?[a-ząćęłńóśźż]+")
_SIBILANTS = ("s", "z", "sz", "cz", "ż", "ks", "c")  # a spoken end after which the English plural is "-is"
_NOUN_END = re.compile(r"(ami|ach|om|ą|y|i|e|a|ę)$")
_THOUSANDS_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ROMAN_COMPOUND = re.compile(r"([IVXLC]+)[-‐]([a-ząćęłńóśźż]+)")  # "XIX-wieczny"
_ROMAN_RANGE = re.compile(r"([IVXLC]+)[-‐–]([IVXLC]+)")  # "XX-XXI w."
_SERIES_WORD = re.compile(r"([A-Za-z]+\d*)[-‐](\d{4,5})([A-Za-z]*)")  # "i7-12700K"
_CONJ = {"i", "oraz", "lub", "albo", "a", "czy", "-", "–", "—"}  # joining two numerals that share a noun


def _part(num: Numerals, digits: str) -> str:
    """One part of a dotted or colon-separated number as written: "08" -> "zero osiem", "12" -> "dwanaście"."""
    return num.digits(digits) if digits.startswith("0") and digits != "0" else num.cardinal(int(digits))


def _roman(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals[b] > v else v
    return total


class Speaker:
    """The token-to-speech rules, built once from a lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        g = lex.grammar
        self.num = Numerals(g)
        self.months = {m: i + 1 for i, m in enumerate(g["months"])}
        self.preps: dict[str, list[str]] = g["prepositions"]
        self.case_endings: dict[str, str] = g["case_endings"]
        self.feminine = {_NOUN_END.sub("", w) for w in g["feminine"]}  # stems: "osob" for osoby/osobami
        self.verb_endings = set(g.get("verb_endings", ()))
        self.verb_ending_tuple = tuple(self.verb_endings)
        self.a_stem_endings = set(g.get("a_stem_endings", ()))
        self.slang_endings = set(g.get("slang_verb_endings", ()))
        self.endings = set(g["endings"]) | self.verb_endings | self.slang_endings
        self.max_ending = max(map(len, self.endings), default=0)
        # Longest first, so "prze" is tried before "p"-less shorter prefixes would match ("przeskalować").
        self.verb_prefixes = sorted(set(g.get("verb_prefixes", ())), key=len, reverse=True)
        self.ending_after: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in g.get("ending_after", {}).items()}
        self.ending_not_after: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in g.get("ending_not_after", {}).items()}
        self.alternations: dict[str, str] = g.get("alternations", {})
        self.ord_suffixes: dict[str, list[str]] = g.get("ordinal_suffixes", {})
        self.prefixes = {int(k): v for k, v in g.get("compound_prefixes", {}).items()}
        self.roman_nouns = tuple(g.get("roman_nouns", ()))
        self.roman_after = set(g.get("roman_after", ()))
        self.say: dict[str, str] = g["say"]
        self.hour_followers = set(g.get("hour_followers", ()))
        self.amount_words = tuple(g.get("amount_words", ()))
        self.virile_endings = tuple(g.get("virile_endings", ()))
        self.virile_nouns = {w.lower() for w in [*g.get("virile_nouns", ()), *g.get("virile_nouns_extra", ())]}
        self.virile_suffixes = tuple(g.get("virile_suffixes", ()))
        self.not_virile = set(g.get("not_virile", ()))
        self.version_words = set(g.get("version_words", ()))
        self.time_preps = set(g.get("time_prepositions", ()))
        self.number_modifiers = set(g.get("number_modifiers", ()))
        self.modifier_stops = set(g.get("modifier_stops", ()))
        self.branch_prefixes = set(g.get("branch_prefixes", ()))
        self.star_after = set(g.get("star_after", ()))
        self.port_words = tuple(g.get("port_words", ()))
        self.millicore_before = set(g.get("millicore_before", ()))
        self.time_units = set(g.get("time_units", ()))
        self.compound_tails = tuple(g.get("compound_tails", ()))
        year = lex.abbreviations.get("r.")
        self.year_words = {year.say, *year.cases.values()} if year else set()  # "rok", "roku", "rokiem"
        self.version_signs = set(g.get("version_signs", ()))
        self.phone_words = set(g.get("phone_words", ()))
        self.series_not_after = set(g.get("series_not_after", ()))
        self.date_not_after = set(g.get("date_not_after", ()))
        self.decimal_after = set(g.get("decimal_after", ()))
        self.decade_words: dict[str, str] = g.get("decade_words", {})
        self.numbered_nouns = tuple(g.get("numbered_nouns", ()))
        self.ratio_words = set(g.get("ratio_words", ()))
        self.locative_units = set(g.get("locative_units", ()))
        self.roman_before: dict[str, list[str]] = g.get("roman_before", {})
        self.feminine_suffixes = tuple(g.get("feminine_suffixes", ()))
        self.locative_preps = set(g.get("locative_prepositions", ()))
        self.not_nouns = set(g.get("not_nouns", ())) | set(self.preps)
        self.genitive_plural: dict[str, str] = g.get("genitive_plural", {})
        alternations: dict[str, str] = g.get("locative_alternations", {})
        self.locative_alternations = dict(sorted(alternations.items(), key=lambda kv: -len(kv[0])))  # "dzie" before "zie"
        self.phone_followers = set(g.get("phone_followers", ()))
        self.one_letter_words = set(g.get("one_letter_words", ()))
        self.id_words = {w.lower() for w in g.get("id_words", ())}
        self.letter_ordinal_suffixes = set(g.get("letter_ordinal_suffixes", ()))
        self.value_signs = set(g.get("value_signs", ()))
        for key, said in lex.acronyms.items():
            if not said:  # an acronym listed without a spoken form is spelled, but known
                lex.acronyms[key] = self.letters(key)
        # Abbreviations with case forms (godz., r.) and their full forms don't hide a preposition.
        self.transparent: set[str] = set()
        hour = lex.abbreviations.get(g.get("hour_abbreviation", "godz."))
        if hour is not None:
            self.transparent = {g.get("hour_abbreviation", "godz."), hour.say, *hour.cases.values()}
        self.abbr_ci = {k.lower(): v for k, v in lex.abbreviations.items()}
        self.undotted_abbr = {v for k in lex.abbreviations if "." not in k for v in (k, k[0].upper() + k[1:])}
        # Irregular written stems given in the lexicon ("stems:"), for inflected forms.
        self.extra_stems = {w: said for e in lex.words.values() for w, said in e.stems.items()}
        self._phrases = self._phrase_index()
        # The first (up to) three letters of every term, acronym and written stem: a quick "cannot be one".
        self._starts = {k.lower()[:3] for k in [*lex.words, *lex.acronyms, *self.extra_stems]}
        # Two-word terms written as one word ("machinelearning"); each part at least 3 letters.
        self.glued = {
            k.replace(" ", ""): e.say for k, e in lex.words.items() if k.count(" ") == 1 and min(map(len, k.split())) >= 3
        }
        self._cache: dict[str, str | None] = {}
        self.plain: set[str] = set()  # words said as written with nothing to report (most Polish words)
        self.token_re = token_regex(lex)
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

    # ------------------------------------------------------------------ entry point

    def speak(self, text: str, findings: Findings | None = None, code: bool = False) -> str:
        """The spoken form of ``text``; problems are appended to ``findings``."""
        fd: Findings = [] if findings is None else findings
        text = SUPERSCRIPT.sub(self._superscript, prepare(text))
        toks = [Tok(self._kind(m), m.group()) for m in self.token_re.finditer(text)]
        run = _Run(self, toks, fd, code)
        return run.go()

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

    # ------------------------------------------------------------------ helpers used by a run

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
        if spoken and spoken[-1] in _VOWELS and ending[0] in _VOWELS and ending[0] != "i":
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
        said = self._inflected(word, self.endings)
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
        return entry.say + ("is" if entry.say.endswith(_SIBILANTS) else "s")

    def _inflected(self, word: str, endings: set[str]) -> str | None:
        """A lexicon term (or acronym) + a Polish ending from ``endings`` ("Pythonem", "MLa", "deployowałem")."""
        low = word.lower()
        if low[:3] not in self._starts and low[:2] not in self._starts and low[:1] not in self._starts:
            return None  # no lexicon term or acronym starts like this (most Polish words): nothing to split
        # Try every split stem+ending, longest stem first (endings are short: only the last few).
        for k in range(len(word) - 1, max(0, len(word) - self.max_ending - 1), -1):
            stem, ending = word[:k], low[k:]
            if ending not in endings or not word[k:].islower() or not self.ending_fits(stem, ending):
                continue
            if ending in self.slang_endings and (k < 4 or stem.lower() not in self.lex.words):
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
        if ending in self.verb_endings and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            doubled = self.lex.words.get(stem[:-1])
            if doubled is not None:
                return doubled.say
        if ending in self.a_stem_endings:
            a_stem = self.lex.words.get(stem + "a")
            if a_stem is not None and a_stem.say.endswith("a"):
                return a_stem.say[:-1]
        return None

    def ending_fits(self, stem: str, ending: str) -> bool:
        """Whether a Polish ending may follow this written stem ("Dockerze" yes; "nodze", "macie" no)."""
        last = stem[-1:].lower()
        need = self.ending_after.get(ending)
        if need is not None and last not in need:
            return False
        return not ending.startswith(self.ending_not_after.get(last, ()))

    def _prefixed_verb(self, low: str) -> str | None:
        """A Polish verb prefix + an English verb stem + a verb ending: "zdeployować" -> "zdiplojować".

        Only verb endings count, so a Polish word that happens to start with a prefix and a
        lexicon term ("zapis", "domain") is left alone.
        """
        if not low.endswith(self.verb_ending_tuple):
            return None  # most words: no verb ending, nothing to try
        for prefix in self.verb_prefixes:
            if low.startswith(prefix) and len(low) - len(prefix) >= 6:
                said = self._inflected(low[len(prefix) :], self.verb_endings)
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
        for written, alt in self.alternations.items():  # "scientiś|ci" from "scientist"
            if stem.endswith(alt):
                e = self.lex.words.get(stem[: -len(alt)] + written)
                if e is not None and e.say.endswith(written):
                    return e.say[: -len(written)] + alt
        return self.extra_stems.get(stem)

    def names_people(self, word: str) -> bool:
        """Whether a genitive plural names men or mixed people ("programistów", "frontendowców")."""
        low = word.lower()
        return low in self.virile_nouns or (low.endswith(self.virile_suffixes) and low not in self.not_virile)

    def feminine_locative(self, word: str) -> bool:
        """Whether ``word`` is the locative singular of a known feminine noun ("epoce" from
        "epoka", "minucie", "iteracji"): its stem with the consonant alternation undone."""
        low = word.lower()
        for end, stem_end in self.locative_alternations.items():
            if low.endswith(end):
                return low[: -len(end)] + stem_end in self.feminine
        return False

    def gender_of(self, word: str, count: int) -> str:
        """Guess the grammatical gender of the noun after a number."""
        low = word.lower()
        if word in self.lex.units:
            return self.lex.units[word].gender
        if word.isupper():
            return "m"  # "1 MLE", "2 GPU": an acronym's ending says nothing
        if _NOUN_END.sub("", low) in self.feminine or low.endswith("ści") or low.endswith(self.feminine_suffixes):
            return "f"
        if count in (0, 1):
            # "-a" is also masculine genitive ("1 kota", "10. dnia"), so only -ja/-ość count as feminine.
            if low.endswith(("ja", "ość")):
                return "f"
            if low.endswith(("o", "e", "ę", "um")):
                return "n"
        return "m"


def _adjective_gender(noun: str) -> str:
    """The gender an adjective before ``noun`` takes, from its ending ("tzw. metoda" -> f).

    Nominative endings: -a is feminine, -o/-e/-ę/-um neuter (and -e also the
    plural of most nouns, which takes the same adjective form), anything else
    masculine.
    """
    low = noun.lower()
    if low.endswith("a") and not low.endswith(("ista", "ysta")):  # "kolega", "analityka": rare exceptions
        return "f"
    if low.endswith(("o", "e", "ę", "um")):
        return "n"
    return "m"


class _Run:
    """One pass over the tokens of a text."""

    def __init__(self, sp: Speaker, toks: list[Tok], findings: Findings, code: bool) -> None:
        self.sp, self.t, self.fd, self.code = sp, toks, findings, code
        self.out: list[str] = []
        self.i = 0
        self._decade: tuple[int, str] | None = None  # the last decade read ("lata 80. i 90.") and its case
        self._silent_paren = -1  # the ")" of plain-text math in parentheses: not said, like its "("

    # --- navigation ----------------------------------------------------------------

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
            if low in self.sp.transparent:
                k -= 1  # "o godz. 14": the preposition before still decides the case
                continue
            if skip and low in self.sp.number_modifiers and self._number_at(j):
                return self.prev_word(k)  # "od min. 1 osoby" -> "od minimum jednej osoby"
            return low if t.kind in ("word", "abbr", "sym") else ""
        return ""

    def _number_at(self, j: int) -> bool:
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
            prev = next((w for w in reversed(back) if w in self.sp.preps), prev)
        nxt = self.next_idx(j)
        if prev in ("-", "–", "—") and (nxt is None or self.t[nxt].text != "=") and j >= 2 and any(t.kind in ("num", "time") for t in self.t[max(0, j - 4) : j - 1]):
            return "gen"  # "5 - 10 minut", "9:00-17:00": the end of a range
        prep = self.sp.preps.get(prev)
        case = (prep[1] if ordinal else prep[0]) if prep else "nom"
        if prep and noun:
            for end, c in self.sp.case_endings.items():
                if noun.lower().endswith(end):
                    return c
        if prev in self.sp.modifier_stops and self.prev_word(j, skip=False) in self.sp.number_modifiers:
            return "nom"  # "laptop z min. 16 GB": "z" may be "with", so the number stays as written
        return "nom" if case == "acc" and not ordinal else case

    def emit(self, s: str) -> None:
        if s:
            self.out.append(s)

    def find(self, kind: str, text: str, message: str) -> None:
        self.fd.append((kind, text, message))

    # --- main loop ----------------------------------------------------------------

    def go(self) -> str:
        handlers: dict[str, Callable[[Tok], None]] = {
            "code": self.do_code,
            "math": self.do_math,
            "url": self.do_url,
            "email": self.do_email,
            "emo": lambda t: None,
            "abbr": self.do_abbr,
            "date": self.do_date,
            "time": self.do_time,
            "range": self.do_range,
            "phone": self.do_phone,
            "sci": self.do_sci,
            "version": self.do_version,
            "domain": self.do_domain,
            "path": self.do_path,
            "ident": self.do_ident,
            "num": self.do_num,
            "unit": self.do_unit,
            "frac": self.do_frac,
            "word": self.do_word,
            "numw": self.do_word,
            "space": lambda t: None,
            "sym": self.do_sym,
        }
        while self.i < len(self.t):
            t = self.t[self.i]
            if t.kind == "word" and self.phrase():
                continue
            handlers[t.kind](t)
            self.i += 1
        return finish(" ".join(self.out), self.fd)

    # --- words --------------------------------------------------------------------

    def phrase(self) -> bool:
        """Match a multi-token lexicon entry starting here; the last word may carry an ending."""
        first = self.t[self.i].text
        cands = self.sp._phrases.get(first.lower())
        if not cands:
            return False
        # Collect the following tokens (words and symbols), skipping single spaces.
        seq: list[tuple[int, str]] = []
        j = self.i
        while j < len(self.t) and len(seq) < 8:
            t = self.t[j]
            if t.kind == "space" or (t.text == "_" and not self.code):  # "learning_rate" in prose: a phrase
                if "\n" in t.text:
                    break
                j += 1
                continue
            if t.kind not in ("word", "sym"):
                break
            seq.append((j, t.text))
            j += 1
        for parts, say, exact in cands:
            n = len(parts)
            if len(seq) < n:
                continue
            texts = [s for _, s in seq[:n]]
            if not exact:
                texts = [s.lower() for s in texts]
            if texts[:-1] != parts[:-1]:
                continue
            last, want = texts[-1], parts[-1]
            ending = ""
            if last != want:
                if not last.startswith(want):
                    # "Scientiści" for "scientist": try the alternation via the word rules.
                    spoken_last = None
                    if not exact and len(parts) > 1:
                        entry = self.sp.lex.words.get(want)
                        spoken_last = self.sp.lookup(seq[n - 1][1]) if entry else None
                    if spoken_last is None:
                        spoken_last = self.typo(parts[-1], seq[n - 1][1], say)
                    if spoken_last is None:
                        continue
                    head = say.rsplit(" ", 1)[0] if " " in say else ""
                    self.emit(f"{head} {spoken_last}".strip())
                    self.i = seq[n - 1][0] + 1
                    return True
                ending = last[len(want) :].lstrip("-'’")
                if ending in ("s", "es") and not exact:  # "quick wins", "pull requests", "use cases": English plural
                    self.emit(say + ("is" if say.endswith(_SIBILANTS) else "s"))
                    self.i = seq[n - 1][0] + 1
                    return True
                if ending not in self.sp.endings:
                    continue
            self.emit(self.sp.join_ending(say, ending))
            self.i = seq[n - 1][0] + 1
            return True
        return False

    def typo(self, want: str, written: str, say: str) -> str | None:
        """A phrase whose last word lost its final letter ("Data Scientisy"): keep the ending, report a guess."""
        low, spoken = written.lower(), say.split()[-1]
        if len(want) < 6 or not low.startswith(want[:-1]) or spoken[-1:] != want[-1:]:
            return None
        ending = low[len(want) - 1 :]
        if ending not in self.sp.endings:
            return None
        self.find("guessed", written, f"read as a form of '{want}' (a typo?)")
        return spoken[:-1] + ending

    def do_word(self, t: Tok) -> None:
        fw = self.sp.formula_words
        nxt = self.tok(self.i + 1)
        if nxt is not None and nxt.text in ("(", "[") and not self.code:
            # "Var(X)", "log(x)", "max(0, x)" -> "wariancja X"...; "E[X]" -> "wartość oczekiwana X"
            word = fw.functions.get(t.text) if nxt.text == "(" else fw.plain.get(f"{t.text}[")
            close = self.math_parens(self.i + 1, nxt.text) if word else None
            if word and close is not None:
                self.emit(word)
                self._silent_paren = close
                self.i += 1
                return
        said = fw.before_paren.get(t.text)
        if said and self.tok(self.i + 1) is not None and self.t[self.i + 1].text == "(":
            close = next((k for k in range(self.i + 2, min(len(self.t), self.i + 30)) if self.t[k].text == ")"), None)
            if close is not None:  # "O(n log n)" -> "o duże od n log n"
                self.emit(said)
                self._silent_paren = close
                self.i += 1
                return
        self.emit(self.word(t.text, at=self.i))

    def word(self, w: str, at: int | None = None) -> str:
        """Spoken form of one word token (letters, maybe digits and hyphens)."""
        sp = self.sp
        if at is not None and len(w) == 2 and re.fullmatch(r"[a-wA-W]x", w) and self.in_formula(at):
            return f"{w[0]} x"  # "y = ax + b": a coefficient times x (before the cache: "ax" alone is a word)
        if w in sp.plain:
            return w
        if w in sp.lex.emoticons:
            return ""
        said = sp.lookup(w)
        if said is not None:
            return said
        if len(w) == 1 and w in sp.lex.letters and not w.isascii():
            if w == "Σ" and at is not None and self.sums(at):
                return sp.formula_words.plain["sum"]  # "Σ (y_i - ŷ_i)²", "Σ x_i": a sum
            return sp.lex.letters[w]  # Greek letters etc.
        if len(w) <= 2 and (marked := self.marked_letter(w)) is not None:
            return marked  # "ŷ" -> "y z daszkiem", "x̄" -> "x z kreską"
        if len(w) > 2 and not w[0].isascii() and w[0].lower() not in PL_LOWER and w[0] in sp.lex.letters and w[1:].isalpha() and w[1:].isascii():
            return f"{sp.lex.letters[w[0]]} {self.word(w[1:], at)}"  # "ΔAUC" -> "delta a u ce", "Δloss"
        if 2 <= len(w) <= 3 and w.isalpha() and any(not c.isascii() and c in sp.lex.letters and c.lower() not in PL_LOWER for c in w):
            # a Greek letter glued to a variable: "βv", "ηv", "λx" -> "beta v"
            return " ".join(sp.lex.letters[c] if not c.isascii() and c in sp.lex.letters else c for c in w)
        if "-" in w or "‐" in w:
            if (said := self.letter_ordinal(w)) is not None:
                return said  # "n-ty" -> "enty", "k-tego" -> "katego"
            parts = re.split(r"-", w)
            if self.minus_word(w):
                return f"{self.word(parts[0])} {sp.formula_words.plain.get('minus', sp.say['minus'])} {self.word(parts[1])}"  # "n-1", "1-p"
            if m := re.fullmatch(r"(\d+)[-‐]([a-ząćęłńóśźż]+)", w):
                if self.code and m.group(2) not in sp.ord_suffixes:
                    return f"{sp.num.cardinal(int(m.group(1)))} {self.word(m.group(2))}"  # "3.11-slim": a tag, not "jedenastoslim"
                return self.number_compound(int(m.group(1)), m.group(2))
            if at is not None and (m := _ROMAN_RANGE.fullmatch(w)) and _ROMAN.match(m.group(1)) and _ROMAN.match(m.group(2)):
                nxt = self.next_idx(at)
                if nxt is not None and self.t[nxt].text.lower() in sp.roman_after:  # "XX-XXI w."
                    first = sp.num.ordinal(_roman(m.group(1)), self.ordinal_case(at, self.t[nxt].text))
                    return f"{first}, {self.ordinal_with_noun(_roman(m.group(2)), at, nxt)}"
            if (m := _ROMAN_COMPOUND.fullmatch(w)) and _ROMAN.match(m.group(1)) and m.group(1) not in sp.lex.acronyms:
                return self.roman_compound(_roman(m.group(1)), m.group(2))  # "XIX-wieczny" -> "dziewiętnastowieczny"
            if (m := _SERIES_WORD.fullmatch(w)) and self.series_name(m.group(1), m.group(2)):
                said = self.series(m.group(2))  # "i7-12700K" -> "i siedem dwanaście siedemset ka"
                if said is not None:
                    return " ".join(filter(None, [self.word(m.group(1)), said, m.group(3) and self.acronym(m.group(3))]))
        if re.search(r"[-‐'’]", w):
            parts = re.split(r"[-‐'’]", w)
            head, ending = "-".join(parts[:-1]), parts[-1]
            if ending in sp.endings:
                base = sp.lookup(head)
                if base is None and ending in sp.verb_endings:
                    # "zmerge'ować", "zrebase'ować": a Polish prefix on an English verb written with an apostrophe
                    for prefix in sp.verb_prefixes:
                        if head.lower().startswith(prefix) and len(head) - len(prefix) >= 4 and (said := sp.lookup(head[len(prefix) :])) is not None:
                            if said.endswith("e") and ending[0] in _VOWELS:
                                said = said[:-1]
                            base = prefix + said
                            break
                if base is None and _ACRONYM.match(head):
                    base = self.acronym(head)
                if base is None and len(head) >= 3 and head.isalpha() and (_CAMEL.search(head) or w[len(head)] in "'’"):
                    base = self.word(head)  # "FooBar'a", "trace'y": an unknown (English) word, reported, with its ending
                    if base.endswith("e") and ending[0] in _VOWELS:
                        base = base[:-1]  # an English silent e: "Adobe'a" -> "adoba", not "adobeja"
                if base is not None:
                    return sp.join_ending(base, ending)
            joiner = f" {sp.say['range']} " if all(p[:1].isdecimal() for p in parts) and len(parts) == 2 else " "
            return joiner.join(filter(None, (self.word(p) for p in parts)))
        if any(c.isdecimal() for c in w):
            return self.alnum(w, at)
        if at is not None and (said := self.roman_before_noun(w, at)) is not None:
            return said
        if at is not None and _ROMAN.match(w) and (len(w) > 1 or w != "I"):
            nxt = self.next_idx(at)
            if nxt is not None and self.t[nxt].text.lower() in sp.roman_after:
                return self.ordinal_with_noun(_roman(w), at, nxt)
            if len(w) > 1 and (said := self.coordinated_roman(_roman(w), at)) is not None:
                return said
        if at is not None and re.fullmatch(r"[IVX]+", w) and _ROMAN.match(w) and w not in sp.lex.acronyms:
            said = self.roman(w, at)
            if said:
                return said
        m = _ACRONYM.match(w)
        if m and m.group(2) == "s":  # English plural "CPUs": Polish speakers say the acronym
            return self.acronym(m.group(1))
        if m and (not m.group(2) or m.group(2) in sp.endings):
            stem, ending = m.groups()
            if not ending and len(stem) >= 4 and stem.isalpha() and self.pronounceable(stem):
                self.find("guessed", w, f"read as the word '{stem.lower()}'; if it is spelled, add it to the lexicon (acronyms)")
                return stem.lower()
            self.find("unknown-acronym", stem, f"spelled '{sp.letters(stem)}'; add it to the lexicon (acronyms) if said otherwise")
            return sp.join_ending(sp.letters(stem), ending)
        if 2 <= len(w) <= 4 and w.isascii() and not set(w.lower()) & _VOWELS and len(set(w.lower())) == len(w):
            # "pl", "mp", "ssh" in lower case: no vowel, so no Polish word; spell it ("ml" in an address: as "ML").
            if w.upper() in sp.lex.acronyms:
                return sp.lex.acronyms[w.upper()]
            self.find("unknown-acronym", w, f"spelled '{sp.letters(w)}'; add it to the lexicon (acronyms) if said otherwise")
            return sp.letters(w)
        if not w.islower() and w.isalpha() and _CAMEL.search(w):
            return self.camel(w)
        if (glued := sp.glued.get(w)) is not None:
            return glued  # a two-word term written as one word: "#machinelearning", "datascience-academy.pl"
        if len(w) > 3 and _FOREIGN.search(w) and w.isascii():
            self.find("guessed", w, "looks English and is not in the lexicon; add its respelling (words)")
        elif len(sp.plain) < 50_000 and not _ROMAN.match(w):
            sp.plain.add(w)  # a Polish word read as written, with nothing to report: next time at once
        return w

    def small_letter(self, t: Tok) -> bool:
        """A lower-case or Greek letter: a variable ("x", "β"), never a point label like "A"."""
        return t.kind == "word" and self.math_letter(t.text)

    def after_id_word(self, at: int) -> bool:
        """Whether token ``at`` follows a word naming an identifier ("arXiv:", "arXiv"; grammar: id_words)."""
        k = at - 1
        while k >= 0 and (self.t[k].kind == "space" or self.t[k].text == ":"):
            k -= 1
        return k >= 0 and self.t[k].text.lower() in self.sp.id_words

    def in_formula(self, at: int) -> bool:
        """Whether token ``at`` stands between signs of a formula ("y = 2x + 1"), not in prose ("2x szybciej")."""
        signs = {"+", "-", "−", "=", "·", "*", "/"}
        p, n = self.prev_ns(at), self.next_idx(at)
        before = self.t[p].text if p is not None else ""
        after = self.t[n].text if n is not None else ""
        pp = self.prev_ns(p) if p is not None else None
        if before in ("-", "–") and pp is not None and self.t[pp].kind == "num":
            before = ""  # "2-3x": a range of multipliers
        return before in signs or after in signs

    def letter_ordinal(self, w: str) -> str | None:
        """A letter made an ordinal: "n-ty" -> "enty", "i-tego" -> "itego" (grammar: letter_ordinal_suffixes)."""
        letter, _, suffix = w.partition("-")
        if len(letter) != 1 or not letter.isalpha() or suffix not in self.sp.letter_ordinal_suffixes:
            return None
        name = self.sp.lex.letters.get(letter.upper()) if letter.isascii() else self.sp.lex.letters.get(letter)
        return None if name is None else name.replace(" ", "") + suffix

    def minus_word(self, w: str) -> bool:
        """A difference written as one word: "n-1", "1-p", "1-β" (not "k-NN", "t-SNE", "GPT-4")."""
        parts = w.split("-")
        return len(parts) == 2 and (
            (self.math_letter(parts[0]) and parts[1].isdecimal()) or (parts[0].isdecimal() and self.math_letter(parts[1]))
        )

    def math_letter(self, w: str) -> bool:
        """A lower-case letter or a Greek one that stands for a variable ("n" in "n-1", "p" in "1-p")."""
        if len(w) != 1:
            return False
        return (not w.isascii() and w in self.sp.lex.letters) or (w.isascii() and w.islower() and w not in self.sp.one_letter_words)

    def sums(self, at: int) -> bool:
        """Whether the capital sigma at ``at`` is a sum: a parenthesis or a subscripted term follows."""
        if "sum" not in self.sp.formula_words.plain:
            return False
        p = self.prev_ns(at)
        if p is not None and (self.t[p].text in ("=", "-", "−", "+", "/") or self.t[p].kind == "num"):
            return True  # "L = −Σ y log ŷ", "1/n Σ": after a sign, a sum
        k = self.next_idx(at, max_space=1)
        if k is None:
            return False
        after = self.tok(k + 1)
        return self.t[k].text == "(" or self.t[k].text == "_" or (after is not None and after.text == "_")

    def marked_letter(self, w: str) -> str | None:
        """A letter with a mark ("ŷ", "x̄", "p̂"), said like ``\\hat{y}`` (formulas.yaml: marks)."""
        parts = unicodedata.normalize("NFD", w)
        marks = self.sp.formula_words.marks
        if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in marks:
            return f"{parts[0]} {marks[parts[1]]}"
        return None

    def camel(self, w: str) -> str:
        """An unknown camelCase/PascalCase name ("DataScience", "XMLParser", "myVar"): its parts, each looked up.

        A name not in the lexicon is reported, since its parts may be read as Polish words.
        """
        sp = self.sp
        parts = _CAMEL_PARTS.findall(w)
        out: list[str] = []
        unknown = False
        i = 0
        while i < len(parts):
            # The longest run of parts that is a lexicon phrase: "RandomForest|Classifier", "DataScience".
            for j in range(len(parts), i, -1):
                run = parts[i:j]
                entry = (sp.lex.words.get(" ".join(run).lower()) or sp.lex.words.get("".join(run).lower())) if j - i > 1 else None
                said = entry.say if entry is not None else (sp.lookup(parts[i]) if j == i + 1 else None)
                if said is not None:
                    break
            else:
                j = i + 1
                part = parts[i]
                said = sp.letters(part) if part.isupper() and len(part) > 1 and not self.pronounceable(part) else part.lower()
                unknown = True
            out.append(said)
            i = j
        if unknown:
            self.find("guessed", w, "not in the lexicon, read as Polish in parts; add its respelling to the lexicon (words)")
        return " ".join(out)

    def roman(self, w: str, at: int) -> str | None:
        """A Roman numeral as an ordinal: "Zjazd II" -> "zjazd drugi", "w części III" -> "w części trzeciej"."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        noun = self.t[k].text if k >= 0 and self.t[k].kind in ("word", "abbr") else ""
        if noun.lower().startswith(self.sp.roman_nouns):
            case = self.case_for(k, True) if k >= 0 else "nom"
            if self.t[k].kind == "abbr" and (ab := self.sp.abbr_ci.get(noun.lower())) is not None:
                noun = ab.say  # "cz. II": the gender of "część"
            # The nominative noun's ending gives the gender ("grupa III" -> "trzecia", "piętro II" -> "drugie");
            # an oblique form ("w grupie III") may not, so the number's own guess decides there.
            gender = _adjective_gender(noun) if case == "nom" and noun.lower() == noun.lower().rstrip(".") else self.sp.gender_of(noun, 1)
            if noun.lower().startswith("częś"):
                gender = "f"  # "część II" -> "druga"; "-ść" hides the gender
            if (form := self.sp.roman_before.get(noun.lower())) is not None and form[0] != "nom":
                case, gender = form  # the noun's own form: "na piętrze II" -> "drugim", "w grupie III" -> "trzeciej"
                if case == "gen" and self.sp.preps.get(self.prev_word(k), ("", ""))[1] in ("loc", "acc"):
                    case = "loc"
            return self.sp.num.ordinal(_roman(w), case, gender)
        if len(w) > 1:
            return self.sp.num.ordinal(_roman(w))
        return None  # a lone "I", "V", "X" is a letter or the word "i"

    def number_compound(self, n: int, tail: str) -> str:
        """"90-tych" -> "dziewięćdziesiątych", "5-minutowy" -> "pięciominutowy", "2-krotnie" -> "dwukrotnie"."""
        sp = self.sp
        if tail in sp.ord_suffixes:
            case, gender = sp.ord_suffixes[tail]
            return sp.num.ordinal(n, case, gender)
        if tail in sp.endings and len(tail) <= 3:
            return sp.num.cardinal(n) + tail  # rare: "5-u" and the like
        prefix = sp.prefixes.get(n)
        if prefix is None and 20 < n < 100 and n % 10 and (n - n % 10) in sp.prefixes and n % 10 in sp.prefixes:
            prefix = sp.prefixes[n - n % 10] + sp.prefixes[n % 10]
        if prefix is None:
            return f"{sp.num.cardinal(n)} {tail}"
        return prefix + tail

    def roman_before_noun(self, w: str, at: int) -> str | None:
        """A Roman numeral before a noun whose form gives its case and gender (grammar:
        roman_before): "II wojna" -> "druga wojna", "studia I stopnia" -> "pierwszego stopnia",
        "po II wojnie" -> "po drugiej wojnie", "na II roku" -> "na drugim roku"."""
        if not w.isupper() or not _ROMAN.match(w) or w in self.sp.lex.acronyms:
            return None
        nxt = self.next_idx(at)
        form = self.sp.roman_before.get(self.t[nxt].text.lower()) if nxt is not None and self.t[nxt].kind == "word" else None
        if form is None:
            return None
        case, gender = form
        prep = self.sp.preps.get(self.prev_word(at))
        if case == "gen" and prep is not None and prep[1] in ("loc", "acc"):
            case = "loc"  # "roku" after "na"/"w" is the locative
        return self.sp.num.ordinal(_roman(w), case, gender)

    def roman_compound(self, n: int, tail: str) -> str:
        """A Roman numeral joined to an adjective: "XIX-wieczny" -> "dziewiętnastowieczny",
        "XXI-wieczna" -> "dwudziestopierwszowieczna" (ordinal stems joined with -o-)."""
        num = self.sp.num
        parts = [n] if n in num.ord else [n - n % 10, n % 10] if n < 100 else []
        if not parts or tail in self.sp.ord_suffixes:
            return self.number_compound(n, tail)
        stems = []
        for x in parts:
            stem, cls = num.ord[x]
            stems.append(stem + ("io" if cls == "soft" else "o"))
        return "".join(stems) + tail

    @staticmethod
    def pronounceable(s: str) -> bool:
        """Whether an all-caps word reads as a Polish word ("UWAGA", "NASA") rather than letters."""
        low = s.lower()
        vowels = sum(c in _VOWELS for c in low)
        return vowels >= 2 and not re.search(r"[^aeiouyąęó]{3}", low)

    def acronym(self, s: str) -> str:
        """An acronym from the lexicon, or spelled and reported."""
        said = self.sp.lookup(s)
        if said is not None:
            return said
        self.find("unknown-acronym", s, f"spelled '{self.sp.letters(s)}'; add it to the lexicon (acronyms) if said otherwise")
        return self.sp.letters(s)

    def series(self, d: str) -> str | None:
        """A model number as Poles say it, in pairs ("4090" -> "czterdzieści dziewięćdziesiąt",
        "1080" -> "dziesięć osiemdziesiąt", Intel's "12700" -> "dwanaście siedemset"); round
        hundreds stay one number ("7900" -> "siedem tysięcy dziewięćset"). None: not a model number."""
        num = self.sp.num
        if d.startswith("0") or len(d) not in (4, 5):
            return None
        head, tail = d[:-3], d[-3:]
        if len(d) == 4:
            head, tail = d[:2], d[2:]
            if tail == "00":
                return num.cardinal(int(d))
        if tail.startswith("0"):
            zeros = len(tail) - len(tail.lstrip("0"))
            rest = [num.cardinal(int(tail))] if tail.lstrip("0") else []
            return " ".join([num.cardinal(int(head)), *[num.card["0"][0]] * zeros, *rest])
        return f"{num.cardinal(int(head))} {num.cardinal(int(tail))}"

    def series_name(self, name: str, digits: str) -> bool:
        """Whether ``digits`` after ``name`` is a product's model number: "RTX 4090", "GTX1080",
        "i7-12700", "DDR4 3200" - a capitalized acronym (letters, maybe digits) then 4-5 digits.

        Not a model number: years ("Q3 2024", "CES 2024": 1900-2039), standards read as
        numbers ("ISO 9001", in grammar: series_not_after), currencies ("PLN 1500")."""
        if not re.fullmatch(r"[A-Z][A-Z0-9]+|[a-z]\d{1,2}", name) or not any(c.isalpha() for c in name):
            return False
        if name in self.sp.series_not_after or name in self.sp.lex.units:
            return False
        return len(digits) == 5 and name[0].islower() or (len(digits) == 4 and not 1900 <= int(digits) <= 2039)

    def alnum(self, w: str, at: int | None) -> str:
        """Words with digits: "3x", "x2", "5GB", "A100", "GPT4", "1920x1080"."""
        sp = self.sp
        if (m := re.fullmatch(r"(\d+)x", w)) and at is not None and self.in_formula(at):
            return f"{sp.num.cardinal(int(m.group(1)))} x"  # "y = 2x + 1": two times x, not "twice"
        if m := re.fullmatch(r"(\d+)[x×]", w):
            n = int(m.group(1))
            return f"{sp.num.cardinal(n)} {sp.say['once'] if n == 1 else sp.say['times']}"
        if m := re.fullmatch(r"(\d+)[.,](\d+)[x×]", w):  # "2.5x" -> "dwa przecinek pięć raza"
            return f"{sp.num.decimal(m.group(1), m.group(2))} {sp.say['times_frac']}"
        if m := re.fullmatch(r"[x×](\d+)", w):
            return f"{sp.say['times']} {sp.num.cardinal(int(m.group(1)))}"
        if (m := re.fullmatch(r"(\d+)[x×](\d+[A-Za-z]+)", w)) and re.fullmatch(r"\d+", m.group(2)[:-1] if m.group(2)[-1:] in sp.lex.units else "x"):
            return f"{sp.num.cardinal(int(m.group(1)))} {sp.say['times']} {self.alnum(m.group(2), None)}"  # "8x7B" -> "osiem razy siedem miliardów"
        if m := re.fullmatch(r"(\d+)[x×](\d+)", w):
            said = f"{sp.num.cardinal(int(m.group(1)))} {sp.say['per']} {sp.num.cardinal(int(m.group(2)))}"
            if at is not None and at == self.i and (u := self.unit_after(at)) is not None:  # "224x224 px"
                said += " " + u[1].form(plural_category(int(m.group(2))), "nom")
                self.i = u[0]
            return said
        # "ok. 25M parametrów" -> "około dwudziestu pięciu milionów": the case from the preposition
        case = self.case_for(at, False, self._noun_after(at)) if at is not None and at == self.i else "nom"
        if (m := re.fullmatch(r"(\d+)([^\W\d_]+\.?)", w)) and m.group(2) in sp.lex.units:
            unit = sp.lex.units[m.group(2)]
            if at is not None and m.group(2) in sp.time_units and self.prev_word(at) == "po":
                case = "loc"  # "po 24h" -> "po dwudziestu czterech godzinach"
            if m.group(2) == "m" and at is not None and (k := self.next_idx(at)) is not None and self.t[k].text in sp.millicore_before:
                unit = sp.lex.units.get("millicore", unit)  # "500m CPU": Kubernetes millicores
            return self.number_unit(int(m.group(1)), None, unit, case)
        if (m := re.fullmatch(r"(\d+)[.,](\d+)([^\W\d_]+)", w)) and m.group(3) in sp.lex.units:
            return self.number_unit(None, (m.group(1), m.group(2)), sp.lex.units[m.group(3)], case)
        out = []
        runs = re.findall(r"\d+(?:[.,]\d+)?|[^\W\d_]+", w)
        for idx, run in enumerate(runs):
            if not run.isdecimal() and run[0].isdecimal():  # "GPT-3.5": a model version
                out.append(f" {sp.say['dot']} ".join(_part(sp.num, x) for x in re.split(r"[.,]", run)))  # "ubuntu22.04"
            elif run.isdecimal() and len(run) == 4 and idx and self.series_name(runs[idx - 1], run):
                out.append(self.series(run) or sp.num.cardinal(int(run)))  # "RTX4090"
            elif (
                run.isdecimal() and len(run) == 4 and idx == 0 and len(runs) == 2 and runs[1].isupper()
                and runs[1] not in sp.lex.units and not 1900 <= int(run) <= 2039
            ):
                out.append(self.series(run) or sp.num.cardinal(int(run)))  # "7950X", "4090D"
            elif run.isdecimal():
                out.append(sp.num.cardinal(int(run)) if not run.startswith("0") or run == "0" else sp.num.digits(run))
            else:
                said = sp.lookup(run)
                if said is None:
                    if (run.isupper() or not set(run.lower()) & _VOWELS) and len(run) <= 4:
                        said = sp.letters(run)
                        if len(run) > 1:
                            self.find("unknown-acronym", run, f"spelled letter by letter in '{w}'; add '{w}' to the lexicon if said otherwise")
                    else:
                        said = self.word(run)
                out.append(said)
        return " ".join(out)

    # --- numbers -------------------------------------------------------------------

    def unit_after(self, j: int) -> tuple[int, Unit] | None:
        """The unit written right after token j ("5 GB", "80%", "2 mies.")."""
        k = self.next_idx(j)
        if k is None:
            return None
        t = self.t[k]
        key = t.text.strip()
        unit = self.sp.lex.units.get(key) or (self.sp.lex.units.get(key[:-1]) if key.endswith(".") and t.kind == "abbr" else None)
        if unit is not None and (t.kind == "unit" or (not unit.before and t.kind in ("word", "abbr", "sym"))):
            if key == "m" and (k2 := self.next_idx(k)) is not None and self.t[k2].text in self.sp.millicore_before:
                unit = self.sp.lex.units.get("millicore", unit)  # "500m CPU"
            return k, unit
        return None

    def number_unit(self, n: int | None, dec: tuple[str, str] | None, unit: Unit, case: str) -> str:
        """A number with its unit in agreement ("dwa gigabajty", "trzy złote pięćdziesiąt groszy")."""
        num = self.sp.num
        if dec is not None:
            whole, frac = dec
            minor = self.sp.lex.units.get(unit.minor) if unit.minor else None
            if minor is not None and len(frac) == 2:
                w, f = int(whole), int(frac)
                spoken = f"{num.cardinal(w, case, unit.gender)} {unit.form(plural_category(w), case)}"
                if f and not w:
                    return f"{num.cardinal(f, case, minor.gender)} {minor.form(plural_category(f), case)}"
                if f:
                    spoken += f" {num.cardinal(f, case, minor.gender)} {minor.form(plural_category(f), case)}"
                return spoken
            return f"{num.decimal(whole, frac)} {unit.form('frac', case)}"
        assert n is not None
        if unit.ordinal:
            return f"{num.ordinal(n, case, unit.gender)} {unit.form('one', case)}"
        return f"{num.cardinal(n, case, unit.gender)} {unit.form(plural_category(n), case)}"

    def ordinal_with_noun(self, n: int, at: int, noun_at: int) -> str:
        """"XXI w." / "2024 r." / "XXI wieku": ordinal agreeing with its noun."""
        noun = self.t[noun_at]
        unit = self.sp.lex.units.get(noun.text)
        case = self.ordinal_case(self.first_conjunct(at), noun.text)
        if unit is not None:
            self.i = noun_at
            spoken = f"{self.sp.num.ordinal(n, case, unit.gender)} {unit.form('one', case)}"
            if self.dot_ends_sentence(noun_at):
                spoken += "."
            return spoken
        return self.sp.num.ordinal(n, case, "m")

    def ordinal_case(self, at: int, noun: str) -> str:
        """Case of an ordinal at token ``at`` before ``noun`` ("XXI w.", "2024 r.", "XX wieku")."""
        unit = self.sp.lex.units.get(noun)
        case = self.case_for(at, ordinal=True)
        prev = self.prev_word(at)
        if prev in self.sp.months:
            case = "gen"  # "21 marca 2025 r."
        elif prev not in self.sp.preps:
            case = self.case_from_noun(noun) or case
            if case == "nom" and unit is not None and self._after_word(at):
                case = "gen"  # "w Q3 2024 r.", "wyniki z marca 2024 r.": mostly "roku"
        return case

    def first_conjunct(self, at: int) -> int:
        """For the second of two coordinated Roman numerals ("XIX i XX w.") the first one's index,
        whose context gives the case of both; otherwise ``at``."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k < 0 or self.t[k].text.lower() not in _CONJ:
            return at
        k -= 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        return k if k >= 0 and self.t[k].kind == "word" and _ROMAN.match(self.t[k].text) else at

    def coordinated_roman(self, n: int, at: int) -> str | None:
        """The first of two coordinated Roman numerals before their noun: "XIX" in
        "na przełomie XIX i XX w." -> "dziewiętnastego" (the case and gender of "XX w.")."""
        k1 = self.next_idx(at)
        if k1 is None or self.t[k1].text.lower() not in _CONJ:
            return None
        k2 = self.next_idx(k1)
        if k2 is None or self.t[k2].kind != "word" or not _ROMAN.match(self.t[k2].text):
            return None
        k3 = self.next_idx(k2)
        if k3 is None or self.t[k3].text.lower() not in self.sp.roman_after:
            return None
        noun = self.t[k3].text
        unit = self.sp.lex.units.get(noun)
        gender = unit.gender if unit is not None else self.sp.gender_of(noun, 1)
        return self.sp.num.ordinal(n, self.ordinal_case(at, noun), gender)

    def after_product(self, at: int) -> bool:
        """Whether token ``at`` follows a product name or "wersja" (skipping "≥", "==", "~")."""
        k = at - 1
        while k >= 0 and (self.t[k].kind == "space" or self.t[k].text in self.sp.version_signs):
            k -= 1
        if k >= 1 and k == at - 1 and self.t[k].text in ("/", ":") and self.t[k - 1].kind == "word":
            k -= 1  # "HTTP/1.1", "python:3.12": the version glued to its name
        if k >= 2 and self.t[k].text.lower() in ("i", "oraz", "lub", "albo", "a", ","):  # "Python 3.10 i 3.11"
            k2 = k - 1
            while k2 >= 0 and self.t[k2].kind == "space":
                k2 -= 1
            if k2 >= 0 and self.t[k2].kind == "num" and "." in self.t[k2].text:
                return self.after_product(k2)
        if k < 0 or self.t[k].kind != "word":
            return False
        w = self.t[k].text
        at_start = all(t.kind == "space" for t in self.t[:k])
        return w.lower() in self.sp.version_words or self.sp.lookup(w) is not None or (w[0].isupper() and not at_start)

    def word_before_prep(self, at: int) -> str:
        """The word two words before token ``at`` ("wzrost" in "wzrost o 5"), lower-case."""
        words = [t.text.lower() for t in self.t[max(0, at - 6) : at] if t.kind == "word"]
        return words[-2] if len(words) >= 2 else ""

    def _after_word(self, at: int) -> bool:
        """Whether a word (not the sentence start, not "rok") comes right before token ``at``."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k >= 1 and self.t[k].text == "." and self.t[k - 1].kind == "num":
            return True  # "lata 60. XX w.": an ordinal with its dot
        return k >= 0 and self.t[k].kind in ("word", "num") and self.t[k].text.lower() not in self.sp.year_words

    def case_from_noun(self, noun: str) -> str | None:
        """The case a written noun shows ("roku" -> gen, "rokiem" -> inst), via abbreviation case forms."""
        low = noun.lower()
        for ab in self.sp.lex.abbreviations.values():
            if ab.cases and low == ab.say.lower():
                return "nom"
            for case, form in ab.cases.items():
                if form.lower() == low:
                    return case
        return None

    def do_num(self, t: Tok) -> None:
        sp, num = self.sp, self.sp.num
        raw = re.sub(r"[\u00a0\u202f\u2009 ]", "", t.text)
        if re.fullmatch(r"\d{3}[\u00a0\u202f\u2009 ]\d{3}[\u00a0\u202f\u2009 ]\d{3}", t.text) and self.spaced_phone(t):
            self.emit(self.phone(re.findall(r"\d+", t.text)))  # "601 234 567"
            return
        if len(raw) == 9 and raw.isdecimal() and self.phone_context(self.i):
            self.emit(self.phone([raw[:3], raw[3:6], raw[6:]]))  # "tel. 601234567"
            return
        if (m := re.fullmatch(r"(\d{2})(\d{2})\.(\d{4,5})", raw)) and self.after_id_word(self.i):
            # "arXiv:1706.03762" -> "siedemnaście zero sześć kropka zero trzy siedem sześć dwa" (year, month, number)
            pairs = [num.digits(x) if x.startswith("0") else num.cardinal(int(x)) for x in m.group(1, 2)]
            self.emit(f"{' '.join(pairs)} {sp.say['dot']} {num.digits(m.group(3))}")
            return
        dec = None
        if _THOUSANDS_DOTS.fullmatch(raw):  # "10.000" and "1.500 zł" group thousands with a dot
            raw = raw.replace(".", "")
        if self.code and (m := re.fullmatch(r"(\d+)\.(\d+)", raw)):
            # In code a dot is a dot: "python:3.11", "app:1.0", "lr=0.001" ("trzy kropka jedenaście"), never a date.
            self.emit(f" {sp.say['dot']} ".join(_part(num, x) for x in m.groups()))
            return
        if m := re.fullmatch(r"(\d+)[.,](\d+)", raw):
            dec = m.groups()
            prev = self.tok(self.i - 2)
            if "." in raw and self.after_numbered(self.i):  # "zadanie 2.10", "w punkcie 2.3": a section number
                self.emit(f" {sp.say['dot']} ".join(_part(num, x) for x in dec))  # "sala 1.08" -> "jeden kropka zero osiem"
                return
            if (dm := self.day_month(raw)) and self.dotted_date(self.i):
                self.emit(f"{self.day(dm[0], self.i)} {sp.lex.grammar['months'][dm[1] - 1]}")  # "21.03"
                return
            if (
                "." in raw
                and len(dec[1]) == 2
                and int(dec[0]) <= 24
                and int(dec[1]) < 60
                and self.unit_after(self.i) is None
                and (prev is not None and prev.text.lower() in self.hour_words or self.prev_word(self.i) in sp.time_preps)
            ):
                self.do_time(Tok("time", f"{dec[0]}:{dec[1]}"))  # "godz. 14.30", "o 9.15"
                return
            if "." in raw and prev is not None and prev.kind == "abbr":  # "rys. 2.1" -> "dwa kropka jeden"
                self.emit(f" {sp.say['dot']} ".join(num.cardinal(int(x)) for x in dec))
                return
            before = self.t[self.i - 2].text if self.i >= 2 else ""
            # "AUC 0.93", "dropout 0.1", "temperature 0.7": a score or a setting; "Python 0.9" stays a version
            first = self.i == 2 or (self.i >= 4 and self.t[self.i - 4].text in ".!?:")  # "Dropout 0.1" opens a sentence
            term = before.islower() or (first and before[1:].islower())
            metric = dec[0] == "0" and (before.isupper() or (term and before.lower() not in sp.version_words))
            if "." in raw and not metric and self.after_product(self.i):
                if self.unit_after(self.i) is None:  # "Python 3.11", "Docker ≥ 20.10", "wersji 3.12": a version
                    self.emit(f"{num.cardinal(int(dec[0]))} {num.digits(dec[1]) if dec[1].startswith('0') else num.cardinal(int(dec[1]))}")
                    return
        if dec is None and len(raw) > 15:  # beyond trillions: digit by digit
            self.emit(num.digits(raw))
            return
        n = int(raw) if dec is None else None
        # A decade: "lata 90." -> "lata dziewięćdziesiąte", "w latach 80. i 90." -> "...osiemdziesiątych i dziewięćdziesiątych".
        if n is not None and n % 10 == 0 and (10 <= n <= 90 or 1800 <= n <= 2090) and (case := self.decade_case(self.i)):
            self.emit(num.ordinal(n, case, "pl"))
            k = self.i + 1  # the ordinal's dot, unless it also ends the sentence ("Lata 90. Potem")
            if self.tok(k) is not None and self.t[k].text == ".":
                k2 = self.next_idx(k, 99)
                nt2 = self.tok(k2) if k2 is not None else None
                if nt2 is not None and not (nt2.text[0].isupper() and not _ROMAN.match(nt2.text)):
                    self.i = k
            self._decade = (self.i, case)
            return
        # A model number after a product acronym: "RTX 4090" -> "er te iks czterdzieści dziewięćdziesiąt".
        if n is not None and raw == t.text and self.i >= 2 and self.t[self.i - 1].text == " " and self.t[self.i - 2].kind == "word":
            if self.series_name(self.t[self.i - 2].text, raw) and self.unit_after(self.i) is None and (said := self.series(raw)):
                self.emit(said)
                return
        # A number with a unit ("5 GB", "80%").
        if (u := self.unit_after(self.i)) is not None:
            k, unit = u
            if n is not None and (adjective := self.percent_adjective(n, k)):
                self.emit(adjective)  # "z 95% pewnością" -> "z dziewięćdziesięciopięcioprocentową pewnością"
                self.i = k
                return
            if unit.ordinal and n is not None:
                self.emit(self.ordinal_with_noun(n, self.i, k))
                return
            case = self.case_for(self.i, False, self._noun_after(k))
            if self.t[k].text.strip() in sp.locative_units and self.prev_word(self.i) in ("w", "we"):
                case = "loc"  # "w 20% przypadków" -> "w dwudziestu procentach przypadków"
            if self.t[k].text.strip() in sp.time_units and self.prev_word(self.i) == "po" and dec is None:
                case = "loc"  # "po 20 min" -> "po dwudziestu minutach" (after, not "each": "po 20 pkt")
            self.emit(self.number_unit(n, dec, unit, case))
            self.i = k
            if (u2 := self.unit_after(k)) is not None:  # "25 mln zł": the second unit is genitive plural
                self.emit(u2[1].many if case in ("nom", "acc") else u2[1].form("many", case))
                self.i = u2[0]
            self.end_dot()
            return
        if dec is not None:
            self.emit(num.decimal(*dec))
            return
        assert n is not None
        nxt = self.next_idx(self.i)
        nt = self.tok(nxt) if nxt is not None else None
        # An ordinal: "3. etap" (the dot right after the number, then a lower-case word).
        if nt is not None and nt.text == "." and nxt == self.i + 1:
            k2 = self.next_idx(self.i + 1)
            after = self.tok(k2) if k2 is not None else None
            if after is not None and after.kind == "word" and after.text[0].islower() and k2 != self.i + 2:
                case = self.case_for(self.i, True, after.text)
                if case == "acc" and after.text.endswith(("u", "rze", "dzie")):
                    case = "loc"  # "na 2. miejscu", "na 3. piętrze": -u/-rze/-dzie is never the accusative
                plural = after.text.endswith(("ach", "ami"))  # "na 1. zajęciach" -> "na pierwszych zajęciach"
                self.emit(num.ordinal(n, case, "pl" if plural else sp.gender_of(after.text, 1)))
                self.i += 1
                return
        # The first day of a span of dates: "1-2.03.2024" -> "od pierwszego do drugiego marca...".
        if nt is not None and nt.text in ("-", "–") and 1 <= n <= 31 and (k3 := self.next_idx(nxt)) is not None and self.t[k3].kind == "date":  # type: ignore[arg-type]
            lead = "" if self.prev_word(self.i) in sp.preps else sp.say["from"] + " "
            self.emit(lead + num.ordinal(n, "gen"))
            return
        # A day and a month: "21 marca (2025 r.)".
        if nt is not None and nt.kind == "word" and nt.text.lower() in sp.months and 1 <= n <= 31:
            self.emit(self.day(n, self.i))
            return
        # After "godz."/"godzina" a number is an hour: "godz. 10" -> "godzina dziesiąta".
        before = self.tok(self.i - 2) if self.i >= 2 and self.t[self.i - 1].kind == "space" else None
        if before is not None and before.text.lower() in self.hour_words and n <= 24:
            self.emit(num.ordinal(n, self.case_for(self.i, True), "f"))
            return
        # "od godz. 9 do 17": the end of a span of hours is an hour too.
        if n <= 24 and self.i >= 6 and self.t[self.i - 2].text.lower() == "do" and self.t[self.i - 4].kind == "num":
            if self.t[self.i - 6].text.lower() in self.hour_words:
                self.emit(num.ordinal(n, "gen", "f"))
                return
        # "o 9" at the end or before "rano": an hour -> "o dziewiątej".
        prev_w = self.prev_word(self.i)
        if (
            prev_w == "o"
            and n <= 24
            and (nt is None or nt.kind != "word" or nt.text.lower() in sp.hour_followers)
            and not self.word_before_prep(self.i).startswith(sp.amount_words)  # "wzrost o 5" is an amount
        ):
            self.emit(num.ordinal(n, "loc", "f"))
            return
        # "rok 2024" -> "rok dwa tysiące dwudziesty czwarty" (the year agrees with the noun).
        if before is not None and 1000 <= n <= 2100 and before.text.lower() in sp.year_words and (c := self.case_from_noun(before.text)):
            self.emit(num.ordinal(n, c))
            return
        # A year: "w 2024", "2024 roku", "marca 2025".
        if 1000 <= n <= 2100:
            noun = nt.text if nt is not None and nt.kind == "word" else ""
            prev = self.prev_word(self.i)
            if self.case_from_noun(noun) is not None:
                case = self.case_for(self.i, True) if prev in sp.preps else (self.case_from_noun(noun) or "nom")
                self.emit(num.ordinal(n, case))
                return
            if prev in sp.months:
                self.emit(f"{num.ordinal(n, 'gen')}")
                return
            if prev in sp.preps and (not noun or noun[0].isupper()) and raw.startswith(("19", "20")):
                self.emit(num.ordinal(n, self.case_for(self.i, True)))
                return
        noun = nt.text if nt is not None and nt.kind == "word" and nt.text.lower() not in sp.not_nouns else None
        case = self.case_for(self.i, False, noun)
        if self.i >= 2 and self.t[self.i - 1].text == ":" and self.t[self.i - 2].kind == "num" and not self.code \
                and not self.prev_word(self.i - 2).startswith(sp.port_words):
            case = "gen"  # "3:1" -> "trzy do jednego" (in code "8080:80" is a port mapping)
        gender = sp.gender_of(noun, n) if noun else "m"
        if noun and self.people_after(self.i, n):
            gender = "mp"  # "5 programistów" -> "pięciu programistów"
        if n == 1 and noun and case in ("nom", "loc") and prev_w in sp.locative_preps and not noun.isupper():
            # "w 1 przypadku" -> "w jednym przypadku", "w 1 epoce" -> "w jednej epoce" (not "jedno")
            if sp.feminine_locative(noun):
                case, gender = "loc", "f"
            elif noun.endswith("u"):
                case, gender = "loc", "m"
        if raw.startswith("0") and len(raw) > 1:
            self.emit(num.digits(raw))
        else:
            self.emit(num.cardinal(n, case, gender))
        genitive = sp.genitive_plural.get(noun.lower()) if noun and case == "gen" else None
        if genitive and plural_category(n) == "few" and nxt is not None:
            # "ok. 2 godziny" is said "około dwóch godzin": the noun follows the number into the genitive
            self.emit(genitive)
            self.i = nxt

    def people_after(self, j: int, n: int) -> bool:
        """Whether the number ``n`` at token ``j`` counts men or mixed people, so it takes the
        masculine-personal form. After 2-4 any genitive plural (noun or adjective) says so
        ("2 programistów", "22 nowych pracowników"); from 5 up the noun must be a known one
        ("5 programistów" but "5 wektorów"), adjectives before it skipped ("5 nowych studentów")."""
        cat = plural_category(n)
        if cat == "one":
            return False
        k: int | None = j
        for _ in range(3):
            k = self.next_idx(k) if k is not None else None
            t = self.tok(k) if k is not None else None
            if t is None or t.kind != "word":
                return False
            low = t.text.lower()
            k2 = self.next_idx(k) if k is not None else None
            if (low in self.sp._phrases or t.text.isupper()) and k2 is not None and self.t[k2].kind == "word":
                continue  # "5 Data Scientistów", "3 ML Engineerów": the last word of the term is the noun
            if cat == "few":
                return low.endswith(self.sp.virile_endings)
            adjective = low.endswith(("ych", "ich"))
            if adjective and k2 is not None and self.t[k2].kind == "word":
                continue  # "5 nowych programistów": look at the noun
            return self.sp.names_people(t.text)
        return False

    def decade_case(self, j: int) -> str | None:
        """The case of a decade at token ``j`` from "lata" before it ("lata" nom, "latach" loc,
        "lat" gen), or from the decade it is coordinated with ("lata 80. i 90."); None: no decade."""
        prev = self.prev_word(j)
        if prev in self.sp.decade_words:
            return self.sp.decade_words[prev]
        last = self._decade
        if last is None:
            return None
        between = [t for t in self.t[last[0] + 1 : j] if t.kind != "space"]
        ok = all(t.text in (".", ",", "-", "–", "—") or t.text.lower() in ("i", "oraz", "lub", "albo", "a", "czy") for t in between)
        return last[1] if ok and len(between) <= 3 else None

    @property
    def hour_words(self) -> set[str]:
        """"godz.", "godzina", "godzinie"...: a number after them is an hour."""
        return self.sp.transparent

    def _noun_after(self, k: int) -> str | None:
        j = self.next_idx(k)
        t = self.tok(j) if j is not None else None
        return t.text if t is not None and t.kind == "word" else None

    def day(self, n: int, at: int) -> str:
        case = self.case_for(at, True)
        return self.sp.num.ordinal(n, case if case in ("inst", "loc") else "gen")

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
        if k is not None and len(self.t[k].text) > 1 and _ROMAN.match(self.t[k].text) and self.t[k].text not in self.sp.lex.acronyms:
            return False  # "lab. II", "cz. III": a Roman numeral goes on the sentence
        return k is None or self.t[k].text[:1].isupper()  # the end, or a new sentence follows

    def after_numbered(self, at: int) -> bool:
        """Whether token ``at`` follows a noun for a numbered part of a text ("zadanie", "wzór",
        "rozdział", grammar: numbered_nouns), so "2.10" after it is a number like "dwa kropka dziesięć"."""
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        return k >= 0 and self.t[k].kind == "word" and self.t[k].text.lower().startswith(self.sp.numbered_nouns)

    def dot_decimals(self, at: int) -> bool:
        """Whether decimals are written with a dot near token ``at`` ("0.93, 0.87, 1.02"): then a
        "DD.MM"-shaped number among them is one of them, not a date."""
        return any(
            t.kind == "num" and "." in t.text and self.day_month(t.text) is None and not _THOUSANDS_DOTS.fullmatch(t.text)
            for t in self.t[max(0, at - 8) : at + 9]
        )

    @staticmethod
    def day_month(text: str) -> tuple[int, int] | None:
        """Day and month of a "DD.MM" text that can be a date ("21.03", "1.05"), else None.

        The month must have two digits, 01-12, and the day exist in it, so "3.14", "0.95",
        "1.5", "2.50" stay numbers."""
        m = re.fullmatch(r"(\d{1,2})\.(0[1-9]|1[0-2])", text)
        if m is None:
            return None
        d, mo = int(m.group(1)), int(m.group(2))
        return (d, mo) if 1 <= d <= _MONTH_DAYS[mo - 1] else None

    def dotted_date(self, at: int) -> bool:
        """Whether a "DD.MM"-shaped number at token ``at`` is a date rather than an English-style
        decimal, a time or a version. Polish decimals use a comma, so it is a date unless:
        an hour is meant ("o 10.05", "godz. 9.10"), a unit follows ("1.05 GB"), a math sign or
        an "x =" comes before ("p < 0.05", "lr = 1.01"), it numbers a figure or section
        ("rys. 2.10", "pkt 3.04"), or it follows a product or "wersja" ("Ubuntu 22.04")."""
        sp = self.sp
        u = self.unit_after(at)
        if u is not None and self.t[u[0]].text.lower() in self.hour_words:
            k = self.next_idx(u[0])  # "do 30.06 godz. 23:59": a date, then its hour
            u = None if k is not None and self.t[k].kind in ("time", "num") else u
        if u is not None or self.dot_decimals(at):
            return False
        k = at - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        before = self.t[k] if k >= 0 else None
        if before is None:
            return True
        low = before.text.lower()
        if low == "o" or low in self.hour_words or before.text in sp.date_not_after or low in sp.decimal_after:
            return False
        if low in (":", "/") and k == at - 1 and k >= 1 and self.t[k - 1].kind == "word":
            return False  # "python:3.11", "HTTP/1.1": a version glued to its name
        if before.kind == "abbr":
            ab = sp.lex.abbreviations.get(before.text) or sp.abbr_ci.get(low)
            return not (ab is not None and ab.cases)  # "rys. 2.10", "nr 3.04"; "ok. 21.03" is a date
        if low in _CONJ or low == ",":  # "Python 3.10 i 3.11": like the number it is joined to
            k2 = k - 1
            while k2 >= 0 and self.t[k2].kind == "space":
                k2 -= 1
            if k2 >= 0 and self.t[k2].kind == "num" and "." in self.t[k2].text:
                return self.dotted_date(k2)
        if before.kind == "word":
            w = before.text
            if low in sp.version_words or sp.lookup(w) is not None or (w.isupper() and len(w) > 1) or not set(low) & _VOWELS:
                return False  # "Ubuntu 22.04", "wersji 3.10", "CUDA 11.08", "lr 1.01"
        return True

    def do_date(self, t: Tok) -> None:
        nxt0 = self.next_idx(self.i)
        k0 = self.next_idx(nxt0) if nxt0 is not None else None
        if k0 is not None and self.t[nxt0].text in ("-", "–", "—") and self.t[k0].kind == "date":  # type: ignore[index]
            if self.prev_word(self.i) not in self.sp.preps:
                self.emit(self.sp.say["from"])  # "21.03.2024-25.03.2024" -> "od ... do ..."
        if m := re.fullmatch(r"(\d{1,2})[ \u00a0.]([IVX]+)\.?(?:[ \u00a0.](\d{4}))?", t.text):  # "12 XII", "3.V.2024"
            d, mo, y = int(m.group(1)), _roman(m.group(2)), int(m.group(3) or 0)
            if not y and 1 <= d <= 31 and 1 <= mo <= 12:
                self.emit(f"{self.day(d, self.i)} {self.sp.lex.grammar['months'][mo - 1]}")
                self.end_dot()
                return
        elif m := re.fullmatch(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})", t.text):  # "21-03-2024", "21/03/2024"
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if mo > 12 >= d:
                d, mo = mo, d  # "03/21/2024": the American order
        elif "-" in t.text:
            y, mo, d = map(int, t.text.split("-"))
        elif t.text.endswith("."):  # "21.03." - a day and a month
            d, mo = map(int, t.text.split(".")[:2])
            p = self.prev_ns(self.i)
            if d == 0 or (p is not None and self.t[p].text in self.sp.value_signs):
                # "p < 0.05.", "lr = 0.01.": a decimal ending the sentence, not "0 March"
                self.emit(f"{self.sp.num.decimal(str(d), t.text.split('.')[1])}.")
                return
            if self.after_product(self.i):  # "w wersji 3.12." is a version, then the end of a sentence
                self.emit(f"{self.sp.num.cardinal(d)} {self.sp.num.cardinal(mo)}.")
                return
            if self.after_numbered(self.i):  # "Zobacz rozdział 3.12." -> "trzy kropka dwanaście."
                self.emit(f"{self.sp.num.cardinal(d)} {self.sp.say['dot']} {self.sp.num.cardinal(mo)}.")
                return
            if 1 <= d <= 31:
                self.emit(f"{self.day(d, self.i)} {self.sp.lex.grammar['months'][mo - 1]}")
                if self.next_idx(self.i, 99) is None:
                    self.emit(".")
                return
            y = 0
        else:
            d, mo, y = map(int, t.text.split("."))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            self.emit(" ".join(self.sp.num.cardinal(int(x)) for x in re.findall(r"\d+", t.text)))
            return
        month = self.sp.lex.grammar["months"][mo - 1]
        roku = self.sp.lex.abbreviations.get("r.")
        spoken = f"{self.day(d, self.i)} {month} {self.sp.num.ordinal(y, 'gen')}"
        # Say "roku" unless the text says it already.
        nxt = self.next_idx(self.i)
        nt = self.tok(nxt) if nxt is not None else None
        if nt is not None and nt.text == "r.":
            self.i = nxt  # type: ignore[assignment]
        if not (nt is not None and nt.text.lower() in self.sp.year_words):
            spoken += " " + (roku.cases.get("gen", self.sp.say["year"]) if roku else self.sp.say["year"])
        self.emit(spoken)
        self.end_dot()  # "21.03.2024 r." at the end of a sentence

    def do_time(self, t: Tok) -> None:
        parts = [int(x) for x in t.text.split(":")]
        h, m = parts[0], parts[1]
        num = self.sp.num
        if self.code or self.prev_word(self.i).startswith(self.sp.port_words):
            # "`-p 80:80`", "`a[1:10]`", "na porcie 80:80": a separator, not a time or a ratio
            colon = self.sp.lex.code_symbols.get(":", ":")
            self.emit(f" {colon} ".join(_part(num, x) for x in t.text.split(":")))
            return
        if len(parts) == 2 and (h > 24 or m > 59 or self.prev_word(self.i) in self.sp.ratio_words):
            # a ratio, not a time: "w skali 1:10" -> "jeden do dziesięciu", "80:20" -> "osiemdziesiąt do dwudziestu"
            self.emit(f"{num.cardinal(h)} {self.sp.say['range']} {num.cardinal(m, 'gen')}")
            return
        if h > 24 or m > 59:
            self.emit(" ".join(num.cardinal(x) for x in parts))
            return
        case = self.case_for(self.i, True)
        nxt = self.next_idx(self.i)
        k2 = self.next_idx(nxt) if nxt is not None else None
        after_hour = self.i >= 2 and self.t[self.i - 2].text.lower() in self.hour_words and self.prev_word(self.i) != "o"  # "w godz. 8-9"
        if (case == "nom" or after_hour and case != "gen") and k2 is not None and self.t[nxt].text in ("-", "–", "—") and self.t[k2].kind == "time":
            self.emit(self.sp.say["from"])  # "9:00-17:00" -> "od dziewiątej do siedemnastej"
            case = "gen"
        spoken = [num.ordinal(h, case, "f")]
        if m:
            spoken.append(num.cardinal(m) if m >= 10 else num.digits(f"{m:02d}"))
        if len(parts) > 2 and parts[2]:
            spoken.append(num.cardinal(parts[2]))
        self.emit(" ".join(spoken))

    def do_range(self, t: Tok) -> None:
        num = self.sp.num
        a, b = re.split(r"[ \u00a0]?[–—-][ \u00a0]?", t.text, maxsplit=1)

        def one(x: str, case: str, gender: str = "m") -> str:
            if m := re.fullmatch(r"(\d+)[.,](\d+)", x):
                return num.decimal(*m.groups())
            return num.cardinal(int(x), case, gender)

        if re.fullmatch(r"\d\d-\d{3}", t.text):  # a postal code: "00-950", "31-123 Kraków"
            nxt = self.next_idx(self.i)
            if a.startswith("0") or (nxt is not None and self.t[nxt].kind == "word" and self.t[nxt].text[0].isupper()):
                self.emit(self.phone([a, b]))
                return
        k = self.i - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        weekday = k >= 0 and self.t[k].kind == "abbr" and (ab := self.sp.abbr_ci.get(self.t[k].text.lower())) is not None and bool(ab.dated)
        hours = k >= 0 and (self.t[k].text.lower().startswith("godz") or weekday and self._hours_follow(self.i))
        if hours and a.isdecimal() and b.isdecimal() and int(a) <= 24 and int(b) <= 24:
            # "w godzinach 8-16", "w godz. 10–12", "dyżur: śr. 12-14" -> "od ósmej do szesnastej"
            self.emit(f"{self.sp.say['from']} {num.ordinal(int(a), 'gen', 'f')} {self.sp.say['range']} {num.ordinal(int(b), 'gen', 'f')}")
            return
        if (said := self._range_compound(a, b)) is not None:
            self.emit(said)  # "2-3-osobowe", "3-4 osobowe" -> "dwu, trzyosobowe"
            return
        if (times := self._dotted_times(a, b)) is not None:
            # "9.00–16.00", "w godz. 12.15-12.45": hours written with a dot
            after_hour = k >= 0 and self.t[k].text.lower().startswith("godz")  # "w godz. 9.00-16.00" -> "w godzinach od dziewiątej..."
            lead = "" if self.prev_word(self.i) in self.sp.preps and not after_hour else self.sp.say["from"] + " "
            self.emit(f"{lead}{times[0]} {self.sp.say['range']} {times[1]}")
            return
        month_after = self._noun_after(self.i)
        if month_after is not None and month_after.lower() in self.sp.months and a.isdecimal() and b.isdecimal() and 1 <= int(a) < int(b) <= 31:
            lead = "" if self.prev_word(self.i) in self.sp.preps else self.sp.say["from"] + " "  # "5–7 czerwca"
            self.emit(f"{lead}{num.ordinal(int(a), 'gen')} {self.sp.say['range']} {num.ordinal(int(b), 'gen')}")
            return
        if (dm := self.day_month(b)) and self.dotted_date(self.i):
            first = self.day_month(a)
            if first is None and a.isdecimal() and 1 <= int(a) < dm[0]:
                first = (int(a), dm[1])  # "21-25.03": the days of one month
            if first is not None:
                months = self.sp.lex.grammar["months"]
                lead = "" if self.prev_word(self.i) in self.sp.preps else self.sp.say["from"] + " "
                start = num.ordinal(first[0], "gen") + ("" if first[1] == dm[1] else " " + months[first[1] - 1])
                self.emit(f"{lead}{start} {self.sp.say['range']} {num.ordinal(dm[0], 'gen')} {months[dm[1] - 1]}")
                return
        if re.fullmatch(r"(19|20)\d\d", a) and re.fullmatch(r"(19|20)\d\d", b):
            prev = self.prev_word(self.i)
            if prev.startswith("lat"):  # "w latach 2020-2024"
                self.emit(f"{num.cardinal(int(a))} {self.sp.say['range']} {num.cardinal(int(b))}")
                return
            lead = "" if prev in self.sp.preps else self.sp.say["from"] + " "
            self.emit(f"{lead}{num.ordinal(int(a), 'gen')} {self.sp.say['range']} {num.ordinal(int(b), 'gen')}")
            return
        u = self.unit_after(self.i)
        gender = u[1].gender if u else "m"
        noun = None if u else self._noun_after(self.i)
        case = self.case_for(self.i, False, noun)
        whole = b.isdecimal() and a.isdecimal()
        if noun is not None and whole and not noun.isupper():  # "2-4 GPU": an acronym does not decline
            gender = "mp" if self.people_after(self.i, int(b)) else self.sp.gender_of(noun, int(b))
            if (case == "nom" and gender != "mp" and plural_category(int(b)) == "few") or case in ("dat", "inst", "loc"):
                # "2-3 osoby": the noun agrees with "trzy", so "do trzech osoby" would be wrong;
                # Poles say "dwie, trzy osoby", "dwa, trzy dni", "z dwiema, trzema osobami".
                self.emit(f"{one(a, case, gender)}, {one(b, case, gender)}")
                return
        spoken = f"{one(a, case, gender)} {self.sp.say['range']} {one(b, 'gen', gender)}"
        if u is not None:
            frac = "," in b or "." in b
            spoken += " " + u[1].form("frac" if frac else "many", "gen")
            self.i = u[0]
        self.emit(spoken)
        self.end_dot()

    def _range_compound(self, a: str, b: str) -> str | None:
        """A range joined to an adjective: "2-3-osobowe" or "3-4 osobowe" (grammar: compound_tails),
        said "dwu, trzyosobowe"; consumes the adjective. None when no such adjective follows."""
        if not (a.isdecimal() and b.isdecimal()):
            return None
        j = self.i + 1
        glued = self.tok(j) is not None and self.t[j].text in ("-", "‐") and self.tok(j + 1) is not None and self.t[j + 1].kind in ("word", "plain")
        k = j + 1 if glued else self.next_idx(self.i)
        tail = self.t[k].text if k is not None and self.t[k].kind in ("word", "plain") else ""
        if not tail.islower() or not (glued or tail.startswith(self.sp.compound_tails)):
            return None
        first, second = self.number_compound(int(a), tail), self.number_compound(int(b), tail)
        if " " in first or " " in second or not first.endswith(tail):
            return None  # no compound prefix for one of the numbers ("100-200 osobowe")
        self.i = k  # type: ignore[assignment]
        return f"{first[: -len(tail)]}, {second}"

    def _dotted_times(self, a: str, b: str) -> tuple[str, str] | None:
        """Both ends of "9.00–16.00" said as hours in the genitive, or None when they are not times:
        H.MM with a real hour and minutes in fives, the first before the second (not "0.85-0.90")."""
        ends = [re.fullmatch(r"(\d{1,2})\.(\d{2})", x) for x in (a, b)]
        if not all(ends):
            return None
        hm = [(int(m.group(1)), int(m.group(2))) for m in ends]  # type: ignore[union-attr]
        if not all(1 <= h <= 24 and m < 60 and m % 5 == 0 for h, m in hm) or hm[0] >= hm[1]:
            return None
        num = self.sp.num
        return tuple(  # type: ignore[return-value]
            " ".join([num.ordinal(h, "gen", "f"), *([num.cardinal(m) if m >= 10 else num.digits(f"{m:02d}")] if m else [])]) for h, m in hm
        )

    def do_sci(self, t: Tok) -> None:
        """Scientific notation: "1e-3" -> "dziesięć do potęgi minus trzy",
        "2.5e-4" -> "dwa przecinek pięć razy dziesięć do potęgi minus cztery"."""
        num, sp = self.sp.num, self.sp
        m = re.fullmatch(r"(\d+)(?:[.,](\d+))?[eE]([-+−]?)(\d+)", t.text)
        assert m is not None
        whole, frac, sign, exp = m.groups()
        power = f"{num.cardinal(10)} {sp.lex.symbols.get('^', 'do potęgi')} {sp.say['minus'] + ' ' if sign in ('-', '−') else ''}{num.cardinal(int(exp))}"
        if frac is None and int(whole) == 1:
            self.emit(power)
            return
        mantissa = num.decimal(whole, frac) if frac is not None else num.cardinal(int(whole))
        self.emit(f"{mantissa} {sp.say['times']} {power}")

    def do_phone(self, t: Tok) -> None:
        """A phone number, group by group: "+48 22 123 45 67" -> "plus czterdzieści osiem,
        dwadzieścia dwa, sto dwadzieścia trzy, czterdzieści pięć, sześćdziesiąt siedem"."""
        text = t.text
        if m := re.fullmatch(r"\+48(\d{3})(\d{3})(\d{3})", text):
            groups = ["+48", *m.groups()]
        else:
            groups = re.findall(r"\+?\d+", text)
        self.emit(self.phone(groups))

    def phone(self, groups: list[str]) -> str:
        """Digit groups as a Poles reads a phone number, separated by short pauses."""
        num, said = self.sp.num, []
        for g in groups:
            lead = ""
            if g.startswith("+"):
                lead, g = self.sp.lex.symbols.get("+", "plus") + " ", g[1:]
            zeros = len(g) - len(g.lstrip("0"))
            rest = g[zeros:]
            if len(rest) == 4:  # "4567" -> "czterdzieści pięć sześćdziesiąt siedem", as a model number
                body = self.series(rest) or num.cardinal(int(rest))
            elif len(rest) > 4:
                body = num.digits(rest)
            else:
                body = num.cardinal(int(rest)) if rest else ""
            said.append(lead + " ".join(filter(None, [num.digits("0" * zeros), body])))
        return ", ".join(said)

    def phone_context(self, j: int) -> bool:
        """Whether a phone word ("tel.", "telefon", "zadzwoń", "nr") comes shortly before token ``j``."""
        seen = 0
        for k in range(j - 1, max(-1, j - 10), -1):
            t = self.t[k]
            if t.kind == "space" or t.text in (":", "-", "–", "("):
                continue
            if t.text.lower().rstrip(".") in self.sp.phone_words:
                return True
            seen += 1
            if seen >= 3:
                break
        return False

    def spaced_phone(self, t: Tok) -> bool:
        """Whether a 3-3-3 number like "601 234 567" is a phone number rather than 601 million.

        Thousands and phone numbers look alike here, so: a phone word before it decides; without
        one it is a phone number unless it ends in "000" (round amounts) or a unit or a noun
        follows it ("123 456 789 rekordów"): amounts are followed by what they count, phone
        numbers by punctuation or a conjunction ("601 234 567 albo ...").
        """
        if self.phone_context(self.i):
            return True
        if t.text.endswith("000") or self.unit_after(self.i) is not None or self.prev_word(self.i) in self.sp.decimal_after:
            return False  # "100 000 000", "123 456 789 zł", "wynosi 123 456 789"
        k = self.next_idx(self.i)
        nt = self.tok(k) if k is not None else None
        return nt is None or nt.kind not in ("word", "abbr") or nt.text.lower() in self.sp.phone_followers

    def do_unit(self, t: Tok) -> None:
        """A unit symbol not consumed by its number ("%" after a time, "°C" alone)."""
        key = t.text.strip()
        self.emit(self.sp.lex.symbols.get(key) or self.sp.lex.units[key].many)

    def do_frac(self, t: Tok) -> None:
        """"1/2" -> "jedna druga", "3/4" -> "trzy czwarte", "24/7" -> "dwadzieścia cztery na siedem"."""
        a, b = map(int, t.text.split("/"))
        num = self.sp.num
        dated = re.fullmatch(r"\d{1,2}/(?:0[1-9]|1[0-2])", t.text) and self.day_month(t.text.replace("/", "."))
        if dated and (t.text.split("/")[1].startswith("0") or a > 12):
            # "15/06", "30/11": a day and a month (a fraction has no leading zero and a day above 12 is no ratio)
            self.emit(f"{self.day(a, self.i)} {self.sp.lex.grammar['months'][b - 1]}")
            return
        if 0 < a < b <= 10:
            # The case from a preposition: "o 1/3" -> "o jedną trzecią", "do 2/3" -> "do dwóch trzecich",
            # "w 1/4" -> "w jednej czwartej" (w/po/przy + a fraction: the locative).
            prev = self.prev_word(self.i)
            prep = self.sp.preps.get(prev)
            case = "nom" if prep is None else ("acc" if prev == "o" else prep[1] if prep[1] == "loc" else prep[0])
            cat = plural_category(a)
            if cat == "one":
                form = (case, "f")
            elif case in ("nom", "acc"):
                form = ("nom", "pl") if cat == "few" else ("gen", "pl")
            else:
                form = (case, "pl")
            self.emit(f"{num.cardinal(a, case, 'f')} {num.ordinal(b, *form)}")
            if (u := self.unit_after(self.i)) is not None:  # "1/2 kg" -> "jedna druga kilograma"
                self.emit(u[1].gen_one)
                self.i = u[0]
        else:
            self.emit(f"{num.cardinal(a)} {self.sp.say['per']} {num.cardinal(b)}")

    def do_version(self, t: Tok) -> None:
        num = self.sp.num
        body = t.text
        if _THOUSANDS_DOTS.fullmatch(body):  # "1.000.000" is a number, not a version
            self.do_num(Tok("num", body.replace(".", "")))
            return
        if (m := re.fullmatch(r"(\d{1,2}\.\d{2})\.(\d{2})", body)) and self.day_month(m.group(1)) and not self.after_product(self.i):
            yy = int(m.group(2))  # "21.03.24": a date with a two-digit year
            self.do_date(Tok("date", f"{m.group(1)}.{(2000 if yy < 50 else 1900) + yy}"))
            return
        words = []
        if body.startswith("v"):
            words.append(self.sp.say["version"])
            body = body[1:]
        words.append(f" {self.sp.say['dot']} ".join(num.cardinal(int(p)) for p in body.split(".")))
        self.emit(" ".join(words))

    # --- abbreviations, code, links ----------------------------------------------------

    def do_abbr(self, t: Tok) -> None:
        sp = self.sp
        nxt_tok = self.tok(self.i + 1)
        if nxt_tok is not None and nxt_tok.text == "(" and t.text in sp.formula_words.functions:
            self.do_word(t)  # "max(0, x)": a function call, not the abbreviation "max" ("maks")
            return
        ab: Abbreviation | None = sp.lex.abbreviations.get(t.text) or sp.abbr_ci.get(t.text.lower())
        if ab is None:
            unit = sp.lex.units.get(t.text)  # a dotted unit without a number ("mies.")
            self.emit(unit.many if unit else "")
            return
        if "." not in t.text and self.tok(self.i + 1) is not None and self.t[self.i + 1].text == "(" and self.math_parens(self.i + 1) is not None:
            self.emit(sp.lex.acronyms.get(t.text) or sp.letters(t.text))  # "np(1-p)": a product in a formula, not "na przykład"
            return
        spoken = ab.say
        nxt = self.next_idx(self.i)
        dotted = sp.abbr_ci.get(t.text.lower() + ".")
        nt = self.tok(nxt) if nxt is not None else None
        before_number = nt is not None and (
            nt.kind in ("num", "range", "numw", "frac", "time", "date", "version")
            or nt.text[:1].isdecimal()
            or (nt.text in sp.lex.units and sp.lex.units[nt.text].before)  # "ok. $5"
        )
        if dotted is not None and before_number:
            spoken = dotted.say  # "ok 5 osób": the undotted "ok" is "około" before a number
        elif ab.alone and not before_number:
            spoken = ab.alone  # "Było ok." -> "okej"
        if ab.cases:
            prep = sp.preps.get(self.prev_word(self.i))
            if prep:
                spoken = ab.cases.get(prep[1], ab.say)
                unit = sp.lex.units.get(t.text)
                if unit is not None and prep[1] in ("gen", "loc", "inst") and self.prev_word(self.i) != "o" and self._span_follows(nxt):
                    spoken = unit.form("many", prep[1])  # "w godz. 10-12" -> "w godzinach od dziesiątej do dwunastej"
        if ab.dated and not (ab.cases and sp.preps.get(self.prev_word(self.i))) and (self._after_dated_bracket() or self._hours_follow(nxt)):
            spoken = ab.dated  # "kolokwium 5.07 (pt.)": the weekday of that date
        if ab.agrees and nt is not None and nt.kind == "word":
            low = nt.text.lower()
            english = low in sp.lex.words or low in sp._phrases  # loanwords are masculine: "tzw. feature store"
            spoken = spoken if english else ab.agrees.get(_adjective_gender(nt.text), spoken)
        self.emit(spoken)
        if t.text.endswith(".") and (self.next_idx(self.i, 99) is None or (ab.final and self.dot_ends_sentence(self.i))):
            self.emit(".")  # the abbreviation's dot also ended the sentence ("itd. Potem")

    def _hours_follow(self, k: int | None) -> bool:
        """Whether token ``k`` is an hour or a span of hours with no noun after it ("10:00", "12-14", "9:00-11:00")."""
        t = self.tok(k) if k is not None else None
        if t is None or t.kind not in ("time", "range"):
            return False
        if t.kind == "range":
            parts = re.split(r"[ \u00a0]?[–—-][ \u00a0]?", t.text)
            nxt = self.next_idx(k)  # type: ignore[arg-type]
            noun = nxt is not None and self.t[nxt].kind in ("word", "abbr", "unit") and self.t[nxt].text.lower() not in self.sp.not_nouns
            if not all(p.isdecimal() and int(p) <= 24 for p in parts) or noun:
                return False  # "śr. 12-14 pkt" is an average
        return True

    def _after_dated_bracket(self) -> bool:
        """Whether the token here follows "(" that follows a date ("5.07 (pt.)", "12.06.2024 (sob.)")."""
        k = self.i - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k < 0 or self.t[k].text != "(":
            return False
        k -= 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        return k >= 0 and (self.t[k].kind == "date" or self.t[k].kind == "num" and self.day_month(self.t[k].text) is not None)

    def _span_follows(self, k: int | None) -> bool:
        """Whether token ``k`` starts a span of numbers or times ("10-12", "9:00–17:00")."""
        t = self.tok(k) if k is not None else None
        if t is None or t.kind not in ("range", "time"):
            return False
        if t.kind == "range":
            return True
        k2 = self.next_idx(k)  # type: ignore[arg-type]
        k3 = self.next_idx(k2) if k2 is not None else None
        return k3 is not None and self.t[k2].text in ("-", "–", "—") and self.t[k3].kind == "time"  # type: ignore[index]

    def do_code(self, t: Tok) -> None:
        body = t.text.strip("`").strip()
        if body in self.sp.lex.code_symbols:
            self.emit(self.sp.lex.code_symbols[body])
            return
        self.emit(self.sp.speak(body, self.fd, code=True).strip(".,;:!? "))

    def do_math(self, t: Tok) -> None:
        latex = t.text[1:-1]
        after = self.tok(self.i + 2)
        if len(latex) == 1 and self.tok(self.i + 1) is not None and self.t[self.i + 1].text == "-" and after is not None:
            if (said := self.letter_ordinal(f"{latex}-{after.text}")) is not None:
                self.emit(said)  # "$i$-tego" -> "itego"
                self.i += 2
                return
        try:
            words = say_formula(latex, self.sp.formula_words)
        except UnknownCommand as exc:
            self.find("formula", t.text, f"not spoken: no spoken form for {exc.command}; add it to the lexicon (formulas)")
            return
        self.emit(self.sp.speak(words, self.fd).strip(".,;:!? "))

    def host(self, host: str) -> str:
        """A domain name: "github.com" -> "github kropka kom"."""
        parts = host.strip(".").split(".")
        said = []
        for idx, p in enumerate(parts):
            if not p:
                continue
            low = p.lower()
            if idx == len(parts) - 1 and low in self.sp.lex.extensions:
                said.append(self.sp.lex.extensions[low])
            else:
                said.append(" ".join(self.word(x) for x in re.split(r"[-_]", p) if x))
        return f" {self.sp.say['dot']} ".join(said)

    def do_url(self, t: Tok) -> None:
        url = t.text
        trail = re.search(r"[.,;:!?)\]]+$", url)
        if trail:
            url = url[: trail.start()]
        scheme = re.match(r"^(s3a?|gs|hdfs)://", url, flags=re.I)
        if scheme:
            self.emit(self.word(scheme.group(1)))  # "s3://my-bucket" -> "es trzy my baket": the storage is part of the name
        host = re.sub(r"^(?:https?|ftp|s3a?|gs|hdfs)://", "", url, flags=re.I)
        host = re.sub(r"^www\.", "", host, flags=re.I).split("/")[0].split("?")[0]
        host, _, port = host.partition(":")
        self.emit(self.host(host))
        if port.isdecimal():  # "http://localhost:5000": in a course the port is what you type
            self.emit(f"{self.sp.lex.code_symbols.get(':', ':')} {self.sp.num.cardinal(int(port))}")
        if trail:
            self.emit(trail.group().replace(")", ",").replace("]", ","))

    def do_email(self, t: Tok) -> None:
        local, domain = t.text.split("@", 1)
        names = self.sp.lex.code_symbols
        pieces = re.split(r"([._+-])", local)
        said = [names.get(p, "") if p in "._+-" else self.word(p) for p in pieces if p]
        at = self.sp.lex.symbols.get("@", self.sp.say["at"])
        self.emit(" ".join(filter(None, said)) + f" {at} " + self.host(domain))

    def do_path(self, t: Tok) -> None:
        """A file path ("/home/user/data", "data/raw/train.csv") read as code: "ukośnik", "kropka", the extension's name."""
        names, ext = self.sp.lex.code_symbols, self.sp.lex.extensions
        pieces = re.findall(r"[^/\\.~:_-]+|[/\\.~:_-]", t.text)
        said = []
        for k, p in enumerate(pieces):
            if p in names or len(p) == 1 and not p.isalnum():
                said.append(names.get(p, ""))
            elif k == len(pieces) - 1 and k and pieces[k - 1] == "." and p.lower() in ext:
                said.append(ext[p.lower()])  # "train.csv" -> "train kropka ce es fau"
            else:
                said.append(self.word(p))
        self.emit(" ".join(filter(None, said)))

    def do_ident(self, t: Tok) -> None:
        """A dotted code name in prose: "df.groupby()" -> "de ef kropka grup baj", "pd.read_csv" -> "pe de kropka rid ce es fau"."""
        dot = self.sp.lex.code_symbols.get(".", self.sp.say["dot"])
        names = t.text.removesuffix("()").split(".")
        said = [" ".join(self.word(w) for w in name.split("_") if w) for name in names]
        self.emit(f" {dot} ".join(filter(None, said)))

    def do_domain(self, t: Tok) -> None:
        name = t.text.split("/")[0]
        said = self.sp.lookup(name)
        self.emit(said if said is not None else self.host(name))

    # --- symbols --------------------------------------------------------------------

    def operand(self, k: int | None, acronyms: bool = True) -> bool:
        """Whether token ``k`` can be a term of plain-text math: a number, a Greek letter, a lone
        letter that is not a Polish one-letter word ("x", "n", "X"; not "w", "z", "i"), a short
        acronym ("TP", "FN"), or a closing bracket."""
        t = self.tok(k) if k is not None else None
        if t is None:
            return False
        w = t.text
        if t.kind in ("num", "sci") or w in (")", "]"):
            return True
        if t.kind == "word" and self.tok(k - 1) is not None and self.t[k - 1].text in ("_", "^"):  # type: ignore[operator]
            return True  # a subscript: "y_i - ŷ_i"
        if t.kind == "word" and w == self.sp.formula_words.superscripts.get("2"):
            return True  # "σ²/n": "σ kwadrat" ends a term
        if t.kind != "word":
            return False
        if len(w) == 1:
            return (not w.isascii() and w in self.sp.lex.letters) or (w.isalpha() and w.lower() not in self.sp.one_letter_words)
        return acronyms and w.isupper() and w.isascii() and len(w) <= 4  # "TP / (TP + FN)"

    def prev_ns(self, j: int) -> int | None:
        """Index of the non-space token before ``j`` (at most one space between)."""
        k = j - 1
        if self.tok(k) is not None and self.t[k].kind == "space":
            if len(self.t[k].text) > 1 or "\n" in self.t[k].text:
                return None
            k -= 1
        return k if self.tok(k) is not None else None

    def math_parens(self, at: int, opening: str = "(") -> int | None:
        """The index of the ")" closing a plain-text formula in parentheses opened at ``at``
        ("(x - μ) / σ", "(TP + FN)", "(y_i − ŷ_i)²"): only terms, operators and spaces inside,
        and at least one operator. None: ordinary parentheses, said as a pause."""
        ops = {"+", "-", "−", "–", "*", "×", "·", "/", "^", "_", "|"}  # not "=": "(SD = 1,1)" is an aside
        # "P(θ)", "N(μ, σ²)", "t(98)", "Bern(p)": a function applied, the "(" glued to a short name
        before = self.tok(at - 1)
        applied = before is not None and before.kind in ("word", "abbr") and (len(before.text) <= 4 or before.text in self.sp.formula_words.functions)
        seen_op = False
        closing = "]" if opening == "[" else ")"
        for k in range(at + 1, min(len(self.t), at + 40)):
            t = self.t[k]
            if t.text == closing:
                return k if seen_op or (applied and k > at + 1) else None
            if t.kind == "space" or t.text in self.sp.power_words:
                continue
            if t.text in ops or (t.kind == "word" and self.minus_word(t.text)) or (t.kind == "sym" and t.text not in ("=", "~") and unicodedata.category(t.text[0]) == "Sm"):
                seen_op = True  # "(1-β)": the hyphenated word is a difference; "(A∩B)", "(x ≤ 1)"
            elif t.text not in ("=", ",", "~") and not (self.operand(k) or (t.kind == "word" and len(t.text) <= 2 and t.text.isascii())):
                return None
        return None

    def plain_math(self, s: str) -> bool:
        """Math written in plain text, outside $...$: "1 - β", "(x - μ) / σ", "α/m", "λ → ∞",
        "Σ (y_i - ŷ_i)", "x ∈ [0, 1]", "precision@k". True when the symbol was said here."""
        words = self.sp.formula_words.plain
        if not words or self.code:
            return False
        p, n = self.prev_ns(self.i), self.next_idx(self.i)
        nt = self.tok(n) if n is not None else None
        if s == "]" and self._silent_paren == self.i:
            return True
        if s in ("(", ")"):
            if s == "(" and (close := self.math_parens(self.i)) is not None:
                self._silent_paren = close
                return True
            return self._silent_paren == self.i
        spaced = self.tok(self.i - 1) is not None and self.t[self.i - 1].kind == "space"
        if s in ("-", "−") and not spaced and p is not None and self.t[p].text in ("^", "(", "=") and self.operand(n, False):
            # a sign: "10^-4", "e^(-3)", "(-x)": said with its number, which is no range end
            self.emit(f"{words['minus']} {self.sp.speak(nt.text, self.fd)}")  # type: ignore[union-attr]
            self.i = n  # type: ignore[assignment]
            return True
        if s in ("·", "⋅", "∙") and p is not None and (self.operand(p) or self.t[p].text == ")") and (self.operand(n) or (nt is not None and nt.text == "(")):  # type: ignore[index]
            self.emit(self.sp.say["times"])  # "3·10⁻⁴", "P(D|θ)·P(θ)"
            return True
        inside = self._silent_paren > self.i  # within "(x - μ)": acronyms are terms too ("TP + FN")
        if s == "^" and not spaced and nt is not None and n == self.i + 1 and nt.text in self.sp.formula_words.superscripts:
            self.emit(self.sp.formula_words.superscripts[nt.text])  # "R^2" -> "R kwadrat", as "R²" and $R^2$
            self.i = n
            return True
        if s == "√" and nt is not None and n == self.i + 1 and nt.kind == "num":
            root, _, prep = self.sp.lex.symbols.get("√", "").rpartition(" ")
            if root:  # "√2" -> "pierwiastek z dwóch": the number after the preposition
                self.emit(f"{root} {self.sp.speak(f'{prep} {nt.text}', self.fd)}")
                self.i = n
                return True
        if s == "∂" and "derivative" in words:
            m = re.match(r"∂(\w+)/∂(\w+)", "".join(t.text for t in self.t[self.i : self.i + 5]))
            if m:  # "∂L/∂w" -> "pochodna cząstkowa L po w", as $\frac{\partial L}{\partial w}$
                self.emit(f"{words['derivative']} {self.sp.speak(m[1], self.fd)} {words['by']} {self.sp.speak(m[2], self.fd)}")
                self.i += 4
                return True
        if s == "‖":
            end = next((k for k in range(self.i + 2, min(len(self.t), self.i + 20)) if self.t[k].text == "‖"), None)
            if end is not None:  # "‖w‖²" -> "norma w kwadrat"
                inner = "".join(t.text for t in self.t[self.i + 1 : end])
                self.emit(f"{words['norm']} {self.sp.speak(inner, self.fd)}")
                self.i = end
                return True
        if s == "^" and p is not None and self.t[p].text in words.get("space_letters", ""):
            return True  # "ℝ^n" -> "er n": a space's dimension, not a power
        if s == "|" and inside:
            self.emit(self.sp.formula_words.symbols.get("mid", ","))  # "P(D|θ)" -> "P D pod warunkiem teta"
            return True
        if s == "|" and self.tok(self.i + 1) is not None and self.t[self.i + 1].text == "|":
            end = next((k for k in range(self.i + 3, min(len(self.t), self.i + 20)) if self.t[k].text == "|" and self.t[k - 1].text == "|"), None)
            if end is not None:  # "||g||" -> "norma g"
                inner = "".join(t.text for t in self.t[self.i + 2 : end - 1])
                self.emit(f"{words['norm']} {self.sp.speak(inner, self.fd)}")
                self.i = end
                return True
        if s in ("~", "∼") and spaced and self.operand(p, False) and nt is not None and nt.kind == "word" and (n is not None and self.tok(n + 1) is not None and self.t[n + 1].text == "("):
            self.emit(self.sp.formula_words.symbols.get("sim", ""))  # "X ~ Bern(p)" -> "X ma rozkład Bern p"
            return True
        if s in ("-", "–") and nt is not None and nt.text == "(" and self.operand(p, inside) and self.math_parens(n) is not None:  # type: ignore[arg-type]
            self.emit(words["minus"])  # "1 - (1 - α)^3"
            return True
        if s in ("-", "–") and self.operand(p, inside) and self.operand(n, inside) and nt is not None and nt.text not in (")", "]"):
            pt = self.t[p]  # type: ignore[index]
            capital = lambda t: len(t.text) == 1 and t.text.isascii() and t.text.isupper()  # noqa: E731
            if not inside and (capital(pt) or capital(nt)) and not (self.small_letter(pt) or self.small_letter(nt)):
                return False  # "Krok 2 - X", "Model A - B": a dash in prose, unless a variable is on the other side
            numbers = pt.kind == "num" and nt.kind == "num"
            if not numbers and (spaced or s == "-"):
                self.emit(words["minus"])  # "1 - β", "x - μ"; two numbers are a range
                return True
        if s == "/" and p is not None and (self.operand(p) or self.t[p].text == ")") and (self.operand(n) or (nt is not None and nt.text in ("(", "√"))):  # type: ignore[index]
            pt = self.t[p]  # type: ignore[index]
            greek = lambda t: len(t.text) == 1 and not t.text.isascii() and t.text in self.sp.lex.letters  # noqa: E731
            unit = nt is not None and nt.text in self.sp.lex.units and pt.kind == "num"  # "$3/h" is "na godzinę"
            if nt is not None and nt.kind == "word" and nt.text[:1].isdecimal() and pt.kind == "num":
                self.emit(self.sp.say["per"])  # "$2.50 / 1M tokenów": a price per amount
                return True
            if not unit and (spaced or pt.text == ")" or greek(pt) or (nt is not None and (nt.text in ("(", "√") or greek(nt))) or (pt.kind == "num" and nt is not None and nt.kind == "word")):
                self.emit(words["over"])  # "(x - μ) / σ", "α/m", "1/n"
                return True
        if s in ("→", "->") and self.operand(p, False) and self.t[p].kind == "word" and nt is not None and (nt.kind == "num" or nt.text == "∞"):  # type: ignore[index]
            if nt.text == "∞":  # "λ → ∞" -> "dąży do nieskończoności"
                inf = self.sp.lex.symbols.get("∞", "")
                self.emit(f"{words['tends_to']} {self.sp.formula_words.genitive.get(inf, inf)}")
                self.i = n  # type: ignore[assignment]
            elif nt.kind == "num":  # "n → 0" -> "dąży do zera": the number after the preposition
                self.emit(self.sp.speak(f"{words['tends_to']} {nt.text}", self.fd))
                self.i = n  # type: ignore[assignment]
            return True
        if s == "Σ" and nt is not None and (nt.text == "(" or (self.tok(n + 1) is not None and self.t[n + 1].text == "_")):  # type: ignore[operator]
            self.emit(words["sum"])
            return True
        if s in self.sp.formula_words.marks and p == self.i - 1 and self.t[p].kind == "word" and len(self.t[p].text) == 1:  # type: ignore[index]
            self.emit(self.sp.formula_words.marks[s])  # "x̄": a letter and a combining mark
            return True
        if s == "∈" and nt is not None and nt.text in ("[", "{", "("):
            close = ("}",) if nt.text == "{" else (")", "]")  # "[0, 1]", "(0, 1)", "[0, 1)"
            end = next((k for k in range(n + 1, min(len(self.t), n + 30)) if self.t[k].text in close), None)  # type: ignore[operator]
            if end is None:
                return False
            inner = "".join(t.text for t in self.t[n + 1 : end])  # type: ignore[operator]
            if nt.text == "{":
                dots = self.sp.formula_words.symbols.get("ldots")
                inner = re.sub(r"\.\.\.|…", f" {dots} " if dots else " ", inner)  # "{2, ..., 10}"
                said = f"{words['set']} {self.sp.speak(inner, self.fd)}"
            else:
                parts = [x.strip() for x in inner.split(";" if ";" in inner else ",")]
                if len(parts) != 2 or not all(parts):
                    return False  # not an interval: "∈ (a, b, c)"
                said = f"{words['interval']} {self.sp.speak(self.span(parts[0], parts[1]), self.fd)}"
            self.emit(self.sp.lex.symbols.get("∈", ""))
            self.emit(said)
            self.i = end
            return True
        if s == "[" and (end := next((k for k in range(self.i + 1, min(len(self.t), self.i + 12)) if self.t[k].text == "]"), None)):
            inner = "".join(t.text for t in self.t[self.i + 1 : end])
            if m := re.fullmatch(r"\s*(-?\d+(?:[.,]\d+)?)\s*;\s*(-?\d+(?:[.,]\d+)?)\s*", inner):
                self.emit(self.sp.speak(self.span(m[1], m[2]), self.fd))  # "95% CI [0,82; 0,91]": an interval
                self.i = end
                return True
        if s == "@" and not spaced and p is not None and self.t[p].kind in ("word", "abbr") and nt is not None and (nt.kind == "num" or (nt.kind == "word" and len(nt.text) == 1)):
            self.emit(words["at"])  # "precision@k", "NDCG@10"
            return True
        return False

    def percent_adjective(self, n: int, unit_at: int) -> str | None:
        """"N%" as an adjective: after "z", before a noun in the instrumental (grammar: percent_adjective)."""
        forms: dict[str, str] = self.sp.lex.grammar.get("percent_adjective", {})
        if not forms or self.t[unit_at].text.strip() != "%" or self.prev_word(self.i) not in ("z", "ze"):
            return None
        k = self.next_idx(unit_at)
        noun = self.t[k].text.lower() if k is not None and self.t[k].kind == "word" else ""
        end = next((e for e in sorted(forms, key=len, reverse=True) if noun.endswith(e)), None)
        return self.number_compound(n, forms[end]) if end and len(noun) > 4 else None

    def span(self, a: str, b: str) -> str:
        """"od a do b" with the grammar's words, for the normalizer to put the numbers in the genitive."""
        return f"{self.sp.say['from']} {a} {self.sp.say['range']} {b}"

    def do_sym(self, t: Tok) -> None:
        s, sp = t.text, self.sp
        if self.plain_math(s):
            return
        nxt = self.next_idx(self.i, max_space=0)
        nt = self.tok(nxt) if nxt is not None else None
        prev = self.tok(self.i - 1)
        if self.code and s == "." and nt is not None and nt.kind == "word":
            self.emit(sp.lex.code_symbols.get(".", sp.say["dot"]))  # ".env", "./run.sh"
            return
        if self.code and s == ":" and prev is not None and prev.kind != "space" and nt is not None and nt.kind != "space":
            self.emit(sp.lex.code_symbols.get(":", s))  # "python:3.11", "-p 8080:80", "user:pass": a separator, not a pause or ratio
            return
        if s in ("^", "~") and nt is not None and nt.kind == "version" and (prev is None or prev.kind == "space"):
            self.emit(sp.lex.code_symbols.get(s, s))  # a semver range: "^1.2.0" -> "daszek jeden kropka dwa kropka zero"
            return
        if s == "/" and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("num", "version") \
                and (prev.text in sp.lex.acronyms or prev.text.isupper()):
            return  # a protocol version: "HTTP/2", "HTTP/1.1" -> "ha te te pe dwa"
        if s == ":" and not self.code and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("num", "version") \
                and prev.text.isascii() and prev.text.islower():
            self.emit(sp.lex.code_symbols.get(":", s))  # an image tag or a port in prose: "python:3.12", "localhost:8080"
            return
        if s == "." and prev is not None and nt is not None and prev.kind == "num" and nt.kind == "word" and nt.text[:1].isdecimal():
            self.emit(sp.lex.code_symbols.get(".", sp.say["dot"]))  # "3.12-slim": a version glued to a tag
            return
        if s == "." and not self.code and (prev is None or prev.kind == "space") and nt is not None and nt.kind == "word" \
                and nt.text[:1].islower() and nt.text.isascii():
            self.emit(sp.lex.code_symbols.get(".", sp.say["dot"]))  # a dotfile in prose: ".gitignore", ".env"
            return
        if s == "." and not self.code and prev is not None and nt is not None and prev.kind == "word" and nt.kind == "word" \
                and (any(c.isdecimal() for c in prev.text + nt.text[:1]) or prev.text.isupper() and nt.text.isupper()):
            self.emit(sp.lex.code_symbols.get(".", sp.say["dot"]))  # "m5.2xlarge", "MAJOR.MINOR": a name, not a sentence end
            return
        if s == "*" and not self.code and self._star_is_all():
            self.emit(sp.lex.code_symbols.get("*", s))  # "SELECT * FROM", "COUNT(*)": every column
            return
        if s == ":" and prev is not None and prev.kind == "num" and nt is not None and nt.kind == "num":
            if self.prev_word(self.i - 1).startswith(sp.port_words):
                self.emit(sp.lex.code_symbols.get(":", s))  # "na porcie 8080:80": a port mapping
                return
            self.emit(sp.say["range"])  # a ratio: "3:1" -> "trzy do jednego", "1:1000" -> "jeden do tysiąca"
            return
        if s in ".,?!:;":
            self.emit(s)
            return
        if s in ("...", "…"):
            self.emit("...")
            return
        unit = sp.lex.units.get(s)
        if unit is not None and unit.before and nt is not None and nt.kind == "num":  # "$5"
            raw = nt.text.replace(",", ".")
            case = self.case_for(self.i, False)  # "ok. $5" -> "około pięciu dolarów"
            self.i = nxt  # type: ignore[assignment]
            if "." in raw:
                whole, frac = raw.split(".", 1)
                self.emit(self.number_unit(None, (whole, frac), unit, case))
            else:
                self.emit(self.number_unit(int(re.sub(r"\D", "", raw)), None, unit, case))
            return
        if self.code:
            if s in sp.lex.code_symbols:
                self.emit(sp.lex.code_symbols[s])
                return
        prev_ns = self.tok(self.i - 2) if prev is not None and prev.kind == "space" else prev
        k_ns = self.next_idx(self.i)
        next_ns = self.tok(k_ns) if k_ns is not None else None
        if (
            s in ("-", "–", "—", "‐")
            and prev_ns is not None
            and prev_ns.kind in ("num", "time")
            and next_ns is not None
            and next_ns.kind == prev_ns.kind
        ):
            after = [t.text for t in self.t[k_ns + 1 : k_ns + 4] if t.kind != "space"] if k_ns is not None else []
            self.emit(sp.say["minus"] if after[:1] == ["="] else sp.say["range"])  # "9:00-17:00", "5 - 10"; "10 - 5 = 5"
            return
        if s == "==" and ((prev is None or prev.kind == "space") != (nt is None or nt.kind == "space")):
            return  # an Obsidian ==highlight== mark, not an equation
        if s in ("-", "–", "—") and prev_ns is not None and prev_ns.kind in ("num", "date") and next_ns is not None and next_ns.kind == "date":
            self.emit(sp.say["range"])  # "21.03.2024-25.03.2024", "1-2.03.2024"
            return
        if s in ("-", "–") and prev_ns is not None and prev_ns.kind == "num" and next_ns is not None and re.fullmatch(r"\d+[x×]", next_ns.text):
            self.emit(",")  # "2-3x" -> "dwa, trzy razy"
            return
        if s in ("-", "–") and prev_ns is not None and prev_ns.kind == "num" and next_ns is not None \
                and (m := re.fullmatch(r"\d+([^\W\d_]+)", next_ns.text)) and m.group(1) in sp.lex.units:
            self.emit(sp.say["range"])  # "2-3k" -> "dwa do trzech tysięcy", "5-10GB"
            return
        if s in ("--", "---", "―"):
            self.emit(",")  # "--" typed for a dash
            return
        if s in ("-", "–", "—", "‐"):
            prev_space = prev is None or prev.kind == "space"
            if s == "-" and prev_space and nt is not None and nt.kind == "num":
                self.emit(sp.say["minus"])
            elif prev_space or (nt is None) or s != "-":
                self.emit(",")  # a dash used as a pause, also "-dlaczego"
            return
        if s == "/" and nt is not None and (unit := sp.lex.units.get(nt.text.strip())) is not None and nt.kind != "num":
            self.emit(unit.per)  # "$3/h" -> "na godzinę", "zł/mies." -> "na miesiąc"
            self.i = nxt  # type: ignore[assignment]
            self.end_dot()
            return
        if s == "/" and nt is not None and nt.kind == "num" and (prev is None or prev.kind in ("space", "version")):
            self.emit(sp.lex.code_symbols.get("/", sp.say["slash"]))  # a network mask: "10.0.0.0/24", "maska /24"
            return
        if s == "/" and prev is not None and prev.kind == "num" and nt is not None and nt.kind == "num":
            self.emit(sp.say["per"])  # "100/200" -> "sto na dwieście"
            return
        if s == "/" and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("word", "abbr") and (
            prev.text.lower() in sp.branch_prefixes or re.fullmatch(r"[A-Za-z]+-\d+.*", nt.text)
        ):
            self.emit(sp.lex.code_symbols.get("/", sp.say["slash"]))  # a Git branch: "feature/ABC-123", "hotfix/login"
            return
        if s == "/" and (prev is None or prev.kind == "space") and nt is not None and nt.kind == "word" and nt.text[:1].isalpha():
            self.emit(sp.lex.code_symbols.get("/", sp.say["slash"]))  # an endpoint or command in prose: "/health", "/help"
            return
        if s == "/":
            before_word = prev is not None and prev.kind in ("word", "num")
            if before_word and nt is not None and nt.kind in ("word", "num"):
                # "system/aplikacja/element" -> "system, aplikacja lub element"
                k2 = self.next_idx(nxt, max_space=0) if nxt is not None else None
                more = k2 is not None and self.t[k2].text == "/"
                self.emit("," if more else sp.lex.symbols.get("/", sp.say["or"]))
                return
            self.emit(sp.lex.code_symbols.get("/", sp.say["slash"]) if prev is None or nt is None else "")
            return
        if s in ("*", "×") and prev is not None and prev.kind == "space" and self.tok(self.i - 2) is not None \
                and self.t[self.i - 2].kind == "num" and nt is None and next_ns is not None and next_ns.kind == "word":
            self.emit(sp.say["times"])  # a weight: "0,6 * projekt + 0,4 * kolokwium"
            return
        if s in ("*", "×", "x") and self._between_numbers():
            self.emit(sp.say["times"])
            return
        if s == "#" and nt is not None and nt.kind == "num":
            self.emit(sp.say["number"])
            return
        if s in (")", "]") and all(t.kind == "space" or t.text in ".,;:!?)]" for t in self.t[self.i + 1 :]):
            return  # a closing bracket at the end of the text: no pause after it ("5.07 (pt.)")
        if s in ("→", "->", "=>") and not self.code and prev_ns is not None and next_ns is not None and self._quantity_before(self.i) \
                and next_ns.kind in ("num", "version", "time", "date", "range"):
            self.emit(", " + sp.say.get("then", sp.lex.symbols.get(s, "")))  # a sequence of values, not "prowadzi do"
            return
        if s in sp.lex.symbols:
            self.emit(sp.lex.symbols[s])
            return
        cat = unicodedata.category(s[0])
        if cat.startswith("P") or cat in ("So", "Sk", "Cs", "Co", "Cn", "Mn", "Cf") or s in "*`":
            if cat not in ("So", "Sk", "Cs", "Co", "Cf", "Mn") and s not in "*`\"'":
                self.find("symbol-left", s, "punctuation mark not read")
            return  # emoji, quotes, stray marks are not spoken
        self.find("symbol-left", s, "symbol not read; add it to the lexicon (symbols)")

    def _quantity_before(self, j: int) -> bool:
        """Whether a number (maybe with its unit: "25%", "200 ms") ends right before token j."""
        k = j - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k >= 0 and self.t[k].kind in ("unit", "word", "sym", "abbr") and self.t[k].text.strip() in self.sp.lex.units:
            k -= 1  # the unit of the number
            while k >= 0 and self.t[k].kind == "space":
                k -= 1
        return k >= 0 and self.t[k].kind in ("num", "version", "time", "date", "range")

    def _star_is_all(self) -> bool:
        """Whether the "*" here means "all columns": after "SELECT" or "COUNT(" (grammar: star_after)."""
        k = self.i - 1
        while k >= 0 and self.t[k].kind == "space":
            k -= 1
        if k < 0 or self.t[k].text.lower() not in self.sp.star_after:
            return False
        closing = self.tok(self.i + 1)
        return self.t[k].text != "(" or closing is not None and closing.text == ")"  # "(*)", not "(* uwaga)"

    def _between_numbers(self) -> bool:
        a = self.tok(self.i - 2) if self.tok(self.i - 1) is not None and self.t[self.i - 1].kind == "space" else self.tok(self.i - 1)
        k = self.next_idx(self.i)
        b = self.tok(k) if k is not None else None
        return a is not None and b is not None and a.kind == "num" and b.kind == "num"
