"""Numbers: cardinals and ordinals in the case and gender the sentence asks for, decades, years, fractions."""

from __future__ import annotations

import re

from ..context import Context
from ..numbers import plural_category
from ..shapes import (
    ROMAN, THOUSANDS_DOTS, number_part,
)
from ..tokens import Tok
from . import codes, dates, phones, roman, units, words


def number_compound(c: Context, n: int, tail: str) -> str:
    """"90-tych" -> "dziewięćdziesiątych", "5-minutowy" -> "pięciominutowy", "2-krotnie" -> "dwukrotnie"."""
    rd = c.rd
    if tail in rd.g.ord_suffixes:
        case, gender = rd.g.ord_suffixes[tail]
        return rd.num.ordinal(n, case, gender)
    if tail in rd.g.endings and len(tail) <= 3:
        return rd.num.cardinal(n) + tail  # rare: "5-u" and the like
    prefix = rd.g.prefixes.get(n)
    if prefix is None and 20 < n < 100 and n % 10 and (n - n % 10) in rd.g.prefixes and n % 10 in rd.g.prefixes:
        prefix = rd.g.prefixes[n - n % 10] + rd.g.prefixes[n % 10]
    if prefix is None:
        return f"{rd.num.cardinal(n)} {tail}"
    return prefix + tail


def after_product(c: Context, at: int) -> bool:
    """Whether token ``at`` follows a product name or "wersja" (skipping "≥", "==", "~")."""
    k = at - 1
    while k >= 0 and (c.t[k].kind == "space" or c.t[k].text in c.rd.g.version_signs):
        k -= 1
    if k >= 1 and k == at - 1 and c.t[k].text in ("/", ":") and c.t[k - 1].kind == "word":
        k -= 1  # "HTTP/1.1", "python:3.12": the version glued to its name
    if k >= 2 and c.t[k].text.lower() in ("i", "oraz", "lub", "albo", "a", ","):  # "Python 3.10 i 3.11"
        k2 = k - 1
        while k2 >= 0 and c.t[k2].kind == "space":
            k2 -= 1
        if k2 >= 0 and c.t[k2].kind == "num" and "." in c.t[k2].text:
            return after_product(c, k2)
    if k < 0 or c.t[k].kind != "word":
        return False
    w = c.t[k].text
    at_start = all(t.kind == "space" for t in c.t[:k])
    return w.lower() in c.rd.g.version_words or c.rd.lookup(w) is not None or (w[0].isupper() and not at_start)


def case_from_noun(c: Context, noun: str) -> str | None:
    """The case a written noun shows ("roku" -> gen, "rokiem" -> inst), via abbreviation case forms."""
    low = noun.lower()
    for ab in c.rd.lex.abbreviations.values():
        if ab.cases and low == ab.say.lower():
            return "nom"
        for case, form in ab.cases.items():
            if form.lower() == low:
                return case
    return None


