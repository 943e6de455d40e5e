"""A deterministic test engine: a tone whose length follows the text.

Voices name it as ``engine: tests.fake_engine:ToneEngine``. Unlike espeak-ng
(whose output drifts by a few samples with what it spoke before), its audio
depends on the text alone, so renders can be compared byte for byte.
"""

from __future__ import annotations

import os
import zlib

import numpy as np

from lecture_audio.engines import Voice


class ToneEngine:
    sample_rate = 16000
    version = "tone 1"

    def __init__(self, voice: Voice, **_options: object) -> None:
        self.seconds_per_char = float(voice.settings.get("seconds_per_char", 0.06))
        self.fail_on = voice.settings.get("fail_on")
        # A file path: the first process to find it missing creates it and dies (a crashed worker).
        self.die_once = voice.settings.get("die_once")
        self.calls = 0

    def load(self) -> None:
        pass

    def synthesize(self, text: str) -> np.ndarray:
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("the model broke")
        if self.die_once and not os.path.exists(self.die_once):
            open(self.die_once, "w").close()
            os._exit(1)
        n = int(len(text) * self.seconds_per_char * self.sample_rate)
        pitch = 120 + zlib.crc32(text.encode()) % 200
        t = np.arange(n) / self.sample_rate
        return (0.3 * np.sin(2 * np.pi * pitch * t) * np.sin(np.pi * t / max(t[-1], 1e-3))).astype(np.float32)
