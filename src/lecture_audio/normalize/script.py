"""The spoken script: every sentence of an episode, as written and as spoken.

This is where the notes meet the normalizer. Sentences are split on the
written text, so each spoken sentence keeps its readable original for the
transcript, and synthesis, pauses and cue times line up sentence by sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Chapter, Episode, Point

if TYPE_CHECKING:
    from . import Finding, Normalizer


@dataclass(frozen=True)
class Sentence:
    """One sentence: what the note says and what the voice says."""

    written: str
    spoken: str
    findings: tuple[Finding, ...] = field(default=(), compare=False)  # what the normalizer guessed


@dataclass(frozen=True)
class PointScript:
    """A point's sentences; a point with nothing to say has none."""

    point: Point
    sentences: tuple[Sentence, ...]

    @property
    def spoken(self) -> str:
        return " ".join(s.spoken for s in self.sentences)


@dataclass(frozen=True)
class ChapterScript:
    """A chapter: its announced title (optional) and its points in order."""

    chapter: Chapter
    title: Sentence | None
    points: tuple[PointScript, ...]


@dataclass(frozen=True)
class EpisodeScript:
    """Everything an episode's voice will say, in order."""

    episode: Episode
    chapters: tuple[ChapterScript, ...]

    def sentences(self) -> list[Sentence]:
        """Every sentence of the episode in speaking order."""
        out: list[Sentence] = []
        for chapter in self.chapters:
            if chapter.title:
                out.append(chapter.title)
            for point in chapter.points:
                out.extend(point.sentences)
        return out


def script_point(point: Point, normalizer: Normalizer) -> PointScript:
    """Split a point into written sentences and normalize each one."""
    sentences = []
    for written in normalizer.split_sentences(point.text):
        spoken, findings = normalizer.normalize_checked(written)
        if spoken:
            sentences.append(Sentence(written=written, spoken=spoken, findings=tuple(findings)))
    return PointScript(point=point, sentences=tuple(sentences))


def script_episode(episode: Episode, normalizer: Normalizer, announce_titles: bool = True) -> EpisodeScript:
    """The spoken script of one episode."""
    chapters = []
    for chapter in episode.chapters:
        title = None
        if announce_titles:
            spoken, findings = normalizer.normalize_checked(chapter.title)
            if spoken:
                # The title is announced as a sentence of its own.
                title = Sentence(written=chapter.title, spoken=spoken.rstrip(".!?:;,") + ".", findings=tuple(findings))
        points = tuple(script_point(p, normalizer) for p in chapter.spoken_points)
        chapters.append(ChapterScript(chapter=chapter, title=title, points=points))
    return EpisodeScript(episode=episode, chapters=tuple(chapters))