def do_num(c: Context, t: Tok) -> None:
    rd, num = c.rd, c.rd.num
    raw = re.sub(r"[\u00a0\u202f\u2009 ]", "", t.text)
    if re.fullmatch(r"\d{3}[\u00a0\u202f\u2009 ]\d{3}[\u00a0\u202f\u2009 ]\d{3}", t.text) and phones.spaced_phone(c, t):
        c.emit(phones.phone(c, re.findall(r"\d+", t.text)))  # "601 234 567"
        return
    if len(raw) == 9 and raw.isdecimal() and phones.phone_context(c, c.i):
        c.emit(phones.phone(c, [raw[:3], raw[3:6], raw[6:]]))  # "tel. 601234567"
        return
    if (m := re.fullmatch(r"(\d{2})(\d{2})\.(\d{4,5})", raw)) and words.after_id_word(c, c.i):
        # "arXiv:1706.03762" -> "siedemnaście zero sześć kropka zero trzy siedem sześć dwa" (year, month, number)
        pairs = [num.digits(x) if x.startswith("0") else num.cardinal(int(x)) for x in m.group(1, 2)]
        c.emit(f"{' '.join(pairs)} {rd.g.say['dot']} {num.digits(m.group(3))}")
        return
    dec = None
    if THOUSANDS_DOTS.fullmatch(raw):  # "10.000" and "1.500 zł" group thousands with a dot
        raw = raw.replace(".", "")
    if c.code and (m := re.fullmatch(r"(\d+)\.(\d+)", raw)):
        # In code a dot is a dot: "python:3.11", "app:1.0", "lr=0.001" ("trzy kropka jedenaście"), never a date.
        c.emit(f" {rd.g.say['dot']} ".join(number_part(num, x) for x in m.groups()))
        return
    if m := re.fullmatch(r"(\d+)[.,](\d+)", raw):
        dec = m.groups()
        prev = c.tok(c.i - 2)
        if "." in raw and after_numbered(c, c.i):  # "zadanie 2.10", "w punkcie 2.3": a section number
            c.emit(f" {rd.g.say['dot']} ".join(number_part(num, x) for x in dec))  # "sala 1.08" -> "jeden kropka zero osiem"
            return
        if (dm := dates.day_month(raw)) and dates.dotted_date(c, c.i):
            c.emit(f"{dates.day(c, dm[0], c.i)} {rd.g.month_names[dm[1] - 1]}")  # "21.03"
            return
        if (
            "." in raw
            and len(dec[1]) == 2
            and int(dec[0]) <= 24
            and int(dec[1]) < 60
            and units.unit_after(c, c.i) is None
            and (prev is not None and prev.text.lower() in c.hour_words or c.prev_word(c.i) in rd.g.time_preps)
        ):
            dates.do_time(c, Tok("time", f"{dec[0]}:{dec[1]}"))  # "godz. 14.30", "o 9.15"
            return
        if "." in raw and prev is not None and prev.kind == "abbr":  # "rys. 2.1" -> "dwa kropka jeden"
            c.emit(f" {rd.g.say['dot']} ".join(num.cardinal(int(x)) for x in dec))
            return
        before = c.t[c.i - 2].text if c.i >= 2 else ""
        # "AUC 0.93", "dropout 0.1", "temperature 0.7": a score or a setting; "Python 0.9" stays a version
        first = c.i == 2 or (c.i >= 4 and c.t[c.i - 4].text in ".!?:")  # "Dropout 0.1" opens a sentence
        term = before.islower() or (first and before[1:].islower())
        metric = dec[0] == "0" and (before.isupper() or (term and before.lower() not in rd.g.version_words))
        if "." in raw and not metric and after_product(c, c.i):
            if units.unit_after(c, c.i) is None:  # "Python 3.11", "Docker ≥ 20.10", "wersji 3.12": a version
                c.emit(f"{num.cardinal(int(dec[0]))} {num.digits(dec[1]) if dec[1].startswith('0') else num.cardinal(int(dec[1]))}")
                return
    if dec is None and len(raw) > 15:  # beyond trillions: digit by digit
        c.emit(num.digits(raw))
        return
    n = int(raw) if dec is None else None
    # A decade: "lata 90." -> "lata dziewięćdziesiąte", "w latach 80. i 90." -> "...osiemdziesiątych i dziewięćdziesiątych".
    if n is not None and n % 10 == 0 and (10 <= n <= 90 or 1800 <= n <= 2090) and (case := decade_case(c, c.i)):
        c.emit(num.ordinal(n, case, "pl"))
        k = c.i + 1  # the ordinal's dot, unless it also ends the sentence ("Lata 90. Potem")
        if c.tok(k) is not None and c.t[k].text == ".":
            k2 = c.next_idx(k, 99)
            nt2 = c.tok(k2) if k2 is not None else None
            if nt2 is not None and not (nt2.text[0].isupper() and not ROMAN.match(nt2.text)):
                c.i = k
        c.decade = (c.i, case)
        return
    # A model number after a product acronym: "RTX 4090" -> "er te iks czterdzieści dziewięćdziesiąt".
    if n is not None and raw == t.text and c.i >= 2 and c.t[c.i - 1].text == " " and c.t[c.i - 2].kind == "word":
        if codes.series_name(c, c.t[c.i - 2].text, raw) and units.unit_after(c, c.i) is None and (said := codes.series(c, raw)):
            c.emit(said)
            return
    # A number with a unit ("5 GB", "80%").
    if (u := units.unit_after(c, c.i)) is not None:
        k, unit = u
        if n is not None and (adjective := percent_adjective(c, n, k)):
            c.emit(adjective)  # "z 95% pewnością" -> "z dziewięćdziesięciopięcioprocentową pewnością"
            c.i = k
            return
        if unit.ordinal and n is not None:
            c.emit(roman.ordinal_with_noun(c, n, c.i, k))
            return
        case = c.case_for(c.i, False, c.noun_after(k))
        if c.t[k].text.strip() in rd.g.locative_units and c.prev_word(c.i) in ("w", "we"):
            case = "loc"  # "w 20% przypadków" -> "w dwudziestu procentach przypadków"
        if c.t[k].text.strip() in rd.g.time_units and c.prev_word(c.i) == "po" and dec is None:
            case = "loc"  # "po 20 min" -> "po dwudziestu minutach" (after, not "each": "po 20 pkt")
        c.emit(units.number_unit(c, n, dec, unit, case))
        c.i = k
        if (u2 := units.unit_after(c, k)) is not None:  # "25 mln zł": the second unit is genitive plural
            c.emit(u2[1].many if case in ("nom", "acc") else u2[1].form("many", case))
            c.i = u2[0]
        c.end_dot()
        return
    if dec is not None:
        c.emit(num.decimal(*dec))
        return
    assert n is not None
    nxt = c.next_idx(c.i)
    nt = c.tok(nxt) if nxt is not None else None
    # An ordinal: "3. etap" (the dot right after the number, then a lower-case word).
    if nt is not None and nt.text == "." and nxt == c.i + 1:
        k2 = c.next_idx(c.i + 1)
        after = c.tok(k2) if k2 is not None else None
        if after is not None and after.kind == "word" and after.text[0].islower() and k2 != c.i + 2:
            case = c.case_for(c.i, True, after.text)
            if case == "acc" and after.text.endswith(("u", "rze", "dzie")):
                case = "loc"  # "na 2. miejscu", "na 3. piętrze": -u/-rze/-dzie is never the accusative
            plural = after.text.endswith(("ach", "ami"))  # "na 1. zajęciach" -> "na pierwszych zajęciach"
            c.emit(num.ordinal(n, case, "pl" if plural else rd.inflect.gender_of(after.text, 1)))
            c.i += 1
            return
    # The first day of a span of dates: "1-2.03.2024" -> "od pierwszego do drugiego marca...".
    if nt is not None and nt.text in ("-", "–") and 1 <= n <= 31 and (k3 := c.next_idx(nxt)) is not None and c.t[k3].kind == "date":  # type: ignore[arg-type]
        lead = "" if c.prev_word(c.i) in rd.g.preps else rd.g.say["from"] + " "
        c.emit(lead + num.ordinal(n, "gen"))
        return
    # A day and a month: "21 marca (2025 r.)".
    if nt is not None and nt.kind == "word" and nt.text.lower() in rd.g.months and 1 <= n <= 31:
        c.emit(dates.day(c, n, c.i))
        return
    # After "godz."/"godzina" a number is an hour: "godz. 10" -> "godzina dziesiąta".
    before = c.tok(c.i - 2) if c.i >= 2 and c.t[c.i - 1].kind == "space" else None
    if before is not None and before.text.lower() in c.hour_words and n <= 24:
        c.emit(num.ordinal(n, c.case_for(c.i, True), "f"))
        return
    # "od godz. 9 do 17": the end of a span of hours is an hour too.
    if n <= 24 and c.i >= 6 and c.t[c.i - 2].text.lower() == "do" and c.t[c.i - 4].kind == "num":
        if c.t[c.i - 6].text.lower() in c.hour_words:
            c.emit(num.ordinal(n, "gen", "f"))
            return
    # "o 9" at the end or before "rano": an hour -> "o dziewiątej".
    prev_w = c.prev_word(c.i)
    if (
        prev_w == "o"
        and n <= 24
        and (nt is None or nt.kind != "word" or nt.text.lower() in rd.g.hour_followers)
        and not c.word_before_prep(c.i).startswith(rd.g.amount_words)  # "wzrost o 5" is an amount
    ):
        c.emit(num.ordinal(n, "loc", "f"))
        return
    # "rok 2024" -> "rok dwa tysiące dwudziesty czwarty" (the year agrees with the noun).
    if before is not None and 1000 <= n <= 2100 and before.text.lower() in rd.year_words and (cs := case_from_noun(c, before.text)):
        c.emit(num.ordinal(n, cs))
        return
    # A year: "w 2024", "2024 roku", "marca 2025".
    if 1000 <= n <= 2100:
        noun = nt.text if nt is not None and nt.kind == "word" else ""
        prev = c.prev_word(c.i)
        if case_from_noun(c, noun) is not None:
            case = c.case_for(c.i, True) if prev in rd.g.preps else (case_from_noun(c, noun) or "nom")
            c.emit(num.ordinal(n, case))
            return
        if prev in rd.g.months:
            c.emit(f"{num.ordinal(n, 'gen')}")
            return
        if prev in rd.g.preps and (not noun or noun[0].isupper()) and raw.startswith(("19", "20")):
            c.emit(num.ordinal(n, c.case_for(c.i, True)))
            return
    noun = nt.text if nt is not None and nt.kind == "word" and nt.text.lower() not in rd.g.not_nouns else None
    case = c.case_for(c.i, False, noun)
    if c.i >= 2 and c.t[c.i - 1].text == ":" and c.t[c.i - 2].kind == "num" and not c.code \
            and not c.prev_word(c.i - 2).startswith(rd.g.port_words):
        case = "gen"  # "3:1" -> "trzy do jednego" (in code "8080:80" is a port mapping)
    gender = rd.inflect.gender_of(noun, n) if noun else "m"
    if noun and people_after(c, c.i, n):
        gender = "mp"  # "5 programistów" -> "pięciu programistów"
    if n == 1 and noun and case in ("nom", "loc") and prev_w in rd.g.locative_preps and not noun.isupper():
        # "w 1 przypadku" -> "w jednym przypadku", "w 1 epoce" -> "w jednej epoce" (not "jedno")
        if rd.inflect.feminine_locative(noun):
            case, gender = "loc", "f"
        elif noun.endswith("u"):
            case, gender = "loc", "m"
    if raw.startswith("0") and len(raw) > 1:
        c.emit(num.digits(raw))
    else:
        c.emit(num.cardinal(n, case, gender))
    genitive = rd.g.genitive_plural.get(noun.lower()) if noun and case == "gen" else None
    if genitive and plural_category(n) == "few" and nxt is not None:
        # "ok. 2 godziny" is said "około dwóch godzin": the noun follows the number into the genitive
        c.emit(genitive)
        c.i = nxt


