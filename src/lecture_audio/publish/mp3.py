"""MP3 episodes: LAME encoding as the samples stream in, then ID3 tags and chapters.

The published file is an ID3v2.3 tag, an Info frame (:mod:`.infotag`) and
the audio frames. Chapters are ``CHAP`` frames (one per note, with its title
and picture) under a top-level ordered ``CTOC``, the form podcast apps read.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from mutagen.id3 import (
    APIC,
    CHAP,
    CTOC,
    ID3,
    TALB,
    TCON,
    TIT2,
    TLEN,
    TPE1,
    TRCK,
    TYER,
    CTOCFlags,
    PictureType,
)
from mutagen.id3._tags import save_frame  # the frame writer ID3.save uses

from ..assemble import OUTPUT_RATE, Mark, Timeline
from ..errors import OutputError
from ..files import atomic_writer
from . import lame
from .infotag import (
    BITRATES,
    CRC16,
    FRAME_SAMPLES,
    StreamFacts,
    encoder_version,
    frame_size,
    info_frame,
    tag_bitrate,
)
from .slides import Slide


@dataclass(frozen=True)
class EpisodeTags:
    """What the MP3's ID3 tag says about the episode."""

    title: str
    album: str
    artist: str
    track: int
    year: str = ""
    genre: str = "Podcast"
    cover: bytes = b""
    cover_mime: str = "image/png"


# A decoded MP3 lags the encoder's input by LAME's own delay (which its
# tag states) and the decoder's (measured: 1105 samples in all). Gapless
# players drop both, as the Info frame tells them; the chapter and cue times
# are those of the stream without them.
ENCODER_DELAY = 576
DECODER_DELAY = 529
STREAM_DELAY = ENCODER_DELAY + DECODER_DELAY
# Bump when the published MP3 is laid out differently: earlier files are rebuilt.
MP3_FORMAT = 3  # 2: ID3v2.3, chapters in time order; 3: an Info frame with LAME's extension
# LAME as lameenc builds it scales its input by 0.95 (measured: a 0.5 sine
# decodes at 0.475 with two decoders). The stream is raised by as much, so
# the published file has the loudness and peaks the stitching chose.
ENCODER_GAIN = 0.95


def encode_mp3(chunks: Iterable[np.ndarray], handle: BinaryIO, bitrate: int, skip: int = 0) -> int:
    """Encode float32 mono chunks at ``OUTPUT_RATE`` into ``handle``; return bytes written.

    LAME runs in a child process (see :mod:`.lame`) that writes straight into
    ``handle``, so encoding overlaps with producing the next chunks. The
    first ``skip`` samples are not encoded (see :func:`segment_skip`).
    """
    assert OUTPUT_RATE == lame.SAMPLE_RATE
    handle.flush()
    start = handle.tell()
    child = subprocess.Popen(
        [sys.executable, "-m", "lecture_audio.publish.lame", str(bitrate)], stdin=subprocess.PIPE, stdout=handle
    )
    assert child.stdin is not None
    try:
        for chunk in chunks:
            if skip:
                dropped = min(skip, len(chunk))
                chunk, skip = chunk[dropped:], skip - dropped
            pcm = np.clip(chunk * np.float32(1 / ENCODER_GAIN), -1.0, 1.0) * 32767.0
            child.stdin.write(pcm.astype("<i2").tobytes())
        child.stdin.close()
    except BrokenPipeError:
        pass  # the child died: its exit code says so below
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.wait() != 0:
        raise OutputError(f"the MP3 encoder failed (exit code {child.returncode})", hint="check free disk space")
    handle.seek(0, os.SEEK_END)
    return handle.tell() - start


