"""Properties: normalize() never raises and only returns speakable characters;
check() reports what it guessed, never a crash; split_sentences() keeps every word."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_audio.normalize import Finding, Normalizer

N = Normalizer()
# What check() may report; "error" (a rule that crashed) is not among them.
FINDING_KINDS = {"unknown-acronym", "digits-left", "symbol-left", "guessed", "restored"}
SPEAKABLE = re.compile(r"^[a-ząćęłńóśźżA-ZĄĆĘŁŃÓŚŹŻ .,?!:;]*$")
# Text biased towards what breaks rules: digits, separators, symbols, capitals, Polish letters.
NOTEY = st.text(alphabet=st.sampled_from(list("0123456789.,:-–/%$€@#`~*()<>=+&xXvABCDMLSQGPUaąeęoółśżźćńkrwy _\u00a0\n'\"…²½٣①ＡéßΩ😀")), max_size=60)


def ok(out: str) -> None:
    assert SPEAKABLE.match(out), repr(out)
    assert out == out.strip() and "  " not in out
    assert not re.search(r"\d", out)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_unicode(text: str) -> None:
    ok(N.normalize(text))
    findings_ok(text, N.check(text))
    sentences_ok(text, N.split_sentences(text))


def findings_ok(text: str, findings: list[Finding]) -> None:
    assert all(isinstance(f, Finding) for f in findings)
    assert {f.kind for f in findings} <= FINDING_KINDS, findings
    assert len({(f.kind, f.text) for f in findings}) == len(findings)  # each thing once
    assert all(f.text and f.message and "\n" not in f.message for f in findings)
    # One pass or two: the same spoken text and the same findings.
    assert N.normalize_checked(text) == (N.normalize(text), findings)


def sentences_ok(text: str, sentences: list[str]) -> None:
    assert all(s and s == s.strip() and not s.splitlines()[1:] for s in sentences), sentences
    assert " ".join(sentences).split() == text.split()  # nothing lost, nothing added


@settings(max_examples=600, deadline=None)
@given(NOTEY)
def test_note_like_text(text: str) -> None:
    ok(N.normalize(text))
    findings_ok(text, N.check(text))
    sentences_ok(text, N.split_sentences(text))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**16, max_value=10**16))
def test_any_integer_is_read(n: int) -> None:
    out = N.normalize(str(n))
    ok(out)
    assert out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["np.", "itd.", "3.", "r.", "Ala", "ma", "kota", "MLa", "?", "!", "..."]), max_size=12))
def test_split_keeps_all_text(words: list[str]) -> None:
    text = " ".join(words)
    assert " ".join(N.split_sentences(text)).split() == text.split()


DOTTED = {k.lower() for k in [*N.lexicon.abbreviations, *N.lexicon.units] if k.endswith(".")}
LOWER = st.text(alphabet="abcdefghijklmnoprstuwyząćęłńóśźż", min_size=2, max_size=9)
SENTENCE = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    LOWER,
    st.lists(LOWER, max_size=6),
    st.sampled_from([".", "!", "?", "..."]),
    # A sentence whose last word is a dotted abbreviation ("Ew.", "np.") does not end there, rightly.
).filter(lambda s: s.rsplit(" ", 1)[-1].lower() not in DOTTED)


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.sampled_from([" ", "  ", "\n", " \n"]))
def test_plain_sentences_split_where_they_end(sentences: list[str], gap: str) -> None:
    assert N.split_sentences(gap.join(sentences)) == sentences


# An acronym of consonants (not readable as a word) the lexicon does not know.
ACRONYM = st.from_regex(r"[BCDFGHJKLMNPRSTWZ]{3,5}", fullmatch=True).filter(lambda a: a not in N.lexicon.acronyms)


@settings(max_examples=150, deadline=None)
@given(LOWER, ACRONYM, LOWER)
def test_check_reports_an_unknown_acronym(before: str, acronym: str, after: str) -> None:
    text = f"{before.capitalize()} {acronym} {after}."
    assert ("unknown-acronym", acronym) in {(f.kind, f.text) for f in N.check(text)}
    findings_ok(text, N.check(text))


def test_long_adversarial_tokens_stay_fast() -> None:
    """No regex backtracks quadratically on one long token (a pasted hash, a run of dots)."""
    import time

    for text in ["a." * 3000, "ab" * 3000, "A" * 5000, "x" * 3000 + "@", "1" * 5000, "a-b." * 2000, "ab" * 300 + "²"]:
        start = time.perf_counter()
        ok(N.normalize(text))
        assert time.perf_counter() - start < 1.0, text[:10]
