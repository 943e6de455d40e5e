"""Piper: fast neural voices (VITS exported to ONNX), run by ``piper-tts``.

Piper phonemizes with its own embedded espeak-ng and runs the ONNX graph on
onnxruntime, so a medium-quality voice speaks faster than real time on one
CPU core. The voice YAML points to the ``.onnx`` file (and optionally its
``.onnx.json`` config); ``piper`` is imported lazily in :meth:`PiperEngine.load`
so the package works without the ``[piper]`` extra installed.
"""

from __future__ import annotations

import importlib.util
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import SynthesisError, VoiceError
from . import Voice, check_settings

DEVICES = ("cpu", "cuda", "auto")


# piper-tts phonemizes with the espeak-ng built into its extension, whose global state is not
# thread-safe: loading a voice (which initializes it) and synthesizing take turns in a process.
PIPER_LOCK = threading.Lock()


def resolve_model_path(value: str, voice: Voice, cache_dir: Path) -> Path:
    """A model path from a voice YAML: absolute, relative to the YAML, or a name in the cache."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    candidates = []
    if voice.path is not None:
        candidates.append(voice.path.parent / path)
    candidates.append(cache_dir / path)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    # Not found: report the cache location, where `voices download` puts it.
    return candidates[-1]


class PiperEngine:
    """A Piper voice (``.onnx`` + ``.onnx.json``).

    Voice settings: ``model_path`` (required), ``config_path`` (default
    ``model_path`` + ``.json``), ``length_scale`` (> 1 is slower),
    ``noise_scale``, ``noise_w_scale`` (alias ``noise_w``), ``speaker_id``
    (number or name, multi-speaker models), ``normalize_audio`` (peak-normalise
    each sentence, default off: the pipeline normalises loudness per episode),
    ``sentence_silence`` (accepted and ignored: the pipeline adds its own
    pauses) and ``files`` (what ``voices download`` fetches).
    """

    SETTINGS: dict[str, tuple[type, ...]] = {
        "model_path": (str,),
        "config_path": (str,),
        "length_scale": (int, float),
        "noise_scale": (int, float),
        "noise_w_scale": (int, float),
        "noise_w": (int, float),
        "speaker_id": (int, str),
        "normalize_audio": (bool,),
        "sentence_silence": (int, float),
        "files": (list,),
    }

    def __init__(self, voice: Voice, *, device: str = "cpu", cache_dir: Path | None = None, **_options: Any) -> None:
        check_settings(voice, self.SETTINGS)
        if "model_path" not in voice.settings:
            raise VoiceError(
                "piper voice needs settings.model_path",
                path=voice.path,
                hint="the .onnx file: absolute, relative to the voice file, or a name in the model cache",
            )
        if device not in DEVICES:
            raise VoiceError(f"unknown device '{device}'", hint="use cpu, cuda or auto")
        if voice.settings.get("length_scale", 1.0) <= 0:
            raise VoiceError("piper setting 'length_scale' must be > 0", path=voice.path)
        for key in ("noise_scale", "noise_w_scale", "noise_w"):
            if voice.settings.get(key, 0.0) < 0:
                raise VoiceError(f"piper setting '{key}' must be >= 0", path=voice.path)
        from ..models import default_cache_dir  # noqa: PLC0415 - avoids an import cycle at package import

        self.voice = voice
        self.device = device
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.sample_rate = 0
        self.version = ""
        self._piper: Any = None
        self._syn_config: Any = None

    # -- paths ---------------------------------------------------------------

    def model_files(self) -> tuple[Path, Path]:
        """The resolved ``.onnx`` and ``.onnx.json`` paths (they may not exist yet)."""
        settings = self.voice.settings
        model = resolve_model_path(settings["model_path"], self.voice, self.cache_dir)
        if "config_path" in settings:
            config = resolve_model_path(settings["config_path"], self.voice, self.cache_dir)
        else:
            config = model.with_name(model.name + ".json")
        return model, config

    def _missing(self, what: str, path: Path) -> VoiceError:
        if self.voice.settings.get("files"):
            hint = f"run `lecture-audio voices download {self.voice.name}`"
        else:
            hint = "fix settings.model_path/config_path in the voice file"
        return VoiceError(f"Piper {what} not found: {path}", path=self.voice.path, hint=hint)

    def missing(self) -> str | None:
        """What this voice still needs (library, model files), or None when ready."""
        if importlib.util.find_spec("piper") is None:
            return "piper-tts is not installed: pip install 'lecture-audio[piper]'"
        for what, path in zip(("model", "model config"), self.model_files()):
            if not path.is_file():
                error = self._missing(what, path)
                return f"{error.what}: {error.hint}"
        return None

    # -- engine interface ----------------------------------------------------

    def load(self) -> None:
        """Load the ONNX model once; set ``sample_rate`` and ``version``."""
        model, config = self.model_files()
        if not model.is_file():
            raise self._missing("model", model)
        if not config.is_file():
            raise self._missing("model config", config)
        try:
            import onnxruntime
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise VoiceError(
                "Piper is not installed",
                path=self.voice.path,
                hint="pip install 'lecture-audio[piper]'",
            ) from None
        use_cuda = self._use_cuda(onnxruntime.get_available_providers())
        try:
            with PIPER_LOCK:
                self._piper = PiperVoice.load(model, config_path=config, use_cuda=use_cuda)
        except Exception as exc:  # onnxruntime/JSON errors: one line, not a traceback
            raise VoiceError(
                f"cannot load Piper model {model.name}: {_first_line(exc)}",
                path=self.voice.path,
                hint="re-download the voice; the file may be corrupted",
            ) from None
        settings = self.voice.settings
        speaker_id = settings.get("speaker_id")
        if isinstance(speaker_id, str):
            id_map = self._piper.config.speaker_id_map or {}
            if speaker_id not in id_map:
                raise VoiceError(
                    f"Piper model has no speaker '{speaker_id}'",
                    path=self.voice.path,
                    hint="speakers: " + (", ".join(sorted(id_map)) or "none (single-speaker model)"),
                )
            speaker_id = id_map[speaker_id]
        if speaker_id is not None and not 0 <= speaker_id < max(1, self._piper.config.num_speakers):
            raise VoiceError(
                f"Piper speaker_id {speaker_id} out of range",
                path=self.voice.path,
                hint=f"the model has {self._piper.config.num_speakers} speaker(s)",
            )
        self._syn_config = SynthesisConfig(
            speaker_id=speaker_id,
            length_scale=_opt_float(settings.get("length_scale")),
            noise_scale=_opt_float(settings.get("noise_scale")),
            noise_w_scale=_opt_float(settings.get("noise_w_scale", settings.get("noise_w"))),
            # Per-sentence peak normalisation makes sentences jump in level; the
            # pipeline normalises loudness per episode instead.
            normalize_audio=bool(settings.get("normalize_audio", False)),
        )
        self.sample_rate = int(self._piper.config.sample_rate)
        self.version = self._version(model, config)

    def _use_cuda(self, providers: list[str]) -> bool:
        has_cuda = "CUDAExecutionProvider" in providers
        if self.device == "cuda" and not has_cuda:
            raise VoiceError(
                "device cuda requested but onnxruntime has no CUDA provider",
                path=self.voice.path,
                hint="pip install onnxruntime-gpu, or use --device cpu",
            )
        return self.device == "cuda" or (self.device == "auto" and has_cuda)

    def _version(self, model: Path, config: Path) -> str:
        from ..models import file_digest  # noqa: PLC0415

        # Content hashes, not dates: a re-downloaded identical model keeps the cache.
        parts = [
            f"piper-tts {_dist_version('piper-tts')}",
            f"onnxruntime {_dist_version('onnxruntime') or _dist_version('onnxruntime-gpu')}",
            f"model {model.name} sha256:{file_digest(model)[:16]}",
            f"config sha256:{file_digest(config)[:16]}",
        ]
        return "; ".join(parts)

    def synthesize(self, text: str) -> np.ndarray:
        """Speak ``text`` (one chunk per sentence, joined); float32 mono at :attr:`sample_rate`."""
        if self._piper is None:
            self.load()
        if not text.strip():
            return np.zeros(0, dtype=np.float32)
        try:
            with PIPER_LOCK:
                chunks = [chunk.audio_float_array for chunk in self._piper.synthesize(text, syn_config=self._syn_config)]
        except Exception as exc:  # onnxruntime errors: one line
            raise SynthesisError(f"Piper failed: {_first_line(exc)}", path=self.voice.path) from None
        if not chunks:
            raise SynthesisError("Piper returned no audio", path=self.voice.path, hint=f"text: {text[:60]!r}")
        audio = np.concatenate([np.asarray(c, dtype=np.float32).reshape(-1) for c in chunks])
        return np.clip(audio, -1.0, 1.0).astype(np.float32, copy=False)


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
