"""Publishing one episode: MP3, chapters JSON, transcripts and slides.

An episode is first *prepared* (measured, and its chapters encoded into the
cache) as soon as its sentences are synthesized, then *published* into
output/ once every episode is prepared, so a render that fails half-way
leaves output/ as it was.

A manifest in the output folder remembers, per episode, a hash of everything
that shapes its MP3 (the cache keys of its sentences, pauses, tags, pictures)
and the timeline it produced. When the hash is unchanged and the MP3 is
there, the episode is not stitched or encoded again: only the small files
around it are rewritten.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import __version__
from ..assemble import (
    TARGET_LUFS,
    Timeline,
    join_timelines,
    loudness_gain,
    stream_episode,
    timeline_from_dict,
    timeline_to_dict,
)
from ..files import atomic_writer, write_atomic
from ..model import Episode, Notice
from ..normalize.script import EpisodeScript
from ..notes import Attachments
from ..settings import Settings
from ..synthesis import Speaker
from .art import publish_file
from .chapters import chapters_document, chapters_json
from .feed import FeedItem
from .mp3 import (
    ENCODER_DELAY,
    ENCODER_GAIN,
    FRAME_SAMPLES,
    MP3_FORMAT,
    EpisodeTags,
    encode_mp3,
    segment_skip,
    write_episode_mp3,
)
from .page import PageChapter, PageCue, PageEpisode
from .slides import Slide, collect_slides, mark_art
from .transcripts import readable, srt, webvtt

MANIFEST = ".lecture-audio-manifest.json"
SEGMENTS_AT_ONCE = 2  # chapters encoded at once: each MP3 encoder is a process of its own
REMEASURE_FRACTION = 0.05  # share of new sentences above which an episode's loudness is measured again


class Manifest:
    """What the output folder holds, per episode; rewritten after each episode."""

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / MANIFEST
        self._lock = threading.Lock()  # episodes are published from two threads
        self.identity: object = None  # guids and dates as published (publish/identity.py): kept across versions
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.identity = data.get("identity")
            self.episodes: dict[str, dict] = data["episodes"] if data.get("version") == __version__ else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.episodes = {}  # missing or damaged: everything is rendered again

    def reusable(self, slug: str, inputs: str, mp3: Path) -> Timeline | None:
        """The saved timeline if the episode's MP3 is still what these inputs make."""
        entry = self.episodes.get(slug)
        try:
            if entry and entry["inputs"] == inputs and mp3.stat().st_size == entry["size"]:
                return timeline_from_dict(entry["timeline"])
        except (OSError, KeyError, TypeError):
            return None
        return None

    def segments(self) -> set[str]:
        """The cached chapter segments the published episodes were joined from."""
        return {name for entry in self.episodes.values() for name in entry.get("segments", [])}

    def known_gain(self, slug: str, keys: list[str]) -> float | None:
        """The gain measured for this episode last time, if little of its speech has changed since.

        Loudness is integrated over the whole episode: when under
        ``REMEASURE_FRACTION`` of its sentences are new, it moves by a few
        hundredths of a dB, so the episode is not measured again and an edited
        point costs one encoding pass.
        """
        entry = self.episodes.get(slug)
        try:
            old = set(entry["keys"]) if entry else set()
            gain = float(entry["timeline"]["gain_db"]) if entry else None
        except (KeyError, TypeError, ValueError):
            return None
        if gain is None or not keys:
            return None
        changed = sum(1 for key in keys if key not in old)
        return gain if changed <= REMEASURE_FRACTION * len(keys) else None

    def record(
        self, slug: str, inputs: str, size: int, timeline: Timeline, keys: list[str], segments: list[str] | None = None
    ) -> None:
        with self._lock:
            self.episodes[slug] = {
                "inputs": inputs,
                "size": size,
                "timeline": timeline_to_dict(timeline),
                "keys": keys,
                "segments": segments or [],
            }
            self._write()

    def remember_identity(self, identity: dict) -> None:
        """Keep the published guids and dates (see :mod:`.identity`)."""
        with self._lock:
            self.identity = identity
            self._write()

    def _write(self) -> None:
        data = {"version": __version__, "episodes": self.episodes, "identity": self.identity}
        write_atomic(self.path, json.dumps(data).encode("utf-8"))


@dataclass
class PublishedEpisode:
    """One episode in output/: its MP3, timeline and feed entry."""

    script: EpisodeScript
    path: Path
    size: int
    timeline: Timeline
    feed_item: FeedItem
    encoded: bool  # False when the MP3 from an earlier render was kept
    pictures: tuple[str | None, ...] = ()  # each chapter mark's slide, relative to output/

    @property
    def episode(self) -> Episode:
        return self.script.episode


