"""The command line, through click's CliRunner: output, errors and exit codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lecture_audio.cli import main

from .conftest import make_project


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    def invoke(project: Path, *args: str):
        monkeypatch.chdir(project)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def snapshot(folder: Path) -> dict[str, tuple[int, float]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime) for p in folder.iterdir()} if folder.exists() else {}


def test_render_writes_mp3_and_feed(run, small_project: Path) -> None:
    result = run(small_project, "render")
    assert result.exit_code == 0, result.output
    assert re.search(r"rendered 1 episode\(s\), [\d.]+ min of audio", result.stdout)
    assert (small_project / "output" / "wyklad-1.mp3").stat().st_size > 10_000
    assert (small_project / "output" / "feed.xml").is_file()


def test_render_to_another_folder_with_a_voice(run, small_project: Path, tmp_path: Path) -> None:
    result = run(small_project, "render", "notes", "-o", str(tmp_path / "out"), "--voice", "espeak-pl", "--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "out" / "wyklad-1.mp3").is_file()


def test_normalize_json_has_the_documented_shape_and_no_raw_tokens(run, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = run(project, "normalize", "notes", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["episodes"]
    (episode,) = data["episodes"]
    assert set(episode) == {"title", "chapters"} and episode["title"] == "Zjazd 1"
    sources = [c["source"] for c in episode["chapters"]]
    assert sources == ["Zjazd 1/1. Kilka zdań o sobie.md", "Zjazd 1/5. Role w świecie ML.md"]
    counts = [len(c["points"]) for c in episode["chapters"]]
    assert counts == [14, 16]
    for chapter in episode["chapters"]:
        assert set(chapter) == {"source", "title", "points"}
        for point in chapter["points"]:
            assert set(point) == {"number", "text"}
            text = point["text"]
            assert not re.search(r"\b(DS|ML|MLOps)", text), text
            assert not re.search(r"\d", text), text
            for raw in ("![[", "]]", ".png"):
                assert raw not in text


def test_voices_lists_the_default(run, small_project: Path) -> None:
    result = run(small_project, "voices")
    assert result.exit_code == 0
    assert re.search(r"^\* espeak-pl\s+espeak\s+espeak-ng, Polish.*\n    licence: GPL.*\n    status:  ready$", result.stdout, re.M)


def test_bad_settings_is_one_line_and_output_untouched(run, small_project: Path) -> None:
    assert run(small_project, "render").exit_code == 0
    before = snapshot(small_project / "output")
    (small_project / "lecture-audio.yaml").write_text("title: Kurs\nbitrate: dużo\n", encoding="utf-8")
    result = run(small_project, "render")
    assert result.exit_code == 1
    assert result.stderr == "error: lecture-audio.yaml:2: key 'bitrate' must be a whole number, not str (fix the value or remove the key to use the default)\n"
    assert "Traceback" not in result.output
    assert snapshot(small_project / "output") == before


def test_empty_notes_folder_is_an_error_and_output_untouched(run, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", notes={})
    (project / "notes").mkdir(exist_ok=True)
    (project / "output").mkdir()
    (project / "output" / "old.mp3").write_bytes(b"keep me")
    result = run(project, "render")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: notes: no notes with text to speak (")
    assert result.stderr.count("\n") == 1
    assert sorted(os.listdir(project / "output")) == ["old.mp3"]
    assert (project / "output" / "old.mp3").read_bytes() == b"keep me"


def test_unknown_voice_is_an_error(run, small_project: Path) -> None:
    result = run(small_project, "render", "--voice", "nie-ma")
    assert result.exit_code == 1
    assert "no voice named 'nie-ma'" in result.stderr and result.stderr.count("\n") == 1
    assert not (small_project / "output").exists()


def test_check_strict_passes_on_the_samples_with_their_lexicon(run, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = run(project, "check", "notes", "--strict")
    assert result.exit_code == 0, result.output
    # The samples were typed in a hurry: only their restored diacritics are listed, each with its line.
    lines = result.stdout.splitlines()
    assert lines and all(": restored: " in line or "restored" in line for line in lines), result.stdout
    assert any("bedzie" in line and "będzie" in line for line in lines)
    assert all(line.startswith("Zjazd 1/") and line.split(":")[1].isdigit() for line in lines)


def test_check_strict_fails_on_anything_but_restored_diacritics(run, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", notes={"W/1. A.md": "1. To bedzie XQZW.\n"})
    result = run(project, "check", "--strict")
    assert result.exit_code == 1
    assert any("bedzie" in line for line in result.stdout.splitlines())
    assert any("XQZW" in line for line in result.stdout.splitlines())


def test_check_lists_unknown_words_with_file_and_line(run, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", notes={"W/1. A.md": "1. Dobrze.\n2. Używamy XQZW i WZX na co dzień.\n"})
    result = run(project, "check", "--strict")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("W/1. A.md:2: ") for line in lines)
    assert any("WZX" in line for line in lines)
    assert run(project, "check").exit_code == 0  # without --strict it only reports


def test_serve_leaves_the_published_addresses_in_output(run, small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lecture_audio import serve as serving

    (small_project / "lecture-audio.yaml").write_text("title: Kurs\nbase_url: https://kurs.example.edu/pod/\n", encoding="utf-8")
    served: list[dict] = []
    monkeypatch.setattr(serving, "serve", lambda *args, **kwargs: served.append(kwargs))
    result = run(small_project, "serve", "--port", "8765")
    assert result.exit_code == 0, result.output
    assert served and served[0]["published_url"] == "https://kurs.example.edu/pod/"
    feed = (small_project / "output" / "feed.xml").read_text(encoding="utf-8")
    assert 'url="https://kurs.example.edu/pod/wyklad-1.mp3"' in feed


@pytest.mark.parametrize("host, warned", [("0.0.0.0", True), ("127.0.0.1", False)])
def test_serve_warns_that_every_interface_exposes_output(run, small_project: Path, monkeypatch: pytest.MonkeyPatch, host: str, warned: bool) -> None:
    from lecture_audio import serve as serving

    monkeypatch.setattr(serving, "serve", lambda *args, **kwargs: None)
    result = run(small_project, "serve", "--host", host)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: listening on")]
    assert len(warnings) == int(warned)
