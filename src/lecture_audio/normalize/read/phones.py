"""Phone numbers, group by group, and telling a spaced phone number from an amount."""

from __future__ import annotations

import re

from ..context import Context
from ..tokens import Tok
from . import codes, units


def do_phone(c: Context, t: Tok) -> None:
    """A phone number, group by group: "+48 22 123 45 67" -> "plus czterdzieści osiem,
    dwadzieścia dwa, sto dwadzieścia trzy, czterdzieści pięć, sześćdziesiąt siedem"."""
    text = t.text
    if m := re.fullmatch(r"\+48(\d{3})(\d{3})(\d{3})", text):
        groups = ["+48", *m.groups()]
    else:
        groups = re.findall(r"\+?\d+", text)
    c.emit(phone(c, groups))


def phone(c: Context, groups: list[str]) -> str:
    """Digit groups as a Poles reads a phone number, separated by short pauses."""
    num, said = c.rd.num, []
    for g in groups:
        lead = ""
        if g.startswith("+"):
            lead, g = c.rd.lex.symbols.get("+", "plus") + " ", g[1:]
        zeros = len(g) - len(g.lstrip("0"))
        rest = g[zeros:]
        if len(rest) == 4:  # "4567" -> "czterdzieści pięć sześćdziesiąt siedem", as a model number
            body = codes.series(c, rest) or num.cardinal(int(rest))
        elif len(rest) > 4:
            body = num.digits(rest)
        else:
            body = num.cardinal(int(rest)) if rest else ""
        said.append(lead + " ".join(filter(None, [num.digits("0" * zeros), body])))
    return ", ".join(said)


def phone_context(c: Context, j: int) -> bool:
    """Whether a phone word ("tel.", "telefon", "zadzwoń", "nr") comes shortly before token ``j``."""
    seen = 0
    for k in range(j - 1, max(-1, j - 10), -1):
        t = c.t[k]
        if t.kind == "space" or t.text in (":", "-", "–", "("):
            continue
        if t.text.lower().rstrip(".") in c.rd.g.phone_words:
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def spaced_phone(c: Context, t: Tok) -> bool:
    """Whether a 3-3-3 number like "601 234 567" is a phone number rather than 601 million.

    Thousands and phone numbers look alike here, so: a phone word before it decides; without
    one it is a phone number unless it ends in "000" (round amounts) or a unit or a noun
    follows it ("123 456 789 rekordów"): amounts are followed by what they count, phone
    numbers by punctuation or a conjunction ("601 234 567 albo ...").
    """
    if phone_context(c, c.i):
        return True
    if t.text.endswith("000") or units.unit_after(c, c.i) is not None or c.prev_word(c.i) in c.rd.g.decimal_after:
        return False  # "100 000 000", "123 456 789 zł", "wynosi 123 456 789"
    k = c.next_idx(c.i)
    nt = c.tok(k) if k is not None else None
    return nt is None or nt.kind not in ("word", "abbr") or nt.text.lower() in c.rd.g.phone_followers

