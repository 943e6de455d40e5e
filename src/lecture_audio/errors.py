"""One exception family for everything a user can get wrong.

The library raises these; only the CLI turns them into a one-line
``error: <file>:<line>: <what> (<what to do>)`` and an exit code.
"""

from __future__ import annotations

from pathlib import Path


class LectureAudioError(Exception):
    """A problem the user can fix: bad notes, settings, voices or output folder."""

    def __init__(
        self,
        what: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as the CLI prints it, without the ``error:`` prefix."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.what}{hint}"


class SettingsError(LectureAudioError):
    """``lecture-audio.yaml`` is malformed, has an unknown key or a wrong type."""


class NotesError(LectureAudioError):
    """The notes folder is missing, empty or holds a note that cannot be read."""


class VoiceError(LectureAudioError):
    """A voice does not exist, names an unknown engine or misses its model files."""


class SynthesisError(LectureAudioError):
    """An engine failed or returned no audio for a point."""


class OutputError(LectureAudioError):
    """The output folder cannot be written (read-only, full disk, busy)."""
