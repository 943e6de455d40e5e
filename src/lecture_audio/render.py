"""The library API: read the notes, normalize, synthesize, assemble, publish.

``render()`` reads top to bottom as the steps of a render. Everything is read
and normalized before anything is synthesized, and nothing in ``output/`` is
touched until the speech for every sentence exists, so bad notes or a failing
voice never leave a half-written podcast behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .assemble import Mark, Timeline, stream_episode
from .cache import Clip, SpeechCache, sentence_key
from .engines import Engine, Voice, create_engine, find_voice
from .errors import LectureAudioError, OutputError, SynthesisError
from .model import Episode, Notice, Vault
from .normalize import Normalizer, load_lexicon
from .normalize.script import EpisodeScript, Sentence, script_episode
from .notes import read_vault
from .files import write_atomic
from .notes import Attachments
from .publish.art import prepare_cover, publish_file
from .publish.chapters import chapters_document, chapters_json
from .publish.feed import FeedItem, episode_guid, write_feed
from .publish.mp3 import EpisodeTags, write_episode_mp3
from .publish.slides import Slide, collect_slides, mark_art
from .publish.transcripts import srt, webvtt
from .settings import Settings

CACHE_DIR = ".lecture-audio-cache"
LOCK_FILE = ".lecture-audio.lock"

Progress = Callable[[str], None]


@dataclass
class RenderedEpisode:
    """One published episode: where it is and what is in it."""

    episode: Episode
    path: Path
    size: int
    timeline: Timeline
    feed_item: FeedItem


@dataclass
class RenderReport:
    """What a render did, for the CLI's summary and for tests."""

    episodes: list[RenderedEpisode] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sentences: int = 0
    synthesized: int = 0
    seconds: float = 0.0
    feed: Path | None = None

    @property
    def audio_seconds(self) -> float:
        return sum(e.timeline.duration for e in self.episodes)


def make_normalizer(settings: Settings) -> Normalizer:
    """The normalizer with the built-in lexicon plus the lecturer's own, if any."""
    extra = []
    beside_notes = settings.notes_dir / "lexicon.yaml"
    if beside_notes.is_file():
        extra.append(beside_notes)
    if settings.lexicon:
        extra.append(settings.root / settings.lexicon)
    return Normalizer(load_lexicon(extra))


def read_scripts(settings: Settings, notes_dir: Path | None = None) -> tuple[Vault, list[EpisodeScript]]:
    """Read the vault and normalize every point: the spoken script of each episode."""
    vault = read_vault(notes_dir or settings.notes_dir, start_date=settings.start_date)
    normalizer = make_normalizer(settings)
    scripts = [script_episode(e, normalizer, settings.announce_titles) for e in vault.episodes]
    return vault, scripts


@contextlib.contextmanager
def project_lock(output_dir: Path) -> Iterator[None]:
    """Hold the output folder for one render; a second render at once is refused."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        handle = open(output_dir / LOCK_FILE, "a+")
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror}", path=output_dir, hint="check its permissions") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError("the project is busy: another render is writing this output folder", path=output_dir, hint="wait for it to finish") from None
        yield


class Speaker:
    """Speech for sentences in one voice, synthesized once and then taken from the cache."""

    def __init__(self, voice: Voice, engine: Engine, cache: SpeechCache) -> None:
        self.voice = voice
        self.engine = engine
        self.cache = cache
        self.synthesized = 0

    def key(self, sentence: Sentence) -> str:
        return sentence_key(sentence.spoken, self.voice, self.engine.version)

    def has(self, sentence: Sentence) -> bool:
        return self.cache.path(self.key(sentence)).is_file()

    def synthesize(self, sentence: Sentence) -> Clip:
        try:
            samples = self.engine.synthesize(sentence.spoken)
        except LectureAudioError:
            raise
        except Exception as exc:  # an engine's own failure, named for the user
            raise SynthesisError(f"voice '{self.voice.name}' failed: {exc}") from exc
        if samples is None or len(samples) == 0:
            raise SynthesisError(f"voice '{self.voice.name}' returned no audio")
        clip = Clip(samples.astype("float32", copy=False), self.engine.sample_rate)
        self.cache.put(self.key(sentence), clip)
        self.synthesized += 1
        return clip

    def clip(self, sentence: Sentence) -> Clip:
        """The sentence's audio: from the cache, or synthesized if missing or corrupt."""
        return self.cache.get(self.key(sentence)) or self.synthesize(sentence)


def synthesize_missing(scripts: list[EpisodeScript], speaker: Speaker, notes_dir: Path, progress: Progress | None = None) -> int:
    """Synthesize every sentence the cache lacks; a failure names the note and line."""
    count = 0
    for script in scripts:
        for chapter in script.chapters:
            items = ([(chapter.title, 1)] if chapter.title else []) + [
                (s, p.point.line) for p in chapter.points for s in p.sentences
            ]
            for sentence, line in items:
                count += 1
                if speaker.has(sentence):
                    continue
                try:
                    speaker.synthesize(sentence)
                except SynthesisError as exc:
                    raise SynthesisError(
                        f"{exc.what} while speaking: {sentence.written[:60]!r}",
                        path=notes_dir / chapter.chapter.source,
                        line=line,
                        hint="fix the text or the voice; nothing in output/ was changed",
                    ) from None
        if progress:
            progress(f"synthesized {script.episode.title}")
    return count


