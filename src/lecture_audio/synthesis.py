"""Speech for every sentence, through the cache, in parallel where it pays.

Workers are processes (neural engines hold the GIL), each loading the model
once. They write straight into the content-addressed cache, so the episode is
assembled from the same files whatever the number of workers.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .cache import Clip, SpeechCache, sentence_key
from .engines import Engine, Voice, create_engine
from .errors import LectureAudioError, SynthesisError
from .normalize.script import EpisodeScript, Sentence

# A worker pool is started when the sentences left would take longer than this in one process.
POOL_WORTH_S = 3.0


class Speaker:
    """Speech for sentences in one voice: synthesized once, then taken from the cache.

    The engine is created at once (its ``version`` keys the cache) but loaded
    only when a sentence is missing, so a render with a warm cache never loads
    a model.
    """

    def __init__(self, voice: Voice, cache: SpeechCache, **options: Any) -> None:
        self.voice = voice
        self.cache = cache
        self.options = options
        self.engine: Engine = create_engine(voice, **options)
        self._loaded = False
        self.synthesized = 0

    @property
    def version(self) -> str:
        if not self.engine.version:
            self._load()
        return self.engine.version

    def _load(self) -> None:
        if not self._loaded:
            self.engine.load()
            self._loaded = True

    def key(self, sentence: Sentence) -> str:
        return sentence_key(sentence.spoken, self.voice, self.version)

    def has(self, sentence: Sentence) -> bool:
        return self.cache.path(self.key(sentence)).is_file()

    def synthesize(self, sentence: Sentence) -> Clip:
        """Synthesize one sentence now and store it in the cache."""
        self._load()
        clip = speak(self.engine, self.voice, sentence.spoken)
        self.cache.put(self.key(sentence), clip)
        self.synthesized += 1
        return clip

    def clip(self, sentence: Sentence) -> Clip:
        """The sentence's audio: from the cache, or synthesized if missing or corrupt."""
        return self.cache.get(self.key(sentence)) or self.synthesize(sentence)

    def sample_rate(self, script: EpisodeScript) -> int:
        """The rate the episode's clips come at (without loading the engine when cached)."""
        sentences = script.sentences()
        if sentences:
            return self.clip(sentences[0]).sample_rate
        self._load()
        return self.engine.sample_rate


def speak(engine: Engine, voice: Voice, text: str) -> Clip:
    """One engine call, its failures turned into a SynthesisError."""
    try:
        samples = engine.synthesize(text)
    except LectureAudioError:
        raise
    except Exception as exc:  # an engine's own failure, named for the user
        raise SynthesisError(f"voice '{voice.name}' failed: {exc}") from exc
    if samples is None or len(samples) == 0:
        raise SynthesisError(f"voice '{voice.name}' returned no audio")
    samples = np.asarray(samples, dtype=np.float32)
    if not np.all(np.isfinite(samples)):
        raise SynthesisError(f"voice '{voice.name}' returned invalid samples (NaN or infinity)")
    return Clip(samples, engine.sample_rate)


@dataclass(frozen=True)
class Job:
    """One missing sentence and where it came from (for error messages)."""

    key: str
    sentence: Sentence
    source: Path
    line: int


def missing(scripts: list[EpisodeScript], speaker: Speaker) -> tuple[int, list[Job]]:
    """How many sentences the scripts hold, and the ones the cache lacks (each once)."""
    total = 0
    jobs: dict[str, Job] = {}
    for script in scripts:
        for chapter in script.chapters:
            items = ([(chapter.title, 1)] if chapter.title else []) + [
                (s, p.point.line) for p in chapter.points for s in p.sentences
            ]
            for sentence, line in items:
                total += 1
                key = speaker.key(sentence)
                if key not in jobs and not speaker.cache.path(key).is_file():
                    jobs[key] = Job(key, sentence, chapter.chapter.source, line)
    return total, list(jobs.values())


def _failure(job: Job, notes_dir: Path, error: str) -> SynthesisError:
    return SynthesisError(
        f"{error} while speaking {job.sentence.written[:60]!r}",
        path=notes_dir / job.source,
        line=job.line,
        hint="fix the text or the voice; nothing in output/ was changed",
    )


Batch = list[tuple[int, str, str]]  # (index into the job list, cache key, spoken text)
BatchResult = list[tuple[int, str | None]]  # (index, error message or None)


