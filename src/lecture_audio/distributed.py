"""Rendering on Ray: a faculty's courses with a neural voice, on a laptop or a GPU cluster.

Synthesis runs in a pool of Ray actors, each loading the voice's model once
(``num_gpus`` each for neural voices). Audio comes back through Ray's object
store and the driver writes it into its sentence cache, so nodes need no
shared folder, and every later step (stitching, loudness, encoding, the feed)
runs once per episode on the driver as soon as the episode's sentences are
in. A worker that dies is restarted by Ray and its batch retried.

Without an address a local Ray is started, so it runs on one machine too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import numpy as np

from .cache import Clip
from .engines import Voice, create_engine
from .errors import LectureAudioError, SynthesisError
from .synthesis import Batch, BatchResult, Job, Speaker, batches, default_jobs, speak

# A worker's answer per sentence: (index, error or None, samples or None, sample rate).
Answer = list[tuple[int, str | None, np.ndarray | None, int]]


class SynthesisWorker:
    """One Ray actor: the voice's engine, loaded once."""

    def __init__(self, voice: Voice, options: dict[str, Any]) -> None:
        self.voice = voice
        self.engine = create_engine(voice, **options)
        self.engine.load()

    def run(self, batch: Batch) -> Answer:
        answer: Answer = []
        for index, _key, text in batch:
            try:
                clip = speak(self.engine, self.voice, text)
                answer.append((index, None, clip.samples, clip.sample_rate))
            except LectureAudioError as exc:
                answer.append((index, exc.what, None, 0))
                break
        return answer


class RayExecutor:
    """Runs synthesis jobs on a Ray cluster (or a local Ray when ``address`` is None)."""

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        num_gpus: float = 0.0,
        retries: int = 3,
        runtime_env: dict | None = None,
    ) -> None:
        self.address = address
        self.workers = workers
        self.num_gpus = num_gpus
        self.retries = retries
        self.runtime_env = runtime_env

    def _connect(self) -> Any:
        try:
            import ray
        except ImportError:
            raise LectureAudioError("the Ray executor needs Ray", hint="pip install 'lecture-audio[ray]'") from None
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": logging.ERROR,  # the CLI's own output stays readable
                "runtime_env": self.runtime_env,
            }
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    ray.init(num_cpus=self.workers or default_jobs(), **options)
            except Exception as exc:  # ConnectionError and Ray's own kinds
                raise LectureAudioError(f"cannot start or reach Ray: {exc}", hint="check --ray-address") from None
        return ray

    def worker_count(self, ray: Any) -> int:
        if self.workers:
            return self.workers
        if self.num_gpus:
            return max(1, int(ray.cluster_resources().get("GPU", 1) // self.num_gpus))
        return max(1, int(ray.cluster_resources().get("CPU", 1)))

    def run(self, todo: list[Job], speaker: Speaker) -> Iterator[BatchResult]:
        ray = self._connect()
        count = self.worker_count(ray)
        actor = ray.remote(SynthesisWorker).options(
            num_cpus=1, num_gpus=self.num_gpus, max_restarts=self.retries, max_task_retries=self.retries
        )
        workers = [actor.remote(speaker.voice, speaker.options) for _ in range(count)]
        queue = batches(todo, count)
        in_flight: dict[Any, int] = {}  # result ref -> worker number
        next_batch = 0
        # Two batches per worker keep every worker busy while the driver stores results.
        for worker in list(range(count)) * 2:
            if next_batch < len(queue):
                in_flight[workers[worker].run.remote(queue[next_batch])] = worker
                next_batch += 1
        try:
            while in_flight:
                (done,), _ = ray.wait(list(in_flight), num_returns=1)
                worker = in_flight.pop(done)
                try:
                    answer: Answer = ray.get(done)
                except Exception as exc:  # the batch failed after every retry
                    raise SynthesisError(f"a Ray worker of voice '{speaker.voice.name}' failed: {type(exc).__name__}") from None
                results: BatchResult = []
                for index, error, samples, rate in answer:
                    if error is None:
                        speaker.cache.put(todo[index].key, Clip(samples, rate))
                        speaker.synthesized += 1
                    results.append((index, error))
                if next_batch < len(queue):
                    in_flight[workers[worker].run.remote(queue[next_batch])] = worker
                    next_batch += 1
                yield results
        finally:
            for worker in workers:
                ray.kill(worker)
