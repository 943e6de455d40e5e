"""Coqui VITS on onnxruntime: the model exported once, cached beside it, run on the CPU.

Coqui's own ``Vits.export_onnx`` draws the model's noise inside the graph
(``RandomNormalLike``), and onnxruntime's generator carries on from call to
call, so the same sentence would not give the same audio twice: the sentence
cache needs it to. This export cuts VITS where its noise enters instead:

- an **encoder** graph: text ids (and the duration predictor's noise, an input)
  -> the prior ``m_p``, ``logs_p`` already stretched to the predicted frames;
- a **decoder** graph: ``m_p``, ``logs_p`` and the noise for them -> the flow
  and the HiFi-GAN waveform decoder -> samples.

The noise is drawn on the host by torch's generator, in the order and shapes
``Vits.inference`` draws it, so with the same seed the audio is the PyTorch
path's audio (to float rounding). The decoder's 1-D convolutions are exported
as 2-D ones over a height of 1: the same arithmetic, which onnxruntime runs
with its blocked (NCHWc) convolution kernels, about a fifth faster.

A traced graph keeps the branch the tracer took. The one that matters is in
Coqui's relative attention, traced on 100 ids: for shorter texts than its
window it pads by a negative amount, which ONNX's ``Pad`` reads as cropping
the same rows the other branch slices out (the tests speak one letter).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LectureAudioError
from ..files import write_atomic

# Bump when the graphs below change: cached graphs of another version are exported again.
EXPORT_VERSION = 1
OPSET = 18
GRAPHS = ("encoder", "decoder")


class UnsupportedModel(Exception):
    """This VITS cannot go through the ONNX path (the engine keeps PyTorch)."""


@dataclass(frozen=True)
class Conditioning:
    """What a voice fixes for every sentence: speaker, language, noise and length scales."""

    speaker_id: int | None
    language_id: int | None
    language: str | None
    noise_scale: float
    noise_scale_dp: float
    length_scale: float


def check_supported(model: Any) -> None:
    """Raise :class:`UnsupportedModel` unless ``model`` is a VITS this export handles."""
    if type(model).__name__ != "Vits":
        raise UnsupportedModel(f"{type(model).__name__} is not a VITS")
    if model.args.encoder_sample_rate:
        raise UnsupportedModel("VITS with an upsampled latent (encoder_sample_rate)")
    if model.args.use_d_vector_file or model.speaker_manager is not None and model.speaker_manager.encoder is not None:
        raise UnsupportedModel("speaker embeddings (d-vectors)")
    decoder = model.waveform_decoder
    if hasattr(decoder, "lin_pre") or getattr(decoder, "cond_in_each_up_layer", False):
        raise UnsupportedModel("a HiFi-GAN variant with conditioning in every layer")


def conditioning(model: Any, speaker: str | None, language: str | None) -> Conditioning:
    """The speaker and language ids ``Vits.synthesize`` would use, and the model's scales."""
    language_id = model._get_language_id(language)
    if language is None and model.language_manager.num_languages == 1:
        language = model.language_manager.language_names[0]
    speaker_tensor, d_vector = model._get_speaker_id_or_dvector(speaker, None, None)
    if d_vector is not None:
        raise UnsupportedModel("speaker embeddings (d-vectors)")
    return Conditioning(
        speaker_id=None if speaker_tensor is None else int(speaker_tensor.reshape(-1)[0]),
        language_id=language_id,
        language=language,
        noise_scale=float(model.inference_noise_scale),
        noise_scale_dp=float(model.inference_noise_scale_dp),
        length_scale=float(model.length_scale),
    )


# -- the cache beside the model ------------------------------------------------------


