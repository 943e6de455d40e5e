"""Real-time factor of every available speech engine on the same Polish text.

    python bench/engines.py [--device cpu|cuda] [--repeat 3] [--only espeak,vits,xtts,piper] [--batch 8]

RTF = synthesis seconds / audio seconds (below 1 is faster than real time).
Each engine goes through lecture-audio's own engine class (load once, warm
up on a short sentence, then time ``synthesize`` on the ~300-character text;
the best of ``--repeat`` runs is reported).

No model is downloaded: the neural engines run **random weights in the real
architectures**, which cost the same compute per second of audio as trained
ones. Random weights do not produce speech of a realistic length, though, so
each neural model is calibrated to a realistic Polish speaking rate
(``--chars-per-second``, default 14) before timing:

- Coqui VITS: the default VitsArgs (the sizes of ``tts_models/pl/mai_female/vits``:
  192 hidden channels, 6 text-encoder layers, 4 flows, HiFi-GAN v1 decoder with
  512 initial channels), 22.05 kHz, Polish character vocabulary; the duration
  predictor's length scale is set so the audio lasts as long as real speech.
- XTTS v2: the real architecture (30-layer, 1024-channel GPT-2 with perceiver
  conditioning, HiFi-GAN decoder, 24 kHz) and a character vocabulary padded to
  the real 6681 tokens (the real BPE vocab.json cannot be fetched offline; the
  text prompt is a little longer than with BPE, which costs little: the
  generated audio tokens dominate). Random weights seldom emit the stop token,
  so generation is capped at the audio tokens real speech of that length needs.
  Voice latents come from two synthetic reference WAVs.
- Piper: piper-tts's own VITS generator (``piper.train.vits.models.SynthesizerTrn``,
  the default = "medium" hyper-parameters: 192 channels, HiFi-GAN v2 decoder,
  256 initial channels) exported to ONNX like Piper's exporter does, then run
  by piper-tts/onnxruntime; length scale calibrated like VITS.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the tiny-model builders live in tests/engines/conftest.py

from lecture_audio.engines import create_engine, find_voice, load_voice  # noqa: E402

TEXT = (
    "Dzisiejszy wykład poświęcimy równaniom różniczkowym zwyczajnym. Najpierw przypomnimy, "
    "czym jest rozwiązanie ogólne, a potem omówimy metodę rozdzielania zmiennych. "
    "Na koniec rozwiążemy dwa przykłady: prawo stygnięcia Newtona oraz model wzrostu "
    "populacji z ograniczoną pojemnością środowiska."
)
WARMUP = "Dzień dobry państwu."
SUMMARY: list[str] = []  # one-line comparisons, printed under the table


@dataclass
class Result:
    """One engine's measurement."""

    engine: str
    detail: str
    load_s: float = 0.0
    audio_s: float = 0.0
    synth_s: float = 0.0
    note: str = ""

    @property
    def rtf(self) -> float:
        return self.synth_s / self.audio_s if self.audio_s else float("nan")


def _time(engine: Any, text: str, repeat: int) -> tuple[float, float]:
    """Best-of-``repeat`` synthesis time and the audio length in seconds."""
    best, samples = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        audio = engine.synthesize(text)
        best = min(best, time.perf_counter() - start)
        samples = len(audio)
        assert audio.dtype == np.float32 and np.all(np.isfinite(audio))
    return best, samples / engine.sample_rate


def _load(engine: Any) -> float:
    start = time.perf_counter()
    engine.load()
    return time.perf_counter() - start


def _params(module: Any) -> str:
    count = sum(p.numel() for p in module.parameters())
    return f"{count / 1e6:.1f}M params"


def bench_espeak(args: argparse.Namespace, work: Path) -> Result:
    voice = find_voice("espeak-pl", ROOT / "voices")
    engine = create_engine(voice, device=args.device)
    result = Result("espeak-ng", "voice espeak-pl", load_s=_load(engine))
    engine.synthesize(WARMUP)
    result.synth_s, result.audio_s = _time(engine, TEXT, args.repeat)
    return result


