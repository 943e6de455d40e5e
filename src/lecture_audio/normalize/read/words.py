"""Words: lexicon terms and phrases with Polish endings, acronyms, camelCase names, hyphenated forms."""

from __future__ import annotations

import re
import unicodedata

from ..context import Context
from ..shapes import (
    ACRONYM, CAMEL, CAMEL_PARTS, FOREIGN, ROMAN, ROMAN_COMPOUND, ROMAN_RANGE,
    SERIES_WORD, SIBILANTS, VOWELS, roman_value,
)
from ..speakable import PL_LOWER
from ..tokens import Tok
from . import codes, math, numbers, roman


def phrase(c: Context) -> bool:
    """Match a multi-token lexicon entry starting here; the last word may carry an ending."""
    first = c.t[c.i].text
    cands = c.rd.phrases.get(first.lower())
    if not cands:
        return False
    # Collect the following tokens (words and symbols), skipping single spaces.
    seq: list[tuple[int, str]] = []
    j = c.i
    while j < len(c.t) and len(seq) < 8:
        t = c.t[j]
        if t.kind == "space" or (t.text == "_" and not c.code):  # "learning_rate" in prose: a phrase
            if "\n" in t.text:
                break
            j += 1
            continue
        if t.kind not in ("word", "sym"):
            break
        seq.append((j, t.text))
        j += 1
    for parts, say, exact in cands:
        n = len(parts)
        if len(seq) < n:
            continue
        texts = [s for _, s in seq[:n]]
        if not exact:
            texts = [s.lower() for s in texts]
        if texts[:-1] != parts[:-1]:
            continue
        last, want = texts[-1], parts[-1]
        ending = ""
        if last != want:
            if not last.startswith(want):
                # "Scientiści" for "scientist": try the alternation via the word rules.
                spoken_last = None
                if not exact and len(parts) > 1:
                    entry = c.rd.lex.words.get(want)
                    spoken_last = c.rd.lookup(seq[n - 1][1]) if entry else None
                if spoken_last is None:
                    spoken_last = typo(c, parts[-1], seq[n - 1][1], say)
                if spoken_last is None:
                    continue
                head = say.rsplit(" ", 1)[0] if " " in say else ""
                c.emit(f"{head} {spoken_last}".strip())
                c.i = seq[n - 1][0] + 1
                return True
            ending = last[len(want) :].lstrip("-'’")
            if ending in ("s", "es") and not exact:  # "quick wins", "pull requests", "use cases": English plural
                c.emit(say + ("is" if say.endswith(SIBILANTS) else "s"))
                c.i = seq[n - 1][0] + 1
                return True
            if ending not in c.rd.g.endings:
                continue
        c.emit(c.rd.join_ending(say, ending))
        c.i = seq[n - 1][0] + 1
        return True
    return False


def typo(c: Context, want: str, written: str, say: str) -> str | None:
    """A phrase whose last word lost its final letter ("Data Scientisy"): keep the ending, report a guess."""
    low, spoken = written.lower(), say.split()[-1]
    if len(want) < 6 or not low.startswith(want[:-1]) or spoken[-1:] != want[-1:]:
        return None
    ending = low[len(want) - 1 :]
    if ending not in c.rd.g.endings:
        return None
    c.find("guessed", written, f"read as a form of '{want}' (a typo?)")
    return spoken[:-1] + ending


