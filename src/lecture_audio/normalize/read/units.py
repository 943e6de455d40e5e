"""A number with its unit or currency in agreement ("5 GB", "3,50 zł", "80%")."""

from __future__ import annotations


from ..context import Context
from ..lexicon import Unit
from ..numbers import plural_category
from ..tokens import Tok


def unit_after(c: Context, j: int) -> tuple[int, Unit] | None:
    """The unit written right after token j ("5 GB", "80%", "2 mies.")."""
    k = c.next_idx(j)
    if k is None:
        return None
    t = c.t[k]
    key = t.text.strip()
    unit = c.rd.lex.units.get(key) or (c.rd.lex.units.get(key[:-1]) if key.endswith(".") and t.kind == "abbr" else None)
    if unit is not None and (t.kind == "unit" or (not unit.before and t.kind in ("word", "abbr", "sym"))):
        if key == "m" and (k2 := c.next_idx(k)) is not None and c.t[k2].text in c.rd.g.millicore_before:
            unit = c.rd.lex.units.get("millicore", unit)  # "500m CPU"
        return k, unit
    return None


def number_unit(c: Context, n: int | None, dec: tuple[str, str] | None, unit: Unit, case: str) -> str:
    """A number with its unit in agreement ("dwa gigabajty", "trzy złote pięćdziesiąt groszy")."""
    num = c.rd.num
    if dec is not None:
        whole, frac = dec
        minor = c.rd.lex.units.get(unit.minor) if unit.minor else None
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


def do_unit(c: Context, t: Tok) -> None:
    """A unit symbol not consumed by its number ("%" after a time, "°C" alone)."""
    key = t.text.strip()
    c.emit(c.rd.lex.symbols.get(key) or c.rd.lex.units[key].many)

