"""Math typed as plain text ("1 - β", "(x - μ) / σ", "λ → ∞") and inline LaTeX ($...$)."""

from __future__ import annotations

import re
import unicodedata

from ..context import Context
from ..formulas import UnknownCommand, say_formula
from ..tokens import Tok
from . import words


def small_letter(c: Context, t: Tok) -> bool:
    """A lower-case or Greek letter: a variable ("x", "β"), never a point label like "A"."""
    return t.kind == "word" and math_letter(c, t.text)


def in_formula(c: Context, at: int) -> bool:
    """Whether token ``at`` stands between signs of a formula ("y = 2x + 1"), not in prose ("2x szybciej")."""
    signs = {"+", "-", "−", "=", "·", "*", "/"}
    p, n = c.prev_ns(at), c.next_idx(at)
    before = c.t[p].text if p is not None else ""
    after = c.t[n].text if n is not None else ""
    pp = c.prev_ns(p) if p is not None else None
    if before in ("-", "–") and pp is not None and c.t[pp].kind == "num":
        before = ""  # "2-3x": a range of multipliers
    return before in signs or after in signs


def minus_word(c: Context, w: str) -> bool:
    """A difference written as one word: "n-1", "1-p", "1-β" (not "k-NN", "t-SNE", "GPT-4")."""
    parts = w.split("-")
    return len(parts) == 2 and (
        (math_letter(c, parts[0]) and parts[1].isdecimal()) or (parts[0].isdecimal() and math_letter(c, parts[1]))
    )


def math_letter(c: Context, w: str) -> bool:
    """A lower-case letter or a Greek one that stands for a variable ("n" in "n-1", "p" in "1-p")."""
    if len(w) != 1:
        return False
    return (not w.isascii() and w in c.rd.lex.letters) or (w.isascii() and w.islower() and w not in c.rd.g.one_letter_words)


def sums(c: Context, at: int) -> bool:
    """Whether the capital sigma at ``at`` is a sum: a parenthesis or a subscripted term follows."""
    if "sum" not in c.rd.formula_words.plain:
        return False
    p = c.prev_ns(at)
    if p is not None and (c.t[p].text in ("=", "-", "−", "+", "/") or c.t[p].kind == "num"):
        return True  # "L = −Σ y log ŷ", "1/n Σ": after a sign, a sum
    k = c.next_idx(at, max_space=1)
    if k is None:
        return False
    after = c.tok(k + 1)
    return c.t[k].text == "(" or c.t[k].text == "_" or (after is not None and after.text == "_")


def do_math(c: Context, t: Tok) -> None:
    latex = t.text[1:-1]
    after = c.tok(c.i + 2)
    if len(latex) == 1 and c.tok(c.i + 1) is not None and c.t[c.i + 1].text == "-" and after is not None:
        if (said := words.letter_ordinal(c, f"{latex}-{after.text}")) is not None:
            c.emit(said)  # "$i$-tego" -> "itego"
            c.i += 2
            return
    try:
        spoken_words = say_formula(latex, c.rd.formula_words)
    except UnknownCommand as exc:
        c.find("formula", t.text, f"not spoken: no spoken form for {exc.command}; add it to the lexicon (formulas)")
        return
    c.emit(c.rd.speak(spoken_words, c.fd).strip(".,;:!? "))


def operand(c: Context, k: int | None, acronyms: bool = True) -> bool:
    """Whether token ``k`` can be a term of plain-text math: a number, a Greek letter, a lone
    letter that is not a Polish one-letter word ("x", "n", "X"; not "w", "z", "i"), a short
    acronym ("TP", "FN"), or a closing bracket."""
    t = c.tok(k) if k is not None else None
    if t is None:
        return False
    w = t.text
    if t.kind in ("num", "sci") or w in (")", "]"):
        return True
    if t.kind == "word" and c.tok(k - 1) is not None and c.t[k - 1].text in ("_", "^"):  # type: ignore[operator]
        return True  # a subscript: "y_i - ŷ_i"
    if t.kind == "word" and w == c.rd.formula_words.superscripts.get("2"):
        return True  # "σ²/n": "σ kwadrat" ends a term
    if t.kind != "word":
        return False
    if len(w) == 1:
        return (not w.isascii() and w in c.rd.lex.letters) or (w.isalpha() and w.lower() not in c.rd.g.one_letter_words)
    return acronyms and w.isupper() and w.isascii() and len(w) <= 4  # "TP / (TP + FN)"


