"""The normalizer's grammar tables (``data/grammar.yaml`` and the ``grammar:`` section of a
lecturer's lexicon) as one typed, frozen object, built once per lexicon.

The YAML holds plain lists and mappings; here each table gets its type, so the readers
never index raw dictionaries. A table of the wrong shape is an error naming the file and
the line of its key (the lexicon remembers where each grammar key was written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_NOUN_END = re.compile(r"(ami|ach|om|ą|y|i|e|a|ę)$")


def _words(g: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(g.get(key, ()))


def _tuple(g: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(g.get(key, ()))


def _pairs(table: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """``{key: [case, gender]}`` rows as pairs."""
    return {str(k): (str(v[0]), str(v[1])) for k, v in table.items()}


@dataclass(frozen=True)
class Grammar:
    """Every grammar table the readers use, typed (field comments name the YAML key)."""

    month_names: tuple[str, ...]  # months, genitive: "stycznia"...
    months: dict[str, int]  # month name -> 1..12
    preps: dict[str, tuple[str, str]]  # prepositions: word -> (case of a cardinal, case of an ordinal)
    case_endings: dict[str, str]
    feminine: frozenset[str]  # stems of feminine nouns ("osob" for osoby/osobami)
    verb_endings: frozenset[str]
    verb_ending_tuple: tuple[str, ...]
    a_stem_endings: frozenset[str]
    slang_endings: frozenset[str]  # slang_verb_endings
    endings: frozenset[str]  # every Polish ending a loanword may take
    max_ending: int
    verb_prefixes: tuple[str, ...]  # longest first: "prze" before "p"
    ending_after: dict[str, tuple[str, ...]]
    ending_not_after: dict[str, tuple[str, ...]]
    alternations: dict[str, str]
    ord_suffixes: dict[str, tuple[str, str]]  # ordinal_suffixes: "-tego" -> (case, gender)
    prefixes: dict[int, str]  # compound_prefixes: 2 -> "dwu"
    roman_nouns: tuple[str, ...]
    roman_after: frozenset[str]
    say: dict[str, str]
    hour_followers: frozenset[str]
    amount_words: tuple[str, ...]
    virile_endings: tuple[str, ...]
    virile_nouns: frozenset[str]  # virile_nouns and virile_nouns_extra, lower-case
    virile_suffixes: tuple[str, ...]
    not_virile: frozenset[str]
    version_words: frozenset[str]
    time_preps: frozenset[str]  # time_prepositions
    number_modifiers: frozenset[str]
    modifier_stops: frozenset[str]
    branch_prefixes: frozenset[str]
    star_after: frozenset[str]
    port_words: tuple[str, ...]
    millicore_before: frozenset[str]
    time_units: frozenset[str]
    compound_tails: tuple[str, ...]
    version_signs: frozenset[str]
    phone_words: frozenset[str]
    series_not_after: frozenset[str]
    date_not_after: frozenset[str]
    decimal_after: frozenset[str]
    decade_words: dict[str, str]
    numbered_nouns: tuple[str, ...]
    ratio_words: frozenset[str]
    locative_units: frozenset[str]
    roman_before: dict[str, tuple[str, str]]
    feminine_suffixes: tuple[str, ...]
    locative_preps: frozenset[str]  # locative_prepositions
    not_nouns: frozenset[str]  # not_nouns and every preposition
    genitive_plural: dict[str, str]
    locative_alternations: dict[str, str]  # longest first: "dzie" before "zie"
    phone_followers: frozenset[str]
    one_letter_words: frozenset[str]
    id_words: frozenset[str]  # lower-case
    letter_ordinal_suffixes: frozenset[str]
    value_signs: frozenset[str]
    hour_abbreviation: str
    percent_adjective: dict[str, str]

    @classmethod
    def from_dict(cls, g: dict[str, Any]) -> Grammar:
        """The typed tables of a merged ``grammar:`` mapping (KeyError/TypeError/ValueError when malformed)."""
        verb_endings = _words(g, "verb_endings")
        slang = _words(g, "slang_verb_endings")
        endings = frozenset(g["endings"]) | verb_endings | slang
        preps = {str(k): (str(v[0]), str(v[1])) for k, v in g["prepositions"].items()}
        alternations: dict[str, str] = dict(g.get("locative_alternations", {}))
        return cls(
            month_names=tuple(g["months"]),
            months={m: i + 1 for i, m in enumerate(g["months"])},
            preps=preps,
            case_endings=dict(g["case_endings"]),
            feminine=frozenset(_NOUN_END.sub("", w) for w in g["feminine"]),
            verb_endings=verb_endings,
            verb_ending_tuple=tuple(verb_endings),
            a_stem_endings=_words(g, "a_stem_endings"),
            slang_endings=slang,
            endings=endings,
            max_ending=max(map(len, endings), default=0),
            verb_prefixes=tuple(sorted(set(g.get("verb_prefixes", ())), key=len, reverse=True)),
            ending_after={k: tuple(v) for k, v in g.get("ending_after", {}).items()},
            ending_not_after={k: tuple(v) for k, v in g.get("ending_not_after", {}).items()},
            alternations=dict(g.get("alternations", {})),
            ord_suffixes=_pairs(g.get("ordinal_suffixes", {})),
            prefixes={int(k): v for k, v in g.get("compound_prefixes", {}).items()},
            roman_nouns=_tuple(g, "roman_nouns"),
            roman_after=_words(g, "roman_after"),
            say=dict(g["say"]),
            hour_followers=_words(g, "hour_followers"),
            amount_words=_tuple(g, "amount_words"),
            virile_endings=_tuple(g, "virile_endings"),
            virile_nouns=frozenset(w.lower() for w in [*g.get("virile_nouns", ()), *g.get("virile_nouns_extra", ())]),
            virile_suffixes=_tuple(g, "virile_suffixes"),
            not_virile=_words(g, "not_virile"),
            version_words=_words(g, "version_words"),
            time_preps=_words(g, "time_prepositions"),
            number_modifiers=_words(g, "number_modifiers"),
            modifier_stops=_words(g, "modifier_stops"),
            branch_prefixes=_words(g, "branch_prefixes"),
            star_after=_words(g, "star_after"),
            port_words=_tuple(g, "port_words"),
            millicore_before=_words(g, "millicore_before"),
            time_units=_words(g, "time_units"),
            compound_tails=_tuple(g, "compound_tails"),
            version_signs=_words(g, "version_signs"),
            phone_words=_words(g, "phone_words"),
            series_not_after=_words(g, "series_not_after"),
            date_not_after=_words(g, "date_not_after"),
            decimal_after=_words(g, "decimal_after"),
            decade_words=dict(g.get("decade_words", {})),
            numbered_nouns=_tuple(g, "numbered_nouns"),
            ratio_words=_words(g, "ratio_words"),
            locative_units=_words(g, "locative_units"),
            roman_before=_pairs(g.get("roman_before", {})),
            feminine_suffixes=_tuple(g, "feminine_suffixes"),
            locative_preps=_words(g, "locative_prepositions"),
            not_nouns=_words(g, "not_nouns") | frozenset(preps),
            genitive_plural=dict(g.get("genitive_plural", {})),
            locative_alternations=dict(sorted(alternations.items(), key=lambda kv: -len(kv[0]))),
            phone_followers=_words(g, "phone_followers"),
            one_letter_words=_words(g, "one_letter_words"),
            id_words=frozenset(w.lower() for w in g.get("id_words", ())),
            letter_ordinal_suffixes=_words(g, "letter_ordinal_suffixes"),
            value_signs=_words(g, "value_signs"),
            hour_abbreviation=str(g.get("hour_abbreviation", "godz.")),
            percent_adjective=dict(g.get("percent_adjective", {})),
        )


