"""A synthetic vault of any length built from the sample notes, for the benchmarks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "notes" / "Zjazd 1"
# The two sample notes speak for about 11.7 minutes with the default voice.
SAMPLE_MINUTES = 11.7
# A word opening every sentence of a copy: no two copies share a sentence,
# so a cold render synthesizes every one (as with a real course).
OPENERS = "Otóż Zatem Dalej Teraz Również Jednak Potem Wreszcie Ponadto Właśnie Oczywiście Naturalnie Zwykle Często Czasem Dziś".split()
SENTENCE_START = re.compile(r"(^\d+\. |[.!?] )(\w)", re.M)


def build_vault(root: Path, minutes: float, episodes: int = 1) -> Path:
    """A project under ``root`` whose notes speak for about ``minutes`` minutes.

    Every sentence of a copy starts with the copy's own words, so no two
    copies share a cached sentence and a cold render synthesizes all.
    """
    copies = max(1, round(minutes / SAMPLE_MINUTES))
    notes = root / "notes"
    if notes.exists():
        shutil.rmtree(notes)
    for copy in range(copies):
        folder = notes / f"Zjazd {copy % episodes + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        for note in sorted(SAMPLES.glob("*.md")):
            text = note.read_text(encoding="utf-8")
            opener = " ".join(OPENERS[i % len(OPENERS)] for i in _digits(copy))
            text = SENTENCE_START.sub(lambda m: f"{m.group(1)}{opener} {m.group(2).lower()}", text)
            (folder / f"{copy * 10 + int(note.name.split('.')[0])}. {note.name.split('. ', 1)[1]}").write_text(text, encoding="utf-8")
    voices = root / "voices"
    if not voices.exists():
        shutil.copytree(REPO / "voices", voices)
    return root


def _digits(number: int) -> list[int]:
    """``number`` in base 16, as a list of digits (one opener word each)."""
    digits = [number % 16]
    while number >= 16:
        number //= 16
        digits.append(number % 16)
    return digits