def frame_spans(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each MPEG-1 Layer III frame in LAME's output (44.1 kHz, no tag)."""
    spans = []
    offset = 0
    while offset + 4 <= len(data):
        header = int.from_bytes(data[offset : offset + 4], "big")
        if header >> 21 != 0x7FF:
            raise OutputError("the MP3 encoder wrote an unexpected frame", hint="report this with the episode")
        bitrate = BITRATES[(header >> 12) & 0xF] * 1000
        length = 144 * bitrate // lame.SAMPLE_RATE + ((header >> 9) & 1)
        spans.append((offset, length))
        offset += length
    return spans


def segment_skip(index: int) -> int:
    """Samples of a segment's lead silence left out of its encoding.

    The first segment is encoded whole, so the stream starts with LAME's
    delay as a single encoder run would. Every later one starts a frame into
    its lead silence: the frame the previous segment keeps past its own end
    (see :func:`kept_frames`) already holds that much.
    """
    return 0 if index == 0 else FRAME_SAMPLES


def kept_frames(index: int, samples: int) -> int:
    """How many of a segment's frames hold its ``samples`` (its end, once decoded, is its last sample)."""
    return math.ceil((samples + STREAM_DELAY - segment_skip(index)) / FRAME_SAMPLES)


def write_joined(handle: BinaryIO, segments: list[Path], samples: list[int], bitrate: int) -> None:
    """Write separately encoded segments into ``handle`` as one MP3 stream behind its Info frame.

    Each segment but the last holds a whole number of frames' worth of
    samples and starts and ends in silence; keeping :func:`kept_frames` of
    it (and dropping what LAME added past that) puts the next segment's first
    sample where the timeline says, 1105 samples late as in any LAME file. A
    new segment starts with an empty bit reservoir, so the frames join as one
    valid stream. The Info frame is written last, in the place kept for it.
    """
    kept = [kept_frames(index, count) for index, count in enumerate(samples)]
    total = sum(kept)
    if not total:
        return
    start = handle.tell()
    handle.write(bytes(frame_size(tag_bitrate(bitrate))))
    targets = [total * percent // 100 for percent in range(100)]
    offsets: list[int] = []
    written = crc = done = 0
    header = encoder = b""
    for segment, keep in zip(segments, kept):
        data = segment.read_bytes()
        spans = frame_spans(data)
        if len(spans) < keep:
            raise OutputError("the MP3 encoder wrote fewer frames than its input needs", hint="report this with the episode")
        while len(offsets) < len(targets) and targets[len(offsets)] < done + keep:
            offsets.append(written + spans[targets[len(offsets)] - done][0])
        if not header:
            header, encoder = data[:4], encoder_version(data[: spans[0][1]])
        data = data[: spans[keep - 1][0] + spans[keep - 1][1]]
        crc = CRC16.calc(data, crc)
        handle.write(data)
        written, done = written + len(data), done + keep
    facts = StreamFacts(
        frames=total, audio_bytes=written, toc_offsets=tuple(offsets), delay=ENCODER_DELAY,
        padding=total * FRAME_SAMPLES - ENCODER_DELAY - sum(samples), music_crc=crc, bitrate=bitrate, encoder=encoder,
    )
    end = handle.tell()
    handle.seek(start)
    handle.write(info_frame(facts, header))
    handle.seek(end)


def write_episode_mp3(
    path: Path, segments: list[Path], samples: list[int], timeline: Timeline, tags: EpisodeTags,
    marks: Sequence[Mark], art: Sequence[Slide | None], bitrate: int,
) -> int:
    """Join the segments, tag them and publish the episode atomically; return its size in bytes."""
    with atomic_writer(path) as (handle, tmp):
        write_joined(handle, segments, samples, bitrate)
        handle.flush()
        tag_mp3(tmp, tags, timeline, marks, art)
    return path.stat().st_size


class _TimeOrderedID3(ID3):
    """An ID3 tag whose frames are written in the order they were added.

    mutagen sorts frames by size, which puts chapters out of time order, and
    readers such as ffmpeg list chapters in the order they are stored.
    """

    def _write(self, config):  # type: ignore[no-untyped-def]  # mutagen's hook for the frames' bytes
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def chapter_frames(marks: Sequence[Mark], art: Sequence[Slide | None] = ()) -> list:
    """The CTOC that orders the chapters, then one CHAP per mark (with its picture as APIC), in time order."""
    frames: list = []
    ids = []
    pictures = list(art) + [None] * (len(marks) - len(art))
    for index, (mark, picture) in enumerate(sorted(zip(marks, pictures), key=lambda pair: pair[0].start), start=1):
        element = f"chp{index}"
        ids.append(element)
        sub_frames = [TIT2(encoding=3, text=[mark.title])]
        if picture is not None:
            sub_frames.append(APIC(encoding=3, mime=picture.mime, type=PictureType.OTHER, desc=picture.name[:64], data=picture.data))
        frames.append(
            CHAP(
                element_id=element,
                start_time=int(round(mark.start * 1000)),
                end_time=int(round(mark.end * 1000)),
                sub_frames=sub_frames,
            )
        )
    frames.insert(
        0,
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=["Rozdziały"])],
        ),
    )
    return frames


def tag_mp3(path: Path, tags: EpisodeTags, timeline: Timeline, marks: Sequence[Mark], art: Sequence[Slide | None] = ()) -> None:
    """Write the ID3v2.3 tag (title, album, artist, track, length, cover, chapters).

    Version 2.3, because ffmpeg (and the players built on it) mis-sizes the
    pictures inside v2.4 chapters and then drops those chapters.
    """
    id3 = _TimeOrderedID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TRCK(encoding=3, text=[str(tags.track)]))
    id3.add(TCON(encoding=3, text=[tags.genre]))
    id3.add(TLEN(encoding=3, text=[str(int(round(timeline.duration * 1000)))]))
    if tags.year:
        id3.add(TYER(encoding=3, text=[tags.year]))
    for frame in chapter_frames(marks, art):
        id3.add(frame)
    if tags.cover:  # last: the largest frame, after what a reader of the first bytes wants
        id3.add(APIC(encoding=3, mime=tags.cover_mime, type=PictureType.COVER_FRONT, desc="cover", data=tags.cover))
    id3.save(path, v2_version=3)
