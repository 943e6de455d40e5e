"""The Ray executor: same output as the local one, on a local Ray with two workers."""

from __future__ import annotations

from pathlib import Path

import pytest
import ray

from lecture_audio.distributed import RayExecutor
from lecture_audio.errors import SynthesisError
from lecture_audio.render import render
from lecture_audio.settings import load_settings

from .conftest import REPO, make_project
from .test_incremental import digest, tone_project, with_tone_voice


@pytest.fixture(scope="module")
def local_ray():
    # Workers import the test engine from the repository.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": {"PYTHONPATH": str(REPO)}})
    yield
    ray.shutdown()


def sample_project(root: Path) -> Path:
    """The sample notes with the deterministic tone voice (espeak-ng's output drifts by a few samples)."""
    return with_tone_voice(make_project(root, settings="voice: tone\n"))


def test_ray_output_on_the_samples_is_identical_to_the_local_executor(tmp_path: Path, local_ray) -> None:
    local = sample_project(tmp_path / "local")
    distributed = sample_project(tmp_path / "ray")
    first = render(load_settings(local), jobs=1)
    second = render(load_settings(distributed), executor=RayExecutor(workers=2))
    assert second.synthesized == first.synthesized == first.sentences > 60
    assert digest(local / "output") == digest(distributed / "output")


def test_a_worker_that_dies_is_retried(tmp_path: Path, local_ray) -> None:
    project = tone_project(tmp_path / "p")
    marker = tmp_path / "died"
    voice = project / "voices" / "tone.yaml"
    voice.write_text(voice.read_text().replace("{seconds_per_char: 0.05}", f"{{seconds_per_char: 0.05, die_once: '{marker}'}}"))
    reference = tone_project(tmp_path / "reference")
    render(load_settings(reference), jobs=1)
    report = render(load_settings(project), executor=RayExecutor(workers=2))
    assert marker.exists()  # a worker really died
    assert report.sentences > 0 and digest(project / "output") == digest(reference / "output")


def test_a_point_that_keeps_failing_names_the_note(tmp_path: Path, local_ray) -> None:
    project = tone_project(tmp_path / "p", copies=1)
    voice = project / "voices" / "tone.yaml"
    voice.write_text(voice.read_text().replace("{seconds_per_char: 0.05}", "{seconds_per_char: 0.05, fail_on: 'punktu siedem'}"))
    with pytest.raises(SynthesisError) as info:
        render(load_settings(project), executor=RayExecutor(workers=2))
    message = str(info.value)
    assert "1. Notatka 1.md:7:" in message and "the model broke" in message
    assert not (project / "output" / "feed.xml").exists()
