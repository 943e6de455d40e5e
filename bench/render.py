"""Render speed and memory: the pipeline against a plain espeak-ng → LAME baseline.

    python bench/render.py [--minutes 180] [--jobs 2]

Builds a synthetic vault of about MINUTES of audio from the sample notes and
prints, from one run: audio seconds per wall second for a cold render and a
no-op re-render, the peak RSS of each, and the same for the baseline (every
sentence spoken by espeak-ng straight into the MP3 encoder: no notes model,
pauses, loudness, chapters or cache). The ratio of the two cold times is the
pipeline's overhead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _vault import build_vault  # noqa: E402

RENDER = """
import json, resource, sys, time
from lecture_audio.render import render
from lecture_audio.settings import load_settings
started = time.perf_counter()
report = render(load_settings(sys.argv[1]), jobs=int(sys.argv[2]))
wall = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"wall": wall, "audio": report.audio_seconds, "rss_mb": peak / 1024,
                  "synthesized": report.synthesized, "encoded": sum(e.encoded for e in report.episodes)}))
"""

BASELINE = """
import json, resource, sys, time
import lameenc, numpy as np
from lecture_audio.engines import create_engine, find_voice
from lecture_audio.render import read_scripts
from lecture_audio.settings import load_settings
settings = load_settings(sys.argv[1])
_, scripts = read_scripts(settings)
started = time.perf_counter()
engine = create_engine(find_voice("espeak-pl", settings.voices_dir))
engine.load()
audio = 0.0
for script in scripts:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(settings.bitrate)
    encoder.set_in_sample_rate(engine.sample_rate)
    encoder.set_out_sample_rate(44100)
    encoder.set_channels(1)
    encoder.set_quality(7)
    with open(f"{sys.argv[1]}/baseline-{script.episode.slug}.mp3", "wb") as out:
        for sentence in script.sentences():
            samples = engine.synthesize(sentence.spoken)
            audio += len(samples) / engine.sample_rate
            out.write(encoder.encode((samples * 32767).astype("<i2").tobytes()))
        out.write(encoder.flush())
wall = time.perf_counter() - started
print(json.dumps({"wall": wall, "audio": audio, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=180.0, help="length of the synthetic vault (default: 180)")
    parser.add_argument("--episodes", type=int, default=1, help="episodes the vault is split into (default: 1)")
    parser.add_argument("--jobs", type=int, default=2, help="synthesis workers for the pipeline (default: 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecture-audio-bench-") as tmp:
        project = build_vault(Path(tmp), args.minutes, episodes=args.episodes)
        baseline = run(BASELINE, str(project))
        cold = run(RENDER, str(project), str(args.jobs))
        noop = run(RENDER, str(project), str(args.jobs))
        lufs, peak = loudness(sorted((project / "output").glob("*.mp3"))[0])
    print(f"vault: {cold['audio'] / 60:.1f} min of audio in {args.episodes} episode(s) (pipeline), {baseline['audio'] / 60:.1f} min of speech (baseline)")
    print(f"{'':22}{'wall s':>8}{'audio s / wall s':>18}{'peak RSS MB':>13}")
    print(f"{'baseline espeak→LAME':22}{baseline['wall']:8.1f}{baseline['audio'] / baseline['wall']:18.0f}{baseline['rss_mb']:13.0f}")
    print(f"{'cold render':22}{cold['wall']:8.1f}{cold['audio'] / cold['wall']:18.0f}{cold['rss_mb']:13.0f}")
    print(f"{'no-op re-render':22}{noop['wall']:8.2f}{noop['audio'] / noop['wall']:18.0f}{noop['rss_mb']:13.0f}")
    print(f"cold render time / baseline time: {cold['wall'] / baseline['wall']:.2f}  (target <= 1.5)")
    print(f"cold render speed: {cold['audio'] / cold['wall']:.0f} audio s per wall s  (target >= 150)")
    print(f"no-op re-render: {noop['wall']:.2f} s, synthesized {noop['synthesized']}, encoded {noop['encoded']}")
    print(f"published episode: {lufs:.2f} LUFS integrated, true peak {peak:.2f} dBTP  (target -16 +-1, <= -1)")


def loudness(mp3: Path) -> tuple[float, float]:
    """Integrated loudness and true peak (4x oversampled) of a published MP3, decoded."""
    import miniaudio
    import numpy as np
    import pyloudnorm
    import soxr

    decoded = miniaudio.decode_file(str(mp3), output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1)
    samples = np.frombuffer(decoded.samples, dtype=np.float32)
    peak = max(float(np.abs(soxr.resample(block, 44100, 176400)).max()) for block in np.array_split(samples, 64))
    return pyloudnorm.Meter(44100).integrated_loudness(samples.astype(np.float64)), 20 * np.log10(peak)


if __name__ == "__main__":
    main()