def graph_key(model_path: Path, config_path: Path) -> str:
    """Names the exported graphs: model and config content, export and Coqui versions."""
    from ..models import file_digest  # models imports engines: import at use

    digest = hashlib.sha256()
    for part in (
        file_digest(model_path),
        file_digest(config_path),
        str(EXPORT_VERSION),
        _version("coqui-tts"),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def graph_paths(folder: Path, stem: str, key: str) -> dict[str, Path]:
    """Where each graph of a model lives: ``<model>.<key>.<graph>.onnx`` in ``folder``."""
    return {name: folder / f"{stem}.{key}.{name}.onnx" for name in GRAPHS}


def cached_graphs(model_path: Path, config_path: Path, fallback: Path) -> dict[str, Path] | None:
    """The graphs already exported for this model (beside it, else in ``fallback``), or None."""
    key = graph_key(model_path, config_path)
    for folder in (model_path.parent, fallback):
        paths = graph_paths(folder, model_path.name, key)
        if all(p.is_file() for p in paths.values()):
            return paths
    return None


def export_graphs(model: Any, model_path: Path, config_path: Path, fallback: Path) -> dict[str, Path]:
    """Export ``model``'s graphs beside ``model_path`` (or into ``fallback`` when that is read-only).

    Each file is written atomically; graphs of other keys for the same model
    file are removed, so re-trained weights do not pile up old exports.
    """
    check_supported(model)
    key = graph_key(model_path, config_path)
    try:
        blobs = {name: export(model, name) for name in GRAPHS}
    except Exception as exc:  # noqa: BLE001 - any exporter failure: the model still speaks through PyTorch
        raise UnsupportedModel(f"the export failed: {_first_line(exc)}") from None
    for folder in (model_path.parent, fallback):
        paths = graph_paths(folder, model_path.name, key)
        try:
            for name, path in paths.items():
                write_atomic(path, blobs[name])
        except LectureAudioError:
            continue
        _remove_stale(folder, model_path.name, key)
        return paths
    raise UnsupportedModel(f"neither {model_path.parent} nor {fallback} is writable")


def _remove_stale(folder: Path, stem: str, key: str) -> None:
    for path in folder.glob(f"{stem}.*.onnx"):
        parts = path.name[len(stem) + 1 :].split(".")
        if len(parts) == 3 and parts[0] != key and parts[1] in GRAPHS:
            path.unlink(missing_ok=True)


# -- export ----------------------------------------------------------------------


def export(model: Any, graph: str) -> bytes:
    """One graph of ``model`` as ONNX bytes (``graph`` is one of :data:`GRAPHS`)."""
    import torch
    from torch.nn.utils import parametrize

    # A copy without weight norm (folded into plain weights), on the CPU, so the model stays as it was.
    skip = {id(getattr(model, name, None)): None for name in ("disc", "onnx_sess")}
    clone = copy.deepcopy(model, skip).cpu().eval()
    for module in clone.modules():
        if parametrize.is_parametrized(module, "weight"):
            cls = type(module)  # deepcopy shares the parametrized class: give the copy its own
            module.__class__ = type(cls.__name__, cls.__bases__, dict(vars(cls)))
            parametrize.remove_parametrizations(module, "weight")
    encoder_class, decoder_class = _wrappers()
    wrapper: Any
    if graph == "decoder":
        wrapper = decoder_class(clone)
    else:
        wrapper = encoder_class(clone, 100)
    buffer = io.BytesIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")  # the tracer's warnings are about branches handled above
        torch.onnx.export(
            wrapper,
            wrapper.example(),
            buffer,  # type: ignore[arg-type]  # the TorchScript exporter writes to any binary file
            opset_version=OPSET,
            dynamo=False,
            input_names=wrapper.inputs,
            output_names=list(wrapper.outputs),
            dynamic_axes=wrapper.dynamic_axes,
        )
    return buffer.getvalue()


@functools.cache
def _wrappers() -> tuple[type, type]:
    """The two graphs as torch modules (made on first use: this module must import without torch)."""
    import torch

    class Encoder(torch.nn.Module):
        """Text ids -> prior mean and log-scale at the predicted frames (``Vits.inference`` up to its noise)."""

        outputs = ("m_p", "logs_p")

        def __init__(self, model: Any, length: int) -> None:
            super().__init__()
            self.model = model
            self.length = length
            self.sdp = bool(model.args.use_sdp)
            self.inputs = ["input", "input_lengths", "scales"] + (["noise_dp"] if self.sdp else [])
            self.inputs += _id_inputs(model)
            self.dynamic_axes = {
                "input": {1: "ids"},
                "m_p": {2: "frames"},
                "logs_p": {2: "frames"},
            }
            if self.sdp:
                self.dynamic_axes["noise_dp"] = {2: "ids"}

        def example(self) -> tuple[Any, ...]:
            ids = torch.randint(1, 3, (1, self.length), dtype=torch.long)
            args = [ids, torch.tensor([self.length]), torch.tensor([1.0, 0.8])]
            if self.sdp:
                args.append(torch.zeros(1, 2, self.length))
            return tuple(args) + _id_examples(self.model)

        def forward(self, ids: Any, lengths: Any, scales: Any, *rest: Any) -> Any:
            model = self.model
            noise_dp = rest[0] if self.sdp else None
            sid, langid = _ids(model, rest[1:] if self.sdp else rest)
            model.length_scale = scales[0]
            model.inference_noise_scale_dp = scales[1]
            model.inference_noise_scale = 0.0
            aux = {
                "x_lengths": lengths,
                "d_vectors": None,
                "speaker_ids": sid,
                "language_ids": langid,
                "durations": None,
            }
            # The duration predictor's only torch.randn call is its noise: read it from the input.
            with (
                _patched(torch, "randn", lambda *size, **kw: noise_dp),
                _patched(torch, "randn_like", torch.zeros_like),
            ):
                out = model.inference(ids, aux_input=aux)
            return out["m_p"], out["logs_p"]

    class Decoder(torch.nn.Module):
        """Prior + noise -> samples: ``Vits.inference`` from its noise on, the HiFi-GAN run in 2-D."""

        outputs = ("output",)

        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model
            self.vocoder = as_2d(model.waveform_decoder)
            self.inputs = ["m_p", "logs_p", "noise", "noise_scale"] + (["sid"] if model.num_speakers > 0 else [])
            self.dynamic_axes = {
                "m_p": {2: "frames"},
                "logs_p": {2: "frames"},
                "noise": {2: "frames"},
                "output": {2: "samples"},
            }

        def example(self) -> tuple[Any, ...]:
            channels = self.model.args.hidden_channels
            prior = torch.zeros(1, channels, 40)
            args: tuple[Any, ...] = (
                prior,
                prior,
                torch.randn(1, channels, 40),
                torch.tensor([0.667]),
            )
            if self.model.num_speakers > 0:
                args += (torch.tensor([0]),)
            return args

        def forward(self, m_p: Any, logs_p: Any, noise: Any, noise_scale: Any, sid: Any = None) -> Any:
            model = self.model
            aux = {"speaker_ids": sid, "d_vectors": None}
            g = model._get_speaker_conditioning(aux, "emb_g", normalize_embedding=False)
            y_mask = torch.ones_like(m_p[:, :1])  # one sentence: every frame is real
            z_p = m_p + noise * torch.exp(logs_p) * noise_scale  # the order Vits.inference multiplies in
            z = model.flow(z_p, y_mask, g=g, reverse=True)
            z = (z * y_mask)[:, :, : model.max_inference_len]
            wav = self.vocoder(z.unsqueeze(2), g=None if g is None else g.unsqueeze(2))
            return wav.squeeze(2)

    return Encoder, Decoder


def _id_inputs(model: Any) -> list[str]:
    names = ["sid"] if model.num_speakers > 0 else []
    return names + (["langid"] if _has_language_input(model) else [])


def _id_examples(model: Any) -> tuple[Any, ...]:
    import torch

    return tuple(torch.tensor([0]) for _ in _id_inputs(model))


def _ids(model: Any, values: tuple[Any, ...]) -> tuple[Any, Any]:
    named = dict(zip(_id_inputs(model), values))
    return named.get("sid"), named.get("langid")


def _has_language_input(model: Any) -> bool:
    return model.language_manager.num_languages > 0 and model.embedded_language_dim > 0


@contextlib.contextmanager
def _patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


def as_2d(module: Any) -> Any:
    """A copy of ``module`` whose 1-D (transposed) convolutions are 2-D ones of height 1."""
    import torch

    clone = copy.deepcopy(module)
    for parent in list(clone.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, (torch.nn.Conv1d, torch.nn.ConvTranspose1d)):
                setattr(parent, name, _conv_2d(child))
    return clone


def _conv_2d(conv: Any) -> Any:
    import torch

    common = {
        "kernel_size": (1, conv.kernel_size[0]),
        "stride": (1, conv.stride[0]),
        "padding": (0, conv.padding[0]),
        "dilation": (1, conv.dilation[0]),
        "groups": conv.groups,
        "bias": conv.bias is not None,
    }
    new: torch.nn.Conv2d | torch.nn.ConvTranspose2d
    if isinstance(conv, torch.nn.ConvTranspose1d):
        new = torch.nn.ConvTranspose2d(
            conv.in_channels,
            conv.out_channels,
            output_padding=(0, conv.output_padding[0]),
            **common,
        )
    else:
        new = torch.nn.Conv2d(
            conv.in_channels,
            conv.out_channels,
            padding_mode=conv.padding_mode,
            **common,
        )
    with torch.no_grad():
        new.weight.copy_(conv.weight.unsqueeze(2))
        if conv.bias is not None and new.bias is not None:
            new.bias.copy_(conv.bias)
    return new


# -- running ---------------------------------------------------------------------


class OnnxVits:
    """The exported graphs in onnxruntime sessions, fed the noise torch would draw."""

    def __init__(self, paths: dict[str, Path], tokenizer: Any, cond: Conditioning, threads: int) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self.sessions = {
                name: onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                for name, path in paths.items()
            }
        except Exception as exc:  # noqa: BLE001 - a damaged cached graph: PyTorch still works
            raise UnsupportedModel(f"onnxruntime cannot load {paths['encoder'].parent}: {_first_line(exc)}") from None
        self.tokenizer = tokenizer
        self.cond = cond
        self.sdp = any(i.name == "noise_dp" for i in self.sessions["encoder"].get_inputs())

    def speak(self, text: str) -> np.ndarray:
        """Samples for one piece of text; draws its noise from torch's (seeded) generator."""
        import torch

        cond = self.cond
        ids = np.asarray([self.tokenizer.text_to_ids(text, language=cond.language)], dtype=np.int64)
        length = ids.shape[1]
        feed: dict[str, Any] = {
            "input": ids,
            "input_lengths": np.asarray([length], dtype=np.int64),
            "scales": np.asarray([cond.length_scale, cond.noise_scale_dp], dtype=np.float32),
        }
        if self.sdp:  # drawn first, as the duration predictor draws it
            feed["noise_dp"] = torch.randn(1, 2, length).numpy()
        ids_feed = {"sid": cond.speaker_id, "langid": cond.language_id}
        encoder = self.sessions["encoder"]
        feed.update(_present(encoder, ids_feed))
        m_p, logs_p = encoder.run(None, feed)
        decoder = self.sessions["decoder"]
        # Then the prior's: torch.randn_like(m_p). Vits.inference's m_p is a transposed matmul
        # result ([B, T, C] in memory), and torch draws other numbers into such a tensor
        # than into a contiguous one: draw into one laid out the same way.
        batch, channels, frames = m_p.shape
        noise = torch.randn_like(torch.empty(batch, frames, channels).transpose(1, 2)).contiguous().numpy()
        dfeed = {
            "m_p": m_p,
            "logs_p": logs_p,
            "noise": noise,
            "noise_scale": np.asarray([cond.noise_scale], np.float32),
        }
        dfeed.update(_present(decoder, ids_feed))
        (wav,) = decoder.run(None, dfeed)
        return np.asarray(wav, dtype=np.float32).reshape(-1)


def _present(session: Any, values: dict[str, int | None]) -> dict[str, np.ndarray]:
    names = {i.name for i in session.get_inputs()}
    return {k: np.asarray([v or 0], dtype=np.int64) for k, v in values.items() if k in names}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


__all__ = [
    "Conditioning",
    "OnnxVits",
    "UnsupportedModel",
    "cached_graphs",
    "export_graphs",
]
