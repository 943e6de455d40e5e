"""Code-like tokens: words with digits ("5GB", "RTX4090"), model numbers, versions, code spans, paths, dotted names."""

from __future__ import annotations

import re

from ..context import Context
from ..numbers import plural_category
from ..shapes import (
    THOUSANDS_DOTS, VOWELS, number_part,
)
from ..tokens import Tok
from . import dates, math, numbers, units, words


def series(c: Context, d: str) -> str | None:
    """A model number as Poles say it, in pairs ("4090" -> "czterdzieści dziewięćdziesiąt",
    "1080" -> "dziesięć osiemdziesiąt", Intel's "12700" -> "dwanaście siedemset"); round
    hundreds stay one number ("7900" -> "siedem tysięcy dziewięćset"). None: not a model number."""
    num = c.rd.num
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


def series_name(c: Context, name: str, digits: str) -> bool:
    """Whether ``digits`` after ``name`` is a product's model number: "RTX 4090", "GTX1080",
    "i7-12700", "DDR4 3200" - a capitalized acronym (letters, maybe digits) then 4-5 digits.

    Not a model number: years ("Q3 2024", "CES 2024": 1900-2039), standards read as
    numbers ("ISO 9001", in grammar: series_not_after), currencies ("PLN 1500")."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]+|[a-z]\d{1,2}", name) or not any(ch.isalpha() for ch in name):
        return False
    if name in c.rd.g.series_not_after or name in c.rd.lex.units:
        return False
    return len(digits) == 5 and name[0].islower() or (len(digits) == 4 and not 1900 <= int(digits) <= 2039)


def alnum(c: Context, w: str, at: int | None) -> str:
    """Words with digits: "3x", "x2", "5GB", "A100", "GPT4", "1920x1080"."""
    rd = c.rd
    if (m := re.fullmatch(r"(\d+)x", w)) and at is not None and math.in_formula(c, at):
        return f"{rd.num.cardinal(int(m.group(1)))} x"  # "y = 2x + 1": two times x, not "twice"
    if m := re.fullmatch(r"(\d+)[x×]", w):
        n = int(m.group(1))
        return f"{rd.num.cardinal(n)} {rd.g.say['once'] if n == 1 else rd.g.say['times']}"
    if m := re.fullmatch(r"(\d+)[.,](\d+)[x×]", w):  # "2.5x" -> "dwa przecinek pięć raza"
        return f"{rd.num.decimal(m.group(1), m.group(2))} {rd.g.say['times_frac']}"
    if m := re.fullmatch(r"[x×](\d+)", w):
        return f"{rd.g.say['times']} {rd.num.cardinal(int(m.group(1)))}"
    if (m := re.fullmatch(r"(\d+)[x×](\d+[A-Za-z]+)", w)) and re.fullmatch(r"\d+", m.group(2)[:-1] if m.group(2)[-1:] in rd.lex.units else "x"):
        return f"{rd.num.cardinal(int(m.group(1)))} {rd.g.say['times']} {alnum(c, m.group(2), None)}"  # "8x7B" -> "osiem razy siedem miliardów"
    if m := re.fullmatch(r"(\d+)[x×](\d+)", w):
        said = f"{rd.num.cardinal(int(m.group(1)))} {rd.g.say['per']} {rd.num.cardinal(int(m.group(2)))}"
        if at is not None and at == c.i and (u := units.unit_after(c, at)) is not None:  # "224x224 px"
            said += " " + u[1].form(plural_category(int(m.group(2))), "nom")
            c.i = u[0]
        return said
    # "ok. 25M parametrów" -> "około dwudziestu pięciu milionów": the case from the preposition
    case = c.case_for(at, False, c.noun_after(at)) if at is not None and at == c.i else "nom"
    if (m := re.fullmatch(r"(\d+)([^\W\d_]+\.?)", w)) and m.group(2) in rd.lex.units:
        unit = rd.lex.units[m.group(2)]
        if at is not None and m.group(2) in rd.g.time_units and c.prev_word(at) == "po":
            case = "loc"  # "po 24h" -> "po dwudziestu czterech godzinach"
        if m.group(2) == "m" and at is not None and (k := c.next_idx(at)) is not None and c.t[k].text in rd.g.millicore_before:
            unit = rd.lex.units.get("millicore", unit)  # "500m CPU": Kubernetes millicores
        return units.number_unit(c, int(m.group(1)), None, unit, case)
    if (m := re.fullmatch(r"(\d+)[.,](\d+)([^\W\d_]+)", w)) and m.group(3) in rd.lex.units:
        return units.number_unit(c, None, (m.group(1), m.group(2)), rd.lex.units[m.group(3)], case)
    out = []
    runs = re.findall(r"\d+(?:[.,]\d+)?|[^\W\d_]+", w)
    for idx, run in enumerate(runs):
        if not run.isdecimal() and run[0].isdecimal():  # "GPT-3.5": a model version
            out.append(f" {rd.g.say['dot']} ".join(number_part(rd.num, x) for x in re.split(r"[.,]", run)))  # "ubuntu22.04"
        elif run.isdecimal() and len(run) == 4 and idx and series_name(c, runs[idx - 1], run):
            out.append(series(c, run) or rd.num.cardinal(int(run)))  # "RTX4090"
        elif (
            run.isdecimal() and len(run) == 4 and idx == 0 and len(runs) == 2 and runs[1].isupper()
            and runs[1] not in rd.lex.units and not 1900 <= int(run) <= 2039
        ):
            out.append(series(c, run) or rd.num.cardinal(int(run)))  # "7950X", "4090D"
        elif run.isdecimal():
            out.append(rd.num.cardinal(int(run)) if not run.startswith("0") or run == "0" else rd.num.digits(run))
        else:
            said = rd.lookup(run)
            if said is None:
                if (run.isupper() or not set(run.lower()) & VOWELS) and len(run) <= 4:
                    said = rd.letters(run)
                    if len(run) > 1:
                        c.find("unknown-acronym", run, f"spelled letter by letter in '{w}'; add '{w}' to the lexicon if said otherwise")
                else:
                    said = words.word(c, run)
            out.append(said)
    return " ".join(out)


def do_version(c: Context, t: Tok) -> None:
    num = c.rd.num
    body = t.text
    if THOUSANDS_DOTS.fullmatch(body):  # "1.000.000" is a number, not a version
        numbers.do_num(c, Tok("num", body.replace(".", "")))
        return
    if (m := re.fullmatch(r"(\d{1,2}\.\d{2})\.(\d{2})", body)) and dates.day_month(m.group(1)) and not numbers.after_product(c, c.i):
        yy = int(m.group(2))  # "21.03.24": a date with a two-digit year
        dates.do_date(c, Tok("date", f"{m.group(1)}.{(2000 if yy < 50 else 1900) + yy}"))
        return
    spoken_words = []
    if body.startswith("v"):
        spoken_words.append(c.rd.g.say["version"])
        body = body[1:]
    spoken_words.append(f" {c.rd.g.say['dot']} ".join(num.cardinal(int(p)) for p in body.split(".")))
    c.emit(" ".join(spoken_words))


def do_code(c: Context, t: Tok) -> None:
    body = t.text.strip("`").strip()
    if body in c.rd.lex.code_symbols:
        c.emit(c.rd.lex.code_symbols[body])
        return
    c.emit(c.rd.speak(body, c.fd, code=True).strip(".,;:!? "))


def do_path(c: Context, t: Tok) -> None:
    """A file path ("/home/user/data", "data/raw/train.csv") read as code: "ukośnik", "kropka", the extension's name."""
    names, ext = c.rd.lex.code_symbols, c.rd.lex.extensions
    pieces = re.findall(r"[^/\\.~:_-]+|[/\\.~:_-]", t.text)
    said = []
    for k, p in enumerate(pieces):
        if p in names or len(p) == 1 and not p.isalnum():
            said.append(names.get(p, ""))
        elif k == len(pieces) - 1 and k and pieces[k - 1] == "." and p.lower() in ext:
            said.append(ext[p.lower()])  # "train.csv" -> "train kropka ce es fau"
        else:
            said.append(words.word(c, p))
    c.emit(" ".join(filter(None, said)))


def do_ident(c: Context, t: Tok) -> None:
    """A dotted code name in prose: "df.groupby()" -> "de ef kropka grup baj", "pd.read_csv" -> "pe de kropka rid ce es fau"."""
    dot = c.rd.lex.code_symbols.get(".", c.rd.g.say["dot"])
    names = t.text.removesuffix("()").split(".")
    said = [" ".join(words.word(c, w) for w in name.split("_") if w) for name in names]
    c.emit(f" {dot} ".join(filter(None, said)))

