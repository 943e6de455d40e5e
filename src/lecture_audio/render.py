"""The library API: read the notes, normalize, synthesize, assemble, publish.

``render()`` reads top to bottom as the steps of a render. Everything is read
and normalized before anything is synthesized, and nothing in ``output/`` is
touched until the speech for every sentence exists, so bad notes or a failing
voice never leave a half-written podcast behind.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .cache import SpeechCache, sentence_key
from .engines import find_voice
from .errors import OutputError
from .files import write_atomic
from .model import Notice, Vault
from .normalize import Normalizer, load_lexicon
from .normalize.script import EpisodeScript, script_episode
from .notes import Attachments, read_vault
from .publish.art import COVER_DESIGN, prepare_cover, publish_file
from .publish.episode import (
    Manifest,
    PreparedEpisode,
    PublishedEpisode,
    page_episode,
    prepare_episode,
    publish_episode,
)
from .publish.feed import build_feed
from .publish.identity import episode_identity, remembered, show_guid
from .publish.page import write_page
from .settings import Settings
from .synthesis import Executor, LocalExecutor, Speaker, missing, synthesize

CACHE_DIR = ".lecture-audio-cache"
# Encoded chapters no published episode uses are removed by a render once
# they are this old: long enough that switching voices back and forth does
# not re-encode, short enough that a semester of edits does not pile up.
STALE_SEGMENT_DAYS = 7
PARALLEL_EPISODES = 2  # episodes stitched and encoded at once
LOCK_FILE = ".lecture-audio.lock"


@dataclass
class RenderReport:
    """What a render did, for the CLI's summary and for tests."""

    episodes: list[PublishedEpisode] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sentences: int = 0
    synthesized: int = 0
    unresolved: int = 0  # things `lecture-audio check` would list
    seconds: float = 0.0
    feed: Path | None = None
    scheduled: list[tuple[str, dt.datetime]] = field(default_factory=list)  # episodes dated in the future by the notes

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


@dataclass(frozen=True)
class CheckItem:
    """One thing the normalizer could not resolve, and where it is written."""

    path: Path  # relative to the notes folder
    line: int
    kind: str
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.text!r}: {self.message}"


def check_notes(settings: Settings, notes_dir: Path | None = None) -> list[CheckItem]:
    """Everything in the notes the normalizer would guess at or could not say, with file and line."""
    _, scripts = read_scripts(settings, notes_dir)
    return check_scripts(scripts)


def check_scripts(scripts: list[EpisodeScript]) -> list[CheckItem]:
    """The unresolved items the normalizer noted while it scripted the episodes."""
    items: list[CheckItem] = []
    for script in scripts:
        for chapter in script.chapters:
            said = ([(chapter.title, 1)] if chapter.title else []) + [(s, p.point.line) for p in chapter.points for s in p.sentences]
            for sentence, line in said:
                for finding in sentence.findings:
                    items.append(CheckItem(chapter.chapter.source, line, finding.kind, finding.text, finding.message))
    return items


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


def remove_leftovers(*folders: Path) -> None:
    """Delete temporary files an interrupted render left behind (we hold the lock: none is in use)."""
    for folder in folders:
        for pattern in (".*.tmp", "*/.*.tmp"):
            for path in folder.glob(pattern):
                path.unlink(missing_ok=True)


class Progress(Protocol):
    """How a render reports what it is doing (the CLI draws bars; tests may listen)."""

    def stage(self, name: str, total: float, unit: str) -> None:
        """A stage starts: ``total`` units of work (sentences, seconds of audio)."""

    def advance(self, name: str, amount: float) -> None:
        """``amount`` more units of stage ``name`` are done."""

    def note(self, message: str) -> None:
        """A line worth showing in verbose mode."""