def run_batch(engine: Engine, voice: Voice, cache: SpeechCache, batch: Batch) -> BatchResult:
    """Synthesize a batch into the cache (in whichever process or node runs it).

    Errors travel back as text: our exceptions do not pickle. A batch stops at
    its first failure.
    """
    results: BatchResult = []
    for index, key, text in batch:
        try:
            cache.put(key, speak(engine, voice, text))
            results.append((index, None))
        except LectureAudioError as exc:
            results.append((index, exc.what))
            break
    return results


def batches(todo: list[Job], workers: int) -> list[Batch]:
    """The jobs cut into batches: big enough to amortize a call, small enough to share out."""
    size = max(4, min(32, len(todo) // max(1, workers * 4)))
    return [
        [(i, job.key, job.sentence.spoken) for i, job in enumerate(todo[start : start + size], start)]
        for start in range(0, len(todo), size)
    ]


class Executor(Protocol):
    """Runs synthesis jobs somewhere; the pipeline does not know where."""

    def run(self, todo: list[Job], speaker: Speaker) -> Iterator[BatchResult]:
        """Synthesize ``todo`` into the speaker's cache; yield each batch's results as it finishes."""


class LocalExecutor:
    """Synthesis on this machine: in this process, or in a pool of worker processes."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs or default_jobs()

    def run(self, todo: list[Job], speaker: Speaker) -> Iterator[BatchResult]:
        # Start in this process and time it: a pool costs a second or two to
        # start (each worker imports and loads the engine), which only pays
        # when the rest would take several times longer (neural voices, big vaults).
        started = time.perf_counter()
        done = 0
        for index, job in enumerate(todo):
            if self.jobs > 1 and done >= 4:
                per_sentence = (time.perf_counter() - started) / done
                if per_sentence * (len(todo) - done) > POOL_WORTH_S:
                    yield from self._pool(todo[done:], done, speaker)
                    return
            try:
                speaker.synthesize(job.sentence)
            except SynthesisError as exc:
                yield [(index, exc.what)]
                return
            done += 1
            yield [(index, None)]

    def _pool(self, todo: list[Job], offset: int, speaker: Speaker) -> Iterator[BatchResult]:
        # "spawn": a forked copy of a process that loaded torch or CUDA misbehaves.
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=context,
            initializer=_worker_start,
            initargs=(speaker.voice, speaker.options, str(speaker.cache.folder)),
        ) as pool:
            try:
                for results in pool.map(_worker_run, batches(todo, self.jobs)):
                    yield [(index + offset, error) for index, error in results]
            except concurrent.futures.process.BrokenProcessPool:
                raise SynthesisError(
                    f"a synthesis worker of voice '{speaker.voice.name}' died", hint="try --jobs 1 to see the engine's own error"
                ) from None
        speaker.synthesized += len(todo)


def synthesize(
    scripts: list[EpisodeScript],
    todo: list[Job],
    speaker: Speaker,
    executor: Executor,
    notes_dir: Path,
    advance: Callable[[int], None] | None = None,
) -> Iterator[EpisodeScript]:
    """Fill the cache for ``todo``; yield each episode as soon as all its sentences are there.

    Episodes with nothing to synthesize come first. A failure names the note
    and line of the sentence.
    """
    index_of = {job.key: i for i, job in enumerate(todo)}
    waiting: list[set[int]] = [
        {index_of[k] for k in (speaker.key(s) for s in script.sentences()) if k in index_of} for script in scripts
    ]
    pending = list(range(len(scripts)))

    def ready() -> Iterator[EpisodeScript]:
        for number in [n for n in pending if not waiting[n]]:
            pending.remove(number)
            yield scripts[number]

    yield from ready()
    if todo:
        for results in executor.run(todo, speaker):
            for index, error in results:
                if error is not None:
                    raise _failure(todo[index], notes_dir, error)
                for needs in waiting:
                    needs.discard(index)
            if advance:
                advance(len(results))
            yield from ready()
    yield from ready()


# --- the local worker pool -------------------------------------------------------

_WORKER: tuple[Engine, Voice, SpeechCache] | None = None


def _worker_start(voice: Voice, options: dict, cache_dir: str) -> None:
    global _WORKER
    engine = create_engine(voice, **options)
    engine.load()  # once per worker
    _WORKER = (engine, voice, SpeechCache(Path(cache_dir)))


def _worker_run(batch: Batch) -> BatchResult:
    assert _WORKER is not None
    return run_batch(*_WORKER, batch)


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
