"""Symbols and punctuation in prose: dashes, slashes, ratios, arrows, stars."""

from __future__ import annotations

import re
import unicodedata

from ..context import Context
from ..tokens import Tok
from . import math, units


def do_sym(c: Context, t: Tok) -> None:
    s, rd = t.text, c.rd
    if math.plain_math(c, s):
        return
    nxt = c.next_idx(c.i, max_space=0)
    nt = c.tok(nxt) if nxt is not None else None
    prev = c.tok(c.i - 1)
    if c.code and s == "." and nt is not None and nt.kind == "word":
        c.emit(rd.lex.code_symbols.get(".", rd.g.say["dot"]))  # ".env", "./run.sh"
        return
    if c.code and s == ":" and prev is not None and prev.kind != "space" and nt is not None and nt.kind != "space":
        c.emit(rd.lex.code_symbols.get(":", s))  # "python:3.11", "-p 8080:80", "user:pass": a separator, not a pause or ratio
        return
    if s in ("^", "~") and nt is not None and nt.kind == "version" and (prev is None or prev.kind == "space"):
        c.emit(rd.lex.code_symbols.get(s, s))  # a semver range: "^1.2.0" -> "daszek jeden kropka dwa kropka zero"
        return
    if s == "/" and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("num", "version") \
            and (prev.text in rd.lex.acronyms or prev.text.isupper()):
        return  # a protocol version: "HTTP/2", "HTTP/1.1" -> "ha te te pe dwa"
    if s == ":" and not c.code and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("num", "version") \
            and prev.text.isascii() and prev.text.islower():
        c.emit(rd.lex.code_symbols.get(":", s))  # an image tag or a port in prose: "python:3.12", "localhost:8080"
        return
    if s == "." and prev is not None and nt is not None and prev.kind == "num" and nt.kind == "word" and nt.text[:1].isdecimal():
        c.emit(rd.lex.code_symbols.get(".", rd.g.say["dot"]))  # "3.12-slim": a version glued to a tag
        return
    if s == "." and not c.code and (prev is None or prev.kind == "space") and nt is not None and nt.kind == "word" \
            and nt.text[:1].islower() and nt.text.isascii():
        c.emit(rd.lex.code_symbols.get(".", rd.g.say["dot"]))  # a dotfile in prose: ".gitignore", ".env"
        return
    if s == "." and not c.code and prev is not None and nt is not None and prev.kind == "word" and nt.kind == "word" \
            and (any(ch.isdecimal() for ch in prev.text + nt.text[:1]) or prev.text.isupper() and nt.text.isupper()):
        c.emit(rd.lex.code_symbols.get(".", rd.g.say["dot"]))  # "m5.2xlarge", "MAJOR.MINOR": a name, not a sentence end
        return
    if s == "*" and not c.code and star_is_all(c):
        c.emit(rd.lex.code_symbols.get("*", s))  # "SELECT * FROM", "COUNT(*)": every column
        return
    if s == ":" and prev is not None and prev.kind == "num" and nt is not None and nt.kind == "num":
        if c.prev_word(c.i - 1).startswith(rd.g.port_words):
            c.emit(rd.lex.code_symbols.get(":", s))  # "na porcie 8080:80": a port mapping
            return
        c.emit(rd.g.say["range"])  # a ratio: "3:1" -> "trzy do jednego", "1:1000" -> "jeden do tysiąca"
        return
    if s in ".,?!:;":
        c.emit(s)
        return
    if s in ("...", "…"):
        c.emit("...")
        return
    unit = rd.lex.units.get(s)
    if unit is not None and unit.before and nt is not None and nt.kind == "num":  # "$5"
        raw = nt.text.replace(",", ".")
        case = c.case_for(c.i, False)  # "ok. $5" -> "około pięciu dolarów"
        c.i = nxt  # type: ignore[assignment]
        if "." in raw:
            whole, frac = raw.split(".", 1)
            c.emit(units.number_unit(c, None, (whole, frac), unit, case))
        else:
            c.emit(units.number_unit(c, int(re.sub(r"\D", "", raw)), None, unit, case))
        return
    if c.code:
        if s in rd.lex.code_symbols:
            c.emit(rd.lex.code_symbols[s])
            return
    prev_ns = c.tok(c.i - 2) if prev is not None and prev.kind == "space" else prev
    k_ns = c.next_idx(c.i)
    next_ns = c.tok(k_ns) if k_ns is not None else None
    if (
        s in ("-", "–", "—", "‐")
        and prev_ns is not None
        and prev_ns.kind in ("num", "time")
        and next_ns is not None
        and next_ns.kind == prev_ns.kind
    ):
        after = [t.text for t in c.t[k_ns + 1 : k_ns + 4] if t.kind != "space"] if k_ns is not None else []
        c.emit(rd.g.say["minus"] if after[:1] == ["="] else rd.g.say["range"])  # "9:00-17:00", "5 - 10"; "10 - 5 = 5"
        return
    if s == "==" and ((prev is None or prev.kind == "space") != (nt is None or nt.kind == "space")):
        return  # an Obsidian ==highlight== mark, not an equation
    if s in ("-", "–", "—") and prev_ns is not None and prev_ns.kind in ("num", "date") and next_ns is not None and next_ns.kind == "date":
        c.emit(rd.g.say["range"])  # "21.03.2024-25.03.2024", "1-2.03.2024"
        return
    if s in ("-", "–") and prev_ns is not None and prev_ns.kind == "num" and next_ns is not None and re.fullmatch(r"\d+[x×]", next_ns.text):
        c.emit(",")  # "2-3x" -> "dwa, trzy razy"
        return
    if s in ("-", "–") and prev_ns is not None and prev_ns.kind == "num" and next_ns is not None \
            and (m := re.fullmatch(r"\d+([^\W\d_]+)", next_ns.text)) and m.group(1) in rd.lex.units:
        c.emit(rd.g.say["range"])  # "2-3k" -> "dwa do trzech tysięcy", "5-10GB"
        return
    if s in ("--", "---", "―"):
        c.emit(",")  # "--" typed for a dash
        return
    if s in ("-", "–", "—", "‐"):
        prev_space = prev is None or prev.kind == "space"
        if s == "-" and prev_space and nt is not None and nt.kind == "num":
            c.emit(rd.g.say["minus"])
        elif prev_space or (nt is None) or s != "-":
            c.emit(",")  # a dash used as a pause, also "-dlaczego"
        return
    if s == "/" and nt is not None and (unit := rd.lex.units.get(nt.text.strip())) is not None and nt.kind != "num":
        c.emit(unit.per)  # "$3/h" -> "na godzinę", "zł/mies." -> "na miesiąc"
        c.i = nxt  # type: ignore[assignment]
        c.end_dot()
        return
    if s == "/" and nt is not None and nt.kind == "num" and (prev is None or prev.kind in ("space", "version")):
        c.emit(rd.lex.code_symbols.get("/", rd.g.say["slash"]))  # a network mask: "10.0.0.0/24", "maska /24"
        return
    if s == "/" and prev is not None and prev.kind == "num" and nt is not None and nt.kind == "num":
        c.emit(rd.g.say["per"])  # "100/200" -> "sto na dwieście"
        return
    if s == "/" and prev is not None and nt is not None and prev.kind == "word" and nt.kind in ("word", "abbr") and (
        prev.text.lower() in rd.g.branch_prefixes or re.fullmatch(r"[A-Za-z]+-\d+.*", nt.text)
    ):
        c.emit(rd.lex.code_symbols.get("/", rd.g.say["slash"]))  # a Git branch: "feature/ABC-123", "hotfix/login"
        return
    if s == "/" and (prev is None or prev.kind == "space") and nt is not None and nt.kind == "word" and nt.text[:1].isalpha():
        c.emit(rd.lex.code_symbols.get("/", rd.g.say["slash"]))  # an endpoint or command in prose: "/health", "/help"
        return
    if s == "/":
        before_word = prev is not None and prev.kind in ("word", "num")
        if before_word and nt is not None and nt.kind in ("word", "num"):
            # "system/aplikacja/element" -> "system, aplikacja lub element"
            k2 = c.next_idx(nxt, max_space=0) if nxt is not None else None
            more = k2 is not None and c.t[k2].text == "/"
            c.emit("," if more else rd.lex.symbols.get("/", rd.g.say["or"]))
            return
        c.emit(rd.lex.code_symbols.get("/", rd.g.say["slash"]) if prev is None or nt is None else "")
        return
    if s in ("*", "×") and prev is not None and prev.kind == "space" and c.tok(c.i - 2) is not None \
            and c.t[c.i - 2].kind == "num" and nt is None and next_ns is not None and next_ns.kind == "word":
        c.emit(rd.g.say["times"])  # a weight: "0,6 * projekt + 0,4 * kolokwium"
        return
    if s in ("*", "×", "x") and between_numbers(c):
        c.emit(rd.g.say["times"])
        return
    if s == "#" and nt is not None and nt.kind == "num":
        c.emit(rd.g.say["number"])
        return
    if s in (")", "]") and all(t.kind == "space" or t.text in ".,;:!?)]" for t in c.t[c.i + 1 :]):
        return  # a closing bracket at the end of the text: no pause after it ("5.07 (pt.)")
    if s in ("→", "->", "=>") and not c.code and prev_ns is not None and next_ns is not None and quantity_before(c, c.i) \
            and next_ns.kind in ("num", "version", "time", "date", "range"):
        c.emit(", " + rd.g.say.get("then", rd.lex.symbols.get(s, "")))  # a sequence of values, not "prowadzi do"
        return
    if s in rd.lex.symbols:
        c.emit(rd.lex.symbols[s])
        return
    cat = unicodedata.category(s[0])
    if cat.startswith("P") or cat in ("So", "Sk", "Cs", "Co", "Cn", "Mn", "Cf") or s in "*`":
        if cat not in ("So", "Sk", "Cs", "Co", "Cf", "Mn") and s not in "*`\"'":
            c.find("symbol-left", s, "punctuation mark not read")
        return  # emoji, quotes, stray marks are not spoken
    c.find("symbol-left", s, "symbol not read; add it to the lexicon (symbols)")


