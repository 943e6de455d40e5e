"""Incremental renders: cold, one edited point, nothing changed (one run, the same vault).

    python bench/incremental.py [--minutes 60] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _vault import build_vault  # noqa: E402

from lecture_audio.render import render  # noqa: E402
from lecture_audio.settings import load_settings  # noqa: E402


def timed(project: Path, jobs: int) -> tuple[float, object]:
    started = time.perf_counter()
    report = render(load_settings(project), jobs=jobs)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="length of the synthetic vault (default: 60)")
    parser.add_argument("--episodes", type=int, default=4, help="episodes the vault is split into (default: 4)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecture-audio-bench-") as tmp:
        project = build_vault(Path(tmp), args.minutes, episodes=args.episodes)
        cold, report = timed(project, args.jobs)
        note = sorted((project / "notes").rglob("*.md"))[0]
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("Wam szczerze", "Wam zupełnie szczerze", 1), encoding="utf-8")
        edited, edited_report = timed(project, args.jobs)
        noop, noop_report = timed(project, args.jobs)
    audio = report.audio_seconds
    print(f"vault: {audio / 60:.1f} min of audio in {len(report.episodes)} episodes, {report.sentences} sentences")
    print(f"{'render':18}{'wall s':>8}{'vs cold':>9}{'synthesized':>13}{'encoded':>9}")
    for name, wall, rep in (("cold", cold, report), ("one edited point", edited, edited_report), ("nothing changed", noop, noop_report)):
        encoded = sum(e.encoded for e in rep.episodes)
        print(f"{name:18}{wall:8.2f}{wall / cold:9.1%}{rep.synthesized:13d}{encoded:9d}")
    print(f"one edited point: {edited / cold:.1%} of the cold render (target < 15%)")


if __name__ == "__main__":
    main()
