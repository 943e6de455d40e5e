"""Speech engines behind one small interface, and the voices that configure them.

An engine turns one piece of spoken text into mono float32 samples at its own
native sample rate. Engines are looked up by name through the
``lecture_audio.engines`` entry-point group, so a third-party package can add
one without touching this code; the built-in ones are registered in
``pyproject.toml``. Heavy engines import their libraries lazily in ``load()``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import yaml

from ..errors import VoiceError

# Built-in engines, used when the package's entry points are not installed
# (running from a source checkout without ``pip install``).
BUILTIN_ENGINES = {
    "espeak": "lecture_audio.engines.espeak:EspeakEngine",
    "coqui": "lecture_audio.engines.coqui:CoquiEngine",
    "piper": "lecture_audio.engines.piper:PiperEngine",
}

BUILTIN_VOICES_DIR = Path(__file__).resolve().parent.parent / "voices"


@dataclass(frozen=True)
class Voice:
    """A voice YAML file: which engine speaks and with what settings."""

    name: str
    engine: str
    settings: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    license: str = ""
    path: Path | None = None


@runtime_checkable
class Engine(Protocol):
    """What every speech engine provides.

    ``synthesize`` must be deterministic for the same text and settings, and
    ``version`` must change whenever the audio it returns could change
    (model file, library version), because the point cache keys on it.
    """

    sample_rate: int
    version: str

    def load(self) -> None:
        """Load models or libraries; called once per render, before any point."""

    def synthesize(self, text: str) -> np.ndarray:
        """Speak ``text``; return mono float32 samples in [-1, 1] at ``sample_rate``."""


VOICE_KEYS = {"name", "engine", "settings", "description", "license"}


def check_settings(voice: Voice, allowed: dict[str, tuple[type, ...]]) -> None:
    """Every key of ``voice.settings`` known to its engine and of an allowed type (one-line errors).

    ``bool`` counts only where it is listed: YAML's ``true`` is not a number here.
    """
    for key, value in voice.settings.items():
        expected = allowed.get(key)
        if expected is None:
            raise VoiceError(f"unknown {voice.engine} setting '{key}'", path=voice.path, hint="allowed: " + ", ".join(allowed))
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            names = " or ".join(t.__name__ for t in expected)
            raise VoiceError(f"{voice.engine} setting '{key}' must be {names}", path=voice.path)


def load_voice(path: Path) -> Voice:
    """Read one voice YAML file, with a one-line error naming the file and key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise VoiceError(
            "malformed YAML",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax",
        ) from None
    except OSError as exc:
        raise VoiceError(f"cannot read voice file: {exc.strerror}", path=path) from None
    if not isinstance(data, dict):
        raise VoiceError("a voice file must be a mapping", path=path, hint="see voices/espeak-pl.yaml")
    unknown = sorted(set(data) - VOICE_KEYS)
    if unknown:
        raise VoiceError(
            f"unknown key '{unknown[0]}'",
            path=path,
            hint="allowed keys: " + ", ".join(sorted(VOICE_KEYS)),
        )
    engine = data.get("engine")
    if not isinstance(engine, str) or not engine:
        raise VoiceError("key 'engine' must name an engine", path=path, hint="e.g. engine: espeak")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise VoiceError("key 'settings' must be a mapping", path=path)
    for key in ("description", "license"):
        if not isinstance(data.get(key, ""), str):
            raise VoiceError(f"key '{key}' must be text", path=path)
    return Voice(
        name=str(data.get("name") or path.stem),
        engine=engine,
        settings=settings,
        description=data.get("description", ""),
        license=data.get("license", ""),
        path=path,
    )


def voice_dirs(project_voices: Path | None) -> list[Path]:
    """Folders searched for voices: the project's ``voices/`` first, then the built-in ones."""
    dirs = [d for d in (project_voices, BUILTIN_VOICES_DIR) if d is not None and d.is_dir()]
    return list(dict.fromkeys(d.resolve() for d in dirs))


def list_voices(project_voices: Path | None) -> list[Voice]:
    """Every voice found, a project voice hiding a built-in one of the same name."""
    found: dict[str, Voice] = {}
    for folder in voice_dirs(project_voices):
        for path in sorted(folder.glob("*.yaml")):
            voice = load_voice(path)
            found.setdefault(voice.name, voice)
    return sorted(found.values(), key=lambda v: v.name)


def find_voice(name: str, project_voices: Path | None) -> Voice:
    """The voice called ``name`` (a file stem in a voices folder, or a path to a YAML file)."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return load_voice(candidate)
    for folder in voice_dirs(project_voices):
        for suffix in (".yaml", ".yml"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return load_voice(path)
    known = ", ".join(v.name for v in list_voices(project_voices)) or "none"
    raise VoiceError(
        f"no voice named '{name}'",
        path=project_voices,
        hint=f"known voices: {known}; add a YAML file to voices/",
    )


def engine_class(name: str) -> type:
    """The engine class registered under ``name``, or named as ``package.module:Class``."""
    target = name if ":" in name else None
    for entry in metadata.entry_points(group="lecture_audio.engines"):
        if entry.name == name:
            target = entry.value
            break
    target = target or BUILTIN_ENGINES.get(name)
    if target is None:
        known = sorted(set(BUILTIN_ENGINES) | {e.name for e in metadata.entry_points(group="lecture_audio.engines")})
        raise VoiceError(f"unknown engine '{name}'", hint="known engines: " + ", ".join(known))
    module_name, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise VoiceError(f"engine '{name}' cannot be loaded: {exc}", hint="install the extra it needs, e.g. pip install 'lecture-audio[coqui]'") from None


def voice_status(voice: Voice, **options: Any) -> str:
    """``"ready"``, or what the voice still needs before it can speak (without loading a model).

    Engines may define ``missing() -> str | None``; those that don't are
    taken as ready once they can be created.
    """
    try:
        engine = create_engine(voice, **options)
        check = getattr(engine, "missing", None)
        reason = check() if callable(check) else None
    except VoiceError as exc:
        reason = exc.what
    return reason or "ready"


def create_engine(voice: Voice, **options: Any) -> Engine:
    """An engine configured by ``voice`` (not yet loaded).

    ``options`` are render-wide choices such as ``device``; engines ignore the
    ones they do not use.
    """
    cls = engine_class(voice.engine)
    try:
        return cls(voice, **options)
    except TypeError as exc:
        raise VoiceError(f"bad settings for engine '{voice.engine}': {exc}", path=voice.path) from None