def quantity_before(c: Context, j: int) -> bool:
    """Whether a number (maybe with its unit: "25%", "200 ms") ends right before token j."""
    k = j - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    if k >= 0 and c.t[k].kind in ("unit", "word", "sym", "abbr") and c.t[k].text.strip() in c.rd.lex.units:
        k -= 1  # the unit of the number
        while k >= 0 and c.t[k].kind == "space":
            k -= 1
    return k >= 0 and c.t[k].kind in ("num", "version", "time", "date", "range")


def star_is_all(c: Context) -> bool:
    """Whether the "*" here means "all columns": after "SELECT" or "COUNT(" (grammar: star_after)."""
    k = c.i - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    if k < 0 or c.t[k].text.lower() not in c.rd.g.star_after:
        return False
    closing = c.tok(c.i + 1)
    return c.t[k].text != "(" or closing is not None and closing.text == ")"  # "(*)", not "(* uwaga)"


def between_numbers(c: Context) -> bool:
    a = c.tok(c.i - 2) if c.tok(c.i - 1) is not None and c.t[c.i - 1].kind == "space" else c.tok(c.i - 1)
    k = c.next_idx(c.i)
    b = c.tok(k) if k is not None else None
    return a is not None and b is not None and a.kind == "num" and b.kind == "num"

