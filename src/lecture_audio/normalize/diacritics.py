"""Missing diacritics restored: a hurried "To bedzie trudne" is read "To będzie trudne".

A word typed without its diacritics is usually not a Polish word at all ("troche", "wiecej"), or a rare
one whose twin with diacritics is far more common ("sie" is an adjective's form, "się" one of the
commonest words). So: every combination of the diacritic map is a candidate; Morfeusz (SGJP) says which
candidates are Polish words and what they are; wordfreq says how common each is; and a few context
rules choose between real words ("żeby" before a verb, "zęby" at the end of a sentence, "ze" before a
word in the genitive). A word right as written ("sad", "laska", "data", English terms, names, lexicon
entries) stays. Thresholds, the never-fix list and the context rules are data (data/diacritics.yaml).
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped]  # wordfreq's own dependency: its lists are msgpack

from .lexicon import NormalizeError

MARKED = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
CASES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})
_WORD = re.compile(r"[^\W\d_]{2,}")
_ENDS = frozenset(".!?;:…")
_TINY = 1e-9  # a listed Polish word whose whole frequency its twins explain: not quite impossible

Analyse = Callable[[str], list[tuple[str, str]]]  # word -> (lemma, tag) of each interpretation
Frequencies = Callable[[str], dict[str, float]]  # language -> word -> frequency


@dataclass(frozen=True)
class Condition:
    """When a reading fits (or cannot stand) where it is; any one part is enough."""

    after: frozenset[str] = frozenset()  # the token just before ("," )
    before: frozenset[str] = frozenset()  # a word class of the next word, or "end"
    governs: bool = False  # a preposition and the case of the next word
    governed: bool = False  # a case-bearing word and the preposition before it


@dataclass(frozen=True)
class Rule:
    """A context rule for readings of some word classes (Morfeusz tag heads)."""

    when: frozenset[str]
    fits: Condition
    misfits: Condition


@dataclass(frozen=True)
class DiacriticsData:
    """The settings of the restorer, read from data/diacritics.yaml."""

    letters: dict[str, tuple[str, ...]]
    max_candidates: int
    max_analysed: int
    dropped_rate: float
    prior: float
    prior_bare: float
    margin: float
    unlisted: float
    rare: float
    foreign_discount: float
    english_min: float  # a frequency, from the zipf value in the file
    english_share: float
    function_tags: frozenset[str]
    function_lemmas: frozenset[str]
    function_min: float
    function_bonus: float
    fit: float
    misfit: float
    between: frozenset[str]
    max_between: int
    rules: tuple[Rule, ...]
    never_fix: frozenset[str]


def _zipf(value: float) -> float:
    """Wordfreq's zipf scale (log10 of frequency per billion words) as a frequency."""
    return 10.0 ** (value - 9.0)


def _condition(raw: dict[str, Any], verbs: list[str]) -> Condition:
    before = raw.get("before", [])
    return Condition(
        after=frozenset(raw.get("after", [])),
        before=frozenset(verbs if before == "verbs" else before),
        governs=raw.get("governs") == "next",
        governed=raw.get("governed") == "prev",
    )


