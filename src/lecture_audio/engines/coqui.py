"""Coqui TTS voices: VITS-family models and XTTS v2 voice cloning.

A voice YAML names the model in one of three ways:

- ``settings.model: tts_models/pl/mai_female/vits`` (or any Coqui zoo name,
  e.g. ``tts_models/multilingual/multi-dataset/xtts_v2``), looked up only in
  the local model cache (and in Coqui's own download folders if it is already
  there); ``lecture-audio voices download NAME`` fetches it, a render never does;
- ``settings.model_path`` (a ``.pth`` checkpoint) + ``settings.config_path``
  (its ``config.json``), e.g. a model you trained yourself;
- ``settings.checkpoint_dir``: an XTTS folder (``config.json``, ``model.pth``,
  ``vocab.json``, optionally ``speakers_xtts.pth``).

torch and TTS are imported in :meth:`CoquiEngine.load`, so this module can be
imported (and voices listed) without the ``[coqui]`` extra installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import SynthesisError, VoiceError
from . import Voice, check_settings

DEVICES = ("cpu", "cuda", "auto")
RUNTIMES = ("onnx", "torch")

# XTTS v2's text limit for Polish (TTS.tts.layers.xtts.tokenizer char_limits["pl"]);
# longer input is truncated or garbled by the model, so we split before it.
XTTS_DEFAULT_CHAR_LIMIT = 224

CPML_LICENSE = (
    "Coqui Public Model License 1.0.0 (CPML): non-commercial use only, unless you "
    "have purchased a commercial licence from Coqui - https://coqui.ai/cpml"
)

# Checkpoint names Coqui's ModelManager accepts in a zoo model folder.
ZOO_CHECKPOINT_NAMES = ("model.pth", "model_file.pth", "model_file.pth.tar", "checkpoint.pth")

NUMBER = (int, float)


def _is_xtts_name(value: Any) -> bool:
    return isinstance(value, str) and "xtts" in value.lower()


def requires_license_acceptance(voice: Voice) -> str | None:
    """The licence a user must confirm before downloading/using ``voice``, or None.

    XTTS models are under the CPML. The CLI asks once and remembers the answer;
    this library never accepts it silently (it never sets ``COQUI_TOS_AGREED``).
    """
    if voice.engine != "coqui":
        return None
    settings = voice.settings
    if (
        _is_xtts_name(settings.get("model"))
        or "checkpoint_dir" in settings
        or "speaker_wav" in settings
        or "cpml" in (voice.license or "").lower()
    ):
        return CPML_LICENSE
    return None


# -- text splitting ----------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+")
_CLAUSE_END = re.compile(r"(?<=[,:;–—])\s+|\s+(?=[–—]\s)")


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters without losing words.

    Whole sentences are packed together while they fit; a longer sentence is
    split at commas/colons/dashes, then between words; only a single "word"
    longer than ``limit`` (a URL, say) is cut inside.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    text = " ".join(text.split())
    if not text:
        return []
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        _pack(pieces, _split_long(sentence, limit), limit)
    return pieces


def _split_long(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        if len(clause) <= limit:
            parts.append(clause)
            continue
        for word in clause.split(" "):
            # Last resort: a token longer than the limit is cut into slices.
            parts.extend(word[i : i + limit] for i in range(0, len(word), limit))
    packed: list[str] = []
    _pack(packed, parts, limit)
    return packed


def _pack(pieces: list[str], parts: list[str], limit: int) -> None:
    """Append ``parts`` to ``pieces``, joining neighbours with a space while they fit."""
    for part in parts:
        if not part:
            continue
        if pieces and len(pieces[-1]) + 1 + len(part) <= limit:
            pieces[-1] = f"{pieces[-1]} {part}"
        else:
            pieces.append(part)


# -- the engine ----------------------------------------------------------------


class CoquiEngine:
    """A Coqui TTS model (VITS family or XTTS v2), loaded once per render.

    Voice settings: one of ``model`` (zoo name), ``model_path`` (+
    ``config_path``, default ``config.json`` beside it) or ``checkpoint_dir``
    (XTTS); ``speaker`` (multi-speaker models, or an XTTS built-in speaker),
    ``language`` (multilingual models; XTTS default ``pl``), ``speaker_wav``
    (XTTS: recording(s) to clone, relative to the voice file), XTTS sampling
    ``temperature``, ``top_k``, ``top_p``, ``repetition_penalty``,
    ``length_penalty``, ``speed``; ``seed`` (default 0: both VITS and XTTS
    sample noise, a fixed seed makes each point reproducible), ``max_chars``
    (split longer text; XTTS default 224, the Polish limit), ``runtime``
    (``onnx`` or ``torch``: a VITS on the CPU runs on onnxruntime unless
    ``torch`` is asked for; see :mod:`.coqui_onnx`) and ``files`` (what
    ``voices download`` fetches).
    """

    SETTINGS: dict[str, tuple[type, ...]] = {
        "model": (str,),
        "model_path": (str,),
        "config_path": (str,),
        "checkpoint_dir": (str,),
        "speaker": (str,),
        "language": (str,),
        "speaker_wav": (str, list),
        "temperature": NUMBER,
        "top_k": (int,),
        "top_p": NUMBER,
        "repetition_penalty": NUMBER,
        "length_penalty": NUMBER,
        "speed": NUMBER,
        "seed": (int,),
        "max_chars": (int,),
        "runtime": (str,),
        "files": (list,),
    }
    XTTS_SAMPLING = ("temperature", "top_k", "top_p", "repetition_penalty", "length_penalty", "speed")

    def __init__(self, voice: Voice, *, device: str = "cpu", cache_dir: Path | None = None, **_options: Any) -> None:
        settings = voice.settings
        check_settings(voice, self.SETTINGS)
        sources = [key for key in ("model", "model_path", "checkpoint_dir") if key in settings]
        if len(sources) != 1:
            raise VoiceError(
                "a coqui voice needs exactly one of settings.model, model_path, checkpoint_dir",
                path=voice.path,
                hint="e.g. model: tts_models/pl/mai_female/vits",
            )
        if "config_path" in settings and "model_path" not in settings:
            raise VoiceError("coqui setting 'config_path' goes with 'model_path'", path=voice.path)
        if "max_chars" in settings and settings["max_chars"] < 20:
            raise VoiceError("coqui setting 'max_chars' must be at least 20", path=voice.path)
        wavs = settings.get("speaker_wav", [])
        if isinstance(wavs, list) and not all(isinstance(w, str) for w in wavs):
            raise VoiceError("coqui setting 'speaker_wav' must list file paths", path=voice.path)
        if device not in DEVICES:
            raise VoiceError(f"unknown device '{device}'", hint="use cpu, cuda or auto")
        if settings.get("runtime", "onnx") not in RUNTIMES:
            raise VoiceError("coqui setting 'runtime' must be onnx or torch", path=voice.path)
        from ..models import default_cache_dir  # noqa: PLC0415 - avoids an import cycle at package import

        self.voice = voice
        self.device = device
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.sample_rate = 0
        self.version = ""
        self.kind = ""  # "xtts" or the model name from config.json ("vits", ...)
        self._model: Any = None
        self._onnx: Any = None  # a VITS on onnxruntime (coqui_onnx.OnnxVits), when it runs there
        self._torch: Any = None
        self._latents: tuple[Any, Any] | None = None
        self._max_chars: int | None = settings.get("max_chars")

    # -- locating model files ----------------------------------------------------

    def _rel(self, value: str) -> Path:
        path = Path(value).expanduser()
        if not path.is_absolute() and self.voice.path is not None:
            path = self.voice.path.parent / path
        return path

    def _not_downloaded(self, what: str) -> VoiceError:
        return VoiceError(
            f"Coqui model '{what}' is not downloaded",
            path=self.voice.path,
            hint=f"run `lecture-audio voices download {self.voice.name}`",
        )

    def model_location(self) -> tuple[Path, Path]:
        """``(checkpoint file or XTTS folder, config.json)``; a one-line error if missing."""
        settings = self.voice.settings
        if "checkpoint_dir" in settings:
            folder = self._rel(settings["checkpoint_dir"])
            config = folder / "config.json"
            if not config.is_file():
                raise VoiceError(f"no config.json in XTTS folder {folder}", path=self.voice.path)
            return folder, config
        if "model_path" in settings:
            model = self._rel(settings["model_path"])
            config = self._rel(settings["config_path"]) if "config_path" in settings else model.parent / "config.json"
            for label, path in (("checkpoint", model), ("config", config)):
                if not path.is_file():
                    raise VoiceError(f"Coqui {label} not found: {path}", path=self.voice.path)
            return model, config
        return self._zoo_location(settings["model"])

    def _zoo_folders(self, name: str) -> list[Path]:
        from ..models import coqui_zoo_dir  # noqa: PLC0415

        full = name.replace("/", "--")
        folders = [coqui_zoo_dir(self.cache_dir, name)]
        try:  # Coqui's own download folder (TTS_HOME / XDG_DATA_HOME / ~/.local/share/tts)
            from trainer.io import get_user_data_dir

            folders.append(get_user_data_dir("tts") / full)
        except ImportError:
            pass
        # coqui-tts >= 0.27 fetches some zoo models (XTTS) into the Hugging Face cache.
        repo = self._zoo_repo_id(name)
        if repo:
            try:
                from huggingface_hub import snapshot_download

                # local_files_only: resolves the cached snapshot, never touches the network
                folders.append(Path(snapshot_download(repo, local_files_only=True)))
            except Exception:  # noqa: BLE001 - not cached (or hub not installed): just not a candidate
                pass
        return folders

    @staticmethod
    def _zoo_repo_id(name: str) -> str | None:
        try:
            from TTS.utils.manage import ModelManager

            kind, lang, dataset, model = name.split("/")
            item = ModelManager().models_dict[kind][lang][dataset][model]
        except Exception:  # noqa: BLE001 - unknown name or old Coqui: no HF repo
            return None
        return item.get("repo_id")

    def _zoo_location(self, name: str) -> tuple[Path, Path]:
        for folder in self._zoo_folders(name):
            config = folder / "config.json"
            if not config.is_file():
                continue
            if _is_xtts_name(name) or _read_json(config).get("model") == "xtts":
                if (folder / "model.pth").is_file():
                    return folder, config
                continue
            for candidate in ZOO_CHECKPOINT_NAMES:
                if (folder / candidate).is_file():
                    return folder / candidate, config
        raise self._not_downloaded(name)

    def missing(self) -> str | None:
        """What this voice still needs (library, model files, recordings), or None when ready."""
        if importlib.util.find_spec("TTS") is None:
            return "coqui-tts is not installed: pip install 'lecture-audio[coqui]'"
        try:
            self.model_location()
        except VoiceError as exc:
            return f"{exc.what}: {exc.hint}" if exc.hint else exc.what
        absent = [w.name for w in self.speaker_wavs() if not w.is_file()]
        if absent:
            return "reference recording(s) not found: " + ", ".join(absent) + " (see voices/README.md)"
        return None

    # -- loading -------------------------------------------------------------------

    def load(self) -> None:
        """Load the model once, compute XTTS speaker latents, set ``sample_rate``/``version``."""
        model_path, config_path = self.model_location()
        try:
            import torch
        except ImportError:
            raise VoiceError(
                "Coqui TTS is not installed",
                path=self.voice.path,
                hint="pip install 'lecture-audio[coqui]' (see the README for the torch install)",
            ) from None
        self._torch = torch
        device = self._resolve_device(torch)
        raw_config = _read_json(config_path)
        is_xtts = raw_config.get("model") == "xtts"
        try:
            if is_xtts:
                self._load_xtts(model_path, config_path, device)
            else:
                self._load_generic(model_path, config_path, device)
        except (VoiceError, SynthesisError):
            raise
        except ImportError as exc:
            raise VoiceError(
                f"Coqui TTS is not installed or incomplete ({exc.name or exc})",
                path=self.voice.path,
                hint="pip install 'lecture-audio[coqui]'",
            ) from None
        except Exception as exc:  # torch/Coqui errors: one line for the user, no traceback
            reason = _first_line(exc)
            if "espeak" in reason.lower():
                # Phoneme-based Coqui models call the espeak-ng program, not our embedded library.
                hint = "this model phonemizes with espeak-ng: install it (apt install espeak-ng)"
            else:
                hint = "check the model files, or download the voice again"
            raise VoiceError(
                f"cannot load Coqui model {model_path.name}: {reason}", path=self.voice.path, hint=hint
            ) from None
        self.version = self._version(model_path, config_path)

    def _resolve_device(self, torch: Any) -> str:
        has_cuda = bool(torch.cuda.is_available())
        if self.device == "cuda" and not has_cuda:
            raise VoiceError(
                "device cuda requested but torch sees no CUDA GPU",
                path=self.voice.path,
                hint="use --device cpu (or auto)",
            )
        return "cuda" if self.device == "cuda" or (self.device == "auto" and has_cuda) else "cpu"

    def _load_generic(self, model_path: Path, config_path: Path, device: str) -> None:
        from TTS.config import load_config
        from TTS.tts.models import setup_model

        config = load_config(str(config_path))
        if config.get("use_phonemes") and not config.get("phonemizer") and not config.get("phoneme_language"):
            raise VoiceError("the model's config uses phonemes but names no phonemizer", path=self.voice.path)
        model = setup_model(config)
        model.load_checkpoint(config, str(model_path), eval=True)
        model.to(device)
        self.kind = str(config.get("model", "tts"))
        audio = config.audio
        self.sample_rate = int(audio.get("output_sample_rate") or audio["sample_rate"])
        speaker = self.voice.settings.get("speaker")
        manager = getattr(model, "speaker_manager", None)
        if (
            speaker is not None
            and manager is not None
            and manager.speaker_names
            and speaker not in manager.speaker_names
        ):
            raise VoiceError(
                f"model has no speaker '{speaker}'",
                path=self.voice.path,
                hint="speakers: " + ", ".join(sorted(manager.speaker_names)[:20]),
            )
        self._model = model
        if device == "cpu" and self.voice.settings.get("runtime", "onnx") == "onnx":
            self._onnx = self._onnx_vits(model, model_path, config_path)
            if self._onnx is not None:
                self._model = None  # its weights live in the graphs now: one copy per worker, not two

    def _onnx_vits(self, model: Any, model_path: Path, config_path: Path) -> Any:
        """The VITS exported to ONNX (once, cached beside the model), or None to keep PyTorch."""
        from . import coqui_onnx

        settings = self.voice.settings
        try:
            coqui_onnx.check_supported(model)
            cond = coqui_onnx.conditioning(model, settings.get("speaker"), settings.get("language"))
            fallback = self.cache_dir / "onnx"
            threads = self._torch.get_num_threads()
            paths = coqui_onnx.cached_graphs(model_path, config_path, fallback)
            if paths is not None:
                with contextlib.suppress(coqui_onnx.UnsupportedModel):  # a damaged file: export again
                    return coqui_onnx.OnnxVits(paths, model.tokenizer, cond, threads)
            paths = coqui_onnx.export_graphs(model, model_path, config_path, fallback)
            return coqui_onnx.OnnxVits(paths, model.tokenizer, cond, threads)
        except coqui_onnx.UnsupportedModel as exc:
            if "runtime" in settings:  # asked for by name: say why it cannot be
                raise VoiceError(f"this model cannot run on onnxruntime: {exc}", path=self.voice.path, hint="use runtime: torch") from None
            return None
        except (KeyError, ValueError):  # an unknown speaker or language: PyTorch reports it per sentence
            return None

    def _load_xtts(self, model_path: Path, config_path: Path, device: str) -> None:
        from TTS.tts.configs.xtts_config import XttsConfig
        from TTS.tts.models.xtts import Xtts

        settings = self.voice.settings
        folder = model_path if model_path.is_dir() else model_path.parent
        config = XttsConfig()
        config.load_json(str(config_path))
        language = settings.get("language", "pl")
        if config.languages and language not in config.languages:
            raise VoiceError(
                f"XTTS does not speak language '{language}'",
                path=self.voice.path,
                hint="languages: " + ", ".join(config.languages),
            )
        model = Xtts(config)
        model.load_checkpoint(
            config,
            checkpoint_dir=str(folder),
            # model_path + config_path may name a fine-tuned checkpoint that is not model.pth
            checkpoint_path=None if model_path.is_dir() else str(model_path),
            eval=True,
            use_deepspeed=False,
        )
        model.to(device)
        self.kind = "xtts"
        self.sample_rate = int(config.model_args.output_sample_rate or config.audio.output_sample_rate)
        self._max_chars = settings.get("max_chars") or model.tokenizer.char_limits.get(
            language, XTTS_DEFAULT_CHAR_LIMIT
        )
        self._model = model
        self._latents = self._speaker_latents(model, config)

    def speaker_wavs(self) -> list[Path]:
        """The XTTS reference recordings, resolved relative to the voice file."""
        value = self.voice.settings.get("speaker_wav", [])
        names = [value] if isinstance(value, str) else list(value)
        return [self._rel(name) for name in names]

    def _speaker_latents(self, model: Any, config: Any) -> tuple[Any, Any]:
        settings = self.voice.settings
        speaker = settings.get("speaker")
        if speaker is not None and "speaker_wav" not in settings:
            speakers = getattr(model.speaker_manager, "speakers", None) or {}
            if speaker not in speakers:
                raise VoiceError(
                    f"XTTS has no built-in speaker '{speaker}'",
                    path=self.voice.path,
                    hint="use speaker_wav: your recordings, or one of: " + ", ".join(sorted(speakers)[:10]),
                )
            entry = speakers[speaker]
            return entry["gpt_cond_latent"], entry["speaker_embedding"]
        wavs = self.speaker_wavs()
        if not wavs:
            raise VoiceError(
                "an XTTS voice needs settings.speaker_wav (your recordings)",
                path=self.voice.path,
                hint="see voices/README.md",
            )
        for wav in wavs:
            if not wav.is_file():
                raise VoiceError(
                    f"reference recording not found: {wav}",
                    path=self.voice.path,
                    hint="record it (see voices/README.md) or fix speaker_wav",
                )
        # Computed once per render: the latents only depend on the recordings.
        return model.get_conditioning_latents(
            audio_path=[str(w) for w in wavs],
            gpt_cond_len=config.gpt_cond_len,
            gpt_cond_chunk_len=config.gpt_cond_chunk_len,
            max_ref_length=config.max_ref_len,
            sound_norm_refs=config.sound_norm_refs,
        )

    def _version(self, model_path: Path, config_path: Path) -> str:
        from ..models import file_digest  # noqa: PLC0415

        files = [config_path, model_path / "model.pth" if model_path.is_dir() else model_path]
        if self.kind == "xtts":  # the tokenizer vocabulary changes the audio too
            folder = model_path if model_path.is_dir() else model_path.parent
            files += [p for p in (folder / "vocab.json",) if p.is_file()]
        if self.kind == "xtts" and "speaker_wav" in self.voice.settings:
            files += self.speaker_wavs()
        # Content hashes (memoised per size/mtime): a copied or re-downloaded
        # identical model keeps the point cache, any retrained weight voids it.
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + file_digest(path).encode())
        settings = {k: v for k, v in sorted(self.voice.settings.items()) if k != "files"}
        digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
        source = self.voice.settings.get("model") or model_path.name
        runtime = f"torch {_dist_version('torch')}"
        if self._onnx is not None:
            from .coqui_onnx import EXPORT_VERSION

            runtime += f"; onnxruntime {_dist_version('onnxruntime')} (export {EXPORT_VERSION})"
        return (
            f"coqui-tts {_dist_version('coqui-tts')}; {runtime}; "
            f"{self.kind} {source}; sha256:{digest.hexdigest()[:20]}"
        )

    # -- synthesis -------------------------------------------------------------

    def synthesize(self, text: str) -> np.ndarray:
        """Speak ``text``; float32 mono in [-1, 1] at :attr:`sample_rate`."""
        if not self.version:
            self.load()
        if not text.strip():
            return np.zeros(0, dtype=np.float32)
        pieces = split_text(text, self._max_chars) if self._max_chars else [" ".join(text.split())]
        torch = self._torch
        # Same text, same audio: the point cache relies on it. One seed per
        # call (not per piece) keeps the pieces of a point independent of
        # whatever was synthesised before.
        torch.manual_seed(int(self.voice.settings.get("seed", 0)))
        chunks: list[np.ndarray] = []
        try:
            with torch.inference_mode():
                for piece in pieces:
                    chunks.append(self._speak(piece))
        except (VoiceError, SynthesisError):
            raise
        except Exception as exc:  # model errors: one line
            raise SynthesisError(f"Coqui {self.kind} failed: {_first_line(exc)}", path=self.voice.path) from None
        audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        if audio.size == 0:
            raise SynthesisError("Coqui returned no audio", path=self.voice.path, hint=f"text: {text[:60]!r}")
        if not np.all(np.isfinite(audio)):
            raise SynthesisError("Coqui returned invalid samples (NaN/inf)", path=self.voice.path)
        return np.clip(audio, -1.0, 1.0).astype(np.float32, copy=False)

    def _speak(self, piece: str) -> np.ndarray:
        settings = self.voice.settings
        if self.kind == "xtts":
            gpt_latent, speaker_embedding = self._latents  # type: ignore[misc]
            options = {key: settings[key] for key in self.XTTS_SAMPLING if key in settings}
            out = self._model.inference(
                piece,
                settings.get("language", "pl"),
                gpt_latent,
                speaker_embedding,
                enable_text_splitting=False,  # we split ourselves, at our limit
                **options,
            )
        elif self._onnx is not None:
            return self._onnx.speak(piece)
        else:
            out = self._model.synthesize(piece, speaker=settings.get("speaker"), language=settings.get("language"))
        wav = out["wav"]
        if hasattr(wav, "detach"):
            wav = wav.detach().cpu().numpy()
        return np.asarray(wav, dtype=np.float32).reshape(-1)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VoiceError(f"cannot read model config {path}: {_first_line(exc)}") from None
    return data if isinstance(data, dict) else {}


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


__all__ = ["CPML_LICENSE", "CoquiEngine", "requires_license_acceptance", "split_text"]