def episode_inputs(script: EpisodeScript, speaker: Speaker, settings: Settings, tags: EpisodeTags, slides: dict[str, Slide]) -> str:
    """A hash of everything that shapes the episode's MP3."""
    digest = hashlib.sha256()
    parts = {
        "lecture-audio": __version__,
        "encoder": [ENCODER_DELAY, ENCODER_GAIN, MP3_FORMAT],
        "pauses": asdict(settings.pauses),
        "bitrate": settings.bitrate,
        "chapters": settings.chapters,
        "tags": {k: v for k, v in asdict(tags).items() if k != "cover"},
        "cover": hashlib.sha256(tags.cover).hexdigest(),
        "slides": {name: hashlib.sha256(s.data).hexdigest() for name, s in sorted(slides.items())},
    }
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return _script_digest(digest, script, speaker)


def _script_digest(digest: "hashlib._Hash", script: EpisodeScript, speaker: Speaker) -> str:
    """Finish ``digest`` with what the script says and how it is laid out (the cache keys of its speech)."""
    for chapter in script.chapters:
        digest.update(f"\0chapter {chapter.chapter.title} {chapter.chapter.source}".encode())
        if chapter.title:
            digest.update(speaker.key(chapter.title).encode())
        for point in chapter.points:
            digest.update(f"\0point {point.point.number} {point.point.line} {point.point.images}".encode())
            for sentence in point.sentences:
                digest.update(speaker.key(sentence).encode() + sentence.written.encode())
    return digest.hexdigest()


@dataclass
class PreparedEpisode:
    """An episode ready to publish: its chapters encoded in the cache, nothing in output/ yet."""

    script: EpisodeScript
    slides: dict[str, Slide]
    tags: EpisodeTags
    date: dt.datetime
    inputs: str
    timeline: Timeline
    segments: list[tuple[Path, int]] | None  # None: the published MP3 is still current
    keys: list[str]


def prepare_episode(
    script: EpisodeScript,
    speaker: Speaker,
    settings: Settings,
    output_dir: Path,
    manifest: Manifest,
    attachments: Attachments,
    notices: list[Notice],
    cover: bytes,
    date: dt.datetime,
    advance: Callable[[float], None] | None = None,
) -> PreparedEpisode:
    """Measure and encode one episode into the cache (unless its MP3 is current); writes nothing to output/."""
    episode = script.episode
    slides = collect_slides(script, attachments, notices)
    tags = EpisodeTags(
        title=episode.title, album=settings.title, artist=settings.author, track=episode.number, year=str(date.year), cover=cover
    )
    inputs = episode_inputs(script, speaker, settings, tags, slides)
    keys = [speaker.key(sentence) for sentence in script.sentences()]
    timeline = manifest.reusable(episode.slug, inputs, output_dir / f"{episode.slug}.mp3")
    if timeline is not None:
        return PreparedEpisode(script, slides, tags, date, inputs, timeline, None, keys)
    rate = speaker.sample_rate(script)
    gain = manifest.known_gain(episode.slug, keys)
    loudness = float("nan")
    if gain is None:
        gain, loudness = loudness_gain(script, speaker.clip, rate, settings.pauses, TARGET_LUFS)
    timeline, segments = encode_segments(script, speaker, rate, settings, gain, advance)
    timeline.loudness = loudness
    return PreparedEpisode(script, slides, tags, date, inputs, timeline, segments, keys)


def publish_episode(prepared: PreparedEpisode, settings: Settings, output_dir: Path, manifest: Manifest, guid: str) -> PublishedEpisode:
    """Write a prepared episode's MP3 (joined and tagged), chapters, transcripts and slides into output/."""
    episode, timeline, slides = prepared.script.episode, prepared.timeline, prepared.slides
    for slide in slides.values():
        publish_file(output_dir / slide.file_name, slide.data)
    marks = timeline.points if settings.chapters == "points" else timeline.chapters
    art = mark_art(marks, slides)
    path = output_dir / f"{episode.slug}.mp3"
    if prepared.segments is None:
        size = path.stat().st_size
    else:
        files, lengths = [p for p, _ in prepared.segments], [n for _, n in prepared.segments]
        size = write_episode_mp3(path, files, lengths, timeline, prepared.tags, marks, art, settings.bitrate)
        manifest.record(episode.slug, prepared.inputs, size, timeline, prepared.keys, [p.stem for p in files])

    chapters_file = f"{episode.slug}.chapters.json"
    document = chapters_document(marks, title=episode.title, podcast=settings.title, author=settings.author, file_name=path.name)
    for entry, picture in zip(document["chapters"], art):
        if picture is not None:
            entry["img"] = settings.feed_url(picture.file_name)
    publish_file(output_dir / chapters_file, chapters_json(document))
    publish_file(output_dir / f"{episode.slug}.vtt", webvtt(timeline.cues).encode("utf-8"))
    publish_file(output_dir / f"{episode.slug}.srt", srt(timeline.cues).encode("utf-8"))
    item = FeedItem(
        title=episode.title,
        number=episode.number,
        file_name=path.name,
        size=size,
        duration=timeline.duration,
        guid=guid,
        date=prepared.date,
        chapters=tuple(marks),
        chapters_file=chapters_file,
        transcripts=((f"{episode.slug}.vtt", "text/vtt"), (f"{episode.slug}.srt", "application/x-subrip")),
    )
    pictures = tuple(picture.file_name if picture else None for picture in art)
    return PublishedEpisode(prepared.script, path, size, timeline, item, prepared.segments is not None, pictures)


