"""What a token looks like: the patterns and tiny pure helpers every reader shares."""

from __future__ import annotations

import re

from .numbers import Numerals
from .speakable import PL_LOWER

VOWELS = set("aeiouyąęó")
ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ACRONYM = re.compile(rf"^([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*|[A-Z]{{2,}})([{PL_LOWER}]*)$")
# Letter groups of English spelling, for check(): not Polish "-cki/-cko" ("niemiecki", "dziecko"), "nie-e"
# ("nieefektywny"), "koo-/zoo-" ("koordynator"); a Polish word list matches it ~1% (the old pattern ~3%).
FOREIGN = re.compile(r"[qvx]|th|sh|ph|ck(?:$|e|s|l|in)|(?<!ni)ee|(?<![kzr])oo|ow$|ght|tions?$|ay", re.I)
# A capital inside a word: "DataRobot", "iPhone", "XMLParser".
CAMEL = re.compile(r"[a-ząćęłńóśźż][A-ZĄĆĘŁŃÓŚŹŻ]|[A-ZĄĆĘŁŃÓŚŹŻ]{2}[a-ząćęłńóśźż]{2}")
# Parts of a camelCase name: capitals run ("XML" in "XMLParser"), a capitalized word, a lower-case run.
CAMEL_PARTS = re.compile(r"[A-ZĄĆĘŁŃÓŚŹŻ]+(?![a-ząćęłńóśźż])|[A-ZĄĆĘŁŃÓŚŹŻ]?[a-ząćęłńóśźż]+")
SIBILANTS = ("s", "z", "sz", "cz", "ż", "ks", "c")  # a spoken end after which the English plural is "-is"
NOUN_END = re.compile(r"(ami|ach|om|ą|y|i|e|a|ę)$")
THOUSANDS_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
ROMAN_COMPOUND = re.compile(r"([IVXLC]+)[-‐]([a-ząćęłńóśźż]+)")  # "XIX-wieczny"
ROMAN_RANGE = re.compile(r"([IVXLC]+)[-‐–]([IVXLC]+)")  # "XX-XXI w."
SERIES_WORD = re.compile(r"([A-Za-z]+\d*)[-‐](\d{4,5})([A-Za-z]*)")  # "i7-12700K"
CONJ = {"i", "oraz", "lub", "albo", "a", "czy", "-", "–", "—"}  # joining two numerals that share a noun


def number_part(num: Numerals, digits: str) -> str:
    """One part of a dotted or colon-separated number as written: "08" -> "zero osiem", "12" -> "dwanaście"."""
    return num.digits(digits) if digits.startswith("0") and digits != "0" else num.cardinal(int(digits))


def roman_value(s: str) -> int:
    """The value of a valid Roman numeral ("XIV" -> 14)."""
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals[b] > v else v
    return total
