"""Polish numerals in any case and gender, from the tables in ``data/grammar.yaml``.

num2words knows only the nominative; lectures need "od pięciu", "w dwa tysiące
dwudziestym czwartym roku", "o czternastej", so the declension is done here.
"""

from __future__ import annotations

from typing import Any

from .lexicon import CASES

_CI = {c: i for i, c in enumerate(CASES)}
MAX = 10**15  # beyond this a number is read digit by digit


def plural_category(n: int) -> str:
    """Polish agreement class of a count: "one" (1), "few" (2-4, 22-24, ...) or "many"."""
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


class Numerals:
    """Cardinals and ordinals in the six cases."""

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.card = {str(k): v for k, v in grammar["cardinals"].items()}
        self.scales = sorted(((int(k), v) for k, v in grammar["scales"].items()), reverse=True)
        self.ord = {int(k): v for k, v in grammar["ordinals"].items()}
        self.endings = grammar["ordinal_endings"]
        self.comma = grammar.get("say", {}).get("comma", "przecinek")

    # --- cardinals ---------------------------------------------------------------------------

    def _below_1000(self, n: int, ci: int, gender: str, alone: bool) -> list[str]:
        words: list[str] = []
        h, rest = divmod(n, 100)
        if h:
            words.append(self.card[str(h * 100)][ci])
        if rest >= 20:
            words.append(self.card[str(rest - rest % 10)][ci])
            rest %= 10
            alone = False  # "dwadzieścia jeden": jeden no longer agrees
        if rest:
            key = str(rest)
            if rest == 1 and not (alone and not h):
                return words + [self.card["1"][0]]  # "sto jeden", "dwadzieścia jeden" never inflect
            if rest in (1, 2) and gender in ("f", "n") and f"{rest}{gender}" in self.card:
                key = f"{rest}{gender}"
            words.append(self.card[key][ci])
        return words

    def cardinal(self, n: int, case: str = "nom", gender: str = "m") -> str:
        """``n`` as a cardinal numeral in ``case`` ("dwóch tysięcy", "pięcioma").

        ``gender`` is m, f, n, or mp (masculine personal: "pięciu programistów",
        "dwudziestu dwóch studentów", "dwa tysiące pięciu uczestników").
        """
        if n < 0:
            return "minus " + self.cardinal(-n, case, gender)
        if n >= MAX:
            return self.digits(str(n))
        if gender == "mp":
            return self._virile(n, case)
        ci = _CI[case]
        if n == 0:
            return self.card["0"][ci]
        words: list[str] = []
        for scale, forms in self.scales:
            count, n = divmod(n, scale)
            if not count:
                continue
            if count == 1:
                words.append(forms["sg"][ci])
                continue
            words += self._below_1000(count, ci, "m", alone=False)
            cat = plural_category(count)
            if case in ("nom", "acc"):
                words.append(forms["pl"][0] if cat == "few" else forms["pl"][1])
            else:
                words.append(forms["pl"][ci])
        if n:
            words += self._below_1000(n, ci, gender, alone=not words)
        return " ".join(words)

    def _virile(self, n: int, case: str) -> str:
        """Masculine-personal cardinal: in the nominative and accusative the part below a
        thousand takes its genitive form ("pięciu", "dwudziestu jeden"), while "tysiąc",
        "miliony" stay nouns in the nominative ("dwa tysiące studentów"); other cases as "m"."""
        if case not in ("nom", "acc") or n == 1:
            return self.cardinal(n, case, "m")
        head, rest = n - n % 1000, n % 1000
        if not rest:
            return self.cardinal(n, case, "m")  # "tysiąc studentów", "dwa tysiące studentów"
        tail = " ".join(self._below_1000(rest, _CI["gen"], "m", alone=not head))
        return f"{self.cardinal(head, case, 'm')} {tail}" if head else tail

    def digits(self, s: str) -> str:
        """Digit by digit ("0 0 7" -> "zero zero siedem")."""
        return " ".join(self.card[str(int(d))][0] for d in s if d.isdecimal())

    def decimal(self, whole: str, frac: str) -> str:
        """"1,8" -> "jeden przecinek osiem"; "0.02" -> "zero przecinek zero dwa"."""
        out, sep = self.cardinal(int(whole or 0)), self.comma
        if len(frac) > 3:
            return f"{out} {sep} {self.digits(frac)}"
        zeros = len(frac) - len(frac.lstrip("0"))
        tail = [self.card["0"][0]] * zeros + ([self.cardinal(int(frac))] if frac.lstrip("0") else [])
        return f"{out} {sep} {' '.join(tail)}"

    # --- ordinals ----------------------------------------------------------------------------

    def _ord_word(self, n: int, ci: int, gender: str) -> str:
        stem, cls = self.ord[n]
        return stem + self.endings[cls][gender][ci]

    def ordinal(self, n: int, case: str = "nom", gender: str = "m") -> str:
        """``n`` as an ordinal ("dwudziestego pierwszego", "dwa tysiące dwudziestym czwartym").

        ``gender`` is m, f, n or pl (non-virile plural).
        """
        if n < 0 or n >= MAX:
            return self.cardinal(n, case)
        ci = _CI[case]
        if n in self.ord:
            return self._ord_word(n, ci, gender)
        # Only the last non-zero part becomes ordinal: "dwa tysiące dwudziesty czwarty".
        low = n % 100
        if low:
            head, parts = n - low, []
            if low < 20 or low % 10 == 0:
                parts.append(self._ord_word(low, ci, gender))
            else:
                parts += [self._ord_word(low - low % 10, ci, gender), self._ord_word(low % 10, ci, gender)]
        elif n % 1000:
            head, parts = n - n % 1000, [self._ord_word(n % 1000, ci, gender)]
        else:
            return self.cardinal(n, case)  # "trzydziestotysięczny" etc. are rare in lectures
        return " ".join(([self.cardinal(head)] if head else []) + parts)