def do_word(c: Context, t: Tok) -> None:
    fw = c.rd.formula_words
    nxt = c.tok(c.i + 1)
    if nxt is not None and nxt.text in ("(", "[") and not c.code:
        # "Var(X)", "log(x)", "max(0, x)" -> "wariancja X"...; "E[X]" -> "wartość oczekiwana X"
        function = fw.functions.get(t.text) if nxt.text == "(" else fw.plain.get(f"{t.text}[")
        close = math.math_parens(c, c.i + 1, nxt.text) if function else None
        if function and close is not None:
            c.emit(function)
            c.silent_paren = close
            c.i += 1
            return
    said = fw.before_paren.get(t.text)
    if said and c.tok(c.i + 1) is not None and c.t[c.i + 1].text == "(":
        close = next((k for k in range(c.i + 2, min(len(c.t), c.i + 30)) if c.t[k].text == ")"), None)
        if close is not None:  # "O(n log n)" -> "o duże od n log n"
            c.emit(said)
            c.silent_paren = close
            c.i += 1
            return
    c.emit(word(c, t.text, at=c.i))


def word(c: Context, w: str, at: int | None = None) -> str:
    """Spoken form of one word token (letters, maybe digits and hyphens)."""
    rd = c.rd
    if at is not None and len(w) == 2 and re.fullmatch(r"[a-wA-W]x", w) and math.in_formula(c, at):
        return f"{w[0]} x"  # "y = ax + b": a coefficient times x (before the cache: "ax" alone is a word)
    if w in rd.plain:
        return w
    if w in rd.lex.emoticons:
        return ""
    said = rd.lookup(w)
    if said is not None:
        return said
    if len(w) == 1 and w in rd.lex.letters and not w.isascii():
        if w == "Σ" and at is not None and math.sums(c, at):
            return rd.formula_words.plain["sum"]  # "Σ (y_i - ŷ_i)²", "Σ x_i": a sum
        return rd.lex.letters[w]  # Greek letters etc.
    if len(w) <= 2 and (marked := marked_letter(c, w)) is not None:
        return marked  # "ŷ" -> "y z daszkiem", "x̄" -> "x z kreską"
    if len(w) > 2 and not w[0].isascii() and w[0].lower() not in PL_LOWER and w[0] in rd.lex.letters and w[1:].isalpha() and w[1:].isascii():
        return f"{rd.lex.letters[w[0]]} {word(c, w[1:], at)}"  # "ΔAUC" -> "delta a u ce", "Δloss"
    if 2 <= len(w) <= 3 and w.isalpha() and any(not ch.isascii() and ch in rd.lex.letters and ch.lower() not in PL_LOWER for ch in w):
        # a Greek letter glued to a variable: "βv", "ηv", "λx" -> "beta v"
        return " ".join(rd.lex.letters[ch] if not ch.isascii() and ch in rd.lex.letters else ch for ch in w)
    if "-" in w or "‐" in w:
        if (said := letter_ordinal(c, w)) is not None:
            return said  # "n-ty" -> "enty", "k-tego" -> "katego"
        parts = re.split(r"-", w)
        if math.minus_word(c, w):
            return f"{word(c, parts[0])} {rd.formula_words.plain.get('minus', rd.g.say['minus'])} {word(c, parts[1])}"  # "n-1", "1-p"
        if m := re.fullmatch(r"(\d+)[-‐]([a-ząćęłńóśźż]+)", w):
            if c.code and m.group(2) not in rd.g.ord_suffixes:
                return f"{rd.num.cardinal(int(m.group(1)))} {word(c, m.group(2))}"  # "3.11-slim": a tag, not "jedenastoslim"
            return numbers.number_compound(c, int(m.group(1)), m.group(2))
        if at is not None and (m := ROMAN_RANGE.fullmatch(w)) and ROMAN.match(m.group(1)) and ROMAN.match(m.group(2)):
            nxt = c.next_idx(at)
            if nxt is not None and c.t[nxt].text.lower() in rd.g.roman_after:  # "XX-XXI w."
                first = rd.num.ordinal(roman_value(m.group(1)), roman.ordinal_case(c, at, c.t[nxt].text))
                return f"{first}, {roman.ordinal_with_noun(c, roman_value(m.group(2)), at, nxt)}"
        if (m := ROMAN_COMPOUND.fullmatch(w)) and ROMAN.match(m.group(1)) and m.group(1) not in rd.lex.acronyms:
            return roman.roman_compound(c, roman_value(m.group(1)), m.group(2))  # "XIX-wieczny" -> "dziewiętnastowieczny"
        if (m := SERIES_WORD.fullmatch(w)) and codes.series_name(c, m.group(1), m.group(2)):
            said = codes.series(c, m.group(2))  # "i7-12700K" -> "i siedem dwanaście siedemset ka"
            if said is not None:
                return " ".join(filter(None, [word(c, m.group(1)), said, m.group(3) and acronym(c, m.group(3))]))
    if re.search(r"[-‐'’]", w):
        parts = re.split(r"[-‐'’]", w)
        head, ending = "-".join(parts[:-1]), parts[-1]
        if ending in rd.g.endings:
            base = rd.lookup(head)
            if base is None and ending in rd.g.verb_endings:
                # "zmerge'ować", "zrebase'ować": a Polish prefix on an English verb written with an apostrophe
                for prefix in rd.g.verb_prefixes:
                    if head.lower().startswith(prefix) and len(head) - len(prefix) >= 4 and (said := rd.lookup(head[len(prefix) :])) is not None:
                        if said.endswith("e") and ending[0] in VOWELS:
                            said = said[:-1]
                        base = prefix + said
                        break
            if base is None and ACRONYM.match(head):
                base = acronym(c, head)
            if base is None and len(head) >= 3 and head.isalpha() and (CAMEL.search(head) or w[len(head)] in "'’"):
                base = word(c, head)  # "FooBar'a", "trace'y": an unknown (English) word, reported, with its ending
                if base.endswith("e") and ending[0] in VOWELS:
                    base = base[:-1]  # an English silent e: "Adobe'a" -> "adoba", not "adobeja"
            if base is not None:
                return rd.join_ending(base, ending)
        joiner = f" {rd.g.say['range']} " if all(p[:1].isdecimal() for p in parts) and len(parts) == 2 else " "
        return joiner.join(filter(None, (word(c, p) for p in parts)))
    if any(ch.isdecimal() for ch in w):
        return codes.alnum(c, w, at)
    if at is not None and (said := roman.roman_before_noun(c, w, at)) is not None:
        return said
    if at is not None and ROMAN.match(w) and (len(w) > 1 or w != "I"):
        nxt = c.next_idx(at)
        if nxt is not None and c.t[nxt].text.lower() in rd.g.roman_after:
            return roman.ordinal_with_noun(c, roman_value(w), at, nxt)
        if len(w) > 1 and (said := roman.coordinated_roman(c, roman_value(w), at)) is not None:
            return said
    if at is not None and re.fullmatch(r"[IVX]+", w) and ROMAN.match(w) and w not in rd.lex.acronyms:
        said = roman.roman(c, w, at)
        if said:
            return said
    m = ACRONYM.match(w)
    if m and m.group(2) == "s":  # English plural "CPUs": Polish speakers say the acronym
        return acronym(c, m.group(1))
    if m and (not m.group(2) or m.group(2) in rd.g.endings):
        stem, ending = m.groups()
        if not ending and len(stem) >= 4 and stem.isalpha() and pronounceable(stem):
            c.find("guessed", w, f"read as the word '{stem.lower()}'; if it is spelled, add it to the lexicon (acronyms)")
            return stem.lower()
        c.find("unknown-acronym", stem, f"spelled '{rd.letters(stem)}'; add it to the lexicon (acronyms) if said otherwise")
        return rd.join_ending(rd.letters(stem), ending)
    if 2 <= len(w) <= 4 and w.isascii() and not set(w.lower()) & VOWELS and len(set(w.lower())) == len(w):
        # "pl", "mp", "ssh" in lower case: no vowel, so no Polish word; spell it ("ml" in an address: as "ML").
        if w.upper() in rd.lex.acronyms:
            return rd.lex.acronyms[w.upper()]
        c.find("unknown-acronym", w, f"spelled '{rd.letters(w)}'; add it to the lexicon (acronyms) if said otherwise")
        return rd.letters(w)
    if not w.islower() and w.isalpha() and CAMEL.search(w):
        return camel(c, w)
    if (glued := rd.glued.get(w)) is not None:
        return glued  # a two-word term written as one word: "#machinelearning", "datascience-academy.pl"
    if len(w) > 3 and FOREIGN.search(w) and w.isascii():
        c.find("guessed", w, "looks English and is not in the lexicon; add its respelling (words)")
    elif len(rd.plain) < 50_000 and not ROMAN.match(w):
        rd.plain.add(w)  # a Polish word read as written, with nothing to report: next time at once
    return w