def people_after(c: Context, j: int, n: int) -> bool:
    """Whether the number ``n`` at token ``j`` counts men or mixed people, so it takes the
    masculine-personal form. After 2-4 any genitive plural (noun or adjective) says so
    ("2 programistów", "22 nowych pracowników"); from 5 up the noun must be a known one
    ("5 programistów" but "5 wektorów"), adjectives before it skipped ("5 nowych studentów")."""
    cat = plural_category(n)
    if cat == "one":
        return False
    k: int | None = j
    for _ in range(3):
        k = c.next_idx(k) if k is not None else None
        t = c.tok(k) if k is not None else None
        if t is None or t.kind != "word":
            return False
        low = t.text.lower()
        k2 = c.next_idx(k) if k is not None else None
        if (low in c.rd.phrases or t.text.isupper()) and k2 is not None and c.t[k2].kind == "word":
            continue  # "5 Data Scientistów", "3 ML Engineerów": the last word of the term is the noun
        if cat == "few":
            return low.endswith(c.rd.g.virile_endings)
        adjective = low.endswith(("ych", "ich"))
        if adjective and k2 is not None and c.t[k2].kind == "word":
            continue  # "5 nowych programistów": look at the noun
        return c.rd.inflect.names_people(t.text)
    return False


def decade_case(c: Context, j: int) -> str | None:
    """The case of a decade at token ``j`` from "lata" before it ("lata" nom, "latach" loc,
    "lat" gen), or from the decade it is coordinated with ("lata 80. i 90."); None: no decade."""
    prev = c.prev_word(j)
    if prev in c.rd.g.decade_words:
        return c.rd.g.decade_words[prev]
    last = c.decade
    if last is None:
        return None
    between = [t for t in c.t[last[0] + 1 : j] if t.kind != "space"]
    ok = all(t.text in (".", ",", "-", "–", "—") or t.text.lower() in ("i", "oraz", "lub", "albo", "a", "czy") for t in between)
    return last[1] if ok and len(between) <= 3 else None


