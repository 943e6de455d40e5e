"""Slides embedded in the notes, published as chapter pictures.

A slide (``![[slide.png]]`` in a point) becomes the picture of the chapter
it is in, and of the chapters after it until the next slide: apps then show
the slide the lecturer is talking about.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from ..assemble import Mark
from ..model import Notice
from ..normalize.script import EpisodeScript
from ..notes import Attachments
from .art import prepare_slide

SLIDES_DIR = "slides"


@dataclass(frozen=True)
class Slide:
    """A published slide: the name written in the note and the file beside the feed."""

    name: str
    file_name: str  # relative to output/
    data: bytes
    mime: str


def collect_slides(script: EpisodeScript, attachments: Attachments, notices: list[Notice]) -> dict[str, Slide]:
    """Every slide an episode embeds, found in the vault; a missing one is a notice."""
    slides: dict[str, Slide] = {}
    for chapter in script.chapters:
        for point in chapter.points:
            for name in point.point.images:
                if name in slides:
                    continue
                path = attachments.find(name, chapter.chapter.source)
                if path is None:
                    notices.append(Notice(f"embedded image '{name}' not found in the vault; the chapter has no picture", chapter.chapter.source, point.point.line))
                    continue
                try:
                    data, mime = prepare_slide(path)
                except Exception as exc:  # Pillow raises many kinds for a bad file
                    notices.append(Notice(f"embedded image '{name}' cannot be read ({exc}); skipped", chapter.chapter.source, point.point.line))
                    continue
                suffix = ".png" if mime == "image/png" else ".jpg"
                stem = slugify(Path(name).stem) or "slide"
                slides[name] = Slide(name, f"{SLIDES_DIR}/{stem}{suffix}", data, mime)
    return slides


def mark_art(marks: list[Mark], slides: dict[str, Slide]) -> list[Slide | None]:
    """The picture of each mark: its first slide, else the last one shown before it."""
    shown: Slide | None = None
    art: list[Slide | None] = []
    for mark in marks:
        own = [slides[name] for name in mark.images if name in slides]
        if own:
            art.append(own[0])
            shown = own[-1]
        else:
            art.append(shown)
    return art
