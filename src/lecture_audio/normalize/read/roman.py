"""Roman numerals read as ordinals agreeing with their noun ("XXI w.", "część II", "II wojna")."""

from __future__ import annotations


from ..context import Context
from ..shapes import (
    CONJ, ROMAN, roman_value,
)
from . import numbers


def roman(c: Context, w: str, at: int) -> str | None:
    """A Roman numeral as an ordinal: "Zjazd II" -> "zjazd drugi", "w części III" -> "w części trzeciej"."""
    k = at - 1
    while k >= 0 and c.t[k].kind == "space":
        k -= 1
    noun = c.t[k].text if k >= 0 and c.t[k].kind in ("word", "abbr") else ""
    if noun.lower().startswith(c.rd.g.roman_nouns):
        case = c.case_for(k, True) if k >= 0 else "nom"
        if c.t[k].kind == "abbr" and (ab := c.rd.abbr_ci.get(noun.lower())) is not None:
            noun = ab.say  # "cz. II": the gender of "część"
        # The nominative noun's ending gives the gender ("grupa III" -> "trzecia", "piętro II" -> "drugie");
        # an oblique form ("w grupie III") may not, so the number's own guess decides there.
        gender = c.rd.inflect.adjective_gender(noun) if case == "nom" and noun.lower() == noun.lower().rstrip(".") else c.rd.inflect.gender_of(noun, 1)
        if noun.lower().startswith("częś"):
            gender = "f"  # "część II" -> "druga"; "-ść" hides the gender
        if (form := c.rd.g.roman_before.get(noun.lower())) is not None and form[0] != "nom":
            case, gender = form  # the noun's own form: "na piętrze II" -> "drugim", "w grupie III" -> "trzeciej"
            if case == "gen" and c.rd.g.preps.get(c.prev_word(k), ("", ""))[1] in ("loc", "acc"):
                case = "loc"
        return c.rd.num.ordinal(roman_value(w), case, gender)
    if len(w) > 1:
        return c.rd.num.ordinal(roman_value(w))
    return None  # a lone "I", "V", "X" is a letter or the word "i"


def roman_before_noun(c: Context, w: str, at: int) -> str | None:
    """A Roman numeral before a noun whose form gives its case and gender (grammar:
    roman_before): "II wojna" -> "druga wojna", "studia I stopnia" -> "pierwszego stopnia",
    "po II wojnie" -> "po drugiej wojnie", "na II roku" -> "na drugim roku"."""
    if not w.isupper() or not ROMAN.match(w) or w in c.rd.lex.acronyms:
        return None
    nxt = c.next_idx(at)
    form = c.rd.g.roman_before.get(c.t[nxt].text.lower()) if nxt is not None and c.t[nxt].kind == "word" else None
    if form is None:
        return None
    case, gender = form
    prep = c.rd.g.preps.get(c.prev_word(at))
    if case == "gen" and prep is not None and prep[1] in ("loc", "acc"):
        case = "loc"  # "roku" after "na"/"w" is the locative
    return c.rd.num.ordinal(roman_value(w), case, gender)


def roman_compound(c: Context, n: int, tail: str) -> str:
    """A Roman numeral joined to an adjective: "XIX-wieczny" -> "dziewiętnastowieczny",
    "XXI-wieczna" -> "dwudziestopierwszowieczna" (ordinal stems joined with -o-)."""
    num = c.rd.num
    parts = [n] if n in num.ord else [n - n % 10, n % 10] if n < 100 else []
    if not parts or tail in c.rd.g.ord_suffixes:
        return numbers.number_compound(c, n, tail)
    stems = []
    for x in parts:
        stem, cls = num.ord[x]
        stems.append(stem + ("io" if cls == "soft" else "o"))
    return "".join(stems) + tail


def ordinal_with_noun(c: Context, n: int, at: int, noun_at: int) -> str:
    """"XXI w." / "2024 r." / "XXI wieku": ordinal agreeing with its noun."""
    noun = c.t[noun_at]
    unit = c.rd.lex.units.get(noun.text)
    case = ordinal_case(c, c.first_conjunct(at), noun.text)
    if unit is not None:
        c.i = noun_at
        spoken = f"{c.rd.num.ordinal(n, case, unit.gender)} {unit.form('one', case)}"
        if c.dot_ends_sentence(noun_at):
            spoken += "."
        return spoken
    return c.rd.num.ordinal(n, case, "m")


def ordinal_case(c: Context, at: int, noun: str) -> str:
    """Case of an ordinal at token ``at`` before ``noun`` ("XXI w.", "2024 r.", "XX wieku")."""
    unit = c.rd.lex.units.get(noun)
    case = c.case_for(at, ordinal=True)
    prev = c.prev_word(at)
    if prev in c.rd.g.months:
        case = "gen"  # "21 marca 2025 r."
    elif prev not in c.rd.g.preps:
        case = numbers.case_from_noun(c, noun) or case
        if case == "nom" and unit is not None and c.after_word(at):
            case = "gen"  # "w Q3 2024 r.", "wyniki z marca 2024 r.": mostly "roku"
    return case


def coordinated_roman(c: Context, n: int, at: int) -> str | None:
    """The first of two coordinated Roman numerals before their noun: "XIX" in
    "na przełomie XIX i XX w." -> "dziewiętnastego" (the case and gender of "XX w.")."""
    k1 = c.next_idx(at)
    if k1 is None or c.t[k1].text.lower() not in CONJ:
        return None
    k2 = c.next_idx(k1)
    if k2 is None or c.t[k2].kind != "word" or not ROMAN.match(c.t[k2].text):
        return None
    k3 = c.next_idx(k2)
    if k3 is None or c.t[k3].text.lower() not in c.rd.g.roman_after:
        return None
    noun = c.t[k3].text
    unit = c.rd.lex.units.get(noun)
    gender = unit.gender if unit is not None else c.rd.inflect.gender_of(noun, 1)
    return c.rd.num.ordinal(n, ordinal_case(c, at, noun), gender)

