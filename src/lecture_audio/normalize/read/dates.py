"""Dates and times ("21.03.2025", "21.03", "12 XII", "23:59"), and telling a date from a decimal."""

from __future__ import annotations

import re

from ..context import Context
from ..shapes import (
    CONJ, MONTH_DAYS, THOUSANDS_DOTS, VOWELS, number_part, roman_value,
)
from ..tokens import Tok
from . import numbers, units


def day(c: Context, n: int, at: int) -> str:
    case = c.case_for(at, True)
    return c.rd.num.ordinal(n, case if case in ("inst", "loc") else "gen")


def dot_decimals(c: Context, at: int) -> bool:
    """Whether decimals are written with a dot near token ``at`` ("0.93, 0.87, 1.02"): then a
    "DD.MM"-shaped number among them is one of them, not a date."""
    return any(
        t.kind == "num" and "." in t.text and day_month(t.text) is None and not THOUSANDS_DOTS.fullmatch(t.text)
        for t in c.t[max(0, at - 8) : at + 9]
    )


def day_month(text: str) -> tuple[int, int] | None:
    """Day and month of a "DD.MM" text that can be a date ("21.03", "1.05"), else None.

    The month must have two digits, 01-12, and the day exist in it, so "3.14", "0.95",
    "1.5", "2.50" stay numbers."""
    m = re.fullmatch(r"(\d{1,2})\.(0[1-9]|1[0-2])", text)
    if m is None:
        return None
    d, mo = int(m.group(1)), int(m.group(2))
    return (d, mo) if 1 <= d <= MONTH_DAYS[mo - 1] else None


def dotted_date(c: Context, at: int) -> bool:
    """Whether a "DD.MM"-shaped number at token ``at`` is a date rather than an English-style
    decimal, a time or a version. Polish decimals use a comma, so it is a date unless:
    an hour is meant ("o 10.05", "godz. 9.10"), a unit follows ("1.05 GB"), a math sign or
    an "x =" comes before ("p < 0.05", "lr = 1.01"), it numbers a figure or section
    ("rys. 2.10", "pkt 3.04"), or it follows a product or "wersja" ("Ubuntu 22.04")."""
    rd = c.rd
    u = units.unit_after(c, at)
    if u is not None and c.t[u[0]].text.lower() in c.hour_words:
        k = c.next_idx(u[0])  # "do 30.06 godz. 23:59": a date, then its hour
        u = None if k is not None and c.t[k].kind in ("time", "num") else u
    if u is not None or dot_decimals(c, at):
        return False
    k = at - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    before = c.t[k] if k >= 0 else None
    if before is None:
        return True
    low = before.text.lower()
    if low == "o" or low in c.hour_words or before.text in rd.g.date_not_after or low in rd.g.decimal_after:
        return False
    if low in (":", "/") and k == at - 1 and k >= 1 and c.t[k - 1].kind == "word":
        return False  # "python:3.11", "HTTP/1.1": a version glued to its name
    if before.kind == "abbr":
        ab = rd.lex.abbreviations.get(before.text) or rd.abbr_ci.get(low)
        return not (ab is not None and ab.cases)  # "rys. 2.10", "nr 3.04"; "ok. 21.03" is a date
    if low in CONJ or low == ",":  # "Python 3.10 i 3.11": like the number it is joined to
        k2 = k - 1
        while k2 >= 0 and c.t[k2].kind == "space":
            k2 -= 1
        if k2 >= 0 and c.t[k2].kind == "num" and "." in c.t[k2].text:
            return dotted_date(c, k2)
    if before.kind == "word":
        w = before.text
        if low in rd.g.version_words or rd.lookup(w) is not None or (w.isupper() and len(w) > 1) or not set(low) & VOWELS:
            return False  # "Ubuntu 22.04", "wersji 3.10", "CUDA 11.08", "lr 1.01"
    return True


