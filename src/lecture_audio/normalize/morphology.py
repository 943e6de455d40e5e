"""Polish morphology the readers ask about: the gender of a noun, whether it names people."""

from __future__ import annotations

from .grammar import Grammar
from .lexicon import Unit
from .shapes import NOUN_END


class Inflector:
    """Gender and agreement questions about the words around a number."""

    def __init__(self, grammar: Grammar, units: dict[str, Unit]) -> None:
        self.g = grammar
        self.units = units

    def names_people(self, word: str) -> bool:
        """Whether a genitive plural names men or mixed people ("programistów", "frontendowców")."""
        low = word.lower()
        return low in self.g.virile_nouns or (low.endswith(self.g.virile_suffixes) and low not in self.g.not_virile)

    def feminine_locative(self, word: str) -> bool:
        """Whether ``word`` is the locative singular of a known feminine noun ("epoce" from
        "epoka", "minucie", "iteracji"): its stem with the consonant alternation undone."""
        low = word.lower()
        for end, stem_end in self.g.locative_alternations.items():
            if low.endswith(end):
                return low[: -len(end)] + stem_end in self.g.feminine
        return False

    def gender_of(self, word: str, count: int) -> str:
        """Guess the grammatical gender of the noun after a number."""
        low = word.lower()
        if word in self.units:
            return self.units[word].gender
        if word.isupper():
            return "m"  # "1 MLE", "2 GPU": an acronym's ending says nothing
        if NOUN_END.sub("", low) in self.g.feminine or low.endswith("ści") or low.endswith(self.g.feminine_suffixes):
            return "f"
        if count in (0, 1):
            # "-a" is also masculine genitive ("1 kota", "10. dnia"), so only -ja/-ość count as feminine.
            if low.endswith(("ja", "ość")):
                return "f"
            if low.endswith(("o", "e", "ę", "um")):
                return "n"
        return "m"

    @staticmethod
    def adjective_gender(noun: str) -> str:
        """The gender an adjective before ``noun`` takes, from its ending ("tzw. metoda" -> f).

        Nominative endings: -a is feminine, -o/-e/-ę/-um neuter (and -e also the
        plural of most nouns, which takes the same adjective form), anything else
        masculine.
        """
        low = noun.lower()
        if low.endswith("a") and not low.endswith(("ista", "ysta")):  # "kolega", "analityka": rare exceptions
            return "f"
        if low.endswith(("o", "e", "ę", "um")):
            return "n"
        return "m"