def after_numbered(c: Context, at: int) -> bool:
    """Whether token ``at`` follows a noun for a numbered part of a text ("zadanie", "wzór",
    "rozdział", grammar: numbered_nouns), so "2.10" after it is a number like "dwa kropka dziesięć"."""
    k = at - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    return k >= 0 and c.t[k].kind == "word" and c.t[k].text.lower().startswith(c.rd.g.numbered_nouns)


def do_sci(c: Context, t: Tok) -> None:
    """Scientific notation: "1e-3" -> "dziesięć do potęgi minus trzy",
    "2.5e-4" -> "dwa przecinek pięć razy dziesięć do potęgi minus cztery"."""
    num, rd = c.rd.num, c.rd
    m = re.fullmatch(r"(\d+)(?:[.,](\d+))?[eE]([-+−]?)(\d+)", t.text)
    assert m is not None
    whole, frac, sign, exp = m.groups()
    power = f"{num.cardinal(10)} {rd.lex.symbols.get('^', 'do potęgi')} {rd.g.say['minus'] + ' ' if sign in ('-', '−') else ''}{num.cardinal(int(exp))}"
    if frac is None and int(whole) == 1:
        c.emit(power)
        return
    mantissa = num.decimal(whole, frac) if frac is not None else num.cardinal(int(whole))
    c.emit(f"{mantissa} {rd.g.say['times']} {power}")


