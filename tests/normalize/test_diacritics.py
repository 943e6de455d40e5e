"""diacritics.py: missing diacritics restored, and words right as written left alone."""

from __future__ import annotations

import re

import pytest

from lecture_audio.normalize import NormalizeError, load_lexicon
from lecture_audio.normalize.diacritics import Restorer, load_data, morfeusz_analyser

_TOKENS = re.compile(r"[^\W\d_]+|\s+|\d+|[^\w\s]")
LEX = load_lexicon()
DATA = load_data(LEX.diacritics)
R = Restorer(DATA, keep=lambda w: w.lower() in LEX.words or w in LEX.acronyms)


def fixed(text: str, restorer: Restorer = R) -> str:
    toks = _TOKENS.findall(text)
    for r in restorer.restore(toks):
        assert toks[r.index] == r.written
        toks[r.index] = r.restored
    return "".join(toks)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("To bedzie trudne.", "To będzie trudne."),
        ("Uczymy sie troche statystyki.", "Uczymy się trochę statystyki."),
        ("Model juz działa, moze nawet lepiej.", "Model już działa, może nawet lepiej."),
        ("Potrzebujemy wiecej danych.", "Potrzebujemy więcej danych."),
        ("Zostaniecie Inzynierami danych.", "Zostaniecie Inżynierami danych."),  # a capital stays a capital
        ("Dane sa w bazie, wiec je wczytamy.", "Dane są w bazie, więc je wczytamy."),
        ("To tez jest ważne.", "To też jest ważne."),
        ("Pójde dalej.", "Pójdę dalej."),  # one diacritic typed, one missing
        ("Mozna uzyc innej metody.", "Można użyć innej metody."),
        ("Lodz i Krakow", "Łódź i Kraków"),  # names lose their diacritics too
    ],
)
def test_missing_diacritics_are_restored(written: str, read: str) -> None:
    assert fixed(written) == read


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Chcemy, zeby model działał.", "Chcemy, żeby model działał."),  # a clause: "żeby"
        ("Musisz myc zeby.", "Musisz myć zęby."),  # "żeby" cannot end a sentence
        ("Wiem, ze to działa.", "Wiem, że to działa."),  # after a comma: "że"
        ("Wiadomo ze jest dobrze.", "Wiadomo że jest dobrze."),  # before a verb: "że"
        ("Robimy to ze wzgledu na koszty.", "Robimy to ze względu na koszty."),  # a preposition before its genitive
        ("Pracujemy z ta metoda.", "Pracujemy z tą metodą."),  # the case "z" asks for, across an adjective
        ("Wynik jest na gorze tabeli.", "Wynik jest na górze tabeli."),
    ],
)
def test_context_chooses_between_real_words(written: str, read: str) -> None:
    assert fixed(written) == read


@pytest.mark.parametrize(
    "text",
    [
        "W ogrodzie rośnie sad.",
        "Ta laska jest stara.",
        "Data oddania projektu to piątek.",
        "Availability zone w AWS.",  # English words
        "Pandas, numpy i scikit-learn.",
        "Nowak i Kowalski prowadzą zajęcia.",  # names
        "BEDZIE",  # capitals are an acronym's
        "kNN i DataFrame",  # mixed case is a name's or code's
        "Przede wszystkim wiedza o wdrażaniu modeli się przydaje.",  # a phrase, then the subject
        "Mam prace domowe.",  # both readings are Polish: as written
        "pipeline, deployment, feature store",  # lexicon terms
    ],
)
def test_words_right_as_written_stay(text: str) -> None:
    assert fixed(text) == text


def test_sentence_without_diacritics_trusts_the_twins_more() -> None:
    # "musze" is a Polish word (the fly's), rarer than "muszę": kept where the writer types diacritics ...
    assert fixed("Jutro musze to zrobić.") == "Jutro musze to zrobić."
    # ... read "muszę" where nothing in the sentence has them and another word surely lacks them.
    assert fixed("Jutro musze isc na zajecia.") == "Jutro muszę iść na zajęcia."


def test_restored_words_name_token_index_and_both_forms() -> None:
    toks = ["To", " ", "bedzie", " ", "trudne"]
    [r] = R.restore(toks)
    assert (r.index, r.written, r.restored) == (2, "bedzie", "będzie")


def test_keep_predicate_and_never_fix_protect_words() -> None:
    kept = Restorer(DATA, keep=lambda w: w == "bedzie")
    assert fixed("To bedzie trudne, sie okaze.", kept) == "To bedzie trudne, się okaże."
    lex = load_lexicon()
    lex.diacritics["never_fix"] = [*lex.diacritics["never_fix"], "Troche"]
    assert fixed("troche", Restorer(load_data(lex.diacritics))) == "troche"


def test_lecturer_lexicon_adds_never_fix_words(tmp_path) -> None:
    extra = tmp_path / "lexicon.yaml"
    extra.write_text("diacritics:\n  never_fix: [Zosia]\n", encoding="utf-8")
    lex = load_lexicon([extra])
    assert {"zosia", "sad"} <= set(load_data(lex.diacritics).never_fix)  # added to, not replaced


def test_malformed_section_is_an_error_with_file_and_line(tmp_path) -> None:
    extra = tmp_path / "lexicon.yaml"
    extra.write_text("words: {}\ndiacritics:\n  never_fix: Zosia\n", encoding="utf-8")
    with pytest.raises(NormalizeError) as err:
        load_lexicon([extra])
    assert "lexicon.yaml:3" in str(err.value)
    with pytest.raises(NormalizeError):
        load_data({"letters": {"a": ["ą"]}})  # no thresholds


def test_lookups_are_cached() -> None:
    calls: list[str] = []
    real = morfeusz_analyser()

    def counting(word: str) -> list[tuple[str, str]]:
        calls.append(word)
        return real(word)

    restorer = Restorer(DATA, analyse=counting, frequencies=R.frequencies)
    assert fixed("To bedzie trudne.", restorer) == "To będzie trudne."
    first = len(calls)
    assert first > 0
    assert fixed("To bedzie trudne.", restorer) == "To będzie trudne."
    assert len(calls) == first


def test_candidates_are_every_combination_bounded() -> None:
    assert set(R.combinations("zle")) == {"żle", "źle", "złe", "żłe", "źłe", "zlę", "żlę", "źlę", "złę", "żłę", "źłę", "zle"} - {"zle"}
    assert len(R.combinations("zazoszczonosc")) == DATA.max_candidates
