"""split_sentences: sentences as written, abbreviations and numbers do not split."""

from __future__ import annotations

import pytest

from lecture_audio.normalize import Normalizer

N = Normalizer()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Ala ma kota. Kot ma Alę.", ["Ala ma kota.", "Kot ma Alę."]),
        ("Używamy np. Pythona. Potem Dockera.", ["Używamy np. Pythona.", "Potem Dockera."]),
        ("Np. Python jest fajny.", ["Np. Python jest fajny."]),
        ("Modele, dane itd. Potem wdrożenie.", ["Modele, dane itd.", "Potem wdrożenie."]),
        ("Modele, dane itd. i wdrożenie.", ["Modele, dane itd. i wdrożenie."]),
        ("Są m.in. Docker i Kubernetes.", ["Są m.in. Docker i Kubernetes."]),
        ("To był 3. etap projektu.", ["To był 3. etap projektu."]),
        ("Startujemy 21.03.2025 o 9:00. Bądźcie.", ["Startujemy 21.03.2025 o 9:00.", "Bądźcie."]),
        ("W 2024 r. zaczęliśmy. Potem było lepiej.", ["W 2024 r. zaczęliśmy.", "Potem było lepiej."]),
        ("To było w 2024 r. Potem przyszedł 2025.", ["To było w 2024 r.", "Potem przyszedł 2025."]),
        ("XXI w. to wiek danych.", ["XXI w. to wiek danych."]),
        ("Było ok. 5 osób, tj. mało.", ["Było ok. 5 osób, tj. mało."]),
        ("Dlaczego? Bo tak! Dobrze.", ["Dlaczego?", "Bo tak!", "Dobrze."]),
        ("dlaczego MLOps? scieżka DS", ["dlaczego MLOps?", "scieżka DS"]),
        ("Hmm... no dobrze.", ["Hmm... no dobrze."]),
        ("Hmm... Dobrze.", ["Hmm...", "Dobrze."]),
        ("Pierwsza linia\nDruga linia", ["Pierwsza linia", "Druga linia"]),
        ("Punkt\n  - podpunkt np. taki\n\n", ["Punkt", "- podpunkt np. taki"]),
        ("Wersja 3.11 jest nowa. Tak.", ["Wersja 3.11 jest nowa.", "Tak."]),
        ("Prowadzi dr. Kowalski i prof. Nowak.", ["Prowadzi dr. Kowalski i prof. Nowak."]),
        ("Autor: J. Kowalski. Koniec.", ["Autor: J. Kowalski.", "Koniec."]),
        ("(Tak było.) Potem nie.", ["(Tak było.)", "Potem nie."]),
        ("Koniec :) Potem dalej", ["Koniec :) Potem dalej"]),
        ("   ", []),
        ("", []),
        ("Zdanie\u00a0z twardą spacją. Drugie.", ["Zdanie\u00a0z twardą spacją.", "Drugie."]),
        ("Trwa to 2 mies. Potem koniec.", ["Trwa to 2 mies.", "Potem koniec."]),
        ("Było ok. Potem ok. 5 osób.", ["Było ok.", "Potem ok. 5 osób."]),
        ("Są m. in. Docker i Helm. Koniec.", ["Są m. in. Docker i Helm.", "Koniec."]),
        ("Do 21.03. trzeba oddać. Oddajemy 21.03. Potem nic.", ["Do 21.03. trzeba oddać.", "Oddajemy 21.03.", "Potem nic."]),
        ("koniec. potem małą literą", ["koniec.", "potem małą literą"]),
        ("Termin: 15.04.2025, godz. 23:59. Nie później.", ["Termin: 15.04.2025, godz. 23:59.", "Nie później."]),
        ("Wzrost o 5 p.p. Potem spadek.", ["Wzrost o 5 p.p.", "Potem spadek."]),
    ],
)
def test_split(text: str, sentences: list[str]) -> None:
    assert N.split_sentences(text) == sentences


def test_sentences_are_as_written_not_normalized() -> None:
    assert N.split_sentences("MLOps w 2024 r. Super.") == ["MLOps w 2024 r.", "Super."]
