"""check(): what normalize() could not resolve."""

from __future__ import annotations

from lecture_audio.normalize import Finding, Normalizer

N = Normalizer()


def kinds(text: str) -> set[tuple[str, str]]:
    return {(f.kind, f.text) for f in N.check(text)}


def test_known_text_has_no_findings() -> None:
    assert N.check("MLOpsi wdrażają modele w Pythonie od 2024 r., np. na 2 GPU.") == []


def test_unknown_acronym_is_reported_and_spelled() -> None:
    assert ("unknown-acronym", "XYZQ") in kinds("Mamy system XYZQ.")
    assert N.normalize("Mamy system XYZQ.") == "Mamy system iks igrek zet ku."


def test_unknown_acronym_with_ending() -> None:
    assert ("unknown-acronym", "HPCC") in kinds("Na HPCC-ach i HPCCach")
    assert N.normalize("na HPCCach") == "na ha pe ce cejach"


def test_guessed_all_caps_word() -> None:
    assert ("guessed", "UWAGA") in kinds("UWAGA na to")


def test_english_looking_word_not_in_lexicon() -> None:
    assert ("guessed", "throughputem") not in kinds("throughputem")  # in the lexicon with an ending
    found = kinds("Używamy DataRobot i Theano.")
    assert ("guessed", "DataRobot") in found and ("guessed", "Theano") in found


def test_unknown_symbol_is_reported_and_not_spoken() -> None:
    found = N.check("a ⊕ b")
    assert any(f.kind == "symbol-left" and f.text == "⊕" for f in found)
    assert N.normalize("a ⊕ b") == "a b"


def test_emoji_and_emoticons_are_silent_and_not_reported() -> None:
    assert N.check("Super :) 😀") == []
    assert N.normalize("Super :) 😀") == "Super"


def test_findings_are_unique_and_typed() -> None:
    found = N.check("XYZQ i XYZQ")
    assert found == [found[0]]
    assert isinstance(found[0], Finding) and found[0].message


def test_polish_words_with_english_looking_letters_are_not_reported() -> None:
    # "-cki/-cko", "nie" + "e...", "koo-": Polish spelling, not English.
    assert N.check("Niemieckie dziecko, koordynator i nieefektywny kod, kooperacja.") == []


def test_unknown_english_words_and_names_are_reported() -> None:
    found = kinds("Używamy Snorkel i FooBarBaz, potem throwujemy.")
    assert ("guessed", "FooBarBaz") in found and ("guessed", "throwujemy") in found


def test_prefixed_verbs_and_brands_in_the_lexicon_are_not_reported() -> None:
    assert N.check("Zdeployowaliśmy model z iPhone'a, a potem zmergowałem PR-a na GitHubie.") == []