def after_id_word(c: Context, at: int) -> bool:
    """Whether token ``at`` follows a word naming an identifier ("arXiv:", "arXiv"; grammar: id_words)."""
    k = at - 1
    while k >= 0 and (c.t[k].kind == "space" or c.t[k].text == ":"):
        k -= 1
    return k >= 0 and c.t[k].text.lower() in c.rd.g.id_words


def letter_ordinal(c: Context, w: str) -> str | None:
    """A letter made an ordinal: "n-ty" -> "enty", "i-tego" -> "itego" (grammar: letter_ordinal_suffixes)."""
    letter, _, suffix = w.partition("-")
    if len(letter) != 1 or not letter.isalpha() or suffix not in c.rd.g.letter_ordinal_suffixes:
        return None
    name = c.rd.lex.letters.get(letter.upper()) if letter.isascii() else c.rd.lex.letters.get(letter)
    return None if name is None else name.replace(" ", "") + suffix


def marked_letter(c: Context, w: str) -> str | None:
    """A letter with a mark ("ŷ", "x̄", "p̂"), said like ``\\hat{y}`` (formulas.yaml: marks)."""
    parts = unicodedata.normalize("NFD", w)
    marks = c.rd.formula_words.marks
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in marks:
        return f"{parts[0]} {marks[parts[1]]}"
    return None


