"""Polish abbreviations ("np.", "godz.", "tzw.", "pt.") in the form the sentence needs."""

from __future__ import annotations


from ..context import Context
from ..lexicon import Abbreviation
from ..tokens import Tok
from . import dates, math, words


def do_abbr(c: Context, t: Tok) -> None:
    rd = c.rd
    nxt_tok = c.tok(c.i + 1)
    if nxt_tok is not None and nxt_tok.text == "(" and t.text in rd.formula_words.functions:
        words.do_word(c, t)  # "max(0, x)": a function call, not the abbreviation "max" ("maks")
        return
    ab: Abbreviation | None = rd.lex.abbreviations.get(t.text) or rd.abbr_ci.get(t.text.lower())
    if ab is None:
        unit = rd.lex.units.get(t.text)  # a dotted unit without a number ("mies.")
        c.emit(unit.many if unit else "")
        return
    if "." not in t.text and c.tok(c.i + 1) is not None and c.t[c.i + 1].text == "(" and math.math_parens(c, c.i + 1) is not None:
        c.emit(rd.lex.acronyms.get(t.text) or rd.letters(t.text))  # "np(1-p)": a product in a formula, not "na przykład"
        return
    spoken = ab.say
    nxt = c.next_idx(c.i)
    dotted = rd.abbr_ci.get(t.text.lower() + ".")
    nt = c.tok(nxt) if nxt is not None else None
    before_number = nt is not None and (
        nt.kind in ("num", "range", "numw", "frac", "time", "date", "version")
        or nt.text[:1].isdecimal()
        or (nt.text in rd.lex.units and rd.lex.units[nt.text].before)  # "ok. $5"
    )
    if dotted is not None and before_number:
        spoken = dotted.say  # "ok 5 osób": the undotted "ok" is "około" before a number
    elif ab.alone and not before_number:
        spoken = ab.alone  # "Było ok." -> "okej"
    if ab.cases:
        prep = rd.g.preps.get(c.prev_word(c.i))
        if prep:
            spoken = ab.cases.get(prep[1], ab.say)
            unit = rd.lex.units.get(t.text)
            if unit is not None and prep[1] in ("gen", "loc", "inst") and c.prev_word(c.i) != "o" and dates.span_follows(c, nxt):
                spoken = unit.form("many", prep[1])  # "w godz. 10-12" -> "w godzinach od dziesiątej do dwunastej"
    if ab.dated and not (ab.cases and rd.g.preps.get(c.prev_word(c.i))) and (dates.after_dated_bracket(c) or dates.hours_follow(c, nxt)):
        spoken = ab.dated  # "kolokwium 5.07 (pt.)": the weekday of that date
    if ab.agrees and nt is not None and nt.kind == "word":
        low = nt.text.lower()
        english = low in rd.lex.words or low in rd.phrases  # loanwords are masculine: "tzw. feature store"
        spoken = spoken if english else ab.agrees.get(rd.inflect.adjective_gender(nt.text), spoken)
    c.emit(spoken)
    if t.text.endswith(".") and (c.next_idx(c.i, 99) is None or (ab.final and c.dot_ends_sentence(c.i))):
        c.emit(".")  # the abbreviation's dot also ended the sentence ("itd. Potem")

