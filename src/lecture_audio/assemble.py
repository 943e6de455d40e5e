"""Stitch sentences into an episode: pauses, loudness, one stream of samples.

The episode is produced as a stream of chunks at the output rate, so memory
does not grow with its length. While streaming, the timeline records where
each chapter, point and sentence starts: these become the MP3's chapter marks
and the transcript's cue times, measured from the real audio.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import soxr

from .cache import Clip
from .normalize.script import EpisodeScript, PointScript, Sentence
from .settings import Pauses

OUTPUT_RATE = 44100
TARGET_LUFS = -16.0
LOUDNESS_TOLERANCE = 0.2  # dB; podcast platforms ask for -16 LUFS +-1
SAMPLE_SENTENCES = 120  # sentences measured to find the limiter's loss (about six minutes of speech)
# Sample-peak ceiling after the limiter: leaves room for inter-sample peaks
# and MP3 encoding overshoot so the published file stays under -1 dBTP.
PEAK_CEILING_DB = -2.5

ClipSource = Callable[[Sentence], Clip]


@dataclass(frozen=True)
class Mark:
    """A chapter or point: its title and where it starts and ends, in seconds."""

    title: str
    start: float
    end: float
    source: str = ""
    line: int = 0
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cue:
    """One sentence in the audio: the written and spoken text and its time span."""

    start: float
    end: float
    written: str
    spoken: str


@dataclass
class Timeline:
    """Where everything is in an assembled episode."""

    sample_rate: int = OUTPUT_RATE
    samples: int = 0  # at sample_rate
    chapters: list[Mark] = field(default_factory=list)
    points: list[Mark] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    speech_seconds: float = 0.0
    pause_seconds: float = 0.0
    loudness: float = float("nan")  # LUFS before gain
    gain_db: float = 0.0

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate


# --- loudness (ITU-R BS.1770), measured as a stream -------------------------


class LoudnessMeter:
    """Integrated loudness of a mono stream, fed in chunks of any size.

    The K-weighting filters come from pyloudnorm; the filter state is carried
    between chunks and only 100 ms energies are kept, so a three-hour episode
    costs a few hundred kilobytes.
    """

    def __init__(self, rate: int) -> None:
        import pyloudnorm  # imports scipy: seconds, so only when measuring

        stages = list(pyloudnorm.Meter(rate)._filters.values())
        # Both biquads as one second-order-sections filter: one call per chunk.
        self._sos = np.vstack([np.concatenate([s.b, s.a]) for s in stages])
        self._gain = float(np.prod([s.passband_gain for s in stages]))
        self._state = np.zeros((len(stages), 2))
        self.step = int(round(rate * 0.1))
        self._pending = np.zeros(0)
        self._energies: list[float] = []

    def add(self, samples: np.ndarray) -> None:
        """Feed more samples."""
        from scipy.signal import sosfilt

        x, self._state = sosfilt(self._sos, samples.astype(np.float64), zi=self._state)
        x = np.concatenate([self._pending, x * self._gain])
        whole = len(x) // self.step * self.step
        if whole:
            self._energies.extend(np.square(x[:whole]).reshape(-1, self.step).sum(axis=1).tolist())
        self._pending = x[whole:]

    def integrated(self) -> float:
        """Gated integrated loudness in LUFS (-inf for silence)."""
        sub = np.asarray(self._energies)
        if len(sub) < 4:
            return float("-inf")
        # 400 ms blocks overlapping by 75%: four consecutive 100 ms energies.
        blocks = (sub[:-3] + sub[1:-2] + sub[2:-1] + sub[3:]) / (4 * self.step)
        with np.errstate(divide="ignore"):
            loud = -0.691 + 10 * np.log10(blocks)
        gated = blocks[loud >= -70.0]
        if not len(gated):
            return float("-inf")
        relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
        gated = blocks[(loud >= -70.0) & (loud > relative)]
        return float(-0.691 + 10 * np.log10(gated.mean()))


def limit(samples: np.ndarray, rate: int, ceiling_db: float = PEAK_CEILING_DB) -> np.ndarray:
    """Keep every sample under the ceiling with a smooth look-ahead gain (5 ms)."""
    ceiling = 10 ** (ceiling_db / 20)
    peak = np.abs(samples)
    if not len(samples) or peak.max() <= ceiling:
        return samples
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9))
    radius = max(1, int(rate * 0.005))
    # A minimum over +-radius, then a mean over less than that, never exceeds
    # the gain each sample needs, and has no clicks.
    held = minimum_filter1d(need, size=2 * radius + 1, mode="nearest")
    smooth = uniform_filter1d(held, size=radius, mode="nearest")
    return (samples * np.minimum(smooth, need)).astype(np.float32)


def trim_silence(samples: np.ndarray, rate: int, threshold: float = 10 ** (-50 / 20), margin: float = 0.01) -> np.ndarray:
    """Drop the silence an engine puts around an utterance (keeping ``margin`` seconds).

    Pauses then last exactly as the settings say, and a cue starts where its
    sound does.
    """
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return samples
    keep = int(margin * rate)
    return samples[max(0, loud[0] - keep) : loud[-1] + 1 + keep]


# --- the episode stream -------------------------------------------------------


class _Stream:
    """Samples at the engine's rate in, resampled chunks out, with a running clock."""

    def __init__(self, in_rate: int, gain: float, limit_peaks: bool, out_rate: int = OUTPUT_RATE) -> None:
        self.in_rate = in_rate
        self.out_rate = out_rate
        self.gain = gain
        self.limit_peaks = limit_peaks
        self.position = 0  # input samples so far: every time is measured here
        self.out_samples = 0
        self.speech = 0
        self.silence = 0
        # Measuring passes run at the engine's rate: no resampling needed there.
        self._resampler = None if out_rate == in_rate else soxr.ResampleStream(in_rate, out_rate, 1, dtype="float32", quality="HQ")

    @property
    def now(self) -> float:
        return self.position / self.in_rate

    def _emit(self, samples: np.ndarray, last: bool = False) -> Iterator[np.ndarray]:
        out = self._resampler.resample_chunk(samples, last=last) if self._resampler else samples
        self.out_samples += len(out)
        if len(out):
            yield out

    def pause(self, seconds: float) -> Iterator[np.ndarray]:
        count = int(round(seconds * self.in_rate))
        self.position += count
        self.silence += count
        yield from self._emit(np.zeros(count, dtype=np.float32))

    def speak(self, clip: Clip) -> Iterator[np.ndarray]:
        samples = trim_silence(clip.samples, clip.sample_rate)
        if clip.sample_rate != self.in_rate:
            samples = soxr.resample(samples, clip.sample_rate, self.in_rate).astype(np.float32)
        self.position += len(samples)
        self.speech += len(samples)
        samples = samples * np.float32(self.gain)
        if self.limit_peaks:
            # Limited at the engine's rate, before resampling: the loudness
            # measured on these samples is then the loudness published. The
            # ceiling leaves room for the peaks resampling and MP3 add.
            samples = limit(samples, self.in_rate)
        yield from self._emit(samples)

    def finish(self) -> Iterator[np.ndarray]:
        yield from self._emit(np.zeros(0, dtype=np.float32), last=True)