def episode_date(settings: Settings, episode: Episode) -> dt.datetime:
    """The episode's publication date: from the notes or settings, else the notes' last change.

    Never the time of the render, so re-rendering does not reorder podcast apps.
    """
    if episode.date:
        day = episode.date
    else:
        sources = [settings.notes_dir / c.source for c in episode.chapters]
        newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0.0)
        day = dt.datetime.fromtimestamp(newest, dt.timezone.utc).date()
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.timezone.utc)


def publish_episode(
    script: EpisodeScript,
    speaker: Speaker,
    settings: Settings,
    output_dir: Path,
    attachments: Attachments,
    notices: list[Notice],
    cover: bytes,
) -> RenderedEpisode:
    """Stitch one episode and write its MP3, chapters, transcripts and slides."""
    episode = script.episode
    slides = collect_slides(script, attachments, notices)
    for slide in slides.values():
        publish_file(output_dir / slide.file_name, slide.data)

    def chapter_marks(timeline: Timeline) -> tuple[list[Mark], list[Slide | None]]:
        marks = timeline.points if settings.chapters == "points" else timeline.chapters
        return marks, mark_art(marks, slides)

    timeline = Timeline()
    chunks = stream_episode(script, speaker.clip, speaker.engine.sample_rate, settings.pauses, timeline)
    date = episode_date(settings, episode)
    path = output_dir / f"{episode.slug}.mp3"
    tags = EpisodeTags(
        title=episode.title, album=settings.title, artist=settings.author, track=episode.number, year=str(date.year), cover=cover
    )
    size = write_episode_mp3(path, chunks, timeline, tags, settings.bitrate, chapter_marks)

    marks, art = chapter_marks(timeline)
    chapters_file = f"{episode.slug}.chapters.json"
    document = chapters_document(
        marks,
        title=episode.title,
        podcast=settings.title,
        author=settings.author,
        file_name=path.name,
        image_url=lambda name: settings.feed_url(slides[name].file_name) if name in slides else None,
    )
    for entry, picture in zip(document["chapters"], art):
        if picture is not None:
            entry["img"] = settings.feed_url(picture.file_name)
    write_atomic(output_dir / chapters_file, chapters_json(document))
    write_atomic(output_dir / f"{episode.slug}.vtt", webvtt(timeline.cues, settings.language).encode("utf-8"))
    write_atomic(output_dir / f"{episode.slug}.srt", srt(timeline.cues).encode("utf-8"))
    item = FeedItem(
        title=episode.title,
        number=episode.number,
        file_name=path.name,
        size=size,
        duration=timeline.duration,
        guid=episode_guid(settings, episode.source.as_posix()),
        date=date,
        chapters=tuple(marks),
        chapters_file=chapters_file,
        transcripts=((f"{episode.slug}.vtt", "text/vtt"), (f"{episode.slug}.srt", "application/x-subrip")),
    )
    return RenderedEpisode(episode, path, size, timeline, item)


def render(
    settings: Settings,
    *,
    notes_dir: Path | None = None,
    output_dir: Path | None = None,
    voice: str | None = None,
    progress: Progress | None = None,
) -> RenderReport:
    """Render the notes into MP3 episodes and a feed in the output folder."""
    started = time.perf_counter()
    notes_dir = Path(notes_dir or settings.notes_dir)
    output_dir = Path(output_dir or settings.output_dir)
    if notes_dir != settings.notes_dir:
        settings = _with_notes(settings, notes_dir)

    # 1. parse and 2. normalize: everything, before anything is written.
    vault, scripts = read_scripts(settings, notes_dir)
    report = RenderReport(notices=list(vault.notices))

    # 3. synthesize every sentence into the cache.
    chosen = find_voice(voice or settings.voice, settings.voices_dir)
    engine = create_engine(chosen)
    engine.load()
    speaker = Speaker(chosen, engine, SpeechCache(settings.root / CACHE_DIR))
    attachments = Attachments(notes_dir)
    with project_lock(output_dir):
        report.sentences = synthesize_missing(scripts, speaker, notes_dir, progress)

        # 4. stitch and 5. publish, one episode at a time; the feed last.
        cover_data, cover_suffix = prepare_cover(
            settings.root / settings.image if settings.image else None, settings.title, settings.author
        )
        cover_name = f"cover{cover_suffix}"
        publish_file(output_dir / cover_name, cover_data)
        items: list[FeedItem] = []
        for script in scripts:
            rendered = publish_episode(script, speaker, settings, output_dir, attachments, report.notices, cover_data)
            report.episodes.append(rendered)
            items.append(rendered.feed_item)
            if progress:
                progress(f"wrote {rendered.path.name} ({rendered.timeline.duration:.0f} s)")
        report.feed = output_dir / "feed.xml"
        write_feed(report.feed, settings, items, cover_name)
    report.synthesized = speaker.synthesized
    report.seconds = time.perf_counter() - started
    return report


def _with_notes(settings: Settings, notes_dir: Path) -> Settings:
    import dataclasses

    return dataclasses.replace(settings, notes=os.path.relpath(notes_dir, settings.root))


def scripts_as_json(scripts: list[EpisodeScript]) -> dict:
    """The spoken script in the shape other tools read (``normalize --json``)."""
    return {
        "episodes": [
            {
                "title": script.episode.title,
                "chapters": [
                    {
                        "source": chapter.chapter.source.as_posix(),
                        "title": chapter.chapter.title,
                        "points": [{"number": p.point.number, "text": p.spoken} for p in chapter.points],
                    }
                    for chapter in script.chapters
                ],
            }
            for script in scripts
        ]
    }
