"""LaTeX formulas read aloud: ``$\\hat{y} = \\beta_0 + \\beta_1 x$`` -> "y z daszkiem równa się beta 0 plus beta 1 x".

The words come from the lexicon's ``formulas`` section (``data/formulas.yaml``,
extendable in the lecturer's lexicon). Digits and single letters are left for
the normalizer, which reads the result like any other text. A formula using a
command the tables do not know raises :class:`UnknownCommand`: it is better
left unsaid than read as "backslash frac".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# A command (\alpha, or \, \{ \|), a number, a run of spaces, or any one character.
TOKEN = re.compile(r"\\(?:[A-Za-z]+\*?|.)|\d+(?:[.,]\d+)?|\s+|.", re.S)
MAX_DEPTH = 60  # nesting deeper than this is not a formula anyone reads aloud


class UnknownCommand(ValueError):
    """The formula uses a LaTeX command with no spoken form."""

    def __init__(self, command: str) -> None:
        super().__init__(command)
        self.command = command


@dataclass(frozen=True)
class LargeOperator:
    """A sum, integral or limit: its word, and the word before a lone subscript."""

    say: str
    under: str = "po"  # "suma po i", "granica, gdy x dąży do 0"


@dataclass
class FormulaWords:
    """The spoken forms of LaTeX commands and characters (see ``data/formulas.yaml``)."""

    symbols: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)
    large_operators: dict[str, LargeOperator] = field(default_factory=dict)
    accents: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)
    formatting: set[str] = field(default_factory=set)
    text: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    characters: dict[str, str] = field(default_factory=dict)
    superscripts: dict[str, str] = field(default_factory=dict)
    genitive_after: set[str] = field(default_factory=set)
    genitive: dict[str, str] = field(default_factory=dict)
    before_paren: dict[str, str] = field(default_factory=dict)
    rewrites: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    plain: dict[str, str] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)
    subscript_words: set[str] = field(default_factory=set)
    spaces: set[str] = field(default_factory=set)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FormulaWords:
        """Build the tables from the lexicon's merged ``formulas`` mapping."""
        operators: dict[str, LargeOperator] = {}
        for name, value in (data.get("large_operators") or {}).items():
            if isinstance(value, dict):
                operators[str(name)] = LargeOperator(str(value.get("say", name)), str(value.get("under", "po")))
            else:
                operators[str(name)] = LargeOperator(str(value))

        def words(key: str) -> dict[str, str]:
            return {str(k): "" if v is None else str(v) for k, v in (data.get(key) or {}).items()}

        def names(key: str) -> set[str]:
            return {str(v) for v in (data.get(key) or [])}

        return cls(
            symbols=words("symbols"),
            functions=words("functions"),
            large_operators=operators,
            accents=words("accents"),
            prefixes=words("prefixes"),
            letters=words("letters"),
            formatting=names("formatting"),
            text=names("text"),
            silent=names("silent"),
            characters=words("characters"),
            superscripts=words("superscripts"),
            genitive_after=names("genitive_after"),
            genitive=words("genitive"),
            before_paren=words("before_paren"),
            rewrites=[(re.compile(rf"\b{k}\b"), v) for k, v in words("rewrites").items()],
            plain=words("plain"),
            marks=words("marks"),
            subscript_words=names("subscript_words"),
            spaces=names("spaces"),
        )


def say_formula(latex: str, words: FormulaWords) -> str:
    """The formula as words (digits and single letters kept for the normalizer).

    Raises :class:`UnknownCommand` for a command with no spoken form.
    """
    text = " ".join(w for w in _Reader(latex, words).sequence() if w)
    if words.genitive and words.genitive_after:
        preps = "|".join(map(re.escape, words.genitive_after))
        keys = "|".join(map(re.escape, sorted(words.genitive, key=len, reverse=True)))
        text = re.sub(
            rf"\b({preps}) ((?:minus |plus )?)({keys})\b",
            lambda m: f"{m[1]} {m[2]}{words.genitive[m[3]]}",
            text,
        )
    for pattern, said in words.rewrites:
        text = pattern.sub(said, text)
    return re.sub(r"\s+([,:])", r"\1", text).strip(" ,:")


