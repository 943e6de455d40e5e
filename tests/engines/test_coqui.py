"""The Coqui engine on random tiny models built in the test (no downloads)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch  # noqa: F401 - the extra must be installed
import TTS  # noqa: F401 - the extra must be installed
import yaml

from lecture_audio.engines import Voice, create_engine, load_voice  # noqa: E402
from lecture_audio.engines.coqui import (  # noqa: E402
    CPML_LICENSE,
    requires_license_acceptance,
    split_text,
)
from lecture_audio.errors import VoiceError  # noqa: E402

from .conftest import TINY_VITS_SAMPLE_RATE, build_tiny_vits, build_tiny_xtts_voice  # noqa: E402

VOICES = Path(__file__).resolve().parents[2] / "voices"
POLISH = "Dzień dobry, państwo! Dziś mówimy o źdźbłach trawy i o chrząszczu, który brzmi w trzcinie."


def _engine(voice_yaml: Path, **options: object):
    engine = create_engine(load_voice(voice_yaml), cache_dir=voice_yaml.parent / "cache", **options)
    engine.load()
    return engine


# -- VITS ------------------------------------------------------------------------


def test_tiny_vits_speaks_polish(tiny_vits_voice: Path) -> None:
    engine = _engine(tiny_vits_voice, device="cpu")
    assert engine.sample_rate == TINY_VITS_SAMPLE_RATE
    audio = engine.synthesize(POLISH)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert audio.size > 0 and np.all(np.isfinite(audio))
    assert np.abs(audio).max() <= 1.0
    assert engine.version.startswith("coqui-tts ") and "vits" in engine.version


def test_vits_is_deterministic_per_text(tiny_vits_voice: Path) -> None:
    engine = _engine(tiny_vits_voice)
    first = engine.synthesize("Zażółć gęślą jaźń.")
    engine.synthesize("Coś zupełnie innego pomiędzy.")
    assert np.array_equal(first, engine.synthesize("Zażółć gęślą jaźń."))


def test_vits_blank_text_is_empty(tiny_vits_voice: Path) -> None:
    assert _engine(tiny_vits_voice).synthesize("   ").size == 0


def test_vits_max_chars_splits_and_keeps_everything(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path)
    data = yaml.safe_load(voice.read_text(encoding="utf-8"))
    data["settings"]["max_chars"] = 30
    voice.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    engine = _engine(voice)
    # Each piece alone (all under the limit): what the whole text must add up to.
    expected = [len(engine.synthesize(piece)) for piece in split_text(POLISH, 30)]
    received: list[str] = []
    model_speak = engine._onnx.speak  # on the CPU the model runs on onnxruntime

    def recording(text: str) -> np.ndarray:
        received.append(text)
        return model_speak(text)

    engine._onnx.speak = recording  # the model call: what the model is given
    audio = engine.synthesize(POLISH)
    assert len(received) == len(expected) > 2 and all(len(piece) <= 30 for piece in received)
    assert " ".join(received) == " ".join(POLISH.split())  # every word spoken, in order, once
    assert len(audio) == sum(expected) and np.all(np.isfinite(audio))


def test_version_changes_with_the_model_not_its_date(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path, seed=0)
    first = _engine(voice).version
    checkpoint = tmp_path / "model" / "model.pth"
    stat = checkpoint.stat()
    os.utime(checkpoint, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5 * 10**9))
    assert _engine(voice).version == first
    build_tiny_vits(tmp_path, seed=1)  # new random weights, same file names
    assert _engine(voice).version != first


def test_version_changes_with_settings(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path)
    first = _engine(voice).version
    data = yaml.safe_load(voice.read_text(encoding="utf-8"))
    data["settings"]["seed"] = 7
    voice.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _engine(voice).version != first


def test_config_beside_the_checkpoint_is_the_default(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path)
    data = yaml.safe_load(voice.read_text(encoding="utf-8"))
    del data["settings"]["config_path"]
    voice.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _engine(voice).sample_rate == TINY_VITS_SAMPLE_RATE


def test_zoo_model_found_in_our_cache_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Point Coqui's own folders somewhere empty so only our cache can match.
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "coqui-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    source = build_tiny_vits(tmp_path / "src")
    cache = tmp_path / "cache"
    zoo = cache / "tts" / "tts_models--pl--mai_female--vits"
    zoo.mkdir(parents=True)
    for name in ("model.pth", "config.json"):
        (zoo / name).write_bytes((source.parent / "model" / name).read_bytes())
    voice = load_voice(VOICES / "coqui-vits-pl.yaml")
    engine = create_engine(voice, cache_dir=cache)
    engine.load()
    assert engine.sample_rate == TINY_VITS_SAMPLE_RATE
    assert engine.synthesize("Cześć.").size > 0
    assert "tts_models/pl/mai_female/vits" in engine.version


def test_missing_zoo_model_names_the_download_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "coqui-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in ("coqui-vits-pl", "my-voice"):
        engine = create_engine(load_voice(VOICES / f"{name}.yaml"), cache_dir=tmp_path / "empty")
        with pytest.raises(VoiceError) as info:
            engine.load()
        message = str(info.value)
        assert f"lecture-audio voices download {name}" in message
        assert "not downloaded" in message and "\n" not in message


def _model_device(engine: object) -> str:
    """Where the loaded model's weights are: what actually runs, not what was asked."""
    onnx = engine._onnx  # type: ignore[attr-defined]
    if onnx is not None:  # a VITS on the CPU runs on onnxruntime
        providers = {p for session in onnx.sessions.values() for p in session.get_providers()}
        return "cpu" if providers == {"CPUExecutionProvider"} else ",".join(sorted(providers))
    return next(engine._model.parameters()).device.type  # type: ignore[attr-defined]


