"""A content-addressed store of synthesized sentences.

The key is a hash of the spoken text, the voice's settings and the engine's
version, so a re-render only synthesizes what changed. Audio is kept
losslessly (int16 when the engine's output is exactly 16-bit, else float32) in
``.npz`` files, whose zip CRC lets a truncated or corrupt entry be detected
and synthesized again.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .engines import Voice
from .files import write_atomic


@dataclass(frozen=True)
class Clip:
    """Mono float32 samples and their rate."""

    samples: np.ndarray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


def sentence_key(spoken: str, voice: Voice, engine_version: str) -> str:
    """The cache key of one spoken sentence in one voice."""
    material = json.dumps(
        {"text": spoken, "engine": voice.engine, "settings": voice.settings, "version": engine_version},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class SpeechCache:
    """Synthesized sentences on disk, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.npz"

    def get(self, key: str) -> Clip | None:
        """The cached clip, or None when missing or unreadable (then it is removed)."""
        path = self.path(key)
        try:
            with np.load(path) as data:
                samples, rate = data["audio"], int(data["rate"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            path.unlink(missing_ok=True)  # corrupt or truncated: synthesize again
            return None
        if samples.dtype == np.int16:
            samples = samples.astype(np.float32) / 32768.0
        return Clip(samples.astype(np.float32, copy=False), rate)

    def put(self, key: str, clip: Clip) -> None:
        """Store a clip atomically."""
        samples = clip.samples
        as_int = np.round(samples * 32768.0)
        if np.all(np.abs(as_int) <= 32767) and np.array_equal(as_int / 32768.0, samples):
            samples = as_int.astype(np.int16)  # exactly 16-bit: keep it so, half the size
        buffer = io.BytesIO()
        np.savez(buffer, audio=samples, rate=np.int64(clip.sample_rate))
        # No fsync: a clip lost in a crash is detected and synthesized again.
        write_atomic(self.path(key), buffer.getvalue(), durable=False)

    def keys(self) -> set[str]:
        """Every key stored."""
        return {p.stem for p in self.folder.glob("??/*.npz")}

    def size(self) -> int:
        """Bytes the stored clips take."""
        return sum(p.stat().st_size for p in self.folder.glob("??/*.npz"))

    def remember_voice(self, voice: Voice, engine_version: str) -> None:
        """Note that a render used this voice, so ``prune`` can tell which clips notes still use."""
        record = {"voice": {"name": voice.name, "engine": voice.engine, "settings": voice.settings}, "version": engine_version}
        data = json.dumps(record, sort_keys=True, default=str).encode("utf-8")
        path = self.folder / "voices" / f"{hashlib.sha256(data).hexdigest()[:16]}.json"
        if not path.is_file():
            write_atomic(path, data)

    def voices_used(self) -> list[tuple[Voice, str]]:
        """Every (voice, engine version) a render has used with this cache."""
        used = []
        for path in sorted((self.folder / "voices").glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                used.append((Voice(**record["voice"]), record["version"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged record only means less is kept
        return used

    def prune(self, keep: set[str]) -> tuple[int, int]:
        """Remove every clip not in ``keep``; return (files, bytes) removed."""
        files = removed = 0
        for path in self.folder.glob("??/*.npz"):
            if path.stem not in keep:
                removed += path.stat().st_size
                path.unlink(missing_ok=True)
                files += 1
        return files, removed