class _Reader:
    """A recursive reading of the token stream; each method returns the words it consumed."""

    def __init__(self, latex: str, words: FormulaWords) -> None:
        self.tokens = TOKEN.findall(latex)
        self.at = 0
        self.words = words
        self.depth = 0
        self.parens = 0  # open "(" around the current token: "P(A|B)" reads its bar as a condition

    # -- the token stream ----------------------------------------------------------

    def peek(self) -> str | None:
        while self.at < len(self.tokens) and self.tokens[self.at].isspace():
            self.at += 1
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        assert token is not None
        self.at += 1
        return token

    def raw_group(self) -> str:
        """The source of the next argument without braces, consumed unread ("\\text{...}")."""
        if self.peek() != "{":
            return self.take() if self.peek() not in (None, "}") else ""
        self.take()
        depth, start = 1, self.at
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            self.at += 1
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return "".join(self.tokens[start : self.at - 1])
        return "".join(self.tokens[start:])

    # -- grammar -----------------------------------------------------------------

    def sequence(self, until: str | None = None) -> list[str]:
        """Atoms up to ``until`` (consumed) or the end of the group."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise UnknownCommand("(nesting too deep)")
        out: list[str] = []
        while (token := self.peek()) is not None:
            if token == until or token == "}":
                self.take()
                break
            if token in ("|", "\\|") and until != token:
                self.take()
                out += self.scripted(self.bars(token, out))  # "\\|w\\|^2" -> "norma w kwadrat"
                continue
            out += self.scripted(self.atom())
        self.depth -= 1
        return out

    def bars(self, bar: str, before: list[str]) -> list[str]:
        """``|x|`` is an absolute value (``\\|x\\|`` a norm); ``P(A|B)`` is a condition."""
        operators = set(self.words.characters.values()) | set(self.words.symbols.values())
        after_operand = bool(before) and before[-1] not in operators
        if not (self.parens and after_operand) and bar in self.tokens[self.at :]:
            inner = self.sequence(until=bar)
            return ["norma" if bar == "\\|" else "wartość bezwzględna z", *inner]
        if bar == "\\|":  # "D_{KL}(P \\| Q)": a divergence of P from Q, no condition
            return [self.words.plain.get("between", ",")]
        return ["pod warunkiem"]

    def group(self) -> list[str]:
        """The next argument: a ``{...}`` group or a single atom."""
        if self.peek() == "{":
            self.take()
            return self.sequence(until="}")
        if self.peek() in (None, "}"):
            return []  # a missing argument: the brace closes the enclosing group
        return self.atom()

    def scripted(self, base: list[str]) -> list[str]:
        """``base`` followed by its subscripts (said plainly), superscripts and primes."""
        out = list(base)
        while (token := self.peek()) in ("_", "^", "'"):
            self.take()
            if token == "_":
                out += self.subscript()
            elif token == "'":
                out.append(self.words.characters.get("'", "prim"))
            else:
                out += self.superscript()
        return out

    def subscript(self) -> list[str]:
        """A subscript: said plainly, a word written in letters as one word ("C_{in}", "\\pi_{ref}")."""
        if self.peek() == "{":
            end = self.at + 1
            while end < len(self.tokens) and re.fullmatch(r"[A-Za-z]", self.tokens[end]):
                end += 1
            letters = "".join(self.tokens[self.at + 1 : end])
            if end < len(self.tokens) and self.tokens[end] == "}" and (len(letters) >= 3 or letters in self.words.subscript_words):
                self.at = end + 1
                return [letters]  # "C_{out}" -> "C out"; "a_{ij}" stays two indices
        return self.group()

    def superscript(self) -> list[str]:
        start = self.at
        said = self.group()
        raw = "".join(t for t in self.tokens[start : self.at] if not t.isspace() and t not in "{}")
        if raw in self.words.superscripts:
            return [self.words.superscripts[raw]]
        if len(raw) > 2 and raw[0] + raw[-1] in ("()", "[]") and "index" in self.words.plain:
            return [self.words.plain["index"], *said]  # "w^{(t)}", "W^{[l]}": an index, not a power
        return ["do potęgi", *said]

    def limits(self) -> tuple[list[str] | None, list[str] | None]:
        """The ``_{...}`` and ``^{...}`` of a large operator, in either order."""
        under = over = None
        while (token := self.peek()) in ("_", "^") or token in ("\\limits", "\\nolimits"):
            self.take()
            if token == "_":
                under = self.group()
            elif token == "^":
                over = self.group()
        return under, over

    def atom(self) -> list[str]:
        token = self.take()
        if token == "{":
            return self.sequence(until="}")
        if token in ("|", "\\|"):
            return self.bars(token, [])
        if token.startswith("\\"):
            return self.command(token[1:])
        self.parens += {"(": 1, ")": -1}.get(token, 0)
        if token in self.words.characters:
            return [self.words.characters[token]]
        if token in ("^", "_"):
            return []  # a script with nothing before it
        if token in self.words.before_paren and self.peek() == "(":
            return [self.words.before_paren[token]]  # "O(n^2)" -> "o duże od n kwadrat"
        return [token]

    def command(self, name: str) -> list[str]:
        w = self.words
        if name in w.silent:
            return []
        if name == "\\":
            return [","]  # a line break in an aligned formula
        if name in ("}", "rbrace") and self.peek() in ("_", "^"):
            return self.set_range()
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            return self.fraction()
        if name == "binom":
            top = self.group()
            return [*top, "po", *self.group()]
        if name == "sqrt":
            degree: list[str] = []
            if self.peek() == "[":
                self.take()
                degree = self.sequence(until="]")
            inner = self.group()
            return ["pierwiastek", *(["stopnia", *degree] if degree else []), "z", *inner]
        if name == "arg" and self.peek() in ("\\max", "\\min"):
            return self.function("arg" + self.take()[1:])  # \arg\max -> argmax
        if name in w.symbols:
            return [w.symbols[name]]
        if name in w.functions:
            return self.function(name)
        if name in w.large_operators:
            return self.large(w.large_operators[name])
        if name in w.accents:
            return [*self.group(), w.accents[name]]
        if name in w.prefixes:
            return [w.prefixes[name], *self.group()]
        if name in w.text:
            said = " ".join(re.sub(r"\\[A-Za-z]*|[{}^_|]", " ", self.raw_group()).split())
            return [w.functions.get(said, said)]  # "\text{Var}" is the variance, as "\mathrm{Var}"
        if name in w.formatting or name.rstrip("*") in w.formatting:
            return self.formatted(name.rstrip("*"))
        if len(name) == 1 and not name.isalpha():
            return [w.characters.get(name, name)]  # \{ \% \# \$ ... escaped characters
        raise UnknownCommand("\\" + name)

    def set_range(self) -> list[str]:
        """``\\{x_i\\}_{i=1}^{N}``: the set's index range, "dla i od 1 do N"."""
        under, over = self.limits()
        said = ["dla"]
        if under is not None:
            eq = self.words.characters.get("=", "=")
            said += [w if w != eq else "od" for w in under]
        if over is not None:
            said += ["do", *over]
        return said

    def fraction(self) -> list[str]:
        top, bottom = self.group(), self.group()
        # dy/dx and ∂L/∂w: a derivative ("de" is how \partial and a lone d are read)
        if len(top) > 1 and len(bottom) > 1 and top[0] in ("d", "de") and bottom[0] in ("d", "de"):
            kind = "pochodna cząstkowa" if self.words.symbols.get("partial") == top[0] == "de" else "pochodna"
            return [kind, *top[1:], "po", *bottom[1:]]
        return [*top, "przez", *bottom]

    def function(self, name: str) -> list[str]:
        """A named function; its subscript is a logarithm's base or what it ranges over."""
        word = self.words.functions.get(name, name)
        if self.peek() == "_":
            self.take()
            return [word, "przy podstawie" if name in ("log", "lg") else "po", *self.group()]
        return [word]

    def large(self, op: LargeOperator) -> list[str]:
        under, over = self.limits()
        if under is not None and over is not None:
            return [op.say, "od", *under, "do", *over]
        if under is not None:
            return [op.say + ("," if op.under == "gdy" else ""), op.under, *under]
        if over is not None:
            return [op.say, "do", *over]
        return [op.say]

    def formatted(self, name: str) -> list[str]:
        """\\mathrm{...}, \\operatorname{argmax}, \\mathbb{E}: the argument, a word or a named letter."""
        start = self.at
        raw = self.raw_group().strip()
        if name == "mathbb" and raw in self.words.spaces and self.peek() == "^":
            # "\mathbb{R}^{d \times r}" -> "er d na r": a space's dimensions, not a power
            self.take()
            dims = self.group()
            times = self.words.symbols.get("times")
            return [self.words.letters.get(raw, raw), *(self.words.plain.get("dims", "na") if w == times else w for w in dims)]
        if name in ("mathbb", "mathbbm", "mathds", "mathcal") and raw in self.words.letters:
            return [self.words.letters[raw]]
        if re.fullmatch(r"[A-Za-z]{2,}", raw):
            if raw in self.words.functions:
                return self.function(raw)
            return [raw]  # a word written upright ("\mathrm{softmax}"): the normalizer reads it
        self.at = start
        return self.group()


__all__ = ["FormulaWords", "LargeOperator", "UnknownCommand", "say_formula"]
