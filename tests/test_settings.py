"""Settings: optional file, defaults, and one-line errors naming file, line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lecture_audio.errors import SettingsError
from lecture_audio.settings import Pauses, load_settings


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "lecture-audio.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_no_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.language == "pl" and settings.voice == "espeak-pl"
    assert settings.pauses == Pauses()
    assert settings.pauses.sentence < settings.pauses.point < settings.pauses.chapter
    assert settings.notes_dir == tmp_path / "notes"


def test_values_are_read(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "title: Kurs\nbitrate: 128\nstart_date: 2025-03-01\npauses:\n  point: 1\n"))
    assert settings.title == "Kurs" and settings.bitrate == 128
    assert settings.start_date == dt.date(2025, 3, 1)
    assert settings.pauses.point == 1.0 and settings.pauses.chapter == Pauses().chapter


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: Kurs\ntitel: x\n", r"lecture-audio.yaml:2: unknown key 'titel'"),
        ("bitrate: szybko\n", r"lecture-audio.yaml:1: key 'bitrate' must be a whole number"),
        ("explicit: 3\n", r"key 'explicit' must be true or false"),
        ("pauses:\n  point: -1\n", r"key 'pauses.point' must be zero or more"),
        ("pauses:\n  sentense: 1\n", r"lecture-audio.yaml:2: unknown key 'pauses.sentense'"),
        ("title: [\n", r"lecture-audio.yaml:\d+: .*\(fix the YAML syntax\)"),
        ("- a\n- b\n", r"settings must be a mapping"),
        ("bitrate: 100\n", r"key 'bitrate' must be one of"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as info:
        load_settings(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_feed_urls_are_percent_encoded(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "base_url: https://example.org/kurs\n"))
    assert settings.feed_url("zjazd 1 & co.mp3") == "https://example.org/kurs/zjazd%201%20%26%20co.mp3"
