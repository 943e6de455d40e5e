"""The sentence cache: keys that change only when they must, corrupt entries detected."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lecture_audio.cache import Clip, SpeechCache, sentence_key
from lecture_audio.engines import Voice

VOICE = Voice("v", "espeak", {"language": "pl", "rate": 160})


def test_key_changes_with_text_settings_and_engine_version_only() -> None:
    key = sentence_key("dzień dobry.", VOICE, "espeak-ng 1.52")
    assert key == sentence_key("dzień dobry.", Voice("other-name", "espeak", {"rate": 160, "language": "pl"}), "espeak-ng 1.52")
    assert key != sentence_key("dzień dobry!", VOICE, "espeak-ng 1.52")
    assert key != sentence_key("dzień dobry.", Voice("v", "espeak", {"language": "pl", "rate": 170}), "espeak-ng 1.52")
    assert key != sentence_key("dzień dobry.", VOICE, "espeak-ng 1.53")


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    int16 = (np.arange(-1000, 1000, dtype=np.int16).astype(np.float32) / 32768.0)
    floats = np.linspace(-0.9, 0.9, 999, dtype=np.float32) + np.float32(1e-7)
    for name, samples in (("a", int16), ("b", floats)):
        cache.put(name * 64, Clip(samples, 22050))
        got = cache.get(name * 64)
        assert got is not None and got.sample_rate == 22050
        assert np.array_equal(got.samples, samples)


def test_corrupt_or_truncated_entries_are_dropped(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    clip = Clip(np.linspace(-0.5, 0.5, 50_000, dtype=np.float32), 22050)
    cache.put("c" * 64, clip)
    path = cache.path("c" * 64)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert cache.get("c" * 64) is None and not path.exists()
    cache.put("c" * 64, clip)
    flipped = bytearray(path.read_bytes())
    flipped[len(flipped) // 2] ^= 0xFF
    path.write_bytes(bytes(flipped))
    assert cache.get("c" * 64) is None
