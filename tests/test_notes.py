"""Reading the vault: episodes, chapters, points and the Obsidian syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_audio.errors import NotesError
from lecture_audio.notes import natural_key, parse_note, read_vault, title_from_name

from .conftest import SAMPLE_NOTES


def test_samples_have_one_episode_with_two_chapters_in_file_order() -> None:
    vault = read_vault(SAMPLE_NOTES)
    assert [e.title for e in vault.episodes] == ["Zjazd 1"]
    chapters = vault.episodes[0].chapters
    assert [c.title for c in chapters] == ["Kilka zdań o sobie", "Role w świecie ML"]
    assert [c.source.as_posix() for c in chapters] == [
        "Zjazd 1/1. Kilka zdań o sobie.md",
        "Zjazd 1/5. Role w świecie ML.md",
    ]


def test_samples_point_counts_and_numbers() -> None:
    first, second = read_vault(SAMPLE_NOTES).episodes[0].chapters
    assert [p.number for p in first.points] == list(range(1, 15))
    assert [p.number for p in second.points] == list(range(1, 17))
    assert first.intro is None and second.intro is None
    # The slide-only point keeps its number and image but has nothing to say.
    assert second.points[0].text == ""
    assert second.points[0].images == ("Rożne role w świecie ML.png",)
    assert second.points[7].images == ("Rozklad umiejetnosci w siecie ML.png",)
    # Lines are the file's own (1-based).
    assert first.points[0].line == 3 and second.points[1].line == 3


def test_wikilink_is_spoken_as_its_alias() -> None:
    last = read_vault(SAMPLE_NOTES).episodes[0].chapters[1].points[-1]
    assert "co My w ten weekend bedziemy omawiac" in last.text
    assert "[[" not in last.text and "]]" not in last.text


def parse(text: str):
    return parse_note(text, Path("note.md"))


def test_obsidian_syntax_is_removed_or_spoken() -> None:
    note = parse(
        "---\ntitle: Inny tytuł\ntags: [a]\n---\n"
        "Wstęp do wykładu. %% notatka dla mnie %%\n\n"
        "1. **Pogrubione** i *kursywa* z `kodem` #tag oraz [[3. Inna notatka]] i [[X|alias]].\n"
        "   - zagnieżdżony punkt\n"
        "2. ![[slajd.png]]\n"
        "%%\nwielolinijkowy\nkomentarz\n%%\n"
        "3. > [!tip] Wskazówka\n   > treść\n"
    )
    assert note.front_matter["title"] == "Inny tytuł"
    assert [b.text for b in note.intro] == ["Wstęp do wykładu."]
    numbers = [n for n, _ in note.points]
    assert numbers == [1, 2, 3]
    first = [b.text for b in note.points[0][1]]
    assert first == ["Pogrubione i kursywa z `kodem`  oraz Inna notatka i alias.", "zagnieżdżony punkt"]
    assert note.points[1][1][0].images == ["slajd.png"]
    assert [b.text for b in note.points[2][1]] == ["Wskazówka", "treść"]


def test_highlight_is_read_struck_text_and_block_ids_are_not() -> None:
    note = parse(
        "1. ==Ważne==: ~~stara~~ nowa wersja, a == b zostaje. ^abc-12\n"
        "2. ~~Cały punkt skreślony ![[slajd.png]]~~\n"
    )
    assert [b.text for b in note.points[0][1]] == ["Ważne:  nowa wersja, a == b zostaje."]
    second = note.points[1][1][0]
    assert second.text.strip() == "" and second.images == ["slajd.png"]  # the slide still shows


def test_inline_math_is_passed_on_and_short_display_math_too() -> None:
    note = parse("1. Wzór $\\frac{a}{b}$ i blok $$E = mc^2$$ oraz 5$.\n")
    assert [b.text for b in note.points[0][1]] == ["Wzór $\\frac{a}{b}$ i blok  $E = mc^2$  oraz 5$."]


def test_display_math_is_read_only_when_short_and_on_one_line() -> None:
    note = parse(
        "1. Model:\n\n   $$\n   \\hat{y} = Xw\n   $$\n\n"
        "2. Wyprowadzenie:\n\n   $$\n   a = b \\\\\n   b = c\n   $$\n\n"
        "3. Macierz $$\\begin{pmatrix} 1 & 0 \\end{pmatrix}$$ i długi $$" + "x + " * 30 + "x$$ koniec\n"
    )
    texts = [[b.text for b in blocks] for _, blocks in note.points]
    assert texts[0] == ["Model:", "$\\hat{y} = Xw$"]
    assert texts[1] == ["Wyprowadzenie:"]
    assert texts[2] == ["Macierz  i długi  koniec"]


def test_table_row_cells_follow_their_column_header() -> None:
    note = parse(
        "1. Harmonogram:\n\n"
        "| Zjazd | Data | Sala |\n|---|---|---|\n| 1 | 12.10 | 2.13 |\n| 2 |  | A-101 |\n\n"
        "2. Sam nagłówek:\n\n| a | b |\n|---|---|\n"
    )
    # The header is not read alone: each cell is said after its header, an empty cell is skipped.
    assert [b.text for b in note.points[0][1]] == ["Harmonogram:", "Zjazd 1, Data 12.10, Sala 2.13", "Zjazd 2, Sala A-101"]
    assert [b.text for b in note.points[1][1]] == ["Sam nagłówek:", "a, b"]  # a table with no rows: its header


def test_numbers_are_kept_as_written() -> None:
    note = parse("3. trzy\n4. cztery\n7. siedem\n")
    assert [n for n, _ in note.points] == [3, 4, 7]


def test_front_matter_title_overrides_heading(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "E"
    folder.mkdir(parents=True)
    (folder / "1. Plik.md").write_text("---\ntitle: Z metadanych\n---\n# Nagłówek\n1. a\n", encoding="utf-8")
    (folder / "2. Plik.md").write_text("# Nagłówek\n1. a\n", encoding="utf-8")
    (folder / "10. Plik.md").write_text("1. a\n", encoding="utf-8")
    chapters = read_vault(tmp_path / "notes").episodes[0].chapters
    assert [c.title for c in chapters] == ["Z metadanych", "Nagłówek", "Plik"]


def test_natural_order_and_titles() -> None:
    names = ["10. b.md", "2. a.md", "1. c.md"]
    assert sorted(names, key=natural_key) == ["1. c.md", "2. a.md", "10. b.md"]
    assert title_from_name("6. Co w ten weekend będziemy omawiać") == "Co w ten weekend będziemy omawiać"


def test_note_without_points_is_one_point_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "E"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("Tylko akapit tekstu.\n", encoding="utf-8")
    vault = read_vault(tmp_path / "notes")
    chapter = vault.episodes[0].chapters[0]
    assert chapter.points == () and chapter.intro.text == "Tylko akapit tekstu."
    assert any("no numbered points" in str(n) for n in vault.notices)


def test_windows_1250_note_is_read_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "E"
    folder.mkdir(parents=True)
    (folder / "a.md").write_bytes("1. Zażółć gęślą jaźń\r\n".encode("cp1250"))
    vault = read_vault(tmp_path / "notes")
    assert vault.episodes[0].chapters[0].points[0].text == "Zażółć gęślą jaźń"
    assert any("Windows-1250" in str(n) for n in vault.notices)


def test_empty_notes_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    with pytest.raises(NotesError, match="no notes"):
        read_vault(tmp_path / "notes")


def test_missing_notes_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotesError, match="not found"):
        read_vault(tmp_path / "nope")
