"""The Piper engine, run through piper-tts itself on a tiny self-made ONNX graph."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import onnx  # noqa: F401 - the extra must be installed
import piper  # noqa: F401 - the extra must be installed
import pytest
import yaml

from lecture_audio.engines import create_engine, load_voice  # noqa: E402
from lecture_audio.errors import SynthesisError, VoiceError  # noqa: E402

from .conftest import (  # noqa: E402
    TINY_PIPER_HOP,
    TINY_PIPER_SAMPLE_RATE,
    build_piper_onnx,
    build_tiny_piper,
    write_voice_yaml,
)


def _engine(voice_yaml: Path, **options: object):
    engine = create_engine(load_voice(voice_yaml), cache_dir=voice_yaml.parent / "cache", **options)
    engine.load()
    return engine


def test_synthesizes_polish_and_length_grows_with_text(tiny_piper_voice: Path) -> None:
    engine = _engine(tiny_piper_voice, device="cpu")
    assert engine.sample_rate == TINY_PIPER_SAMPLE_RATE
    short = engine.synthesize("Tak.")
    medium = engine.synthesize("Tak, to jest zdanie o źdźbłach.")
    long = engine.synthesize("Tak, to jest zdanie o źdźbłach. A to drugie zdanie, jeszcze dłuższe, o chrząszczu!")
    for audio in (short, medium, long):
        assert audio.dtype == np.float32 and audio.ndim == 1
        assert np.all(np.isfinite(audio)) and np.abs(audio).max() <= 1.0
        # Our graph: samples = phoneme ids x hop, so whole multiples of the hop.
        assert len(audio) > 0 and len(audio) % TINY_PIPER_HOP == 0
    assert len(short) < len(medium) < len(long)
    # Two sentences -> two Piper chunks, joined in order.
    assert (
        len(long)
        > len(medium) + len(engine.synthesize("A to drugie zdanie, jeszcze dłuższe, o chrząszczu!")) - TINY_PIPER_HOP
    )


def test_output_is_deterministic(tiny_piper_voice: Path) -> None:
    engine = _engine(tiny_piper_voice)
    assert np.array_equal(engine.synthesize("Dzień dobry."), engine.synthesize("Dzień dobry."))


def test_blank_text_gives_empty_audio(tiny_piper_voice: Path) -> None:
    assert _engine(tiny_piper_voice).synthesize("  \n ").size == 0


def test_length_scale_reaches_the_model(tmp_path: Path) -> None:
    normal = _engine(build_tiny_piper(tmp_path / "a"))
    slow = _engine(build_tiny_piper(tmp_path / "b", settings={"length_scale": 2.0, "sentence_silence": 0.3}))
    text = "Wykład numer jeden."
    assert len(slow.synthesize(text)) == 2 * len(normal.synthesize(text))


def test_speaker_id_number_or_name(tmp_path: Path) -> None:
    def pitch(audio: np.ndarray) -> float:
        spectrum = np.abs(np.fft.rfft(audio))
        return float(np.argmax(spectrum) * TINY_PIPER_SAMPLE_RATE / len(audio))

    first = _engine(build_tiny_piper(tmp_path / "s0", num_speakers=3, settings={"speaker_id": 0}))
    third = _engine(build_tiny_piper(tmp_path / "s2", num_speakers=3, settings={"speaker_id": "speaker2"}))
    text = "To jest dość długi tekst, żeby widmo było wyraźne."
    assert abs(pitch(first.synthesize(text)) - 220) < 5
    assert abs(pitch(third.synthesize(text)) - 440) < 5


def test_unknown_speaker_name_and_range(tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="no speaker 'nobody'"):
        _engine(build_tiny_piper(tmp_path / "a", num_speakers=2, settings={"speaker_id": "nobody"}))
    with pytest.raises(VoiceError, match="out of range"):
        _engine(build_tiny_piper(tmp_path / "b", num_speakers=2, settings={"speaker_id": 5}))


def test_model_found_in_cache_by_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    source = build_tiny_piper(tmp_path / "src")
    cache.mkdir()
    for name in ("tiny.onnx", "tiny.onnx.json"):
        (cache / name).write_bytes((source.parent / name).read_bytes())
    (tmp_path / "v").mkdir()
    voice = write_voice_yaml(
        tmp_path / "v" / "cached.yaml",
        {"name": "cached", "engine": "piper", "settings": {"model_path": "tiny.onnx"}},
    )
    engine = create_engine(load_voice(voice), cache_dir=cache)
    engine.load()
    assert engine.synthesize("Cześć.").size > 0


def test_missing_model_names_the_download_command(tmp_path: Path) -> None:
    voices = Path(__file__).resolve().parents[2] / "voices"
    engine = create_engine(load_voice(voices / "piper-gosia.yaml"), cache_dir=tmp_path / "empty")
    with pytest.raises(VoiceError) as info:
        engine.load()
    message = str(info.value)
    assert "lecture-audio voices download piper-gosia" in message
    assert "\n" not in message


def test_version_follows_model_content(tmp_path: Path) -> None:
    voice = build_tiny_piper(tmp_path)
    first = _engine(voice).version
    assert "piper-tts" in first and "tiny.onnx" in first
    model = tmp_path / "tiny.onnx"
    # Same bytes, new date: same version (a re-download must not void the cache).
    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert _engine(voice).version == first
    # Different graph (two speakers): a new version.
    build_piper_onnx(model, num_speakers=2)
    assert _engine(voice).version != first


@pytest.mark.parametrize(
    "settings, fragment",
    [
        ({}, "needs settings.model_path"),
        ({"model_path": "x.onnx", "volume": 2}, "unknown piper setting 'volume'"),
        ({"model_path": "x.onnx", "length_scale": "slow"}, "'length_scale' must be"),
        ({"model_path": "x.onnx", "length_scale": 0}, "must be > 0"),
        ({"model_path": "x.onnx", "speaker_id": True}, "'speaker_id' must be"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, settings: dict, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "bad", "engine": "piper", "settings": settings}), encoding="utf-8")
    with pytest.raises(VoiceError) as info:
        create_engine(load_voice(path))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def _provider(engine: object) -> str:
    """The provider onnxruntime runs the model on first: what actually runs, not what was asked."""
    return engine._piper.session.get_providers()[0]  # type: ignore[attr-defined]


def test_cuda_request_without_cuda_provider(tiny_piper_voice: Path) -> None:
    import onnxruntime

    engine = create_engine(load_voice(tiny_piper_voice), device="cuda", cache_dir=tiny_piper_voice.parent)
    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        engine.load()  # a GPU build: it must just work
        assert _provider(engine) == "CUDAExecutionProvider"
        assert engine.synthesize("Tak.").size > 0
    else:
        with pytest.raises(VoiceError, match="no CUDA provider"):
            engine.load()


@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_cpu_and_auto_run_where_they_should(tiny_piper_voice: Path, device: str) -> None:
    import onnxruntime

    engine = _engine(tiny_piper_voice, device=device)
    has_cuda = "CUDAExecutionProvider" in onnxruntime.get_available_providers()
    assert _provider(engine) == ("CUDAExecutionProvider" if device == "auto" and has_cuda else "CPUExecutionProvider")
    assert engine.synthesize("Tak.").size > 0


@pytest.mark.parametrize(
    "requested, providers, cuda",
    [
        ("cpu", ["CUDAExecutionProvider", "CPUExecutionProvider"], False),
        ("cpu", ["CPUExecutionProvider"], False),
        ("auto", ["CUDAExecutionProvider", "CPUExecutionProvider"], True),
        ("auto", ["CPUExecutionProvider"], False),
        ("cuda", ["CUDAExecutionProvider", "CPUExecutionProvider"], True),
    ],
)
def test_device_choice(tiny_piper_voice: Path, requested: str, providers: list[str], cuda: bool) -> None:
    # Both sides of a GPU machine, on any machine: onnxruntime's providers are given.
    engine = create_engine(load_voice(tiny_piper_voice), device=requested)
    assert engine._use_cuda(providers) is cuda


def test_corrupt_model_is_a_one_line_error(tiny_piper_voice: Path) -> None:
    (tiny_piper_voice.parent / "tiny.onnx").write_bytes(b"not an onnx file")
    with pytest.raises(VoiceError) as info:
        _engine(tiny_piper_voice)
    assert "cannot load Piper model tiny.onnx" in str(info.value)
    assert "\n" not in str(info.value)


def test_synthesis_error_is_one_line(tiny_piper_voice: Path) -> None:
    engine = _engine(tiny_piper_voice)

    class Broken:
        def synthesize(self, *_a: object, **_k: object):
            raise RuntimeError("ONNX runtime exploded\nwith details")

    engine._piper = Broken()
    with pytest.raises(SynthesisError) as info:
        engine.synthesize("Tak.")
    assert str(info.value).endswith("Piper failed: ONNX runtime exploded")
