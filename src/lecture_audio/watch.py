"""Re-render when the lecturer saves a note (or the settings, lexicon or voices)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .errors import LectureAudioError
from .settings import SETTINGS_FILE, Settings, load_settings


def watched_paths(settings: Settings, notes_dir: Path | None = None) -> list[Path]:
    """What a render reads: the notes, the voices and the settings file (output/ is not watched)."""
    paths = [Path(notes_dir or settings.notes_dir), settings.voices_dir, settings.root / SETTINGS_FILE]
    if settings.lexicon:
        paths.append(settings.root / settings.lexicon)
    return [p for p in paths if p.exists()]


def watch(
    settings: Settings,
    rerender: Callable[[Settings], None],
    on_error: Callable[[LectureAudioError], None],
    *,
    config: Path | None = None,
    notes_dir: Path | None = None,
    stop_event: threading.Event | None = None,
    debounce_ms: int = 800,
) -> None:
    """Call ``rerender`` after each batch of changes until ``stop_event`` is set.

    Settings are read again before each render; a render that fails reports
    through ``on_error`` and the watch goes on.
    """
    import watchfiles

    for _changes in watchfiles.watch(
        *watched_paths(settings, notes_dir),
        stop_event=stop_event,
        debounce=debounce_ms,
        step=50,
        raise_interrupt=False,
    ):
        try:
            settings = load_settings(settings.root, config)
            rerender(settings)
        except LectureAudioError as exc:
            on_error(exc)