def _calibrate(engine: Any, target_s: float, get: Callable[[], float], set_: Callable[[float], None]) -> float:
    """Scale the model's duration so ``TEXT`` lasts ``target_s``; return the scale used."""
    for _ in range(3):  # durations are ceil()-ed per token: converge in a few steps
        audio_s = len(engine.synthesize(TEXT)) / engine.sample_rate
        if abs(audio_s - target_s) / target_s < 0.03:
            break
        set_(get() * target_s / audio_s)
    return get()


def build_vits(work: Path) -> tuple[Path, str]:
    """A random-weight VITS of the zoo's Polish architecture in ``work``; its voice YAML and size."""
    import torch
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    from tests.engines.conftest import polish_characters, write_voice_yaml

    config = VitsConfig(
        model_args=VitsArgs(),  # the default sizes, as in the zoo's Polish VITS
        characters=polish_characters(),
        use_phonemes=False,
        phoneme_language="pl",
        text_cleaner="multilingual_cleaners",
        add_blank=True,
    )
    config.audio.sample_rate = 22050
    torch.manual_seed(0)
    model = Vits(config)
    folder = work / "vits"
    folder.mkdir(exist_ok=True)
    config.save_json(str(folder / "config.json"))
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    voice = write_voice_yaml(
        work / "vits.yaml", {"name": "bench-vits", "engine": "coqui", "settings": {"model_path": "vits/model.pth"}}
    )
    return voice, _params(model)


def vits_engine(voice: Path, work: Path, device: str, runtime: str) -> Any:
    """The bench VITS through lecture-audio's engine, on ``runtime`` (onnx or torch)."""
    import yaml

    data = yaml.safe_load(voice.read_text(encoding="utf-8"))
    data["settings"]["runtime"] = runtime
    path = voice.with_name(f"vits-{runtime}.yaml")
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return create_engine(load_voice(path), device=device, cache_dir=work)


def set_vits_length_scale(engine: Any, scale: float) -> None:
    """The bench tunes the loaded model's speaking rate; the engine API has no knob for it."""
    if engine._model is not None:
        engine._model.length_scale = scale
    if engine._onnx is not None:
        engine._onnx.cond = dataclasses.replace(engine._onnx.cond, length_scale=scale)


def bench_vits(args: argparse.Namespace, work: Path) -> list[Result]:
    voice, params = build_vits(work)
    torch_engine = vits_engine(voice, work, args.device, "torch")
    detail = f"random weights, zoo architecture, {params}, 22.05 kHz"
    result = Result("Coqui VITS", detail + ", PyTorch")
    result.load_s = _load(torch_engine)
    torch_engine.synthesize(WARMUP)
    target = len(TEXT) / args.chars_per_second
    model = torch_engine._model
    scale = _calibrate(
        torch_engine, target, lambda: float(model.length_scale), lambda v: set_vits_length_scale(torch_engine, v)
    )
    result.note = f"length_scale {scale:.1f} for {args.chars_per_second:g} chars/s"
    results = [result]
    engines = [torch_engine]
    if args.device == "cpu":
        # The first load exports the graphs beside the model (once per model file).
        onnx_engine = vits_engine(voice, work, args.device, "onnx")
        onnx = Result("Coqui VITS", detail + ", onnxruntime", load_s=_load(onnx_engine), note=result.note)
        set_vits_length_scale(onnx_engine, scale)
        onnx_engine.synthesize(WARMUP)
        results.append(onnx)
        engines.append(onnx_engine)
    # Interleaved, best of each: on a shared machine both see the same moments.
    audio: list[np.ndarray] = []
    for result_ in results:
        result_.synth_s = float("inf")
    for _ in range(args.repeat):
        audio = []
        for result_, engine in zip(results, engines):
            start = time.perf_counter()
            audio.append(engine.synthesize(TEXT))
            result_.synth_s = min(result_.synth_s, time.perf_counter() - start)
            result_.audio_s = len(audio[-1]) / engine.sample_rate
    if len(results) == 2:
        a, b = results[1].rtf, results[0].rtf
        same = audio[0].shape == audio[1].shape
        diff = f"max sample difference {np.abs(audio[0] - audio[1]).max():.1e}" if same else "lengths differ"
        SUMMARY.append(f"vits: onnx RTF {a:.3f}, torch RTF {b:.3f}, ratio {a / b:.2f} (same seed: {diff})")
    if args.batch > 1:
        result.note += "; " + _vits_batch_speedup(model, args.batch, args.device)
    return results


