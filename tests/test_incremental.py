"""Incremental and parallel renders: only what changed costs time; --jobs changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import tracemalloc
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from lecture_audio import synthesis
from lecture_audio.assemble import Timeline, stream_episode
from lecture_audio.cache import Clip
from lecture_audio.cli import main
from lecture_audio.model import Chapter, Episode, Point
from lecture_audio.normalize.script import (
    ChapterScript,
    EpisodeScript,
    PointScript,
    Sentence,
)
from lecture_audio.publish.mp3 import encode_mp3
from lecture_audio.render import STALE_SEGMENT_DAYS, render
from lecture_audio.settings import Pauses, load_settings

from .conftest import make_project

TONE_VOICE = "name: tone\nengine: tests.fake_engine:ToneEngine\nsettings: {seconds_per_char: 0.05}\n"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def tone_project(root: Path, copies: int = 3) -> Path:
    notes = {}
    for n in range(1, copies + 1):
        points = "\n".join(f"{i}. Zdanie {i} w notatce {n}. Drugie zdanie punktu {i}." for i in range(1, 25))
        notes[f"Wykład {n % 2 + 1}/{n}. Notatka {n}.md"] = points + "\n"
    return with_tone_voice(make_project(root, notes=notes, settings="voice: tone\n"))


def with_tone_voice(project: Path) -> Path:
    """Add the deterministic tone voice to a project made with ``voice: tone`` in its settings."""
    (project / "voices" / "tone.yaml").write_text(TONE_VOICE)
    return project


def test_jobs_2_output_is_byte_identical_to_jobs_1(tmp_path: Path, monkeypatch) -> None:
    one = tone_project(tmp_path / "one")
    two = tone_project(tmp_path / "two")
    first = render(load_settings(one), jobs=1)
    # The tone engine is fast: make the pool start anyway, and check that it did.
    monkeypatch.setattr(synthesis, "POOL_WORTH_S", 0.0)
    pooled: list[int] = []
    original = synthesis.LocalExecutor._pool

    def pool(self, todo, offset, speaker):  # type: ignore[no-untyped-def]
        pooled.append(len(todo))
        yield from original(self, todo, offset, speaker)

    monkeypatch.setattr(synthesis.LocalExecutor, "_pool", pool)
    second = render(load_settings(two), jobs=2)
    assert pooled and pooled[0] == first.synthesized - 4  # all but the four timed in-process
    assert first.synthesized == second.synthesized
    assert digest(one / "output") == digest(two / "output")


def test_nothing_changed_means_nothing_synthesized_or_encoded(tmp_path: Path) -> None:
    project = tone_project(tmp_path / "p")
    render(load_settings(project), jobs=1)
    mp3s = {p: p.stat().st_mtime_ns for p in (project / "output").glob("*.mp3")}
    again = render(load_settings(project), jobs=1)
    assert again.synthesized == 0
    assert not any(e.encoded for e in again.episodes)
    assert {p: p.stat().st_mtime_ns for p in (project / "output").glob("*.mp3")} == mp3s



def test_editing_one_point_resynthesizes_that_point_and_its_episode_only(tmp_path: Path) -> None:
    project = tone_project(tmp_path / "p")
    render(load_settings(project), jobs=1)
    note = project / "notes" / "Wykład 2" / "1. Notatka 1.md"
    note.write_text(note.read_text().replace("Drugie zdanie punktu 7.", "Zmienione zdanie punktu siódmego."))
    again = render(load_settings(project), jobs=1)
    assert again.synthesized == 1
    encoded = {e.path.name: e.encoded for e in again.episodes}
    assert encoded == {"wyklad-1.mp3": False, "wyklad-2.mp3": True}


def test_corrupt_cache_entry_is_synthesized_again(tmp_path: Path) -> None:
    project = tone_project(tmp_path / "p", copies=1)
    render(load_settings(project), jobs=1)
    clips = sorted((project / ".lecture-audio-cache").glob("??/*.npz"))
    clips[0].write_bytes(clips[0].read_bytes()[:100])
    shutil.rmtree(project / "output")  # force the episode to be stitched again
    again = render(load_settings(project), jobs=1)
    assert again.synthesized == 1


def test_cache_info_and_prune(tmp_path: Path, monkeypatch) -> None:
    project = tone_project(tmp_path / "p", copies=1)
    render(load_settings(project), jobs=1)
    note = next((project / "notes").rglob("*.md"))
    note.write_text("1. Jedyny punkt, który został.\n")
    monkeypatch.chdir(project)
    info = CliRunner().invoke(main, ["cache", "info"])
    assert info.exit_code == 0
    # 24 points of two sentences and the announced title; only the title is still said.
    assert "49 clips" in info.stdout and "1 used by the notes, 48 unused" in info.stdout
    render(load_settings(project), jobs=1)
    segments = list((project / ".lecture-audio-cache" / "segments").glob("*.mp3"))
    assert len(segments) == 2  # the chapter as first rendered, and as it is now
    pruned = CliRunner().invoke(main, ["cache", "prune"])
    # 48 clips, and the old chapter's encoded segment with its timeline.
    assert pruned.exit_code == 0 and pruned.stdout.startswith("removed 50 files")
    assert len(list((project / ".lecture-audio-cache" / "segments").glob("*.mp3"))) == 1
    assert "2 clips" in CliRunner().invoke(main, ["cache", "info"]).stdout


def test_render_removes_stale_unused_segments(tmp_path: Path) -> None:
    project = tone_project(tmp_path / "p", copies=1)
    render(load_settings(project), jobs=1)
    folder = project / ".lecture-audio-cache" / "segments"
    first = {p.name for p in folder.glob("*.mp3")}
    note = next((project / "notes").rglob("*.md"))
    note.write_text("1. Jedyny punkt, który został.\n")
    render(load_settings(project), jobs=1)
    assert first < {p.name for p in folder.glob("*.mp3")}  # a week's grace: the old chapter is still there
    week_ago = time.time() - (STALE_SEGMENT_DAYS * 86400 + 60)
    for path in folder.iterdir():
        os.utime(path, (week_ago, week_ago))
    note.write_text("1. Jedyny punkt, który został, po poprawce.\n")
    render(load_settings(project), jobs=1)
    # Only the chapter the published episode is made of is left.
    now = {p.name for p in folder.glob("*.mp3")}
    assert len(now) == 1 and not now & first
    assert {p.stem for p in folder.iterdir()} == {Path(n).stem for n in now}


def test_memory_does_not_grow_with_the_episode(tmp_path: Path) -> None:
    """Twenty minutes of audio streamed through stitching, loudness and the encoder."""
    rate = 22050
    clip = Clip((0.2 * np.sin(np.arange(rate * 10) * 0.05)).astype(np.float32), rate)
    points = tuple(PointScript(Point(i, "x", i), (Sentence(f"s{i}", f"s{i}"),)) for i in range(120))
    script = EpisodeScript(Episode("E", "e", Path("e"), (), 1), (ChapterScript(Chapter("C", Path("c.md"), ()), None, points),))
    timeline = Timeline()
    tracemalloc.start()
    with (tmp_path / "e.mp3").open("wb") as out:
        encode_mp3(stream_episode(script, lambda s: clip, rate, Pauses(), timeline), out, 96)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert timeline.duration > 20 * 60
    whole_episode = timeline.samples * 4  # float32 at 44.1 kHz
    assert whole_episode > 200e6
    assert peak < 40e6, f"peak {peak / 1e6:.0f} MB"


def test_small_edits_keep_the_measured_gain_and_big_ones_measure_again(tmp_path: Path) -> None:
    from lecture_audio.assemble import Timeline
    from lecture_audio.publish.episode import Manifest

    manifest = Manifest(tmp_path)
    timeline = Timeline(gain_db=4.5)
    keys = [f"k{i}" for i in range(100)]
    manifest.record("e", "inputs", 10, timeline, keys)
    again = Manifest(tmp_path)  # read back from the file
    assert again.known_gain("e", keys[:-3] + ["new1", "new2", "new3"]) == 4.5
    assert again.known_gain("e", keys[:-10] + [f"new{i}" for i in range(10)]) is None
    assert again.known_gain("other", keys) is None
