"""The tokenizer: one regex whose named groups are the kinds of things notes contain.

Order matters: earlier groups win at the same position (a code span before a URL before
an abbreviation before a date ... before a plain word). The lexicon adds its own literal
alternatives (abbreviations, units written with symbols, file extensions, emoticons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon


@dataclass
class Tok:
    """A piece of the text: its kind (a group name of the tokenizing regex) and its characters."""

    kind: str
    text: str


def _alt(items: list[str]) -> str:
    """A regex alternation, longest first so "m.in." wins over "m"."""
    return "|".join(re.escape(x) for x in sorted(set(items), key=len, reverse=True) if x)


def token_regex(lex: Lexicon) -> re.Pattern[str]:
    """The compiled tokenizer for a lexicon; ``finditer`` covers every character of a text."""
    abbr_keys = [*lex.abbreviations, *(k[0].upper() + k[1:] for k in lex.abbreviations)]
    abbr_keys += [k for k in lex.units if k.endswith(".")]
    ext = _alt(list(lex.extensions))
    multi_sym = _alt([k for k in [*lex.symbols, *lex.code_symbols] if len(k) > 1])
    unit_sym = _alt([k for k in lex.units if re.search(r"[^\w.]", k)])
    emo = _alt(sorted(lex.emoticons))
    dotted = _alt([k for k in abbr_keys if "." in k]) or "(?!x)x"
    spaced = _alt([k for k in abbr_keys if " " in k]) or "(?!x)x"
    unit_abbr = _alt([k for k in abbr_keys if k.endswith(".") and k[:-1] in lex.units]) or "(?!x)x"
    return re.compile(
        "|".join(
            [
                # Fast path: a plain word that cannot start a link, abbreviation with dots, file name...
                # (not the first word of a spaced abbreviation: "et al.")
                rf"(?P<plain>(?<![\w.@/])(?!(?:{spaced})(?!\w))[^\W\d_]+(?![\w.@'’‐:/-]))",
                r"(?P<code>`[^`\n]*`)",
                # $...$ math, as the notes reader passes it on: no space inside the dollars, no digit after
                # ("5$ i 10$" is money).
                r"(?P<math>\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?!\d))",
                rf"(?P<unit>(?<=\d)(?:[ \u00a0])?(?:{unit_sym})(?![\w]))" if unit_sym else r"(?P<unit>(?!x)x)",
                # Storage URLs too: "s3://bucket/key", "gs://bucket", "hdfs://namenode/data".
                r"(?P<url>\b(?:https?://|ftp://|s3a?://|gs://|hdfs://|www\.)[^\s<>\"'`]+)",
                r"(?P<email>\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+)",  # bounded: linear time on long tokens
                rf"(?P<emo>(?<!\S)(?:{emo})(?=\s|$|[.,!?;]))" if emo else r"(?P<emo>(?!x)x)",
                # A dotted code name in prose: "df.groupby()", "np.mean", "sklearn.model_selection"; ASCII only, names
                # after a dot of 2+ letters ("n.p.m." is not one) and not a dotted abbreviation ("m.in", "e.g."),
                # a file name or a domain ("main.py": see below).
                rf"(?P<ident>(?<![\w.])(?=[A-Za-z_][A-Za-z0-9_]*\.[a-z_])(?!(?:{dotted})(?!\w))(?![\w.-]*\.(?:{ext})(?!\w|\.\w))[A-Za-z_][A-Za-z0-9_]*(?:\.[a-z_][A-Za-z0-9_]+)+(?:\(\))?(?!\w|\.\w))",
                # After a slash a unit wins over an abbreviation with its letters: "req/s." is per second.
                rf"(?P<abbr>(?<![\w.])(?!(?<=/)(?:{unit_abbr})(?!\w))(?:{_alt(abbr_keys)})(?!\w))",
                # Phone numbers that cannot be anything else: a "+CC" prefix and 7+ more digits in
                # groups, "22 123 45 67" (2-3-2-2) and "601-234-567" (3-3-3 with hyphens). Thousands
                # are grouped only by threes after a first group of 1-3, so these never clash with
                # "10 000"; a spaced "601 234 567" is a num token, decided in context (rules.py).
                r"(?P<phone>(?<![\w+.,/-])(?:\+\d{1,3}(?=(?:[ \u00a0()-]{0,2}\d){7})(?:[ \u00a0-]?\(?\d{1,4}\)?)(?:[ \u00a0-]\d{1,4}){1,4}"
                r"|\+48\d{9}|\(?\d{2}\)?[ \u00a0-]\d{3}[ \u00a0-]\d{2}[ \u00a0-]\d{2}|\d{3}-\d{3}-\d{3})(?![\w]|[.,]\d|[ \u00a0-]\d))",
                r"(?P<date>(?<![\d.])(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.(?:0[1-9]|1[0-2])\.(?=\s|$)"
                # a Roman month: "12 XII", "3.V.2024"; a one-letter one (I, V, X: volts, a variable) only with a year
                r"|\d{1,2}[ \u00a0.](?:(?:XII|XI|IX|VIII|VII|VI|IV|III|II)(?![\w])(?:\.?[ \u00a0.]\d{4})?|[IVX]\.?[ \u00a0.]\d{4}))(?![\d]))",
                r"(?P<sci>(?<![\w.,])\d+(?:[.,]\d+)?[eE][-+−]?\d+(?![\w]|[.,]\d))",  # "1e-3", "2.5e-4": scientific notation
                r"(?P<time>(?<![\d:.,])\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))",
                # (Not "3-2-1": three numbers joined are a name, read one by one as a word.)
                r"(?P<range>(?<![\w.,-])\d+(?:[.,]\d+)?(?:[ \u00a0]?[–—][ \u00a0]?|-)\d+(?:[.,]\d+)?(?![\w]|[.,]\d|[-‐]\d))",
                r"(?P<frac>(?<![\w.,/])\d+/\d+(?![\w/]|[.,]\d))",
                r"(?P<version>(?<![\w.])(?:v\d+(?:\.\d+)*|\d+(?:\.\d+){2,})(?![\w]|\.\d))",
                # A file path: "/home/user/x", "./run.sh", "~/data", ".github/workflows/ci.yml", "data/raw/train.csv" (ending in a known extension), "C:\\Users".
                rf"(?P<path>(?<![\w.~/])(?=[~./]|[A-Za-z]:\\|[\w-]+/)(?:(?:~|\.{{1,2}})?/[\w.-]+(?:/[\w.-]+)+/?|\.[\w-]+(?:/[\w.-]+)+/?|(?:~|\.{{1,2}})/[\w.-]+|[A-Za-z]:\\[\w.-]+(?:\\[\w.-]+)*|[\w-]+(?:/[\w.-]+)+\.(?:{ext}))(?<![.-]))" if ext else r"(?P<path>(?!x)x)",
                rf"(?P<domain>(?<![\w.@/])[A-Za-z0-9][\w-]{{0,62}}(?:\.[\w-]{{1,63}}){{0,8}}\.(?:{ext})(?!\w|\.\w|-\w)(?:/[^\s]*[^\s.,;:!?)])?)" if ext else r"(?P<domain>(?!x)x)",
                r"(?P<numw>(?<![\w.,])\d+[.,]\d+[^\W\d_]+(?!\w))",  # "1.2GB"
                r"(?P<num>(?<![\w.,])(?:\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?!\d|[.,]\d)|\d+(?:[.,]\d+)?)(?![^\W_]|[-‐][^\W\d_]|[-‐]\d+[-‐]\d))",
                r"(?P<word>[^\W_]+(?:[-‐'’][^\W_]+)*(?:(?<=\d)[.,]\d+(?![\w.]))?)",
                r"(?P<space>\s+)",
                rf"(?P<sym>\.\.\.|{multi_sym}|\S)" if multi_sym else r"(?P<sym>\.\.\.|\S)",
            ]
        )
    )
