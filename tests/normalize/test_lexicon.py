"""Loading the YAML lexicon: user files extend and override; broken entries name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_audio.errors import LectureAudioError
from lecture_audio.normalize import Normalizer, NormalizeError, load_lexicon


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_lexicon_is_large() -> None:
    lex = load_lexicon()
    assert len(lex.words) >= 300
    assert lex.acronyms["ML"] == "em el"
    assert lex.abbreviations["np."].say == "na przykład"
    assert lex.units["GB"].form("few", "nom") == "gigabajty"


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        "moje.yaml",
        "acronyms:\n  CPU: procesor\n  XYZ: iks igrek zet\nwords:\n  sotrender: sołtrender\n  python: pyton\n"
        "abbreviations:\n  wsp.: współpraca\nunits:\n  epok: {forms: [epoka, epoki, epoki, epok], gender: f}\n",
    )
    n = Normalizer(load_lexicon([user]))
    assert n.normalize("CPU i XYZ") == "procesor i iks igrek zet"
    assert n.normalize("w Sotrenderze") == "w sołtrenderze"
    assert n.normalize("Python") == "pyton"
    assert n.normalize("wsp. z firmą") == "współpraca z firmą"
    assert n.normalize("2 epok") == "dwie epoki"
    assert not [f for f in n.check("CPU i XYZ") if f.kind == "unknown-acronym"]
    # The built-in entries are still there.
    assert n.normalize("MLa") == "em ela"


def test_later_files_override_earlier(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "acronyms:\n  ML: pierwszy\n")
    b = write(tmp_path, "b.yaml", "acronyms:\n  ML: drugi\n")
    assert Normalizer(load_lexicon([a, b])).normalize("ML") == "drugi"


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("acronyms:\n  ML: em el\n  DS: [de, es]\n", 3, "must be"),
        ("words:\n  backend: bekend\n\n  pipeline: {say: pajplajn, color: red}\n", 4, "unknown field 'color'"),
        ("units:\n  GB: {forms: [gigabajt, gigabajty]}\n", 2, "forms must be a list of 4"),
        ("units:\n  GB: {stem: giga}\n", 2, "has no 'forms'"),
        ("abbreviations:\n  np.: na przykład\n  godz.: {say: godzina, cases: {genitive: godziny}}\n", 3, "unknown case"),
        ("colours:\n  red: czerwony\n", 1, "unknown section"),
        ("acronyms:\n  ML: em el\n  DS: 'de es\n", 4, "invalid YAML"),
        ("words:\n  a: b\n  - c\n", 3, "invalid YAML"),
        ("words:\n  pipeline: {stems: {x: y}}\n", 2, "no 'say'"),
        ("units:\n  GB: {forms: [a, b, c, d], gender: x}\n", 2, "unknown gender"),
    ],
)
def test_broken_entry_names_file_and_line(tmp_path: Path, text: str, line: int, what: str) -> None:
    path = write(tmp_path, "broken.yaml", text)
    with pytest.raises(NormalizeError) as info:
        load_lexicon([path])
    err = info.value
    assert isinstance(err, LectureAudioError)
    assert err.path == path
    assert err.line == line, err.one_line()
    assert what in err.what
    assert f"{path}:{line}:" in err.one_line()


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(NormalizeError) as info:
        load_lexicon([tmp_path / "missing.yaml"])
    assert info.value.path == tmp_path / "missing.yaml"


def test_empty_user_file_is_fine(tmp_path: Path) -> None:
    assert load_lexicon([write(tmp_path, "empty.yaml", "# nothing yet\n")]).acronyms["ML"] == "em el"


def test_acronym_without_spoken_form_is_spelled_and_known(tmp_path: Path) -> None:
    n = Normalizer(load_lexicon([write(tmp_path, "a.yaml", "acronyms:\n  QXZ:\n")]))
    assert n.normalize("QXZ-ów") == "ku iks zetów"
    assert n.check("QXZ") == []


def test_irregular_stems_from_user_file(tmp_path: Path) -> None:
    user = write(tmp_path, "s.yaml", "words:\n  python: {say: pajton, stems: {pyton: pajton}}\n")
    n = Normalizer(load_lexicon([user]))
    assert n.normalize("w Pytonie i Pythonie") == "w pajtonie i pajtonie"


def test_user_symbols_emoticons_and_units(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        "x.yaml",
        'symbols:\n  "→": potem\nemoticons: ["^^"]\nunits:\n  ep: {forms: [epoka, epoki, epoki, epok], gender: f, stem: epok}\n',
    )
    n = Normalizer(load_lexicon([user]))
    assert n.normalize("dane → model ^^") == "dane potem model"
    assert n.normalize("po 2 ep") == "po dwie epoki"
    assert n.normalize("w 3 ep") == "w trzy epoki"


def test_broken_grammar_section_is_a_normalize_error(tmp_path: Path) -> None:
    user = write(tmp_path, "g.yaml", "grammar:\n  months: 5\n")
    with pytest.raises(NormalizeError):
        Normalizer(load_lexicon([user]))