def _vits_batch_speedup(model: Any, size: int, device: str) -> str:
    """One padded ``inference`` call for ``size`` sentences vs one call each (the engine's way)."""
    import torch

    sentences = [s.strip() + "." for s in TEXT.split(".") if s.strip()]
    texts = (sentences * size)[:size]
    ids = [torch.tensor(model.tokenizer.text_to_ids(t), device=device) for t in texts]
    lengths = torch.tensor([len(x) for x in ids], device=device)
    padded = torch.nn.utils.rnn.pad_sequence(ids, batch_first=True)

    def timed(run: Callable[[], Any]) -> float:
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        run()
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start

    with torch.inference_mode():
        one_by_one = timed(lambda: [model.inference(x[None]) for x in ids])
        batched = timed(lambda: model.inference(padded, aux_input={"x_lengths": lengths}))
    return f"batch of {size}: {one_by_one / batched:.2f}x the speed of one call per sentence"


def bench_xtts(args: argparse.Namespace, work: Path) -> Result:
    from lecture_audio.engines.coqui import split_text
    from tests.engines.conftest import build_xtts_dir, write_voice_yaml, write_wav

    folder = build_xtts_dir(work / "xtts", tiny=False)
    write_wav(work / "ref1.wav", seconds=8.0, seed=1)
    write_wav(work / "ref2.wav", seconds=6.0, seed=2)
    voice = write_voice_yaml(
        work / "xtts.yaml",
        {
            "name": "bench-xtts",
            "engine": "coqui",
            "settings": {"checkpoint_dir": folder.name, "language": "pl", "speaker_wav": ["ref1.wav", "ref2.wav"]},
        },
    )
    engine = create_engine(load_voice(voice), device=args.device, cache_dir=work)
    result = Result("Coqui XTTS v2", "random weights, real architecture")
    result.load_s = _load(engine)
    result.detail += f", {_params(engine._model)}, 24 kHz"
    pieces = split_text(TEXT, 224)
    # Audio tokens real speech of the longest piece needs (one token = 1024 samples at 22.05 kHz).
    tokens = int(max(len(p) for p in pieces) / args.chars_per_second * 22050 / 1024)
    engine._model.gpt.max_gen_mel_tokens = tokens
    engine.synthesize(WARMUP)
    result.synth_s, result.audio_s = _time(engine, TEXT, min(args.repeat, 2))
    result.note = f"{len(pieces)} pieces (224-char limit), <= {tokens} audio tokens each"
    return result


def build_piper_medium(path: Path, num_symbols: int) -> Any:
    """Export piper-tts's own VITS generator (default = medium sizes) to ONNX at ``path``."""
    import torch
    from piper.train.vits.models import SynthesizerTrn

    torch.manual_seed(0)
    model = SynthesizerTrn(
        n_vocab=num_symbols,
        spec_channels=513,
        segment_size=32,
        inter_channels=192,
        hidden_channels=192,
        filter_channels=768,
        n_heads=2,
        n_layers=6,
        kernel_size=3,
        p_dropout=0.1,
        resblock="2",
        resblock_kernel_sizes=(3, 5, 7),
        resblock_dilation_sizes=((1, 2), (2, 6), (3, 12)),
        upsample_rates=(8, 8, 4),
        upsample_initial_channel=256,
        upsample_kernel_sizes=(16, 16, 8),
        n_speakers=1,
        gin_channels=0,
        use_sdp=True,
    ).eval()
    with torch.no_grad():
        model.dec.remove_weight_norm()
    params = _params(model)

    def forward(text: Any, text_lengths: Any, scales: Any) -> Any:
        return model.infer(text, text_lengths, noise_scale=scales[0], length_scale=scales[1], noise_scale_w=scales[2])[
            0
        ]

    model.forward = forward  # type: ignore[method-assign]
    dummy = (torch.randint(0, num_symbols, (1, 50)), torch.LongTensor([50]), torch.FloatTensor([0.667, 1.0, 0.8]))
    with contextlib.redirect_stdout(io.StringIO()):
        torch.onnx.export(
            model,
            dummy,
            str(path),
            opset_version=15,
            dynamo=False,
            input_names=["input", "input_lengths", "scales"],
            output_names=["output"],
            dynamic_axes={
                "input": {0: "batch", 1: "phonemes"},
                "input_lengths": {0: "batch"},
                "output": {0: "batch", 2: "time"},
            },
        )
    return params


