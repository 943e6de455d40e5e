"""`lecture-audio voices` says which voices can speak now, and what the others need."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_audio.engines import find_voice, load_voice, voice_status

from .conftest import write_voice_yaml

VOICES = Path(__file__).resolve().parents[2] / "voices"


@pytest.mark.parametrize("fixture", ["tiny_vits_voice", "tiny_piper_voice", "tiny_xtts_voice"])
def test_a_voice_with_its_files_is_ready(fixture: str, request: pytest.FixtureRequest) -> None:
    voice = load_voice(request.getfixturevalue(fixture))
    assert voice_status(voice) == "ready"


@pytest.mark.parametrize("fixture", ["tiny_vits_voice", "tiny_piper_voice"])
def test_a_deleted_model_file_is_named(fixture: str, request: pytest.FixtureRequest) -> None:
    voice_yaml: Path = request.getfixturevalue(fixture)
    model = next(p for p in voice_yaml.parent.rglob("*") if p.suffix in (".pth", ".onnx"))
    model.unlink()
    status = voice_status(load_voice(voice_yaml))
    assert status != "ready" and model.name in status


def test_a_missing_recording_is_named(tiny_xtts_voice: Path) -> None:
    next(tiny_xtts_voice.parent.rglob("*.wav")).unlink()
    assert voice_status(load_voice(tiny_xtts_voice)).startswith("reference recording(s) not found: ")


@pytest.mark.parametrize("name", ["coqui-vits-pl", "piper-gosia", "my-voice"])
def test_shipped_neural_voices_point_to_voices_download(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "tts"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    status = voice_status(find_voice(name, VOICES))
    assert f"lecture-audio voices download {name}" in status


def test_an_unknown_engine_is_a_status_not_a_crash(tmp_path: Path) -> None:
    voice = write_voice_yaml(tmp_path / "odd.yaml", {"name": "odd", "engine": "nie.ma:Silnika"})
    assert "cannot be loaded" in voice_status(load_voice(voice))
