"""Stitching: pauses, timeline, loudness measurement and the peak limiter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from lecture_audio.assemble import (
    OUTPUT_RATE,
    LoudnessMeter,
    Timeline,
    limit,
    stream_episode,
)
from lecture_audio.cache import Clip
from lecture_audio.model import Chapter, Episode, Point
from lecture_audio.normalize.script import (
    ChapterScript,
    EpisodeScript,
    PointScript,
    Sentence,
)
from lecture_audio.settings import Pauses

RATE = 22050


def tone(seconds: float, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def script() -> EpisodeScript:
    def point(n: int, *texts: str) -> PointScript:
        return PointScript(Point(n, " ".join(texts), n), tuple(Sentence(t, t) for t in texts))

    chapters = (
        ChapterScript(Chapter("A", Path("e/1. A.md"), ()), Sentence("A", "a."), (point(1, "x" * 10, "y" * 20), point(2, "z" * 5))),
        ChapterScript(Chapter("B", Path("e/2. B.md"), ()), None, (point(1, "w" * 15),)),
    )
    return EpisodeScript(Episode("E", "e", Path("e"), (), 1), chapters)


def clips(sentence: Sentence) -> Clip:
    # One second of tone per ten characters: lengths are known exactly.
    return Clip(tone(len(sentence.spoken) / 10), RATE)


def test_timeline_adds_up_speech_and_pauses() -> None:
    pauses = Pauses(sentence=0.25, point=0.5, chapter=1.5)
    timeline = Timeline()
    audio = np.concatenate(list(stream_episode(script(), clips, RATE, pauses, timeline, target_lufs=None)))
    speech = (2 + 10 + 20 + 5 + 15) / 10
    silence = 0.25 + 0.5 + 0.25 + 0.5 + 1.5 + 0.5  # lead-in, title, sentence, point, chapter, tail
    assert timeline.speech_seconds == pytest.approx(speech, abs=1e-3)
    assert timeline.pause_seconds == pytest.approx(silence, abs=1e-3)
    assert len(audio) == timeline.samples
    assert timeline.duration == pytest.approx(speech + silence, abs=2 / RATE)
    # Chapters are contiguous and start where their first words do.
    first, second = timeline.chapters
    assert first.start == 0 and first.end == second.start
    assert second.start == pytest.approx(0.25 + 0.2 + 0.5 + 1.0 + 0.25 + 2.0 + 0.5 + 0.5 + 1.5, abs=1e-3)
    assert second.end == pytest.approx(timeline.duration)
    assert [p.title.split(".")[0] for p in timeline.points] == ["1", "2", "1"]
    # Each cue starts at its sentence's real start: the tone is there, silence before it.
    for cue in timeline.cues:
        start = int(cue.start * OUTPUT_RATE)
        assert np.abs(audio[start + 200 : start + 2000]).max() > 0.1
        assert np.abs(audio[max(0, start - 2000) : start - 200]).max() < 0.01


def test_loudness_meter_matches_pyloudnorm() -> None:
    rng = np.random.default_rng(1)
    signal = np.concatenate([tone(2.0, 0.5), np.zeros(RATE), 0.1 * rng.standard_normal(RATE * 3).astype(np.float32)])
    meter = LoudnessMeter(RATE)
    for chunk in np.array_split(signal, 7):
        meter.add(chunk)
    assert meter.integrated() == pytest.approx(pyloudnorm.Meter(RATE).integrated_loudness(signal.astype(np.float64)), abs=0.05)


def test_episode_is_brought_to_minus_16_lufs() -> None:
    timeline = Timeline()
    audio = np.concatenate(list(stream_episode(script(), clips, RATE, Pauses(), timeline)))
    measured = pyloudnorm.Meter(OUTPUT_RATE).integrated_loudness(audio.astype(np.float64))
    assert measured == pytest.approx(-16.0, abs=1.0)
    assert np.abs(audio).max() <= 10 ** (-2.0 / 20) + 1e-4


def test_limiter_keeps_peaks_under_the_ceiling_and_quiet_parts_untouched() -> None:
    loud = np.concatenate([tone(0.5, 0.2), tone(0.05, 1.5), tone(0.5, 0.2)])
    out = limit(loud, RATE, ceiling_db=-2.0)
    assert np.abs(out).max() <= 10 ** (-2.0 / 20) + 1e-6
    assert np.allclose(out[:1000], loud[:1000])
