"""The lexicon: spoken forms of acronyms, English terms, abbreviations, units and symbols.

Everything language-specific lives in YAML (``data/*.yaml`` shipped with the package,
plus the lecturer's own files). Each file is a mapping of *sections*; a lecturer's
file may use any section and its entries override the built-in ones with the same key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from ..errors import LectureAudioError

DATA_DIR = Path(__file__).parent / "data"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader keeps marks too, and is faster
CASES = ("nom", "gen", "dat", "acc", "inst", "loc")
GENDERS = ("m", "f", "n")


class NormalizeError(LectureAudioError):
    """A lexicon file is malformed (the message names the file and line)."""


@dataclass(frozen=True)
class WordEntry:
    """An English term (or any word) with its respelling; Polish endings are appended."""

    say: str
    stems: dict[str, str] = field(default_factory=dict)  # alternative written stem -> spoken stem


@dataclass(frozen=True)
class Abbreviation:
    """A written abbreviation ("np.") and what is said for it."""

    say: str
    final: bool = False  # may end a sentence ("itd. Potem")
    cases: dict[str, str] = field(default_factory=dict)  # case -> form, e.g. godz. after "o" -> godzinie
    alone: str = ""  # what is said when no number follows ("ok." -> "okej", but "ok. 5" -> "około pięciu")
    agrees: dict[str, str] = field(default_factory=dict)  # gender -> form agreeing with the next word ("tzw.")
    dated: str = ""  # the weekday, in brackets after a date or before hours: "5.07 (pt.)", "pt. 10:00" -> "piątek"


@dataclass(frozen=True)
class Unit:
    """A unit or currency written after (or, with ``before``, before) a number."""

    one: str  # 1 gigabajt
    gen_one: str  # 1,5 gigabajta (also genitive singular)
    few: str  # 2-4 gigabajty
    many: str  # 5+ gigabajtów
    oblique: tuple[str, str, str]  # plural dative, instrumental, locative
    singular: tuple[str, str, str]  # singular dative, instrumental, locative
    gender: str = "m"
    ordinal: bool = False  # the number before it is an ordinal ("2024 r.", "XXI w.")
    minor: str | None = None  # unit of the fractional part ("3,50 zł" -> groszy)
    before: bool = False  # written before the number ("$5")
    per: str = ""  # after a slash: "/h" -> "na godzinę"

    def form(self, count: str, case: str) -> str:
        """The noun agreeing with a numeral of plural ``count`` ("one"/"few"/"many"/"frac") in ``case``."""
        if count == "frac":
            return self.gen_one
        if case in ("nom", "acc"):
            return {"one": self.one, "few": self.few}.get(count, self.many)
        if case == "gen":
            return self.gen_one if count == "one" else self.many
        i = ("dat", "inst", "loc").index(case)
        return self.singular[i] if count == "one" else self.oblique[i]


@dataclass
class Lexicon:
    """All spoken-form data, merged from the built-in and the lecturer's YAML files."""

    acronyms: dict[str, str] = field(default_factory=dict)  # case-sensitive
    words: dict[str, WordEntry] = field(default_factory=dict)  # lower-case keys, may be multi-word
    abbreviations: dict[str, Abbreviation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)
    emoticons: set[str] = field(default_factory=set)
    letters: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)
    code_symbols: dict[str, str] = field(default_factory=dict)  # how symbols are read inside `code`
    grammar: dict[str, Any] = field(default_factory=dict)
    formulas: dict[str, Any] = field(default_factory=dict)  # how LaTeX is read (data/formulas.yaml)
    diacritics: dict[str, Any] = field(default_factory=dict)  # restoring missing ones (data/diacritics.yaml)

    def size(self) -> int:
        """Number of terms (acronyms, words, abbreviations, units, symbols)."""
        return sum(map(len, (self.acronyms, self.words, self.abbreviations, self.units, self.symbols)))


# --- loading -------------------------------------------------------------------------------


