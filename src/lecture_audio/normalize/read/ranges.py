"""Ranges of numbers, days and hours ("5-10", "9.00–16.00", "5–7 czerwca", "2-3-osobowe")."""

from __future__ import annotations

import re

from ..context import Context
from ..numbers import plural_category
from ..tokens import Tok
from . import dates, numbers, phones, units


def do_range(c: Context, t: Tok) -> None:
    num = c.rd.num
    a, b = re.split(r"[ \u00a0]?[–—-][ \u00a0]?", t.text, maxsplit=1)

    def one(x: str, case: str, gender: str = "m") -> str:
        if m := re.fullmatch(r"(\d+)[.,](\d+)", x):
            return num.decimal(*m.groups())
        return num.cardinal(int(x), case, gender)

    if re.fullmatch(r"\d\d-\d{3}", t.text):  # a postal code: "00-950", "31-123 Kraków"
        nxt = c.next_idx(c.i)
        if a.startswith("0") or (nxt is not None and c.t[nxt].kind == "word" and c.t[nxt].text[0].isupper()):
            c.emit(phones.phone(c, [a, b]))
            return
    k = c.i - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    weekday = k >= 0 and c.t[k].kind == "abbr" and (ab := c.rd.abbr_ci.get(c.t[k].text.lower())) is not None and bool(ab.dated)
    hours = k >= 0 and (c.t[k].text.lower().startswith("godz") or weekday and dates.hours_follow(c, c.i))
    if hours and a.isdecimal() and b.isdecimal() and int(a) <= 24 and int(b) <= 24:
        # "w godzinach 8-16", "w godz. 10–12", "dyżur: śr. 12-14" -> "od ósmej do szesnastej"
        c.emit(f"{c.rd.g.say['from']} {num.ordinal(int(a), 'gen', 'f')} {c.rd.g.say['range']} {num.ordinal(int(b), 'gen', 'f')}")
        return
    if (said := range_compound(c, a, b)) is not None:
        c.emit(said)  # "2-3-osobowe", "3-4 osobowe" -> "dwu, trzyosobowe"
        return
    if (times := dotted_times(c, a, b)) is not None:
        # "9.00–16.00", "w godz. 12.15-12.45": hours written with a dot
        after_hour = k >= 0 and c.t[k].text.lower().startswith("godz")  # "w godz. 9.00-16.00" -> "w godzinach od dziewiątej..."
        lead = "" if c.prev_word(c.i) in c.rd.g.preps and not after_hour else c.rd.g.say["from"] + " "
        c.emit(f"{lead}{times[0]} {c.rd.g.say['range']} {times[1]}")
        return
    month_after = c.noun_after(c.i)
    if month_after is not None and month_after.lower() in c.rd.g.months and a.isdecimal() and b.isdecimal() and 1 <= int(a) < int(b) <= 31:
        lead = "" if c.prev_word(c.i) in c.rd.g.preps else c.rd.g.say["from"] + " "  # "5–7 czerwca"
        c.emit(f"{lead}{num.ordinal(int(a), 'gen')} {c.rd.g.say['range']} {num.ordinal(int(b), 'gen')}")
        return
    if (dm := dates.day_month(b)) and dates.dotted_date(c, c.i):
        first = dates.day_month(a)
        if first is None and a.isdecimal() and 1 <= int(a) < dm[0]:
            first = (int(a), dm[1])  # "21-25.03": the days of one month
        if first is not None:
            months = c.rd.g.month_names
            lead = "" if c.prev_word(c.i) in c.rd.g.preps else c.rd.g.say["from"] + " "
            start = num.ordinal(first[0], "gen") + ("" if first[1] == dm[1] else " " + months[first[1] - 1])
            c.emit(f"{lead}{start} {c.rd.g.say['range']} {num.ordinal(dm[0], 'gen')} {months[dm[1] - 1]}")
            return
    if re.fullmatch(r"(19|20)\d\d", a) and re.fullmatch(r"(19|20)\d\d", b):
        prev = c.prev_word(c.i)
        if prev.startswith("lat"):  # "w latach 2020-2024"
            c.emit(f"{num.cardinal(int(a))} {c.rd.g.say['range']} {num.cardinal(int(b))}")
            return
        lead = "" if prev in c.rd.g.preps else c.rd.g.say["from"] + " "
        c.emit(f"{lead}{num.ordinal(int(a), 'gen')} {c.rd.g.say['range']} {num.ordinal(int(b), 'gen')}")
        return
    u = units.unit_after(c, c.i)
    gender = u[1].gender if u else "m"
    noun = None if u else c.noun_after(c.i)
    case = c.case_for(c.i, False, noun)
    whole = b.isdecimal() and a.isdecimal()
    if noun is not None and whole and not noun.isupper():  # "2-4 GPU": an acronym does not decline
        gender = "mp" if numbers.people_after(c, c.i, int(b)) else c.rd.inflect.gender_of(noun, int(b))
        if (case == "nom" and gender != "mp" and plural_category(int(b)) == "few") or case in ("dat", "inst", "loc"):
            # "2-3 osoby": the noun agrees with "trzy", so "do trzech osoby" would be wrong;
            # Poles say "dwie, trzy osoby", "dwa, trzy dni", "z dwiema, trzema osobami".
            c.emit(f"{one(a, case, gender)}, {one(b, case, gender)}")
            return
    spoken = f"{one(a, case, gender)} {c.rd.g.say['range']} {one(b, 'gen', gender)}"
    if u is not None:
        frac = "," in b or "." in b
        spoken += " " + u[1].form("frac" if frac else "many", "gen")
        c.i = u[0]
    c.emit(spoken)
    c.end_dot()