def bench_piper(args: argparse.Namespace, work: Path) -> Result:
    from tests.engines.conftest import (
        POLISH_SAMPLE,
        piper_phoneme_id_map,
        write_voice_yaml,
    )

    id_map = piper_phoneme_id_map(TEXT + " " + POLISH_SAMPLE)
    num_symbols = max(256, max(i for ids in id_map.values() for i in ids) + 1)
    model = work / "piper-medium.onnx"
    params = build_piper_medium(model, num_symbols)
    config = {
        "audio": {"sample_rate": 22050, "quality": "medium"},
        "espeak": {"voice": "pl"},
        "phoneme_type": "espeak",
        "num_symbols": num_symbols,
        "num_speakers": 1,
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_id_map": id_map,
    }
    (work / "piper-medium.onnx.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    voice = write_voice_yaml(
        work / "piper.yaml", {"name": "bench-piper", "engine": "piper", "settings": {"model_path": model.name}}
    )
    engine = create_engine(load_voice(voice), device=args.device, cache_dir=work)
    size = model.stat().st_size / 1e6
    result = Result("Piper", f"random weights, medium architecture, {params}, {size:.0f} MB onnx, 22.05 kHz")
    result.load_s = _load(engine)
    engine.synthesize(WARMUP)
    syn = engine._syn_config
    syn.length_scale = 1.0
    scale = _calibrate(
        engine,
        len(TEXT) / args.chars_per_second,
        lambda: float(syn.length_scale),
        lambda v: setattr(syn, "length_scale", v),
    )
    result.synth_s, result.audio_s = _time(engine, TEXT, args.repeat)
    result.note = f"length_scale {scale:.1f}; onnxruntime {'CUDA' if args.device == 'cuda' else 'CPU'}"
    return result


BENCHES: dict[str, Callable[[argparse.Namespace, Path], Result | list[Result]]] = {
    "espeak": bench_espeak,
    "vits": bench_vits,
    "xtts": bench_xtts,
    "piper": bench_piper,
}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per engine (best is kept)")
    parser.add_argument("--only", default=",".join(BENCHES), help="comma-separated: " + ",".join(BENCHES))
    parser.add_argument("--chars-per-second", type=float, default=14.0, help="realistic Polish speaking rate")
    parser.add_argument(
        "--batch", type=int, default=8, help="VITS: also time this many sentences in one padded call (1 = skip)"
    )
    args = parser.parse_args(argv)

    try:
        import torch

        threads = f"torch threads {torch.get_num_threads()}"
    except ImportError:
        threads = "no torch"
    print(f"text: {len(TEXT)} characters; device {args.device}; {os.cpu_count()} CPUs; {threads}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="lecture-audio-bench-") as tmp:
        for name in args.only.split(","):
            work = Path(tmp) / name
            work.mkdir()
            try:
                found = BENCHES[name.strip()](args, work)
            except ImportError as exc:
                found = Result(name, "skipped", note=f"not installed: {exc.name}")
            except Exception as exc:  # noqa: BLE001 - one engine failing must not hide the others
                found = Result(
                    name, "failed", note=f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
                )
            for result in found if isinstance(found, list) else [found]:
                results.append(result)
                print(f"  done: {result.engine} ({result.synth_s:.2f} s)", flush=True)

    header = f"| {'engine':<14} | {'load s':>7} | {'audio s':>7} | {'synth s':>7} | {'RTF':>6} | model / notes"
    print()
    print(header)
    print("|" + "-" * 16 + "|" + "-" * 9 + "|" + "-" * 9 + "|" + "-" * 9 + "|" + "-" * 8 + "|" + "-" * 30)
    for r in results:
        print(
            f"| {r.engine:<14} | {r.load_s:7.2f} | {r.audio_s:7.2f} | {r.synth_s:7.2f} | {r.rtf:6.3f} | "
            f"{r.detail}{'; ' + r.note if r.note else ''}"
        )
    if SUMMARY:
        print()
        print("\n".join(SUMMARY))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