def do_frac(c: Context, t: Tok) -> None:
    """"1/2" -> "jedna druga", "3/4" -> "trzy czwarte", "24/7" -> "dwadzieścia cztery na siedem"."""
    a, b = map(int, t.text.split("/"))
    num = c.rd.num
    dated = re.fullmatch(r"\d{1,2}/(?:0[1-9]|1[0-2])", t.text) and dates.day_month(t.text.replace("/", "."))
    if dated and (t.text.split("/")[1].startswith("0") or a > 12):
        # "15/06", "30/11": a day and a month (a fraction has no leading zero and a day above 12 is no ratio)
        c.emit(f"{dates.day(c, a, c.i)} {c.rd.g.month_names[b - 1]}")
        return
    if 0 < a < b <= 10:
        # The case from a preposition: "o 1/3" -> "o jedną trzecią", "do 2/3" -> "do dwóch trzecich",
        # "w 1/4" -> "w jednej czwartej" (w/po/przy + a fraction: the locative).
        prev = c.prev_word(c.i)
        prep = c.rd.g.preps.get(prev)
        case = "nom" if prep is None else ("acc" if prev == "o" else prep[1] if prep[1] == "loc" else prep[0])
        cat = plural_category(a)
        if cat == "one":
            form = (case, "f")
        elif case in ("nom", "acc"):
            form = ("nom", "pl") if cat == "few" else ("gen", "pl")
        else:
            form = (case, "pl")
        c.emit(f"{num.cardinal(a, case, 'f')} {num.ordinal(b, *form)}")
        if (u := units.unit_after(c, c.i)) is not None:  # "1/2 kg" -> "jedna druga kilograma"
            c.emit(u[1].gen_one)
            c.i = u[0]
    else:
        c.emit(f"{num.cardinal(a)} {c.rd.g.say['per']} {num.cardinal(b)}")


def percent_adjective(c: Context, n: int, unit_at: int) -> str | None:
    """"N%" as an adjective: after "z", before a noun in the instrumental (grammar: percent_adjective)."""
    forms: dict[str, str] = c.rd.g.percent_adjective
    if not forms or c.t[unit_at].text.strip() != "%" or c.prev_word(c.i) not in ("z", "ze"):
        return None
    k = c.next_idx(unit_at)
    noun = c.t[k].text.lower() if k is not None and c.t[k].kind == "word" else ""
    end = next((e for e in sorted(forms, key=len, reverse=True) if noun.endswith(e)), None)
    return number_compound(c, n, forms[end]) if end and len(noun) > 4 else None