def test_cuda_request(tiny_vits_voice: Path) -> None:
    engine = create_engine(load_voice(tiny_vits_voice), device="cuda", cache_dir=tiny_vits_voice.parent)
    if torch.cuda.is_available():
        engine.load()
        assert _model_device(engine) == "cuda"
        assert engine.synthesize("Tak.").size > 0
    else:
        with pytest.raises(VoiceError, match="no CUDA GPU"):
            engine.load()


@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_cpu_and_auto_put_the_model_where_they_should(tiny_vits_voice: Path, device: str) -> None:
    engine = _engine(tiny_vits_voice, device=device)
    expected = "cuda" if device == "auto" and torch.cuda.is_available() else "cpu"
    assert _model_device(engine) == expected
    assert engine.synthesize("Tak.").size > 0


@pytest.mark.parametrize(
    "requested, has_cuda, chosen",
    [("cpu", True, "cpu"), ("cpu", False, "cpu"), ("auto", True, "cuda"), ("auto", False, "cpu"), ("cuda", True, "cuda")],
)
def test_device_choice(tiny_vits_voice: Path, requested: str, has_cuda: bool, chosen: str) -> None:
    # Both sides of a GPU machine, on any machine: torch's answer is given.
    fake_torch = SimpleNamespace(cuda=SimpleNamespace(is_available=lambda: has_cuda))
    engine = create_engine(load_voice(tiny_vits_voice), device=requested)
    assert engine._resolve_device(fake_torch) == chosen


def test_corrupt_checkpoint_is_a_one_line_error(tiny_vits_voice: Path) -> None:
    (tiny_vits_voice.parent / "model" / "model.pth").write_bytes(b"\x00 not a checkpoint")
    with pytest.raises(VoiceError) as info:
        _engine(tiny_vits_voice)
    assert "cannot load Coqui model model.pth" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "settings, fragment",
    [
        ({}, "exactly one of"),
        ({"model": "tts_models/pl/mai_female/vits", "model_path": "x.pth"}, "exactly one of"),
        ({"model_path": "x.pth", "pitch": 3}, "unknown coqui setting 'pitch'"),
        ({"model_path": "x.pth", "seed": "zero"}, "'seed' must be int"),
        ({"model_path": "x.pth", "max_chars": 5}, "at least 20"),
        ({"checkpoint_dir": "x", "config_path": "c.json"}, "goes with 'model_path'"),
        ({"checkpoint_dir": "x", "speaker_wav": [1, 2]}, "must list file paths"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, settings: dict, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "bad", "engine": "coqui", "settings": settings}), encoding="utf-8")
    with pytest.raises(VoiceError) as info:
        create_engine(load_voice(path))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_local_files(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump({"engine": "coqui", "settings": {"model_path": "nope.pth"}}), encoding="utf-8")
    with pytest.raises(VoiceError, match="checkpoint not found"):
        create_engine(load_voice(path)).load()


def test_unknown_device_is_rejected(tiny_vits_voice: Path) -> None:
    with pytest.raises(VoiceError, match="unknown device 'tpu'"):
        create_engine(load_voice(tiny_vits_voice), device="tpu")


# -- licences --------------------------------------------------------------------