def load_data(raw: dict[str, Any]) -> DiacriticsData:
    """The restorer's settings from the lexicon's ``diacritics:`` section; a gap is a :class:`NormalizeError`."""
    try:
        ctx, words, english = raw["context"], raw["function_words"], raw["english"]
        rules = tuple(
            Rule(frozenset(r["when"]), _condition(r.get("fits", {}), ctx["verbs"]), _condition(r.get("misfits", {}), ctx["verbs"]))
            for r in ctx["rules"]
        )
        return DiacriticsData(
            letters={k: tuple(v) for k, v in raw["letters"].items()},
            max_candidates=int(raw["max_candidates"]),
            max_analysed=int(raw["max_analysed"]),
            dropped_rate=float(raw["dropped_rate"]),
            prior=float(raw["prior"]["default"]),
            prior_bare=float(raw["prior"]["bare"]),
            margin=float(raw["margin"]),
            unlisted=float(raw["unlisted_frequency"]),
            rare=float(raw["rare_frequency"]),
            foreign_discount=float(raw["foreign_discount"]),
            english_min=_zipf(float(english["min_zipf"])),
            english_share=float(english["share"]),
            function_tags=frozenset(words["tags"]),
            function_lemmas=frozenset(words["lemmas"]),
            function_min=_zipf(float(words["min_zipf"])),
            function_bonus=float(words["bonus"]),
            fit=float(ctx["fit"]),
            misfit=float(ctx["misfit"]),
            between=frozenset(ctx["between"]["classes"]),
            max_between=int(ctx["between"]["max"]),
            rules=rules,
            never_fix=frozenset(str(w).lower() for w in raw["never_fix"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise NormalizeError(f"the diacritics settings are incomplete or malformed: {exc!r}", hint="remove 'diacritics:' from your lexicon") from None


@dataclass(frozen=True)
class Reading:
    """A Polish word as Morfeusz reads it: its interpretations and how common it is."""

    form: str  # lower case
    freq: float
    interps: tuple[tuple[str, frozenset[str]], ...]  # (word class, cases) of each interpretation
    function: bool  # a function word ("się", "że", "są")
    common: bool  # not only a proper name's form

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(c for c, _ in self.interps)


@dataclass(frozen=True)
class Options:
    """A written word, its own frequency as written, and its twins with diacritics that are Polish words."""

    written: Reading | None  # None: not a Polish word as written (or only a proper name's form)
    own: float
    variants: tuple[Reading, ...]


@dataclass(frozen=True)
class Around:
    """A word's neighbours, as far as context rules look."""

    after: str = ""  # the token just before, when not a word (",")
    prev: Reading | None = None
    next: Reading | None = None
    gov: Reading | None = None  # the preposition before, maybe across an adjective ("z tą metodą")
    end: bool = False  # nothing but the end of the sentence follows


@dataclass(frozen=True)
class Restored:
    """A word read with the diacritics it lacked: token index, as written, as read."""

    index: int
    written: str
    restored: str


class Restorer:
    """Restores missing diacritics in a sentence's tokens. Morfeusz and the frequency lists load on first use."""

    def __init__(self, data: DiacriticsData, keep: Callable[[str], bool] = lambda w: False, analyse: Analyse | None = None,
                 frequencies: Frequencies | None = None) -> None:
        self.data = data
        self.keep = keep  # lexicon entries: English terms, acronyms, names
        self._analyse = analyse
        self._frequencies = frequencies
        self._freq: dict[str, dict[str, float]] = {}
        self._readings: dict[str, Reading | None] = {}
        self._options: dict[tuple[str, bool], Options | None] = {}

    # --- the sentence ------------------------------------------------------------------

    def restore(self, tokens: Sequence[str]) -> list[Restored]:
        """The words of ``tokens`` (a sentence's tokens, spaces included) that lack their diacritics."""
        found = {i: opt for i, t in enumerate(tokens) if self.eligible(t) and (opt := self.options(t.lower(), t[0].isupper())) is not None}
        if not found:
            return []
        alone = {i: self.choose(opt, self.data.prior, Around()) for i, opt in found.items()}
        bare = not any(c in MARKED for t in tokens for c in t)
        sure = any(found[i].written is None and r is not None for i, r in alone.items())
        prior = self.data.prior_bare if bare and sure else self.data.prior
        said = {i: r.form for i, r in alone.items() if r is not None}
        out = []
        for i, opt in found.items():
            choice = self.choose(opt, prior, self.around(tokens, i, said))
            if choice is not None:
                word = tokens[i]
                form = choice.form[0].upper() + choice.form[1:] if word[0].isupper() else choice.form
                out.append(Restored(i, word, form))
        return out

    def eligible(self, word: str) -> bool:
        """A plain lower-case or capitalized word with letters the map knows, and not one to keep.

        A word with some diacritics may lack others ("Pójde"); its twins are tried like any word's.
        """
        if not _WORD.fullmatch(word) or not word[1:].islower():
            return False
        low = word.lower()
        return any(c in self.data.letters for c in low) and low not in self.data.never_fix and not self.keep(word)

    def around(self, tokens: Sequence[str], i: int, said: dict[int, str]) -> Around:
        """The neighbours of token ``i``: words as restored so far, a comma before, the end after."""
        p = next((j for j in range(i - 1, -1, -1) if not tokens[j].isspace()), None)
        n = next((j for j in range(i + 1, len(tokens)) if not tokens[j].isspace()), None)
        prev = self._word_reading(tokens, p, said)
        nxt = self._word_reading(tokens, n, said)
        gov, g = prev, p
        for _ in range(self.data.max_between):  # past an adjective or two: "z tą nową metodą"
            # Past a word that cannot be the noun itself: "przede wszystkim wiedza" is a phrase and a subject.
            if gov is None or g is None or "prep" in gov.classes or not gov.classes & self.data.between or "subst" in gov.classes:
                break
            g = next((j for j in range(g - 1, -1, -1) if not tokens[j].isspace()), None)
            gov = self._word_reading(tokens, g, said)
        return Around(
            after="" if p is None or prev is not None else tokens[p],
            prev=prev,
            next=nxt,
            end=n is None or tokens[n] in _ENDS,
            gov=gov if gov is not None and "prep" in gov.classes else None,
        )

    def _word_reading(self, tokens: Sequence[str], j: int | None, said: dict[int, str]) -> Reading | None:
        if j is None or not tokens[j].isalpha():
            return None
        return self.reading(said.get(j, tokens[j]).lower())

    # --- one word --------------------------------------------------------------------------

    def choose(self, opt: Options, prior: float, around: Around) -> Reading | None:
        """The twin to read instead of the written word, or None to keep it."""
        d = self.data
        keep = opt.own * (1.0 - prior) * (self.fit(opt.written, around) if opt.written else 1.0)
        best, score = None, 0.0
        for v in opt.variants:
            s = v.freq * prior * self.fit(v, around)
            if v.function and v.freq >= d.function_min and opt.written is not None and not opt.written.function:
                s *= d.function_bonus
            if s > score:
                best, score = v, s
        return best if best is not None and score > d.margin * keep else None

    def options(self, low: str, capital: bool = False) -> Options | None:
        """The written word's twins that are Polish words (cached); None when it has none.

        A capitalized word may be a name: then a name's form counts ("Krakow" -> "Kraków").
        """
        key = (low, capital)
        if key in self._options:
            return self._options[key]
        d, pl = self.data, self.frequencies("pl")
        combos = self.combinations(low)
        listed = [c for c in combos if c in pl]
        written = self._polish(low, capital)
        if not listed and written is None:  # a rare word ("Inzynierami"): ask Morfeusz
            listed = combos[: d.max_analysed]
        variants = tuple(r for c in listed if (r := self._polish(c, capital)) is not None)
        opt = None
        if variants:
            spill = d.dropped_rate * sum(v.freq for v in variants)
            if written is not None:
                own = max(pl[low] - spill, _TINY) if low in pl else d.unlisted
            else:
                own = d.foreign_discount * max(pl.get(low, 0.0) - spill, d.rare)
                english = self.frequencies("en").get(low, 0.0)
                if english >= d.english_min:
                    own += d.english_share * english
            opt = Options(written, own, variants)
        self._options[key] = opt
        return opt

    def _polish(self, low: str, capital: bool) -> Reading | None:
        r = self.reading(low)
        return r if r is not None and (r.common or capital) else None

    def combinations(self, low: str) -> list[str]:
        """Every spelling of ``low`` with some of its letters given diacritics (bounded)."""
        slots = [(c, *self.data.letters.get(c, ())) for c in low]
        combos = itertools.islice(itertools.product(*slots), 1, self.data.max_candidates + 1)  # the first is ``low``
        return ["".join(p) for p in combos]

    def fit(self, r: Reading, around: Around) -> float:
        """How well a reading suits its neighbours: ``fit``, ``misfit`` or 1."""
        fits = misfits = 0
        for cls, cases in r.interps:
            for rule in self.data.rules:
                if cls not in rule.when:
                    continue
                if self._holds(rule.fits, cases, around, True):
                    fits += 1
                elif self._holds(rule.misfits, cases, around, False):
                    misfits += 1
        # One reading that fits is enough; one that cannot stand there and none that fits, too much.
        return self.data.fit if fits else self.data.misfit if misfits else 1.0

    @staticmethod
    def _holds(c: Condition, cases: frozenset[str], a: Around, fit: bool) -> bool:
        if a.after and a.after in c.after:
            return True
        if ("end" in c.before and a.end) or (a.next is not None and a.next.classes <= c.before):
            return True
        if c.governs and a.next is not None:
            shared = any(cases & nc for _, nc in a.next.interps)
            return shared if fit else not shared
        if c.governed and a.gov is not None:
            shared = any(cases & pc for cls, pc in a.gov.interps if cls == "prep")
            return shared if fit else not shared
        return False

    # --- Morfeusz and wordfreq -----------------------------------------------------------

    def reading(self, low: str) -> Reading | None:
        """Morfeusz's reading of a lower-case word (cached); None when Morfeusz does not know it."""
        if low in self._readings:
            return self._readings[low]
        found = self.analyse(low)
        r = None
        if found and all(tag != "ign" for _, tag in found):
            d, pl = self.data, self.frequencies("pl")
            # A lower-case word that is only a proper name's form ("bedzie" of Beda, "sa" of SA) is no common word.
            common = [(lemma, tag) for lemma, tag in found if not lemma[:1].isupper()]
            use = common or found
            interps = tuple((tag.split(":")[0], frozenset(p for part in tag.split(":") for p in part.split(".")) & CASES) for _, tag in use)
            lemmas = {lemma.split(":")[0].lower() for lemma, _ in use}
            function = any(c in d.function_tags for c, _ in interps) or bool(lemmas & d.function_lemmas)
            # Too rare for the list: an inflected form of a listed word ("inżynierami"), or a rare word ("pandąs").
            freq = pl.get(low) or (d.unlisted if any(lemma in pl for lemma in lemmas) else d.rare)
            r = Reading(low, freq, interps, function, bool(common))
        self._readings[low] = r
        return r

    def analyse(self, word: str) -> list[tuple[str, str]]:
        """(lemma, tag) of each interpretation of ``word``, from Morfeusz."""
        if self._analyse is None:
            self._analyse = morfeusz_analyser()
        return self._analyse(word)

    def frequencies(self, lang: str) -> dict[str, float]:
        """Word frequencies of a language (wordfreq's small list), loaded once."""
        if lang not in self._freq:
            self._freq[lang] = (self._frequencies or wordfreq_list)(lang)
        return self._freq[lang]


def wordfreq_list(lang: str) -> dict[str, float]:
    """Wordfreq's "small" list of ``lang``: about 50,000 Polish words down to a frequency of 1e-6.

    The list is read straight from wordfreq's data file, in its documented cBpack format (gzipped
    msgpack: a header, then one list of words per centibel of frequency), because importing wordfreq
    itself takes about 100 ms (its tokenizers); a wordfreq whose files moved is asked the usual way.
    """
    spec = importlib.util.find_spec("wordfreq")
    path = Path(spec.submodule_search_locations[0]) / "data" / f"small_{lang}.msgpack.gz" if spec and spec.submodule_search_locations else None
    if path is None or not path.is_file():
        import wordfreq

        return wordfreq.get_frequency_dict(lang, wordlist="small")
    with gzip.open(path, "rb") as f:
        header, *buckets = msgpack.load(f, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise NormalizeError(f"unexpected word frequency file: {header!r}", path=path, hint="reinstall wordfreq")
    return {word: 10.0 ** (-cb / 100) for cb, bucket in enumerate(buckets) for word in bucket}


def morfeusz_analyser() -> Analyse:
    """An analyser over one Morfeusz instance (SGJP dictionary, inside the morfeusz2 wheel).

    Where morfeusz2 has no wheel it knows no word, so nothing is restored.
    """
    try:
        import morfeusz2  # type: ignore[import-untyped]  # no type hints shipped
    except ImportError:
        return lambda word: []
    morf = morfeusz2.Morfeusz()

    def analyse(word: str) -> list[tuple[str, str]]:
        return [(interp[1], interp[2]) for _, _, interp in morf.analyse(word)]

    return analyse