def math_parens(c: Context, at: int, opening: str = "(") -> int | None:
    """The index of the ")" closing a plain-text formula in parentheses opened at ``at``
    ("(x - μ) / σ", "(TP + FN)", "(y_i − ŷ_i)²"): only terms, operators and spaces inside,
    and at least one operator. None: ordinary parentheses, said as a pause."""
    ops = {"+", "-", "−", "–", "*", "×", "·", "/", "^", "_", "|"}  # not "=": "(SD = 1,1)" is an aside
    # "P(θ)", "N(μ, σ²)", "t(98)", "Bern(p)": a function applied, the "(" glued to a short name
    before = c.tok(at - 1)
    applied = before is not None and before.kind in ("word", "abbr") and (len(before.text) <= 4 or before.text in c.rd.formula_words.functions)
    seen_op = False
    closing = "]" if opening == "[" else ")"
    for k in range(at + 1, min(len(c.t), at + 40)):
        t = c.t[k]
        if t.text == closing:
            return k if seen_op or (applied and k > at + 1) else None
        if t.kind == "space" or t.text in c.rd.power_words:
            continue
        if t.text in ops or (t.kind == "word" and minus_word(c, t.text)) or (t.kind == "sym" and t.text not in ("=", "~") and unicodedata.category(t.text[0]) == "Sm"):
            seen_op = True  # "(1-β)": the hyphenated word is a difference; "(A∩B)", "(x ≤ 1)"
        elif t.text not in ("=", ",", "~") and not (operand(c, k) or (t.kind == "word" and len(t.text) <= 2 and t.text.isascii())):
            return None
    return None


