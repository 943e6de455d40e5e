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

    def one_line(self, base: Path | None = None) -> str:
        """The message as the CLI prints it, without the ``error:`` prefix.

        Paths under ``base`` (the user's working folder) are shown relative to it.
        """
        where = ""
        if self.path is not None:
            path = self.path
            if base is not None:
                try:
                    path = path.resolve().relative_to(base.resolve())
                except ValueError:
                    pass
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
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