def render(
    settings: Settings,
    *,
    notes_dir: Path | None = None,
    output_dir: Path | None = None,
    voice: str | None = None,
    jobs: int | None = None,
    device: str = "cpu",
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RenderReport:
    """Render the notes into MP3 episodes and a feed in the output folder.

    Synthesis runs on ``executor`` (default: :class:`LocalExecutor` with
    ``jobs`` worker processes, one per core when not given).
    """
    started = time.perf_counter()
    notes_dir = Path(notes_dir or settings.notes_dir)
    output_dir = Path(output_dir or settings.output_dir)
    if notes_dir != settings.notes_dir:
        settings = _with_notes(settings, notes_dir)

    # 1. parse and 2. normalize: everything, before anything is written.
    vault, scripts = read_scripts(settings, notes_dir)
    report = RenderReport(notices=list(vault.notices))
    report.unresolved = len(check_scripts(scripts))
    chosen = find_voice(voice or settings.voice, settings.voices_dir)
    cache = SpeechCache(settings.root / CACHE_DIR)
    speaker = Speaker(chosen, cache, device=device)
    cover, cover_suffix = cached_cover(settings, cache)

    with project_lock(output_dir):
        remove_leftovers(output_dir, cache.folder)
        report.sentences, todo = missing(scripts, speaker)
        cover_name = cover_file_name(cover, cover_suffix)
        publish_file(output_dir / cover_name, cover)
        manifest = Manifest(output_dir)
        known = remembered(manifest.identity, output_dir / "feed.xml")
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        identities = {s.episode.slug: episode_identity(known, settings, s.episode, now) for s in scripts}
        report.scheduled = [(s.episode.title, identities[s.episode.slug].date) for s in scripts if identities[s.episode.slug].date > now]
        attachments = Attachments(notes_dir)
        if progress:
            progress.stage("synthesizing", len(todo), "sentences")
            progress.stage("encoding", _speech_seconds(scripts), "s")

        # 3. synthesize every missing sentence into the cache; 4. stitch and
        # encode each episode (into the cache) as soon as its sentences are all
        # there, two at a time; 5. publish when every episode is ready, so a
        # failure anywhere leaves output/ as it was.
        def prepare(script: EpisodeScript) -> PreparedEpisode:
            return prepare_episode(
                script,
                speaker,
                settings,
                output_dir,
                manifest,
                attachments,
                report.notices,
                cover,
                identities[script.episode.slug].date,
                _advance(progress, "encoding"),
            )

        with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL_EPISODES) as stitching:
            running = [
                stitching.submit(prepare, script)
                for script in synthesize(scripts, todo, speaker, executor or LocalExecutor(jobs), notes_dir, _advance(progress, "synthesizing"))
            ]
            prepared = [future.result() for future in running]
        for ready in sorted(prepared, key=lambda p: p.script.episode.number):
            published = publish_episode(ready, settings, output_dir, manifest, identities[ready.script.episode.slug].guid)
            report.episodes.append(published)
            if progress:
                state = "encoded" if published.encoded else "unchanged"
                progress.note(f"{published.path.name}: {state}, {published.timeline.duration / 60:.1f} min")
        cache.remember_voice(chosen, speaker.version)

        # The feed and the page last, when every episode is in place.
        report.feed = output_dir / "feed.xml"
        guid = show_guid(known, settings)
        manifest.remember_identity(known.to_dict())  # before the feed states them: a kill in between loses nothing
        publish_file(report.feed, build_feed(settings, [e.feed_item for e in report.episodes], cover_name, guid))
        episodes = [page_episode(published) for published in report.episodes]
        write_page(output_dir, settings.title, settings.podcast_description, episodes, cover=cover_name)
        remove_old_covers(output_dir, cover_name)
        remove_segments(cache, Manifest(output_dir).segments(), older_than_s=STALE_SEGMENT_DAYS * 86400)
    report.synthesized = speaker.synthesized
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class CacheInfo:
    """The speech cache: where, how big, and how much of it the notes still use."""

    folder: Path
    clips: int
    bytes: int
    used: int


def cache_usage(settings: Settings) -> tuple[SpeechCache, set[str], set[str]]:
    """The cache, every key in it, and the keys the current notes use (in any voice rendered before)."""
    cache = SpeechCache(settings.root / CACHE_DIR)
    _, scripts = read_scripts(settings)
    sentences = [s for script in scripts for s in script.sentences()]
    used = {sentence_key(s.spoken, voice, version) for voice, version in cache.voices_used() for s in sentences}
    return cache, cache.keys(), used


def cache_info(settings: Settings) -> CacheInfo:
    """Size of the speech cache and how much of it the notes use."""
    cache, keys, used = cache_usage(settings)
    return CacheInfo(cache.folder, len(keys), cache.size(), len(keys & used))


def prune_cache(settings: Settings) -> tuple[int, int]:
    """Remove the clips no note uses any more, and encoded chapters no episode was made of.

    Return (files, bytes) removed.
    """
    cache, _, used = cache_usage(settings)
    files, size = cache.prune(used)
    segment_files, segment_bytes = remove_segments(cache, Manifest(settings.output_dir).segments())
    return files + segment_files, size + segment_bytes


def remove_segments(cache: SpeechCache, keep: set[str], older_than_s: float = 0.0) -> tuple[int, int]:
    """Delete encoded chapters (and their timelines) not in ``keep`` and not touched for ``older_than_s``.

    Return (files, bytes) removed.
    """
    files = size = 0
    cutoff = time.time() - older_than_s
    for path in (cache.folder / "segments").glob("*.*"):
        if path.stem in keep:
            continue
        try:
            stat = path.stat()
            if stat.st_mtime > cutoff:
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        size += stat.st_size
        files += 1
    return files, size


def cover_file_name(cover: bytes, suffix: str) -> str:
    """The cover's name in output/: new whenever the picture changes, since apps cache artwork by URL."""
    return f"cover-{hashlib.sha256(cover).hexdigest()[:12]}{suffix}"


def remove_old_covers(output_dir: Path, current: str) -> None:
    """Delete covers no feed or page names any more (called once both name ``current``)."""
    for path in [*output_dir.glob("cover-*.*"), *output_dir.glob("cover.*")]:
        if path.name != current and path.suffix in (".png", ".jpg"):
            path.unlink(missing_ok=True)


def cached_cover(settings: Settings, cache: SpeechCache) -> tuple[bytes, str]:
    """The lecturer's cover, or a generated one (kept in the cache: drawing it takes a while)."""
    if settings.image:
        return prepare_cover(settings.root / settings.image, settings.title, settings.author)
    key = hashlib.sha256(f"cover {COVER_DESIGN} {settings.title} {settings.author}".encode()).hexdigest()
    path = cache.folder / "covers" / f"{key}.png"
    try:
        return path.read_bytes(), ".png"
    except OSError:
        data, suffix = prepare_cover(None, settings.title, settings.author)
        write_atomic(path, data)
        return data, suffix


def _advance(progress: Progress | None, stage: str) -> Callable[[float], None] | None:
    return (lambda amount: progress.advance(stage, amount)) if progress else None


def _speech_seconds(scripts: list[EpisodeScript]) -> float:
    """A rough length of the episodes to encode, for the progress bar (from text length)."""
    return sum(len(s.spoken) for script in scripts for s in script.sentences()) / 14.0


def _with_notes(settings: Settings, notes_dir: Path) -> Settings:
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
