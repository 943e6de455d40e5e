"""Properties of the reader and the normalizer on any Unicode text (hypothesis).

The Markdown reader must return normally for any note, with int-or-None point
numbers and no Obsidian syntax left in point texts; a vault fails only when no
note has anything to say; the normalizer must return only what the Polish voice
can say.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lecture_audio.errors import NotesError
from lecture_audio.model import Vault
from lecture_audio.normalize import Normalizer
from lecture_audio.notes import parse_note, read_vault

SPEAKABLE = re.compile(r"^[a-ząćęłńóśźżA-ZĄĆĘŁŃÓŚŹŻ .,?!:;]*$")
N = Normalizer()

# Markdown and Obsidian syntax in small pieces, so that generated notes hit the
# reader's rules (lists, comments, embeds, front matter, math, tables) far more
# often than random text would.
PIECES = st.sampled_from(
    [
        "1. ", "3. ", "0) ", "- ", "* ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", "> ", "> [!tip] ", "# ", "## ",
        "---\n", "---", "%%", "![[", "[[", "]]", "|", "![a](b.png)", "[x](y)", "`", "```", "~~~", "$", "$$", "^[",
        "[^1]", "[^1]: ", "[ ] ", "[x] ", "<div>", "</div>", "<!--", "-->", "<br>", "| a | b |\n|---|---|\n",
        "**", "_", "#tag", "\\", "&amp;", "\x00", "\ufeff", "\u200b", "\u0301", "ł", "Zażółć", "x^2", "np.", "2025.",
        "slajd.png", "../", "title: x\n",
    ]
)
NOTE_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join),
)


# A code span as CommonMark closes it: a run of backticks ends only at a run of the same length
# ("`0```![[`" is one span).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def check_points(points: list[tuple[int | None, str]]) -> None:
    for number, text in points:
        assert number is None or type(number) is int, number
        assert isinstance(text, str)
        # Inside a code span they are code (Jupyter's `%%timeit`, a lesson on `![[embeds]]`), kept on purpose.
        prose = CODE_SPAN.sub("", text)
        assert "![[" not in prose and "%%" not in prose, text


@settings(max_examples=300, deadline=None)
@given(NOTE_TEXT)
@example("---\n")
@example("1. a\n%%")
@example("Wstęp\n3. trzy\n4. cztery\n\nAkapit\n5. pięć")
@example("1. " + "[" * 3000)
@example("[[![[]]")
@example("`![[` and `%%timeit`")
@example("`0```![[`")  # one code span: its "![[" is code
@example("%[[%")  # dropping the dangling "[[" must not glue a comment mark "%%"
@example("$![[$")  # nor leave an embed mark inside math
@example(">" * 500 + " x")
def test_parse_note_always_returns(text: str) -> None:
    notices: list = []
    note = parse_note(text, Path("x.md"), notices)  # any note parses: nothing is raised
    assert isinstance(note.front_matter, dict)
    check_points([(n, b.text) for n, blocks in note.points for b in blocks])
    check_points([(None, b.text) for b in note.intro])
    for notice in notices:
        assert "\n" not in str(notice)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]))
def test_read_vault_on_any_note(tmp_path_factory: pytest.TempPathFactory, text: str, encoding: str) -> None:
    raw = text.encode(encoding, errors="replace")
    # What the note says once read back (cp1250 cannot hold every character).
    content = parse_note(raw.decode(encoding), Path("x.md"), [])
    speaks = bool(content.points) or any(b.text for b in content.intro)
    with tempfile.TemporaryDirectory(dir=tmp_path_factory.getbasetemp()) as tmp:
        folder = Path(tmp) / "notes" / "Wykład 1"
        folder.mkdir(parents=True)
        (folder / "1. Notatka.md").write_bytes(raw)
        if not speaks:
            # The one way a readable vault fails: no note has anything to say.
            with pytest.raises(NotesError, match="no notes with text to speak"):
                read_vault(Path(tmp) / "notes")
            return
        vault = read_vault(Path(tmp) / "notes")
    assert isinstance(vault, Vault)
    (episode,) = vault.episodes
    (chapter,) = episode.chapters
    assert [p.number for p in chapter.points] == [n for n, _ in content.points]
    for episode in vault.episodes:
        for chapter in episode.chapters:
            check_points([(p.number, p.text) for p in chapter.spoken_points])
    for notice in vault.notices:
        assert "\n" not in str(notice)


WORD = st.text(alphabet="abcdefghijklmnoprstuwyząćęłńóśźż", min_size=1, max_size=10)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 999), st.lists(WORD, min_size=1, max_size=6)), min_size=1, max_size=8))
def test_numbered_lines_are_the_points(items: list[tuple[int, list[str]]]) -> None:
    # Plain numbered lines must parse: each one point, with its number and its words.
    text = "".join(f"{number}. {' '.join(words)}\n" for number, words in items)
    note = parse_note(text, Path("x.md"), [])
    assert [(n, " ".join(b.text for b in blocks)) for n, blocks in note.points] == [(n, " ".join(w)) for n, w in items]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalize_says_only_speakable_characters(text: str) -> None:
    spoken = N.normalize(text)
    assert SPEAKABLE.match(spoken), repr(spoken)


@settings(max_examples=300, deadline=None)
@given(NOTE_TEXT)
def test_normalize_note_like_text(text: str) -> None:
    spoken = N.normalize(text)
    assert SPEAKABLE.match(spoken), repr(spoken)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_split_sentences_returns_strings(text: str) -> None:
    sentences = N.split_sentences(text)
    assert isinstance(sentences, list)
    assert all(isinstance(s, str) for s in sentences)