def range_compound(c: Context, a: str, b: str) -> str | None:
    """A range joined to an adjective: "2-3-osobowe" or "3-4 osobowe" (grammar: compound_tails),
    said "dwu, trzyosobowe"; consumes the adjective. None when no such adjective follows."""
    if not (a.isdecimal() and b.isdecimal()):
        return None
    j = c.i + 1
    glued = c.tok(j) is not None and c.t[j].text in ("-", "‐") and c.tok(j + 1) is not None and c.t[j + 1].kind in ("word", "plain")
    k = j + 1 if glued else c.next_idx(c.i)
    tail = c.t[k].text if k is not None and c.t[k].kind in ("word", "plain") else ""
    if not tail.islower() or not (glued or tail.startswith(c.rd.g.compound_tails)):
        return None
    first, second = numbers.number_compound(c, int(a), tail), numbers.number_compound(c, int(b), tail)
    if " " in first or " " in second or not first.endswith(tail):
        return None  # no compound prefix for one of the numbers ("100-200 osobowe")
    c.i = k  # type: ignore[assignment]
    return f"{first[: -len(tail)]}, {second}"


def dotted_times(c: Context, a: str, b: str) -> tuple[str, str] | None:
    """Both ends of "9.00–16.00" said as hours in the genitive, or None when they are not times:
    H.MM with a real hour and minutes in fives, the first before the second (not "0.85-0.90")."""
    ends = [re.fullmatch(r"(\d{1,2})\.(\d{2})", x) for x in (a, b)]
    if not all(ends):
        return None
    hm = [(int(m.group(1)), int(m.group(2))) for m in ends]  # type: ignore[union-attr]
    if not all(1 <= h <= 24 and m < 60 and m % 5 == 0 for h, m in hm) or hm[0] >= hm[1]:
        return None
    num = c.rd.num
    return tuple(  # type: ignore[return-value]
        " ".join([num.ordinal(h, "gen", "f"), *([num.cardinal(m) if m >= 10 else num.digits(f"{m:02d}")] if m else [])]) for h, m in hm
    )

