"""Text-level cleanup: what goes into the tokenizer and what may come out of the normalizer.

The output may hold only what espeak's Polish voice speaks: Polish letters, spaces and
the prosody marks . , ? ! : ; (everything else is transliterated or dropped).
"""

from __future__ import annotations

import re
import unicodedata

PL_LOWER = "a-ząćęłńóśźż"
Findings = list[tuple[str, str, str]]  # (kind, written token, message)

_SPEAKABLE_OUT = re.compile(rf"[^{PL_LOWER}{PL_LOWER.upper()} .,?!:;]+")
_UNICODE_SPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]*\]")  # "[^1]": a footnote mark, not read
# Vulgar fractions, number forms, circled numbers, full-width ASCII: read as their plain forms.
_FOLD = re.compile(r"[\u00bc-\u00be\u2150-\u218f\u2460-\u24ff\uff01-\uff5e]")
SUPERSCRIPT = re.compile(r"(?<![^\W\d_])([^\W\d_]*?)([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹ⁿ]+)")  # from a word start: linear time
# Subscript digits are an index said after their letter: "β₁" -> "β 1" ("beta jeden"), "x₀" -> "x 0".
_SUBSCRIPT = re.compile(r"[₀₁₂₃₄₅₆₇₈₉]+")


def prepare(text: str) -> str:
    """Unicode-normalized text with one kind of space, no footnote marks, plain digits and fractions."""
    text = unicodedata.normalize("NFC", text)
    text = _UNICODE_SPACE.sub(" ", text)
    text = _FOOTNOTE.sub("", text)
    text = _SUBSCRIPT.sub(lambda m: " " + unicodedata.normalize("NFKC", m.group()), text)
    return _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m.group()).replace("⁄", "/"), text)


_PUNCT_FIX = [
    (re.compile(r"\s+([.,?!:;])"), r"\1"),
    (re.compile(r"([,:;])(?:\s*[,:;])+"), r"\1"),
    (re.compile(r"[,:;]+\s*([.?!])"), r"\1"),
    (re.compile(r"([?!])\s*\.(?!\.)"), r"\1"),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    (re.compile(r"\.{4,}"), "..."),
    (re.compile(r"([.,?!:;])(?=[^\s.,?!:;])"), r"\1 "),
    (re.compile(r"^[\s.,?!:;]+"), ""),
    (re.compile(r"\s+"), " "),
]


def finish(text: str, findings: Findings) -> str:
    """Keep only what a Polish voice speaks: Polish letters, spaces and . , ? ! : ;"""
    text = _transliterate(text, findings)
    for rx, rep in _PUNCT_FIX:
        text = rx.sub(rep, text)
    text = text.strip()
    return "" if not re.search(rf"[{PL_LOWER}{PL_LOWER.upper()}]", text) else text


def _transliterate(text: str, findings: Findings) -> str:
    if not _SPEAKABLE_OUT.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        out = []
        for ch in m.group():
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            base = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th"}.get(ch.lower(), base)
            if base and not _SPEAKABLE_OUT.search(base):
                out.append(base)
            elif ch.isdigit():
                findings.append(("digits-left", ch, "digit could not be read"))
            else:
                if not ch.isspace() and unicodedata.category(ch)[0] in "LN":
                    findings.append(("symbol-left", ch, "character not spoken (not Polish or Latin script)"))
                out.append(" ")
        return "".join(out)

    return _SPEAKABLE_OUT.sub(fix, text)
