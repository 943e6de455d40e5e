"""Synthesis throughput on Ray against the local executor (one run, the same sentences).

    python bench/ray.py [--minutes 30]

Prints sentences ("points") synthesized per second with the espeak-ng voice:
the local executor with 1 and 2 worker processes, and a local Ray with 1 and 2
workers. Every configuration starts from an empty cache.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

# This file is called ray.py: keep its folder from shadowing the ray package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
import ray  # noqa: E402
from _vault import build_vault  # noqa: E402

from lecture_audio.cache import SpeechCache  # noqa: E402
from lecture_audio.distributed import RayExecutor  # noqa: E402
from lecture_audio.engines import find_voice  # noqa: E402
from lecture_audio.render import read_scripts  # noqa: E402
from lecture_audio.settings import load_settings  # noqa: E402
from lecture_audio.synthesis import LocalExecutor, Speaker, missing  # noqa: E402


def throughput(project: Path, executor: object) -> tuple[int, float]:
    settings = load_settings(project)
    _, scripts = read_scripts(settings)
    cache_dir = project / "bench-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    speaker = Speaker(find_voice("espeak-pl", settings.voices_dir), SpeechCache(cache_dir))
    _, todo = missing(scripts, speaker)
    started = time.perf_counter()
    for _ in executor.run(todo, speaker):  # type: ignore[attr-defined]
        pass
    return len(todo), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the synthetic vault (default: 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecture-audio-bench-") as tmp:
        project = build_vault(Path(tmp), args.minutes)
        rows = []
        for name, executor in (("local, 1 process", LocalExecutor(1)), ("local, 2 processes", LocalExecutor(2))):
            rows.append((name, *throughput(project, executor)))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            throughput(project, RayExecutor(workers=1))  # warm-up: Ray's first actors start slowly
            for workers in (1, 2):
                rows.append((f"Ray, {workers} worker(s)", *throughput(project, RayExecutor(workers=workers))))
        finally:
            ray.shutdown()
    base = rows[0][1] / rows[0][2]
    print(f"{'executor':22}{'points':>8}{'wall s':>9}{'points/s':>10}{'vs local 1':>12}")
    for name, count, wall in rows:
        print(f"{name:22}{count:8d}{wall:9.2f}{count / wall:10.1f}{count / wall / base:12.2f}")


if __name__ == "__main__":
    main()