def test_licence_needed_for_xtts_only() -> None:
    assert requires_license_acceptance(load_voice(VOICES / "my-voice.yaml")) == CPML_LICENSE
    assert requires_license_acceptance(load_voice(VOICES / "coqui-vits-pl.yaml")) is None
    assert requires_license_acceptance(load_voice(VOICES / "piper-gosia.yaml")) is None
    local = Voice(name="x", engine="coqui", settings={"checkpoint_dir": "ft"})
    assert requires_license_acceptance(local) == CPML_LICENSE
    assert "COQUI_TOS_AGREED" not in os.environ


def test_shipped_voice_files_create_engines() -> None:
    for name in ("coqui-vits-pl", "my-voice", "piper-gosia"):
        voice = load_voice(VOICES / f"{name}.yaml")
        create_engine(voice, device="cpu")  # settings validate without loading anything


# -- text splitting ------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("limit", [20, 40, 80, 224])
def test_split_text_keeps_every_word_within_the_limit(limit: int) -> None:
    text = (
        "Pierwsze zdanie jest krótkie. Drugie zdanie jest dłuższe, ma kilka przecinków, "
        "parę wtrąceń – i myślnik; kończy się wykrzyknikiem! Czy trzecie pyta? "
        "Najdłuższe słowo: konstantynopolitańczykowianeczka. "
        + "Bardzo długie zdanie bez żadnych znaków przestankowych które ciągnie się i ciągnie "
        * 4
    )
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    if limit >= 40:  # no single word is longer than the limit: words stay whole
        assert _words(" ".join(pieces)) == _words(text)
    else:
        assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_split_text_prefers_sentence_then_comma_boundaries() -> None:
    text = "Ala ma kota. Kot ma Alę, a Ala ma psa, który nie lubi kota."
    assert split_text(text, 224) == [text]
    assert split_text(text, 30) == ["Ala ma kota.", "Kot ma Alę, a Ala ma psa,", "który nie lubi kota."]


def test_split_text_packs_short_sentences() -> None:
    assert split_text("Tak. Nie. Może.", 224) == ["Tak. Nie. Może."]
    assert split_text("  ", 224) == []


# -- XTTS (the lecturer's own voice) -----------------------------------------------


@pytest.fixture(scope="module")
def xtts_engine(tmp_path_factory: pytest.TempPathFactory):
    """One loaded tiny XTTS for the module: building and loading takes seconds."""
    voice = build_tiny_xtts_voice(tmp_path_factory.mktemp("xtts"), settings={"max_chars": 40})
    engine = create_engine(load_voice(voice), device="cpu", cache_dir=voice.parent / "cache")
    engine.load()
    return engine


def test_xtts_clones_from_recordings_and_speaks_long_text(xtts_engine) -> None:
    assert xtts_engine.kind == "xtts"
    assert xtts_engine.sample_rate == 24000
    assert xtts_engine._latents is not None  # computed once, in load()
    audio = xtts_engine.synthesize(POLISH)  # 95 characters > max_chars 40: three pieces
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert audio.size > 0 and np.all(np.isfinite(audio)) and np.abs(audio).max() <= 1.0
    single = xtts_engine.synthesize("Dzień dobry, państwo!")
    assert audio.size > single.size  # the pieces are concatenated, nothing dropped


def test_xtts_is_deterministic_per_text(xtts_engine) -> None:
    first = xtts_engine.synthesize("Zażółć gęślą jaźń.")
    xtts_engine.synthesize("Coś innego.")
    assert np.array_equal(first, xtts_engine.synthesize("Zażółć gęślą jaźń."))


def test_xtts_version_covers_recordings(xtts_engine) -> None:
    voice_dir = xtts_engine.voice.path.parent
    before = xtts_engine._version(voice_dir / "xtts", voice_dir / "xtts" / "config.json")
    assert before == xtts_engine.version
    recording = voice_dir / "recordings" / "a.wav"
    original = recording.read_bytes()
    try:
        recording.write_bytes(original[:-200])  # a different take
        assert xtts_engine._version(voice_dir / "xtts", voice_dir / "xtts" / "config.json") != before
    finally:
        recording.write_bytes(original)


def test_xtts_missing_recording_is_a_clear_error(xtts_engine) -> None:
    folder = xtts_engine.voice.path.parent
    data = yaml.safe_load(xtts_engine.voice.path.read_text(encoding="utf-8"))
    data["settings"]["speaker_wav"] = ["recordings/a.wav", "recordings/missing.wav"]
    voice = folder / "missing.yaml"
    voice.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(VoiceError) as info:
        _engine(voice)
    assert "reference recording not found" in str(info.value) and "missing.wav" in str(info.value)
    assert "\n" not in str(info.value)
