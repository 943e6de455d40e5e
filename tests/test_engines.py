"""The engine interface, voice files and the embedded espeak-ng voice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lecture_audio.engines import (
    Engine,
    create_engine,
    find_voice,
    list_voices,
    load_voice,
)
from lecture_audio.errors import VoiceError

from .conftest import REPO


def test_default_voice_is_espeak_polish() -> None:
    voice = find_voice("espeak-pl", REPO / "voices")
    assert voice.engine == "espeak" and voice.settings["language"] == "pl"
    assert "espeak-pl" in [v.name for v in list_voices(REPO / "voices")]


def test_espeak_speaks_polish_text() -> None:
    engine = create_engine(find_voice("espeak-pl", REPO / "voices"))
    assert isinstance(engine, Engine)
    engine.load()
    short = engine.synthesize("Dzień dobry.")
    long = engine.synthesize("Dzień dobry, dziś mówimy o wdrażaniu modeli uczenia maszynowego na produkcję.")
    assert engine.sample_rate == 22050 and engine.version.startswith("espeak-ng")
    assert short.dtype == np.float32 and short.ndim == 1
    assert 0.3 < len(short) / engine.sample_rate < 3
    assert len(long) > 3 * len(short)
    assert np.abs(long).max() > 0.1 and np.abs(long).max() <= 1.0
    # espeak-ng carries a little state from one utterance to the next, so a
    # repeat may differ by a few samples (the cache keeps the first), no more.
    assert abs(len(engine.synthesize("Dzień dobry.")) - len(short)) < 0.01 * len(short)


def test_voice_settings_change_the_audio(tmp_path: Path) -> None:
    (tmp_path / "slow.yaml").write_text("engine: espeak\nsettings: {language: pl, rate: 100}\n")
    (tmp_path / "fast.yaml").write_text("engine: espeak\nsettings: {language: pl, rate: 250}\n")
    text = "To jest zdanie testowe o modelach."
    slow = create_engine(load_voice(tmp_path / "slow.yaml"))
    fast = create_engine(load_voice(tmp_path / "fast.yaml"))
    slow.load()
    fast.load()
    assert len(slow.synthesize(text)) > 1.5 * len(fast.synthesize(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("engine: nosuch\n", "unknown engine 'nosuch'"),
        ("engine: espeak\nsettings: {speed: 3}\n", "unknown espeak setting 'speed'"),
        ("engine: espeak\nsettings: {rate: fast}\n", "'rate' must be int"),
        ("engine: espeak\nvoice: x\n", "unknown key 'voice'"),
        ("settings: {}\n", "key 'engine' must name an engine"),
        ("engine: [\n", "malformed YAML"),
    ],
)
def test_bad_voice_files_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(VoiceError, match=message.replace("[", r"\[")) as info:
        create_engine(load_voice(path))
    assert "\n" not in str(info.value)


def test_unknown_espeak_language_fails_on_load(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("engine: espeak\nsettings: {language: xx-nope}\n")
    with pytest.raises(VoiceError, match="no voice 'xx-nope'"):
        create_engine(load_voice(tmp_path / "x.yaml")).load()


def test_unknown_voice_names_the_known_ones() -> None:
    with pytest.raises(VoiceError, match="no voice named 'nope'.*espeak-pl"):
        find_voice("nope", REPO / "voices")