def plain_math(c: Context, s: str) -> bool:
    """Math written in plain text, outside $...$: "1 - β", "(x - μ) / σ", "α/m", "λ → ∞",
    "Σ (y_i - ŷ_i)", "x ∈ [0, 1]", "precision@k". True when the symbol was said here."""
    spoken_words = c.rd.formula_words.plain
    if not spoken_words or c.code:
        return False
    p, n = c.prev_ns(c.i), c.next_idx(c.i)
    nt = c.tok(n) if n is not None else None
    if s == "]" and c.silent_paren == c.i:
        return True
    if s in ("(", ")"):
        if s == "(" and (close := math_parens(c, c.i)) is not None:
            c.silent_paren = close
            return True
        return c.silent_paren == c.i
    spaced = c.tok(c.i - 1) is not None and c.t[c.i - 1].kind == "space"
    if s in ("-", "−") and not spaced and p is not None and c.t[p].text in ("^", "(", "=") and operand(c, n, False):
        # a sign: "10^-4", "e^(-3)", "(-x)": said with its number, which is no range end
        c.emit(f"{spoken_words['minus']} {c.rd.speak(nt.text, c.fd)}")  # type: ignore[union-attr]
        c.i = n  # type: ignore[assignment]
        return True
    if s in ("·", "⋅", "∙") and p is not None and (operand(c, p) or c.t[p].text == ")") and (operand(c, n) or (nt is not None and nt.text == "(")):  # type: ignore[index]
        c.emit(c.rd.g.say["times"])  # "3·10⁻⁴", "P(D|θ)·P(θ)"
        return True
    inside = c.silent_paren > c.i  # within "(x - μ)": acronyms are terms too ("TP + FN")
    if s == "^" and not spaced and nt is not None and n == c.i + 1 and nt.text in c.rd.formula_words.superscripts:
        c.emit(c.rd.formula_words.superscripts[nt.text])  # "R^2" -> "R kwadrat", as "R²" and $R^2$
        c.i = n
        return True
    if s == "√" and nt is not None and n == c.i + 1 and nt.kind == "num":
        root, _, prep = c.rd.lex.symbols.get("√", "").rpartition(" ")
        if root:  # "√2" -> "pierwiastek z dwóch": the number after the preposition
            c.emit(f"{root} {c.rd.speak(f'{prep} {nt.text}', c.fd)}")
            c.i = n
            return True
    if s == "∂" and "derivative" in spoken_words:
        m = re.match(r"∂(\w+)/∂(\w+)", "".join(t.text for t in c.t[c.i : c.i + 5]))
        if m:  # "∂L/∂w" -> "pochodna cząstkowa L po w", as $\frac{\partial L}{\partial w}$
            c.emit(f"{spoken_words['derivative']} {c.rd.speak(m[1], c.fd)} {spoken_words['by']} {c.rd.speak(m[2], c.fd)}")
            c.i += 4
            return True
    if s == "‖":
        end = next((k for k in range(c.i + 2, min(len(c.t), c.i + 20)) if c.t[k].text == "‖"), None)
        if end is not None:  # "‖w‖²" -> "norma w kwadrat"
            inner = "".join(t.text for t in c.t[c.i + 1 : end])
            c.emit(f"{spoken_words['norm']} {c.rd.speak(inner, c.fd)}")
            c.i = end
            return True
    if s == "^" and p is not None and c.t[p].text in spoken_words.get("space_letters", ""):
        return True  # "ℝ^n" -> "er n": a space's dimension, not a power
    if s == "|" and inside:
        c.emit(c.rd.formula_words.symbols.get("mid", ","))  # "P(D|θ)" -> "P D pod warunkiem teta"
        return True
    if s == "|" and c.tok(c.i + 1) is not None and c.t[c.i + 1].text == "|":
        end = next((k for k in range(c.i + 3, min(len(c.t), c.i + 20)) if c.t[k].text == "|" and c.t[k - 1].text == "|"), None)
        if end is not None:  # "||g||" -> "norma g"
            inner = "".join(t.text for t in c.t[c.i + 2 : end - 1])
            c.emit(f"{spoken_words['norm']} {c.rd.speak(inner, c.fd)}")
            c.i = end
            return True
    if s in ("~", "∼") and spaced and operand(c, p, False) and nt is not None and nt.kind == "word" and (n is not None and c.tok(n + 1) is not None and c.t[n + 1].text == "("):
        c.emit(c.rd.formula_words.symbols.get("sim", ""))  # "X ~ Bern(p)" -> "X ma rozkład Bern p"
        return True
    if s in ("-", "–") and nt is not None and nt.text == "(" and operand(c, p, inside) and math_parens(c, n) is not None:  # type: ignore[arg-type]
        c.emit(spoken_words["minus"])  # "1 - (1 - α)^3"
        return True
    if s in ("-", "–") and operand(c, p, inside) and operand(c, n, inside) and nt is not None and nt.text not in (")", "]"):
        pt = c.t[p]  # type: ignore[index]
        capital = lambda t: len(t.text) == 1 and t.text.isascii() and t.text.isupper()  # noqa: E731
        if not inside and (capital(pt) or capital(nt)) and not (small_letter(c, pt) or small_letter(c, nt)):
            return False  # "Krok 2 - X", "Model A - B": a dash in prose, unless a variable is on the other side
        both_numbers = pt.kind == "num" and nt.kind == "num"
        if not both_numbers and (spaced or s == "-"):
            c.emit(spoken_words["minus"])  # "1 - β", "x - μ"; two numbers are a range
            return True
    if s == "/" and p is not None and (operand(c, p) or c.t[p].text == ")") and (operand(c, n) or (nt is not None and nt.text in ("(", "√"))):  # type: ignore[index]
        pt = c.t[p]  # type: ignore[index]
        greek = lambda t: len(t.text) == 1 and not t.text.isascii() and t.text in c.rd.lex.letters  # noqa: E731
        unit = nt is not None and nt.text in c.rd.lex.units and pt.kind == "num"  # "$3/h" is "na godzinę"
        if nt is not None and nt.kind == "word" and nt.text[:1].isdecimal() and pt.kind == "num":
            c.emit(c.rd.g.say["per"])  # "$2.50 / 1M tokenów": a price per amount
            return True
        if not unit and (spaced or pt.text == ")" or greek(pt) or (nt is not None and (nt.text in ("(", "√") or greek(nt))) or (pt.kind == "num" and nt is not None and nt.kind == "word")):
            c.emit(spoken_words["over"])  # "(x - μ) / σ", "α/m", "1/n"
            return True
    if s in ("→", "->") and operand(c, p, False) and c.t[p].kind == "word" and nt is not None and (nt.kind == "num" or nt.text == "∞"):  # type: ignore[index]
        if nt.text == "∞":  # "λ → ∞" -> "dąży do nieskończoności"
            inf = c.rd.lex.symbols.get("∞", "")
            c.emit(f"{spoken_words['tends_to']} {c.rd.formula_words.genitive.get(inf, inf)}")
            c.i = n  # type: ignore[assignment]
        elif nt.kind == "num":  # "n → 0" -> "dąży do zera": the number after the preposition
            c.emit(c.rd.speak(f"{spoken_words['tends_to']} {nt.text}", c.fd))
            c.i = n  # type: ignore[assignment]
        return True
    if s == "Σ" and nt is not None and (nt.text == "(" or (c.tok(n + 1) is not None and c.t[n + 1].text == "_")):  # type: ignore[operator]
        c.emit(spoken_words["sum"])
        return True
    if s in c.rd.formula_words.marks and p == c.i - 1 and c.t[p].kind == "word" and len(c.t[p].text) == 1:  # type: ignore[index]
        c.emit(c.rd.formula_words.marks[s])  # "x̄": a letter and a combining mark
        return True
    if s == "∈" and nt is not None and nt.text in ("[", "{", "("):
        close = ("}",) if nt.text == "{" else (")", "]")  # "[0, 1]", "(0, 1)", "[0, 1)"
        end = next((k for k in range(n + 1, min(len(c.t), n + 30)) if c.t[k].text in close), None)  # type: ignore[operator]
        if end is None:
            return False
        inner = "".join(t.text for t in c.t[n + 1 : end])  # type: ignore[operator]
        if nt.text == "{":
            dots = c.rd.formula_words.symbols.get("ldots")
            inner = re.sub(r"\.\.\.|…", f" {dots} " if dots else " ", inner)  # "{2, ..., 10}"
            said = f"{spoken_words['set']} {c.rd.speak(inner, c.fd)}"
        else:
            parts = [x.strip() for x in inner.split(";" if ";" in inner else ",")]
            if len(parts) != 2 or not all(parts):
                return False  # not an interval: "∈ (a, b, c)"
            said = f"{spoken_words['interval']} {c.rd.speak(span(c, parts[0], parts[1]), c.fd)}"
        c.emit(c.rd.lex.symbols.get("∈", ""))
        c.emit(said)
        c.i = end
        return True
    if s == "[" and (end := next((k for k in range(c.i + 1, min(len(c.t), c.i + 12)) if c.t[k].text == "]"), None)):
        inner = "".join(t.text for t in c.t[c.i + 1 : end])
        if m := re.fullmatch(r"\s*(-?\d+(?:[.,]\d+)?)\s*;\s*(-?\d+(?:[.,]\d+)?)\s*", inner):
            c.emit(c.rd.speak(span(c, m[1], m[2]), c.fd))  # "95% CI [0,82; 0,91]": an interval
            c.i = end
            return True
    if s == "@" and not spaced and p is not None and c.t[p].kind in ("word", "abbr") and nt is not None and (nt.kind == "num" or (nt.kind == "word" and len(nt.text) == 1)):
        c.emit(spoken_words["at"])  # "precision@k", "NDCG@10"
        return True
    return False


def span(c: Context, a: str, b: str) -> str:
    """"od a do b" with the grammar's words, for the normalizer to put the numbers in the genitive."""
    return f"{c.rd.g.say['from']} {a} {c.rd.g.say['range']} {b}"

