"""Plain data passed from stage to stage: the vault as the lecturer sees it.

An :class:`Episode` is a folder of notes (one teaching weekend, one lecture),
a :class:`Chapter` is one note, a :class:`Point` is one top-level numbered item
of that note. Later stages add spoken text and audio in their own objects and
never change these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Point:
    """One numbered item of a note, as written (markup removed, code spans kept).

    ``number`` is the number the lecturer wrote; ``None`` marks the chapter's
    introduction (text before the first numbered item). ``text`` holds one
    block per line: the item's paragraphs and its nested bullets.
    """

    number: int | None
    text: str
    line: int
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """One note: its title, where it came from and its points in order."""

    title: str
    source: Path  # relative to the notes folder
    points: tuple[Point, ...]
    intro: Point | None = None
    date: dt.date | None = None

    @property
    def spoken_points(self) -> tuple[Point, ...]:
        """The introduction (if any) followed by the numbered points."""
        return ((self.intro,) if self.intro else ()) + self.points


@dataclass(frozen=True)
class Episode:
    """One folder of notes, published as one MP3."""

    title: str
    slug: str
    source: Path  # relative to the notes folder
    chapters: tuple[Chapter, ...]
    number: int
    date: dt.date | None = None


@dataclass(frozen=True)
class Notice:
    """Something worth telling the lecturer that does not stop a render."""

    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


@dataclass
class Vault:
    """Everything read from the notes folder."""

    root: Path
    episodes: list[Episode] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
