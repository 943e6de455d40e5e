"""Benchmark: milliseconds per note to split and normalize the sample notes (after start-up).

Run:  .venv/bin/python bench/normalize.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lecture_audio.normalize import Normalizer  # noqa: E402


def readable(path: Path) -> str:
    """The note as plain readable text (a rough stand-in for the notes reader)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"!\[\[.*?\]\]", "", text)
    text = re.sub(r"\[\[[^|\]]*\|([^\]]*)\]\]", r"\1", text)
    return re.sub(r"^\s*(#+|\d+\.)\s*", "", text, flags=re.M)


def main() -> None:
    t0 = time.perf_counter()
    normalizer = Normalizer()
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    normalizer.normalize("To bedzie trudne.")  # loads what the normalizer loads on first use (Morfeusz, word lists)
    first = time.perf_counter() - t0
    notes = [readable(p) for p in sorted((ROOT / "notes").rglob("*.md"))]
    if not notes:
        sys.exit("no notes found under notes/")

    def one_pass() -> int:
        words = 0
        for note in notes:
            for sentence in normalizer.split_sentences(note):
                words += len(normalizer.normalize(sentence).split())
        return words

    words = one_pass()  # warm-up
    # The best of several timed passes: the least disturbed by other work on the machine.
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        one_pass()
        times.append((time.perf_counter() - t0) / len(notes) * 1000)
    times.sort()
    print(f"start-up (lexicon load + compile): {startup * 1000:.1f} ms")
    print(f"first sentence (Morfeusz, word lists): {first * 1000:.1f} ms; start-up in total {(startup + first) * 1000:.1f} ms (target < 300 ms)")
    print(f"{len(notes)} notes, {words} spoken words per pass")
    print(f"normalize: {times[0]:.2f} ms per note best, {times[len(times) // 2]:.2f} ms median (target < 20 ms)")


if __name__ == "__main__":
    main()