def measure_loudness(
    script: EpisodeScript, clips: ClipSource, sample_rate: int, pauses: Pauses, gain_db: float | None = None
) -> float:
    """Integrated loudness of the episode as it will be heard, pauses included.

    Pauses matter: the 400 ms blocks that straddle a sentence's edge count too.
    With ``gain_db`` the gain and the peak limiter are applied first.
    """
    meter = LoudnessMeter(sample_rate)
    chunks = stream_episode(script, clips, sample_rate, pauses, Timeline(), target_lufs=None, gain_db=gain_db, out_rate=sample_rate)
    for chunk in chunks:
        meter.add(chunk)
    return meter.integrated()


def sample_script(script: EpisodeScript, every: int) -> EpisodeScript:
    """Every ``every``-th sentence of the episode, in order (the rest left out)."""
    if every <= 1:
        return script
    count = 0

    def keep(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
        nonlocal count
        kept = tuple(s for i, s in enumerate(sentences, count) if i % every == 0)
        count += len(sentences)
        return kept

    chapters = tuple(
        dataclasses.replace(c, title=None, points=tuple(dataclasses.replace(p, sentences=keep(p.sentences)) for p in c.points))
        for c in script.chapters
    )
    return dataclasses.replace(script, chapters=chapters)


def loudness_gain(script: EpisodeScript, clips: ClipSource, sample_rate: int, pauses: Pauses, target_lufs: float) -> tuple[float, float]:
    """The gain (dB) that brings the limited episode to ``target_lufs``, and the loudness before it.

    The limiter takes some loudness off peaky voices. How much, at a given
    gain, is measured on a sample of the sentences (about ten minutes of
    speech, all of a shorter episode), and the gain is corrected by a secant
    step: within a few hundredths of a dB on the samples, a tenth on three hours.
    """
    before = measure_loudness(script, clips, sample_rate, pauses)
    if not math.isfinite(before):
        return 0.0, before
    sentences = sum(len(p.sentences) for c in script.chapters for p in c.points)
    sample = sample_script(script, max(1, sentences // SAMPLE_SENTENCES))
    sample_before = before if sample is script else measure_loudness(sample, clips, sample_rate, pauses)

    def loss(gain: float) -> float:
        """Loudness the limiter takes off at ``gain`` (negative dB)."""
        limited = measure_loudness(sample, clips, sample_rate, pauses, gain_db=gain)
        return limited - (sample_before + gain) if math.isfinite(limited) else 0.0

    first = target_lufs - before
    first_loss = loss(first)
    if abs(first_loss) <= LOUDNESS_TOLERANCE:
        return first, before
    second = first - first_loss
    # Solve before + g + loss(g) = target from the two measured points.
    error_first = first_loss
    error_second = second + before + loss(second) - target_lufs
    slope = (error_second - error_first) / (second - first)
    return second - error_second / min(1.0, max(0.2, slope)), before


def stream_episode(
    script: EpisodeScript,
    clips: ClipSource,
    sample_rate: int,
    pauses: Pauses,
    timeline: Timeline,
    target_lufs: float | None = TARGET_LUFS,
    gain_db: float | None = None,
    out_rate: int = OUTPUT_RATE,
    lead: float | None = None,
    tail: float | None = None,
    align: int = 1,
    segment: bool = False,
) -> Iterator[np.ndarray]:
    """Yield the episode's samples (float32, mono, ``out_rate``) chunk by chunk.

    ``lead`` and ``tail`` are the silences before the first and after the
    last word (default: a sentence pause and a point pause); ``align`` pads
    the end with silence to a multiple of that many samples (a segment of an
    episode ends on an MP3 frame). A ``segment``'s marks keep their own
    starts and ends; :func:`join_timelines` closes them for the episode.

    ``sample_rate`` is the engine's; clips are resampled once, here.
    ``timeline`` is filled in as the stream advances and is complete once the
    generator is exhausted. With ``target_lufs`` the speech is first measured
    (two passes over the clips) and then brought to that loudness, peaks
    limited; ``gain_db`` instead applies a known gain and the limiter.
    """
    if target_lufs is not None:
        timeline.gain_db, timeline.loudness = loudness_gain(script, clips, sample_rate, pauses, target_lufs)
    elif gain_db is not None:
        timeline.gain_db = gain_db
    limited = target_lufs is not None or gain_db is not None
    stream = _Stream(sample_rate, 10 ** (timeline.gain_db / 20), limit_peaks=limited, out_rate=out_rate)
    yield from stream.pause(pauses.sentence if lead is None else lead)  # a breath before the first word
    chapters = [c for c in script.chapters if c.title or any(p.sentences for p in c.points)]
    for index, chapter in enumerate(chapters):
        if index:
            yield from stream.pause(pauses.chapter)
        start = stream.now
        images: list[str] = []
        first_point = True
        if chapter.title:
            yield from _say(stream, chapter.title, clips, timeline)
            first_point = False
        waiting: list[str] = []  # slides of image-only points go with the next spoken point
        for point in chapter.points:
            images.extend(point.point.images)
            waiting.extend(point.point.images)
            if not point.sentences:
                continue
            if not first_point:
                yield from stream.pause(pauses.point)
            first_point = False
            point_start = stream.now
            for i, sentence in enumerate(point.sentences):
                if i:
                    yield from stream.pause(pauses.sentence)
                yield from _say(stream, sentence, clips, timeline)
            timeline.points.append(
                Mark(
                    title=point_title(point),
                    start=point_start,
                    end=stream.now,
                    source=str(chapter.chapter.source),
                    line=point.point.line,
                    images=tuple(waiting),
                )
            )
            waiting = []
        timeline.chapters.append(
            Mark(title=chapter.chapter.title, start=start, end=stream.now, source=str(chapter.chapter.source), images=tuple(images))
        )
    yield from stream.pause(pauses.point if tail is None else tail)  # let the last word ring out
    yield from stream.finish()
    padding = -stream.out_samples % align
    if padding:
        yield np.zeros(padding, dtype=np.float32)
    timeline.sample_rate = out_rate
    timeline.samples = stream.out_samples + padding
    timeline.speech_seconds = stream.speech / sample_rate
    timeline.pause_seconds = stream.silence / sample_rate + padding / out_rate
    if not segment:
        close_marks(timeline)


def close_marks(timeline: Timeline) -> None:
    """Make marks contiguous: the first starts at zero, each runs until the next starts."""
    for marks in (timeline.chapters, timeline.points):
        for i, mark in enumerate(marks):
            start = 0.0 if i == 0 else mark.start
            end = marks[i + 1].start if i + 1 < len(marks) else timeline.duration
            marks[i] = dataclasses.replace(mark, start=start, end=end)


def _say(stream: _Stream, sentence: Sentence, clips: ClipSource, timeline: Timeline) -> Iterator[np.ndarray]:
    start = stream.now
    yield from stream.speak(clips(sentence))
    timeline.cues.append(Cue(start=start, end=stream.now, written=sentence.written, spoken=sentence.spoken))


def point_title(point: PointScript) -> str:
    """A short title for a point: its number and the start of its first sentence."""
    words = point.sentences[0].written.split() if point.sentences else []
    title = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return f"{point.point.number}. {title}" if point.point.number is not None else title


def join_timelines(parts: list[Timeline]) -> Timeline:
    """One timeline from the timelines of consecutive segments of an episode."""
    joined = Timeline(sample_rate=parts[0].sample_rate if parts else OUTPUT_RATE)
    for part in parts:
        offset = joined.samples / joined.sample_rate

        def shifted(mark: Mark) -> Mark:
            return dataclasses.replace(mark, start=mark.start + offset, end=mark.end + offset)

        joined.chapters += [shifted(m) for m in part.chapters]
        joined.points += [shifted(m) for m in part.points]
        joined.cues += [dataclasses.replace(c, start=c.start + offset, end=c.end + offset) for c in part.cues]
        joined.samples += part.samples
        joined.speech_seconds += part.speech_seconds
        joined.pause_seconds += part.pause_seconds
        joined.gain_db, joined.loudness = part.gain_db, part.loudness
    close_marks(joined)
    return joined


def timeline_to_dict(timeline: Timeline) -> dict:
    """A JSON-ready copy of a timeline (kept in the manifest to skip re-encoding)."""
    data = dataclasses.asdict(timeline)
    data["loudness"] = timeline.loudness if math.isfinite(timeline.loudness) else None
    return data


def timeline_from_dict(data: dict) -> Timeline:
    """The timeline saved by :func:`timeline_to_dict`."""
    def marks(items: list[dict]) -> list[Mark]:
        return [Mark(**{**m, "images": tuple(m["images"])}) for m in items]

    return Timeline(
        sample_rate=data["sample_rate"],
        samples=data["samples"],
        chapters=marks(data["chapters"]),
        points=marks(data["points"]),
        cues=[Cue(**c) for c in data["cues"]],
        speech_seconds=data["speech_seconds"],
        pause_seconds=data["pause_seconds"],
        loudness=data["loudness"] if data["loudness"] is not None else float("nan"),
        gain_db=data["gain_db"],
    )
