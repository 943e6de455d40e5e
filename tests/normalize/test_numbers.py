"""Numerals in cases; the nominative agrees with num2words."""

from __future__ import annotations

import pytest
from num2words import num2words

from lecture_audio.normalize import load_lexicon
from lecture_audio.normalize.numbers import Numerals, plural_category

NUM = Numerals(load_lexicon().grammar)


@pytest.mark.parametrize("n", [*range(0, 130), 199, 200, 215, 999, 1000, 1001, 1234, 2000, 2024, 5000, 12000, 21000, 99999, 100000, 123456, 1000000, 2000000, 5300000, 10**9 + 7])
def test_nominative_matches_num2words(n: int) -> None:
    assert NUM.cardinal(n) == num2words(n, lang="pl")


@pytest.mark.parametrize("n", [1, 2, 3, 4, 9, 10, 11, 19, 20, 21, 22, 34, 99, 100, 101, 125, 1999, 2000, 2024, 2025])
def test_ordinal_nominative_matches_num2words(n: int) -> None:
    assert NUM.ordinal(n) == num2words(n, lang="pl", to="ordinal")


@pytest.mark.parametrize(
    ("n", "case", "gender", "expected"),
    [
        (2, "gen", "m", "dwóch"),
        (2, "inst", "f", "dwiema"),
        (5, "inst", "m", "pięcioma"),
        (25, "gen", "m", "dwudziestu pięciu"),
        (1, "nom", "f", "jedna"),
        (1, "gen", "m", "jednego"),
        (21, "gen", "m", "dwudziestu jeden"),
        (2000, "gen", "m", "dwóch tysięcy"),
        (1000, "gen", "m", "tysiąca"),
        (5000, "loc", "m", "pięciu tysiącach"),
        (300, "inst", "m", "trzystoma"),
    ],
)
def test_cardinal_cases(n: int, case: str, gender: str, expected: str) -> None:
    assert NUM.cardinal(n, case, gender) == expected


@pytest.mark.parametrize(
    ("n", "case", "gender", "expected"),
    [
        (2024, "loc", "m", "dwa tysiące dwudziestym czwartym"),
        (21, "gen", "m", "dwudziestego pierwszego"),
        (14, "loc", "f", "czternastej"),
        (3, "nom", "f", "trzecia"),
        (2, "nom", "f", "druga"),
        (3, "acc", "f", "trzecią"),
        (1900, "gen", "m", "tysiąc dziewięćsetnego"),
    ],
)
def test_ordinal_cases(n: int, case: str, gender: str, expected: str) -> None:
    assert NUM.ordinal(n, case, gender) == expected


@pytest.mark.parametrize(("n", "cat"), [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (12, "many"), (14, "many"), (22, "few"), (25, "many"), (0, "many"), (112, "many"), (102, "few")])
def test_plural_category(n: int, cat: str) -> None:
    assert plural_category(n) == cat


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [
        (2, "nom", "dwóch"),
        (5, "nom", "pięciu"),
        (21, "nom", "dwudziestu jeden"),
        (25, "acc", "dwudziestu pięciu"),
        (100, "nom", "stu"),
        (1002, "nom", "tysiąc dwóch"),
        (2000, "nom", "dwa tysiące"),
        (2005, "nom", "dwa tysiące pięciu"),
        (5, "inst", "pięcioma"),
        (22, "dat", "dwudziestu dwóm"),
        (1, "nom", "jeden"),
    ],
)
def test_masculine_personal(n: int, case: str, expected: str) -> None:
    assert NUM.cardinal(n, case, "mp") == expected


def test_lecturer_adds_masculine_personal_nouns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A lecturer's lexicon extends the built-in list of nouns for people (grammar: virile_nouns_extra)."""
    from lecture_audio.normalize import Normalizer

    assert Normalizer().normalize("5 aktuariuszy") == "pięć aktuariuszy"
    extra = tmp_path / "my.yaml"
    extra.write_text("grammar:\n  virile_nouns_extra: [aktuariuszy]\n", encoding="utf-8")
    normalizer = Normalizer(load_lexicon([extra]))
    assert normalizer.normalize("5 aktuariuszy") == "pięciu aktuariuszy"
    assert normalizer.normalize("5 programistów") == "pięciu programistów"  # the built-in list stays
