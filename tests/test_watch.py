"""`watch`: a saved note triggers a render; output/ changes do not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from lecture_audio.render import render
from lecture_audio.settings import Settings, load_settings
from lecture_audio.watch import watch, watched_paths


DEBOUNCE_MS = 200


def test_saving_a_note_renders_again_and_its_own_writes_do_not(small_project: Path) -> None:
    settings = load_settings(small_project)
    render(settings, jobs=1)
    renders: list[int] = []
    errors: list[str] = []
    first = threading.Event()
    second = threading.Event()
    stop = threading.Event()

    def rerender(current: Settings) -> None:
        report = render(current, jobs=1)
        renders.append(report.synthesized)
        (second if first.is_set() else first).set()

    thread = threading.Thread(
        target=watch,
        args=(settings, rerender, lambda e: errors.append(str(e))),
        kwargs={"stop_event": stop, "debounce_ms": DEBOUNCE_MS},
    )
    thread.start()
    try:
        time.sleep(1.0)  # let the watcher start
        note = small_project / "notes" / "Wykład 1" / "2. Plan.md"
        note.write_text("1. Plan zajęć na jutro.\n", encoding="utf-8")
        assert first.wait(30), "no render after the note changed"
        # The render wrote output/ and the cache; the watcher stays up well past its
        # debounce: had it seen those writes, it would have rendered again by now.
        second.wait(10 * DEBOUNCE_MS / 1000)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert renders == [1] and errors == []


def test_output_and_cache_are_not_watched(small_project: Path) -> None:
    paths = watched_paths(load_settings(small_project))
    assert small_project / "notes" in paths
    assert not any(p.name in ("output", ".lecture-audio-cache") for p in paths)