def page_episode(published: PublishedEpisode) -> PageEpisode:
    """What the web page shows of an episode: player, chapters with slides, transcript."""
    item = published.feed_item
    return PageEpisode(
        title=published.episode.title,
        number=published.episode.number,
        audio=published.path.name,
        duration=published.timeline.duration,
        date=item.date.date().isoformat(),
        chapters=tuple(PageChapter(m.title, m.start, pic) for m, pic in zip(item.chapters, published.pictures)),
        cues=tuple(PageCue(c.start, c.end, readable(c.written)) for c in published.timeline.cues),
        transcript=item.transcripts[0][0] if item.transcripts else None,
    )


def encode_segments(
    script: EpisodeScript,
    speaker: Speaker,
    rate: int,
    settings: Settings,
    gain: float,
    advance: Callable[[float], None] | None = None,
) -> tuple[Timeline, list[tuple[Path, int]]]:
    """Encode each chapter as an MP3 segment (two at a time); return the joined timeline and the segments.

    A segment is kept in the cache under a hash of everything that shapes it,
    so re-rendering after an edit encodes only the chapter that changed (as
    long as the episode's gain is kept). Segments after the first start with
    half the chapter pause, and all but the last end with the other half,
    padded to a whole MP3 frame.
    """
    spoken = [c for c in script.chapters if c.title or any(p.sentences for p in c.points)]
    folder = speaker.cache.folder / "segments"
    pauses = settings.pauses

    def encode(index: int) -> tuple[Path, Timeline]:
        last = index == len(spoken) - 1
        lead = pauses.sentence if index == 0 else pauses.chapter / 2
        tail = pauses.point if last else pauses.chapter / 2
        part = dataclasses.replace(script, chapters=(spoken[index],))
        key = _segment_key(part, speaker, settings, gain, lead, tail, last, segment_skip(index))
        mp3, meta = folder / f"{key}.mp3", folder / f"{key}.json"
        if mp3.is_file():
            try:
                reused = mp3, timeline_from_dict(json.loads(meta.read_text(encoding="utf-8")))
                for path in (mp3, meta):
                    os.utime(path)  # last used now: renders remove segments by age
                return reused
            except (OSError, ValueError, KeyError, TypeError):
                pass  # a damaged entry: encode the segment again
        timeline = Timeline()
        chunks = stream_episode(
            part, speaker.clip, rate, pauses, timeline, target_lufs=None, gain_db=gain,
            lead=lead, tail=tail, align=1 if last else FRAME_SAMPLES, segment=True,
        )
        if advance:
            chunks = _counting(chunks, advance)
        with atomic_writer(mp3, durable=False) as (handle, _tmp):
            encode_mp3(chunks, handle, settings.bitrate, skip=segment_skip(index))
        write_atomic(meta, json.dumps(timeline_to_dict(timeline)).encode("utf-8"), durable=False)
        return mp3, timeline

    with concurrent.futures.ThreadPoolExecutor(max_workers=SEGMENTS_AT_ONCE) as pool:
        encoded = list(pool.map(encode, range(len(spoken))))
    timeline = join_timelines([t for _, t in encoded])
    timeline.gain_db = gain
    return timeline, [(path, t.samples) for path, t in encoded]


def _segment_key(
    part: EpisodeScript, speaker: Speaker, settings: Settings, gain: float, lead: float, tail: float, last: bool, skip: int
) -> str:
    digest = hashlib.sha256()
    fixed = [__version__, ENCODER_GAIN, settings.bitrate, asdict(settings.pauses), round(gain, 6), lead, tail, last, skip]
    digest.update(json.dumps(fixed, default=str).encode())
    return _script_digest(digest, part, speaker)


def _counting(chunks, advance: Callable[[float], None]):  # type: ignore[no-untyped-def]
    from ..assemble import OUTPUT_RATE

    for chunk in chunks:
        advance(len(chunk) / OUTPUT_RATE)
        yield chunk
