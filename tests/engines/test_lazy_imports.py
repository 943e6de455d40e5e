"""Importing the neural engines (and listing their voices) must not import torch, TTS or piper."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
VOICES = SRC.parent / "voices"


def test_engine_modules_import_nothing_heavy() -> None:
    code = f"""
import sys
sys.path.insert(0, {str(SRC)!r})
from pathlib import Path
from lecture_audio.engines import create_engine, load_voice
import lecture_audio.engines.coqui, lecture_audio.engines.piper, lecture_audio.models
for name in ("coqui-vits-pl", "my-voice", "piper-gosia"):
    create_engine(load_voice(Path({str(VOICES)!r}) / (name + ".yaml")))
heavy = sorted(m for m in ("torch", "TTS", "piper", "onnxruntime", "transformers") if m in sys.modules)
print(",".join(heavy))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
