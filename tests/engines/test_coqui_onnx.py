"""Coqui VITS on onnxruntime: the same audio as PyTorch, graphs cached beside the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from lecture_audio.engines import coqui_onnx, create_engine, load_voice
from lecture_audio.errors import OutputError, VoiceError

from . import conftest
from .conftest import build_tiny_vits

TEXTS = [
    "Dzień dobry, państwo! Dziś mówimy o źdźbłach trawy i o chrząszczu, który brzmi w trzcinie.",
    "a",  # fewer ids than the relative-attention window: the other branch of the traced encoder
    "Zażółć gęślą jaźń.",
]


def _with_settings(voice: Path, name: str, **settings: object) -> Path:
    data = yaml.safe_load(voice.read_text(encoding="utf-8"))
    data["settings"].update(settings)
    path = voice.with_name(f"{name}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _engine(voice: Path, **options: object):
    engine = create_engine(load_voice(voice), cache_dir=voice.parent / "cache", **options)
    engine.load()
    return engine


def _pair(voice: Path):
    """The same voice on onnxruntime (the CPU default) and on PyTorch."""
    onnx = _engine(voice)
    torch = _engine(_with_settings(voice, "torch", runtime="torch"))
    assert onnx._onnx is not None and torch._onnx is None
    return onnx, torch


def _sdp_vits(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny VITS with the stochastic duration predictor (the zoo's choice), which draws noise too."""
    plain = conftest.tiny_vits_config

    def with_sdp(*args: object, **kwargs: object):
        config = plain(*args, **kwargs)
        config.model_args.use_sdp = True
        return config

    monkeypatch.setattr(conftest, "tiny_vits_config", with_sdp)
    return build_tiny_vits(folder)


def _assert_same_audio(onnx, torch) -> None:
    for text in TEXTS:
        a, b = onnx.synthesize(text), torch.synthesize(text)
        assert a.shape == b.shape, text
        assert np.abs(b).max() > 0.01  # there is audio to compare
        np.testing.assert_allclose(a, b, atol=1e-6, rtol=0)


def test_onnx_gives_the_pytorch_audio_with_the_same_noise(tiny_vits_voice: Path) -> None:
    onnx, torch = _pair(tiny_vits_voice)
    assert onnx._onnx.cond.noise_scale > 0  # the model's own noise, not switched off
    _assert_same_audio(onnx, torch)


def test_onnx_gives_the_pytorch_audio_with_a_stochastic_duration_predictor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onnx, torch = _pair(_sdp_vits(tmp_path / "sdp", monkeypatch))
    assert onnx._onnx.sdp and onnx._onnx.cond.noise_scale_dp > 0
    _assert_same_audio(onnx, torch)


def test_other_seed_other_noise(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path)
    one = _engine(voice).synthesize(TEXTS[2])
    other = _engine(_with_settings(voice, "seed2", seed=2)).synthesize(TEXTS[2])
    assert one.shape == other.shape and not np.allclose(one, other)


def test_same_text_same_audio_whatever_came_before(tiny_vits_voice: Path) -> None:
    engine = _engine(tiny_vits_voice)
    first = engine.synthesize(TEXTS[2])
    engine.synthesize(TEXTS[0])
    assert np.array_equal(first, engine.synthesize(TEXTS[2]))


def test_graphs_are_exported_once_beside_the_model(tiny_vits_voice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _engine(tiny_vits_voice)
    model_dir = tiny_vits_voice.parent / "model"
    graphs = sorted(p.name for p in model_dir.glob("*.onnx"))
    assert [g.split(".")[-2] for g in graphs] == ["decoder", "encoder"]
    assert all(g.startswith("model.pth.") for g in graphs)
    assert not list(model_dir.glob(".*.tmp"))  # written through a temporary file, renamed

    def no_export(*_args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(coqui_onnx, "export_graphs", no_export)
    again = _engine(tiny_vits_voice)
    assert np.array_equal(first.synthesize(TEXTS[2]), again.synthesize(TEXTS[2]))


def test_a_damaged_cached_graph_is_exported_again(tiny_vits_voice: Path) -> None:
    first = _engine(tiny_vits_voice).synthesize(TEXTS[2])
    (encoder,) = (tiny_vits_voice.parent / "model").glob("*.encoder.onnx")
    encoder.write_bytes(encoder.read_bytes()[:1000])  # cut short, as by a full disk without atomic writes
    again = _engine(tiny_vits_voice)
    assert again._onnx is not None and encoder.stat().st_size > 1000
    assert np.array_equal(first, again.synthesize(TEXTS[2]))


def test_new_weights_new_graphs_old_ones_removed(tmp_path: Path) -> None:
    voice = build_tiny_vits(tmp_path, seed=0)
    before = _engine(voice)
    old = sorted((tmp_path / "model").glob("*.onnx"))
    build_tiny_vits(tmp_path, seed=5)  # retrained: same file names, other weights
    after = _engine(voice)
    new = sorted((tmp_path / "model").glob("*.onnx"))
    assert len(new) == 2 and not set(old) & set(new)
    assert before.version != after.version
    torch = _engine(_with_settings(voice, "torch", runtime="torch"))
    np.testing.assert_allclose(after.synthesize(TEXTS[2]), torch.synthesize(TEXTS[2]), atol=1e-6, rtol=0)


def test_read_only_model_folder_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    voice = build_tiny_vits(tmp_path)
    model_dir = tmp_path / "model"
    write = coqui_onnx.write_atomic

    def read_only_model_dir(path: Path, data: bytes) -> None:
        if path.parent == model_dir:  # as a read-only folder answers (chmod does not stop root)
            raise OutputError("cannot write: Permission denied", path=path)
        write(path, data)

    monkeypatch.setattr(coqui_onnx, "write_atomic", read_only_model_dir)
    engine = _engine(voice)
    assert not list(model_dir.glob("*.onnx"))
    assert len(list((tmp_path / "cache" / "onnx").glob("model.pth.*.onnx"))) == 2
    assert engine.synthesize(TEXTS[2]).size > 0


def test_runtime_is_in_the_version(tiny_vits_voice: Path) -> None:
    onnx, torch = _pair(tiny_vits_voice)
    assert "onnxruntime" in onnx.version and "onnxruntime" not in torch.version


def test_unknown_runtime_is_a_one_line_error(tiny_vits_voice: Path) -> None:
    with pytest.raises(VoiceError, match="runtime"):
        create_engine(load_voice(_with_settings(tiny_vits_voice, "bad", runtime="tensorflow")))


def test_unsupported_model_keeps_pytorch_unless_onnx_is_asked_for(
    tiny_vits_voice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_model: object) -> None:
        raise coqui_onnx.UnsupportedModel("a test model")

    monkeypatch.setattr(coqui_onnx, "check_supported", refuse)
    engine = _engine(tiny_vits_voice)
    assert engine._onnx is None and engine.synthesize(TEXTS[2]).size > 0
    with pytest.raises(VoiceError, match="cannot run on onnxruntime: a test model"):
        _engine(_with_settings(tiny_vits_voice, "onnx", runtime="onnx"))