class _Ctx:
    """Where we are in a file, to raise errors that name the file and the line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, what: str, hint: str | None = None) -> NormalizeError:
        return NormalizeError(what, path=self.path, line=node.start_mark.line + 1, hint=hint)

    def text(self, node: yaml.Node, what: str = "value", allow_empty: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            if allow_empty and node.tag == "tag:yaml.org,2002:null":
                return ""
            raise self.fail(node, f"{what} must be a text", hint="write e.g.  ML: em el")
        value = str(node.value).strip()
        if not value and not allow_empty:
            raise self.fail(node, f"empty {what}")
        return value

    def texts(self, node: yaml.Node, n: int | None, what: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode) or (n is not None and len(node.value) != n):
            count = f"{n} " if n else ""
            raise self.fail(node, f"{what} must be a list of {count}texts")
        return [self.text(v, what) for v in node.value]

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value)")
        return node.value

    def fields(self, node: yaml.Node, allowed: set[str], what: str) -> dict[str, yaml.Node]:
        out: dict[str, yaml.Node] = {}
        for k, v in self.mapping(node, what):
            key = self.text(k, "key")
            if key not in allowed:
                raise self.fail(k, f"unknown field '{key}' in {what}", hint="allowed: " + ", ".join(sorted(allowed)))
            out[key] = v
        return out


def _say_entry(ctx: _Ctx, node: yaml.Node, extra: set[str]) -> tuple[str, dict[str, yaml.Node]]:
    """An entry given as ``spoken`` or ``{say: spoken, ...}``."""
    if isinstance(node, yaml.ScalarNode):
        return ctx.text(node, "spoken form", allow_empty=True), {}
    f = ctx.fields(node, {"say"} | extra, "entry")
    if "say" not in f:
        raise ctx.fail(node, "entry has no 'say' field")
    return ctx.text(f["say"], "say", allow_empty=True), f


def _load_acronym(lex: Lexicon, ctx: _Ctx, key: str, node: yaml.Node) -> None:
    lex.acronyms[key] = _say_entry(ctx, node, set())[0]


def _load_word(lex: Lexicon, ctx: _Ctx, key: str, node: yaml.Node) -> None:
    say, f = _say_entry(ctx, node, {"stems"})
    stems = {}
    if "stems" in f:
        stems = {ctx.text(k).lower(): ctx.text(v) for k, v in ctx.mapping(f["stems"], "stems")}
    lex.words[" ".join(key.lower().split())] = WordEntry(say, stems)


def _forms_by(ctx: _Ctx, f: dict[str, yaml.Node], field: str, allowed: tuple[str, ...], what: str) -> dict[str, str]:
    """A ``{case or gender: form}`` mapping of an entry, its keys checked against ``allowed``."""
    forms: dict[str, str] = {}
    if field in f:
        for k, v in ctx.mapping(f[field], field):
            name = ctx.text(k)
            if name not in allowed:
                raise ctx.fail(k, f"unknown {what} '{name}'", hint="use one of " + ", ".join(allowed))
            forms[name] = ctx.text(v)
    return forms


def _load_abbreviation(lex: Lexicon, ctx: _Ctx, key: str, node: yaml.Node) -> None:
    say, f = _say_entry(ctx, node, {"final", "cases", "alone", "agrees", "dated"})
    final = False
    if "final" in f:
        final = ctx.text(f["final"]).lower() in ("true", "yes", "tak")
    cases = _forms_by(ctx, f, "cases", CASES, "case")
    alone = ctx.text(f["alone"]) if "alone" in f else ""
    agrees = _forms_by(ctx, f, "agrees", GENDERS, "gender")
    dated = ctx.text(f["dated"]) if "dated" in f else ""
    lex.abbreviations[key] = Abbreviation(say, final, cases, alone, agrees, dated)


def _load_unit(lex: Lexicon, ctx: _Ctx, key: str, node: yaml.Node) -> None:
    allowed = {"forms", "stem", "oblique", "singular", "gender", "ordinal", "minor", "before", "per"}
    f = ctx.fields(node, allowed, f"unit '{key}'")
    if "forms" not in f:
        raise ctx.fail(node, f"unit '{key}' has no 'forms'", hint="forms: [gigabajt, gigabajta, gigabajty, gigabajtów]")
    one, gen_one, few, many = ctx.texts(f["forms"], 4, "forms")
    if "oblique" in f:
        oblique = tuple(ctx.texts(f["oblique"], 3, "oblique"))
    elif "stem" in f:
        stem = ctx.text(f["stem"])
        oblique = (stem + "om", stem + "ami", stem + "ach")
    else:
        oblique = (many, many, many)  # invariable ("procent")
    singular = tuple(ctx.texts(f["singular"], 3, "singular")) if "singular" in f else (one, one, one)
    gender = ctx.text(f["gender"]) if "gender" in f else "m"
    if gender not in GENDERS:
        raise ctx.fail(f["gender"], f"unknown gender '{gender}'", hint="use m, f or n")
    flag = lambda name: name in f and ctx.text(f[name]).lower() in ("true", "yes", "tak")  # noqa: E731
    minor = ctx.text(f["minor"]) if "minor" in f else None
    per = ctx.text(f["per"]) if "per" in f else f"na {one}"
    lex.units[key] = Unit(one, gen_one, few, many, oblique, singular, gender, flag("ordinal"), minor, flag("before"), per)  # type: ignore[arg-type]


def _load_plain(target: str) -> Callable[[Lexicon, _Ctx, str, yaml.Node], None]:
    def load(lex: Lexicon, ctx: _Ctx, key: str, node: yaml.Node) -> None:
        getattr(lex, target)[key] = ctx.text(node, "spoken form", allow_empty=True)

    return load


_SECTIONS: dict[str, Callable[[Lexicon, _Ctx, str, yaml.Node], None]] = {
    "acronyms": _load_acronym,
    "words": _load_word,
    "abbreviations": _load_abbreviation,
    "units": _load_unit,
    "symbols": _load_plain("symbols"),
    "letters": _load_plain("letters"),
    "extensions": _load_plain("extensions"),
    "code_symbols": _load_plain("code_symbols"),
}


def _plain(node: yaml.Node) -> Any:
    """A composed node as plain Python data, constructed in place (a round trip through text
    with the pure-Python emitter took 90 ms of start-up for the grammar tables)."""
    return yaml.constructor.SafeConstructor().construct_document(node)


def _load_file(lex: Lexicon, path: Path) -> None:
    ctx = _Ctx(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NormalizeError(f"cannot read lexicon file: {exc}", path=path) from None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise NormalizeError(f"invalid YAML: {exc.problem}", path=path, line=line) from None
    if root is None:
        return
    for sec_node, body in ctx.mapping(root, "a lexicon file"):
        section = ctx.text(sec_node, "section")
        if section == "emoticons":
            lex.emoticons.update(ctx.texts(body, None, "emoticons"))
        elif section == "grammar":
            # Grammar tables are plain data; they are checked when the normalizer is built.
            lex.grammar.update(_plain(body) or {})
        elif section == "diacritics":
            # Settings replace the built-in ones; a lecturer's "never_fix" words add to them.
            table = _plain(body) or {}
            if not isinstance(table, dict) or not isinstance(table.get("never_fix", []), list):
                raise ctx.fail(body, "diacritics: must be a mapping, its 'never_fix' a list", hint="write e.g.  never_fix: [Zosia]")
            never = [*lex.diacritics.get("never_fix", []), *table.get("never_fix", [])]
            lex.diacritics.update(table, never_fix=never)
        elif section == "formulas":
            # Tables of tables: a lecturer's file adds to each table rather than replacing it.
            for table, entries in (_plain(body) or {}).items():
                if isinstance(entries, dict):
                    lex.formulas.setdefault(table, {}).update(entries)
                elif isinstance(entries, list):
                    lex.formulas[table] = [*lex.formulas.get(table, []), *entries]
                else:
                    raise ctx.fail(body, f"formulas: '{table}' must be a mapping or a list")
        elif section in _SECTIONS:
            for k, v in ctx.mapping(body, section):
                key = ctx.text(k, "key")
                try:
                    _SECTIONS[section](lex, ctx, key, v)
                except NormalizeError:
                    raise
                except (ValueError, TypeError, AttributeError) as exc:  # defensive: report, never crash
                    raise ctx.fail(v, f"broken entry '{key}': {exc}") from None
        else:
            raise ctx.fail(
                sec_node, f"unknown section '{section}'", hint="sections: " + ", ".join([*_SECTIONS, "emoticons", "grammar", "formulas", "diacritics"])
            )


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The built-in lexicon (``data/*.yaml``) extended and overridden by the lecturer's YAML files.

    Later files override earlier entries with the same key. A malformed entry raises
    :class:`NormalizeError` naming the file and the line.
    """
    lex = Lexicon()
    for path in [*sorted(DATA_DIR.glob("*.yaml")), *map(Path, extra)]:
        _load_file(lex, path)
    return lex
