"""LaTeX formulas read aloud: the reader alone, the lecturer's additions, and what check reports."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_audio.normalize import Normalizer, NormalizeError, load_lexicon
from lecture_audio.normalize.formulas import FormulaWords, UnknownCommand, say_formula


@functools.cache
def builtin_words() -> FormulaWords:
    return FormulaWords.from_data(load_lexicon().formulas)


@pytest.fixture
def words() -> FormulaWords:
    return builtin_words()


def test_reader_leaves_digits_and_letters_for_the_normalizer(words: FormulaWords) -> None:
    assert say_formula(r"\beta_0 + \beta_1 x", words) == "beta 0 plus beta 1 x"
    assert say_formula(r"\sum_{i=1}^{n} x_i", words) == "suma od i równa się 1 do n x i"


def test_unknown_command_names_it(words: FormulaWords) -> None:
    with pytest.raises(UnknownCommand) as caught:
        say_formula(r"\alpha + \mathop{x}", words)
    assert caught.value.command == r"\mathop"


def test_lecturer_adds_commands_without_losing_the_builtin_ones(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.yaml"
    user.write_text("formulas:\n  symbols:\n    KL: dywergencja Kullbacka-Leiblera\n  functions:\n    logit: logit\n", encoding="utf-8")
    n = Normalizer(load_lexicon([user]))
    assert n.normalize(r"$\KL(p, q) + \alpha$") == "dywergencja Kullbacka Leiblera p, q plus alfa"
    assert n.normalize(r"$\logit(p)$") == "logit p"


def test_a_malformed_formulas_table_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.yaml"
    user.write_text("formulas:\n  symbols: alfa\n", encoding="utf-8")
    with pytest.raises(NormalizeError) as caught:
        load_lexicon([user])
    assert caught.value.path == user


def test_unsaid_formula_is_a_finding() -> None:
    findings = Normalizer().check(r"Model $\mathop{x} + 1$ pominięty.")
    assert [(f.kind, f.text) for f in findings] == [("formula", r"$\mathop{x} + 1$")]
    assert "add it to the lexicon (formulas)" in findings[0].message


PIECES = [*"xyab12{}^_|()+-=,. ", r"\alpha", r"\frac", r"\sum", r"\hat", r"\sqrt", r"\left", r"\right", r"\|", r"\to", r"\infty", r"\text"]
LATEX = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(LATEX)
def test_any_formula_is_read_or_refused_never_garbled(latex: str) -> None:
    try:
        said = say_formula(latex, builtin_words())
    except UnknownCommand:
        return
    assert not set(said) & set("\\{}^_|")