def do_date(c: Context, t: Tok) -> None:
    nxt0 = c.next_idx(c.i)
    k0 = c.next_idx(nxt0) if nxt0 is not None else None
    if k0 is not None and c.t[nxt0].text in ("-", "–", "—") and c.t[k0].kind == "date":  # type: ignore[index]
        if c.prev_word(c.i) not in c.rd.g.preps:
            c.emit(c.rd.g.say["from"])  # "21.03.2024-25.03.2024" -> "od ... do ..."
    if m := re.fullmatch(r"(\d{1,2})[ \u00a0.]([IVX]+)\.?(?:[ \u00a0.](\d{4}))?", t.text):  # "12 XII", "3.V.2024"
        d, mo, y = int(m.group(1)), roman_value(m.group(2)), int(m.group(3) or 0)
        if not y and 1 <= d <= 31 and 1 <= mo <= 12:
            c.emit(f"{day(c, d, c.i)} {c.rd.g.month_names[mo - 1]}")
            c.end_dot()
            return
    elif m := re.fullmatch(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})", t.text):  # "21-03-2024", "21/03/2024"
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if mo > 12 >= d:
            d, mo = mo, d  # "03/21/2024": the American order
    elif "-" in t.text:
        y, mo, d = map(int, t.text.split("-"))
    elif t.text.endswith("."):  # "21.03." - a day and a month
        d, mo = map(int, t.text.split(".")[:2])
        p = c.prev_ns(c.i)
        if d == 0 or (p is not None and c.t[p].text in c.rd.g.value_signs):
            # "p < 0.05.", "lr = 0.01.": a decimal ending the sentence, not "0 March"
            c.emit(f"{c.rd.num.decimal(str(d), t.text.split('.')[1])}.")
            return
        if numbers.after_product(c, c.i):  # "w wersji 3.12." is a version, then the end of a sentence
            c.emit(f"{c.rd.num.cardinal(d)} {c.rd.num.cardinal(mo)}.")
            return
        if numbers.after_numbered(c, c.i):  # "Zobacz rozdział 3.12." -> "trzy kropka dwanaście."
            c.emit(f"{c.rd.num.cardinal(d)} {c.rd.g.say['dot']} {c.rd.num.cardinal(mo)}.")
            return
        if 1 <= d <= 31:
            c.emit(f"{day(c, d, c.i)} {c.rd.g.month_names[mo - 1]}")
            if c.next_idx(c.i, 99) is None:
                c.emit(".")
            return
        y = 0
    else:
        d, mo, y = map(int, t.text.split("."))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        c.emit(" ".join(c.rd.num.cardinal(int(x)) for x in re.findall(r"\d+", t.text)))
        return
    month = c.rd.g.month_names[mo - 1]
    roku = c.rd.lex.abbreviations.get("r.")
    spoken = f"{day(c, d, c.i)} {month} {c.rd.num.ordinal(y, 'gen')}"
    # Say "roku" unless the text says it already.
    nxt = c.next_idx(c.i)
    nt = c.tok(nxt) if nxt is not None else None
    if nt is not None and nt.text == "r.":
        c.i = nxt  # type: ignore[assignment]
    if not (nt is not None and nt.text.lower() in c.rd.year_words):
        spoken += " " + (roku.cases.get("gen", c.rd.g.say["year"]) if roku else c.rd.g.say["year"])
    c.emit(spoken)
    c.end_dot()  # "21.03.2024 r." at the end of a sentence


def do_time(c: Context, t: Tok) -> None:
    parts = [int(x) for x in t.text.split(":")]
    h, m = parts[0], parts[1]
    num = c.rd.num
    if c.code or c.prev_word(c.i).startswith(c.rd.g.port_words):
        # "`-p 80:80`", "`a[1:10]`", "na porcie 80:80": a separator, not a time or a ratio
        colon = c.rd.lex.code_symbols.get(":", ":")
        c.emit(f" {colon} ".join(number_part(num, x) for x in t.text.split(":")))
        return
    if len(parts) == 2 and (h > 24 or m > 59 or c.prev_word(c.i) in c.rd.g.ratio_words):
        # a ratio, not a time: "w skali 1:10" -> "jeden do dziesięciu", "80:20" -> "osiemdziesiąt do dwudziestu"
        c.emit(f"{num.cardinal(h)} {c.rd.g.say['range']} {num.cardinal(m, 'gen')}")
        return
    if h > 24 or m > 59:
        c.emit(" ".join(num.cardinal(x) for x in parts))
        return
    case = c.case_for(c.i, True)
    nxt = c.next_idx(c.i)
    k2 = c.next_idx(nxt) if nxt is not None else None
    after_hour = c.i >= 2 and c.t[c.i - 2].text.lower() in c.hour_words and c.prev_word(c.i) != "o"  # "w godz. 8-9"
    if (case == "nom" or after_hour and case != "gen") and k2 is not None and c.t[nxt].text in ("-", "–", "—") and c.t[k2].kind == "time":
        c.emit(c.rd.g.say["from"])  # "9:00-17:00" -> "od dziewiątej do siedemnastej"
        case = "gen"
    spoken = [num.ordinal(h, case, "f")]
    if m:
        spoken.append(num.cardinal(m) if m >= 10 else num.digits(f"{m:02d}"))
    if len(parts) > 2 and parts[2]:
        spoken.append(num.cardinal(parts[2]))
    c.emit(" ".join(spoken))


def hours_follow(c: Context, k: int | None) -> bool:
    """Whether token ``k`` is an hour or a span of hours with no noun after it ("10:00", "12-14", "9:00-11:00")."""
    t = c.tok(k) if k is not None else None
    if t is None or t.kind not in ("time", "range"):
        return False
    if t.kind == "range":
        parts = re.split(r"[ \u00a0]?[–—-][ \u00a0]?", t.text)
        nxt = c.next_idx(k)  # type: ignore[arg-type]
        noun = nxt is not None and c.t[nxt].kind in ("word", "abbr", "unit") and c.t[nxt].text.lower() not in c.rd.g.not_nouns
        if not all(p.isdecimal() and int(p) <= 24 for p in parts) or noun:
            return False  # "śr. 12-14 pkt" is an average
    return True


def after_dated_bracket(c: Context) -> bool:
    """Whether the token here follows "(" that follows a date ("5.07 (pt.)", "12.06.2024 (sob.)")."""
    k = c.i - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    if k < 0 or c.t[k].text != "(":
        return False
    k -= 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    return k >= 0 and (c.t[k].kind == "date" or c.t[k].kind == "num" and day_month(c.t[k].text) is not None)


def span_follows(c: Context, k: int | None) -> bool:
    """Whether token ``k`` starts a span of numbers or times ("10-12", "9:00–17:00")."""
    t = c.tok(k) if k is not None else None
    if t is None or t.kind not in ("range", "time"):
        return False
    if t.kind == "range":
        return True
    k2 = c.next_idx(k)  # type: ignore[arg-type]
    k3 = c.next_idx(k2) if k2 is not None else None
    return k3 is not None and c.t[k2].text in ("-", "–", "—") and c.t[k3].kind == "time"  # type: ignore[index]

