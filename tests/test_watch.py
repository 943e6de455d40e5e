"""`watch`: a saved note triggers a render; output/ changes do not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from lecture_audio.render import render
from lecture_audio.settings import Settings, load_settings
from lecture_audio.watch import watch, watched_paths


def test_saving_a_note_renders_again(small_project: Path) -> None:
    settings = load_settings(small_project)
    render(settings, jobs=1)
    renders: list[int] = []
    errors: list[str] = []
    done = threading.Event()
    stop = threading.Event()

    def rerender(current: Settings) -> None:
        report = render(current, jobs=1)
        renders.append(report.synthesized)
        done.set()

    thread = threading.Thread(target=watch, args=(settings, rerender, lambda e: errors.append(str(e))), kwargs={"stop_event": stop, "debounce_ms": 200})
    thread.start()
    try:
        time.sleep(1.0)  # let the watcher start
        note = small_project / "notes" / "Wykład 1" / "2. Plan.md"
        note.write_text("1. Plan zajęć na jutro.\n", encoding="utf-8")
        assert done.wait(30), "no render after the note changed"
    finally:
        stop.set()
        thread.join(10)
    assert renders[0] == 1 and errors == []
    # The render's own writes to output/ did not trigger another one.
    assert len(renders) == 1


def test_output_and_cache_are_not_watched(small_project: Path) -> None:
    paths = watched_paths(load_settings(small_project))
    assert small_project / "notes" in paths
    assert not any(p.name in ("output", ".lecture-audio-cache") for p in paths)