def camel(c: Context, w: str) -> str:
    """An unknown camelCase/PascalCase name ("DataScience", "XMLParser", "myVar"): its parts, each looked up.

    A name not in the lexicon is reported, since its parts may be read as Polish words.
    """
    rd = c.rd
    parts = CAMEL_PARTS.findall(w)
    out: list[str] = []
    unknown = False
    i = 0
    while i < len(parts):
        # The longest run of parts that is a lexicon phrase: "RandomForest|Classifier", "DataScience".
        for j in range(len(parts), i, -1):
            run = parts[i:j]
            entry = (rd.lex.words.get(" ".join(run).lower()) or rd.lex.words.get("".join(run).lower())) if j - i > 1 else None
            said = entry.say if entry is not None else (rd.lookup(parts[i]) if j == i + 1 else None)
            if said is not None:
                break
        else:
            j = i + 1
            part = parts[i]
            said = rd.letters(part) if part.isupper() and len(part) > 1 and not pronounceable(part) else part.lower()
            unknown = True
        out.append(said)
        i = j
    if unknown:
        c.find("guessed", w, "not in the lexicon, read as Polish in parts; add its respelling to the lexicon (words)")
    return " ".join(out)


def pronounceable(s: str) -> bool:
    """Whether an all-caps word reads as a Polish word ("UWAGA", "NASA") rather than letters."""
    low = s.lower()
    vowels = sum(ch in VOWELS for ch in low)
    return vowels >= 2 and not re.search(r"[^aeiouyąęó]{3}", low)


def acronym(c: Context, s: str) -> str:
    """An acronym from the lexicon, or spelled and reported."""
    said = c.rd.lookup(s)
    if said is not None:
        return said
    c.find("unknown-acronym", s, f"spelled '{c.rd.letters(s)}'; add it to the lexicon (acronyms) if said otherwise")
    return c.rd.letters(s)

